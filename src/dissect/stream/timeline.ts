// A conversation's TPDU list (the conversation view): one entry per TPDU of a whole TPKT, or one for a TPKT holding
// none, with its direction, time, Info and problems. Listed up to a cap; later ones are counted.
import type { Problem } from '../model';
import type { LayerSpan } from '../sink';
import { worstOf } from '../severity';
import type { TpduEntry } from './model';
import { COTP_TYPE } from './ids';
import type { Step } from './state';
import type { WholeTpkt } from './tpkt';
import { eotIn, tpduName } from './tsdu';
import { recordedNumber, type Dissected } from './values';

/** A whole TPKT dissected on its own (`dissectPduLean`). */
export interface DissectedPdu extends Dissected {
  readonly problems: readonly Problem[];
  readonly info: string;
}

function add(step: Step, entry: TpduEntry): void {
  const { flow } = step;
  const cap = step.state.caps.timeline;
  if (flow.conversation.tpdus.length < cap) flow.conversation.tpdus.push(entry);
  else {
    flow.timelineDropped++;
    flow.conversation.capNote = `Only the first ${cap.toLocaleString('en')} TPDUs of this conversation are listed (a cap on memory); ${flow.timelineDropped.toLocaleString('en')} more were decoded but not listed`;
  }
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

/** Lists a whole TPKT's TPDUs (its COTP layers `cotps`, by index) on the conversation's timeline. */
export function listTpdus({ step, ranges }: WholeTpkt, pdu: DissectedPdu, cotps: readonly number[]): void {
  const segments = new Set(ranges.map((r) => r.frame)).size;
  const base = {
    frame: step.record.number,
    direction: step.dir,
    ...(step.time !== undefined ? { time: step.time } : {}),
    ...(segments > 1 ? { segments } : {}),
  };
  if (cotps.length === 0) {
    const severity = worstOf(pdu.problems);
    add(step, {
      ...base,
      type: 'TPKT',
      info: pdu.info,
      problems: pdu.problems.length,
      ...(severity ? { severity } : {}),
    });
    return;
  }
  cotps.forEach((index, i) => {
    const layer = pdu.layers[index]!;
    const own = problemsOf(pdu, layer, i === 0);
    const eot = eotIn(pdu, index);
    const name = tpduName(recordedNumber(pdu, index, COTP_TYPE));
    const info = cotps.length === 1 ? pdu.info : layer.summary.replace(/^.*, /, '');
    const severity = worstOf(own);
    add(step, {
      ...base,
      type: name,
      info,
      problems: own.length,
      ...(severity ? { severity } : {}),
      ...(name === 'DT' && eot !== undefined ? { eot: eot === 1 } : {}),
    });
  });
}
