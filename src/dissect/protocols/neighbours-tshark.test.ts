// ARP, ICMP, ICMPv6 and UDP frames built here, written by text2pcap and read by tshark 4.0.17 and framescope: every
// compared field id has the same values in every frame, the Protocol column is the same, and the Info column is
// tshark's or the start of it (tshark adds ", ttl=64", ", hop limit=255" and "(reply in 2)", which need the IP header
// or the whole capture). Skipped where tshark or text2pcap is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dissectFrame } from '../engine';
import { fieldsById } from '../query';
import { invariantViolations } from '../testing/invariants';
import { IPV6_DST, IPV6_SRC, ethernetFrame, ipv4Packet, ipv6Packet } from '../testing/frames';
import { MAC_A, MAC_B, arpPacket, icmpMessage, icmpv6Message, ipv6Bytes, udpDatagram } from '../testing/datagrams';

const TOOLS = ['tshark', 'text2pcap'].every((tool) => spawnSync(tool, ['-v'], { encoding: 'utf8' }).status === 0);

const BROADCAST = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
const ZERO = [0, 0, 0, 0, 0, 0];
const V4 = { src: [10, 0, 0, 1], dst: [10, 0, 0, 2] };
const LL_A = ipv6Bytes('fe80:0:0:0:21b:1bff:fe17:f882');
const LL_B = ipv6Bytes('fe80:0:0:0:20c:29ff:fec3:65e0');
const ALL_NODES = ipv6Bytes('ff02:0:0:0:0:0:0:1');
const QUOTED = ipv4Packet(udpDatagram([1, 2, 3, 4], { srcport: 40000, dstport: 40001 }).slice(0, 8), {
  proto: 17,
  totalLength: 40,
});
const INVOKING = ipv6Packet([0x9c, 0x40, 0x9c, 0x41, 0, 12, 0, 0], 17, { payloadLength: 12 });

const arp = (packet: number[], type = 0x0806) => ethernetFrame(packet, type);
const icmp = (message: number[]) => ethernetFrame(ipv4Packet(message, { proto: 1, ...V4 }));
const udp4 = (payload: number[], checksum?: number) =>
  ethernetFrame(
    ipv4Packet(
      udpDatagram(payload, { srcport: 40000, dstport: 40001, ...(checksum !== undefined ? { checksum } : {}) }),
      { proto: 17, ...V4 },
    ),
  );
const udp6 = (payload: number[], checksum?: number) =>
  ethernetFrame(
    ipv6Packet(
      udpDatagram(
        payload,
        { srcport: 40000, dstport: 40001, ...(checksum !== undefined ? { checksum } : {}) },
        { src: IPV6_SRC, dst: IPV6_DST },
      ),
      17,
    ),
    0x86dd,
  );
const icmpv6 = (type: number, code: number, rest: number[], ip = { src: IPV6_SRC, dst: IPV6_DST }) =>
  ethernetFrame(ipv6Packet(icmpv6Message(type, code, rest, ip), 58, ip), 0x86dd);

const FRAMES: number[][] = [
  arp(arpPacket(1, MAC_A, [10, 0, 0, 2], ZERO, [10, 0, 0, 1])),
  arp(arpPacket(2, MAC_B, [10, 0, 0, 1], MAC_A, [10, 0, 0, 2])),
  arp(arpPacket(1, MAC_A, [10, 0, 0, 2], BROADCAST, [10, 0, 0, 2])),
  arp(arpPacket(2, MAC_A, [10, 0, 0, 2], BROADCAST, [10, 0, 0, 2])),
  arp(arpPacket(1, MAC_A, [0, 0, 0, 0], ZERO, [10, 0, 0, 9])),
  arp(arpPacket(1, MAC_A, [10, 0, 0, 9], ZERO, [10, 0, 0, 9])),
  arp(arpPacket(3, MAC_A, [0, 0, 0, 0], MAC_A, [0, 0, 0, 0]), 0x8035),
  arp(arpPacket(8, MAC_A, [10, 0, 0, 2], MAC_B, [0, 0, 0, 0])),
  icmp(icmpMessage(8, 0, [0x66, 0x4b, 0, 1, ...[...'abcdefgh'].map((c) => c.charCodeAt(0))])),
  icmp(icmpMessage(0, 0, [0x66, 0x4b, 0, 1, ...[...'abcdefgh'].map((c) => c.charCodeAt(0))])),
  icmp(icmpMessage(3, 3, [0, 0, 0, 0, ...QUOTED])),
  icmp(icmpMessage(3, 4, [0, 0, 0x05, 0x78, ...QUOTED])),
  icmp(icmpMessage(11, 1, [0, 0, 0, 0, ...QUOTED])),
  icmp(icmpMessage(12, 0, [20, 0, 0, 0, ...QUOTED])),
  icmp(icmpMessage(5, 1, [10, 0, 0, 254, ...QUOTED])),
  icmp(icmpMessage(13, 0, [0, 7, 0, 1, 0, 0, 3, 0xe8, 0, 0, 0, 0, 0, 0, 0, 0])),
  icmp(icmpMessage(18, 0, [0, 7, 0, 1, 255, 255, 255, 0])),
  icmp(icmpMessage(8, 0, [0, 1, 0, 2, 0x61], 0xbeef)),
  udp4([1, 2, 3, 4, 5]),
  udp4([1, 2, 3, 4, 5], 0),
  udp4([1, 2, 3, 4, 5], 0x1234),
  udp6([1, 2, 3, 4, 5]),
  udp6([1, 2, 3, 4, 5], 0),
  icmpv6(128, 0, [0x43, 0x21, 0, 7, 0x70, 0x69, 0x6e, 0x67]),
  icmpv6(1, 4, [0, 0, 0, 0, ...INVOKING]),
  icmpv6(2, 0, [0, 0, 5, 0, ...INVOKING]),
  icmpv6(3, 0, [0, 0, 0, 0, ...INVOKING]),
  icmpv6(4, 1, [0, 0, 0, 40, ...INVOKING]),
  icmpv6(133, 0, [0, 0, 0, 0, 1, 1, ...MAC_A], { src: LL_A, dst: ALL_NODES }),
  icmpv6(
    134,
    0,
    [
      ...[64, 0x48, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0],
      ...[1, 1, ...MAC_A],
      ...[5, 1, 0, 0, 0, 0, 5, 0xdc],
      ...[3, 4, 64, 0xc0, 0, 0x27, 0x8d, 0, 0, 9, 0x3a, 0x80, 0, 0, 0, 0, ...ipv6Bytes('2001:db8:0:0:0:0:0:0')],
    ],
    { src: LL_A, dst: ALL_NODES },
  ),
  icmpv6(135, 0, [0, 0, 0, 0, ...LL_B, 1, 1, ...MAC_A], { src: LL_A, dst: LL_B }),
  icmpv6(136, 0, [0xe0, 0, 0, 0, ...LL_B, 2, 1, ...MAC_B], { src: LL_B, dst: LL_A }),
  icmpv6(136, 0, [0x40, 0, 0, 0, ...LL_B], { src: LL_B, dst: LL_A }),
  icmpv6(137, 0, [0, 0, 0, 0, ...ipv6Bytes('fe80:0:0:0:0:0:0:1'), ...ipv6Bytes('2001:db8:0:0:0:0:0:99')], {
    src: LL_A,
    dst: LL_B,
  }),
  icmpv6(130, 0, [0x27, 0x10, 0, 0, ...new Array<number>(16).fill(0)], { src: LL_A, dst: ALL_NODES }),
  icmpv6(
    143,
    0,
    [
      ...[0, 0, 0, 2],
      ...[4, 0, 0, 0, ...ipv6Bytes('ff02:0:0:0:0:0:1:3')],
      ...[1, 1, 0, 1, ...ipv6Bytes('ff05:0:0:0:0:0:1:3'), ...ipv6Bytes('2001:db8:0:0:0:0:0:7'), 0x41, 0x55, 0x58, 0x21],
    ],
    { src: LL_A, dst: ipv6Bytes('ff02:0:0:0:0:0:0:16') },
  ),
];

/** The ids compared: every one both decoders give in the same meaning. */
const IDS = [
  'arp.hw.type',
  'arp.proto.type',
  'arp.hw.size',
  'arp.proto.size',
  'arp.opcode',
  'arp.src.hw_mac',
  'arp.src.proto_ipv4',
  'arp.dst.hw_mac',
  'arp.dst.proto_ipv4',
  'arp.isgratuitous',
  'arp.isprobe',
  'arp.isannouncement',
  'icmp.type',
  'icmp.code',
  'icmp.checksum',
  'icmp.checksum.status',
  'icmp.ident',
  'icmp.ident_le',
  'icmp.seq',
  'icmp.seq_le',
  'icmp.mtu',
  'icmp.pointer',
  'icmp.redir_gw',
  'icmp.originate_timestamp',
  'icmp.receive_timestamp',
  'icmp.transmit_timestamp',
  'icmp.address_mask',
  'udp.srcport',
  'udp.dstport',
  'udp.length',
  'udp.checksum',
  'udp.checksum.status',
  'icmpv6.type',
  'icmpv6.code',
  'icmpv6.checksum',
  'icmpv6.checksum.status',
  'icmpv6.reserved',
  'icmpv6.mtu',
  'icmpv6.pointer',
  'icmpv6.echo.identifier',
  'icmpv6.echo.sequence_number',
  'icmpv6.nd.ra.cur_hop_limit',
  'icmpv6.nd.ra.flag',
  'icmpv6.nd.ra.flag.o',
  'icmpv6.nd.ra.flag.prf',
  'icmpv6.nd.ra.router_lifetime',
  'icmpv6.nd.ns.target_address',
  'icmpv6.nd.na.flag',
  'icmpv6.nd.na.flag.s',
  'icmpv6.nd.na.target_address',
  'icmpv6.nd.rd.target_address',
  'icmpv6.rd.na.destination_address',
  'icmpv6.opt.type',
  'icmpv6.opt.length',
  'icmpv6.opt.linkaddr',
  'icmpv6.opt.src_linkaddr',
  'icmpv6.opt.target_linkaddr',
  'icmpv6.opt.prefix.length',
  'icmpv6.opt.prefix.flag',
  'icmpv6.opt.prefix.valid_lifetime',
  'icmpv6.opt.prefix.preferred_lifetime',
  'icmpv6.opt.prefix',
  'icmpv6.opt.mtu',
  'icmpv6.mld.maximum_response_delay',
  'icmpv6.mld.multicast_address',
  'icmpv6.mldr.nb_mcast_records',
  'icmpv6.mldr.mar.record_type',
  'icmpv6.mldr.mar.aux_data_len',
  'icmpv6.mldr.mar.nb_sources',
  'icmpv6.mldr.mar.multicast_address',
  'icmpv6.mldr.mar.source_address',
  'icmpv6.mldr.mar.auxiliary_data',
];
/** Where tshark decodes what an ICMP error quotes (framescope shows it as data): the quoted UDP header's ids. */
const QUOTED_IDS = new Set(['udp.srcport', 'udp.dstport', 'udp.length', 'udp.checksum', 'udp.checksum.status']);

describe.skipIf(!TOOLS)('ARP, ICMP, ICMPv6 and UDP against tshark', { timeout: 120_000 }, () => {
  it("the same values for every compared id, the same Protocol column, tshark's Info or its start", () => {
    const dir = mkdtempSync(join(tmpdir(), 'framescope-neighbours-'));
    const text = join(dir, 'frames.txt');
    const pcap = join(dir, 'frames.pcap');
    writeFileSync(
      text,
      FRAMES.map((f) => `0000 ${f.map((b) => b.toString(16).padStart(2, '0')).join(' ')}\n`).join(''),
    );
    execFileSync('text2pcap', ['-q', text, pcap], { stdio: 'ignore' });
    const columns = ['_ws.col.Protocol', '_ws.col.Info', 'frame.protocols', ...IDS];
    const lines = execFileSync(
      'tshark',
      [
        '-r',
        pcap,
        '-o',
        'udp.check_checksum:TRUE',
        '-T',
        'fields',
        '-E',
        'occurrence=a',
        '-E',
        'aggregator=|',
        ...columns.flatMap((c) => ['-e', c]),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    )
      .split('\n')
      .filter(Boolean);
    expect(lines).toHaveLength(FRAMES.length);
    let compared = 0;
    FRAMES.forEach((bytes, i) => {
      const frame = dissectFrame(Uint8Array.from(bytes), 1, i + 1, { checksums: 'on' });
      expect(invariantViolations(frame), `frame ${i + 1}`).toEqual([]);
      const [protocol, info, layers, ...theirs] = lines[i]!.split('\t');
      expect(frame.summary.protocol, `frame ${i + 1} Protocol`).toBe(protocol);
      expect(info!.startsWith(frame.summary.info), `frame ${i + 1} Info: "${frame.summary.info}" / "${info}"`).toBe(
        true,
      );
      const quoting = /:icmp(v6)?:ipv?6?:/.test(layers!);
      IDS.forEach((id, k) => {
        if (quoting && QUOTED_IDS.has(id)) return;
        const mine = fieldsById(frame, id).map((f) => f.value);
        const their = theirs[k] ? theirs[k]!.split('|') : [];
        const normal = (v: string | number, like: unknown) =>
          typeof like === 'number' ? Number(v) : String(v).replace(/:/g, '').toLowerCase();
        expect(
          their.map((v, j) => normal(v, mine[j])),
          `frame ${i + 1} ${id}`,
        ).toEqual(mine.map((v) => normal(v, v)));
        if (mine.length > 0) compared++;
      });
    });
    expect(compared).toBeGreaterThan(200);
  });
});
