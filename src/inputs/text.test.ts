// Pasted text → bytes, from dumps made by real tools (od, hexdump, xxd via text2pcap/tshark) and hand-typed text.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseText } from '.';

const KB_TEXT = readFileSync(fileURLToPath(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url)), 'utf8');
const KB_HEX =
  '0000a200c04a00805fd4a048080045000054e9a640002006040a8626344d86262c5a0066061301cf46c85d5b6a315018220960730000' +
  '0311002c27d001ca002900c10d53574953534c49464554534150c20d45584348414e47455453415031c0010b';
const toHex = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString('hex');

// `od -Ax -tx1 -v kb.bin`, `hexdump -C kb.bin` and `tshark -x` of the same 98 bytes, as those tools print them.
const OD = `000000 00 00 a2 00 c0 4a 00 80 5f d4 a0 48 08 00 45 00
000010 00 54 e9 a6 40 00 20 06 04 0a 86 26 34 4d 86 26
000020 2c 5a 00 66 06 13 01 cf 46 c8 5d 5b 6a 31 50 18
000030 22 09 60 73 00 00 03 11 00 2c 27 d0 01 ca 00 29
000040 00 c1 0d 53 57 49 53 53 4c 49 46 45 54 53 41 50
000050 c2 0d 45 58 43 48 41 4e 47 45 54 53 41 50 31 c0
000060 01 0b
000062
`;
const HEXDUMP_C = `00000000  00 00 a2 00 c0 4a 00 80  5f d4 a0 48 08 00 45 00  |.....J.._..H..E.|
00000010  00 54 e9 a6 40 00 20 06  04 0a 86 26 34 4d 86 26  |.T..@. ....&4M.&|
00000020  2c 5a 00 66 06 13 01 cf  46 c8 5d 5b 6a 31 50 18  |,Z.f....F.][j1P.|
00000030  22 09 60 73 00 00 03 11  00 2c 27 d0 01 ca 00 29  |".\`s.....,'....)|
00000040  00 c1 0d 53 57 49 53 53  4c 49 46 45 54 53 41 50  |...SWISSLIFETSAP|
00000050  c2 0d 45 58 43 48 41 4e  47 45 54 53 41 50 31 c0  |..EXCHANGETSAP1.|
00000060  01 0b                                             |..|
00000062
`;

describe('parseText', () => {
  it('reads the KB article table: header line skipped, ASCII column ignored', () => {
    const parsed = parseText(KB_TEXT);
    expect(parsed.problems).toEqual([]);
    expect(parsed.frames).toHaveLength(1);
    expect(toHex(parsed.frames[0]!.bytes)).toBe(KB_HEX);
    expect(parsed.frames[0]!.linkType).toBe(1);
  });

  it('reads od -Ax -tx1 -v and hexdump -C output, end offset included', () => {
    for (const text of [OD, HEXDUMP_C]) {
      const parsed = parseText(text);
      expect(parsed.problems).toEqual([]);
      expect(toHex(parsed.frames[0]!.bytes)).toBe(KB_HEX);
    }
  });

  it('never reads an ASCII column as bytes, even when it looks like hex', () => {
    const text = '0000  41 42 43 44 45 46 30 31  32 33 34 35 36 37 38 39  ABCDEF0123456789\n0010  61 62                                             ab\n';
    const parsed = parseText(text);
    expect(toHex(parsed.frames[0]!.bytes)).toBe('41424344454630313233343536373839' + '6162');
  });

  it('reads a bare hex stream, with or without spaces and colons', () => {
    expect(toHex(parseText(KB_HEX).frames[0]!.bytes)).toBe(KB_HEX);
    expect(toHex(parseText('03 00 00 07 02 F0 80').frames[0]!.bytes)).toBe('03000007 02f080'.replace(' ', ''));
    expect(toHex(parseText('03:00:00:07').frames[0]!.bytes)).toBe('03000007');
  });

  it('names the line and column where a hex stream stops, and keeps the bytes before it', () => {
    const parsed = parseText('03 00 00 07\n02 f0 zz 80');
    expect(toHex(parsed.frames[0]!.bytes)).toBe('0300000702f0');
    expect(parsed.problems[0]).toMatchObject({ severity: 'error', line: 2, column: 7 });
    expect(parsed.problems[0]!.message).toMatch(/expected a hex digit/);
  });

  it('says nothing could be read from text with no hex in it', () => {
    const parsed = parseText('hello world');
    expect(parsed.frames).toEqual([]);
    expect(parsed.problems[0]).toMatchObject({ line: 1, column: 1 });
  });

  it('flags a short line once, at that line', () => {
    const text = '0000  01 02 03 04\n0004  05 06\n0008  09 0a 0b 0c\n000c  0d\n';
    const parsed = parseText(text);
    expect(parsed.problems.map((p) => [p.line, p.message.includes('expected 4 hex bytes')])).toEqual([[2, true]]);
    expect(toHex(parsed.frames[0]!.bytes)).toBe('010203040506090a0b0c0d');
  });

  it('flags an offset that skips after a full line, at the line that skips', () => {
    const text = '0000  01 02 03 04\n0004  05 06 07 08\n000c  09 0a 0b 0c\n0010  0d\n';
    const parsed = parseText(text);
    expect(parsed.problems.map((p) => [p.line, /skips/.test(p.message)])).toEqual([[3, true]]);
  });

  it('starts a new frame when offsets restart at 0', () => {
    const parsed = parseText('0000  01 02\n0002  03\n\n0000  aa bb\n');
    expect(parsed.frames.map((f) => toHex(f.bytes))).toEqual(['010203', 'aabb']);
  });

  it('calls bytes that start like a whole IPv4 packet raw IPv4', () => {
    const ipOnly = KB_HEX.slice(28);
    expect(parseText(ipOnly).frames[0]!.linkType).toBe(228);
  });

  it('never throws on odd text', () => {
    for (const text of ['', ' ', '\n\n', '0000', '0x', 'ADDR HEX ASCII', '0000  zz', '\u0000\u0001', 'f'.repeat(10001)]) {
      expect(() => parseText(text)).not.toThrow();
    }
  });
});
