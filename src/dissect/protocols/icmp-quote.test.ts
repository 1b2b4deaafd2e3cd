// The datagram an ICMP or ICMPv6 error message quotes (RFC 792: its IP header and the first 64 bits of its data;
// RFC 4443 §2.4 (c): as much as fits), decoded as Wireshark decodes it: the quoted IP header and what follows it as
// layers of their own inside the message, the packet list's columns still the error's, and nothing in the quote
// flagged for being cut short where RFC 792 lets it end. Real bytes: the port unreachables of
// Sample_File_MMS_and_GOOSE.pcap (header + 8 octets) and windows_miscellany.pcap.gz (the whole datagram); messages built
// here around snap7_s300_readVar.pcapng frame 1 (an S7 Read Var), checked against tshark 4.0.17 -V on the same bytes
// written with text2pcap.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import { dissectLean } from '../engine';
import { compileFilter } from '../filter';
import type { Frame } from '../model';
import { fieldsById } from '../query';
import { recordOf } from '../record';
import { asLeanSees } from '../testing/lean';
import { tcpSegmentOf } from '../stream/segment';
import { STREAM_WANTS } from '../stream/ids';
import { decodeChecked } from '../testing/checked';
import { IPV6_DST, IPV6_SRC, ethernetFrame, ipv4Packet, ipv6Packet } from '../testing/frames';
import { icmpMessage, icmpv6Message, udpDatagram } from '../testing/datagrams';

const capture = (name: string) =>
  readCapture(readFileSync(new URL(`../../../../shared/captures/${name}`, import.meta.url)));
const sample = capture('Sample_File_MMS_and_GOOSE.pcap');
const windows = capture('windows_miscellany.pcap.gz');
/** An S7 Read Var job: Ethernet, IPv4 (20 octets), TCP (20 octets), TPKT, COTP, S7comm; 85 octets. */
const s7Job = [...capture('snap7_s300_readVar.pcapng').frameBytes(1)!];
const ROUTER = [134, 249, 62, 1];
const SENDER = [134, 249, 62, 206];
const values = (frame: Frame, id: string) => fieldsById(frame, id).map((f) => f.value);
const protocols = (frame: Frame) => frame.layers.map((l) => `${l.protocol}${l.quoted ? '(quoted)' : ''}`);
/** An ICMP error from the router to the S7 job's sender, quoting `quote`. */
const icmpErrorBytes = (type: number, code: number, second: number[], quote: number[]) =>
  ethernetFrame(ipv4Packet(icmpMessage(type, code, [...second, ...quote]), { proto: 1, src: ROUTER, dst: SENDER }));
const icmpError = (type: number, code: number, second: number[], quote: number[]) =>
  decodeChecked(icmpErrorBytes(type, code, second, quote));
const matches = (frame: Frame, bytes: readonly number[], filter: string) => {
  const compiled = compileFilter(filter);
  if (!compiled.ok || !compiled.filter) throw new Error(filter);
  return compiled.filter.test({ frame, bytes: Uint8Array.from(bytes) });
};

describe('the datagram an ICMP error quotes', () => {
  it('Sample_File frame 48: a port unreachable quoting an IPv4 header and 8 octets of UDP, as tshark nests them', () => {
    const frame = decodeChecked(sample.frameBytes(48)!);
    expect(protocols(frame)).toEqual(['eth', 'ip', 'icmp', 'ip(quoted)', 'udp(quoted)']);
    // The columns stay the error's: tshark "172.16.0.122 → 172.16.0.101 ICMP … Destination unreachable (Port unreachable)".
    expect(frame.summary).toMatchObject({
      source: '172.16.0.122',
      destination: '172.16.0.101',
      protocol: 'ICMP',
      info: 'Destination unreachable (Port unreachable)',
    });
    expect(values(frame, 'ip.src')).toEqual(['172.16.0.122', '172.16.0.101']);
    expect(values(frame, 'ip.len')).toEqual([56, 84]);
    expect(values(frame, 'ip.checksum')).toEqual([0x4eee, 0xc428]);
    expect(values(frame, 'udp.srcport')).toEqual([929]);
    expect(values(frame, 'udp.dstport')).toEqual([111]);
    expect(values(frame, 'udp.length')).toEqual([64]);
    // tshark: "Checksum: 0xe2f8 [unverified]": 56 of the 64 octets were not quoted.
    expect(values(frame, 'udp.checksum')).toEqual([0xe2f8]);
    expect(values(frame, 'udp.checksum.status')).toEqual([2]);
    // The quoted IP header's Total Length (84) is far past the 28 octets quoted: what RFC 792 returns, no fault.
    expect(frame.problems).toEqual([]);
    expect(matches(frame, [...sample.frameBytes(48)!], 'udp.dstport == 111')).toBe(true);
  });

  it('windows_miscellany frame 38: the whole datagram quoted, its UDP checksum verified (tshark: [correct])', () => {
    const frame = decodeChecked(windows.frameBytes(38)!);
    expect(protocols(frame)).toEqual(['eth', 'ip', 'icmp', 'ip(quoted)', 'udp(quoted)', 'data']);
    expect(values(frame, 'udp.checksum')).toEqual([0xfe95]);
    expect(values(frame, 'udp.checksum.status')).toEqual([1]);
    expect(frame.summary).toMatchObject({ protocol: 'ICMP', info: 'Destination unreachable (Port unreachable)' });
    expect(frame.problems).toEqual([]);
  });

  it('time exceeded quoting an IPv4 header and the first 8 octets of TCP: ports and sequence number, nothing flagged', () => {
    const bytes = icmpErrorBytes(11, 0, [0, 0, 0, 0], s7Job.slice(14, 14 + 20 + 8));
    const frame = decodeChecked(bytes);
    expect(protocols(frame)).toEqual(['eth', 'ip', 'icmp', 'ip(quoted)', 'tcp(quoted)']);
    // tshark: "Source Port: 52446", "Destination Port: 102", "Sequence Number: 2342456182".
    expect(values(frame, 'tcp.srcport')).toEqual([52446]);
    expect(values(frame, 'tcp.dstport')).toEqual([102]);
    expect(values(frame, 'tcp.seq_raw')).toEqual([2342456182]);
    expect(frame.summary).toMatchObject({
      source: '134.249.62.1',
      protocol: 'ICMP',
      info: 'Time-to-live exceeded (Time to live exceeded in transit)',
    });
    expect(frame.problems).toEqual([]);
    expect(matches(frame, bytes, 'tcp.port == 102')).toBe(true);
  });

  it('fragmentation needed quoting the whole S7 segment: decoded up to S7comm, and no part of any TCP stream', () => {
    const bytes = icmpErrorBytes(3, 4, [0, 0, 0x05, 0x78], s7Job.slice(14));
    const frame = decodeChecked(bytes);
    expect(protocols(frame)).toEqual([
      'eth',
      'ip',
      'icmp',
      'ip(quoted)',
      'tcp(quoted)',
      'tpkt(quoted)',
      'cotp(quoted)',
      's7comm(quoted)',
    ]);
    // tshark: "Checksum: 0x1d43 [correct]" on the quoted segment; the message's columns are the error's.
    expect(values(frame, 'tcp.checksum.status')).toEqual([1]);
    expect(values(frame, 's7comm.param.func')).toEqual([4]);
    expect(frame.summary).toMatchObject({ protocol: 'ICMP', info: 'Destination unreachable (Fragmentation needed)' });
    expect(frame.problems).toEqual([]);
    // The stream layer must not take the quoted copy for a segment of the connection.
    const record = dissectLean(Uint8Array.from(bytes), 1, 1, STREAM_WANTS);
    expect(record.layers.filter((l) => l.quoted).map((l) => l.protocol)).toEqual([
      'ip',
      'tcp',
      'tpkt',
      'cotp',
      's7comm',
    ]);
    expect(tcpSegmentOf(record)).toBeUndefined();
    const tree = asLeanSees(recordOf(frame, STREAM_WANTS.ids), record);
    expect(tree.layers).toEqual(record.layers);
    expect(tree.summary).toEqual(record.summary);
  });

  it('a quote cut inside the IP header: the header fields quoted, no warning about the cut', () => {
    const frame = icmpError(3, 1, [0, 0, 0, 0], s7Job.slice(14, 14 + 16));
    expect(protocols(frame)).toEqual(['eth', 'ip', 'icmp', 'ip(quoted)']);
    expect(values(frame, 'ip.proto')).toEqual([1, 6]);
    expect(frame.problems).toEqual([]);
  });

  it('an error in the quoted header is still one (a bad quoted IPv4 header checksum)', () => {
    const quote = s7Job.slice(14, 14 + 28);
    quote[10] = quote[10]! ^ 0xff;
    const frame = icmpError(11, 0, [0, 0, 0, 0], quote);
    expect(frame.problems.map((p) => `${p.severity}:${p.fieldId}`)).toEqual(['error:ip.checksum']);
  });

  it('ICMPv6 port unreachable quoting an IPv6 header and 8 octets of UDP (RFC 4443 §3.1)', () => {
    const udp = ipv6Packet(udpDatagram([1, 2, 3, 4, 5, 6, 7, 8], {}, { src: IPV6_DST, dst: IPV6_SRC }), 17, {
      src: IPV6_DST,
      dst: IPV6_SRC,
    }).slice(0, 48);
    const message = icmpv6Message(1, 4, [0, 0, 0, 0, ...udp]);
    const frame = decodeChecked(ethernetFrame(ipv6Packet(message, 58), 0x86dd));
    expect(protocols(frame)).toEqual(['eth', 'ipv6', 'icmpv6', 'ipv6(quoted)', 'udp(quoted)']);
    expect(values(frame, 'udp.srcport')).toEqual([5000]);
    expect(values(frame, 'udp.checksum.status')).toEqual([2]);
    expect(frame.summary).toMatchObject({ protocol: 'ICMPv6', info: 'Destination Unreachable (Port unreachable)' });
    expect(frame.problems).toEqual([]);
  });
});
