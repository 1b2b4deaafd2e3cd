// Fixed-seed fuzzing of the dissector (the long run is `npm run fuzz`): random bytes for every link type, and
// mutations of real frames. Every input must dissect without throwing, without an internal error, inside its
// time budget, with every span inside the frame and every byte owned by a field.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseText } from '../inputs';
import { dissectionFailures, mutationOf, randomFrame } from './testing/fuzz';
import { cotp, hexBytes, isoOnTcp, tpkt } from './testing/frames';

const SEED = 20261128;
const KB = parseText(
  readFileSync(
    fileURLToPath(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url)),
    'utf8',
  ),
).frames[0]!.bytes;

const SEEDS: Record<string, Uint8Array> = {
  // Session GT + DT, presentation fully-encoded data (context 3), an MMS read of vmd-specific "X".
  'MMS read over session and presentation': isoOnTcp(
    tpkt(cotp([0xf0, 0x80], hexBytes('01000100 6119 3017 020103 a012 a010020101 a40ba109a007 3005a003800158'))),
  ),
  'KB connect confirm': KB,
  'CR with RDP negotiation': isoOnTcp(
    tpkt(
      cotp([0xe0, 0, 0, 0, 0, 0, ...[...'Cookie: mstshash=a\r\n'].map((c) => c.charCodeAt(0)), 1, 0, 8, 0, 3, 0, 0, 0]),
    ),
    { dstport: 3389 },
  ),
  'class 4 DT with checksum': isoOnTcp(tpkt(cotp([0xf0, 0x00, 0x29, 0x80, 0xc3, 2, 0x12, 0x34], [1, 2, 3]))),
  'AK with flow control': isoOnTcp(
    tpkt(cotp([0x61, 0x00, 0x29, 0x02, 0x8a, 2, 0x00, 0x03, 0x8c, 8, 0, 0, 0, 2, 0, 3, 0, 1])),
  ),
  'two TPKTs': isoOnTcp([...tpkt(cotp([0xd0, 0, 1, 0, 2, 0, 0xc0, 1, 0x0b])), ...tpkt(cotp([0xf0, 0x80], [0x32]))]),
};

describe('fuzzing the dissector (fixed seed)', { timeout: 120_000 }, () => {
  it('survives random bytes on every link type', () => {
    fc.assert(
      fc.property(randomFrame, ([bytes, link]) => {
        expect(dissectionFailures(bytes, link)).toEqual([]);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });
  for (const [name, seed] of Object.entries(SEEDS)) {
    it(`survives mutations of: ${name}`, () => {
      fc.assert(
        fc.property(mutationOf(seed), (bytes) => {
          expect(dissectionFailures(bytes, 1)).toEqual([]);
        }),
        { seed: SEED, numRuns: 600 },
      );
    });
  }
});
