// The capture link layers and the IP layers under TPKT that captures bring: 802.1Q / 802.1ad tags (stacked), Linux
// cooked capture v1 and v2, BSD loopback (null, loop), raw IP (101, 228, 229), IPv6 with extension headers, and IP
// fragments. Hand-built bytes: good, malformed, reserved-non-zero, and cut at every offset.
import { describe, expect, it } from 'vitest';
import { dissectFrame, fieldsById } from '..';
import { dissectLean } from '../engine';
import { comparable, recordOf } from '../record';
import { asLeanSees } from '../testing/lean';
import { SCHEMA, allSpecs } from '../schema';
import { LeanWants } from '../sink';
import type { Frame } from '../model';
import {
  IPV6_DST,
  IPV6_SRC,
  cotp,
  ethernetFrame,
  hexBytes,
  ipv4Packet,
  ipv6Packet,
  tcpSegment,
  tpkt,
  vlanTag,
} from '../testing/frames';
import { decodeChecked as decode, firstField as first } from '../testing/checked';
import { invariantViolations } from '../testing/invariants';

const CR = tpkt(cotp([0xe0, 0, 0, 0x00, 0x01, 0x00, 0xc1, 2, 0x01, 0x00, 0xc2, 2, 0x01, 0x02, 0xc0, 1, 0x0a]));
const V4 = { src: [10, 0, 0, 1], dst: [10, 0, 0, 2] };
const V6 = { src: IPV6_SRC, dst: IPV6_DST };
const IPV4_CR = ipv4Packet(tcpSegment(CR, {}, V4));
const IPV6_CR = ipv6Packet(tcpSegment(CR, {}, V6));
const u32le = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
const u32be = (n: number) => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

const protocols = (frame: Frame) => frame.layers.map((l) => l.protocol);
const errors = (frame: Frame) => frame.problems.filter((p) => p.severity === 'error');

describe('802.1Q and 802.1ad tags', () => {
  it('reads a C-VLAN tag: priority, DEI and VID share two bytes, then the type', () => {
    const frame = decode(ethernetFrame([...vlanTag(100, 0x0800, 1), ...IPV4_CR], 0x8100));
    expect(protocols(frame)).toEqual(['eth', 'vlan', 'ip', 'tcp', 'tpkt', 'cotp']);
    expect(first(frame, 'vlan.priority')).toMatchObject({ offset: 14, length: 2, value: 1 });
    expect(first(frame, 'vlan.id')).toMatchObject({ value: 100 });
    expect(first(frame, 'vlan.etype')).toMatchObject({ offset: 16, value: 0x0800 });
    expect(frame.layers[1]!.summary).toBe('802.1Q Virtual LAN, PRI: 1, DEI: 0, ID: 100');
    expect(errors(frame)).toEqual([]);
    expect(frame.summary.info).toMatch(/^CR TPDU/);
  });

  it('stacks an 802.1ad S-tag over a C-tag (Q-in-Q), and 0x9100 as 802.1Q', () => {
    const frame = decode(ethernetFrame([...vlanTag(200, 0x8100), ...vlanTag(100, 0x0800), ...IPV4_CR], 0x88a8));
    expect(protocols(frame).slice(0, 4)).toEqual(['eth', 'ieee8021ad', 'vlan', 'ip']);
    expect(first(frame, 'ieee8021ad.id').value).toBe(200);
    expect(first(frame, 'vlan.id').value).toBe(100);
    const old = decode(ethernetFrame([...vlanTag(7, 0x8100), ...vlanTag(8, 0x0800), ...IPV4_CR], 0x9100));
    expect(protocols(old).slice(0, 4)).toEqual(['eth', 'vlan', 'vlan', 'ip']);
  });

  it('warns on the reserved VID 4095 and claims bytes after the payload as its trailer', () => {
    const frame = decode([...ethernetFrame([...vlanTag(0xfff, 0x0800), ...IPV4_CR], 0x8100), 0xde, 0xad]);
    expect(frame.problems.find((p) => p.fieldId === 'vlan.id')).toMatchObject({
      severity: 'warning',
      cite: { doc: 'IEEE 802.1Q', section: '9.6' },
    });
    expect(first(frame, 'vlan.trailer').raw).toBe('dead');
  });

  it('shows an 802.3 length after a tag as data', () => {
    const frame = decode(ethernetFrame([...vlanTag(5, 46), ...new Array(46).fill(0xaa)], 0x8100));
    expect(protocols(frame)).toEqual(['eth', 'vlan', 'data']);
  });
});

describe('IPv6', () => {
  it('reads the fixed header, checks the TCP checksum with the IPv6 pseudo-header, and reaches COTP', () => {
    const frame = decode(ethernetFrame(IPV6_CR, 0x86dd));
    expect(protocols(frame)).toEqual(['eth', 'ipv6', 'tcp', 'tpkt', 'cotp']);
    expect(first(frame, 'ipv6.src').value).toBe('2001:db8::1');
    expect(first(frame, 'ipv6.flow')).toMatchObject({ offset: 15, length: 3, value: 0x12345 });
    expect(first(frame, 'ipv6.tclass')).toMatchObject({ offset: 14, length: 2, value: 0 });
    expect(first(frame, 'tcp.checksum').display).toMatch(/correct/);
    expect(errors(frame)).toEqual([]);
    expect(frame.summary).toMatchObject({ source: '2001:db8::1', destination: '2001:db8::2', protocol: 'COTP' });
  });

  it('walks hop-by-hop, routing, destination options and an atomic fragment header to TCP', () => {
    const hopByHop = [43, 0, 1, 4, 0, 0, 0, 0];
    const routing = [60, 2, 0, 0, 0, 0, 0, 0, ...IPV6_DST];
    const destination = [44, 0, 0, 1, 2, 0, 0, 0]; // Pad1, then PadN of 2 data octets
    const fragment = [6, 0, 0, 0, 0xab, 0xcd, 0xef, 0x01];
    const frame = decode(
      ethernetFrame(
        ipv6Packet([...hopByHop, ...routing, ...destination, ...fragment, ...tcpSegment(CR, {}, V6)], 0),
        0x86dd,
      ),
    );
    expect(protocols(frame)).toEqual(['eth', 'ipv6', 'tcp', 'tpkt', 'cotp']);
    const ipv6 = frame.layers[1]!;
    expect(ipv6.fields.map((f) => f.id).slice(-4)).toEqual([
      'ipv6.hopopts',
      'ipv6.routing',
      'ipv6.dstopts',
      'ipv6.fraghdr',
    ]);
    expect(first(frame, 'ipv6.hopopts')).toMatchObject({ offset: 54, length: 8 });
    expect(first(frame, 'ipv6.routing')).toMatchObject({ offset: 62, length: 24 });
    expect(fieldsById(frame, 'ipv6.opt.type').map((f) => f.value)).toEqual([1, 0, 1, 0]);
    expect(first(frame, 'ipv6.fraghdr.ident').value).toBe(0xabcdef01);
    // Routing type 0 is deprecated: a warning, not an error; the checksum still holds.
    expect(frame.problems.map((p) => `${p.severity} ${p.fieldId}`)).toEqual(['warning ipv6.routing.type']);
    expect(first(frame, 'ipv6.routing').offset + 24).toBe(first(frame, 'ipv6.dstopts').offset);
  });

  it('shows a real fragment as a fragment: Info as Wireshark writes it, payload as data', () => {
    const fragment = [6, 0, ...[(185 << 3) >> 8, ((185 << 3) & 0xff) | 1], 0, 0, 0, 0x99];
    const frame = decode(ethernetFrame(ipv6Packet([...fragment, ...new Array(16).fill(0xaa)], 44), 0x86dd));
    expect(protocols(frame)).toEqual(['eth', 'ipv6', 'data']);
    expect(frame.summary.info).toBe('IPv6 fragment (off=1480 more=y ident=0x00000099 nxt=6)');
    expect(first(frame, 'ipv6.fraghdr.offset').value).toBe(185);
    expect(first(frame, 'ipv6.fraghdr.more').value).toBe(1);
  });

  it('warns on non-zero reserved fragment fields and non-zero PadN, naming the rule', () => {
    const fragment = [6, 0x5a, 0, 0x06, 0, 0, 0, 1];
    const frame = decode(
      ethernetFrame(ipv6Packet([44, 0, 1, 4, 0, 7, 0, 0, ...fragment, ...tcpSegment(CR, {}, V6)], 60), 0x86dd),
    );
    const warnings = frame.problems.filter((p) => p.code === 'reserved-nonzero');
    expect(warnings.map((p) => p.fieldId)).toEqual([
      'ipv6.opt.padn',
      'ipv6.fraghdr.reserved_octet',
      'ipv6.fraghdr.reserved_bits',
    ]);
    expect(warnings[1]!.cite).toMatchObject({ doc: 'RFC 8200', section: '4.5' });
  });

  it('flags a hop-by-hop header that is not first, an option overrunning its header, and a short payload', () => {
    const late = decode(
      ethernetFrame(
        ipv6Packet([0, 0, 1, 4, 0, 0, 0, 0, 6, 0, 1, 4, 0, 0, 0, 0, ...tcpSegment(CR, {}, V6)], 60),
        0x86dd,
      ),
    );
    expect(late.problems.find((p) => p.fieldId === 'ipv6.hopopts')).toMatchObject({
      severity: 'error',
      cite: { section: '4.1' },
    });
    const overrun = decode(ethernetFrame(ipv6Packet([6, 0, 1, 9, 0, 0, 0, 0, ...tcpSegment(CR, {}, V6)], 0), 0x86dd));
    expect(overrun.problems.find((p) => p.fieldId === 'ipv6.opt')).toMatchObject({ code: 'malformed' });
    const short = decode(ethernetFrame(ipv6Packet(tcpSegment(CR, {}, V6), 6, { payloadLength: 500 }), 0x86dd));
    expect(short.problems.find((p) => p.fieldId === 'ipv6.plen')).toMatchObject({ code: 'truncated' });
  });

  it('stops at No Next Header and keeps what follows as its own field', () => {
    const frame = decode(ethernetFrame(ipv6Packet([1, 2, 3, 4], 59), 0x86dd));
    expect(first(frame, 'ipv6.nonxt_data').raw).toBe('01020304');
    expect(protocols(frame)).toEqual(['eth', 'ipv6']);
  });

  it('checks the version nibble', () => {
    const bytes = ethernetFrame(IPV6_CR, 0x86dd);
    bytes[14] = 0x40;
    expect(decode(bytes).problems.find((p) => p.fieldId === 'ipv6.version')).toMatchObject({ severity: 'error' });
  });
});

describe('IPv4 fragments', () => {
  it("shows first and later fragments as fragments, with Wireshark's Info", () => {
    const segment = tcpSegment(CR, {}, V4);
    const firstPart = decode(ethernetFrame(ipv4Packet(segment.slice(0, 24), { flagsFrag: 0x2000 })));
    expect(protocols(firstPart)).toEqual(['eth', 'ip', 'data']);
    expect(firstPart.summary.info).toBe('Fragmented IP protocol (proto=TCP 6, off=0, ID=1234)');
    const later = decode(ethernetFrame(ipv4Packet(segment.slice(24), { flagsFrag: 0x0003 })));
    expect(later.summary.info).toBe('Fragmented IP protocol (proto=TCP 6, off=24, ID=1234)');
  });
});

describe('Linux cooked capture', () => {
  const mac = hexBytes('000c29aabbcc');
  it('v1 (113): packet type, address type, the address and its padding, then the EtherType', () => {
    const header = [0, 4, 0, 1, 0, 6, ...mac, 0, 0, 0x08, 0x00];
    const frame = decode([...header, ...IPV4_CR], 113);
    expect(protocols(frame)).toEqual(['sll', 'ip', 'tcp', 'tpkt', 'cotp']);
    expect(first(frame, 'sll.pkttype')).toMatchObject({ value: 4, display: 'Sent by us (4)' });
    expect(first(frame, 'sll.src.eth')).toMatchObject({ offset: 6, value: '00:0c:29:aa:bb:cc' });
    expect(first(frame, 'sll.unused')).toMatchObject({ offset: 12, length: 2 });
    expect(first(frame, 'sll.etype').offset).toBe(14);
    expect(errors(frame)).toEqual([]);
  });

  it('v2 (276): protocol first, interface index, and a warning on a non-zero reserved field', () => {
    const header = [0x86, 0xdd, 0, 0, 0, 0, 0, 3, 0, 1, 0, 6, ...mac, 0, 0];
    const frame = decode([...header, ...IPV6_CR], 276);
    expect(protocols(frame)).toEqual(['sll', 'ipv6', 'tcp', 'tpkt', 'cotp']);
    expect(first(frame, 'sll.ifindex').value).toBe(3);
    expect(frame.layers[0]!.summary).toBe('Linux cooked capture v2, Src: 00:0c:29:aa:bb:cc');
    header[3] = 1;
    expect(decode([...header, ...IPV6_CR], 276).problems.find((p) => p.fieldId === 'sll.reserved')).toMatchObject({
      code: 'reserved-nonzero',
    });
  });

  describe('bytes after the IP datagram', () => {
    // An incoming 40-byte TCP ACK: on the wire its Ethernet frame was padded to 60 octets, and Linux hands the
    // padding up with the packet (as text2pcap -l 113 / -l 276 turns a dump of these bytes into a capture).
    const ack = ipv4Packet(tcpSegment([], { flags: 0x10 }, V4));
    const v1 = (hatype = 1) => [0, 0, 0, hatype & 0xff, 0, 6, ...mac, 0, 0, 0x08, 0x00];
    const v2 = [0x08, 0x00, 0, 0, 0, 0, 0, 3, 0, 1, 0, 6, ...mac, 0, 0];
    const zeros = (n: number) => new Array<number>(n).fill(0);
    const owners = (frame: Frame) => frame.layers.flatMap((l) => l.fields.map((f) => `${l.protocol}:${f.id}`));

    it('v1 and v2: zero padding up to the Ethernet minimum is sll.padding in the sll layer, with no problem', () => {
      for (const [header, linkType] of [
        [v1(), 113],
        [v2, 276],
      ] as const) {
        const frame = decode([...header, ...ack, ...zeros(6)], linkType);
        expect(protocols(frame)).toEqual(['sll', 'ip', 'tcp']);
        expect(first(frame, 'sll.padding')).toMatchObject({
          offset: header.length + 40,
          length: 6,
          raw: '000000000000',
        });
        expect(owners(frame)).toContain('sll:sll.padding');
        expect(frame.problems).toEqual([]);
      }
    });

    it('non-zero bytes, or zeros past the Ethernet minimum, are sll.trailer (Wireshark: sll.trailer)', () => {
      const trailer = decode([...v1(), ...ack, ...zeros(6), 0xde, 0xad, 0xbe, 0xef], 113);
      expect(first(trailer, 'sll.trailer')).toMatchObject({ offset: 56, length: 10, raw: '000000000000deadbeef' });
      expect(fieldsById(trailer, 'sll.padding')).toEqual([]);
      expect(trailer.problems).toEqual([]);
      const long = decode([...v2, ...ack, ...zeros(7)], 276);
      expect(first(long, 'sll.trailer')).toMatchObject({ offset: 60, length: 7 });
      expect(protocols(long)).toEqual(['sll', 'ip', 'tcp']);
    });

    it('on a device that is not Ethernet (loopback) nothing is padded: zeros after the datagram are a trailer', () => {
      const frame = decode([...v1(772), ...ack, ...zeros(6)], 113);
      expect(first(frame, 'sll.trailer').length).toBe(6);
      expect(fieldsById(frame, 'sll.padding')).toEqual([]);
    });

    it('a payload SLL does not decode stays data, not trailer', () => {
      const header = [0, 0, 0x03, 0x0a, 0, 4, 1, 2, 3, 4, 0, 0, 0, 0, 0, 4];
      expect(protocols(decode([...header, 0x42, 0x42, 0x03, ...zeros(6)], 113))).toEqual(['sll', 'data']);
    });
  });

  it('keeps a non-Ethernet address as bytes and a Linux protocol number undecoded, with a note', () => {
    const header = [0, 0, 0x03, 0x0a, 0, 4, 1, 2, 3, 4, 0, 0, 0, 0, 0, 4];
    const frame = decode([...header, 0x42, 0x42, 0x03], 113);
    expect(first(frame, 'sll.src.other').raw).toBe('01020304');
    expect(protocols(frame)).toEqual(['sll', 'data']);
    expect(frame.problems.some((p) => p.fieldId === 'sll.etype' && p.code === 'undecoded')).toBe(true);
  });
});

describe('BSD loopback and raw IP', () => {
  it("null (0): the family in the capturing host's byte order, either one", () => {
    const little = decode([...u32le(2), ...IPV4_CR], 0);
    expect(protocols(little)).toEqual(['null', 'ip', 'tcp', 'tpkt', 'cotp']);
    expect(first(little, 'null.family')).toMatchObject({ value: 2, raw: '02000000' });
    expect(first(little, 'null.family').display).toMatch(/little-endian/);
    expect(protocols(decode([...u32be(2), ...IPV4_CR], 0))).toContain('cotp');
    for (const family of [24, 28, 30]) expect(protocols(decode([...u32le(family), ...IPV6_CR], 0))).toContain('ipv6');
  });

  it('loop (108): big-endian always; an unknown family is data with a note', () => {
    expect(protocols(decode([...u32be(24), ...IPV6_CR], 108))).toContain('cotp');
    const unknown = decode([...u32be(23), 1, 2, 3], 108);
    expect(protocols(unknown)).toEqual(['null', 'data']);
    expect(unknown.problems[0]).toMatchObject({ code: 'unknown-value', fieldId: 'null.family' });
  });

  it('raw (101) reads the version nibble; 228 and 229 are IPv4 and IPv6 without a raw layer', () => {
    expect(protocols(decode(IPV4_CR, 101))).toEqual(['raw', 'ip', 'tcp', 'tpkt', 'cotp']);
    expect(protocols(decode(IPV6_CR, 101))).toEqual(['raw', 'ipv6', 'tcp', 'tpkt', 'cotp']);
    expect(protocols(decode(IPV4_CR, 228))).toEqual(['ip', 'tcp', 'tpkt', 'cotp']);
    expect(protocols(decode(IPV6_CR, 229))).toEqual(['ipv6', 'tcp', 'tpkt', 'cotp']);
    const bad = decode([0x10, 1, 2, 3], 101);
    expect(protocols(bad)).toEqual(['raw', 'data']);
    expect(errors(bad)[0]!.message).toMatch(/version nibble is 1/);
  });
});

describe('every frame cut at every offset', () => {
  const frames: Record<string, [number[], number]> = {
    'Q-in-Q': [ethernetFrame([...vlanTag(200, 0x8100), ...vlanTag(100, 0x0800), ...IPV4_CR], 0x88a8), 1],
    'IPv6 with every extension header': [
      ethernetFrame(
        ipv6Packet(
          [
            43,
            0,
            1,
            4,
            0,
            0,
            0,
            0,
            60,
            2,
            0,
            0,
            0,
            0,
            0,
            0,
            ...IPV6_DST,
            44,
            0,
            1,
            4,
            0,
            0,
            0,
            0,
            6,
            0,
            0,
            0,
            0,
            0,
            0,
            1,
            ...tcpSegment(CR, {}, V6),
          ],
          0,
        ),
        0x86dd,
      ),
      1,
    ],
    'SLL v1': [[0, 0, 0, 1, 0, 6, ...hexBytes('000c29aabbcc'), 0, 0, 0x08, 0x00, ...IPV4_CR], 113],
    'SLL v2': [[0x86, 0xdd, 0, 0, 0, 0, 0, 3, 0, 1, 0, 6, ...hexBytes('000c29aabbcc'), 0, 0, ...IPV6_CR], 276],
    null: [[...u32le(2), ...IPV4_CR], 0],
    'raw IPv6': [IPV6_CR, 101],
  };
  for (const [name, [bytes, linkType]] of Object.entries(frames)) {
    it(`${name}: clean whole, and every cut keeps the fields read and says "truncated"`, () => {
      const whole = dissectFrame(Uint8Array.from(bytes), linkType, 1);
      expect(invariantViolations(whole)).toEqual([]);
      expect(errors(whole)).toEqual([]);
      const dataEnd = Math.max(...whole.layers.filter((l) => l.protocol !== 'eth').map((l) => l.offset + l.length));
      for (let cut = 1; cut < dataEnd; cut++) {
        const part = dissectFrame(Uint8Array.from(bytes.slice(0, cut)), linkType, 1);
        expect(invariantViolations(part), `cut at ${cut}`).toEqual([]);
        expect(
          part.problems.some((p) => p.code === 'truncated'),
          `cut at ${cut}: ${part.problems.map((p) => p.message).join('; ')}`,
        ).toBe(true);
      }
    });
  }
});

describe('the lean pass gives what the tree gives on every link layer', () => {
  // The shared captures are Ethernet and BSD loopback only: tags, cooked captures, raw IP, trailers and the problems
  // these layers report are held to equivalence here (equivalence.test.ts covers the captures).
  const everyId = new LeanWants(new Set(allSpecs().map((s) => s.id)));
  const mac = hexBytes('000c29aabbcc');
  const ack = ipv4Packet(tcpSegment([], { flags: 0x10 }, V4));
  const sourceGroup = [...ethernetFrame(IPV4_CR)];
  sourceGroup[6] = 0x01;
  const frames: Record<string, [number[], number]> = {
    'C-VLAN tag': [ethernetFrame([...vlanTag(100, 0x0800, 1), ...IPV4_CR], 0x8100), 1],
    'Q-in-Q': [ethernetFrame([...vlanTag(200, 0x8100), ...vlanTag(100, 0x0800), ...IPV4_CR], 0x88a8), 1],
    'VID 4095 and a tag trailer': [[...ethernetFrame([...vlanTag(0xfff, 0x0800), ...IPV4_CR], 0x8100), 0xde, 0xad], 1],
    'an 802.3 length after a tag': [ethernetFrame([...vlanTag(5, 46), ...new Array(46).fill(0xaa)], 0x8100), 1],
    'IEEE 802.3 with padding': [ethernetFrame([0x42, 0x42, 0x03, 0x01], 4), 1],
    'type 0x05ff': [ethernetFrame([1, 2, 3, 4], 0x05ff), 1],
    'an Ethernet trailer': [[...ethernetFrame(ack), 0xde, 0xad, 0xbe, 0xef], 1],
    'a group source address': [sourceGroup, 1],
    'SLL v1 with padding': [[0, 0, 0, 1, 0, 6, ...mac, 0, 0, 0x08, 0x00, ...ack, 0, 0, 0, 0, 0, 0], 113],
    'SLL v1 loopback with a trailer': [[0, 0, 3, 4, 0, 6, ...mac, 0, 0, 0x08, 0x00, ...ack, 0, 0, 0, 0, 0, 0], 113],
    'SLL v1, a Linux protocol number': [[0, 0, 0x03, 0x0a, 0, 4, 1, 2, 3, 4, 0, 0, 0, 0, 0, 4, 0x42, 0x42, 0x03], 113],
    'SLL v2, reserved non-zero': [[0x86, 0xdd, 0, 1, 0, 0, 0, 3, 0, 1, 0, 6, ...mac, 0, 0, ...IPV6_CR], 276],
    'null, little-endian': [[...u32le(2), ...IPV4_CR], 0],
    'loop, an unknown family': [[...u32be(23), 1, 2, 3], 108],
    'raw, a bad version nibble': [[0x10, 1, 2, 3], 101],
  };
  for (const [name, [bytes, linkType]] of Object.entries(frames)) {
    it(`${name}: whole and cut at every offset`, () => {
      for (let cut = bytes.length; cut > 0; cut--) {
        const part = Uint8Array.from(bytes.slice(0, cut));
        const tree = recordOf(dissectFrame(part, linkType, 1));
        const lean = dissectLean(part, linkType, 1, everyId);
        expect(comparable(lean), `cut at ${cut}`).toEqual(comparable(asLeanSees(tree, lean)));
      }
    });
  }
});

describe('IEEE 802.3 clause 3.2 citations', () => {
  // 3.2.3 Address fields, 3.2.6 Length/Type, 3.2.7 MAC Client Data, 3.2.8 Pad, 3.2.9 Frame Check Sequence.
  it.each([
    ['eth.src', '3.2.3'],
    ['eth.type', '3.2.6'],
    ['eth.len', '3.2.6'],
    ['eth.padding', '3.2.8'],
    ['eth.trailer', '3.2.9'],
  ])('%s cites §%s', (id, section) => {
    expect(SCHEMA[id]!.cite).toMatchObject({ doc: 'IEEE 802.3', section });
  });
});
