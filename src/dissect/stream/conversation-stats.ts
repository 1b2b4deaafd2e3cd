// TCP conversation statistics, as Wireshark's Conversations table (and tshark's `-z conv,tcp`) give them: per
// conversation, frames and bytes each way, when it started and how long it lasted, and here its TPDUs. Counted frame by
// frame beside the stream tracker, which says what the conversations are: a frame counts for the conversation the
// tracker gave it. That is the conversation of its tcp.stream when the TCP layer placed the frame in the tracker's
// table (as the tracker decides, tracker.ts); otherwise the one found by its endpoints among the conversations made so
// far (a port reused makes a new one, which takes the endpoints over from then on).
import type { FrameRecord } from '../sink';
import type { Conversation, Endpoint } from './model';
import { tcpSegmentOf, type TcpSegment } from './segment';
import type { TcpStreamTable } from './tcp-facts';

/** One row of the table: a conversation's counts. Direction 0 is from `a` (the first sender) to `b`. */
export interface ConversationRow {
  /** The conversation's id in the tracker; its `tcp.stream` is id − 1. */
  readonly id: number;
  readonly a: Endpoint;
  readonly b: Endpoint;
  readonly frames: readonly [number, number];
  /** Bytes on the wire (frame lengths, as Wireshark counts them). */
  readonly bytes: readonly [number, number];
  /** Seconds since the capture's first frame; absent without timestamps. */
  readonly start?: number;
  readonly duration?: number;
  /** TPDUs the conversation carried (TPKT conversations only; 0 otherwise). */
  readonly tpdus: number;
}

const keyOf = (source: string, srcport: number, destination: string, dstport: number) =>
  `${source}|${srcport}>${destination}|${dstport}`;

/**
 * Which conversation a segment belongs to, just after the tracker was given it: the latest one made for its endpoints
 * (either way round), as the tracker chose.
 */
export function createConversationIndex(conversations: () => readonly Conversation[]) {
  const byKey = new Map<string, Conversation>();
  let seen = 0;
  return (segment: TcpSegment): Conversation | undefined => {
    const list = conversations();
    for (; seen < list.length; seen++) {
      const c = list[seen]!;
      byKey.set(keyOf(c.a.address, c.a.port, c.b.address, c.b.port), c);
      byKey.set(keyOf(c.b.address, c.b.port, c.a.address, c.a.port), c);
    }
    return byKey.get(keyOf(segment.source, segment.srcport, segment.destination, segment.dstport));
  };
}

interface Counts {
  frames: [number, number];
  bytes: [number, number];
  first?: number;
  last?: number;
}

export interface ConversationStats {
  /**
   * A frame the tracker has just been given: its lean record (with the values of STREAM_IDS), its length on the wire,
   * its time in seconds since the first frame.
   */
  add(record: FrameRecord, wireLength: number, time: number | undefined): void;
  /** The table, one row per conversation in order of first appearance. */
  rows(): ConversationRow[];
}

/**
 * `tcp`: the tracker's table of TCP conversations (`StreamTracker.tcp`), when the frames were dissected with it: a
 * frame it placed is counted for the conversation of its tcp.stream (id = tcp.stream + 1, flow.ts), no endpoint key
 * made per frame.
 */
export function createConversationStats(
  conversations: () => readonly Conversation[],
  tcp?: Pick<TcpStreamTable, 'streamOf'>,
): ConversationStats {
  const conversationOf = createConversationIndex(conversations);
  const counts = new Map<number, Counts>();
  /** Conversations by tcp.stream (id − 1), filled as the tracker makes them. */
  const byStream: Conversation[] = [];
  let seen = 0;
  const ofStream = (stream: number): Conversation | undefined => {
    const list = conversations();
    for (; seen < list.length; seen++) byStream[list[seen]!.id - 1] = list[seen]!;
    return byStream[stream];
  };
  return {
    add(record, wireLength, time) {
      const segment = tcpSegmentOf(record);
      if (!segment) return;
      const placed = tcp !== undefined && tcp.streamOf(record.number) === segment.stream;
      const conversation = placed ? ofStream(segment.stream) : conversationOf(segment);
      if (!conversation) return;
      let c = counts.get(conversation.id);
      if (!c) counts.set(conversation.id, (c = { frames: [0, 0], bytes: [0, 0] }));
      const from = conversation.a;
      const direction = from.address === segment.source && from.port === segment.srcport ? 0 : 1;
      c.frames[direction]++;
      c.bytes[direction] += wireLength;
      if (time !== undefined) {
        c.first ??= time;
        c.last = time;
      }
    },
    rows: () =>
      conversations().map((conversation) => {
        const c = counts.get(conversation.id) ?? { frames: [0, 0], bytes: [0, 0] };
        return {
          id: conversation.id,
          a: conversation.a,
          b: conversation.b,
          frames: [...c.frames],
          bytes: [...c.bytes],
          ...(c.first !== undefined ? { start: c.first, duration: c.last! - c.first } : {}),
          tpdus: conversation.tpdus.length,
        };
      }),
  };
}
