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

/**
 * The layer of a frame's own dissection holding a whole TPKT at [at, at + length); -1 unless that dissection decoded
 * exactly this TPKT. The layers above it, up to the next TPKT or the end of its bytes, are its TPDUs.
 */
function ownTpkt(record: FrameRecord, at: number, length: number): number {
  const layers = record.layers;
  for (let i = 0; i < layers.length; i++)
    if (layers[i]!.protocol === 'tpkt' && layers[i]!.offset === at)
      return recordedNumber(record, i, TPKT_LENGTH) === length ? i : -1;
  return -1;
}

/**
 * The DTs of a TPKT dissected on its own (layers [from, to) of `dissected`, offsets in the TPKT) join the direction's
 * TSDU.
 */
function joinDts(whole: WholeTpkt, dissected: Dissected, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    if (dissected.layers[i]!.protocol !== 'cotp') continue;
    const dt = dtIn(dissected, i, whole.pdu.length, 0);
    if (dt) joinDt(whole, dt);
  }
}

/**
 * A TPKT whole in its segment, at [at, at + length) of the frame's bytes, and read from the frame's own dissection
 * (its layers [from, to)): its TPDUs listed (described later: timeline.ts), its DTs joined to the direction's TSDU —
 * the TPKT's bytes and range made only for a DT (no object per TPKT otherwise) — and an RDP negotiation in it heeded.
 */
function ownWholeTpkt(step: Step, bytes: Uint8Array, at: number, length: number, from: number, to: number): void {
  const { state, record, flow } = step;
  if (state.use.timeline) listOwnTpdus(step, from, to, at, length);
  let whole: WholeTpkt | undefined;
  for (let i = from; i < to; i++) {
    if (record.layers[i]!.protocol !== 'cotp') continue;
    const dt = dtIn(record, i, at + length, -at);
    if (!dt) continue;
    whole ??= {
      step,
      pdu: bytes.subarray(at, at + length),
      ranges: [{ frame: record.number, offset: at, length, sourceOffset: 0 }],
    };
    joinDt(whole, dt);
  }
  flow.carriage = negotiatedCarriage(record, from, to) ?? flow.carriage;
}

/**
 * A TPKT reassembled from `ranges` completes in the step's segment (or one whole in it that the frame's own dissection
 * did not decode as such): dissected on its own, lean.
 */
export function reassembledTpkt(whole: WholeTpkt): void {
  const { step, pdu, ranges } = whole;
  const { state, record, segment: s, flow } = step;
  const dissected = dissectTpkt(pdu, record.number, record.linkType, s.srcport, s.dstport, state.options);
  if (state.use.timeline) listTpdus(step, new Set(ranges.map((r) => r.frame)).size, dissected);
  joinDts(whole, dissected, 0, dissected.layers.length);
  flow.carriage = negotiatedCarriage(dissected) ?? flow.carriage;
}

/** A TPKT whole in the step's segment at [at, at + length) of the frame's bytes. */
export function tpktInSegment(step: Step, bytes: Uint8Array, at: number, length: number): void {
  const own = ownTpkt(step.record, at, length);
  if (own >= 0) {
    const layers = step.record.layers;
    let to = own + 1;
    while (to < layers.length && layers[to]!.offset < at + length && layers[to]!.protocol !== 'tpkt') to++;
    return ownWholeTpkt(step, bytes, at, length, own + 1, to);
  }
  reassembledTpkt({
    step,
    pdu: bytes.subarray(at, at + length),
    ranges: [{ frame: step.record.number, offset: at, length, sourceOffset: 0 }],
  });
}
