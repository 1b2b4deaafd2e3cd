// A direction's history of in-order bytes (flow.ts): what a retransmission or an overlap is compared with. Both kinds
// give the same answers: a copy of the bytes (the CLI) and their place in frames read back (the app).
import { describe, expect, it } from 'vitest';
import { BufferHistory, FrameHistory, type Direction, type SpareBuffers } from './flow';

/** Each frame's captured bytes: HEADER octets (any lower layers) and then the segment's payload. */
const framesSeen = new Map<number, Uint8Array>();
const HEADER = 54;
/** How often a frame was read back. */
let readBacks = 0;

const buffered = (): Direction => ({ tracked: true, history: new BufferHistory() });
const readBack = (): Direction => ({
  tracked: true,
  history: new FrameHistory((frame) => {
    readBacks++;
    return framesSeen.get(frame);
  }),
});

/** A segment's payload arrives in frame `frame` after HEADER octets of lower layers; it is remembered in `d`. */
function remember(d: Direction, seq: number, frame: number, payload: Uint8Array, cap: number, spare?: SpareBuffers) {
  const bytes = new Uint8Array(HEADER + payload.length).fill(0xee);
  bytes.set(payload, HEADER);
  framesSeen.set(frame, bytes);
  d.history.remember(seq, frame, bytes, HEADER, bytes.length, cap, spare);
}

/** Segment `k` of a run: `length` bytes, each its sequence number's low octet plus k (so that segments differ). */
const segment = (seq: number, length: number, k = 0) => Uint8Array.from({ length }, (_, i) => (seq + i + k) & 0xff);

describe.each([
  ['copied', buffered],
  ['read back from frames', readBack],
])('direction history, %s', (_, direction) => {
  it('tells the same bytes again from other bytes, across segments, and names the first frame that carried them', () => {
    const d = direction();
    remember(d, 1000, 1, segment(1000, 100), 1024);
    remember(d, 1100, 2, segment(1100, 100), 1024);
    // Bytes 1050..1150: the end of frame 1's, the start of frame 2's.
    expect(d.history.compare(1050, segment(1050, 100))).toEqual({ role: 'retransmission', frame: 1 });
    const changed = segment(1050, 100);
    changed[70] = changed[70]! ^ 0xff;
    expect(d.history.compare(1050, changed)).toEqual({ role: 'conflict', frame: 2 });
    // Older than anything kept.
    expect(d.history.compare(900, segment(900, 50))).toEqual({ role: 'out-of-order' });
  });

  it('keeps the latest bytes up to the cap however many segments came, oldest dropped first', () => {
    const d = direction();
    const cap = 1000;
    // 300 segments of 7 to 150 bytes: the buffer grows and moves what it keeps to its front many times.
    let seq = 0xfffff000;
    for (let frame = 1; frame <= 300; frame++) {
      const length = 7 + ((frame * 37) % 144);
      remember(d, seq, frame, segment(seq, length), cap);
      seq = (seq + length) >>> 0;
    }
    const h = d.history;
    const held = h instanceof BufferHistory ? h.lengths.reduce((a, b) => a + b, 0) : (h as FrameHistory).held;
    expect(held).toBeGreaterThanOrEqual(cap - 150);
    expect(held).toBeLessThan(cap + 150);
    if (h instanceof BufferHistory) expect(h.buffer.length).toBeLessThanOrEqual(1.25 * cap + 2 * 150);
    // Where the bytes lie: as many segments as the bytes held need (and dropped ones cut off now and then).
    else expect((h as FrameHistory).seqs.length).toBeLessThanOrEqual(2 * (cap / 7 + 64));
    // The last `held` bytes are all there, byte for byte; one more before them is not.
    const oldest = (seq - held) >>> 0;
    expect(d.history.compare(oldest, segment(oldest, held)).role).toBe('retransmission');
    expect(d.history.compare((oldest - 1) >>> 0, segment((oldest - 1) >>> 0, held + 1)).role).toBe('out-of-order');
    const last = segment((seq - 5) >>> 0, 5);
    last[4] = last[4]! ^ 1;
    expect(d.history.compare((seq - 5) >>> 0, last)).toEqual({ role: 'conflict', frame: 300 });
  });

  it('forgets everything after a gap', () => {
    const d = direction();
    remember(d, 0, 1, segment(0, 10), 1024);
    d.history.forget();
    expect(d.history.compare(0, segment(0, 10))).toEqual({ role: 'out-of-order' });
    remember(d, 500, 2, segment(500, 10), 1024);
    expect(d.history.compare(500, segment(500, 10))).toEqual({ role: 'retransmission', frame: 2 });
  });
});

describe('direction history, copied', () => {
  it('passes a buffer a direction outgrew to the next direction that grows, which keeps its own bytes in it', () => {
    const spare: SpareBuffers = [];
    const cap = 64 * 1024;
    const first = buffered();
    let seq = 5000;
    for (let frame = 1; frame <= 4; frame++) {
      remember(first, seq, frame, segment(seq, 100, 1), cap, spare);
      seq += 100;
    }
    // 400 bytes held: the 256-octet buffer it started in was outgrown, and is kept for another direction.
    expect((first.history as BufferHistory).buffer.length).toBeGreaterThanOrEqual(400);
    const outgrown = spare.flat();
    expect(outgrown).toHaveLength(1);
    const second = buffered();
    remember(second, 70_000, 9, segment(70_000, 100, 2), cap, spare);
    expect((second.history as BufferHistory).buffer).toBe(outgrown[0]);
    expect(spare.flat()).toHaveLength(0);
    // Each direction compares with its own bytes, not with the other's left in the buffer it took.
    expect(second.history.compare(70_000, segment(70_000, 100, 2))).toEqual({ role: 'retransmission', frame: 9 });
    expect(first.history.compare(5000, segment(5000, 400, 1))).toEqual({ role: 'retransmission', frame: 1 });
    expect(second.history.compare(70_000, segment(70_000, 100, 1)).role).toBe('conflict');
  });
});

describe('direction history, read back from frames', () => {
  it('keeps no copy of the bytes, reads a frame only to compare an overlap, and cannot compare a frame it cannot read', () => {
    const d = readBack();
    const before = readBacks;
    remember(d, 1000, 101, segment(1000, 100), 1024);
    remember(d, 1100, 102, segment(1100, 100), 1024);
    expect(readBacks).toBe(before);
    expect(d.history.compare(1100, segment(1100, 50))).toEqual({ role: 'retransmission', frame: 102 });
    expect(readBacks).toBe(before + 1);
    // Frame 102 can no longer be read: its bytes are as if older than the history (not the same, not different).
    framesSeen.delete(102);
    expect(d.history.compare(1100, segment(1100, 50))).toEqual({ role: 'out-of-order' });
    expect(d.history.compare(1000, segment(1000, 100))).toEqual({ role: 'retransmission', frame: 101 });
  });
});
