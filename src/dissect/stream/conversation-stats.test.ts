// The conversation table counted by tcp.stream (the app's way: each frame dissected with the tracker's TCP table)
// gives the rows that counting by endpoints (the CLI's -z conv, frames dissected alone) gives, on every shared capture.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import { firstTimestamp, secondsSince, trackCaptureFrame } from '../../inputs/capture-frames';
import { createConversationStats } from './conversation-stats';
import { createStreamTracker } from './tracker';

const DIR = new URL('../../../../shared/captures/', import.meta.url);
const CAPTURES = readdirSync(DIR)
  .filter((n) => /\.(pcap|pcapng|gz)$/.test(n))
  .sort();

describe('conversation statistics by tcp.stream', () => {
  it.each(CAPTURES)('%s: the same rows as by endpoints', { timeout: 60_000 }, (name) => {
    const reader = readCapture(readFileSync(new URL(name, DIR)));
    const start = firstTimestamp(reader);
    const tracker = createStreamTracker();
    const byStream = createConversationStats(() => tracker.conversations(), tracker.tcp);
    const byEndpoints = createConversationStats(() => tracker.conversations());
    for (let n = 1; n <= reader.frameCount(); n++) {
      const record = trackCaptureFrame(tracker, reader, n, start);
      if (!record) continue;
      const frame = reader.frame(n)!;
      const time = secondsSince(frame.time, start);
      byStream.add(record, frame.originalLength, time);
      byEndpoints.add(record, frame.originalLength, time);
    }
    const rows = byStream.rows();
    expect(rows).toEqual(byEndpoints.rows());
    expect(rows.reduce((n, r) => n + r.frames[0] + r.frames[1], 0)).toBeGreaterThanOrEqual(
      tracker.conversations().length,
    );
  });
});
