// The link layer of pasted bytes, guessed from what each candidate header promises about the bytes after it.
// Real captures of every kind are in text-fixtures.test.ts (SLL and SLL2 from tcpdump -i any, raw IPv6, BSD null).
import { describe, expect, it } from 'vitest';
import { ethernetFrame, hexBytes, ipv4Packet, tcpSegment, tpkt } from '../dissect/testing/frames';
import { guessLinkType, linkTypeId, linkTypeName, LINK_TYPES } from './linktype';

const segment = tcpSegment(tpkt([0x02, 0xf0, 0x80]));
const ip4 = ipv4Packet(segment);
const ip6 = [
  0x60,
  0,
  0,
  0,
  segment.length >> 8,
  segment.length & 0xff,
  6,
  64,
  ...Array(15).fill(0),
  1,
  ...Array(15).fill(0),
  1,
  ...segment,
];
const guess = (bytes: number[]) => guessLinkType(Uint8Array.from(bytes));

describe('guessLinkType', () => {
  it.each([
    ['Ethernet II + IPv4', ethernetFrame(ip4), 1],
    ['Ethernet II + IPv6', ethernetFrame(ip6, 0x86dd), 1],
    ['Ethernet II + 802.1Q + IPv4', [...ethernetFrame([]).slice(0, 12), 0x81, 0x00, 0x00, 0x05, 0x08, 0x00, ...ip4], 1],
    [
      'Ethernet II + ARP',
      ethernetFrame(hexBytes('0001 0800 0604 0001 001b1b000001 c0a8000a 000000000000 c0a80014'), 0x0806),
      1,
    ],
    ['raw IPv4', ip4, 228],
    ['raw IPv6', ip6, 229],
    // packet type 0 (to us), ARPHRD_LOOPBACK 772, 6 address bytes, 2 padding, protocol 0x0800
    ['Linux cooked v1', [0, 0, 0x03, 0x04, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00, ...ip4], 113],
    // protocol 0x86dd, reserved 0, interface 1, ARPHRD_LOOPBACK, packet type 0, address length 6, 8 address bytes
    ['Linux cooked v2', [0x86, 0xdd, 0, 0, 0, 0, 0, 1, 0x03, 0x04, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, ...ip6], 276],
    ['BSD null, little-endian AF_INET', [2, 0, 0, 0, ...ip4], 0],
    ['BSD null, big-endian AF_INET6 (macOS: 30)', [0, 0, 0, 30, ...ip6], 0],
  ])('%s', (_name, bytes, linkType) => {
    expect(guess(bytes)).toEqual({ linkType, sure: true });
  });

  it('does not take an IPv4 header with a bad checksum and a wrong length over Ethernet', () => {
    const damaged = [...ip4];
    damaged[10] = damaged[10]! ^ 0xff;
    damaged[3] = damaged[3]! + 1;
    expect(guess(ethernetFrame(damaged)).linkType).toBe(1);
  });

  it('assumes Ethernet when the bytes look like no link layer (a bare TPKT), and says so', () => {
    expect(guess(tpkt([0x02, 0xf0, 0x80]))).toEqual({ linkType: 1, sure: false });
    expect(guess([])).toEqual({ linkType: 1, sure: false });
  });

  it('names every link type in its table, and unknown ones by number', () => {
    expect(LINK_TYPES.map((t) => linkTypeName(t.value))).toEqual(LINK_TYPES.map((t) => t.name));
    expect(linkTypeName(147)).toBe('link type 147');
  });

  it('gives the registry identifier of every link type it decodes, as capture headers and tshark -V name them', () => {
    expect(LINK_TYPES.map((t) => linkTypeId(t.value))).toEqual([
      'LINKTYPE_ETHERNET (1)',
      'LINKTYPE_IPV4 (228)',
      'LINKTYPE_IPV6 (229)',
      'LINKTYPE_LINUX_SLL (113)',
      'LINKTYPE_LINUX_SLL2 (276)',
      'LINKTYPE_NULL (0)',
      'LINKTYPE_RAW (101)',
      'LINKTYPE_LOOP (108)',
    ]);
    expect(linkTypeId(9)).toBe('LINKTYPE_PPP (9)');
    expect(linkTypeId(4242)).toBe('link type 4242');
  });
});
