// The bench's capture is what the Speed issue asks for, and the same on every run: ISO transport over TCP, CR, CC,
// DT (about 15 % of segments with two TPKTs), DR, DC; DT data whose first octet no upper layer claims.
import { describe, expect, it } from 'vitest';
import { fieldsById } from '../src/dissect';
import { readCapture } from '../src/inputs/capture';
import { dissectCaptureFrame, firstTimestamp } from '../src/inputs/capture-frames';
import { benchCapture } from './bench-capture';

describe('the bench capture', { timeout: 120_000 }, () => {
  const capture = benchCapture(3000);

  it('is the same bytes every time', () => {
    expect(benchCapture(3000).bytes).toEqual(capture.bytes);
    expect(benchCapture(200).bytes).toEqual(benchCapture(200).bytes);
  });

  it('holds every kind of TPDU asked for, two TPKTs in about 15 % of segments', () => {
    expect(capture.frames).toBe(3000);
    for (const name of ['CR', 'CC', 'DT', 'DR', 'DC']) expect(capture.tpdus[name], name).toBeGreaterThan(0);
    expect(capture.doubleSegments / capture.frames).toBeGreaterThan(0.1);
    expect(capture.doubleSegments / capture.frames).toBeLessThan(0.2);
  });

  it('dissects to COTP in every frame, without a problem, as its counts say', () => {
    const reader = readCapture(capture.bytes);
    expect(reader.summary().problems).toEqual([]);
    expect(reader.frameCount()).toBe(3000);
    const start = firstTimestamp(reader);
    const types: Record<number, number> = {};
    let doubles = 0;
    for (let n = 1; n <= reader.frameCount(); n++) {
      const { frame } = dissectCaptureFrame(reader, n, start)!;
      expect(frame.problems, `frame ${n}`).toEqual([]);
      expect(frame.summary.protocol).toBe('COTP');
      const tpkts = fieldsById(frame, 'tpkt.version').length;
      if (tpkts === 2) doubles++;
      for (const type of fieldsById(frame, 'cotp.type'))
        types[type.value as number] = (types[type.value as number] ?? 0) + 1;
      // Only DT TPDUs carry user data here, and it starts with 0xa5.
      for (const data of fieldsById(frame, 'cotp.user_data')) expect(data.raw.slice(0, 2)).toBe('a5');
    }
    expect(doubles).toBe(capture.doubleSegments);
    expect(types).toEqual({
      0x0e: capture.tpdus.CR,
      0x0d: capture.tpdus.CC,
      0x0f: capture.tpdus.DT,
      0x08: capture.tpdus.DR,
      0x0c: capture.tpdus.DC,
    });
  });
});
