// Text for fields as Wireshark writes it, shared by the UI's tree and detail panel and the CLI's -V tree, and the hex
// text of bytes and numbers that every layer writes (one table, one padding rule).
import type { Field, FieldSchema } from './model';

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** "2c": a byte as two lowercase hex digits (a table: every field's raw text is made of these). */
export function hexByte(n: number): string {
  return BYTE_HEX[n & 0xff]!;
}

/** "002c": `n` in lowercase hex, at least `digits` digits (an offset column). */
export function hexDigits(n: number, digits = 1): string {
  return n.toString(16).padStart(digits, '0');
}

/** "0x2c", "0x002c": `n` in lowercase hex with its 0x, at least `digits` digits. */
export function hexNumber(n: number, digits = 1): string {
  return `0x${hexDigits(n, digits)}`;
}

/**
 * The span's bits MSB-first: bits inside the mask show their value, the others a dot, in groups of four.
 * `raw` is the span's hex; the mask is over the big-endian integer of the span. "45", 0xf0 → "0100 ....".
 */
export function maskBits(raw: string, mask: number): string {
  const width = raw.length * 4;
  const groups: string[] = [];
  for (let start = 0; start < width; start += 4) {
    let group = '';
    for (let p = start; p < start + 4; p++) {
      const bit = (parseInt(raw[p >> 2]!, 16) >> (3 - (p & 3))) & 1;
      // Arithmetic, not bitwise operators: a mask may exceed 32 bits.
      const inMask = Math.floor(mask / 2 ** (width - 1 - p)) % 2 === 1;
      group += inMask ? String(bit) : '.';
    }
    groups.push(group);
  }
  return groups.join(' ');
}

/** "0xf0", "0x1fff": the mask as hex, as wide as its span. */
export function maskHex(mask: number, spanLength: number): string {
  return hexNumber(mask, spanLength * 2);
}

/**
 * "0100 .... = Version: 4", "[Calculated Checksum: 0x040a]"; values longer than `maxValue` are cut with "…". A field
 * displayed as nothing (a generated grouping node, a flag that is there or not) is its label alone: "[SEQ/ACK analysis]".
 */
export function fieldLabel(field: Field, schema: FieldSchema | undefined, maxValue = Infinity): string {
  const label = schema?.label ?? field.id;
  const bits = schema?.mask !== undefined ? `${maskBits(field.raw, schema.mask)} = ` : '';
  const shown = field.display.length > maxValue ? `${field.display.slice(0, maxValue - 1)}…` : field.display;
  // A node that only groups its children (Wireshark's "[Timestamps]"), or a flag that is there or not
  // ("[This frame is a (suspected) retransmission]"), has no value to show.
  const text = shown === '' ? `${bits}${label}` : `${bits}${label}: ${shown}`;
  return field.generated ? `[${text}]` : text;
}
