// Property tests (fast-check, fixed seed so a failure reproduces): encode → decode is the identity, and
// decode never throws, whatever text it is handed.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodePermalink, encodePermalink } from './codec';
import { MAX_LINK_FRAME_BYTES, type PermalinkState } from './model';

const SEED = 20240601;
const RUNS = 400;

const name = fc.stringMatching(/^[a-z][a-z0-9_.-]{0,31}$/);
const fieldId = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/);

const permalinkState: fc.Arbitrary<PermalinkState> = fc
  .record({
    bytes: fc.oneof(
      { weight: 4, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 1600 }) },
      // Long runs compress: the deflated path with real back-references.
      {
        weight: 1,
        arbitrary: fc.integer({ min: 1, max: MAX_LINK_FRAME_BYTES }).map((n) => new Uint8Array(n).fill(n & 0xff)),
      },
    ),
    linkType: fc.oneof(fc.constantFrom(1, 101, 228), fc.integer({ min: 0, max: 0xffff })),
    decodeAs: fc.array(fc.record({ table: name, key: fc.nat({ max: 0xffff_ffff }), protocol: name }), { maxLength: 4 }),
    cotpFormat: fc.option(fc.constantFrom('normal' as const, 'extended' as const), { nil: undefined }),
    checksums: fc.option(fc.constantFrom('on' as const, 'off' as const), { nil: undefined }),
    absolute: fc.boolean(),
    selection: fc.option(fc.record({ fieldId, at: fc.double({ min: 0, max: 1, noNaN: true }) }), { nil: undefined }),
    tree: fc.constantFrom('default' as const, 'all' as const, 'collapsed' as const),
    // The workbench's second frame (compare), sometimes a compressible run (codec.test.ts covers the largest).
    compare: fc.option(
      fc.record({
        bytes: fc.oneof(
          { weight: 4, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 1600 }) },
          {
            weight: 1,
            arbitrary: fc.integer({ min: 1, max: 2048 }).map((n) => new Uint8Array(n).fill((n * 7) & 0xff)),
          },
        ),
        linkType: fc.oneof(fc.constantFrom(1, 101), fc.integer({ min: 0, max: 0xffff })),
        original: fc.boolean(),
      }),
      { nil: undefined },
    ),
    // The capture frame it came from: any printable name (accents included), the time when there was one.
    origin: fc.option(
      fc.record(
        {
          frame: fc.integer({ min: 1, max: 0xffff_ffff }),
          file: fc.stringMatching(/^[A-Za-z0-9 ._()é€-]{1,60}$/),
          time: fc.record({
            seconds: fc.nat({ max: 0xffff_ffff }),
            nanos: fc.nat({ max: 999_999_999 }),
            digits: fc.nat({ max: 9 }),
          }),
        },
        { requiredKeys: ['frame', 'file'] },
      ),
      { nil: undefined },
    ),
  })
  .map(({ bytes, linkType, decodeAs, cotpFormat, checksums, absolute, selection, tree, compare, origin }) => ({
    bytes,
    linkType,
    options: {
      decodeAs,
      ...(cotpFormat ? { cotpFormat } : {}),
      ...(checksums ? { checksums } : {}),
      ...(absolute ? { relativeSequenceNumbers: false as const } : {}),
    },
    ...(selection
      ? { selection: { fieldId: selection.fieldId, offset: Math.floor(selection.at * bytes.length) } }
      : {}),
    view: { tree },
    ...(compare ? { compare } : {}),
    ...(origin ? { origin } : {}),
  }));

describe('permalink properties', { timeout: 120_000 }, () => {
  test('encode → decode is the identity', () => {
    fc.assert(
      fc.property(permalinkState, (state) => {
        const encoded = encodePermalink(state);
        expect(encoded.ok).toBe(true);
        if (!encoded.ok) return;
        expect(decodePermalink(encoded.fragment)).toEqual({ ok: true, state });
        expect(decodePermalink(`#${encoded.fragment}`)).toEqual({ ok: true, state });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  const neverThrows = (text: string) => {
    const result = decodePermalink(text);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
  };

  test('decode never throws on random strings', () => {
    const texts = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.stringMatching(/^v[0-9]{1,3}\.[A-Za-z0-9_-]{0,400}$/),
      fc.stringMatching(/^#?v1\.[AB][A-Za-z0-9_-]{0,400}$/),
    );
    fc.assert(fc.property(texts, neverThrows), { seed: SEED, numRuns: 2000 });
  });

  test('decode never throws on good links cut, spliced or with characters changed', () => {
    const damagedLink = permalinkState.chain((state) => {
      const encoded = encodePermalink(state);
      const fragment = encoded.ok ? encoded.fragment : '';
      return fc.tuple(
        fc.constant(fragment),
        fc.nat({ max: fragment.length }),
        fc.nat({ max: fragment.length }),
        fc.string({ unit: fc.constantFrom(...'ABCDEFabcdef0123456789-_'), maxLength: 6 }),
      );
    });
    fc.assert(
      fc.property(damagedLink, ([fragment, from, to, insert]) => {
        const [a, b] = from <= to ? [from, to] : [to, from];
        neverThrows(fragment.slice(0, a) + insert + fragment.slice(b));
        neverThrows(fragment.slice(0, a));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
