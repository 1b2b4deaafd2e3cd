// All byte access goes through here (STYLE.md §10). Callers check a span with `fits` once, then read freely;
// a read outside the bytes is a programmer error and throws, which the engine's guard turns into a problem.

import { hexByte } from './format';

export type Bytes = Uint8Array;

export function fits(bytes: Bytes, offset: number, length: number): boolean {
  return offset >= 0 && length >= 0 && offset + length <= bytes.length;
}

function check(bytes: Bytes, offset: number, length: number): void {
  if (!fits(bytes, offset, length)) {
    throw new RangeError(`read of ${length} bytes at ${offset} outside ${bytes.length} bytes`);
  }
}

/** A DataView over exactly these bytes, never over the whole underlying buffer. */
export function viewOf(bytes: Bytes): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Big-endian unsigned integer of 1 to 6 bytes (exact in a double). */
export function uint(bytes: Bytes, offset: number, length: number): number {
  check(bytes, offset, length);
  if (length > 6) throw new RangeError(`uint of ${length} bytes is not exact`);
  let n = 0;
  for (let i = 0; i < length; i++) n = n * 256 + bytes[offset + i]!;
  return n;
}

/** Little-endian unsigned integer of 1 to 6 bytes (RDP's negotiation structures are little-endian). */
export function uintLE(bytes: Bytes, offset: number, length: number): number {
  check(bytes, offset, length);
  if (length > 6) throw new RangeError(`uint of ${length} bytes is not exact`);
  let n = 0;
  for (let i = length - 1; i >= 0; i--) n = n * 256 + bytes[offset + i]!;
  return n;
}

export function u8(bytes: Bytes, offset: number): number {
  return uint(bytes, offset, 1);
}

export function u16(bytes: Bytes, offset: number): number {
  return uint(bytes, offset, 2);
}

export function slice(bytes: Bytes, offset: number, length: number): Bytes {
  check(bytes, offset, length);
  return bytes.subarray(offset, offset + length);
}

/** ASCII codes of each byte's two hex digits, for long spans turned into text in one decoder call. */
const HEX_CODES = new Uint8Array(512);
for (let i = 0; i < 256; i++) {
  HEX_CODES[2 * i] = hexByte(i).charCodeAt(0);
  HEX_CODES[2 * i + 1] = hexByte(i).charCodeAt(1);
}
const ASCII = new TextDecoder('latin1');
let hexScratch = new Uint8Array(4096);
/** Up to this many bytes, concatenating two-digit strings is quicker than one decoder call. */
const SHORT_HEX = 16;

/** The span as lowercase hex. Every field's `raw`, so it runs tens of times per frame. */
/** The first `length` bytes of the parts one after another (the parts hold at least that many). */
export function concatBytes(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part.subarray(0, length - at), at);
    at += part.length;
    if (at >= length) break;
  }
  return out;
}

export function hex(bytes: Bytes, offset: number, length: number): string {
  check(bytes, offset, length);
  if (length <= SHORT_HEX) {
    let s = '';
    for (let i = offset; i < offset + length; i++) s += hexByte(bytes[i]!);
    return s;
  }
  if (hexScratch.length < 2 * length) hexScratch = new Uint8Array(4 * length);
  const out = hexScratch;
  for (let i = 0, j = offset; i < 2 * length; i += 2, j++) {
    const b = bytes[j]! << 1;
    out[i] = HEX_CODES[b]!;
    out[i + 1] = HEX_CODES[b + 1]!;
  }
  return ASCII.decode(out.subarray(0, 2 * length));
}

/** Printable ASCII as is, anything else as "\xNN" so no byte is hidden or misread. */
export function text(bytes: Bytes, offset: number, length: number): string {
  check(bytes, offset, length);
  let s = '';
  for (let i = offset; i < offset + length; i++) {
    const b = bytes[i]!;
    s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${hexByte(b)}`;
  }
  return s;
}

/** RFC 1071 one's-complement sum of 16-bit big-endian words (odd length padded with a zero octet). */
export function onesComplementSum(bytes: Bytes, offset: number, length: number, initial = 0): number {
  check(bytes, offset, length);
  // The words' high and low octets summed apart, four words a turn (every TCP segment's data goes through here): the
  // same sum, (high << 8) + low, below 2^32 for any length up to 65535 as the word by word sum was.
  let high = 0;
  let low = 0;
  const end = offset + length;
  let i = offset;
  for (; i + 7 < end; i += 8) {
    high += bytes[i]! + bytes[i + 2]! + bytes[i + 4]! + bytes[i + 6]!;
    low += bytes[i + 1]! + bytes[i + 3]! + bytes[i + 5]! + bytes[i + 7]!;
  }
  for (; i + 1 < end; i += 2) {
    high += bytes[i]!;
    low += bytes[i + 1]!;
  }
  if (i < end) high += bytes[i]!;
  return foldSum(initial + high * 256 + low);
}

/** A running one's complement sum folded to 16 bits (the carries added back in). */
export function foldSum(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}
