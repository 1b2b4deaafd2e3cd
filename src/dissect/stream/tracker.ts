// TCP conversations followed in both directions, in capture order: TPKTs (and, on RDP, TLS records and fast-path PDUs)
// split across segments put back together, COTP DT TPDUs joined up to EOT into TSDUs, retransmissions, overlaps and
// gaps flagged (never hung on, never silently merged), keep-alives told apart, and each conversation's TPDUs listed
// with their timing. What a conversation carries (framing.ts) follows its RDP negotiation. Pure: lean frame records
// in (the values of STREAM_IDS, ids.ts), plain facts out.
//
// The parts, each a few functions of one segment's context (`Step`, state.ts):
//   flow.ts      conversations, their directions, each direction's place in its byte stream and recent bytes
//   pdus.ts      a direction's bytes cut into PDUs; a PDU running past its segment held open until it completes
//   tpkt.ts      a whole TPKT: its TPDUs listed (timeline.ts), its DTs joined into TSDUs (tsdu.ts), RDP's choice
//   notes.ts     facts per frame, and events on a conversation's timeline
// Memory per conversation is bounded (the caps, state.ts); reaching one stops that part with a note, never the pass.
import { SOURCE_KIND_NAMES } from '../source-kind';
import type { DissectOptions } from '../dissector';
import type { FrameRecord } from '../sink';
import { createFlowTable, directionOf, flowOf, streamByEndpoints } from './flow';
import { carriageByPort } from './framing';
import type { Conversation, FactPiece, FrameFacts } from './model';
import { event, factsOf, note } from './notes';
import { consume, dropPending, endPending } from './pdus';
import { tcpSegmentOf } from './segment';
import { createTcpStreams, type TcpStreamTable } from './tcp-facts';
import { APP_USE, DEFAULT_CAPS, type StreamCaps, type Step, type TrackerState, type TrackerUse } from './state';

export { DEFAULT_CAPS, type StreamCaps, type TrackerUse } from './state';

export interface StreamTracker {
  /**
   * The capture's TCP conversations as the TCP layer numbers them (tcp.stream, relative numbers): hand it to each
   * frame's dissection (`FrameStream`) before the frame is pushed here, which reads its tcp.stream from the record.
   */
  readonly tcp: TcpStreamTable;
  /**
   * The next frame in capture order: its own dissection (reassembly off) as a lean record holding the values of
   * STREAM_IDS (ids.ts), and its bytes; `time` in seconds since the first frame.
   */
  push(record: FrameRecord, bytes: Uint8Array, time?: number): void;
  /** The capture has ended: TPKTs still incomplete are marked as never completed. */
  finish(): void;
  facts(frame: number): FrameFacts | undefined;
  conversations(): readonly Conversation[];
  /** Frames whose facts changed since the last call (a TPKT completed: its earlier segments now know where). */
  takeChanged(): number[];
  /**
   * Every frame numbered below this one has its final facts: no TPKT or TSDU it holds part of is still open. Infinity
   * when nothing is open.
   */
  settledBefore(): number;
  /** Drops a frame's facts (a streaming caller has written the frame). */
  forget(frame: number): void;
}

/** The segment's SYN, RST and FIN on the conversation's timeline. */
function flagEvents(step: Step): void {
  const s = step.segment;
  if (s.syn) {
    step.direction.next = (s.seq + 1) >>> 0;
    event(step, 'syn', 'SYN: connection opened');
  }
  if (s.rst) event(step, 'rst', 'RST: connection reset');
  if (s.fin) event(step, 'fin', 'FIN: no more data from this side');
}

/**
 * A keep-alive probe (RFC 1122 §4.2.3.6): one octet just before the next expected one, sent again to see whether the
 * peer still answers. Normal traffic: nothing to decode, nothing to flag.
 */
function keepAlive(step: Step, seq: number): boolean {
  const { segment: s, direction: d, state } = step;
  if (s.length !== 1 || d.next === undefined || (seq + 1) >>> 0 !== d.next) return false;
  const frame = step.record.number;
  const f = factsOf(state.book, frame);
  state.book.byFrame.set(frame, {
    ...f,
    pieces: [{ kind: 'segment', offset: s.offset, end: s.offset + 1, role: 'keep-alive' }],
  });
  return true;
}

/**
 * Bytes of the direction were not captured before this segment: what was open cannot complete. On the conversation's
 * timeline only: the frame's problem is the sequence analysis's tcp.analysis.lost_segment (tcp-analysis.ts), and the
 * PDU left open says it never completes on its own segments.
 */
function gapBefore(step: Step, seq: number, missing: number): void {
  const { direction: d, state } = step;
  event(
    step,
    'segment-missing',
    `${missing} bytes of this direction were not captured before this segment (tshark: "previous segment not captured")${d.pending ? `; the ${SOURCE_KIND_NAMES[d.pending.kind].name} begun in frame ${d.pending.parts[0]!.frame} cannot be completed` : ''}`,
    'warning',
  );
  dropPending(
    state.book,
    d,
    `${missing} bytes of the stream are missing (not captured) before frame ${step.record.number}`,
  );
  d.tsdu = undefined;
  d.history.forget();
  d.next = seq;
}

/** The first `old` bytes of the payload were carried before (or are older than the history): said, not decoded. */
function oldBytes(step: Step, seq: number, payload: Uint8Array, old: number, pieces: FactPiece[]): void {
  const offset = step.segment.offset;
  const verdict = step.direction.history.compare(seq, payload.subarray(0, old));
  pieces.push({
    kind: 'segment',
    offset,
    end: offset + old,
    role: verdict.role,
    ...(verdict.frame !== undefined ? { frame: verdict.frame } : {}),
  });
  const first = verdict.frame !== undefined ? ` (first sent in frame ${verdict.frame})` : '';
  const message =
    verdict.role === 'retransmission'
      ? `Retransmission: ${old} bytes this direction already carried${first}, the same again; not decoded twice`
      : verdict.role === 'conflict'
        ? `Overlap with different bytes: ${old} bytes already carried${first} arrive again with other values; which copy the receiver kept is unknown, so neither is merged`
        : `${old} bytes older than those already followed and not seen before (out of order, or after a gap): not reassembled`;
  const code =
    verdict.role === 'conflict'
      ? 'overlap-conflict'
      : verdict.role === 'out-of-order'
        ? 'out-of-order'
        : 'retransmission';
  // Bytes sent again or out of order are the sequence analysis's problem on the frame (tcp.analysis.retransmission,
  // out_of_order): here they are on the timeline only. Bytes that differ from those carried before are this layer's.
  if (verdict.role === 'conflict') note(step, { severity: 'error', code, message });
  else event(step, code, message, verdict.role === 'out-of-order' ? 'warning' : 'note');
}

/** Some piece is one the frame's own dissection does not know: a segment of a PDU, or a PDU only the conversation finds. */
function saysMore(pieces: readonly FactPiece[]): boolean {
  for (const p of pieces) if (p.kind === 'segment' || p.as !== undefined) return true;
  return false;
}

/** A tracked direction's payload: old bytes said, a gap noted, new bytes cut into PDUs. */
function follow(step: Step, bytes: Uint8Array, seq: number): void {
  const { segment: s, direction: d, state, flow } = step;
  flow.carriage ??= s.tlsAtStart ? 'tls' : carriageByPort(s.srcport, s.dstport);
  // The tracker's scratch list, copied only when the frame's facts keep it (most frames': never).
  const pieces = state.pieces;
  pieces.length = 0;
  d.next ??= seq;
  const delta = (seq - d.next) | 0;
  if (delta > 0) gapBefore(step, seq, delta);
  let from = 0;
  if (delta < 0) {
    from = Math.min(-delta, s.length);
    oldBytes(step, seq, bytes.subarray(s.offset, s.offset + s.length), from, pieces);
  }
  if (from < s.length) {
    const start = s.offset + from;
    const end = s.offset + s.length;
    d.history.remember(
      (seq + from) >>> 0,
      step.record.number,
      bytes,
      start,
      end,
      state.caps.history,
      state.flows.spare,
    );
    consume(step, bytes, start, end, pieces);
    d.next = (seq + s.length) >>> 0;
  }
  // Facts only where the frame's own dissection would say otherwise: segments, or PDUs only the conversation knows.
  if (saysMore(pieces)) {
    const frame = step.record.number;
    const f = factsOf(state.book, frame);
    state.book.byFrame.set(frame, { ...f, pieces: pieces.slice() });
  }
}

export function createStreamTracker(
  options: DissectOptions = {},
  caps: StreamCaps = DEFAULT_CAPS,
  use: TrackerUse = APP_USE,
  tcp: TcpStreamTable = createTcpStreams(),
): StreamTracker {
  const state: TrackerState = {
    options,
    caps,
    use,
    flows: createFlowTable(use.frameBytes),
    book: { byFrame: new Map(), changed: new Set(), forgotten: 0 },
    open: new Set(),
    pieces: [],
  };
  const { book } = state;

  return {
    tcp,
    push(record, bytes, time) {
      const segment = tcpSegmentOf(record);
      if (!segment) return;
      // The TCP layer placed the frame in `tcp` while it was dissected (the record holds its tcp.stream); a record
      // dissected without it (lone, stream 0) is placed by its endpoints.
      const placed = tcp.streamOf(record.number) === segment.stream;
      const stream = placed ? segment.stream : streamByEndpoints(state.flows, segment);
      const flow = flowOf(state.flows, segment, record.number, stream);
      const dir = directionOf(flow, segment);
      const direction = flow.directions[dir];
      const step: Step = { state, record, segment, time, flow, dir, direction };
      flagEvents(step);
      if (segment.length === 0) return;
      const seq = segment.syn ? (segment.seq + 1) >>> 0 : segment.seq;
      if (keepAlive(step, seq)) return;
      // TPKT one way means TPKT both ways (an H.323 reply may start with a TPKT header alone, which no heuristic takes);
      // a TLS record at the start of a payload is followed too (an RDP conversation whose beginning was not captured).
      direction.tracked ||= segment.tpktAtStart || segment.tlsAtStart || flow.directions[dir === 0 ? 1 : 0].tracked;
      if (direction.tracked) follow(step, bytes, seq);
      else direction.next = (seq + segment.length) >>> 0;
    },
    finish() {
      for (const flow of state.flows.flows) for (const d of flow.directions) endPending(state, d);
    },
    facts: (frame) => book.byFrame.get(frame),
    conversations: () => state.flows.conversations,
    takeChanged() {
      const out = [...book.changed];
      book.changed = new Set();
      return out;
    },
    settledBefore() {
      let before = Infinity;
      for (const d of state.open) {
        const first = Math.min(d.pending?.parts[0]?.frame ?? Infinity, d.tsdu?.holders[0]?.frame ?? Infinity);
        if (first === Infinity && !d.pending && !d.tsdu) state.open.delete(d);
        else before = Math.min(before, first);
      }
      return before;
    },
    forget(frame) {
      book.byFrame.delete(frame);
      book.changed.delete(frame);
      book.forgotten = Math.max(book.forgotten, frame);
    },
  };
}
