// Reassembly in one pass, for a caller that writes frames in capture order as it reads them (the CLI on a file of
// any size, stdin included). Each frame is dissected once on its own and handed to the stream tracker; it is written
// as soon as its facts are final — at once for the usual frame, which holds no part of a TPKT or TSDU still open —
// and held back, with the frames after it, until the PDU it starts completes (or is known never to): then the earlier
// segments can say which frame completes them, as after two passes, while the file is read once.
import type { DissectOptions } from '../dissector';
import { dissectFrame } from '../engine';
import type { Frame } from '../model';
import { dissectWithStream } from './frame';
import { createStreamTracker, DEFAULT_CAPS, type StreamCaps } from './tracker';

/** Frames held back at most; past it the oldest is written with the facts it has ("not completed yet"), as tshark's one pass writes it. */
export const DEFAULT_HOLD = 1024;

export interface InOrderFrame<T> {
  readonly frame: Frame;
  readonly bytes: Uint8Array;
  /** What the caller gave with the frame (its capture record). */
  readonly item: T;
}

export interface InOrderStream<T> {
  /** The next frame in capture order; returns the frames now final, oldest first (this one, earlier ones, or none). */
  push(number: number, linkType: number, bytes: Uint8Array, time: number | undefined, item: T): InOrderFrame<T>[];
  /** The capture has ended: the frames still held, with what is now known (TPKTs never completed). */
  finish(): InOrderFrame<T>[];
}

interface Held<T> {
  readonly number: number;
  readonly linkType: number;
  readonly bytes: Uint8Array;
  readonly item: T;
  /** The frame dissected on its own: final when the tracker has nothing to say about it. */
  readonly own: Frame;
}

export function createInOrderStream<T>(
  options: DissectOptions = {},
  caps: StreamCaps = DEFAULT_CAPS,
  hold = DEFAULT_HOLD,
): InOrderStream<T> {
  // The tracker keeps each reassembled PDU's bytes with the frame that completes it, so that no earlier frame's bytes
  // are needed once written.
  const tracker = createStreamTracker(options, caps, { timeline: false, keepBytes: true });
  const held: Held<T>[] = [];
  const noBytes = () => undefined;

  const release = (h: Held<T>): InOrderFrame<T> => {
    const facts = tracker.facts(h.number);
    tracker.forget(h.number);
    const frame = facts ? dissectWithStream(h.bytes, h.linkType, h.number, options, facts, noBytes) : h.own;
    return { frame, bytes: h.bytes, item: h.item };
  };

  return {
    push(number, linkType, bytes, time, item) {
      const own = dissectFrame(bytes, linkType, number, options);
      tracker.push(own, bytes, time);
      held.push({ number, linkType, bytes, item, own });
      const settled = tracker.settledBefore();
      const out: InOrderFrame<T>[] = [];
      while (held.length > 0 && (held[0]!.number < settled || held.length > hold)) out.push(release(held.shift()!));
      return out;
    },
    finish() {
      tracker.finish();
      return held.splice(0).map(release);
    },
  };
}
