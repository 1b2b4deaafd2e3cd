// A whole TPKT of a conversation (whole in one segment, or reassembled): its TPDUs join the conversation's list, its
// DT user data the direction's TSDU, and an RDP negotiation in it says what the conversation carries from here on. A
// TPKT whole in its frame is read from the frame's own dissection: it is not dissected a second time.
import type { SourceRange } from '../model';
import type { FrameRecord } from '../sink';
import { negotiatedCarriage } from './framing';
import { TPKT_LENGTH } from './ids';
import type { Step } from './state';
import { dissectTpkt, listOwnTpdus, listTpdus } from './timeline';
import { dtIn, joinDt } from './tsdu';
import { recordedNumber, type Dissected } from './values';

/** A whole TPKT of the step's segment: its bytes, and the frame ranges they came from. */
export interface WholeTpkt {
  readonly step: Step;
  readonly pdu: Uint8Array;
  readonly ranges: readonly SourceRange[];
}

/** Where a whole TPKT's TPDUs were dissected: layers [from, to) of `dissected`, `shift` from the TPKT's offsets. */
interface Dissection {
  readonly dissected: Dissected;
  readonly from: number;
  readonly to: number;
  readonly shift: number;
}

/**
 * The layers above a whole TPKT at [at, at + length) of a frame's own dissection; undefined unless that dissection
 * decoded exactly this TPKT.
 */
function ownTpkt(record: FrameRecord, at: number, length: number): Dissection | undefined {
  const layers = record.layers;
  const start = layers.findIndex((l) => l.protocol === 'tpkt' && l.offset === at);
  if (start < 0 || recordedNumber(record, start, TPKT_LENGTH) !== length) return undefined;
  let to = start + 1;
  while (to < layers.length && layers[to]!.offset < at + length && layers[to]!.protocol !== 'tpkt') to++;
  return { dissected: record, from: start + 1, to, shift: -at };
}

/** The TPKT's DTs join the direction's TSDU. */
function joinDts(whole: WholeTpkt, { dissected, from, to, shift }: Dissection): void {
  for (let i = from; i < to; i++) {
    if (dissected.layers[i]!.protocol !== 'cotp') continue;
    const dt = dtIn(dissected, i, whole.pdu.length - shift, shift);
    if (dt) joinDt(whole, dt);
  }
}

/**
 * `pdu`: the TPKT's bytes, from `ranges`. `at`: where it lies in this frame when it came whole, so that the frame's own
 * dissection serves (its TPDUs listed from it, described later: timeline.ts); otherwise the TPKT is dissected on its
 * own, lean.
 */
export function wholeTpkt(whole: WholeTpkt, at?: number): void {
  const { step, pdu, ranges } = whole;
  const { state, record, segment: s, flow } = step;
  const own = at !== undefined ? ownTpkt(record, at, pdu.length) : undefined;
  if (own) {
    if (state.use.timeline) listOwnTpdus(step, own.from, own.to, at!, pdu.length);
    joinDts(whole, own);
    flow.carriage = negotiatedCarriage(record, own.from, own.to) ?? flow.carriage;
    return;
  }
  const dissected = dissectTpkt(pdu, record.number, record.linkType, s.srcport, s.dstport, state.options);
  if (state.use.timeline) listTpdus(step, new Set(ranges.map((r) => r.frame)).size, dissected);
  joinDts(whole, { dissected, from: 0, to: dissected.layers.length, shift: 0 });
  flow.carriage = negotiatedCarriage(dissected) ?? flow.carriage;
}
