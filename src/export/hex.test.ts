import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseText } from '../inputs';
import { base64, cArray, hexDump, hexStream } from './hex';
import { writePcap } from './pcap';

const KB = parseText(
  readFileSync(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url), 'utf8'),
).frames[0]!.bytes;
const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const HAS_TSHARK = spawnSync('tshark', ['--version']).status === 0;
const HAS_CC = spawnSync('cc', ['--version']).status === 0;

describe('hex dump', () => {
  test('the KB frame, as tshark -x prints it', () => {
    const dump = hexDump(KB);
    expect(dump.split('\n')[0]).toBe('0000  00 00 a2 00 c0 4a 00 80 5f d4 a0 48 08 00 45 00   .....J.._..H..E.');
    expect(dump.endsWith('0060  01 0b                                             ..\n')).toBe(true);
  });

  test.skipIf(!HAS_TSHARK)('is exactly what tshark -x prints', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'framescope-hex-')), 'kb.pcap');
    const file = writePcap([{ bytes: KB, linkType: 1 }]);
    if (!file.ok) throw new Error(file.reason);
    writeFileSync(path, file.bytes);
    const tshark = spawnSync('tshark', ['-r', path, '-x'], { encoding: 'utf8' });
    expect(`${hexDump(KB)}\n`).toBe(tshark.stdout);
  });

  test.each([
    ['the KB frame', KB],
    ['every byte value', ALL_BYTES],
    ['one byte', Uint8Array.of(0x45)],
  ])('framescope reads %s back from the hex dump and the hex stream', (_, bytes) => {
    for (const text of [hexDump(bytes), hexStream(bytes)]) {
      const parsed = parseText(text);
      expect(parsed.problems).toEqual([]);
      expect(parsed.frames.map((f) => f.bytes)).toEqual([bytes]);
    }
  });
});

describe('other formats', () => {
  test('hex stream', () => {
    expect(hexStream(Uint8Array.of(0, 0xab, 0x10))).toBe('00ab10');
  });

  test('base64 decodes to the bytes', () => {
    expect(new Uint8Array(Buffer.from(base64(ALL_BYTES), 'base64'))).toEqual(ALL_BYTES);
    expect(base64(Uint8Array.of(1, 2))).toBe('AQI=');
  });

  test('C array: eight bytes a line with their ASCII, in a comment nothing can close', () => {
    const text = cArray(KB);
    const lines = text.split('\n');
    expect(lines[0]).toBe('/* Frame (98 bytes) */');
    expect(lines[1]).toBe('static const unsigned char pkt1[98] = {');
    expect(lines[2]).toBe('0x00, 0x00, 0xa2, 0x00, 0xc0, 0x4a, 0x00, 0x80,  /* .....J.. */');
    expect(lines.at(-3)).toBe('0x01, 0x0b                                       /* .. */');
    expect(cArray(new TextEncoder().encode('a*/b/*c')).split('\n')[2]).toMatch(/\/\* a\.\.b\.\.c \*\/$/);
  });

  test.skipIf(!HAS_CC)('the C array compiles and holds the bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'framescope-c-'));
    const source = `${cArray(ALL_BYTES)}\n#include <stdio.h>\nint main(void) { for (unsigned i = 0; i < sizeof pkt1; i++) printf("%02x", pkt1[i]); return 0; }\n`;
    writeFileSync(join(dir, 'frame.c'), source);
    const build = spawnSync('cc', ['-Wall', '-Werror', '-o', join(dir, 'frame'), join(dir, 'frame.c')], {
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
    expect(spawnSync(join(dir, 'frame'), { encoding: 'utf8' }).stdout).toBe(hexStream(ALL_BYTES));
  });
});
