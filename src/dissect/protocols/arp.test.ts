// ARP (RFC 826) on real bytes — LM_rdp_sharprdp.pcapng frames 153/154, a request and its reply — and on built packets:
// the kinds tshark names (gratuitous, probe, announcement, RARP, Inverse ARP), addresses of other sizes, and cuts.
// Expected values from tshark 4.0.17 (-T fields, Info and Protocol columns).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import { compileFilter } from '../filter';
import type { Frame } from '../model';
import { fieldsById } from '../query';
import { decodeChecked, firstField } from '../testing/checked';
import { ethernetFrame } from '../testing/frames';
import { MAC_A, MAC_B, arpPacket } from '../testing/datagrams';

const lm = readCapture(readFileSync(new URL('../../../../shared/captures/LM_rdp_sharprdp.pcapng', import.meta.url)));
const values = (frame: Frame, id: string) => fieldsById(frame, id).map((f) => f.value);
const BROADCAST = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
const ZERO = [0, 0, 0, 0, 0, 0];
const onEthernet = (packet: number[], type = 0x0806) => decodeChecked(ethernetFrame(packet, type));

describe('ARP on real bytes (LM_rdp_sharprdp.pcapng)', () => {
  it('frame 153: a unicast request (the target MAC already known), every field as tshark gives it, in a 42-byte frame captured on its sender', () => {
    const frame = decodeChecked(lm.frameBytes(153)!);
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'arp']);
    expect(frame.summary).toMatchObject({
      protocol: 'ARP',
      info: 'Who has 192.168.56.100? Tell 192.168.56.101',
      source: '08:00:27:e6:e5:59',
    });
    expect(values(frame, 'arp.hw.type')).toEqual([1]);
    expect(values(frame, 'arp.proto.type')).toEqual([0x0800]);
    expect(values(frame, 'arp.hw.size')).toEqual([6]);
    expect(values(frame, 'arp.proto.size')).toEqual([4]);
    expect(values(frame, 'arp.opcode')).toEqual([1]);
    expect(values(frame, 'arp.src.hw_mac')).toEqual(['08:00:27:e6:e5:59']);
    expect(values(frame, 'arp.src.proto_ipv4')).toEqual(['192.168.56.101']);
    expect(values(frame, 'arp.dst.hw_mac')).toEqual(['08:00:27:ee:16:1c']);
    expect(values(frame, 'arp.dst.proto_ipv4')).toEqual(['192.168.56.100']);
    expect(frame.layers[1]).toMatchObject({ offset: 14, length: 28, summary: 'Address Resolution Protocol (request)' });
    expect(frame.problems).toEqual([]);
  });

  it('frame 154: the reply, "is at" its sender MAC; the 18 octets after the packet are Ethernet padding', () => {
    const frame = decodeChecked(lm.frameBytes(154)!);
    expect(frame.summary).toMatchObject({ protocol: 'ARP', info: '192.168.56.100 is at 08:00:27:ee:16:1c' });
    expect(firstField(frame, 'eth.padding')).toMatchObject({ offset: 42, length: 18 });
    expect(frame.problems).toEqual([]);
  });
});

describe('ARP, built', () => {
  const A = [10, 0, 0, 2];
  it.each([
    [
      'gratuitous request',
      arpPacket(1, MAC_A, A, BROADCAST, A),
      'Gratuitous ARP for 10.0.0.2 (Request)',
      ['arp.isgratuitous'],
    ],
    [
      'gratuitous reply',
      arpPacket(2, MAC_A, A, BROADCAST, A),
      'Gratuitous ARP for 10.0.0.2 (Reply)',
      ['arp.isgratuitous'],
    ],
    ['probe', arpPacket(1, MAC_A, [0, 0, 0, 0], ZERO, [10, 0, 0, 9]), 'Who has 10.0.0.9? (ARP Probe)', ['arp.isprobe']],
    [
      'announcement',
      arpPacket(1, MAC_A, [10, 0, 0, 9], ZERO, [10, 0, 0, 9]),
      'ARP Announcement for 10.0.0.9',
      ['arp.isgratuitous', 'arp.isannouncement'],
    ],
    ['unknown opcode', arpPacket(99, MAC_A, A, MAC_B, [0, 0, 0, 0]), 'Unknown ARP opcode 0x0063', []],
  ])("%s: tshark's Info, and its generated flags", (_, packet, info, flags) => {
    const frame = onEthernet(packet);
    expect(frame.summary).toMatchObject({ protocol: 'ARP', info });
    for (const id of ['arp.isgratuitous', 'arp.isprobe', 'arp.isannouncement'])
      expect(values(frame, id), id).toEqual(flags.includes(id) ? [1] : []);
    expect(frame.problems).toEqual([]);
  });

  it('names RARP and Inverse ARP by their opcodes in the Protocol column, on 0x8035 as on 0x0806', () => {
    const rarp = onEthernet(arpPacket(3, MAC_A, [0, 0, 0, 0], MAC_A, [0, 0, 0, 0]), 0x8035);
    expect(rarp.summary).toMatchObject({
      protocol: 'RARP',
      info: 'Who is 00:1b:1b:17:f8:82? Tell 00:1b:1b:17:f8:82',
    });
    expect(onEthernet(arpPacket(4, MAC_B, [10, 0, 0, 1], MAC_A, A)).summary).toMatchObject({
      protocol: 'RARP',
      info: '00:1b:1b:17:f8:82 is at 10.0.0.2',
    });
    expect(onEthernet(arpPacket(8, MAC_A, A, MAC_B, [0, 0, 0, 0])).summary).toMatchObject({
      protocol: 'Inverse ARP',
      info: 'Who is 00:0c:29:c3:65:e0? Tell 00:1b:1b:17:f8:82',
    });
  });

  it('reads addresses of other sizes as bytes (arp.src.hw, arp.src.proto), as Wireshark does', () => {
    // A hardware type 6 packet with 2-octet hardware and 2-octet protocol addresses.
    const frame = onEthernet([0, 6, 0x12, 0x34, 2, 2, 0, 1, 0xaa, 0xbb, 0x00, 0x01, 0xcc, 0xdd, 0x00, 0x02]);
    expect(values(frame, 'arp.src.hw')).toEqual(['aabb']);
    expect(values(frame, 'arp.src.proto')).toEqual(['0001']);
    expect(values(frame, 'arp.dst.hw')).toEqual(['ccdd']);
    expect(values(frame, 'arp.dst.proto')).toEqual(['0002']);
    expect(fieldsById(frame, 'arp.src.hw_mac')).toEqual([]);
    expect(frame.summary.info).toBe('Who has 0002? Tell 0001');
  });

  it('a packet cut inside its addresses: what is there, and a truncation warning', () => {
    const frame = decodeChecked(
      ethernetFrame(arpPacket(1, MAC_A, [10, 0, 0, 2], ZERO, [10, 0, 0, 1]).slice(0, 17), 0x0806, false),
    );
    expect(values(frame, 'arp.opcode')).toEqual([1]);
    expect(fieldsById(frame, 'arp.src.proto_ipv4')).toEqual([]);
    expect(frame.problems).toEqual([expect.objectContaining({ severity: 'warning', code: 'truncated' })]);
    expect(frame.problems[0]!.message).toContain('28 bytes, 17 are present');
  });

  it('is a protocol and a set of fields the display filter knows', () => {
    const filter = compileFilter('arp && arp.opcode == 1 && arp.dst.proto_ipv4 == 192.168.56.100');
    expect(filter.ok).toBe(true);
  });
});
