// A direction's bytes cut into PDUs as the conversation's carriage frames them (framing.ts): a PDU whole in the
// segment is decoded where it lies; one that runs past the segment is held open (`Pending`) and its parts gathered
// until it completes — in a later frame, which then decodes it whole — or is known never to (a gap, a header no PDU
// has, the capture's end).
import { concatBytes } from '../reader';
import type { StreamPdu } from '../dissector';
import type { SourceRange } from '../model';
import type { Direction } from './flow';
import { MAX_HEADER, pduAt, pduLength } from './framing';
import type { FactPiece } from './model';
import { factsOf, markChanged } from './notes';
import type { FactsBook, Step, TrackerState } from './state';
import { reassembledTpkt, tpktInSegment } from './tpkt';

type SegmentPiece = Extract<FactPiece, { kind: 'segment' }>;

interface Part {
  readonly frame: number;
  readonly offset: number;
  readonly bytes: Uint8Array;
  readonly piece: SegmentPiece;
}

/** A PDU begun and not complete yet. */
export interface Pending {
  readonly kind: StreamPdu;
  /** The PDU's length, once its header is here. */
  need?: number;
  have: number;
  readonly parts: Part[];
}

/** A PDU's parts put together: its bytes, and the frame ranges they came from. */
function joined(parts: readonly Part[]): { ranges: SourceRange[]; pdu: Uint8Array } {
  const ranges: SourceRange[] = [];
  let at = 0;
  for (const p of parts) {
    ranges.push({ frame: p.frame, offset: p.offset, length: p.bytes.length, sourceOffset: at });
    at += p.bytes.length;
  }
  return {
    ranges,
    pdu: concatBytes(
      parts.map((p) => p.bytes),
      at,
    ),
  };
}

/** The open PDU will never complete: each of its parts says why. */
export function dropPending(book: FactsBook, d: Direction, why: string): void {
  const pending = d.pending;
  d.pending = undefined;
  if (!pending) return;
  for (const part of pending.parts) {
    part.piece.lost = why;
    markChanged(book, part.frame);
  }
}

/**
 * The capture has ended inside a TPKT: what of it was captured is decoded in the frame holding the last of it —
 * unless stray bytes came before, when the "TPKT" may be no TPKT at all (a TLS record's bytes starting with 3).
 */
export function endPending(state: TrackerState, d: Direction): void {
  const pending = d.pending;
  // Only a TPKT is decoded from its captured part; a TLS record or fast-path PDU cut short says so and no more.
  if (d.strayed || (pending && pending.kind !== 'tpkt'))
    return dropPending(state.book, d, 'the capture ends before the rest of it');
  d.pending = undefined;
  if (!pending) return;
  const { ranges, pdu } = joined(pending.parts);
  const last = pending.parts[pending.parts.length - 1]!;
  for (const part of pending.parts) {
    part.piece.unfinished =
      part === last ? { frame: last.frame, ranges, ...(state.use.keepBytes ? { pdu } : {}) } : { frame: last.frame };
    markChanged(state.book, part.frame);
  }
}

/** What one segment's in-order bytes turn into: the pieces of its payload, in order. */
interface Cut {
  readonly step: Step;
  readonly bytes: Uint8Array;
  readonly end: number;
  readonly pieces: FactPiece[];
}

/** Bytes [from, to) decoded in this frame (`as`: the PDU the conversation's framing found there). */
function decode(cut: Cut, from: number, to: number, as?: StreamPdu): void {
  const pieces = cut.pieces;
  const last = pieces[pieces.length - 1];
  const joins = last?.kind === 'decode' && last.end === from && last.as === as;
  const offset = joins ? last.offset : from;
  // Made key by key (a spread per TPKT was most of this function's time).
  const piece: FactPiece =
    as !== undefined ? { kind: 'decode', offset, end: to, as } : { kind: 'decode', offset, end: to };
  if (joins) pieces[pieces.length - 1] = piece;
  else pieces.push(piece);
}

/** Bytes the framing cannot place: in a TLS conversation still TLS's to judge, else the frame's own order. */
function unplaced(cut: Cut, from: number): void {
  decode(cut, from, cut.end, cut.step.flow.carriage === 'tls' ? 'tls' : undefined);
}

/** The open PDU takes bytes from `pos`; returns where they end, or undefined when its header proved it no PDU. */
function continuePending(cut: Cut, pending: Pending, pos: number): number | undefined {
  const { step, bytes, end } = cut;
  const { book, use } = step.state;
  const frame = step.record.number;
  if (pending.need === undefined) {
    const header = concatBytes(
      [...pending.parts.map((p) => p.bytes), bytes.subarray(pos, Math.min(end, pos + MAX_HEADER - pending.have))],
      Math.min(MAX_HEADER, pending.have + end - pos),
    );
    const length = pduLength(pending.kind, header);
    if (typeof length === 'string') {
      dropPending(book, step.direction, length);
      unplaced(cut, pos);
      return undefined;
    }
    if (length !== undefined) pending.need = length;
  }
  const take = pending.need === undefined ? end - pos : Math.min(pending.need - pending.have, end - pos);
  const done = pending.need !== undefined && pending.have + take === pending.need;
  const piece: SegmentPiece = {
    kind: 'segment',
    offset: pos,
    end: pos + take,
    role: done ? 'completes' : 'part',
    of: pending.kind,
    frame: pending.parts[0]!.frame,
  };
  pending.parts.push({ frame, offset: pos, bytes: bytes.subarray(pos, pos + take), piece });
  pending.have += take;
  if (!done) {
    cut.pieces.push(piece);
    return pos + take;
  }
  step.direction.pending = undefined;
  const { ranges, pdu } = joined(pending.parts);
  cut.pieces.push({ ...piece, ranges, ...(use.keepBytes ? { pdu } : {}) });
  for (const p of pending.parts) {
    if (p.frame === frame) continue;
    p.piece.completedIn = frame;
    factsOf(book, p.frame).reassembledIn.push({ kind: pending.kind, offset: p.offset, length: p.bytes.length, frame });
    markChanged(book, p.frame);
  }
  // A TPKT's TPDUs are followed (tpkt.ts); other PDUs need nothing more.
  if (pending.kind === 'tpkt') reassembledTpkt({ step, pdu, ranges });
  return pos + take;
}

/** At a PDU boundary: a PDU whole in the segment, or one begun; returns where it ends, undefined when none starts. */
function startPdu(cut: Cut, pos: number): number | undefined {
  const { step, bytes, end } = cut;
  const d = step.direction;
  const frame = step.record.number;
  const kind = pduAt(step.flow.carriage ?? 'tpkt', bytes, pos, end);
  if (!kind) {
    unplaced(cut, pos); // no PDU the conversation carries starts here: left to the frame's own dissection
    d.strayed = true;
    return undefined;
  }
  const length = pduLength(kind, bytes.subarray(pos, Math.min(end, pos + MAX_HEADER)));
  if (typeof length === 'string') {
    unplaced(cut, pos); // the frame's own dissection says what is wrong with the header
    return undefined;
  }
  if (length !== undefined && pos + length <= end) {
    // TPKTs go the frame's own way (their port or heuristic); other PDUs are only known by the conversation.
    decode(cut, pos, pos + length, kind === 'tpkt' ? undefined : kind);
    if (kind === 'tpkt') tpktInSegment(step, bytes, pos, length);
    return pos + length;
  }
  const piece: SegmentPiece = { kind: 'segment', offset: pos, end, role: 'part', of: kind, frame };
  step.state.open.add(d);
  d.pending = {
    kind,
    have: end - pos,
    parts: [{ frame, offset: pos, bytes: bytes.subarray(pos, end), piece }],
    ...(length !== undefined ? { need: length } : {}),
  };
  cut.pieces.push(piece);
  return end;
}

/** In-order bytes [offset, end) of a tracked direction's segment, PDU by PDU; their pieces go to `pieces`. */
export function consume(step: Step, bytes: Uint8Array, offset: number, end: number, pieces: FactPiece[]): void {
  const cut: Cut = { step, bytes, end, pieces };
  for (let pos: number | undefined = offset; pos !== undefined && pos < end;) {
    const pending = step.direction.pending;
    pos = pending ? continuePending(cut, pending, pos) : startPdu(cut, pos);
  }
}
