// The sniffer on bytes built for every kind, and on real captures (named against their content on purpose: the
// .pcapng below is a pcap, the .pcap.gz holds a pcapng).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { noiseBytes, pcapFile } from './testing/capture-files';
import { readable, sniffHead, sniffInput } from './sniff';

const CAPTURES = new URL('../../../shared/captures/', import.meta.url);
const KB = readFileSync(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url));

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const ascii = (text: string) => new TextEncoder().encode(text);

describe('captures, by content', () => {
  it.each(['a1b2c3d4', 'd4c3b2a1', 'a1b23c4d', '4d3cb2a1'])('pcap magic %s', (magic) => {
    const bytes = hex(`${magic} 0002 0004 00000000 00000000 0000ffff 00000001`);
    expect(sniffInput(bytes)).toEqual({
      kind: 'capture',
      format: 'pcap',
      compressed: false,
      message: 'a pcap capture',
    });
  });

  it('pcapng (its Section Header Block type)', () => {
    expect(sniffInput(hex('0a0d0d0a 1c000000 4d3c2b1a'))).toMatchObject({ kind: 'capture', format: 'pcapng' });
  });

  it('gzip of a capture, from the first kilobytes alone', () => {
    const gz = gzipSync(pcapFile({ records: [{ data: [1, 2, 3] }] }));
    expect(sniffInput(gz)).toEqual({
      kind: 'capture',
      format: 'pcap',
      compressed: true,
      message: 'a gzip-compressed pcap capture',
    });
    const real = readFileSync(new URL('windows_miscellany.pcap.gz', CAPTURES));
    expect(sniffHead(real.subarray(0, 4096))).toMatchObject({ kind: 'capture', format: 'pcapng', compressed: true });
  });

  it('real captures whatever their names say', () => {
    expect(sniffHead(readFileSync(new URL('snap7_s300_readVar.pcapng', CAPTURES)))).toMatchObject({ format: 'pcap' });
    expect(sniffHead(readFileSync(new URL('LM_rdp_sharprdp.pcapng', CAPTURES)))).toMatchObject({ format: 'pcapng' });
    expect(readable(sniffInput(readFileSync(new URL('emreekin_pro2.pcap', CAPTURES))))).toBe(true);
  });
});

describe('what is not a capture or a dump is named', () => {
  it('empty', () => {
    expect(sniffInput(new Uint8Array(0))).toEqual({ kind: 'empty', message: 'empty (0 bytes)' });
  });

  it.each([
    ['89504e470d0a1a0a 0000000d49484452', 'png', 'a PNG image, not a capture or a hex dump'],
    ['ffd8ffe0 00104a46 4946', 'jpeg', 'a JPEG image, not a capture or a hex dump'],
    ['47494638 3961', 'gif', 'a GIF image, not a capture or a hex dump'],
    ['255044462d312e37 0a', 'pdf', 'a PDF document, not a capture or a hex dump'],
    ['504b0304 14000000', 'zip', 'a ZIP archive, not a capture or a hex dump: unpack the capture from it first'],
    ['504b0506 00000000', 'zip', 'an empty ZIP archive, not a capture or a hex dump'],
    [
      'fd377a585a00 0004',
      'xz',
      'xz-compressed data, not a capture or a hex dump: unpack it first (xz -d); framescope unpacks gzip only',
    ],
    [
      '425a6839 314159265359',
      'bzip2',
      'bzip2-compressed data, not a capture or a hex dump: unpack it first (bunzip2); framescope unpacks gzip only',
    ],
    [
      '28b52ffd 2000',
      'zstd',
      'zstd-compressed data, not a capture or a hex dump: unpack it first (zstd -d); framescope unpacks gzip only',
    ],
  ])('%s is %s', (bytes, format, message) => {
    expect(sniffInput(hex(bytes))).toEqual({ kind: 'other-format', format, message });
  });

  it('gzip holding no capture says what it holds', () => {
    const holds = (inner: Uint8Array) => sniffInput(gzipSync(inner));
    const prefix = 'gzip-compressed, but what it holds is not a pcap or pcapng capture';
    expect(holds(ascii('not a capture\n'))).toEqual({ kind: 'gzip', message: `${prefix} (it holds text)` });
    expect(holds(new Uint8Array(0)).message).toBe(`${prefix} (it holds nothing)`);
    expect(holds(hex('89504e470d0a1a0a')).message).toBe(`${prefix} (it holds a PNG image)`);
    expect(holds(gzipSync(ascii('twice'))).message).toBe(`${prefix} (it holds gzip data again)`);
    expect(holds(hex('7f454c46 02010100 00000000')).message).toBe(
      `${prefix} (it holds binary data starting with 7f 45 4c 46)`,
    );
  });

  it('gzip of 16 MiB of zeros is judged from its start, not unpacked whole', () => {
    const bomb = gzipSync(new Uint8Array(16 << 20), { level: 9 });
    expect(sniffInput(bomb).message).toMatch(/\(it holds binary data starting with 00 00 00 00\)$/);
  }, 120_000);

  it('gzip that cannot be unpacked', () => {
    expect(sniffInput(hex('1f8b 0800 00000000 00ff ffffffffffff'))).toMatchObject({
      kind: 'gzip',
      message: expect.stringMatching(/^gzip-compressed, but the data cannot be unpacked \(.+\)$/),
    });
  });

  it('binary data with no magic framescope knows, by its first bytes', () => {
    expect(sniffInput(hex('7f454c46 02010100 00000000 00000000 0300 3e00'))).toEqual({
      kind: 'binary',
      message: 'binary data that is neither pcap nor pcapng (starts with 7f 45 4c 46)',
    });
    for (const length of [16, 1000, 100_000])
      expect(sniffInput(noiseBytes(length)).message, `${length} random bytes`).toMatch(
        /^binary data that is neither pcap nor pcapng \(starts with( [0-9a-f]{2}){4}\)$/,
      );
  });

  it('the "modified" pcap variant, by name', () => {
    expect(sniffInput(hex('a1b2cd34 0002 0004 00000000'))).toEqual({
      kind: 'binary',
      message: expect.stringContaining('"modified" pcap file (magic A1B2CD34)'),
    });
  });

  it('text that holds no dump, with what the parser found', () => {
    const sniffed = sniffInput(ascii('hello world\n'));
    expect(sniffed).toMatchObject({ kind: 'text', message: 'text that holds no hex dump framescope recognises' });
    expect(sniffed.kind === 'text' && sniffed.parsed.problems[0]?.line).toBe(1);
    expect(sniffInput(ascii(' \n\t\n')).message).toBe('text with nothing but white space in it');
    // Magic numbers are whole: text may start like one.
    expect(sniffInput(ascii('BZh, GIF8 and %PD are text\n')).kind).toBe('text');
    expect(readable(sniffed)).toBe(false);
  });
});

describe('text that holds a dump', () => {
  it('is read once, and the frames come with it', () => {
    const sniffed = sniffInput(KB);
    expect(sniffed.kind).toBe('dump');
    if (sniffed.kind !== 'dump') return;
    expect(sniffed.parsed.frames).toHaveLength(1);
    expect(sniffed.message).toMatch(/^a hex dump \(.+, 1 frame\)$/);
    expect(readable(sniffed)).toBe(true);
  });

  it('stays text with a Latin-1 accent or a stray control byte in it', () => {
    const latin1 = Uint8Array.from([...ascii('from the caf'), 0xe9, ...ascii(':\n0000  45 00 00 14\n')]);
    expect(sniffInput(latin1).kind).toBe('dump');
    expect(sniffInput(ascii('from the bell \x07:\n0000  45 00 00 14\n')).kind).toBe('dump');
  });

  it('in UTF-16 (Notepad\'s "Unicode"), after its byte-order mark', () => {
    const text = '0000  45 00 00 14\n';
    const le = Uint8Array.from([0xff, 0xfe, ...Array.from(text).flatMap((c) => [c.charCodeAt(0), 0])]);
    const be = Uint8Array.from([0xfe, 0xff, ...Array.from(text).flatMap((c) => [0, c.charCodeAt(0)])]);
    for (const bytes of [le, be]) {
      const sniffed = sniffInput(bytes);
      expect(sniffed.kind).toBe('dump');
      expect(sniffed.kind === 'dump' && Array.from(sniffed.parsed.frames[0]!.bytes)).toEqual([0x45, 0, 0, 0x14]);
    }
  });

  it('sniffHead leaves text to be read', () => {
    expect(sniffHead(KB.subarray(0, 100))).toEqual({ kind: 'looks-like-text' });
  });
});
