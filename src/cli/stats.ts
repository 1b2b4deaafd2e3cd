// tshark's statistics options the CLI has: `-z follow,tcp,ascii|hex|raw,N` (Follow TCP Stream of tcp.stream N) and
// `-z conv,tcp` (the TCP conversation table), written after the frames as tshark writes them (byte for byte where
// it can be: src/cli/stats.test.ts diffs them with tshark 4.0's on the shared captures). The capture is read once
// more for them, every frame through the stream tracker, so that stream N is the conversation `tcp.stream == N` names.
import type { DissectOptions } from '../dissect/dissector';
import { dissectLean } from '../dissect/engine';
import { createStreamTracker, STREAM_IDS, tcpSegmentOf } from '../dissect/stream';
import { LeanWants } from '../dissect/sink';
import { createConversationIndex, createConversationStats } from '../dissect/stream/conversation-stats';
import { FOLLOW_IDS, followSegmentOf, followStream, type FollowSegment } from '../dissect/stream/follow';
import type { Conversation } from '../dissect/stream';
import { createCaptureReader } from '../inputs/capture';
import { firstTimestamp, secondsSince } from '../inputs/capture-frames';
import { conversationsText, FOLLOW_FORMATS, followText, type FollowFormat } from '../export/follow-text';

export type Statistic =
  { readonly kind: 'follow'; readonly format: FollowFormat; readonly stream: number } | { readonly kind: 'conv' };

/** The tracker's fields and Follow's. */
const WANTS = new LeanWants(new Set([...STREAM_IDS, ...FOLLOW_IDS]));

export const STATISTICS_HELP = 'follow,tcp,ascii|hex|raw,STREAM or conv,tcp';

/** One -z value, or undefined when the CLI does not have it. */
export function parseStatistic(text: string): Statistic | undefined {
  if (text === 'conv,tcp') return { kind: 'conv' };
  const follow = /^follow,tcp,([a-z]+),(\d{1,9})$/.exec(text);
  const format = follow?.[1] as FollowFormat | undefined;
  if (!follow || !format || !FOLLOW_FORMATS.includes(format)) return undefined;
  return { kind: 'follow', format, stream: Number(follow[2]) };
}

/** The statistics' text, from a capture's chunks; in reverse order of the options, as tshark draws its taps. */
export async function statisticsText(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  statistics: readonly Statistic[],
  options: DissectOptions,
  count: number | undefined,
): Promise<string> {
  const reader = createCaptureReader();
  for await (const chunk of chunks) reader.push(chunk);
  reader.end();
  const tracker = createStreamTracker(options);
  const conversations = () => tracker.conversations();
  const stats = createConversationStats(conversations);
  const conversationOf = createConversationIndex(conversations);
  const followed = new Set(statistics.flatMap((s) => (s.kind === 'follow' ? [s.stream] : [])));
  const segments = new Map<number, { conversation: Conversation; segments: FollowSegment[] }>();
  const start = firstTimestamp(reader);
  const last = Math.min(reader.frameCount(), count ?? Infinity);
  for (let n = 1; n <= last; n++) {
    const capture = reader.frame(n);
    const bytes = reader.frameBytes(n);
    if (!capture || !bytes) continue;
    const record = dissectLean(bytes, capture.linkType, n, WANTS, options);
    const time = secondsSince(capture.time, start);
    tracker.push(record, bytes, time);
    stats.add(record, capture.originalLength, time);
    const segment = tcpSegmentOf(record);
    const conversation = segment && conversationOf(segment);
    if (!conversation || !followed.has(conversation.id - 1)) continue;
    let entry = segments.get(conversation.id);
    if (!entry) segments.set(conversation.id, (entry = { conversation, segments: [] }));
    const one = followSegmentOf(conversation, record, bytes.slice());
    if (one) entry.segments.push(one);
  }
  return [...statistics]
    .reverse()
    .map((s) => {
      if (s.kind === 'conv') return conversationsText(stats.rows());
      const entry = segments.get(s.stream + 1);
      return followText(entry && followStream(entry.conversation, entry.segments), s.stream, s.format);
    })
    .join('');
}
