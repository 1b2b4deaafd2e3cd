// Reassembly in one pass, for a caller that writes frames in capture order as it reads them (the CLI on a file of
// any size, stdin included). Each frame is dissected once on its own — lean, or into a tree when every frame is written
// with its fields — and handed to the stream tracker; it is written as soon as its facts are final — at once for the usual frame, which holds no part of a TPKT or TSDU still
// open — and held back, with the frames after it, until the PDU it starts completes (or is known never to): then the
// earlier segments can say which frame completes them, as after two passes, while the file is read once. A frame is
// dissected again only when the stream has something to say about it, or when a lean stream's caller wants its fields.
import type { DissectOptions } from '../dissector';
import { dissectFrame, dissectLean } from '../engine';
import type { Frame } from '../model';
import { recordOf } from '../record';
import type { FrameRecord, LeanWants } from '../sink';
import { dissectWithStream, dissectWithStreamLean } from './frame';
import { STREAM_WANTS } from './ids';
import type { FrameFacts } from './model';
import { createStreamTracker, DEFAULT_CAPS, type StreamCaps } from './tracker';
import { createTcpStreams } from './tcp-facts';

/** Frames held back at most; past it the oldest is written with the facts it has ("not completed yet"), as tshark's one pass writes it. */
export const DEFAULT_HOLD = 1024;
/** Frames kept past `hold` before their TCP facts are let go (a written frame's writer is done with it long before). */
const FORGET_MARGIN = 4096;

/** A frame whose facts are final. */
export interface InOrderFrame<T> {
  readonly number: number;
  readonly linkType: number;
  readonly bytes: Uint8Array;
  /** What the caller gave with the frame (its capture record). */
  readonly item: T;
  /** Seconds since the capture's first frame (undefined without timestamps). */
  readonly time: number | undefined;
  /** The frame dissected on its own, lean. */
  readonly own: FrameRecord;
  /** … and with its fields, when the stream was asked for `trees`. */
  readonly ownTree: Frame | undefined;
  /** What the stream layer knows about it; undefined when nothing (it is as on its own). */
  readonly facts: FrameFacts | undefined;
}

export interface InOrderStream<T> {
  /**
   * The next frame in capture order; returns the frames now final, oldest first (this one, earlier ones, or none): a
   * list the stream reuses, to read before the next push.
   */
  push(number: number, linkType: number, bytes: Uint8Array, time: number | undefined, item: T): InOrderFrame<T>[];
  /** The capture has ended: the frames still held, with what is now known (TPKTs never completed). */
  finish(): InOrderFrame<T>[];
  /** A final frame as a lean pass reads it (the values of the stream's `wants`), reassembly on. */
  record(frame: InOrderFrame<T>): FrameRecord;
  /** A final frame with its fields (for a writer that shows them), reassembly on. */
  tree(frame: InOrderFrame<T>): Frame;
}

/**
 * The facts as they stand: a segment of a PDU still open (the frame written before it completes, past `hold`) learns
 * later where it completes, in the piece the tracker keeps; the frame written says what was known when it was.
 */
function settled(facts: FrameFacts | undefined): FrameFacts | undefined {
  if (!facts?.pieces) return facts;
  return { ...facts, pieces: facts.pieces.map((p) => (p.kind === 'segment' ? { ...p } : p)) };
}

export interface InOrderUse {
  /**
   * Off: no PDU is reassembled; each frame is final at once, as dissected on its own (default: on). TCP's own facts
   * (tcp.stream, relative numbers) are there either way.
   */
  readonly reassembly?: boolean;
  /** What the caller reads of each frame's record (a filter's fields …), STREAM_IDS included: the tracker reads those. */
  readonly wants?: LeanWants;
  readonly caps?: StreamCaps;
  /** Frames held back at most (DEFAULT_HOLD). */
  readonly hold?: number;
  /**
   * The caller writes every frame with its fields (-V, --json …): each frame is dissected into a tree from the start,
   * its record read from the tree, and a frame the stream has nothing to say about is not dissected twice.
   */
  readonly trees?: boolean;
}

export function createInOrderStream<T>(options: DissectOptions = {}, use: InOrderUse = {}): InOrderStream<T> {
  const { wants = STREAM_WANTS, caps = DEFAULT_CAPS, hold = DEFAULT_HOLD, trees = false } = use;
  // TCP's facts are made while each frame is dissected the first time, in capture order, reassembly on or off.
  const tcp = createTcpStreams();
  // The tracker keeps each reassembled PDU's bytes with the frame that completes it, so that no earlier frame's bytes
  // are needed once written.
  const tracker =
    use.reassembly === false
      ? undefined
      : createStreamTracker(options, caps, { timeline: false, keepBytes: true }, tcp);
  // Each frame is made once, its facts filled in when it is released (no second object per frame).
  const held: { -readonly [K in keyof InOrderFrame<T>]: InOrderFrame<T>[K] }[] = [];
  const noBytes = () => undefined;
  // Read by the dissection during the call only: one of each for the whole stream, not one per frame.
  const own: { tcp: typeof tcp; time: number | undefined } = { tcp, time: undefined };
  const out: InOrderFrame<T>[] = [];

  const release = (h: (typeof held)[number]): InOrderFrame<T> => {
    h.facts = settled(tracker?.facts(h.number));
    tracker?.forget(h.number);
    return h;
  };

  return {
    push(number, linkType, bytes, time, item) {
      own.time = time;
      const ownTree = trees ? dissectFrame(bytes, linkType, number, options, undefined, own) : undefined;
      const record = ownTree
        ? recordOf(ownTree, wants.ids)
        : dissectLean(bytes, linkType, number, wants, options, undefined, own);
      // Frames this far back were written long ago (at most `hold` wait): their TCP facts can go.
      tcp.forgetBefore(number - hold - FORGET_MARGIN);
      out.length = 0;
      const frame = { number, linkType, bytes, time, item, own: record, ownTree, facts: undefined };
      if (!tracker) {
        out.push(frame);
        return out;
      }
      tracker.push(record, bytes, time);
      held.push(frame);
      const settled = tracker.settledBefore();
      while (held.length > 0 && (held[0]!.number < settled || held.length > hold)) out.push(release(held.shift()!));
      return out;
    },
    finish() {
      tracker?.finish();
      return held.splice(0).map(release);
    },
    record: (f) =>
      f.facts
        ? dissectWithStreamLean(f.bytes, f.linkType, f.number, options, f.facts, noBytes, wants, { tcp, time: f.time })
        : f.own,
    tree: (f) =>
      !f.facts && f.ownTree
        ? f.ownTree
        : dissectWithStream(f.bytes, f.linkType, f.number, options, f.facts, noBytes, { tcp, time: f.time }),
  };
}
