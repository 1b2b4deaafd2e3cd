// The stream layer on frames built byte by byte: a TPKT split over three segments, a retransmission, an overlap with
// different bytes, a gap, a COTP TSDU over three DT TPDUs, the TSDU cap; and a conversation's TPDU list.
import { describe, expect, it } from 'vitest';
import { dissectFrame, dissectLean } from '../engine';
import { cotp, tcpConversation, tpkt } from '../testing/frames';
import type { Frame } from '../model';
import { createStreamTracker, dissectWithStream, STREAM_WANTS, type StreamTracker } from './index';

const CR = tpkt(cotp([0xe0, 0, 0, 0, 1, 0], [], 6));
const CC = tpkt(cotp([0xd0, 0, 1, 0, 2, 0], [], 6));
const dt = (data: number[], eot = true) => tpkt(cotp([0xf0, eot ? 0x80 : 0x00], data, 2));
const DR = tpkt(cotp([0x80, 0, 1, 0, 2, 0x80], [], 6));

/** Client 1555 → server 102 (direction 0) and back. */
const conversation = (segments: Parameters<typeof tcpConversation>[0]) => tcpConversation(segments);

/**
 * `analysed`: as a capture pass does, each frame dissected first in capture order with the TCP conversations
 * (tcp-facts.ts), so that the sequence analysis speaks too; without, the tracker alone.
 */
function run(
  frames: Uint8Array[],
  caps?: Parameters<typeof createStreamTracker>[1],
  analysed = false,
): { tracker: StreamTracker; dissected: Frame[] } {
  const tracker = createStreamTracker({}, caps);
  const stream = (i: number) => (analysed ? { tcp: tracker.tcp, time: i * 0.5 } : undefined);
  frames.forEach((bytes, i) =>
    tracker.push(dissectLean(bytes, 1, i + 1, STREAM_WANTS, {}, undefined, stream(i)), bytes, i * 0.5),
  );
  tracker.finish();
  const dissected = frames.map((bytes, i) =>
    dissectWithStream(bytes, 1, i + 1, {}, tracker.facts(i + 1), (n) => frames[n - 1], stream(i)),
  );
  return { tracker, dissected };
}

describe('stream tracker', () => {
  it('reassembles a TPKT split over three segments and decodes it in the frame where it completes', () => {
    const big = dt(Array.from({ length: 40 }, (_, i) => i));
    const frames = conversation([
      { from: 'client', payload: CR },
      { from: 'server', payload: CC },
      { from: 'client', payload: big.slice(0, 3) },
      { from: 'client', payload: big.slice(3, 20) },
      { from: 'client', payload: big.slice(20) },
    ]);
    const { dissected, tracker } = run(frames);
    expect(dissected[2]!.summary.info).toMatch(/\[TPKT segment, completed in frame 5\]$/);
    expect(dissected[3]!.summary.info).toMatch(/\[TPKT segment, completed in frame 5\]$/);
    expect(dissected[2]!.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'tcp']);
    expect(dissected[2]!.reassembledIn).toEqual([{ kind: 'tpkt', offset: 54, length: 3, frame: 5 }]);
    const done = dissected[4]!;
    expect(done.summary).toMatchObject({ protocol: 'COTP', info: 'DT TPDU (0) EOT' });
    expect(done.sources).toHaveLength(1);
    const source = done.sources![0]!;
    expect(source.name).toBe('Reassembled TPKT (3 segments, 47 bytes)');
    expect(source.ranges).toEqual([
      { frame: 3, offset: 54, length: 3, sourceOffset: 0 },
      { frame: 4, offset: 54, length: 17, sourceOffset: 3 },
      { frame: 5, offset: 54, length: 27, sourceOffset: 20 },
    ]);
    expect(source.raw).toBe(Buffer.from(big).toString('hex'));
    expect(source.layers.map((l) => l.protocol)).toEqual(['tpkt', 'cotp']);
    expect(done.problems).toEqual([]);
    const timeline = tracker.conversations()[0]!.tpdus.map((t) => `${t.direction}${t.type}${t.segments ?? ''}`);
    expect(timeline).toEqual(['0CR', '1CC', '0DT3']);
  });

  it('does not decode a retransmission twice; the sequence analysis, not the tracker, makes it the problem', () => {
    const frames = conversation([
      { from: 'client', payload: CR },
      { from: 'client', payload: CR, seq: 1000 },
    ]);
    const { dissected, tracker } = run(frames, undefined, true);
    expect(dissected[1]!.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'tcp']);
    expect(dissected[1]!.summary.info).toMatch(/\[Retransmission of frame 1\]$/);
    expect(dissected[1]!.problems.map((p) => `${p.severity} ${p.code} ${p.fieldId}`)).toEqual([
      'note retransmission tcp.analysis.retransmission',
    ]);
    expect(tracker.conversations()[0]!.tpdus).toHaveLength(1);
    expect(tracker.conversations()[0]!.events.map((e) => `${e.frame} ${e.code}`)).toEqual(['2 retransmission']);
  });

  it('flags an overlap whose bytes differ as an error and merges neither copy', () => {
    const changed = [...CR];
    changed[10] = 0x99;
    const frames = conversation([
      { from: 'client', payload: CR },
      { from: 'client', payload: changed, seq: 1000 },
    ]);
    const { dissected } = run(frames);
    expect(dissected[1]!.problems.map((p) => `${p.severity} ${p.code}`)).toEqual(['error overlap-conflict']);
    expect(dissected[1]!.summary.info).toMatch(/\[Overlap, bytes differ\]$/);
  });

  it('tolerates a gap: the TPKT it cuts is never completed, the next one decodes', () => {
    const big = dt(Array.from({ length: 40 }, (_, i) => i));
    const frames = conversation([
      { from: 'client', payload: big.slice(0, 20) },
      { from: 'client', payload: CR, seq: 1000 + big.length },
    ]);
    const { dissected } = run(frames, undefined, true);
    expect(dissected[0]!.summary.info).toMatch(/\[TPKT segment, never completed\]$/);
    expect(dissected[0]!.problems.map((p) => p.code)).toEqual(['segment-missing']);
    expect(dissected[1]!.summary.info).toBe(
      '[TCP Previous segment not captured] CR TPDU src-ref: 0x0001 dst-ref: 0x0000',
    );
    expect(dissected[1]!.problems.map((p) => `${p.severity} ${p.code} ${p.fieldId}`)).toEqual([
      'warning segment-missing tcp.analysis.lost_segment',
    ]);
  });

  describe('a TPKT the capture ends before completing', () => {
    const big = dt(Array.from({ length: 40 }, (_, i) => i));
    const severities = (frame: Frame) => frame.problems.map((p) => `${p.severity} ${p.code} ${p.fieldId}`);

    it('in one segment: the frame decodes it as far as it goes, with the TPKT note, as without reassembly', () => {
      const frames = conversation([{ from: 'client', payload: [...CR, ...big.slice(0, 8)] }]);
      const { dissected } = run(frames);
      const frame = dissected[0]!;
      expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp', 'tpkt', 'cotp']);
      expect(severities(frame)).toEqual(['note truncated tpkt.length']);
      expect(frame.problems[0]!.offset).toBe(54 + CR.length + 2);
      expect(frame.summary.info).toBe('CR TPDU src-ref: 0x0001 dst-ref: 0x0000, DT TPDU (0) EOT');
      expect(frame).toEqual(dissectFrame(frames[0]!, 1, 1));
    });

    it('over several segments: decoded in the frame holding its last captured bytes, as a source of its own', () => {
      const frames = conversation([
        { from: 'client', payload: CR },
        { from: 'server', payload: CC },
        { from: 'client', payload: big.slice(0, 3) },
        { from: 'client', payload: big.slice(3, 20) },
      ]);
      const { dissected, tracker } = run(frames);
      const [first, last] = [dissected[2]!, dissected[3]!];
      expect(first.summary.info).toMatch(/\[TPKT segment, incomplete, decoded in frame 4\]$/);
      expect(first.problems).toEqual([]);
      expect(first.layers[2]!.fields.find((f) => f.id === 'tcp.segment_data')!.display).toBe(
        '3 bytes, part of a TPKT the capture ends before completing (its captured bytes are decoded in frame 4)',
      );
      expect(last.layers[2]!.fields.find((f) => f.id === 'tcp.segment_data')!.display).toBe(
        '17 bytes, the last captured part of a TPKT the capture ends before completing (decoded below as far as it goes)',
      );
      const source = last.sources![0]!;
      expect(source).toMatchObject({
        kind: 'tpkt',
        name: 'Incomplete TPKT (2 segments, 20 of 47 bytes: the capture ends before the rest)',
        raw: Buffer.from(big.slice(0, 20)).toString('hex'),
      });
      expect(source.ranges.map((r) => [r.frame, r.length])).toEqual([
        [3, 3],
        [4, 17],
      ]);
      expect(source.layers.map((l) => l.protocol)).toEqual(['tpkt', 'cotp']);
      expect(last.summary).toMatchObject({ protocol: 'COTP', info: 'DT TPDU (0) EOT' });
      expect(last.problems).toEqual([
        expect.objectContaining({ severity: 'note', code: 'truncated', fieldId: 'tpkt.length', offset: 2, source: 0 }),
      ]);
      expect(last.problems[0]!.message).toMatch(/^TPKT length is 47, but only 20 bytes are here/);
      // Not a whole TPDU: the conversation lists only what came whole.
      expect(tracker.conversations()[0]!.tpdus.map((t) => t.type)).toEqual(['CR', 'CC']);
    });

    it('a TPKT header split over two segments and nothing more: the header, with the note', () => {
      const frames = conversation([
        { from: 'client', payload: big.slice(0, 2) },
        { from: 'client', payload: big.slice(2, 4) },
      ]);
      const { dissected } = run(frames);
      expect(dissected[1]!.sources![0]!.layers.map((l) => l.protocol)).toEqual(['tpkt']);
      expect(severities(dissected[1]!)).toEqual(['note truncated tpkt.length']);
    });

    it('after bytes that are not TPKT (TLS on 3389), a segment starting with 3 is not vouched for: not decoded', () => {
      const tls = [0x17, 0x03, 0x03, 0x00, 0x05, 1, 2, 3, 4, 5];
      const frames = conversation([
        { from: 'client', payload: CR },
        { from: 'client', payload: tls },
        { from: 'client', payload: big.slice(0, 20) },
      ]);
      const { dissected } = run(frames);
      expect(dissected[2]!.summary.info).toMatch(/\[TPKT segment, never completed\]$/);
      expect(dissected[2]!.sources).toBeUndefined();
    });

    it('a TPKT cut by a gap is still never completed, with a warning, and not decoded', () => {
      const frames = conversation([
        { from: 'client', payload: big.slice(0, 20) },
        { from: 'client', payload: CR, seq: 1000 + big.length },
      ]);
      const { dissected } = run(frames);
      expect(dissected[0]!.sources).toBeUndefined();
      expect(severities(dissected[0]!)).toEqual(['warning segment-missing tcp.segment_data']);
    });
  });

  it('joins COTP DT TPDUs up to EOT into a TSDU shown in the frame where it completes', () => {
    const frames = conversation([
      { from: 'client', payload: dt([1, 2, 3], false) },
      { from: 'client', payload: dt([4, 5], false) },
      { from: 'client', payload: dt([6], true) },
    ]);
    const { dissected, tracker } = run(frames);
    const source = dissected[2]!.sources?.[0];
    expect(source).toMatchObject({
      kind: 'tsdu',
      name: 'Reassembled COTP TSDU (3 DT TPDUs, 6 bytes)',
      raw: '010203040506',
    });
    expect(source!.ranges.map((r) => r.frame)).toEqual([1, 2, 3]);
    expect(dissected[0]!.reassembledIn).toEqual([{ kind: 'tsdu', offset: 61, length: 3, frame: 3 }]);
    expect(tracker.conversations()[0]!.tpdus.map((t) => t.eot)).toEqual([false, false, true]);
  });

  it('stops a TSDU at its cap with a note, and keeps going', () => {
    const frames = conversation([
      { from: 'client', payload: dt([1, 2, 3], false) },
      { from: 'client', payload: dt([4, 5], false) },
      { from: 'client', payload: dt([6], true) },
      { from: 'client', payload: DR },
    ]);
    const { dissected } = run(frames, { history: 1024, tsdu: 4, timeline: 10, events: 10 });
    expect(dissected[1]!.problems.map((p) => p.code)).toEqual(['cap-reached']);
    expect(dissected[2]!.sources).toBeUndefined();
    expect(dissected[3]!.summary.info).toMatch(/^DR TPDU/);
  });

  it('lists a conversation in both directions with timing: CR, CC, DT, DR', () => {
    const frames = conversation([
      { from: 'client', payload: CR },
      { from: 'server', payload: CC },
      { from: 'client', payload: dt([1]) },
      { from: 'server', payload: DR },
    ]);
    const { tracker } = run(frames);
    const [c] = tracker.conversations();
    expect(c).toMatchObject({
      id: 1,
      a: { address: '10.0.0.1', port: 1555 },
      b: { address: '10.0.0.2', port: 102 },
      firstFrame: 1,
      lastFrame: 4,
    });
    expect(c!.tpdus.map((t) => [t.frame, t.time, t.direction, t.type])).toEqual([
      [1, 0, 0, 'CR'],
      [2, 0.5, 1, 'CC'],
      [3, 1, 0, 'DT'],
      [4, 1.5, 1, 'DR'],
    ]);
  });
});
