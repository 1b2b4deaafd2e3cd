// COTP DT TPDUs joined up to EOT into a TSDU (ISO 8073 §6.3 segmenting and reassembling), per direction: each DT's
// user data is added until the DT with EOT = 1, which completes the TSDU in its frame; the frames holding the earlier
// DTs are told where. A TSDU past the cap is left in its DTs, with a note.
import { concatBytes } from '../reader';
import type { SourceRange } from '../model';
import { TPDU_TYPES } from '../protocols/cotp';
import { hexNumber } from '../format';
import { COTP_EOT, COTP_EOT_EXT, COTP_LI, COTP_TYPE } from './ids';
import { factsOf, markChanged, note } from './notes';
import type { WholeTpkt } from './tpkt';
import type { RecordedValue } from '../sink';
import { recordedNumber, type Dissected } from './values';

/** A TSDU begun (a DT with EOT = 0) and not complete yet. */
export interface Tsdu {
  readonly ranges: SourceRange[];
  /** Its user data so far, when the tracker keeps bytes. */
  readonly chunks: Uint8Array[];
  length: number;
  tpdus: number;
  /** Frames holding its DT TPDUs so far, to be told where the TSDU completes. */
  readonly holders: { frame: number; offset: number; length: number }[];
}

/** A DT TPDU of a whole TPKT: where its user data lies in the TPKT, and its EOT. */
export interface Dt {
  readonly start: number;
  readonly length: number;
  readonly eot: boolean;
}

/** "CR", "DT" … by TPDU type code, worked out once (a DT's name is asked for every DT of a capture). */
const SHORT_NAMES = new Map(Object.entries(TPDU_TYPES).map(([code, name]) => [Number(code), name.split(' ')[0]!]));

/** "CR", "DT" … from a TPDU's type code; "?" without one. */
export function tpduName(type: number | undefined): string {
  if (type === undefined) return '?';
  return SHORT_NAMES.get(type) ?? hexNumber(type);
}

/** EOT of COTP layer `layer`, in either format. */
export const eotIn = (d: Dissected, layer: number): number | undefined =>
  recordedNumber(d, layer, COTP_EOT) ?? recordedNumber(d, layer, COTP_EOT_EXT);

/** A recorded value when it is a number, as recordedNumber reads it. */
const numberIn = (v: RecordedValue | undefined): number | undefined =>
  typeof v?.value === 'number' ? v.value : undefined;

/**
 * The DT TPDU COTP layer `layer` holds, in a whole TPKT ending at `end` (`shift` turns offsets into the TPKT's);
 * undefined for any other TPDU. Its user data (`cotp.user_data`, RFC 905 §13.2.4) follows its header (LI octets after
 * LI, §13.2.1) to the end of the TPKT, whether COTP keeps it or a protocol above decodes it.
 */
export function dtIn(d: Dissected, layer: number, end: number, shift: number): Dt | undefined {
  // One pass over the values (this runs for every TPDU of a followed conversation), each id's first value in the
  // layer, as recordedNumber and eotIn would read them.
  let type: RecordedValue | undefined;
  let normal: RecordedValue | undefined;
  let extended: RecordedValue | undefined;
  let liValue: RecordedValue | undefined;
  for (const v of d.values) {
    if (v.layer !== layer || v.source !== undefined) continue;
    if (v.id === COTP_TYPE) type ??= v;
    else if (v.id === COTP_EOT) normal ??= v;
    else if (v.id === COTP_EOT_EXT) extended ??= v;
    else if (v.id === COTP_LI) liValue ??= v;
  }
  if (tpduName(numberIn(type)) !== 'DT') return undefined;
  const eot = numberIn(normal) ?? numberIn(extended);
  const li = numberIn(liValue);
  if (eot === undefined || li === undefined) return undefined;
  const start = Math.min(d.layers[layer]!.offset + 1 + li, end);
  return { start: start + shift, length: end - start, eot: eot === 1 };
}

/** The frame ranges holding [start, start + length) of a PDU whose bytes came from `ranges`. */
export function mapRanges(
  ranges: readonly SourceRange[],
  start: number,
  length: number,
  sourceOffset: number,
): SourceRange[] {
  const out: SourceRange[] = [];
  if (length === 0) {
    // A DT with no user data still belongs to the TSDU (tshark lists it as "#12(0)").
    const r = ranges.find((x) => start >= x.sourceOffset && start <= x.sourceOffset + x.length);
    return r ? [{ frame: r.frame, offset: r.offset + (start - r.sourceOffset), length: 0, sourceOffset }] : [];
  }
  const end = start + length;
  for (const r of ranges) {
    const lo = Math.max(start, r.sourceOffset);
    const hi = Math.min(end, r.sourceOffset + r.length);
    if (lo < hi)
      out.push({
        frame: r.frame,
        offset: r.offset + (lo - r.sourceOffset),
        length: hi - lo,
        sourceOffset: sourceOffset + (lo - start),
      });
  }
  return out;
}

/** A DT of a whole TPKT: its user data joins the direction's TSDU. */
export function joinDt({ step, pdu, ranges }: WholeTpkt, dt: Dt): void {
  const { state, direction: d } = step;
  const { book, caps, use } = state;
  const frame = step.record.number;
  if (!dt.eot && !d.tsdu && !d.tsduCapped) {
    d.tsdu = { ranges: [], chunks: [], length: 0, tpdus: 0, holders: [] };
    state.open.add(d);
  }
  const tsdu = d.tsdu;
  if (!tsdu) {
    if (dt.eot) d.tsduCapped = false;
    return;
  }
  if (tsdu.length + dt.length > caps.tsdu) {
    note(step, {
      severity: 'note',
      code: 'cap-reached',
      message: `The COTP TSDU begun in frame ${tsdu.holders[0]?.frame ?? frame} is longer than ${caps.tsdu.toLocaleString('en')} bytes (a cap on memory per conversation): it is not reassembled; its DT TPDUs are shown one by one`,
    });
    d.tsdu = undefined;
    d.tsduCapped = !dt.eot;
    return;
  }
  const mapped = mapRanges(ranges, dt.start, dt.length, tsdu.length);
  tsdu.ranges.push(...mapped);
  if (use.keepBytes) tsdu.chunks.push(pdu.subarray(dt.start, dt.start + dt.length));
  for (const r of mapped) tsdu.holders.push({ frame: r.frame, offset: r.offset, length: r.length });
  tsdu.length += dt.length;
  tsdu.tpdus++;
  if (!dt.eot) return;
  d.tsdu = undefined;
  if (tsdu.tpdus < 2) return;
  factsOf(book, frame).tsdu = {
    ranges: tsdu.ranges,
    tpdus: tsdu.tpdus,
    length: tsdu.length,
    ...(use.keepBytes ? { bytes: concatBytes(tsdu.chunks, tsdu.length) } : {}),
  };
  for (const h of tsdu.holders) {
    if (h.frame === frame) continue;
    factsOf(book, h.frame).reassembledIn.push({ kind: 'tsdu', offset: h.offset, length: h.length, frame });
    markChanged(book, h.frame);
  }
}
