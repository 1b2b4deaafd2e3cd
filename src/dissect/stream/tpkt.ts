// A whole TPKT of a conversation (whole in one segment, or reassembled): its TPDUs join the conversation's list, its
// DT user data the direction's TSDU, and an RDP negotiation in it says what the conversation carries from here on.
import { dissectPduLean } from '../engine';
import type { SourceRange } from '../model';
import type { FrameRecord } from '../sink';
import { negotiatedCarriage } from './framing';
import { STREAM_WANTS, TPKT_LENGTH } from './ids';
import type { Step } from './state';
import { listTpdus } from './timeline';
import { dtIn, joinDt } from './tsdu';
import { numberIn, type Dissected } from './values';

/**
 * The layers [from, to) above a whole TPKT at [at, at + length) of a frame's own dissection; undefined unless that
 * dissection decoded exactly this TPKT.
 */
function ownTpkt(record: FrameRecord, at: number, length: number): { from: number; to: number } | undefined {
  const layers = record.layers;
  const start = layers.findIndex((l) => l.protocol === 'tpkt' && l.offset === at);
  if (start < 0 || numberIn(record, start, TPKT_LENGTH) !== length) return undefined;
  let to = start + 1;
  while (to < layers.length && layers[to]!.offset < at + length && layers[to]!.protocol !== 'tpkt') to++;
  return { from: start + 1, to };
}

/** The DTs among layers [from, to) join the TSDU; `shift` turns their offsets into the TPKT's (`pdu`). */
function joinDts(
  step: Step,
  d: Dissected,
  from: number,
  to: number,
  shift: number,
  pdu: Uint8Array,
  ranges: readonly SourceRange[],
): void {
  for (let i = from; i < to; i++) {
    if (d.layers[i]!.protocol !== 'cotp') continue;
    const dt = dtIn(d, i, pdu.length - shift, shift);
    if (dt) joinDt(step, dt, pdu, ranges);
  }
}

/**
 * `pdu`: the TPKT's bytes, from `ranges`. `at`: where it lies in this frame when it came whole, so that without a
 * timeline the frame's own dissection serves; otherwise the TPKT is dissected on its own, lean.
 */
export function wholeTpkt(step: Step, pdu: Uint8Array, ranges: readonly SourceRange[], at?: number): void {
  const { state, record, segment: s, flow } = step;
  const own = !state.use.timeline && at !== undefined ? ownTpkt(record, at, pdu.length) : undefined;
  if (own) {
    joinDts(step, record, own.from, own.to, -at!, pdu, ranges);
    flow.carriage = negotiatedCarriage(record, own.from, own.to) ?? flow.carriage;
    return;
  }
  const keys = s.srcport <= s.dstport ? [s.srcport, s.dstport] : [s.dstport, s.srcport];
  const dissected = dissectPduLean(
    pdu,
    { table: 'tcp.port', keys },
    {
      frameNumber: record.number,
      linkType: record.linkType,
      options: state.options,
      tcp: { srcport: s.srcport, dstport: s.dstport },
    },
    STREAM_WANTS,
  );
  if (state.use.timeline) {
    const cotps: number[] = [];
    dissected.layers.forEach((l, i) => {
      if (l.protocol === 'cotp') cotps.push(i);
    });
    listTpdus(step, dissected, cotps, ranges);
  }
  joinDts(step, dissected, 0, dissected.layers.length, 0, pdu, ranges);
  flow.carriage = negotiatedCarriage(dissected) ?? flow.carriage;
}
