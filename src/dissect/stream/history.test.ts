// A direction's history kept two ways (flow.ts): copied (the CLI) or read back from the frames (the app). The tracker
// must say the same with either, on every frame of every shared capture, and on an overlap with different bytes.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import { firstTimestamp, trackCaptureFrame } from '../../inputs/capture-frames';
import { dissectLean } from '../engine';
import { cotp, tcpConversation, tpkt } from '../testing/frames';
import { APP_USE, DEFAULT_CAPS } from './state';
import { createStreamTracker, STREAM_WANTS, type StreamTracker } from './index';

const CAPTURES = new URL('../../../../shared/captures/', import.meta.url);

/** Every frame's facts and every conversation (its TPDUs and events) the tracker ends with, as JSON. */
function outcome(tracker: StreamTracker, frames: number): string {
  const facts = Array.from({ length: frames }, (_, i) => tracker.facts(i + 1) ?? null);
  return JSON.stringify({ facts, conversations: tracker.conversations() });
}

describe('tracker with the history read back from frames', { timeout: 120_000 }, () => {
  const files = readdirSync(CAPTURES)
    .filter((f) => /\.(pcap|pcapng|gz)$/.test(f))
    .sort();

  it('says on every shared capture what it says with the history copied', () => {
    let compared = 0;
    let readBacks = 0;
    for (const file of files) {
      const reader = readCapture(readFileSync(new URL(file, CAPTURES)));
      const start = firstTimestamp(reader);
      const copied = createStreamTracker({});
      const frameBytes = (n: number) => {
        readBacks++;
        return reader.frameBytes(n);
      };
      const readBack = createStreamTracker({}, DEFAULT_CAPS, { ...APP_USE, frameBytes });
      for (let n = 1; n <= reader.frameCount(); n++) {
        trackCaptureFrame(copied, reader, n, start);
        trackCaptureFrame(readBack, reader, n, start);
      }
      copied.finish();
      readBack.finish();
      expect(outcome(readBack, reader.frameCount()), file).toBe(outcome(copied, reader.frameCount()));
      compared += copied.conversations().reduce((sum, c) => sum + c.events.length, 0);
    }
    // Bytes carried again were compared with frames read back.
    expect(compared).toBeGreaterThan(0);
    expect(readBacks).toBeGreaterThan(0);
  });

  it('tells a retransmission from an overlap with different bytes, reading the first copy back from its frame', () => {
    const dt = (data: number[]) => tpkt(cotp([0xf0, 0x80], data, 2));
    const first = dt([1, 2, 3, 4, 5, 6, 7, 8]);
    const changed = dt([1, 2, 3, 4, 9, 6, 7, 8]);
    const frames = tcpConversation([
      { from: 'client', payload: first },
      { from: 'client', payload: first, seq: 1000 },
      { from: 'client', payload: changed, seq: 1000 },
    ]);
    const read: number[] = [];
    const tracker = createStreamTracker({}, DEFAULT_CAPS, {
      ...APP_USE,
      frameBytes: (n) => {
        read.push(n);
        return frames[n - 1];
      },
    });
    frames.forEach((bytes, i) => tracker.push(dissectLean(bytes, 1, i + 1, STREAM_WANTS, {}), bytes, i));
    tracker.finish();
    const events = tracker.conversations()[0]!.events.map((e) => [e.frame, e.code]);
    expect(events).toContainEqual([2, 'retransmission']);
    expect(tracker.facts(3)?.notes.map((note) => note.code)).toContain('overlap-conflict');
    expect(read).toEqual([1, 1]);
  });
});
