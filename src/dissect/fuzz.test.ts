// Fixed-seed fuzzing of the dissector (the long run is `npm run fuzz`): random bytes for every link type, and
// mutations of real frames. Every input must dissect without throwing, without an internal error, inside its
// time budget, with every span inside the frame and every byte owned by a field.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseText } from '../inputs';
import { dissectionFailures, mutationOf, randomFrame } from './testing/fuzz';
import {
  IPV6_DST,
  IPV6_SRC,
  cotp,
  ethernetFrame,
  hexBytes,
  ipv4Packet,
  ipv6Packet,
  isoOnTcp,
  mcsConnectInitial,
  tpkt,
} from './testing/frames';
import { MAC_A, arpPacket, icmpMessage, icmpv6Message, udpDatagram } from './testing/datagrams';

const SEED = 20261128;
const KB = parseText(
  readFileSync(
    fileURLToPath(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url)),
    'utf8',
  ),
).frames[0]!.bytes;

const SEEDS: Record<string, Uint8Array> = {
  // Session GT + DT, presentation fully-encoded data (context 3), an MMS read of vmd-specific "X".
  'MMS read over session and presentation': isoOnTcp(
    tpkt(cotp([0xf0, 0x80], hexBytes('01000100 6119 3017 020103 a012 a010020101 a40ba109a007 3005a003800158'))),
  ),
  'KB connect confirm': KB,
  'CR with RDP negotiation': isoOnTcp(
    tpkt(
      cotp([0xe0, 0, 0, 0, 0, 0, ...[...'Cookie: mstshash=a\r\n'].map((c) => c.charCodeAt(0)), 1, 0, 8, 0, 3, 0, 0, 0]),
    ),
    { dstport: 3389 },
  ),
  'S7comm userdata (SZL request)': isoOnTcp(
    tpkt(cotp([0xf0, 0x80], hexBytes('3207 0000 0300 0008 0008 0001 1204 1144 0100 ff09 0004 0132 0004'))),
  ),
  'S7comm Ack_Data with two values': isoOnTcp(
    tpkt(cotp([0xf0, 0x80], hexBytes('3203 0000 0100 0002 000c 0000 0402 ff04 0008 1100 ff04 0010 2233'))),
  ),
  'class 4 DT with checksum': isoOnTcp(tpkt(cotp([0xf0, 0x00, 0x29, 0x80, 0xc3, 2, 0x12, 0x34], [1, 2, 3]))),
  'AK with flow control': isoOnTcp(
    tpkt(cotp([0x61, 0x00, 0x29, 0x02, 0x8a, 2, 0x00, 0x03, 0x8c, 8, 0, 0, 0, 2, 0, 3, 0, 1])),
  ),
  'Q.931 SETUP with a H.225.0 User-user element': isoOnTcp(
    tpkt([0x08, 0x02, 0x00, 0x01, 0x05, 0x96, 0x28, 0x03, 0x41, 0x42, 0x43, 0x7e, 0x00, 0x03, 0x05, 0x20, 0x00]),
    { srcport: 32803, dstport: 1720 },
  ),
  'MCS channelJoinConfirm and sendDataRequest on 3389': isoOnTcp(
    [
      ...tpkt(cotp([0xf0, 0x80], [0x3e, 0x00, 0x00, 0x06, 0x03, 0xef, 0x03, 0xef])),
      ...tpkt(cotp([0xf0, 0x80], [0x64, 0x00, 0x06, 0x03, 0xeb, 0x70, 0x03, 0x01, 0x02, 0x03])),
    ],
    { srcport: 50000, dstport: 3389 },
  ),
  'MCS Connect-Initial with GCC and a data block': isoOnTcp(
    tpkt(cotp([0xf0, 0x80], mcsConnectInitial([0x04, 0xc0, 0x0c, 0x00, 0x09, 0, 0, 0, 0, 0, 0, 0]))),
    {
      srcport: 50000,
      dstport: 3389,
    },
  ),
  'two TPKTs': isoOnTcp([...tpkt(cotp([0xd0, 0, 1, 0, 2, 0, 0xc0, 1, 0x0b])), ...tpkt(cotp([0xf0, 0x80], [0x32]))]),
  'ARP reply': Uint8Array.from(ethernetFrame(arpPacket(2, MAC_A, [10, 0, 0, 1], MAC_A, [10, 0, 0, 2]), 0x0806)),
  'ICMP port unreachable quoting a UDP header': Uint8Array.from(
    ethernetFrame(
      ipv4Packet(icmpMessage(3, 3, [0, 0, 0, 0, ...ipv4Packet(udpDatagram([]), { proto: 17 })]), { proto: 1 }),
    ),
  ),
  'UDP over IPv6': Uint8Array.from(
    ethernetFrame(ipv6Packet(udpDatagram([1, 2, 3], {}, { src: IPV6_SRC, dst: IPV6_DST }), 17), 0x86dd),
  ),
  'ICMPv6 router advertisement with options': Uint8Array.from(
    ethernetFrame(
      ipv6Packet(
        icmpv6Message(134, 0, [64, 0x48, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, ...MAC_A, 5, 1, 0, 0, 0, 0, 5, 0xdc]),
        58,
      ),
      0x86dd,
    ),
  ),
};

describe('fuzzing the dissector (fixed seed)', { timeout: 120_000 }, () => {
  it('survives random bytes on every link type', () => {
    fc.assert(
      fc.property(randomFrame, ([bytes, link]) => {
        expect(dissectionFailures(bytes, link)).toEqual([]);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });
  it('survives mutations of the first part of an MMS TSDU (a DT without EOT), each TPDU on its own', () => {
    const part = isoOnTcp(
      tpkt(cotp([0xf0, 0x00], hexBytes('01000100 6119 3017 020103 a012 a010020101 a40ba109a007 3005a003800158'))),
    );
    fc.assert(
      fc.property(mutationOf(part), (bytes) => {
        expect(dissectionFailures(bytes, 1, { reassembly: false })).toEqual([]);
      }),
      { seed: SEED, numRuns: 600 },
    );
  });
  for (const [name, seed] of Object.entries(SEEDS)) {
    it(`survives mutations of: ${name}`, () => {
      fc.assert(
        fc.property(mutationOf(seed), (bytes) => {
          expect(dissectionFailures(bytes, 1)).toEqual([]);
        }),
        { seed: SEED, numRuns: 600 },
      );
    });
  }
});
