import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldSum, onesComplementSum } from './reader';

/** RFC 1071 §4.1's loop: 16-bit big-endian words added one by one, an odd last octet padded with zero. */
function wordByWord(bytes: Uint8Array, offset: number, length: number, initial: number): number {
  let sum = initial;
  for (let i = offset; i < offset + length; i += 2)
    sum += (bytes[i]! << 8) | (i + 1 < offset + length ? bytes[i + 1]! : 0);
  return foldSum(sum);
}

describe('onesComplementSum', () => {
  it('is RFC 1071 sum of words, at any offset and length, odd or even', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 300 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 0x1ffff }),
        (bytes, a, b, initial) => {
          const offset = bytes.length === 0 ? 0 : a % (bytes.length + 1);
          const length = bytes.length - offset === 0 ? 0 : b % (bytes.length - offset + 1);
          expect(onesComplementSum(bytes, offset, length, initial)).toBe(wordByWord(bytes, offset, length, initial));
        },
      ),
      { seed: 20261205, numRuns: 2000 },
    );
  });

  it('sums 65535 octets of 0xff without losing a carry', () => {
    const bytes = new Uint8Array(65535).fill(0xff);
    expect(onesComplementSum(bytes, 0, bytes.length, 0xffff)).toBe(wordByWord(bytes, 0, bytes.length, 0xffff));
  });

  it('throws for a span outside the bytes (a programmer error)', () => {
    expect(() => onesComplementSum(new Uint8Array(4), 2, 4)).toThrow(RangeError);
  });
});
