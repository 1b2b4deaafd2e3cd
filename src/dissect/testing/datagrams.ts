// Test-only builders for TCP's neighbours: ARP packets, UDP datagrams, ICMP and ICMPv6 messages, with correct lengths
// and checksums unless a test asks otherwise. Used by unit tests only; frames.ts builds the IP and Ethernet around them.
import { onesComplementSum } from '../reader';
import { IPV6_DST, IPV6_SRC } from './frames';

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];

export const MAC_A = [0x00, 0x1b, 0x1b, 0x17, 0xf8, 0x82];
export const MAC_B = [0x00, 0x0c, 0x29, 0xc3, 0x65, 0xe0];

/** An Ethernet/IPv4 ARP packet (hardware 1, protocol 0x0800, sizes 6 and 4). */
export function arpPacket(op: number, sha: number[], spa: number[], tha: number[], tpa: number[]): number[] {
  return [0, 1, 0x08, 0x00, 6, 4, ...u16(op), ...sha, ...spa, ...tha, ...tpa];
}

/** The internet checksum of `bytes` after a pseudo-header of these addresses, protocol and length (0 when none). */
function checksum(bytes: number[], pseudo?: { src: number[]; dst: number[]; proto: number }): number {
  let sum = 0;
  if (pseudo) {
    sum = onesComplementSum(Uint8Array.from([...pseudo.src, ...pseudo.dst]), 0, pseudo.src.length + pseudo.dst.length);
    sum += pseudo.proto + bytes.length;
  }
  return ~onesComplementSum(Uint8Array.from(bytes), 0, bytes.length, sum) & 0xffff;
}

function withChecksum(bytes: number[], at: number, value: number): number[] {
  const out = bytes.slice();
  out[at] = value >> 8;
  out[at + 1] = value & 0xff;
  return out;
}

export interface UdpOptions {
  srcport?: number;
  dstport?: number;
  /** The Length field; header + payload unless given. */
  length?: number;
  /** A stored checksum; the right one unless given. */
  checksum?: number;
}

/** A UDP datagram whose checksum is right for these addresses (4 octets each for IPv4, 16 for IPv6). */
export function udpDatagram(
  payload: number[],
  o: UdpOptions = {},
  ip: { src: number[]; dst: number[] } = { src: [10, 0, 0, 1], dst: [10, 0, 0, 2] },
): number[] {
  const datagram = [...u16(o.srcport ?? 5000), ...u16(o.dstport ?? 161), ...u16(8 + payload.length), 0, 0, ...payload];
  const right = checksum(datagram, { ...ip, proto: 17 }) || 0xffff;
  const out = withChecksum(datagram, 6, o.checksum ?? right);
  if (o.length !== undefined) out.splice(4, 2, ...u16(o.length));
  return out;
}

/** An ICMP message: type, code, checksum (right unless given), then the rest. */
export function icmpMessage(type: number, code: number, rest: number[], stored?: number): number[] {
  const message = [type, code, 0, 0, ...rest];
  return withChecksum(message, 2, stored ?? checksum(message));
}

/** An ICMPv6 message whose checksum is right over the pseudo-header of these addresses (RFC 8200 §8.1). */
export function icmpv6Message(
  type: number,
  code: number,
  rest: number[],
  ip: { src: number[]; dst: number[] } = { src: IPV6_SRC, dst: IPV6_DST },
  stored?: number,
): number[] {
  const message = [type, code, 0, 0, ...rest];
  return withChecksum(message, 2, stored ?? checksum(message, { ...ip, proto: 58 }));
}

/** An IPv6 address as 16 octets, from its full text without "::" shortening ("fe80:0:0:0:21b:1bff:fe17:f882"). */
export function ipv6Bytes(text: string): number[] {
  return text.split(':').flatMap((group) => u16(parseInt(group, 16)));
}
