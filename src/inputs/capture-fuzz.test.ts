// Fixed-seed fuzzing of the capture reader (the long run is `npm run fuzz`): real capture files mutated, cut and
// fed in random chunk sizes. The reader never throws, every frame it returns dissects cleanly, and its frames are
// never more than the file can hold.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mutationOf } from '../dissect/testing/fuzz';
import { captureFailures } from './testing/capture-fuzz';

const SEED = 20261128;
const FILES = [
  'snap7_s300_readVar.pcapng',
  'emreekin_pro2.pcap',
  'dina_acse_accept.pcap',
  'pcapplusplus_tpkt_cotp.pcap',
  'S7-1511_db2_var1_HMI.pcap',
];

describe('fuzzing the capture reader (fixed seed)', { timeout: 120_000 }, () => {
  for (const name of FILES) {
    const file = new Uint8Array(readFileSync(new URL(`../../../shared/captures/${name}`, import.meta.url)));
    it(`survives mutations of ${name}`, () => {
      fc.assert(
        fc.property(mutationOf(file), fc.integer({ min: 1, max: 4096 }), (bytes, chunk) => {
          expect(captureFailures(bytes, chunk)).toEqual([]);
        }),
        { seed: SEED, numRuns: 150 },
      );
    });
  }
  it('survives random bytes that start like a capture', () => {
    const magics = [
      [0xd4, 0xc3, 0xb2, 0xa1],
      [0x0a, 0x0d, 0x0d, 0x0a],
      [0x1f, 0x8b],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...magics), fc.uint8Array({ maxLength: 3000 }), (magic, rest) => {
        expect(captureFailures(Uint8Array.from([...magic, ...rest]), 512)).toEqual([]);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
