// Reading ASN.1 ALIGNED PER (ITU-T X.691), bit by bit — what T.125's domain PDUs and T.124's connect PDUs are coded
// in. Not a protocol: a helper the protocol files share, like common.ts. Only the parts those PDUs use: bit-fields,
// alignment, constrained and semi-constrained whole numbers and length determinants (no fragmentation).
//
// The reader keeps an absolute bit position (bit 0 = the most significant bit of bytes[0]); each read returns -1 when
// the bits are not there, and stays put, so a dissector reports what is missing from where it stopped.
import type { Documents } from '../cite';
import { u8, type Bytes } from '../reader';

/** X.691, for the protocol files that cite it (each declares it among its documents). */
export const X691_DOCUMENTS = {
  'ITU-T X.691': {
    title: 'ASN.1 encoding rules: Specification of Packed Encoding Rules (PER)',
    url: 'https://www.itu.int/rec/T-REC-X.691/en',
  },
} as const satisfies Documents;

export interface PerReader {
  readonly bytes: Bytes;
  /** The first octet after the encoding. */
  readonly end: number;
  /** Absolute bit position of the next bit. */
  bit: number;
}

export const perReader = (bytes: Bytes, offset: number, end: number): PerReader => ({
  bytes,
  end: Math.min(end, bytes.length),
  bit: offset * 8,
});

/** The octet holding the next bit. */
export const perOctet = (r: PerReader): number => r.bit >> 3;

/** The octet after the last bit read (where a field read so far ends). */
export const perOctetEnd = (r: PerReader): number => (r.bit + 7) >> 3;

/** `n` bits (at most 32) as an unsigned number, most significant first; -1 when they run past the end. */
export function perBits(r: PerReader, n: number): number {
  if (r.bit + n > r.end * 8) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const at = r.bit + i;
    value = value * 2 + ((u8(r.bytes, at >> 3) >> (7 - (at & 7))) & 1);
  }
  r.bit += n;
  return value;
}

/** Skips the padding bits up to the next octet, before a field the ALIGNED variant aligns. */
export function perAlign(r: PerReader): void {
  r.bit = ((r.bit + 7) >> 3) << 3;
}

/** Bits a constrained whole number of `range` values takes when it is a bit-field (range ≤ 255). */
const bitsFor = (range: number): number => {
  let n = 0;
  while (2 ** n < range) n++;
  return n;
};

/**
 * A constrained whole number in lb..lb + range − 1, as its offset from lb (X.691 11.5, ALIGNED variant): up to 255 values a
 * bit-field of the fewest bits, 256 one aligned octet, up to 64K two aligned octets. Larger ranges are not needed here.
 */
export function perConstrained(r: PerReader, range: number): number {
  if (range <= 1) return 0;
  if (range <= 255) return perBits(r, bitsFor(range));
  const start = r.bit;
  perAlign(r);
  const value = perBits(r, range === 256 ? 8 : 16);
  if (value < 0) r.bit = start;
  return value;
}

/**
 * An unconstrained length determinant (X.691 11.9, ALIGNED variant: octet-aligned): one octet 0xxxxxxx for up to
 * 127, two octets 10xxxxxx xxxxxxxx for up to 16K. -1 when the octets are missing; -2 for the fragmented form
 * (11xxxxxx), which these PDUs never need. Either way the reader stays put.
 */
export function perLength(r: PerReader): number {
  const start = r.bit;
  perAlign(r);
  const first = perBits(r, 8);
  if (first < 0) {
    r.bit = start;
    return -1;
  }
  if (first < 0x80) return first;
  if (first >= 0xc0) {
    r.bit = start;
    return -2;
  }
  const second = perBits(r, 8);
  if (second < 0) {
    r.bit = start;
    return -1;
  }
  return ((first & 0x3f) << 8) | second;
}
