// ICMPv6 (RFC 4443) on real bytes — an MLDv2 report behind a hop-by-hop header in LM_rdp_sharprdp.pcapng — and on
// built messages: echo, the errors, Neighbor Discovery (RFC 4861) with its options, MLD, the checksum over the IPv6
// pseudo-header (RFC 8200 §8.1). Expected values from tshark 4.0.17, whose Info adds ", hop limit=64" to an echo.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import { compileFilter } from '../filter';
import type { Frame } from '../model';
import { fieldsById } from '../query';
import { decodeChecked, firstField, problemOn } from '../testing/checked';
import { IPV6_DST, IPV6_SRC, ethernetFrame, ipv6Packet } from '../testing/frames';
import { MAC_A, MAC_B, icmpv6Message, ipv6Bytes } from '../testing/datagrams';

const lm = readCapture(readFileSync(new URL('../../../../shared/captures/LM_rdp_sharprdp.pcapng', import.meta.url)));
const values = (frame: Frame, id: string) => fieldsById(frame, id).map((f) => f.value);
const LL_A = ipv6Bytes('fe80:0:0:0:21b:1bff:fe17:f882');
const LL_B = ipv6Bytes('fe80:0:0:0:20c:29ff:fec3:65e0');
const ALL_ROUTERS = ipv6Bytes('ff02:0:0:0:0:0:0:2');
const icmpv6 = (type: number, code: number, rest: number[], ip = { src: IPV6_SRC, dst: IPV6_DST }, stored?: number) =>
  decodeChecked(
    ethernetFrame(ipv6Packet(icmpv6Message(type, code, rest, ip, stored), 58, { src: ip.src, dst: ip.dst }), 0x86dd),
  );
const sourceLinkLayer = (mac: number[]) => [1, 1, ...mac];
const targetLinkLayer = (mac: number[]) => [2, 1, ...mac];

describe('ICMPv6 on real bytes (LM_rdp_sharprdp.pcapng)', () => {
  it('frame 42: an MLDv2 report after a hop-by-hop header, its record as tshark reads it', () => {
    const frame = decodeChecked(lm.frameBytes(42)!);
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ipv6', 'icmpv6']);
    expect(frame.summary).toMatchObject({ protocol: 'ICMPv6', info: 'Multicast Listener Report Message v2' });
    expect(values(frame, 'icmpv6.type')).toEqual([143]);
    expect(values(frame, 'icmpv6.checksum.status')).toEqual([1]);
    expect(values(frame, 'icmpv6.mldr.nb_mcast_records')).toEqual([1]);
    expect(values(frame, 'icmpv6.mldr.mar.record_type')).toEqual([3]);
    expect(values(frame, 'icmpv6.mldr.mar.multicast_address')).toEqual(['ff02::1:3']);
    expect(firstField(frame, 'icmpv6.mldr.mar').display).toBe('Changed to include: ff02::1:3');
    expect(frame.problems).toEqual([]);
  });
});

describe('ICMPv6, built', () => {
  it('echo request: identifier in hex as tshark, sequence, data as data; the checksum verified', () => {
    const frame = icmpv6(128, 0, [0x43, 0x21, 0, 7, 0x70, 0x69]);
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ipv6', 'icmpv6', 'data']);
    expect(values(frame, 'icmpv6.echo.identifier')).toEqual([0x4321]);
    expect(values(frame, 'icmpv6.echo.sequence_number')).toEqual([7]);
    expect(values(frame, 'icmpv6.checksum.status')).toEqual([1]);
    expect(frame.summary).toMatchObject({ protocol: 'ICMPv6', info: 'Echo (ping) request id=0x4321, seq=7' });
    expect(frame.problems).toEqual([]);
  });

  it('a checksum that misses the pseudo-header is an error', () => {
    const frame = icmpv6(128, 0, [0, 1, 0, 1], undefined, 0x1234);
    expect(values(frame, 'icmpv6.checksum.status')).toEqual([0]);
    expect(problemOn(frame, 'icmpv6.checksum')).toMatchObject({ severity: 'error', code: 'checksum-bad' });
  });

  it('the errors: their codes named as tshark names them, MTU and pointer read, the invoking packet decoded', () => {
    const invoking = [0x60, ...new Array<number>(39).fill(0)];
    const unreachable = icmpv6(1, 4, [0, 0, 0, 0, ...invoking]);
    expect(unreachable.summary.info).toBe('Destination Unreachable (Port unreachable)');
    expect(values(unreachable, 'icmpv6.reserved')).toEqual(['00000000']);
    expect(unreachable.layers.at(-1)).toMatchObject({ protocol: 'ipv6', length: 40, quoted: true });
    expect(values(icmpv6(2, 0, [0, 0, 5, 0, ...invoking]), 'icmpv6.mtu')).toEqual([1280]);
    const parameter = icmpv6(4, 1, [0, 0, 0, 40, ...invoking]);
    expect(values(parameter, 'icmpv6.pointer')).toEqual([40]);
    expect(parameter.summary.info).toBe('Parameter Problem (unrecognized Next Header type encountered)');
    expect(icmpv6(3, 7, invoking).summary.info).toBe('Time Exceeded (Unknown (7))');
  });

  it('router solicitation and advertisement: the fixed fields, the RA flags, the options, "from" the source MAC', () => {
    const rs = icmpv6(133, 0, [0, 0, 0, 0, ...sourceLinkLayer(MAC_A)], { src: LL_A, dst: ALL_ROUTERS });
    expect(rs.summary.info).toBe('Router Solicitation from 00:1b:1b:17:f8:82');
    expect(values(rs, 'icmpv6.opt.type')).toEqual([1]);
    expect(values(rs, 'icmpv6.opt.linkaddr')).toEqual(['00:1b:1b:17:f8:82']);
    expect(values(rs, 'icmpv6.opt.src_linkaddr')).toEqual(['00:1b:1b:17:f8:82']);
    expect(firstField(rs, 'icmpv6.opt').display).toBe('Source link-layer address : 00:1b:1b:17:f8:82');
    const prefix = [
      3,
      4,
      64,
      0xc0,
      0,
      0x27,
      0x8d,
      0,
      0,
      9,
      0x3a,
      0x80,
      0,
      0,
      0,
      0,
      ...ipv6Bytes('2001:db8:0:0:0:0:0:0'),
    ];
    const mtu = [5, 1, 0, 0, 0, 0, 5, 0xdc];
    const ra = icmpv6(
      134,
      0,
      [64, 0x48, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, ...sourceLinkLayer(MAC_A), ...mtu, ...prefix],
      {
        src: LL_A,
        dst: ALL_ROUTERS,
      },
    );
    expect(values(ra, 'icmpv6.nd.ra.cur_hop_limit')).toEqual([64]);
    expect(values(ra, 'icmpv6.nd.ra.flag.o')).toEqual([1]);
    expect(values(ra, 'icmpv6.nd.ra.flag.prf')).toEqual([1]);
    expect(values(ra, 'icmpv6.nd.ra.router_lifetime')).toEqual([1800]);
    expect(values(ra, 'icmpv6.opt.type')).toEqual([1, 5, 3]);
    expect(values(ra, 'icmpv6.opt.mtu')).toEqual([1500]);
    expect(values(ra, 'icmpv6.opt.prefix.length')).toEqual([64]);
    expect(values(ra, 'icmpv6.opt.prefix.flag.a')).toEqual([1]);
    expect(values(ra, 'icmpv6.opt.prefix.valid_lifetime')).toEqual([2592000]);
    expect(values(ra, 'icmpv6.opt.prefix')).toEqual(['2001:db8::']);
    expect(ra.summary.info).toBe('Router Advertisement from 00:1b:1b:17:f8:82');
    expect(ra.problems).toEqual([]);
  });

  it("neighbor solicitation and advertisement: the target, the NA flags, tshark's Info", () => {
    const ns = icmpv6(135, 0, [0, 0, 0, 0, ...LL_B, ...sourceLinkLayer(MAC_A)], { src: LL_A, dst: LL_B });
    expect(values(ns, 'icmpv6.nd.ns.target_address')).toEqual(['fe80::20c:29ff:fec3:65e0']);
    expect(ns.summary.info).toBe('Neighbor Solicitation for fe80::20c:29ff:fec3:65e0 from 00:1b:1b:17:f8:82');
    const na = icmpv6(136, 0, [0xe0, 0, 0, 0, ...LL_B, ...targetLinkLayer(MAC_B)], { src: LL_B, dst: LL_A });
    expect(values(na, 'icmpv6.nd.na.flag')).toEqual([0xe0000000]);
    expect(values(na, 'icmpv6.nd.na.flag.r')).toEqual([1]);
    expect(values(na, 'icmpv6.opt.target_linkaddr')).toEqual(['00:0c:29:c3:65:e0']);
    expect(na.summary.info).toBe(
      'Neighbor Advertisement fe80::20c:29ff:fec3:65e0 (rtr, sol, ovr) is at 00:0c:29:c3:65:e0',
    );
    expect(na.problems).toEqual([]);
  });

  it('reserved bits set in a neighbor advertisement: a warning on them (RFC 4861 §4.4: MUST be zero)', () => {
    const frame = icmpv6(136, 0, [0x40, 0, 0, 1, ...LL_B], { src: LL_B, dst: LL_A });
    expect(problemOn(frame, 'icmpv6.nd.na.flag.rsv')).toMatchObject({ severity: 'warning', code: 'reserved-nonzero' });
  });

  it('an option of length 0 is an error, and what follows it is not read as options', () => {
    const frame = icmpv6(133, 0, [0, 0, 0, 0, 1, 0, 1, 2, 3, 4, 5, 6], { src: LL_A, dst: ALL_ROUTERS });
    expect(problemOn(frame, 'icmpv6.opt.length')).toMatchObject({ severity: 'error', code: 'malformed' });
    expect(values(frame, 'icmpv6.unknown_data')).toEqual(['010203040506']);
  });

  it('MLD (RFC 2710): a version 1 query of 24 octets', () => {
    const frame = icmpv6(130, 0, [0x27, 0x10, 0, 0, ...new Array<number>(16).fill(0)]);
    expect(values(frame, 'icmpv6.mld.maximum_response_delay')).toEqual([10000]);
    expect(values(frame, 'icmpv6.mld.multicast_address')).toEqual(['::']);
    expect(frame.summary.info).toBe('Multicast Listener Query');
  });

  it('is a protocol and a set of fields the display filter knows', () => {
    expect(compileFilter('icmpv6 && icmpv6.type == 135 && icmpv6.opt.linkaddr == 00:1b:1b:17:f8:82').ok).toBe(true);
  });
});
