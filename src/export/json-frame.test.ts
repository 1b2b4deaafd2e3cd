// The fast frame writer is JSON.stringify, to the character, with each field's keys in the model's order: on every
// frame of every shared capture; on frames cut short and altered; on keys and strings JSON escapes; and whatever order
// a field object holds its keys in.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dissectFrame, type Field, type Frame } from '../dissect';
import { mutationOf } from '../dissect/testing/fuzz';
import { cotp, isoOnTcp, tpkt } from '../dissect/testing/frames';
import { readCapture } from '../inputs/capture';
import { dissectCaptureFrame, firstTimestamp } from '../inputs/capture-frames';
import { frameJson } from './json-frame';

/** The model's order of a field's keys (model.ts). */
const FIELD_KEYS = ['id', 'offset', 'length', 'value', 'raw', 'display', 'problems', 'children', 'generated'] as const;

/** JSON.stringify, with every field's keys taken in the model's order: the text frameJson must write. */
function stringified(frame: Frame): string {
  return JSON.stringify(frame, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || !('raw' in value) || !('display' in value)) return value;
    const f = value as Record<string, unknown>;
    return Object.fromEntries(FIELD_KEYS.filter((k) => k in f).map((k) => [k, f[k]]));
  });
}

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
    for (const frame of frames) {
      const text = frameJson(frame);
      if (text !== stringified(frame)) expect(text, `${file} frame ${frame.number}`).toBe(stringified(frame));
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
        expect(frameJson(frame)).toBe(stringified(frame));
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
    expect(frameJson(odd)).toBe(stringified(odd));
  });

  it('writes numbers and strings of every form as JSON.stringify does', () => {
    const frame = dissectFrame(isoOnTcp(tpkt(cotp([0xf0, 0x80], [0x41]))), 1, 7);
    const NUMBERS = [0, -0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 65535, -1, -10000, 2 ** 31 - 1, -(2 ** 31)];
    const MORE = [
      2 ** 31,
      4294967295,
      1e15 - 1,
      1e15,
      2 ** 53,
      1e21,
      1e-7,
      0.1,
      -0.0010089999999999995,
      NaN,
      Infinity,
      -Infinity,
    ];
    const STRINGS = ['', 'é', 'a"b', 'tab\t', '\u007f', '\u0080', '→', '\ud83d\ude00', 'lone \udc00', '\u2028'];
    const [first] = frame.layers[0]!.fields;
    const fields: Field[] = [...NUMBERS, ...MORE, ...STRINGS].map((value, i) => ({
      ...first!,
      // An id is ASCII in every table; one that is not is still written as JSON.stringify writes it.
      id: i === 1 ? 'odd "id" é' : first!.id,
      offset: NUMBERS[i % NUMBERS.length]!,
      value,
      display: STRINGS[i % STRINGS.length]!,
    }));
    const odd: Frame = { ...frame, layers: [{ ...frame.layers[0]!, fields }] };
    expect(frameJson(odd)).toBe(stringified(odd));
  });

  it("writes a field's keys in the model's order, whatever order the object has them in", () => {
    const frame = dissectFrame(isoOnTcp(tpkt(cotp([0xf0, 0x80], [0x41]))), 1, 7);
    const reversed = (f: Field): Field =>
      Object.fromEntries(
        Object.entries(f.children ? { ...f, children: f.children.map(reversed) } : f).reverse(),
      ) as unknown as Field;
    const shuffled: Frame = {
      ...frame,
      layers: frame.layers.map((layer) => ({ ...layer, fields: layer.fields.map(reversed) })),
    };
    expect(shuffled.layers.some((l) => l.fields.some((f) => f.children && Object.keys(f)[0] !== 'id'))).toBe(true);
    expect(frameJson(shuffled)).toBe(frameJson(frame));
    expect(frameJson(shuffled)).toBe(stringified(frame));
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
      const doc = JSON.parse(dissectionJson(frames));
      const ids = new Set<string>();
      const walk = (fields: readonly { id: string; children?: readonly unknown[] }[]): void =>
        fields.forEach((f) => (ids.add(f.id), f.children && walk(f.children as never)));
      for (const frame of frames) for (const layer of allLayers(frame)) walk(layer.fields);
      expect(Object.keys(doc.schema), file).toEqual(Object.keys(SCHEMA).filter((id) => ids.has(id)));
    }
  });
});
