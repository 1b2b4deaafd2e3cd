// The ISO 8073 class 4 checksum (RFC 905 §13.2.3.1; the arithmetic is Fletcher's, modulo 255): two octets chosen so
// that, over the whole TPDU, C0 = Σ aᵢ and C1 = Σ C0ᵢ are both 0 modulo 255. Wireshark 4.0 sums only the two
// octets LI and code and so calls correct checksums bad; this sums the whole TPDU.
import type { Bytes } from '../reader';

export interface IsoChecksum {
  readonly valid: boolean;
  /** The two octets a sender should have put at the checksum position. */
  readonly expected: number;
}

/** `start`/`end`: the TPDU (LI to the end of user data); `at`: the first of the two checksum octets. */
export function verifyIsoChecksum(bytes: Bytes, start: number, end: number, at: number): IsoChecksum {
  let c0 = 0;
  let c1 = 0;
  let c0Zeroed = 0;
  let c1Zeroed = 0;
  for (let i = start; i < end; i++) {
    const a = bytes[i]!;
    c0 = (c0 + a) % 255;
    c1 = (c1 + c0) % 255;
    const z = i === at || i === at + 1 ? 0 : a;
    c0Zeroed = (c0Zeroed + z) % 255;
    c1Zeroed = (c1Zeroed + c0Zeroed) % 255;
  }
  // Solve for X (at n) and Y (at n + 1), n counted from 1 at the LI octet, L the TPDU length.
  const length = end - start;
  const n = at - start + 1;
  const mod = (v: number) => ((v % 255) + 255) % 255;
  const x = mod((length - n) * c0Zeroed - c1Zeroed);
  const y = mod(c1Zeroed - (length - n + 1) * c0Zeroed);
  return { valid: c0 === 0 && c1 === 0, expected: (x << 8) | y };
}
