// Properties every input must keep, and the generators that attack them (issue "Hardening"). Shared by the
// fixed-seed run in `npm test` and the long `npm run fuzz`.
import fc from 'fast-check';
import { dissectFrame } from '../engine';
import type { DissectOptions } from '../dissector';
import type { Frame } from '../model';
import { invariantViolations } from './invariants';

/** Link types the dispatch table knows, plus a few it does not. */
export const LINK_TYPES = [0, 1, 101, 108, 113, 228, 229, 276, 9999];

/**
 * Dissects and returns every broken promise: invariants, internal errors. Empty = all kept. (Not time: a hang fails
 * the test by its timeout, and speed is measured by `npm run bench`, not asserted in tests.)
 */
export function dissectionFailures(bytes: Uint8Array, linkType: number, options: DissectOptions = {}): string[] {
  let frame: Frame;
  try {
    frame = dissectFrame(bytes, linkType, 1, options);
  } catch (error) {
    return [`dissectFrame threw: ${error instanceof Error ? error.stack : String(error)}`];
  }
  const failures = invariantViolations(frame);
  for (const p of frame.problems) if (p.code === 'internal-error') failures.push(`internal error: ${p.message}`);
  return failures;
}

/** Mutations of a real frame: bit flips, truncation, inserted bytes, 16-bit length fields forced to 0 or 0xffff. */
export function mutationOf(seed: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = seed.length;
  const flip = fc.tuple(fc.nat({ max: Math.max(0, n - 1) }), fc.integer({ min: 0, max: 7 })).map(([i, bit]) => {
    const out = Uint8Array.from(seed);
    if (n > 0) out[i] = out[i]! ^ (1 << bit);
    return out;
  });
  const truncate = fc.nat({ max: n }).map((cut) => seed.slice(0, cut));
  const insert = fc
    .tuple(fc.nat({ max: n }), fc.uint8Array({ minLength: 1, maxLength: 8 }))
    .map(([at, extra]) => Uint8Array.from([...seed.slice(0, at), ...extra, ...seed.slice(at)]));
  const forceLength = fc
    .tuple(fc.nat({ max: Math.max(0, n - 2) }), fc.constantFrom(0x0000, 0xffff, 0x00ff, 0x0001))
    .map(([at, v]) => {
      const out = Uint8Array.from(seed);
      if (n >= 2) {
        out[at] = v >> 8;
        out[at + 1] = v & 0xff;
      }
      return out;
    });
  const several = fc
    .array(fc.tuple(fc.nat({ max: Math.max(0, n - 1) }), fc.integer({ min: 0, max: 255 })), {
      minLength: 1,
      maxLength: 6,
    })
    .map((edits) => {
      const out = Uint8Array.from(seed);
      for (const [i, v] of edits) if (n > 0) out[i] = v;
      return out;
    });
  return fc.oneof(flip, truncate, insert, forceLength, several);
}

export const randomFrame = fc.tuple(fc.uint8Array({ maxLength: 1600 }), fc.constantFrom(...LINK_TYPES));
