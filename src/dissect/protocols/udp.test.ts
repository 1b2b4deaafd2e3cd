// UDP (RFC 768) on real bytes — a DNS query in windows_miscellany.pcap.gz, an RDP-UDP datagram whose checksum its
// sender left to the network card in LM_rdp_sharprdp.pcapng — and on built datagrams: the checksum over IPv4 and IPv6
// pseudo-headers, 0 (none over IPv4, an error over IPv6, RFC 8200 §8.1), a computed 0 sent as 0xffff, lengths that
// cannot be. Expected values from tshark 4.0.17 (-o udp.check_checksum:TRUE).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import { compileFilter } from '../filter';
import { applyFix, availableFixes } from '../fixes';
import type { DissectOptions } from '../dissector';
import type { Frame } from '../model';
import { fieldsById } from '../query';
import { decodeChecked, firstField, problemOn } from '../testing/checked';
import { IPV6_DST, IPV6_SRC, ethernetFrame, ipv4Packet, ipv6Packet } from '../testing/frames';
import { udpDatagram, type UdpOptions } from '../testing/datagrams';

const capture = (name: string) =>
  readCapture(readFileSync(new URL(`../../../../shared/captures/${name}`, import.meta.url)));
const windows = capture('windows_miscellany.pcap.gz');
const lm = capture('LM_rdp_sharprdp.pcapng');
const values = (frame: Frame, id: string) => fieldsById(frame, id).map((f) => f.value);
const overIpv4 = (payload: number[], o: UdpOptions = {}, options: DissectOptions = {}) =>
  decodeChecked(ethernetFrame(ipv4Packet(udpDatagram(payload, o), { proto: 17 })), 1, options);
const overIpv6 = (payload: number[], o: UdpOptions = {}) =>
  decodeChecked(ethernetFrame(ipv6Packet(udpDatagram(payload, o, { src: IPV6_SRC, dst: IPV6_DST }), 17), 0x86dd));
const STATUS = { bad: 0, good: 1, unverified: 2, notPresent: 3, illegal: 4 };

describe('UDP on real bytes', () => {
  it('windows_miscellany frame 24: a DNS query, its header as tshark reads it, the payload as data', () => {
    const frame = decodeChecked(windows.frameBytes(24)!);
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'udp', 'data']);
    expect(frame.summary).toMatchObject({ protocol: 'UDP', info: '63425 → 53 Len=45' });
    expect(values(frame, 'udp.srcport')).toEqual([63425]);
    expect(values(frame, 'udp.dstport')).toEqual([53]);
    expect(values(frame, 'udp.length')).toEqual([53]);
    expect(values(frame, 'udp.checksum')).toEqual([0x339b]);
    expect(values(frame, 'udp.checksum.status')).toEqual([STATUS.good]);
    expect(frame.layers[2]!.summary).toBe('User Datagram Protocol, Src Port: 63425, Dst Port: 53');
    expect(frame.problems).toEqual([]);
  });

  it('LM_rdp_sharprdp frame 68: the pseudo-header sum its sender left for the NIC is offload, not an error', () => {
    const frame = decodeChecked(lm.frameBytes(68)!);
    const checksum = firstField(frame, 'udp.checksum');
    expect(checksum.value).toBe(0xf6a0);
    expect(values(frame, 'udp.checksum_calculated')).toEqual([0xff5f]);
    expect(values(frame, 'udp.checksum.status')).toEqual([STATUS.unverified]);
    expect(values(frame, 'udp.checksum.offloaded')).toEqual([2]);
    expect(checksum.display).toBe('0xf6a0 [not computed by the sender: offloaded to the NIC]');
    expect(frame.problems).toEqual([]);
    // Checked strictly, it is what tshark says: wrong.
    const strict = decodeChecked(lm.frameBytes(68)!, 1, { checksums: 'on' });
    expect(values(strict, 'udp.checksum.status')).toEqual([STATUS.bad]);
    expect(problemOn(strict, 'udp.checksum')).toMatchObject({ severity: 'error', code: 'checksum-bad' });
  });
});

describe('UDP, built', () => {
  it('verifies the checksum over the IPv4 pseudo-header, and says nothing when it is right', () => {
    const frame = overIpv4([1, 2, 3]);
    expect(values(frame, 'udp.checksum.status')).toEqual([STATUS.good]);
    expect(firstField(frame, 'udp.checksum').display).toMatch(/\[correct\]$/);
    expect(frame.problems).toEqual([]);
  });

  it('verifies it over the IPv6 pseudo-header (RFC 8200 §8.1)', () => {
    const frame = overIpv6([1, 2, 3]);
    expect(values(frame, 'udp.checksum.status')).toEqual([STATUS.good]);
    expect(frame.problems).toEqual([]);
  });

  it('a wrong checksum is an error naming the right one; --checksums off verifies nothing', () => {
    const frame = overIpv4([1, 2, 3], { checksum: 0x1234 });
    expect(values(frame, 'udp.checksum.status')).toEqual([STATUS.bad]);
    expect(problemOn(frame, 'udp.checksum')!.message).toMatch(/^UDP checksum is 0x1234, computed 0x[0-9a-f]{4}/);
    const off = overIpv4([1, 2, 3], { checksum: 0x1234 }, { checksums: 'off' });
    expect(values(off, 'udp.checksum.status')).toEqual([STATUS.unverified]);
    expect(off.problems).toEqual([]);
  });

  it('offers the fix for a wrong checksum, and the fixed datagram verifies', () => {
    const bytes = Uint8Array.from(
      ethernetFrame(ipv4Packet(udpDatagram([1, 2, 3], { checksum: 0x1234 }), { proto: 17 })),
    );
    const frame = decodeChecked(bytes);
    const fixes = availableFixes(frame, bytes);
    expect(fixes).toEqual([
      expect.objectContaining({ kind: 'checksum', fieldId: 'udp.checksum', label: 'Fix the UDP checksum' }),
    ]);
    const fixed = decodeChecked(applyFix(frame, bytes, fixes[0]!)!);
    expect(values(fixed, 'udp.checksum.status')).toEqual([STATUS.good]);
    expect(fixed.problems).toEqual([]);
  });

  it('0 over IPv4 means "no checksum": Not present, not an error', () => {
    const frame = overIpv4([1, 2, 3], { checksum: 0 });
    expect(values(frame, 'udp.checksum.status')).toEqual([STATUS.notPresent]);
    expect(firstField(frame, 'udp.checksum').display).toBe('0x0000 [zero-value ignored]');
    expect(frame.problems).toEqual([]);
  });

  it('0 over IPv6 is illegal: an error citing RFC 8200 §8.1, with the checksum it should have had', () => {
    const frame = overIpv6([1, 2, 3], { checksum: 0 });
    expect(values(frame, 'udp.checksum.status')).toEqual([STATUS.illegal]);
    expect(values(frame, 'udp.checksum_calculated')).toEqual([values(overIpv6([1, 2, 3]), 'udp.checksum')[0]]);
    expect(problemOn(frame, 'udp.checksum')).toMatchObject({
      severity: 'error',
      code: 'checksum-bad',
      cite: expect.objectContaining({ doc: 'RFC 8200', section: '8.1' }),
    });
  });

  it('a computed checksum of 0 is sent as 0xffff (RFC 768), and verifies', () => {
    // Find a payload whose checksum computes to zero: then the datagram carries 0xffff.
    let payload: number[] = [];
    for (let n = 0; n < 0x10000; n++) {
      const candidate = [n >> 8, n & 0xff];
      if (udpDatagram(candidate)[6] === 0xff && udpDatagram(candidate)[7] === 0xff) {
        payload = candidate;
        break;
      }
    }
    expect(payload).toHaveLength(2);
    const frame = overIpv4(payload);
    expect(values(frame, 'udp.checksum')).toEqual([0xffff]);
    expect(values(frame, 'udp.checksum.status')).toEqual([STATUS.good]);
  });

  it('a length below 8 is an error; one past the bytes present is a cut, and the checksum is not verified', () => {
    const short = overIpv4([1, 2, 3], { length: 4 });
    expect(problemOn(short, 'udp.length')).toMatchObject({ severity: 'error', code: 'malformed' });
    expect(short.summary.info).toBe('5000 → 161 [BAD UDP LENGTH 4 < 8]');
    const long = overIpv4([1, 2, 3], { length: 40 });
    expect(problemOn(long, 'udp.length')).toMatchObject({ severity: 'warning', code: 'truncated' });
    expect(fieldsById(long, 'udp.checksum.status')).toEqual([]);
    expect(long.summary.info).toBe('5000 → 161 [BAD UDP LENGTH 40 > IP PAYLOAD LENGTH] Len=32');
  });

  it('bytes of the IP payload after the datagram belong to no UDP field', () => {
    const datagram = udpDatagram([1, 2]);
    const frame = decodeChecked(ethernetFrame(ipv4Packet([...datagram, 9, 9], { proto: 17 })));
    expect(frame.layers.map((l) => [l.protocol, l.offset, l.length])).toEqual([
      ['eth', 0, 60],
      ['ip', 14, 20],
      ['udp', 34, 8],
      ['data', 42, 2],
      ['data', 44, 2],
    ]);
    expect(frame.summary.info).toBe('5000 → 161 Len=2');
    expect(frame.problems).toEqual([
      expect.objectContaining({
        severity: 'note',
        message: expect.stringMatching(/^2 bytes at the end of the IP payload/),
      }),
    ]);
  });

  it('a header cut short keeps the ports it has', () => {
    const frame = decodeChecked(ethernetFrame(ipv4Packet(udpDatagram([]).slice(0, 6), { proto: 17 })));
    expect(values(frame, 'udp.srcport')).toEqual([5000]);
    expect(values(frame, 'udp.length')).toEqual([8]);
    expect(fieldsById(frame, 'udp.checksum')).toEqual([]);
    expect(frame.problems).toEqual([expect.objectContaining({ code: 'truncated', fieldId: 'udp.checksum' })]);
  });

  it('udp and udp.port filter as in Wireshark: udp.port is either port', () => {
    for (const text of ['udp', 'udp.port == 161', 'udp.srcport == 5000 && udp.length == 11']) {
      const compiled = compileFilter(text);
      expect(compiled.ok, text).toBe(true);
    }
  });
});
