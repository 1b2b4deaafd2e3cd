// Every pasteable format, as the real tool printed it (src/inputs/__fixtures__/README.md says how each was made),
// must give exactly the frames of the capture it was made from, with no problems, and the link layer of the bytes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '.';

const FIXTURES = new URL('./__fixtures__/', import.meta.url);
const text = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The packets of a classic pcap file, as hex: just enough reader for the reference captures of these tests. */
function pcapPackets(name: string): string[] {
  const file = readFileSync(new URL(name, FIXTURES));
  const little = file.readUInt32LE(0) === 0xa1b2c3d4 || file.readUInt32LE(0) === 0xa1b23c4d;
  const u32 = (at: number) => (little ? file.readUInt32LE(at) : file.readUInt32BE(at));
  const packets: string[] = [];
  for (let at = 24; at + 16 <= file.length;) {
    const captured = u32(at + 8);
    packets.push(file.subarray(at + 16, at + 16 + captured).toString('hex'));
    at += 16 + captured;
  }
  return packets;
}

const FRAMES = pcapPackets('frames.pcap');

/** file → [format id, reference packets, link type] */
const CASES: readonly [string, string, readonly string[], number][] = [
  ['text2pcap-input.txt', 'text2pcap', FRAMES, 1],
  ['tshark-x.txt', 'tshark-x', FRAMES, 1],
  ['tcpdump-xx.txt', 'tcpdump-xx', FRAMES, 1],
  ['tcpdump-XX.txt', 'tcpdump-xx', FRAMES, 1],
  ['tcpdump-vv-XX.txt', 'tcpdump-xx', FRAMES, 1],
  ['od.txt', 'od', FRAMES, 1],
  ['od-octal.txt', 'od-octal', FRAMES, 1],
  ['xxd.txt', 'xxd', FRAMES, 1],
  ['hexdump-C.txt', 'hexdump-c', FRAMES, 1],
  ['hexdump.txt', 'hexdump-words', FRAMES, 1],
  ['xxd-i.txt', 'c-array', FRAMES, 1],
  ['gdb.txt', 'gdb', FRAMES, 1],
  ['hex-stream.txt', 'hex-stream', FRAMES, 1],
  ['spaced-bytes.txt', 'spaced-bytes', FRAMES, 1],
  ['colon-bytes.txt', 'colon-bytes', FRAMES, 1],
  ['0x-list.txt', '0x-list', FRAMES, 1],
  ['python-repr.txt', 'escaped', FRAMES, 1],
  ['base64.txt', 'base64', FRAMES, 1],
  ['wireshark-hex-ascii.txt', 'wireshark-hex-dump', FRAMES, 1],
  ['wireshark-hex-only.txt', 'wireshark-hex-dump', FRAMES, 1],
  ['wireshark-escaped.txt', 'escaped', FRAMES, 1],
  ['wireshark-c-arrays.txt', 'c-array', FRAMES, 1],
  ['router-dump.txt', 'router-words', FRAMES.slice(0, 1), 1],
  ['hpd-link.txt', 'hex-stream', FRAMES.slice(0, 1), 1],
  ['cyberchef-link.txt', 'spaced-bytes', FRAMES.slice(0, 1), 1],
  ['tcpdump-xx-sll.txt', 'tcpdump-xx', pcapPackets('sll.pcap'), 113],
  ['tcpdump-xx-sll2.txt', 'tcpdump-xx', pcapPackets('sll2.pcap'), 276],
  ['tshark-x-raw-ipv4.txt', 'tshark-x', pcapPackets('raw-ipv4.pcap'), 228],
  ['tshark-x-raw-ipv6.txt', 'tshark-x', pcapPackets('raw-ipv6.pcap'), 229],
  ['tshark-x-null.txt', 'tshark-x', pcapPackets('null.pcap'), 0],
];

describe('every fixture reads as the capture it was made from', () => {
  it.each(CASES)('%s', (file, formatId, packets, linkType) => {
    const parsed = parseText(text(file));
    expect(parsed.problems).toEqual([]);
    expect(parsed.formatId).toBe(formatId);
    expect(parsed.frames.map((f) => hex(f.bytes))).toEqual(packets);
    expect(parsed.frames.map((f) => [f.linkType, f.linkTypeSource])).toEqual(packets.map(() => [linkType, 'detected']));
  });

  it('names the variant it read', () => {
    expect(parseText(text('tcpdump-xx.txt')).format).toBe('tcpdump -xx');
    expect(parseText(text('tcpdump-XX.txt')).format).toBe('tcpdump -XX');
    expect(parseText(text('wireshark-hex-only.txt')).format).toBe('Wireshark: Copy … as Hex Dump');
    expect(parseText(text('wireshark-hex-ascii.txt')).format).toBe('Wireshark: Copy Bytes as Hex + ASCII Dump');
    expect(parseText(text('hpd-link.txt')).format).toBe('Hex Packet Decoder link → hex stream');
    expect(parseText(text('cyberchef-link.txt')).format).toBe('CyberChef link → space-separated hex bytes');
    expect(parseText(text('tshark-x-null.txt')).linkTypeName).toBe('BSD null/loopback');
  });

  it('fills the lines od collapsed into "*"', () => {
    const parsed = parseText(text('od-collapsed.txt'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.frames.map((f) => hex(f.bytes))).toEqual([FRAMES[2] + '00'.repeat(48)]);
  });

  it('says where each frame starts in the text', () => {
    expect(parseText(text('tcpdump-xx.txt')).frames.map((f) => f.line)).toEqual([3, 11, 20]);
    expect(parseText(text('base64.txt')).frames.map((f) => f.line)).toEqual([1, 4, 8]);
  });
});
