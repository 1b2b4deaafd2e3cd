// Conversations and their two directions: which conversation a segment belongs to, and where each direction stands in
// its byte stream — the next sequence number expected, the latest bytes (to tell a retransmission from a conflicting
// overlap), the PDU and TSDU it has open.
import type { Carriage } from './framing';
import type { Conversation, SegmentRole } from './model';
import type { Pending } from './pdus';
import type { TcpSegment } from './segment';
import type { Tsdu } from './tsdu';

export interface Direction {
  tracked: boolean;
  next?: number;
  /** The latest in-order bytes, oldest first, at most `caps.history` in total. */
  readonly history: History;
  pending?: Pending;
  tsdu?: Tsdu;
  tsduCapped?: boolean;
  /** Bytes that are not TPKT came where a TPKT was due (TLS on 3389): a 3 starting a later segment may be anything. */
  strayed?: boolean;
}

export interface Flow {
  readonly conversation: Conversation;
  readonly directions: [Direction, Direction];
  timelineDropped: number;
  /** What the conversation carries, once a direction is followed (framing.ts). */
  carriage?: Carriage;
}

/**
 * The conversations so far, by tcp.stream (the TCP layer's numbering, tcp-facts.ts), in order of first appearance.
 * INVARIANT other parts rely on (Follow TCP Stream, the conversation table, `tcp.stream == N` filters): a
 * conversation's `id` is its tcp.stream + 1, so a 4-tuple reused by a new connection is a new Conversation and Flow.
 */
export interface FlowTable {
  readonly byStream: (Flow | undefined)[];
  /**
   * For records dissected without the tracker's `tcp` (a test feeding lone dissections): conversations by their
   * endpoints, each both ways round, numbered here in order of first appearance (no port reuse told apart).
   */
  readonly byEndpoints: Map<string, number>;
  readonly flows: Flow[];
  readonly conversations: Conversation[];
  /** Buffers directions' histories outgrew, for others to grow into (`remember`). */
  readonly spare: SpareBuffers;
}

/**
 * A direction's latest in-order bytes: per segment its sequence number, frame and length (oldest first), and the bytes
 * back to back in one buffer, [start, end). One buffer per direction rather than a copy per segment: a copy of each
 * payload was an ArrayBuffer per frame for the garbage collector to follow, kept as long as the conversation.
 */
export interface History {
  readonly seqs: number[];
  readonly frames: number[];
  readonly lengths: number[];
  buffer: Uint8Array;
  start: number;
  end: number;
}

const EMPTY = new Uint8Array(0);

const newDirection = (): Direction => ({
  tracked: false,
  history: { seqs: [], frames: [], lengths: [], buffer: EMPTY, start: 0, end: 0 },
});

/**
 * The stream index of a segment whose frame the TCP layer did not place in `tcp` (tcp-facts.ts): by its endpoints,
 * as before tcp.stream existed.
 */
export function streamByEndpoints(table: FlowTable, s: TcpSegment): number {
  const key = `${s.source}|${s.srcport}>${s.destination}|${s.dstport}`;
  let stream = table.byEndpoints.get(key);
  if (stream === undefined) {
    stream = table.byEndpoints.size / 2;
    table.byEndpoints.set(key, stream);
    table.byEndpoints.set(`${s.destination}|${s.dstport}>${s.source}|${s.srcport}`, stream);
  }
  return stream;
}

/** The conversation `stream` (made on its first segment); the segment's direction in it is `directionOf`. */
export function flowOf(table: FlowTable, s: TcpSegment, frame: number, stream: number): Flow {
  let flow = table.byStream[stream];
  if (!flow) {
    const conversation: Conversation = {
      id: stream + 1,
      a: { address: s.source, port: s.srcport },
      b: { address: s.destination, port: s.dstport },
      firstFrame: frame,
      lastFrame: frame,
      tpdus: [],
      events: [],
    };
    table.conversations.push(conversation);
    flow = { conversation, directions: [newDirection(), newDirection()], timelineDropped: 0 };
    table.flows.push(flow);
    table.byStream[stream] = flow;
  }
  flow.conversation.lastFrame = frame;
  return flow;
}

/** The segment's direction in its conversation: 0 from the endpoint that sent first, 1 from the other. */
export function directionOf(flow: Flow, s: TcpSegment): 0 | 1 {
  const a = flow.conversation.a;
  return a.address === s.source && a.port === s.srcport ? 0 : 1;
}

/**
 * Buffers directions outgrew, by size class (index k: lengths in [2^k, 2^(k+1))), taken by the next direction growing to
 * that size: in a capture of many conversations each direction grows through the same sizes, and a new ArrayBuffer at
 * each step was most of the tracker's allocation (≈ 4 per direction). Only buffers of at most SPARE_LARGEST octets,
 * and at most a quarter of the cap, are passed on: one taken may be up to four times the size asked for, so below the cap,
 * and a direction still holds at most 1.25 × cap.
 */
export type SpareBuffers = Uint8Array[][];

const SPARE_LARGEST = 16 * 1024;
/** Buffers kept per size class at most. */
const SPARE_KEPT = 32;

/** Keeps in-order bytes of a direction, the oldest dropped past `cap`; `spare`: buffers to take from and give back. */
export function remember(
  d: Direction,
  seq: number,
  frame: number,
  bytes: Uint8Array,
  cap: number,
  spare?: SpareBuffers,
): void {
  if (bytes.length === 0) return;
  const h = d.history;
  if (h.end + bytes.length > h.buffer.length) {
    // What is kept moves to the front of a buffer with room to spare (as much again, at most a quarter of the cap): each
    // byte is moved a bounded number of times, and a direction holds at most 1.25 × cap (and one segment).
    const held = h.end - h.start;
    const need = held + bytes.length;
    const size = Math.max(256, need + Math.min(need, cap >> 2));
    if (size > h.buffer.length) {
      const pooled = spare !== undefined && size <= SPARE_LARGEST && size <= cap >> 2;
      const buffer = (pooled ? spare[Math.ceil(Math.log2(size))]?.pop() : undefined) ?? new Uint8Array(size);
      buffer.set(h.buffer.subarray(h.start, h.end));
      const old = h.buffer.length;
      if (pooled && old >= 256) {
        const list = (spare[Math.floor(Math.log2(old))] ??= []);
        if (list.length < SPARE_KEPT) list.push(h.buffer);
      }
      h.buffer = buffer;
    } else h.buffer.copyWithin(0, h.start, h.end);
    h.start = 0;
    h.end = held;
  }
  h.buffer.set(bytes, h.end);
  h.end += bytes.length;
  h.seqs.push(seq);
  h.frames.push(frame);
  h.lengths.push(bytes.length);
  while (h.end - h.start - h.lengths[0]! >= cap) {
    h.start += h.lengths[0]!;
    h.seqs.shift();
    h.frames.shift();
    h.lengths.shift();
  }
}

/** The direction's memory dropped: after a gap, nothing before it can be compared. */
export function forgetHistory(d: Direction): void {
  const h = d.history;
  h.seqs.length = 0;
  h.frames.length = 0;
  h.lengths.length = 0;
  h.start = 0;
  h.end = 0;
}

/** Compares old bytes with what this direction carried: same, different, or never seen (older than the history). */
export function compareOld(d: Direction, seq: number, bytes: Uint8Array): { role: SegmentRole; frame?: number } {
  const { seqs, frames, lengths, buffer } = d.history;
  let covered = 0;
  let first: number | undefined;
  for (let k = 0, at = d.history.start; k < seqs.length; at += lengths[k]!, k++) {
    const lo = Math.max(0, (seq - seqs[k]!) | 0);
    const from = Math.max(0, (seqs[k]! - seq) | 0);
    if (from >= bytes.length || lo >= lengths[k]!) continue;
    const n = Math.min(lengths[k]! - lo, bytes.length - from);
    for (let i = 0; i < n; i++)
      if (buffer[at + lo + i] !== bytes[from + i]) return { role: 'conflict', frame: frames[k]! };
    first ??= frames[k]!;
    covered += n;
  }
  if (covered < bytes.length) return { role: 'out-of-order' };
  return { role: 'retransmission', ...(first !== undefined ? { frame: first } : {}) };
}
