// A conversation's TPDU list (the conversation view): one entry per TPDU of a whole TPKT, or one for a TPKT holding
// none, with its direction, time, Info and problems. Listed up to a cap; later ones are counted.
//
// A TPKT that came whole in its frame is listed from the frame's own dissection (the tracker's lean record): its
// TPDUs' types and EOTs are there. Their Info and problems are the TPKT's own, dissected on its own: that is done
// only for the conversation a reader is shown (`describeTimeline`), not for every TPKT while a file is indexed. A
// TPKT put together from several segments has no dissection of its own yet: it is dissected and described at once.
import { dissectPduLean } from '../engine';
import type { DissectOptions } from '../dissector';
import type { Problem } from '../model';
import type { LayerSpan } from '../sink';
import { worstOf } from '../severity';
import type { Conversation, TpduEntry } from './model';
import { COTP_TYPE, STREAM_WANTS } from './ids';
import type { Step } from './state';
import { eotIn, tpduName } from './tsdu';
import { recordedNumber, type Dissected } from './values';

/** A whole TPKT dissected on its own (`dissectPduLean`). */
export interface DissectedPdu extends Dissected {
  readonly problems: readonly Problem[];
  readonly info: string;
}

type Entry = { -readonly [K in keyof TpduEntry]: TpduEntry[K] };

/**
 * TPKTs listed and not described yet, by conversation: for each, `UNDESCRIBED_WIDTH` numbers (where its entries start
 * in the list and how many there are; its frame, offset, length and link type), packed in one array.
 */
const undescribed = new WeakMap<Conversation, number[]>();
const UNDESCRIBED_WIDTH = 6;

/** Lists an entry; false when the conversation's cap is reached (it is counted, not listed). */
function add(step: Step, entry: Entry): boolean {
  const { flow } = step;
  const cap = step.state.caps.timeline;
  if (flow.conversation.tpdus.length < cap) {
    flow.conversation.tpdus.push(entry);
    return true;
  }
  flow.timelineDropped++;
  flow.conversation.capNote = `Only the first ${cap.toLocaleString('en')} TPDUs of this conversation are listed (a cap on memory); ${flow.timelineDropped.toLocaleString('en')} more were decoded but not listed`;
  return false;
}

/**
 * An entry's where and when; what it is is filled in by `describe`. Every key in one literal (the optional ones
 * undefined when unset, which is how their readers test them): one shape, its keys inside the object.
 */
function newEntry(step: Step, segments: number): Entry {
  return {
    frame: step.record.number,
    time: step.time,
    direction: step.dir,
    type: 'TPKT',
    info: '',
    severity: undefined,
    problems: 0,
    segments: segments > 1 ? segments : undefined,
    eot: undefined,
  };
}

/** The problems of a PDU that belong to its COTP layer `layer` (the first also takes those before it). */
function problemsOf(pdu: DissectedPdu, layer: LayerSpan, first: boolean): Problem[] {
  const inLayer = pdu.problems.filter(
    (p) => p.offset !== undefined && p.offset >= layer.offset && p.offset < layer.offset + Math.max(layer.length, 1),
  );
  return first
    ? [...pdu.problems.filter((p) => p.offset === undefined || p.offset < layer.offset), ...inLayer]
    : inLayer;
}

/** The COTP layers of a dissection, by index. */
function cotpLayers(dissected: Dissected, from = 0, to = dissected.layers.length): number[] {
  const cotps: number[] = [];
  for (let i = from; i < to; i++) if (dissected.layers[i]!.protocol === 'cotp') cotps.push(i);
  return cotps;
}

/** Entry `i` of a TPKT's entries, from the TPKT dissected on its own (its COTP layers `cotps`). */
function describe(entry: Entry, pdu: DissectedPdu, cotps: readonly number[], i: number): void {
  if (cotps.length === 0) {
    const severity = worstOf(pdu.problems);
    entry.type = 'TPKT';
    entry.info = pdu.info;
    entry.problems = pdu.problems.length;
    if (severity) entry.severity = severity;
    return;
  }
  const index = cotps[i];
  if (index === undefined) return;
  const layer = pdu.layers[index]!;
  const own = problemsOf(pdu, layer, i === 0);
  const eot = eotIn(pdu, index);
  const name = tpduName(recordedNumber(pdu, index, COTP_TYPE));
  const severity = worstOf(own);
  entry.type = name;
  entry.info = cotps.length === 1 ? pdu.info : layer.summary.replace(/^.*, /, '');
  entry.problems = own.length;
  if (severity) entry.severity = severity;
  if (name === 'DT' && eot !== undefined) entry.eot = eot === 1;
}

/** Lists a whole TPKT's TPDUs from its own dissection `pdu` (a TPKT from `segments` segments), described at once. */
export function listTpdus(step: Step, segments: number, pdu: DissectedPdu): void {
  const cotps = cotpLayers(pdu);
  for (let i = 0; i < Math.max(cotps.length, 1); i++) {
    const entry = newEntry(step, segments);
    describe(entry, pdu, cotps, i);
    add(step, entry);
  }
}

/**
 * Lists a TPKT that came whole in the step's frame at [at, at + length), its TPDUs the frame's layers [from, to): their
 * types and EOTs from the frame's record; what else they say waits for `describeTimeline`.
 */
export function listOwnTpdus(step: Step, from: number, to: number, at: number, length: number): void {
  const { record, flow } = step;
  const cotps = cotpLayers(record, from, to);
  const first = flow.conversation.tpdus.length;
  let listed = 0;
  for (let i = 0; i < Math.max(cotps.length, 1); i++) {
    const entry = newEntry(step, 1);
    const index = cotps[i];
    if (index !== undefined) {
      entry.type = tpduName(recordedNumber(record, index, COTP_TYPE));
      const eot = entry.type === 'DT' ? eotIn(record, index) : undefined;
      if (eot !== undefined) entry.eot = eot === 1;
    }
    if (add(step, entry)) listed++;
  }
  if (listed === 0) return;
  let jobs = undescribed.get(flow.conversation);
  if (!jobs) undescribed.set(flow.conversation, (jobs = []));
  jobs.push(first, listed, record.number, at, length, record.linkType);
}

/** A whole TPKT of a conversation dissected on its own, lean, with what the stream layer reads of it. */
export function dissectTpkt(
  pdu: Uint8Array,
  frameNumber: number,
  linkType: number,
  srcport: number,
  dstport: number,
  options: DissectOptions,
): DissectedPdu {
  const keys = srcport <= dstport ? [srcport, dstport] : [dstport, srcport];
  return dissectPduLean(
    pdu,
    { table: 'tcp.port', keys },
    { frameNumber, linkType, options, tcp: { srcport, dstport } },
    STREAM_WANTS,
  );
}

/**
 * Describes the TPDUs listed without their Info and problems yet (`listOwnTpdus`): each TPKT is dissected on its own,
 * its bytes read back from its frame (`bytesOf`). Call before the conversations' TPDU lists are read.
 */
export function describeTimeline(
  conversations: readonly Conversation[],
  bytesOf: (frame: number) => Uint8Array | undefined,
  options: DissectOptions,
): void {
  for (const conversation of conversations) {
    const jobs = undescribed.get(conversation);
    if (!jobs) continue;
    undescribed.delete(conversation);
    const { a, b } = conversation;
    for (let j = 0; j < jobs.length; j += UNDESCRIBED_WIDTH) {
      const first = jobs[j]!;
      const count = jobs[j + 1]!;
      const frame = jobs[j + 2]!;
      const at = jobs[j + 3]!;
      const length = jobs[j + 4]!;
      const linkType = jobs[j + 5]!;
      const bytes = bytesOf(frame);
      if (!bytes) continue;
      // Direction 0 comes from the conversation's first endpoint (flow.ts).
      const [from, to] = conversation.tpdus[first]!.direction === 0 ? [a, b] : [b, a];
      const pdu = dissectTpkt(bytes.subarray(at, at + length), frame, linkType, from.port, to.port, options);
      const cotps = cotpLayers(pdu);
      for (let i = 0; i < count; i++) describe(conversation.tpdus[first + i] as Entry, pdu, cotps, i);
    }
  }
}
