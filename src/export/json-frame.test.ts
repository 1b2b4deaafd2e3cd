// The fast frame writer is JSON.stringify, to the character: on every frame of every shared capture, and again
// once the texts of shared fields are remembered; on frames cut short and altered; on keys and strings JSON escapes.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dissectFrame, type Frame } from '../dissect';
import { mutationOf } from '../dissect/testing/fuzz';
import { cotp, isoOnTcp, tpkt } from '../dissect/testing/frames';
import { readCapture } from '../inputs/capture';
import { dissectCaptureFrame, firstTimestamp } from '../inputs/capture-frames';
import { frameJson } from './json-frame';

const CAPTURES = fileURLToPath(new URL('../../../shared/captures/', import.meta.url));

function captureFrames(file: string): Frame[] {
  const reader = readCapture(readFileSync(CAPTURES + file));
  const start = firstTimestamp(reader);
  const frames: Frame[] = [];
  for (let n = 1; n <= reader.frameCount(); n++) {
    const dissected = dissectCaptureFrame(reader, n, start);
    if (dissected) frames.push(dissected.frame);
  }
  return frames;
}

describe('frameJson', { timeout: 120_000 }, () => {
  const files = readdirSync(CAPTURES)
    .filter((f) => /\.(pcap|pcapng|gz)$/.test(f))
    .sort();

  it.each(files)('writes every frame of %s as JSON.stringify does', (file) => {
    const frames = captureFrames(file);
    expect(frames.length).toBeGreaterThan(0);
    for (let round = 0; round < 2; round++) {
      for (const frame of frames) {
        const text = frameJson(frame);
        if (text !== JSON.stringify(frame)) expect(text, `${file} frame ${frame.number}`).toBe(JSON.stringify(frame));
      }
    }
  });

  it('writes frames cut short and altered as JSON.stringify does', () => {
    const seed = isoOnTcp([
      ...tpkt(cotp([0xd0, 0, 1, 0, 2, 0, 0xc0, 1, 0x0b])),
      ...tpkt(cotp([0xf0, 0x80], [0x32, 1, 2])),
    ]);
    fc.assert(
      fc.property(mutationOf(seed), (bytes) => {
        const frame = dissectFrame(bytes, 1, 1);
        expect(frameJson(frame)).toBe(JSON.stringify(frame));
      }),
      { seed: 20261128, numRuns: 400 },
    );
  });

  it('escapes what JSON.stringify escapes, and leaves out keys whose value is undefined', () => {
    const frame = dissectFrame(isoOnTcp(tpkt(cotp([0xf0, 0x80], [0x41]))), 1, 7);
    const odd = {
      ...frame,
      summary: {
        ...frame.summary,
        info: 'quote " backslash \\ tab \t nul \u0000 lone \ud800 pair \ud83d\ude00 arrow → line \u2028',
      },
      layers: frame.layers.map((layer) => ({ ...layer, summary: `${layer.summary} "x"`, extra: undefined })),
      capture: undefined,
    } as unknown as Frame;
    expect(frameJson(odd)).toBe(JSON.stringify(odd));
  });
});

describe('the JSON document', () => {
  it('says its format version first, even with no frame', async () => {
    const { dissectionJson } = await import('./json');
    const text = dissectionJson([]);
    expect(text.startsWith('{"version":1,"frames":[')).toBe(true);
    expect(Object.keys(JSON.parse(text))).toEqual(['version', 'frames', 'schema', 'problems']);
  });
});

describe('the JSON document schema', { timeout: 120_000 }, () => {
  it('lists exactly the ids of the fields written, reassembled sources included, in table order', async () => {
    const { dissectionJson } = await import('./json');
    const { SCHEMA, allLayers } = await import('../dissect');
    const { createInOrderStream } = await import('../dissect/stream');
    for (const file of ['emreekin_wamp.pcap', 'ndpi_h323.pcap', 'dina_cotp.pcap']) {
      const reader = readCapture(readFileSync(CAPTURES + file));
      const stream = createInOrderStream<undefined>();
      const frames: Frame[] = [];
      for (let n = 1; n <= reader.frameCount(); n++)
        frames.push(
          ...stream.push(n, reader.frame(n)!.linkType, reader.frameBytes(n)!, undefined, undefined).map(stream.tree),
        );
      frames.push(...stream.finish().map(stream.tree));
      expect(frames.some((f) => f.sources !== undefined)).toBe(true);
      // Twice: the second time the texts (and ids) of shared fields come from what the first remembered.
      for (let round = 0; round < 2; round++) {
        const doc = JSON.parse(dissectionJson(frames));
        const ids = new Set<string>();
        const walk = (fields: readonly { id: string; children?: readonly unknown[] }[]): void =>
          fields.forEach((f) => (ids.add(f.id), f.children && walk(f.children as never)));
        for (const frame of frames) for (const layer of allLayers(frame)) walk(layer.fields);
        expect(Object.keys(doc.schema), file).toEqual(Object.keys(SCHEMA).filter((id) => ids.has(id)));
      }
    }
  });
});
