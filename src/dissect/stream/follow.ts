// Follow TCP Stream: a conversation's payload bytes in sequence order, each direction as its receiver reads it, the
// way Wireshark's Follow shows them (checked against tshark 4.0's `-z follow,tcp`): each segment's new bytes are one
// chunk; bytes a direction already carried (retransmissions, keep-alives, overlaps) appear once, first copy kept;
// a segment ahead of the next expected byte (out of order) waits until the bytes before it arrive, then follows them.
//
// Bytes missing from the capture: where the peer acknowledged them (they were sent and received, only not captured),
// tshark writes "[N bytes missing in capture file]" in their place and goes on; a gap: a `FollowGap` chunk. Where
// nobody acknowledged them, tshark shows nothing more of that direction. Here, on purpose, the bytes after such a gap
// still follow a gap chunk, flagged `afterGap` so that the CLI's tshark-compatible output leaves them out.
import type { FieldId } from '../field-ids';
import { TCP_FLAG } from '../protocols/tcp';
import type { FrameRecord } from '../sink';
import { SEGMENT_IDS } from './ids';
import type { Endpoint } from './model';
import { tcpSegmentOf, type TcpSegment } from './segment';

const ACK_RAW = 'tcp.ack_raw' satisfies FieldId;

/** One segment of the conversation, in capture order: its direction (0: from Node 0, the first sender) and payload. */
export interface FollowSegment {
  readonly frame: number;
  readonly direction: 0 | 1;
  readonly seq: number;
  readonly syn: boolean;
  /** The acknowledgment number, when the ACK flag is set. */
  readonly ack?: number;
  readonly payload: Uint8Array;
}

/** Bytes one segment added to its direction's stream, in the order a reader of the stream gets them. */
export interface FollowData {
  readonly kind: 'data';
  readonly frame: number;
  readonly direction: 0 | 1;
  /** Where the chunk starts in its direction's followed bytes (bytes missing in the capture are not counted). */
  readonly offset: number;
  readonly bytes: Uint8Array;
  /** Where a TPKT header (RFC 1006 §6) starts in the chunk, as offsets into `bytes`. */
  readonly tpkts: readonly number[];
  /** After bytes of its direction missing for good: tshark's Follow does not show it. */
  readonly afterGap?: true;
}

/**
 * Bytes of a direction the capture lacks. Where the peer acknowledged them (they were sent and received, just not
 * captured), tshark writes "[N bytes missing in capture file]" in their place; `afterGap`: nobody acknowledged them,
 * and tshark shows nothing of the direction from here on.
 */
export interface FollowGap {
  readonly kind: 'gap';
  /** The frame where the loss became known: the acknowledgment, or the first segment after the gap. */
  readonly frame: number;
  readonly direction: 0 | 1;
  readonly missing: number;
  readonly afterGap?: true;
}

export type FollowChunk = FollowData | FollowGap;

export interface FollowStream {
  /** The conversation's `tcp.stream` (its id − 1). */
  readonly stream: number;
  /** Node 0 sent the conversation's first segment (Wireshark's client); Node 1 is its peer. */
  readonly nodes: readonly [Endpoint, Endpoint];
  readonly chunks: readonly FollowChunk[];
  /** Bytes followed from each node (after-gap bytes included). */
  readonly bytes: readonly [number, number];
}

/** The conversation's endpoints and the frames it spans (a `Conversation` of the stream tracker). */
export interface FollowedConversation {
  readonly id: number;
  readonly a: Endpoint;
  readonly b: Endpoint;
  readonly firstFrame: number;
  readonly lastFrame: number;
}

/** What Follow reads of a frame: its TCP segment (segment.ts) and acknowledgment number. */
export const FOLLOW_IDS = [...SEGMENT_IDS, ACK_RAW] as const satisfies readonly FieldId[];

/** Whether the segment goes from a to b (0) or back (1) in the conversation, or is not in it. */
function directionIn(conversation: FollowedConversation, frame: number, s: TcpSegment): 0 | 1 | undefined {
  if (frame < conversation.firstFrame || frame > conversation.lastFrame) return undefined;
  const { a, b } = conversation;
  const is = (e: Endpoint, address: string, port: number) => e.address === address && e.port === port;
  if (is(a, s.source, s.srcport) && is(b, s.destination, s.dstport)) return 0;
  if (is(b, s.source, s.srcport) && is(a, s.destination, s.dstport)) return 1;
  return undefined;
}

/**
 * The frame's segment as Follow reads it when it belongs to the conversation, else undefined. `record` holds the
 * values of FOLLOW_IDS; the payload is a view into `bytes`.
 */
export function followSegmentOf(
  conversation: FollowedConversation,
  record: FrameRecord,
  bytes: Uint8Array,
): FollowSegment | undefined {
  const segment = tcpSegmentOf(record);
  const direction = segment && directionIn(conversation, record.number, segment);
  if (direction === undefined) return undefined;
  // The innermost TCP header's (tcpSegmentOf reads the same one): the last recorded of each.
  const last = (id: FieldId) => {
    for (let i = record.values.length - 1; i >= 0; i--) {
      const v = record.values[i]!;
      if (v.id === id && v.source === undefined) return v.value;
    }
    return undefined;
  };
  const flags = last('tcp.flags');
  const ack = last(ACK_RAW);
  const acked = typeof flags === 'number' && (flags & TCP_FLAG.ACK) !== 0 && typeof ack === 'number';
  return {
    frame: record.number,
    direction,
    seq: segment!.seq,
    syn: segment!.syn,
    ...(acked ? { ack } : {}),
    payload: bytes.subarray(segment!.offset, segment!.offset + segment!.length),
  };
}

/** The conversation frame `record` belongs to (holding the values of SEGMENT_IDS): the one with its endpoints and span. */
export function conversationOfFrame<C extends FollowedConversation>(
  conversations: readonly C[],
  record: FrameRecord,
): C | undefined {
  const segment = tcpSegmentOf(record);
  return segment && conversations.find((c) => directionIn(c, record.number, segment) !== undefined);
}

/** Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4): how far `a` is after `b`. */
const after = (a: number, b: number) => (a - b) | 0;

/** A segment ahead of its direction's next byte, waiting; `index`: its place among the conversation's segments. */
interface Held {
  readonly segment: FollowSegment;
  readonly seq: number;
  readonly index: number;
}

interface DirectionState {
  next?: number;
  offset: number;
  held: Held[];
  /** A gap nobody acknowledged was skipped: every later chunk of this direction is one tshark does not show. */
  skipped: boolean;
}

type Unmarked = Omit<FollowData, 'tpkts'> | FollowGap;

/**
 * Runs the segments through a receiver per direction, as tshark's Follow does. `jumps`: segments (by index) before
 * which the bytes still missing are given up on, found by an earlier run; returns the chunks and what is still held.
 */
function run(segments: readonly FollowSegment[], jumps: ReadonlySet<number>) {
  const chunks: Unmarked[] = [];
  const states: [DirectionState, DirectionState] = [
    { offset: 0, held: [], skipped: false },
    { offset: 0, held: [], skipped: false },
  ];
  const emit = (d: DirectionState, segment: FollowSegment, seq: number) => {
    const end = (seq + segment.payload.length) >>> 0;
    if (after(end, d.next!) <= 0) return;
    const bytes = segment.payload.subarray(Math.max(0, after(d.next!, seq)));
    chunks.push({
      kind: 'data',
      frame: segment.frame,
      direction: segment.direction,
      offset: d.offset,
      bytes,
      ...(d.skipped ? { afterGap: true as const } : {}),
    });
    d.offset += bytes.length;
    d.next = end;
  };
  const gap = (d: DirectionState, direction: 0 | 1, frame: number, upTo: number) => {
    chunks.push({
      kind: 'gap',
      frame,
      direction,
      missing: after(upTo, d.next!),
      ...(d.skipped ? { afterGap: true as const } : {}),
    });
    d.next = upTo;
  };
  /** Held segments the stream has now reached, in the order they came. */
  const drain = (d: DirectionState) => {
    for (;;) {
      const i = d.held.findIndex((h) => after(h.seq, d.next!) <= 0);
      if (i < 0) return;
      const [h] = d.held.splice(i, 1);
      emit(d, h!.segment, h!.seq);
    }
  };
  const lowest = (held: readonly Held[]) => held.reduce((low, h) => (after(h.seq, low.seq) < 0 ? h : low));
  segments.forEach((segment, index) => {
    const d = states[segment.direction];
    const peer = states[segment.direction === 0 ? 1 : 0];
    // The peer's bytes this segment acknowledges were received, though not captured: a gap marker, and on.
    if (segment.ack !== undefined) {
      drain(peer);
      while (peer.held.length > 0 && after(segment.ack, lowest(peer.held).seq) > 0) {
        gap(peer, peer === states[0] ? 0 : 1, segment.frame, lowest(peer.held).seq);
        drain(peer);
      }
    }
    // A direction's first segment, data or not (tshark's Follow does the same), says where its bytes start.
    const seq = segment.syn ? (segment.seq + 1) >>> 0 : segment.seq;
    d.next ??= seq;
    if (segment.payload.length === 0) return;
    const ahead = after(seq, d.next);
    if (ahead > 0 && jumps.has(index)) {
      // The bytes before this segment never come: said, and the direction goes on from here.
      d.skipped = true;
      gap(d, segment.direction, segment.frame, seq);
      emit(d, segment, seq);
      drain(d);
    } else if (ahead > 0) d.held.push({ segment, seq, index });
    else {
      emit(d, segment, seq);
      drain(d);
    }
  });
  return { chunks, held: [...states[0].held, ...states[1].held], lowest };
}

/** Runs at most this many times: each run gives up on one more gap (a capture missing many segments stops there). */
const MAX_RUNS = 256;

/**
 * The conversation's payload as Follow shows it, from its segments in capture order (zero-length ones too: their
 * acknowledgments count). Held segments a run never reached mark a gap nobody acknowledged: the next run gives up on
 * the bytes before the lowest of them, where it came, and so on.
 */
export function followStream(conversation: FollowedConversation, segments: readonly FollowSegment[]): FollowStream {
  const jumps = new Set<number>();
  let result = run(segments, jumps);
  for (let runs = 1; result.held.length > 0 && runs < MAX_RUNS; runs++) {
    for (const direction of [0, 1] as const) {
      const mine = result.held.filter((h) => h.segment.direction === direction);
      if (mine.length > 0) jumps.add(result.lowest(mine).index);
    }
    result = run(segments, jumps);
  }
  const chunks = withTpkts(result.chunks);
  const bytes: [number, number] = [0, 0];
  for (const c of chunks) if (c.kind === 'data') bytes[c.direction] += c.bytes.length;
  return { stream: conversation.id - 1, nodes: [conversation.a, conversation.b], chunks, bytes };
}

/** A TPKT header: version 3, reserved 0, a length that holds at least the header and a COTP LI (RFC 1006 §6). */
function tpktAt(bytes: Uint8Array, at: number): number | undefined {
  if (at + 4 > bytes.length || bytes[at] !== 3 || bytes[at + 1] !== 0) return undefined;
  const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
  return length >= 7 ? length : undefined;
}

/**
 * Where each TPKT starts, direction by direction: from a chunk starting with a TPKT header, each header's length
 * gives the next one's place (across chunks). The chain stops where a header is not found (TLS after RDP's
 * negotiation, a PDU that is not TPKT) or bytes are missing, and starts again at a later chunk that begins with one.
 */
function withTpkts(chunks: readonly Unmarked[]): FollowChunk[] {
  const marks = new Map<Unmarked, number[]>();
  for (const direction of [0, 1] as const) {
    const mine = chunks.filter((c) => c.direction === direction);
    const all = joined(mine);
    let due: number | undefined;
    for (const chunk of mine) {
      if (chunk.kind === 'gap') {
        due = undefined;
        continue;
      }
      const end = chunk.offset + chunk.bytes.length;
      if (due === undefined && tpktAt(all, chunk.offset) !== undefined) due = chunk.offset;
      const here: number[] = [];
      while (due !== undefined && due < end) {
        const length = tpktAt(all, due);
        if (length === undefined) due = undefined;
        else {
          here.push(due - chunk.offset);
          due += length;
        }
      }
      marks.set(chunk, here);
    }
  }
  return chunks.map((chunk) => (chunk.kind === 'gap' ? chunk : { ...chunk, tpkts: marks.get(chunk) ?? [] }));
}

/** The data chunks' bytes, one after the other. */
function joined(chunks: readonly FollowChunk[] | readonly Unmarked[]): Uint8Array {
  const data = (chunks as readonly Unmarked[]).flatMap((c) => (c.kind === 'data' ? [c.bytes] : []));
  const out = new Uint8Array(data.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of data) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** The bytes of one direction (or both, in the order they were followed), as one array: what Save writes. */
export function followedBytes(stream: FollowStream, direction?: 0 | 1): Uint8Array {
  return joined(stream.chunks.filter((c) => direction === undefined || c.direction === direction));
}
