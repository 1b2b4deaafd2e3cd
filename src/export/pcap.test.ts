import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseText } from '../inputs';
import type { ExportFrame } from './frames';
import { hexStream } from './hex';
import { writePcap, writePcapng } from './pcap';

const KB = parseText(
  readFileSync(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url), 'utf8'),
).frames[0]!.bytes;
/** The KB frame's IPv4 packet alone, as raw IPv4 (LINKTYPE_IPV4). */
const KB_IP = KB.subarray(14);

const HAS_TSHARK = spawnSync('tshark', ['--version']).status === 0;

function written(result: ReturnType<typeof writePcap>): Uint8Array {
  if (!result.ok) throw new Error(result.reason);
  return result.bytes;
}

const le32 = (bytes: Uint8Array, at: number) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, true);

describe('pcap', () => {
  test('one frame: the 24-byte header, one 16-byte record header, the bytes', () => {
    const file = written(writePcap([{ bytes: KB, linkType: 1 }]));
    expect(file.length).toBe(24 + 16 + KB.length);
    expect(Array.from(file.subarray(0, 8))).toEqual([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]);
    expect(le32(file, 20)).toBe(1); // LINKTYPE_ETHERNET
    expect([le32(file, 24), le32(file, 28), le32(file, 32), le32(file, 36)]).toEqual([0, 0, 98, 98]);
    expect(file.subarray(40)).toEqual(KB);
  });

  test('nanosecond timestamps switch to the nanosecond magic; microseconds keep the classic one', () => {
    const at = (nanoseconds: number): ExportFrame => ({
      bytes: KB,
      linkType: 1,
      timestamp: { seconds: 1_700_000_000, nanos: nanoseconds },
    });
    expect(le32(written(writePcap([at(123_456_000)])), 0)).toBe(0xa1b2c3d4);
    expect(le32(written(writePcap([at(123_456_789)])), 0)).toBe(0xa1b23c4d);
  });

  test('frames of two link types are refused, with the way out', () => {
    const result = writePcap([
      { bytes: KB, linkType: 1 },
      { bytes: KB_IP, linkType: 228 },
    ]);
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.reason).toContain('pcapng');
  });

  test('no frames: a valid empty file', () => {
    expect(written(writePcap([])).length).toBe(24);
  });
});

describe('pcapng', () => {
  test('blocks are 32-bit aligned and each ends with its own length', () => {
    const file = written(
      writePcapng([
        { bytes: KB, linkType: 1 },
        { bytes: KB_IP, linkType: 228 },
        { bytes: KB.subarray(0, 61), linkType: 1 },
      ]),
    );
    const types: number[] = [];
    for (let at = 0; at < file.length;) {
      const length = le32(file, at + 4);
      expect(length % 4).toBe(0);
      expect(le32(file, at + length - 4)).toBe(length);
      types.push(le32(file, at));
      at += length;
    }
    expect(types).toEqual([0x0a0d0d0a, 1, 1, 6, 6, 6]); // section, two interfaces, three packets
  });
});

/** What tshark reads from a file: each frame's bytes as hex, its epoch time, and the file's encapsulation. */
function tsharkRead(path: string): { frames: string[]; times: string[]; encapsulation: string } {
  const json = spawnSync('tshark', ['-r', path, '-T', 'json', '-x'], { encoding: 'utf8' });
  expect(json.status, json.stderr).toBe(0);
  const packets = JSON.parse(json.stdout) as { _source: { layers: { frame_raw: [string] } } }[];
  const fields = spawnSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.time_epoch'], { encoding: 'utf8' });
  const info = spawnSync('capinfos', ['-E', '-M', path], { encoding: 'utf8' });
  return {
    frames: packets.map((p) => p._source.layers.frame_raw[0]),
    times: fields.stdout.trim().split('\n'),
    encapsulation: /File encapsulation:\s*(.*)/.exec(info.stdout)?.[1]?.trim() ?? '',
  };
}

describe.skipIf(!HAS_TSHARK)('tshark reads the files back byte-identical', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'framescope-export-'));
  const frames: ExportFrame[] = [
    { bytes: KB, linkType: 1, timestamp: { seconds: 1_700_000_000, nanos: 123_456_789 } },
    { bytes: KB.subarray(0, 61), linkType: 1, timestamp: { seconds: 1_700_000_001, nanos: 0 }, originalLength: 98 },
  ];

  test('pcap', () => {
    const path = join(dir, 'frames.pcap');
    writeFileSync(path, written(writePcap(frames)));
    const read = tsharkRead(path);
    expect(read.frames).toEqual(frames.map((f) => hexStream(f.bytes)));
    expect(read.times).toEqual(['1700000000.123456789', '1700000001.000000000']);
    expect(read.encapsulation).toBe('ether');
  });

  test('pcap of a pasted frame (no timestamp): editcap rewrites it to the same bytes', () => {
    const path = join(dir, 'kb.pcap');
    const file = written(writePcap([{ bytes: KB, linkType: 1 }]));
    writeFileSync(path, file);
    expect(tsharkRead(path).frames).toEqual([hexStream(KB)]);
    const copy = join(dir, 'kb-editcap.pcap');
    expect(spawnSync('editcap', ['-F', 'pcap', path, copy]).status).toBe(0);
    expect(new Uint8Array(readFileSync(copy))).toEqual(file);
  });

  test('pcapng with two link types', () => {
    const path = join(dir, 'frames.pcapng');
    const mixed = [...frames, { bytes: KB_IP, linkType: 228 }];
    writeFileSync(path, written(writePcapng(mixed)));
    const read = tsharkRead(path);
    expect(read.frames).toEqual(mixed.map((f) => hexStream(f.bytes)));
    expect(read.times).toEqual(['1700000000.123456789', '1700000001.000000000', '0.000000000']);
    expect(read.encapsulation).toBe('per-packet');
  });

  test('pcapng in microseconds (the default resolution) when no timestamp needs more', () => {
    const path = join(dir, 'kb.pcapng');
    writeFileSync(
      path,
      written(writePcapng([{ bytes: KB, linkType: 1, timestamp: { seconds: 1_700_000_000, nanos: 5_000 } }])),
    );
    const read = tsharkRead(path);
    expect(read.frames).toEqual([hexStream(KB)]);
    expect(read.times).toEqual(['1700000000.000005000']);
    expect(read.encapsulation).toBe('ether');
  });
});
