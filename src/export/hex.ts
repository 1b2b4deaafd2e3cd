// A frame's bytes as text other tools read: Wireshark's hex dump, a hex stream, a C array, base64.
import { hex } from '../dissect/reader';
import { hexByte, hexDigits } from '../dissect/format';
import { toBase64 } from '../permalink/base64url';

const printable = (b: number) => b >= 0x20 && b < 0x7f;

/**
 * As `tshark -x` and Wireshark's "Copy as Hex Dump" print it: offset, two spaces, 16 bytes, three spaces, ASCII.
 *   0000  00 00 a2 00 c0 4a 00 80 5f d4 a0 48 08 00 45 00   .....J.._..H..E.
 * framescope, text2pcap and Wireshark's "Import from Hex Dump" read it back.
 */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let start = 0; start < bytes.length; start += 16) {
    const row = bytes.subarray(start, start + 16);
    const hexes = Array.from(row, hexByte)
      .join(' ')
      .padEnd(16 * 3 - 1);
    const ascii = Array.from(row, (b) => (printable(b) ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${hexDigits(start, 4)}  ${hexes}   ${ascii}`);
  }
  return lines.map((line) => `${line}\n`).join('');
}

/** Wireshark's "…as a Hex Stream": lowercase hex, no separators. */
export function hexStream(bytes: Uint8Array): string {
  return hex(bytes, 0, bytes.length);
}

/**
 * As Wireshark's "Export Packet Dissections → As C Arrays": eight bytes a line, their ASCII in a comment
 * (with "*" and "/" shown as "." so the bytes can never end the comment).
 */
export function cArray(bytes: Uint8Array, frameNumber = 1): string {
  const lines = [
    `/* Frame (${bytes.length} bytes) */`,
    `static const unsigned char pkt${frameNumber}[${bytes.length}] = {`,
  ];
  for (let start = 0; start < bytes.length; start += 8) {
    const row = bytes.subarray(start, start + 8);
    const last = start + 8 >= bytes.length;
    const values = Array.from(row, (b) => `0x${hexByte(b)}`).join(', ') + (last ? '' : ',');
    const ascii = Array.from(row, (b) =>
      printable(b) && b !== 0x2a && b !== 0x2f ? String.fromCharCode(b) : '.',
    ).join('');
    lines.push(`${values.padEnd(8 * 6)} /* ${ascii} */`);
  }
  lines.push('};');
  return `${lines.join('\n')}\n`;
}

/** Standard base64 with padding (`base64 -d` reads it). */
export function base64(bytes: Uint8Array): string {
  return toBase64(bytes);
}
