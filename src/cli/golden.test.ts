// Golden annotated dumps (STYLE.md §11): the fixture's every field, byte by byte, against a checked-in file.
// A diff here is a change in what framescope says about real bytes: read it before accepting it with
//   UPDATE_GOLDEN=1 npx vitest run src/cli/golden.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { dissectFrame } from '../dissect';
import { parseText } from '../inputs';
import { annotate } from './annotate';

// ../shared sits beside the clone, on laptops and in CI.
const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url);
const GOLDEN = new URL('./__golden__/', import.meta.url);
const update = process.env.UPDATE_GOLDEN === '1';

function annotatedDump(fixture: string): string {
  const parsed = parseText(readFileSync(new URL(fixture, FIXTURES), 'utf8'));
  expect(parsed.problems).toEqual([]);
  return parsed.frames.map((frame, i) => annotate(dissectFrame(frame.bytes, frame.linkType, i + 1))).join('\n');
}

describe.each(['kb151626-connect-confirm'])('golden annotated dump of %s', (name) => {
  test('matches the checked-in file', () => {
    const actual = annotatedDump(`${name}.txt`);
    const golden = fileURLToPath(new URL(`${name}.annotated.txt`, GOLDEN));
    if (update || !existsSync(golden)) {
      writeFileSync(golden, actual);
      if (!update) throw new Error(`${golden} did not exist and was written: read it, then run the test again`);
    }
    expect(actual).toBe(readFileSync(golden, 'utf8'));
  });
});
