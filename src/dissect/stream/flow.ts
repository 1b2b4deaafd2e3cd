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
  readonly history: { seq: number; frame: number; bytes: Uint8Array }[];
  historyBytes: number;
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
}

const newDirection = (): Direction => ({ tracked: false, history: [], historyBytes: 0 });

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

/** The conversation `stream` (made on its first segment) and the segment's direction in it. */
export function flowOf(table: FlowTable, s: TcpSegment, frame: number, stream: number): { flow: Flow; dir: 0 | 1 } {
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
  const a = flow.conversation.a;
  return { flow, dir: a.address === s.source && a.port === s.srcport ? 0 : 1 };
}

/** Keeps in-order bytes of a direction (a copy, or a view when the caller keeps its frames' bytes), oldest out past `cap`. */
export function remember(d: Direction, seq: number, frame: number, bytes: Uint8Array, cap: number, copy = true): void {
  if (bytes.length === 0) return;
  d.history.push({ seq, frame, bytes: copy ? bytes.slice() : bytes });
  d.historyBytes += bytes.length;
  while (d.historyBytes - d.history[0]!.bytes.length >= cap) d.historyBytes -= d.history.shift()!.bytes.length;
}

/** The direction's memory dropped: after a gap, nothing before it can be compared. */
export function forgetHistory(d: Direction): void {
  d.history.length = 0;
  d.historyBytes = 0;
}

/** Compares old bytes with what this direction carried: same, different, or never seen (older than the history). */
export function compareOld(d: Direction, seq: number, bytes: Uint8Array): { role: SegmentRole; frame?: number } {
  let covered = 0;
  let first: number | undefined;
  for (const h of d.history) {
    const lo = Math.max(0, (seq - h.seq) | 0);
    const from = Math.max(0, (h.seq - seq) | 0);
    if (from >= bytes.length || lo >= h.bytes.length) continue;
    const n = Math.min(h.bytes.length - lo, bytes.length - from);
    for (let i = 0; i < n; i++) if (h.bytes[lo + i] !== bytes[from + i]) return { role: 'conflict', frame: h.frame };
    first ??= h.frame;
    covered += n;
  }
  if (covered < bytes.length) return { role: 'out-of-order' };
  return { role: 'retransmission', ...(first !== undefined ? { frame: first } : {}) };
}
