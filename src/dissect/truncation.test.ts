// Every frame cut at every byte offset: no exception, fields read so far kept, a `truncated` problem,
// and every byte still owned by a field (STYLE.md §5, §6).
import { describe, expect, it } from 'vitest';
import { dissectFrame } from '.';
import { cotp, ethernetFrame, hexBytes, ipv4Packet, ipv6Packet, isoOnTcp, tcpSegment, tpkt } from './testing/frames';
import { MAC_A, arpPacket, icmpMessage, icmpv6Message, udpDatagram } from './testing/datagrams';
import { invariantViolations } from './testing/invariants';

const KB = Uint8Array.from(
  hexBytes(`
  0000a200c04a00805fd4a0480800450000 54e9a64000200604 0a86 26344d86262c5a 00660613 01cf46c8 5d5b6a31 5018 2209 6073 0000
  0311002c 27d001ca002900 c10d5357495353 4c49464554534150 c20d45584348414e4745545341503 1c0010b`),
);

const FRAMES: Record<string, Uint8Array> = {
  // Session GT + DT, presentation fully-encoded data (context 3), an MMS read of vmd-specific "X".
  'MMS read over session and presentation': isoOnTcp(
    tpkt(cotp([0xf0, 0x80], hexBytes('01000100 6119 3017 020103 a012 a010020101 a40ba109a007 3005a003800158'))),
  ),
  'KB connect confirm': KB,
  'CR with TSAPs and TPDU size': isoOnTcp(
    tpkt(cotp([0xe0, 0, 0, 0x00, 0x01, 0x00, 0xc1, 2, 0x01, 0x00, 0xc2, 2, 0x01, 0x02, 0xc0, 1, 0x0a])),
  ),
  'DT class 0 with user data': isoOnTcp(tpkt(cotp([0xf0, 0x80], [0x32, 0x01, 0x00, 0x00]))),
  'S7comm Job reading DB 1': isoOnTcp(
    tpkt(cotp([0xf0, 0x80], hexBytes('3201 0000 0100 000e 0000 0401 120a 1002 0040 0001 8400 0000'))),
  ),
  'S7comm-plus V2 with trailer': isoOnTcp(
    tpkt(cotp([0xf0, 0x80], [0x72, 0x02, 0x00, 0x02, 0x31, 0x00, 0x72, 0x02, 0, 0])),
  ),
  'DR with reason 128': isoOnTcp(tpkt(cotp([0x80, 0x00, 0x29, 0x01, 0xca, 128]))),
  DC: isoOnTcp(tpkt(cotp([0xc0, 0x00, 0x29, 0x01, 0xca]))),
  'ER with invalid TPDU parameter': isoOnTcp(tpkt(cotp([0x70, 0x00, 0x29, 2, 0xc1, 2, 0xe0, 0x00]))),
  'TCP with MSS, SACK-permitted, timestamps, window scale': isoOnTcp(tpkt(cotp([0xf0, 0x80], [1])), {
    flags: 0x12,
    options: [2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7],
  }),
  'Q.931 SETUP in TPKT on 1720': isoOnTcp(
    tpkt([0x08, 0x02, 0x00, 0x01, 0x05, 0xa1, 0x28, 0x03, 0x41, 0x42, 0x43, 0x7e, 0x00, 0x03, 0x05, 0x20, 0x00]),
    { srcport: 32803, dstport: 1720 },
  ),
  'MCS sendDataRequest in a DT on 3389': isoOnTcp(
    tpkt(cotp([0xf0, 0x80], [0x64, 0x00, 0x06, 0x03, 0xeb, 0x70, 0x03, 0x01, 0x02, 0x03])),
    { srcport: 50000, dstport: 3389 },
  ),
  'IPv4 with options': Uint8Array.from(
    ethernetFrame(ipv4Packet(tcpSegment(tpkt(cotp([0xf0, 0x80]))), { options: [0x94, 4, 0, 0] })),
  ),
  'ARP request': Uint8Array.from(
    ethernetFrame(arpPacket(1, MAC_A, [10, 0, 0, 2], [0, 0, 0, 0, 0, 0], [10, 0, 0, 1]), 0x0806),
  ),
  'UDP datagram': Uint8Array.from(
    ethernetFrame(ipv4Packet(udpDatagram([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), { proto: 17 })),
  ),
  'ICMP timestamp request': Uint8Array.from(
    ethernetFrame(ipv4Packet(icmpMessage(13, 0, [0, 7, 0, 1, 0, 0, 3, 0xe8, 0, 0, 0, 0, 0, 0, 0, 0]), { proto: 1 })),
  ),
  'ICMPv6 router solicitation with an option': Uint8Array.from(
    ethernetFrame(ipv6Packet(icmpv6Message(133, 0, [0, 0, 0, 0, 1, 1, ...MAC_A]), 58), 0x86dd),
  ),
};

describe('truncation at every byte offset', () => {
  for (const [name, frame] of Object.entries(FRAMES)) {
    it(`${name}: whole frame is clean`, () => {
      const whole = dissectFrame(frame, 1, 1);
      expect(invariantViolations(whole)).toEqual([]);
      expect(whole.problems.filter((p) => p.severity === 'error')).toEqual([]);
    });
    it(`${name}: every cut is reported as truncated and keeps what was read`, () => {
      const whole = dissectFrame(frame, 1, 1);
      // Where the real data ends: Ethernet padding after it may be cut without loss.
      const dataEnd = Math.max(...whole.layers.filter((l) => l.protocol !== 'eth').map((l) => l.offset + l.length));
      for (let cut = 1; cut < dataEnd; cut++) {
        const part = dissectFrame(frame.subarray(0, cut), 1, 1);
        expect(invariantViolations(part), `cut at ${cut}`).toEqual([]);
        expect(
          part.problems.some((p) => p.code === 'truncated'),
          `cut at ${cut}: ${JSON.stringify(part.problems.map((p) => p.message))}`,
        ).toBe(true);
        // The first layer's fields that fit are kept.
        expect(part.layers[0]!.fields.length, `cut at ${cut}`).toBeGreaterThan(0);
      }
    });
  }

  it('an empty frame is an empty dissection, not an exception', () => {
    const frame = dissectFrame(new Uint8Array(0), 1, 1);
    expect(frame.layers).toEqual([]);
  });
});
