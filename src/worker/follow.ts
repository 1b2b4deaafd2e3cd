// Follow TCP Stream in the worker: the conversation asked for (by a frame of it, or by its tcp.stream), its frames
// read again from the capture and followed (src/dissect/stream/follow.ts). Frames are dissected on their own, lean,
// for their TCP segment only: Follow needs neither reassembly nor any layer above TCP.
import type { DissectOptions } from '../dissect/dissector';
import { dissectLean } from '../dissect/engine';
import { LeanWants } from '../dissect/sink';
import type { Conversation } from '../dissect/stream';
import {
  conversationOfFrame,
  FOLLOW_IDS,
  followSegmentOf,
  followStream,
  type FollowStream,
} from '../dissect/stream/follow';
import type { CaptureReader } from '../inputs/capture';
import { UNREADABLE_WHY, unreadableFrames } from './unreadable';

const WANTS = new LeanWants(new Set(FOLLOW_IDS));

export function followOfCapture(
  reader: CaptureReader,
  conversations: readonly Conversation[],
  options: DissectOptions,
  asked: { readonly frame?: number; readonly stream?: number },
): { stream: FollowStream } | { reason: string } {
  const lean = (n: number) => {
    const record = reader.frame(n);
    const bytes = reader.frameBytes(n);
    return record && bytes ? { record: dissectLean(bytes, record.linkType, n, WANTS, options), bytes } : undefined;
  };
  let conversation: Conversation | undefined;
  if (asked.stream !== undefined) conversation = conversations.find((c) => c.id === asked.stream! + 1);
  else if (asked.frame !== undefined) {
    const frame = lean(asked.frame);
    if (!frame && reader.frame(asked.frame))
      return {
        reason: `Frame ${asked.frame}'s bytes can no longer be read: ${UNREADABLE_WHY}. Open it again to follow its stream.`,
      };
    conversation = frame && conversationOfFrame(conversations, frame.record);
    if (!conversation) return { reason: `Frame ${asked.frame} is not a TCP segment: there is no TCP stream to follow` };
  }
  if (!conversation) return { reason: `There is no TCP stream ${asked.stream ?? ''} in this capture` };
  const segments = [];
  let unreadable = 0;
  for (let n = conversation.firstFrame; n <= conversation.lastFrame; n++) {
    const frame = lean(n);
    if (!frame && reader.frame(n)) unreadable++;
    const segment = frame && followSegmentOf(conversation, frame.record, frame.bytes);
    if (segment) segments.push(segment);
  }
  // A stream with holes where bytes could not be read back would look like lost data: say why instead.
  if (unreadable > 0)
    return {
      reason: `${unreadableFrames(unreadable)} of TCP stream ${conversation.id - 1} can no longer be read: ${UNREADABLE_WHY}. Open it again to follow it.`,
    };
  const stream = followStream(conversation, segments);
  // Copies: a frame's bytes may be a view into a chunk of the file, which a message would copy whole.
  const chunks = stream.chunks.map((c) => (c.kind === 'data' ? { ...c, bytes: c.bytes.slice() } : c));
  return { stream: { ...stream, chunks } };
}
