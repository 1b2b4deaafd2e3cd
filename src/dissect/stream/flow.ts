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
  /** The latest in-order bytes, oldest first, at most `caps.history` in total (and one segment). */
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
  /** Buffers directions' histories outgrew, for others to grow into (`BufferHistory`). */
  readonly spare: SpareBuffers;
  /** Read a frame's bytes again: directions keep where their bytes lie, not a copy (`FrameHistory`). */
  readonly frameBytes: FrameBytes | undefined;
}

/** A frame's captured bytes, read again; undefined when they cannot be (a file changed under the app). */
export type FrameBytes = (frame: number) => Uint8Array | undefined;

/**
 * A direction's latest in-order bytes, at most `cap` of them (and the latest segment), oldest first: what a
 * retransmission or an overlap is compared with. Two kinds, chosen by whoever creates the tracker (`TrackerUse`):
 * `BufferHistory` copies them (the CLI, which lets a frame's bytes go once it is written) and `FrameHistory` keeps where
 * they lie and reads them back from their frames when an overlap must be compared (the app, which can read any frame
 * again: the copies were 185 MiB over the 51 000 directions of a 1 000 000-frame capture).
 */
export interface History {
  /** Keeps bytes [start, end) of a frame's captured `bytes` (frame number `frame`), sequence number `seq` on. */
  remember(
    seq: number,
    frame: number,
    bytes: Uint8Array,
    start: number,
    end: number,
    cap: number,
    spare?: SpareBuffers,
  ): void;
  /** Forgets every byte: after a gap, nothing before it can be compared. */
  forget(): void;
  /** Compares old bytes with what this direction carried: same, different, or never seen (older than the history). */
  compare(seq: number, bytes: Uint8Array): { role: SegmentRole; frame?: number };
}

const EMPTY = new Uint8Array(0);

/**
 * Per segment its sequence number, frame and length (oldest first), and the bytes back to back in one buffer,
 * [start, end). One buffer per direction rather than a copy per segment: a copy of each payload was an ArrayBuffer per
 * frame for the garbage collector to follow, kept as long as the conversation.
 */
export class BufferHistory implements History {
  readonly seqs: number[] = [];
  readonly frames: number[] = [];
  readonly lengths: number[] = [];
  buffer: Uint8Array = EMPTY;
  start = 0;
  end = 0;

  remember(
    seq: number,
    frame: number,
    bytes: Uint8Array,
    from: number,
    to: number,
    cap: number,
    spare?: SpareBuffers,
  ): void {
    const length = to - from;
    if (length <= 0) return;
    if (this.end + length > this.buffer.length) {
      // What is kept moves to the front of a buffer with room to spare (as much again, at most a quarter of the cap):
      // each byte is moved a bounded number of times, and a direction holds at most 1.25 × cap (and one segment).
      const held = this.end - this.start;
      const need = held + length;
      const size = Math.max(256, need + Math.min(need, cap >> 2));
      if (size > this.buffer.length) {
        const pooled = spare !== undefined && size <= SPARE_LARGEST && size <= cap >> 2;
        const buffer = (pooled ? spare[Math.ceil(Math.log2(size))]?.pop() : undefined) ?? new Uint8Array(size);
        buffer.set(this.buffer.subarray(this.start, this.end));
        const old = this.buffer.length;
        if (pooled && old >= 256) {
          const list = (spare[Math.floor(Math.log2(old))] ??= []);
          if (list.length < SPARE_KEPT) list.push(this.buffer);
        }
        this.buffer = buffer;
      } else this.buffer.copyWithin(0, this.start, this.end);
      this.start = 0;
      this.end = held;
    }
    this.buffer.set(bytes.subarray(from, to), this.end);
    this.end += length;
    this.seqs.push(seq);
    this.frames.push(frame);
    this.lengths.push(length);
    while (this.end - this.start - this.lengths[0]! >= cap) {
      this.start += this.lengths[0]!;
      this.seqs.shift();
      this.frames.shift();
      this.lengths.shift();
    }
  }

  forget(): void {
    this.seqs.length = 0;
    this.frames.length = 0;
    this.lengths.length = 0;
    this.start = 0;
    this.end = 0;
  }

  compare(seq: number, bytes: Uint8Array): { role: SegmentRole; frame?: number } {
    const { seqs, frames, lengths, buffer } = this;
    let covered = 0;
    let first: number | undefined;
    for (let k = 0, at = this.start; k < seqs.length; at += lengths[k]!, k++) {
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
}

/** Numbers per segment in `FrameHistory.places`: frame, offset in the frame, length. */
const PLACE = 3;

/**
 * Per segment where its bytes lie, the oldest at `head`: its sequence number in `seqs`, its frame, offset in the frame's
 * bytes and length in `places` (small integers, kept as such: 4 octets each in Chromium, where a list that also held
 * sequence numbers above 2^30 would hold 8-octet doubles). The bytes themselves are read back from the frame only when
 * an overlap is compared.
 */
export class FrameHistory implements History {
  readonly seqs: number[] = [];
  readonly places: number[] = [];
  /** The oldest segment kept. */
  head = 0;
  /** Bytes of the segments from `head` on. */
  held = 0;

  constructor(private readonly frameBytes: FrameBytes) {}

  remember(seq: number, frame: number, _bytes: Uint8Array, from: number, to: number, cap: number): void {
    const length = to - from;
    if (length <= 0) return;
    const { seqs, places } = this;
    seqs.push(seq);
    places.push(frame, from, length);
    this.held += length;
    while (this.held - places[this.head * PLACE + 2]! >= cap) {
      this.held -= places[this.head * PLACE + 2]!;
      this.head++;
    }
    // Segments dropped are cut off the front now and then: each number is moved a bounded number of times.
    if (this.head >= 64 && this.head * 2 >= seqs.length) {
      seqs.splice(0, this.head);
      places.splice(0, this.head * PLACE);
      this.head = 0;
    }
  }

  forget(): void {
    this.seqs.length = 0;
    this.places.length = 0;
    this.head = 0;
    this.held = 0;
  }

  compare(seq: number, bytes: Uint8Array): { role: SegmentRole; frame?: number } {
    const { seqs, places } = this;
    let covered = 0;
    let first: number | undefined;
    for (let k = this.head; k < seqs.length; k++) {
      const length = places[k * PLACE + 2]!;
      const lo = Math.max(0, (seq - seqs[k]!) | 0);
      const from = Math.max(0, (seqs[k]! - seq) | 0);
      if (from >= bytes.length || lo >= length) continue;
      const n = Math.min(length - lo, bytes.length - from);
      const frame = places[k * PLACE]!;
      const at = places[k * PLACE + 1]! + lo;
      const old = this.frameBytes(frame);
      // A frame that cannot be read again is as if it were older than the history: its bytes are not compared.
      if (!old || old.length < at + n) continue;
      for (let i = 0; i < n; i++) if (old[at + i] !== bytes[from + i]) return { role: 'conflict', frame };
      first ??= frame;
      covered += n;
    }
    if (covered < bytes.length) return { role: 'out-of-order' };
    return { role: 'retransmission', ...(first !== undefined ? { frame: first } : {}) };
  }
}

/** An empty table of conversations; with `frameBytes`, their directions' histories read bytes back from frames. */
export function createFlowTable(frameBytes?: FrameBytes): FlowTable {
  return { byStream: [], byEndpoints: new Map(), flows: [], conversations: [], spare: [], frameBytes };
}

const newDirection = (table: FlowTable): Direction => ({
  tracked: false,
  history: table.frameBytes ? new FrameHistory(table.frameBytes) : new BufferHistory(),
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
    flow = { conversation, directions: [newDirection(table), newDirection(table)], timelineDropped: 0 };
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
