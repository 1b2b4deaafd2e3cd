// The capture readers on files built byte by byte (testing/capture-files.ts): every pcap magic, pcapng sections in
// both byte orders, several interfaces with their own link type and if_tsresol, EPB / SPB / obsolete PB, skipped
// blocks, comments, gzip; and damage: every frame before it kept, a problem saying where and what was expected.
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { captureKind, createCaptureReader, readCapture, type CaptureReader } from './capture';
import { absoluteTime, epochTime, parseEpochTime, pcapngTimestamp, relativeTime } from './capture-time';
import { customBlock, epb, idb, pb, pcapFile, pcapngBlock, shb, spb } from './testing/capture-files';

const FRAME_A = [0xaa, 1, 2, 3, 4, 5];
const FRAME_B = [0xbb, 9, 8, 7];
const bytesOf = (reader: CaptureReader, n: number) => Array.from(reader.frameBytes(n) ?? []);
const errors = (reader: CaptureReader) => reader.summary().problems.filter((p) => p.severity === 'error');
/** What a cut file says: an error inside the file header (nothing to read), a warning after it (data missing). */
const endings = (reader: CaptureReader) =>
  reader.summary().problems.filter((p) => p.severity === 'error' || p.code === 'truncated');

describe('detecting a capture by its content', () => {
  it('knows the four pcap magics, pcapng and gzip, and nothing else', () => {
    for (const head of ['d4c3b2a1', 'a1b2c3d4', '4d3cb2a1', 'a1b23c4d'])
      expect(captureKind(Buffer.from(head, 'hex'))).toBe('pcap');
    expect(captureKind(Buffer.from('0a0d0d0a', 'hex'))).toBe('pcapng');
    expect(captureKind(Buffer.from('1f8b0800', 'hex'))).toBe('gzip');
    expect(captureKind(Buffer.from('0000  00 00', 'utf8'))).toBeUndefined();
    expect(captureKind(new Uint8Array(0))).toBeUndefined();
  });
});

describe('pcap', () => {
  it.each([
    ['little-endian, microseconds', true, false],
    ['big-endian, microseconds', false, false],
    ['little-endian, nanoseconds', true, true],
    ['big-endian, nanoseconds', false, true],
  ])('reads %s', (_, littleEndian, nanoseconds) => {
    const reader = readCapture(
      pcapFile({
        littleEndian,
        nanoseconds,
        linkType: 113,
        records: [
          { data: FRAME_A, seconds: 1_408_528_821, fraction: nanoseconds ? 80_446_123 : 80_446 },
          { data: FRAME_B, seconds: 1_408_528_822, fraction: 5, originalLength: 60 },
        ],
      }),
    );
    expect(reader.summary()).toMatchObject({ format: 'pcap', frameCount: 2, problems: [], done: true });
    expect(reader.summary().description).toBe(
      `pcap 2.4, ${littleEndian ? 'little' : 'big'}-endian, ${nanoseconds ? 'nanosecond' : 'microsecond'} timestamps, LINKTYPE_LINUX_SLL (113)`,
    );
    expect(reader.frame(1)).toMatchObject({
      linkType: 113,
      capturedLength: 6,
      originalLength: 6,
      time: { seconds: 1_408_528_821, nanos: nanoseconds ? 80_446_123 : 80_446_000 },
      digits: nanoseconds ? 9 : 6,
    });
    expect(reader.frame(2)).toMatchObject({ capturedLength: 4, originalLength: 60 });
    expect(bytesOf(reader, 2)).toEqual(FRAME_B);
  });

  it('keeps zero-length records, and flags a record longer than the snap length without dropping it', () => {
    const reader = readCapture(pcapFile({ snapLen: 4, records: [{ data: [] }, { data: FRAME_A }, { data: FRAME_B }] }));
    expect(reader.frameCount()).toBe(3);
    expect(reader.frame(1)).toMatchObject({ capturedLength: 0, problems: [] });
    expect(reader.frame(2)!.problems[0]).toMatchObject({
      severity: 'warning',
      code: 'length-mismatch',
      frame: 2,
      fileOffset: 24 + 16 + 8,
    });
    expect(bytesOf(reader, 2)).toEqual(FRAME_A);
  });

  it('a truncated file keeps every whole record and says where the file ends', () => {
    const file = pcapFile({ records: [{ data: FRAME_A }, { data: FRAME_B }, { data: FRAME_A }] });
    for (let cut = 0; cut < file.length; cut++) {
      const reader = readCapture(file.subarray(0, cut));
      const whole = [24 + 16 + 6, 24 + 16 + 6 + 16 + 4].filter((end) => end <= cut).length;
      expect(reader.frameCount(), `cut at ${cut}`).toBe(whole);
      const complete = cut === 24 || cut === 46 || cut === 66;
      expect(endings(reader).length, `cut at ${cut}`).toBe(complete ? 0 : 1);
      if (!complete) expect(endings(reader)[0]!.code, `cut at ${cut}`).toBe('truncated');
      if (!complete) expect(endings(reader)[0]!.severity, `cut at ${cut}`).toBe(cut < 24 ? 'error' : 'warning');
    }
    const reader = readCapture(file.subarray(0, 85));
    expect(endings(reader)[0]!.message).toBe(
      'The file ends inside record 3 at offset 66: it holds 6 octets of packet data, only 3 are present (the file was cut short). The 2 frames before it are kept',
    );
    expect(endings(reader)[0]!.fileOffset).toBe(82);
    expect(endings(readCapture(file.subarray(0, 70)))[0]!.message).toBe(
      'The file ends 4 octets into a record header at offset 66 (a record header is 16 octets): the file was cut short after frame 2',
    );
  });

  it('stops at a record length no capture can hold (garbage after the last record), keeping what came before', () => {
    const file = pcapFile({ records: [{ data: FRAME_A }, { data: FRAME_B, capturedLength: 0x7fffffff }] });
    const reader = readCapture(file);
    expect(reader.frameCount()).toBe(1);
    expect(errors(reader)[0]).toMatchObject({ code: 'malformed', fileOffset: 46 + 8 });
    expect(errors(reader)[0]!.message).toMatch(/Record 2 at offset 46 says it holds 2147483647 octets/);
    const garbage = readCapture(
      Uint8Array.from([
        ...pcapFile({ records: [{ data: FRAME_A }] }),
        ...new TextEncoder().encode('trailing text, not a record'),
      ]),
    );
    expect(garbage.frameCount()).toBe(1);
    expect(errors(garbage)).toHaveLength(1);
  });

  it('reports an odd header without giving up on the records', () => {
    const reader = readCapture(
      pcapFile({ linkField: (1 << 26) | (2 << 28) | 1, snapLen: 0, records: [{ data: FRAME_A }] }),
    );
    expect(reader.frameCount()).toBe(1);
    expect(reader.summary().problems.map((p) => p.severity)).toEqual(['warning', 'note']);
    expect(reader.summary().problems[1]!.message).toMatch(/4-octet frame check sequence/);
  });
});

describe('pcapng', () => {
  it('reads sections in both byte orders, each with its own interfaces, link types and time resolutions', () => {
    const file = Uint8Array.from([
      ...shb(true, [
        { code: 1, value: 'section zero' },
        { code: 4, value: 'framescope test' },
      ]),
      ...idb(true, 1, 0, [{ code: 2, value: 'eth0' }]), // default resolution: microseconds
      ...idb(true, 113, 0, [
        { code: 9, value: [9] },
        { code: 1, value: 'cooked, ns' },
      ]),
      ...epb(true, 0, 1_408_528_821_080_446, FRAME_A, [{ code: 1, value: 'first frame' }]),
      ...epb(true, 1, 1_408_528_821_080_446_123n, FRAME_B),
      ...shb(false),
      ...idb(false, 0, 0, [
        { code: 9, value: [0x80 | 10] },
        { code: 14, value: [0, 0, 0, 0, 0, 0, 0, 10] },
      ]), // 2^-10 s, +10 s
      ...epb(false, 0, 1024 * 100 + 512, FRAME_A),
    ]);
    const reader = readCapture(file);
    const summary = reader.summary();
    expect(summary.problems).toEqual([]);
    expect(summary.sections.map((s) => [s.littleEndian, s.comments])).toEqual([
      [true, ['section zero']],
      [false, []],
    ]);
    expect(summary.sections[0]!.application).toBe('framescope test');
    expect(summary.interfaces.map((i) => [i.section, i.id, i.linkType, i.digits])).toEqual([
      [0, 0, 1, 6],
      [0, 1, 113, 9],
      [1, 0, 0, 4],
    ]);
    expect(summary.interfaces[0]!.name).toBe('eth0');
    expect(summary.interfaces[1]!.comments).toEqual(['cooked, ns']);
    expect(summary.description).toBe(
      'pcapng, 2 sections, both byte orders, 3 interfaces, LINKTYPE_ETHERNET (1) + LINKTYPE_LINUX_SLL (113) + LINKTYPE_NULL (0)',
    );
    expect(reader.frame(1)).toMatchObject({
      linkType: 1,
      interface: 0,
      time: { seconds: 1_408_528_821, nanos: 80_446_000 },
      comments: ['first frame'],
    });
    expect(reader.frame(2)).toMatchObject({
      linkType: 113,
      interface: 1,
      time: { seconds: 1_408_528_821, nanos: 80_446_123 },
    });
    expect(reader.frame(3)).toMatchObject({ linkType: 0, interface: 2, time: { seconds: 110, nanos: 500_000_000 } });
    expect(bytesOf(reader, 3)).toEqual(FRAME_A);
  });

  it('reads Simple Packet Blocks (interface 0, no timestamp, cut to the snap length) and the obsolete Packet Block', () => {
    const file = Uint8Array.from([
      ...shb(true),
      ...idb(true, 1, 4),
      ...spb(true, FRAME_B, 60),
      ...spb(true, [...FRAME_A, 0, 0], 1500), // longer than the snap length: the block holds 8, 4 are the packet
      ...pb(true, 0, 5_000_000, FRAME_B, [{ code: 1, value: 'old block' }]),
    ]);
    const reader = readCapture(file);
    expect(reader.frameCount()).toBe(3);
    expect(reader.frame(1)).toMatchObject({ capturedLength: 4, originalLength: 60 });
    expect(reader.frame(1)!.time).toBeUndefined();
    expect(bytesOf(reader, 2)).toEqual(FRAME_A.slice(0, 4));
    expect(reader.frame(3)).toMatchObject({ time: { seconds: 5, nanos: 0 }, comments: ['old block'] });
  });

  it('skips blocks it does not read by their length, and counts them', () => {
    const file = Uint8Array.from([
      ...shb(false),
      ...idb(false, 1),
      ...customBlock(false, 4, [0, 0, 0, 0]), // Name Resolution Block
      ...customBlock(false, 0x0bad, [0, 0, 0x7e, 0x5f, 1, 2, 3, 4]),
      ...customBlock(false, 0x12345678, [9, 9, 9, 9]),
      ...epb(false, 0, 0, FRAME_A),
    ]);
    const reader = readCapture(file);
    expect(reader.frameCount()).toBe(1);
    expect(reader.summary().skippedBlocks).toEqual({
      'Name Resolution Block': 1,
      'Custom Block': 1,
      'unknown block 0x12345678': 1,
    });
    expect(reader.summary().problems).toEqual([]);
  });

  it('a record naming an interface the section never described keeps its bytes, with an error', () => {
    const reader = readCapture(Uint8Array.from([...shb(true), ...idb(true, 1), ...epb(true, 3, 0, FRAME_A)]));
    expect(reader.frame(1)).toMatchObject({ linkType: -1, interface: -1 });
    expect(reader.frame(1)!.problems[0]!.message).toMatch(/names interface 3, but its section describes 1 interface/);
  });

  it('a block whose two lengths disagree stops the reading there; every frame before it is kept', () => {
    const bad = pcapngBlock(true, 6, (w) => w.bytes(new Array(28).fill(0)), [], 12);
    const reader = readCapture(
      Uint8Array.from([
        ...shb(true),
        ...idb(true, 1),
        ...epb(true, 0, 0, FRAME_A),
        ...bad,
        ...epb(true, 0, 0, FRAME_B),
      ]),
    );
    expect(reader.frameCount()).toBe(1);
    expect(errors(reader)[0]!.message).toMatch(
      /says 40 octets at its start and 12 at its end: the two Block Total Lengths must be equal/,
    );
    expect(errors(reader)[0]!.cite).toMatchObject({ doc: 'draft-ietf-opsawg-pcapng', section: '3.1' });
  });

  it('garbage after the last block, a bad byte-order magic, a file not starting with an SHB', () => {
    const good = [...shb(true), ...idb(true, 1), ...epb(true, 0, 0, FRAME_A)];
    const garbage = readCapture(Uint8Array.from([...good, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
    expect(garbage.frameCount()).toBe(1);
    expect(errors(garbage)[0]!.message).toMatch(/not a pcapng block \(damage, or garbage after the last block\)/);
    const bom = Uint8Array.from(good);
    bom[8] = 0x99;
    expect(errors(readCapture(bom))[0]!.message).toMatch(/byte-order magic is 99 3c 2b 1a/);
    expect(errors(readCapture(Uint8Array.from([...good.slice(28), 0, 0])))).toHaveLength(1);
  });

  it('a truncated file keeps every whole block', () => {
    const file = Uint8Array.from([
      ...shb(true),
      ...idb(true, 1),
      ...epb(true, 0, 0, FRAME_A),
      ...epb(true, 0, 0, FRAME_B),
    ]);
    const ends = [28, 48, 48 + 40, 48 + 40 + 36]; // SHB, IDB, EPB of 6 (padded to 8), EPB of 4
    for (let cut = 1; cut < file.length; cut++) {
      const reader = readCapture(file.subarray(0, cut));
      expect(reader.frameCount(), `cut at ${cut}`).toBe(ends.slice(2).filter((e) => e <= cut).length);
      expect(endings(reader).length, `cut at ${cut}`).toBe(ends.includes(cut) ? 0 : 1);
    }
  });

  it('skips a section of an unknown major version to the next SHB', () => {
    const file = Uint8Array.from([
      ...shb(true, [], 2),
      ...idb(true, 1),
      ...epb(true, 0, 0, FRAME_A),
      ...shb(true),
      ...idb(true, 1),
      ...epb(true, 0, 0, FRAME_B),
    ]);
    const reader = readCapture(file);
    expect(reader.frameCount()).toBe(1);
    expect(bytesOf(reader, 1)).toEqual(FRAME_B);
    expect(reader.summary().problems[0]!.message).toMatch(/version 2\.0/);
  });
});

describe('reading as the bytes arrive', () => {
  const file = Uint8Array.from([
    ...shb(true),
    ...idb(true, 1),
    ...Array.from({ length: 50 }, (_, i) => epb(true, 0, i * 1000, [i, ...FRAME_A])).flat(),
  ]);
  it('gives the same frames whatever the chunk sizes, first frames before the end', () => {
    const whole = readCapture(file);
    for (const size of [1, 3, 7, 64, 1000]) {
      const reader = createCaptureReader();
      let firstSeenAt = -1;
      for (let at = 0; at < file.length; at += size) {
        reader.push(file.subarray(at, at + size));
        if (firstSeenAt < 0 && reader.frameCount() > 0) firstSeenAt = at;
      }
      reader.end();
      expect(reader.frameCount()).toBe(50);
      expect(firstSeenAt).toBeLessThan(file.length / 2);
      for (let n = 1; n <= 50; n++) expect(bytesOf(reader, n)).toEqual(bytesOf(whole, n));
    }
  });

  it('reads pcap record headers split across pieces, in either byte order', () => {
    for (const littleEndian of [true, false]) {
      const pcap = pcapFile({
        littleEndian,
        records: Array.from({ length: 20 }, (_, i) => ({
          seconds: 0x5a000000 + i * 0x01020304,
          fraction: 999_000 - i * 37_001,
          data: [i, ...FRAME_A.slice(0, 1 + (i % 6))],
          originalLength: 60 + i * 0x0101,
        })),
      });
      for (const size of [1, 3, 7]) {
        const reader = createCaptureReader();
        for (let at = 0; at < pcap.length; at += size) reader.push(pcap.subarray(at, at + size));
        reader.end();
        expect(reader.frameCount()).toBe(20);
        for (let i = 0; i < 20; i++) {
          const frame = reader.frame(i + 1)!;
          expect(frame.time).toEqual({ seconds: 0x5a000000 + i * 0x01020304, nanos: (999_000 - i * 37_001) * 1000 });
          expect(frame.originalLength).toBe(60 + i * 0x0101);
          expect(bytesOf(reader, i + 1)).toEqual([i, ...FRAME_A.slice(0, 1 + (i % 6))]);
        }
      }
    }
  });

  it('unpacks gzip, in pieces too, and reports a gzip stream cut short', () => {
    const packed = gzipSync(file);
    const reader = createCaptureReader();
    for (let at = 0; at < packed.length; at += 5) reader.push(packed.subarray(at, at + 5));
    reader.end();
    expect(reader.summary()).toMatchObject({ compressed: true, frameCount: 50, problems: [] });
    expect(reader.summary().description).toMatch(/^gzip-compressed pcapng/);
    expect(reader.bytesIn()).toBe(packed.length);
    const cut = readCapture(packed.subarray(0, packed.length - 30));
    expect(cut.frameCount()).toBeGreaterThan(0);
    expect(errors(cut)).toHaveLength(1);
  });

  it('says what a file is when it is no capture: empty, too short, text, gzip of text, modified pcap', () => {
    expect(errors(readCapture(new Uint8Array(0)))[0]!.message).toBe('The file is empty');
    expect(errors(readCapture(Uint8Array.from([0xa1, 0xb2])))[0]!.message).toMatch(/only 2 octets/);
    expect(errors(readCapture(new TextEncoder().encode('hello, world')))[0]!.message).toMatch(
      /not a pcap or pcapng file/,
    );
    expect(errors(readCapture(gzipSync(new TextEncoder().encode('hello, world'))))[0]!.message).toMatch(
      /^The gzip content is not a pcap/,
    );
    expect(errors(readCapture(Uint8Array.from([0x34, 0xcd, 0xb2, 0xa1, 0, 0, 0, 0])))[0]!.message).toMatch(/modified/);
  });

  it('forgets the bytes of frames already handed on, and only those', () => {
    const reader = createCaptureReader();
    for (let at = 0; at < file.length; at += 64) reader.push(file.subarray(at, at + 64));
    reader.releaseBefore(40);
    expect(reader.frameBytes(1)).toBeUndefined();
    expect(bytesOf(reader, 40)).toEqual([39, ...FRAME_A]);
  });
});

describe('timestamps', () => {
  it('converts pcapng units exactly, decimal and binary, with an offset', () => {
    // Expected values from Python's exact integers: divmod((high << 32) | low, 10**exponent).
    expect(pcapngTimestamp(0x00051b7f, 0x3a2e7b2e, { base: 10, exponent: 6 }, 0)).toEqual({
      seconds: 1_437_608_134,
      nanos: 474_542_000,
    });
    expect(pcapngTimestamp(0x1398ab12, 0x00112233, { base: 10, exponent: 9 }, 0)).toEqual({
      seconds: 1_412_066_576,
      nanos: 979_534_387,
    });
    expect(pcapngTimestamp(0, 3 * 1024 + 256, { base: 2, exponent: 10 }, -1)).toEqual({
      seconds: 2,
      nanos: 250_000_000,
    });
    expect(pcapngTimestamp(0, 1_500_000, { base: 10, exponent: 12 }, 0)).toEqual({ seconds: 0, nanos: 1500 });
  });

  it('formats relative, absolute (UTC) and epoch times as tshark does', () => {
    const start = { seconds: 1_408_528_821, nanos: 80_446_000 };
    expect(relativeTime({ seconds: 1_408_528_821, nanos: 80_977_000 }, start, 6)).toBe('0.000531');
    expect(relativeTime({ seconds: 1_408_528_823, nanos: 0 }, start, 6)).toBe('1.919554');
    expect(relativeTime({ seconds: 1_408_528_820, nanos: 90_446_000 }, start, 6)).toBe('-0.990000');
    expect(relativeTime({ seconds: 1_700_000_000, nanos: 5 }, { seconds: 1_000_000_000, nanos: 6 }, 9)).toBe(
      '699999999.999999999',
    );
    expect(absoluteTime(start, 6)).toBe('2014-08-20 10:00:21.080446');
    expect(epochTime(start, 6)).toBe('1408528821.080446');
  });

  it('reads an epoch time back, and nothing from text that is not one', () => {
    expect(parseEpochTime('1408528821.080446')).toEqual({
      time: { seconds: 1_408_528_821, nanos: 80_446_000 },
      digits: 6,
    });
    expect(parseEpochTime('12')).toEqual({ time: { seconds: 12, nanos: 0 }, digits: 0 });
    for (const bad of ['', '1.', '.5', '1.0000000001', '1e9', ' 1', '0x10', '1234567890123456'])
      expect(parseEpochTime(bad)).toBeUndefined();
  });
});
