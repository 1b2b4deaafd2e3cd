// Pasted text → bytes: the rules (ASCII columns, offset checks, where reading stops) on small hand-typed texts.
// Each format as its real tool prints it: text-fixtures.test.ts; random frames through every format: text-roundtrip.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseText } from '.';

const KB_TEXT = readFileSync(
  fileURLToPath(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url)),
  'utf8',
);
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
    const text =
      '0000  41 42 43 44 45 46 30 31  32 33 34 35 36 37 38 39  ABCDEF0123456789\n0010  61 62                                             ab\n';
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

  it('says nothing could be read from text with no hex in it, and what it expected', () => {
    const parsed = parseText('hello world');
    expect(parsed.frames).toEqual([]);
    expect(parsed.problems[0]).toMatchObject({ line: 1, column: 1 });
    expect(parsed.problems[0]!.message).toMatch(
      /expected a hex digit \(0-9, a-f\), found "h"; nothing before it could be read/,
    );
  });

  it('stops a frame at a short line, at that line, without gluing the next line on', () => {
    const text = '0000  01 02 03 04\n0004  05 06\n0008  09 0a 0b 0c\n000c  0d\n';
    const parsed = parseText(text);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ severity: 'error', line: 2, column: 13 });
    expect(parsed.problems[0]!.message).toMatch(
      /expected 4 bytes on this line \(the next line's offset is 0x8\), found 2; the frame stops here and the 6 bytes before it are kept/,
    );
    expect(parsed.frames.map((f) => toHex(f.bytes))).toEqual(['010203040506']);
  });

  it('flags an offset that skips or repeats at the line that does it, and stops the frame there', () => {
    const skips = parseText('0000  01 02 03 04\n0004  05 06 07 08\n000c  09 0a 0b 0c\n0010  0d\n');
    expect(skips.problems.map((p) => [p.line, p.column])).toEqual([[3, 1]]);
    expect(skips.problems[0]!.message).toMatch(/offset 0xc skips 4 bytes: after the line before it, 0x8 was expected/);
    expect(skips.frames.map((f) => toHex(f.bytes))).toEqual(['0102030405060708']);
    const repeats = parseText('0000  01 02 03 04\n0004  05 06 07 08\n0004  05 06 07 08\n0008  0d\n');
    expect(repeats.problems[0]).toMatchObject({ line: 3, column: 1 });
    expect(repeats.problems[0]!.message).toMatch(/repeats 4 bytes/);
    expect(repeats.frames.map((f) => toHex(f.bytes))).toEqual(['0102030405060708']);
  });

  it('names the column of a damaged byte in a dump line, and still reads the next frame', () => {
    const parsed = parseText('0000  01 02 03 04\n0004  05 zz 07 08\n0008  09\n\n0000  aa bb\n');
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ line: 2, column: 10 });
    expect(parsed.problems[0]!.message).toMatch(
      /expected a group of bytes \(2 hex digits\), found "zz"; the frame stops here and the 5 bytes before it are kept/,
    );
    expect(parsed.frames.map((f) => toHex(f.bytes))).toEqual(['0102030405', 'aabb']);
    const first = parseText('0000  01 02 03 04\n0004  zz 06 07 08\n0008  09\n');
    expect(first.problems[0]).toMatchObject({ line: 2, column: 7 });
  });

  it('reads a last line whose padding a web page squeezed out, ASCII "CAFE" and all', () => {
    const squeezed = '0000 00 1b 1b 12 34 56 00 0c 29 ca fe 01 08 00 45 00 ....4V..).....E.\n0010 43 41 46 45 CAFE\n';
    expect(toHex(parseText(squeezed).frames[0]!.bytes)).toBe('001b1b123456000c29cafe0108004500' + '43414645');
    const hexLooking = '0000 00 1b 1b 12 34 56 00 0c 29 ca fe 01 08 00 45 00 ....4V..).....E.\n0010 43 41 CA\n';
    expect(toHex(parseText(hexLooking).frames[0]!.bytes)).toBe('001b1b123456000c29cafe0108004500' + '4341');
  });

  it('reads lines that lost their indentation in a paste', () => {
    const text = '0x0000:  4500 0054 e9a6 4000 2006 040a 8626 344d  E..T..@......&4M\n\t0x0010:  8626 2c5a  .&,Z\n';
    expect(toHex(parseText(text).frames[0]!.bytes)).toBe('45000054e9a640002006040a8626344d86262c5a');
  });

  it('says where other formats stop, by line and column', () => {
    const cases: [string, number, number, RegExp][] = [
      [
        'char x[] = {0x03, 0x00, 0xzz};',
        1,
        25,
        /expected an array item .* found "0xzz"; this array stops here and the 2 bytes before it are kept/,
      ],
      ['"\\x03\\x00\\q"', 1, 10, /expected an escape such as \\x1b, found "\\q"; the 2 bytes before it are kept/],
      ['AAEC+/8A\nAA$E', 2, 3, /expected a base64 character/],
      ['0x03 0x00\n0x07 007', 2, 6, /expected a byte written 0x\.\. \(e\.g\. 0x1b\), found "007"/],
      ['03 00 00 7', 1, 10, /odd number of digits in "7"/],
      ['https://example.com/?q=1', 1, 1, /expected a link that carries a frame/],
    ];
    for (const [text, line, column, message] of cases) {
      const [problem] = parseText(text).problems;
      expect(problem, text).toMatchObject({ severity: 'error', line, column });
      expect(problem!.message, text).toMatch(message);
    }
  });

  it("reads a link's hex and says where in the link it stopped", () => {
    const parsed = parseText('https://hpd.gasmi.net/?data=0300000702F0zz');
    expect(toHex(parsed.frames[0]!.bytes)).toBe('0300000702f0');
    expect(parsed.problems[0]).toMatchObject({ line: 1, column: 41 });
    expect(parsed.problems[0]!.message).toMatch(/in the Hex Packet Decoder link's data/);
  });

  it('reads a CyberChef link that holds raw bytes', () => {
    const raw = btoa(String.fromCharCode(...Buffer.from(KB_HEX, 'hex'))).replace(/=+$/, '');
    const parsed = parseText(`https://gchq.github.io/CyberChef/#recipe=To_Hex('Space',0)&input=${raw}`);
    expect(parsed.format).toBe('CyberChef link (raw bytes)');
    expect(toHex(parsed.frames[0]!.bytes)).toBe(KB_HEX);
  });

  // How fast: `npm run bench` times this paste (docs/speed.md).
  it('reads a 100 000-line paste without blowing the stack', { timeout: 120_000 }, () => {
    const line = (i: number) =>
      `${(i * 16).toString(16).padStart(6, '0')} ${Array.from({ length: 16 }, (_, k) => ((i + k) & 0xff).toString(16).padStart(2, '0')).join(' ')}`;
    const text = Array.from({ length: 100_000 }, (_, i) => line(i)).join('\n');
    const parsed = parseText(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.frames[0]!.bytes.length).toBe(1_600_000);
  });

  it('starts a new frame when offsets restart at 0, or after a heading line', () => {
    const parsed = parseText('0000  01 02\n0002  03\n\n0000  aa bb\n');
    expect(parsed.frames.map((f) => toHex(f.bytes))).toEqual(['010203', 'aabb']);
  });

  it('calls bytes that start like a whole IPv4 packet raw IPv4', () => {
    const ipOnly = KB_HEX.slice(28);
    expect(parseText(ipOnly).frames[0]!.linkType).toBe(228);
  });

  it('never throws on odd text', () => {
    for (const text of [
      '',
      ' ',
      '\n\n',
      '0000',
      '0x',
      'ADDR HEX ASCII',
      '0000  zz',
      '\u0000\u0001',
      'f'.repeat(10001),
    ]) {
      expect(() => parseText(text)).not.toThrow();
    }
  });
});
