// ICMP (RFC 792) on real bytes — an echo request and a port unreachable in Sample_File_MMS_and_GOOSE.pcap — and on
// built messages: each second word RFC 792 and RFC 1191 define, timestamps, a bad checksum, cuts. Expected values from
// tshark 4.0.17, whose Info adds what framescope cannot know from the ICMP message alone (", ttl=128",
// "(reply in 35)").
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import { compileFilter } from '../filter';
import type { Frame } from '../model';
import { fieldsById } from '../query';
import { decodeChecked, firstField, problemOn } from '../testing/checked';
import { ethernetFrame, ipv4Packet } from '../testing/frames';
import { icmpMessage } from '../testing/datagrams';

const sample = readCapture(
  readFileSync(new URL('../../../../shared/captures/Sample_File_MMS_and_GOOSE.pcap', import.meta.url)),
);
const values = (frame: Frame, id: string) => fieldsById(frame, id).map((f) => f.value);
const icmp = (message: number[]) => decodeChecked(ethernetFrame(ipv4Packet(message, { proto: 1 })));
/** An IPv4 header and 8 octets of a UDP datagram, as an error quotes them. */
const QUOTED = ipv4Packet([0x13, 0x88, 0x00, 0xa1, 0x00, 0x1c, 0x12, 0x34], { proto: 17 });

describe('ICMP on real bytes (Sample_File_MMS_and_GOOSE.pcap)', () => {
  it('frame 34: an echo request, identifier and sequence number both ways, its data as data', () => {
    const frame = decodeChecked(sample.frameBytes(34)!);
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'icmp', 'data']);
    expect(frame.summary).toMatchObject({ protocol: 'ICMP', info: 'Echo (ping) request  id=0x614b, seq=0/0' });
    expect(values(frame, 'icmp.type')).toEqual([8]);
    expect(values(frame, 'icmp.code')).toEqual([0]);
    expect(values(frame, 'icmp.checksum')).toEqual([0x31c7]);
    expect(values(frame, 'icmp.checksum.status')).toEqual([1]);
    expect(values(frame, 'icmp.ident')).toEqual([24907]);
    expect(values(frame, 'icmp.ident_le')).toEqual([19297]);
    expect(values(frame, 'icmp.seq')).toEqual([0]);
    expect(values(frame, 'icmp.seq_le')).toEqual([0]);
    expect(firstField(frame, 'icmp.type').display).toBe('Echo (ping) request (8)');
    expect(firstField(frame, 'data.data').length).toBe(12);
    expect(frame.problems).toEqual([]);
  });

  it('frame 48: a port unreachable, its code named, the datagram it quotes decoded (icmp-quote.test.ts)', () => {
    const frame = decodeChecked(sample.frameBytes(48)!);
    expect(frame.summary).toMatchObject({
      protocol: 'ICMP',
      info: 'Destination unreachable (Port unreachable)',
      source: '172.16.0.122',
    });
    expect(firstField(frame, 'icmp.code').display).toBe('3 (Port unreachable)');
    expect(values(frame, 'icmp.unused')).toEqual(['00000000']);
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'icmp', 'ip', 'udp']);
    expect(frame.problems).toEqual([]);
  });
});

describe('ICMP, built', () => {
  it('fragmentation needed: the next-hop MTU in the low half of the unused word (RFC 1191 §4)', () => {
    const frame = icmp(icmpMessage(3, 4, [0, 0, 0x05, 0x78, ...QUOTED]));
    expect(values(frame, 'icmp.mtu')).toEqual([1400]);
    expect(firstField(frame, 'icmp.mtu').offset).toBe(14 + 20 + 6);
    expect(frame.summary.info).toBe('Destination unreachable (Fragmentation needed)');
  });

  it('parameter problem, redirect, time exceeded: their second words', () => {
    expect(values(icmp(icmpMessage(12, 0, [20, 0, 0, 0, ...QUOTED])), 'icmp.pointer')).toEqual([20]);
    const redirect = icmp(icmpMessage(5, 1, [10, 0, 0, 254, ...QUOTED]));
    expect(values(redirect, 'icmp.redir_gw')).toEqual(['10.0.0.254']);
    expect(redirect.summary.info).toBe('Redirect             (Redirect for host)');
    const exceeded = icmp(icmpMessage(11, 0, [0, 0, 0, 0, ...QUOTED]));
    expect(exceeded.summary.info).toBe('Time-to-live exceeded (Time to live exceeded in transit)');
  });

  it('timestamp reply: identifier, sequence number and the three timestamps, nothing left as data', () => {
    const frame = icmp(icmpMessage(14, 0, [0, 7, 0, 1, 0, 0, 3, 0xe8, 0, 0, 7, 0xd0, 0, 0, 7, 0xd1]));
    expect(values(frame, 'icmp.originate_timestamp')).toEqual([1000]);
    expect(values(frame, 'icmp.receive_timestamp')).toEqual([2000]);
    expect(values(frame, 'icmp.transmit_timestamp')).toEqual([2001]);
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'icmp']);
    expect(frame.summary.info).toBe('Timestamp reply      id=0x0007, seq=1/256');
  });

  it('a type it does not decode: named as tshark names it, the rest as data', () => {
    const frame = icmp(icmpMessage(30, 0, [1, 2, 3, 4]));
    expect(frame.summary.info).toBe('Traceroute          ');
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'icmp', 'data']);
    expect(frame.problems).toEqual([]);
  });

  it('a wrong checksum is an error naming the right one', () => {
    const right = icmpMessage(8, 0, [0, 1, 0, 2, 0x61]);
    const frame = icmp(icmpMessage(8, 0, [0, 1, 0, 2, 0x61], 0xbeef));
    expect(values(frame, 'icmp.checksum.status')).toEqual([0]);
    expect(values(frame, 'icmp.checksum_calculated')).toEqual([(right[2]! << 8) | right[3]!]);
    expect(problemOn(frame, 'icmp.checksum')).toMatchObject({ severity: 'error', code: 'checksum-bad' });
  });

  it('an echo cut after its identifier: the identifier, and the sequence number named as missing', () => {
    const frame = icmp(icmpMessage(8, 0, [0, 1]));
    expect(values(frame, 'icmp.ident')).toEqual([1]);
    expect(fieldsById(frame, 'icmp.seq')).toEqual([]);
    expect(frame.problems).toEqual([expect.objectContaining({ code: 'truncated', fieldId: 'icmp.seq' })]);
    const header = icmp([8, 0]);
    expect(header.problems).toEqual([expect.objectContaining({ code: 'truncated', fieldId: 'icmp.checksum' })]);
  });

  it('is a protocol and a set of fields the display filter knows', () => {
    expect(compileFilter('icmp && icmp.type == 8 && icmp.ident == 24907').ok).toBe(true);
  });
});
