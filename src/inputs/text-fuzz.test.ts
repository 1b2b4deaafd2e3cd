// Fixed-seed fuzzing of the paste parser (the long run is `npm run fuzz`): every text fixture with characters
// replaced, inserted and deleted, and lines cut. parseText never throws, and what it reads dissects cleanly.
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseText } from '.';
import { dissectionFailures } from '../dissect/testing/fuzz';
import { textMutationOf } from './testing/text-fuzz';

const DIR = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort();

describe('fuzzing the paste parser (fixed seed)', { timeout: 120_000 }, () => {
  it.each(FIXTURES)('survives mutations of %s', (name) => {
    const text = readFileSync(DIR + name, 'utf8');
    fc.assert(
      fc.property(textMutationOf(text), (mutated) => {
        const parsed = parseText(mutated);
        for (const frame of parsed.frames) expect(dissectionFailures(frame.bytes, frame.linkType)).toEqual([]);
        for (const p of parsed.problems) expect(p.code).not.toBe('internal-error');
      }),
      { seed: 20261128, numRuns: 40 },
    );
  });
});
