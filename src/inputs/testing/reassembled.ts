// Test-only: a capture with reassembly on, as the app shows it — every frame through the stream tracker first, then
// each frame dissected with its facts and any frame's bytes at hand.
import { createStreamTracker, dissectWithStream } from '../../dissect/stream';
import type { Frame } from '../../dissect/model';
import { readCapture } from '../capture';
import { firstTimestamp, trackCaptureFrame } from '../capture-frames';

/** `last`: the capture read up to this frame only, as if it ended there. */
export function reassembledFrames(file: Uint8Array, last?: number): Frame[] {
  const reader = readCapture(file);
  const start = firstTimestamp(reader);
  const tracker = createStreamTracker();
  const count = last ?? reader.frameCount();
  for (let n = 1; n <= count; n++) trackCaptureFrame(tracker, reader, n, start);
  tracker.finish();
  const out: Frame[] = [];
  for (let n = 1; n <= count; n++) {
    out.push(
      dissectWithStream(
        reader.frameBytes(n)!,
        reader.frame(n)!.linkType,
        n,
        {},
        tracker.facts(n),
        (k) => reader.frameBytes(k),
        { tcp: tracker.tcp, time: undefined },
      ),
    );
  }
  return out;
}
