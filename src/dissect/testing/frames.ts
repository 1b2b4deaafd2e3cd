// Test-only builders of real frames: correct lengths and checksums unless a test asks otherwise, so each test
// changes exactly the one thing it is about. Used by unit tests only.
import { onesComplementSum } from '../reader';

export const hexBytes = (hex: string): number[] =>
  (hex.replace(/\s+/g, '').match(/../g) ?? []).map((b) => parseInt(b, 16));

export function tpkt(tpdu: number[], reserved = 0, length = tpdu.length + 4): number[] {
  return [3, reserved, length >> 8, length & 0xff, ...tpdu];
}

/** A COTP TPDU: LI computed from the header bytes after it unless given. */
export function cotp(headerAfterLi: number[], userData: number[] = [], li = headerAfterLi.length): number[] {
  return [li, ...headerAfterLi, ...userData];
}

export interface TcpOptions {
  srcport?: number;
  dstport?: number;
  seq?: number;
  ack?: number;
  flags?: number;
  window?: number;
  options?: number[];
  dataOffsetWords?: number;
  reservedBits?: number;
  checksum?: number;
}

export interface IpOptions {
  src?: number[];
  dst?: number[];
  ttl?: number;
  options?: number[];
  ihlWords?: number;
  totalLength?: number;
  flagsFrag?: number;
  checksum?: number;
  proto?: number;
}

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

export function tcpSegment(
  payload: number[],
  o: TcpOptions = {},
  ip: { src: number[]; dst: number[] } = { src: [10, 0, 0, 1], dst: [10, 0, 0, 2] },
): number[] {
  const options = [...(o.options ?? [])];
  while (options.length % 4 !== 0) options.push(0);
  const words = o.dataOffsetWords ?? 5 + Math.ceil(options.length / 4);
  const header = [
    ...u16(o.srcport ?? 102),
    ...u16(o.dstport ?? 1555),
    ...u32(o.seq ?? 1000),
    ...u32(o.ack ?? 2000),
    (words << 4) | (o.reservedBits ?? 0),
    o.flags ?? 0x18,
    ...u16(o.window ?? 8192),
    0,
    0,
    0,
    0,
    ...options,
  ];
  const segment = [...header, ...payload];
  const bytes = Uint8Array.from(segment);
  // The pseudo-header's addresses: 4 + 4 octets for IPv4, 16 + 16 for IPv6 (RFC 8200 §8.1); the rest sums alike.
  let sum = onesComplementSum(Uint8Array.from([...ip.src, ...ip.dst]), 0, ip.src.length + ip.dst.length);
  sum += 6 + segment.length;
  sum = onesComplementSum(bytes, 0, bytes.length, sum);
  const checksum = o.checksum ?? ~sum & 0xffff;
  segment[16] = checksum >> 8;
  segment[17] = checksum & 0xff;
  return segment;
}

export function ipv4Packet(payload: number[], o: IpOptions = {}): number[] {
  const options = o.options ?? [];
  const ihl = o.ihlWords ?? 5 + Math.ceil(options.length / 4);
  const header = [
    0x40 | ihl,
    0,
    ...u16(o.totalLength ?? 20 + options.length + payload.length),
    0x12,
    0x34,
    ...u16(o.flagsFrag ?? 0x4000),
    o.ttl ?? 64,
    o.proto ?? 6,
    0,
    0,
    ...(o.src ?? [10, 0, 0, 1]),
    ...(o.dst ?? [10, 0, 0, 2]),
    ...options,
  ];
  const sum = onesComplementSum(Uint8Array.from(header), 0, header.length);
  const checksum = o.checksum ?? ~sum & 0xffff;
  header[10] = checksum >> 8;
  header[11] = checksum & 0xff;
  return [...header, ...payload];
}

export function ethernetFrame(payload: number[], type = 0x0800, pad = true): number[] {
  const frame = [0x00, 0x1b, 0x1b, 0x00, 0x00, 0x01, 0x00, 0x0c, 0x29, 0xaa, 0xbb, 0xcc, ...u16(type), ...payload];
  while (pad && frame.length < 60) frame.push(0);
  return frame;
}

/** Ethernet / IPv4 / TCP port 102 carrying `tcpPayload`, checksums correct. */
export function isoOnTcp(tcpPayload: number[], tcpOptions: TcpOptions = {}): Uint8Array {
  return Uint8Array.from(ethernetFrame(ipv4Packet(tcpSegment(tcpPayload, tcpOptions))));
}

export const IPV6_SRC = hexBytes('20010db8000000000000000000000001');
export const IPV6_DST = hexBytes('20010db8000000000000000000000002');

/** An IPv6 packet: the fixed header, then `payload` (extension headers included); payload length computed unless given. */
export function ipv6Packet(
  payload: number[],
  nextHeader = 6,
  o: { payloadLength?: number; src?: number[]; dst?: number[] } = {},
): number[] {
  const length = o.payloadLength ?? payload.length;
  return [
    0x60,
    0x01,
    0x23,
    0x45,
    ...u16(length),
    nextHeader,
    64,
    ...(o.src ?? IPV6_SRC),
    ...(o.dst ?? IPV6_DST),
    ...payload,
  ];
}

/** A VLAN tag's 4 bytes after its TPID: TCI (PCP, DEI, VID) and the type of what follows. */
export function vlanTag(vid: number, type: number, pcp = 0, dei = 0): number[] {
  return [...u16((pcp << 13) | (dei << 12) | vid), ...u16(type)];
}

/**
 * A TCP conversation, client 10.0.0.1:1555 to server 10.0.0.2:`serverPort` (direction 0) and back, as Ethernet frames;
 * each segment's seq follows on from the last in its direction unless given.
 */
export function tcpConversation(
  segments: readonly { from: 'client' | 'server'; payload: number[]; seq?: number }[],
  serverPort = 102,
): Uint8Array[] {
  const next = { client: 1000, server: 5000 };
  return segments.map((s) => {
    const seq = s.seq ?? next[s.from];
    next[s.from] = Math.max(next[s.from], seq + s.payload.length);
    const client = s.from === 'client';
    const ip = client ? { src: [10, 0, 0, 1], dst: [10, 0, 0, 2] } : { src: [10, 0, 0, 2], dst: [10, 0, 0, 1] };
    const ports = client ? { srcport: 1555, dstport: serverPort } : { srcport: serverPort, dstport: 1555 };
    return Uint8Array.from(ethernetFrame(ipv4Packet(tcpSegment(s.payload, { ...ports, seq }, ip), ip)));
  });
}

/**
 * The X.224 DT user data of an RDP client's first MCS PDU: a T.125 Connect-Initial (BER; domain parameters all 1)
 * whose user data is a T.124 ConnectData with a conference create request, whose H.221 "Duca" value is `blocks` (RDP's
 * client data blocks, each with its TS_UD_HEADER). Lengths computed; `blocks` up to 100 octets.
 */
export function mcsConnectInitial(blocks: number[]): number[] {
  const gcc = [0x00, 0x08, 0x00, 0x10, 0x00, 0x01, 0xc0, 0x00, 0x44, 0x75, 0x63, 0x61, blocks.length, ...blocks];
  const connectData = [0x00, 0x05, 0x00, 0x14, 0x7c, 0x00, 0x01, gcc.length, ...gcc];
  const parameters = [0x30, 0x18, ...Array.from({ length: 8 }, () => [0x02, 0x01, 0x01]).flat()];
  const body = [
    ...[0x04, 0x01, 0x01, 0x04, 0x01, 0x01, 0x01, 0x01, 0xff],
    ...parameters,
    ...parameters,
    ...parameters,
    ...[0x04, connectData.length, ...connectData],
  ];
  return [0x7f, 0x65, 0x81, body.length, ...body];
}

const TCP_FLAG_LETTERS: Readonly<Record<string, number>> = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10 };

/**
 * A TCP exchange between A (10.0.0.1:1000) and B (10.0.0.2:8080), one segment a line, as tshark checks are written:
 * "0.010 A 1001 7001 PA 1000 5000 [wscale]": seconds, sender, raw sequence and acknowledgement numbers, flags (F S R P
 * A, "-" for none), payload octets (0x55), window; a SYN's window scale shift when given.
 */
export function tcpExchange(lines: string): { bytes: Uint8Array; time: number }[] {
  return lines
    .trim()
    .split('\n')
    .map((line) => {
      const [t, who, seq, ack, flags, len, win, ws] = line.trim().split(/\s+/);
      const a = { ip: [10, 0, 0, 1], port: 1000 };
      const b = { ip: [10, 0, 0, 2], port: 8080 };
      const [from, to] = who === 'A' ? [a, b] : [b, a];
      const ip = { src: from.ip, dst: to.ip };
      const segment = tcpSegment(
        new Array<number>(Number(len)).fill(0x55),
        {
          srcport: from.port,
          dstport: to.port,
          seq: Number(seq),
          ack: Number(ack),
          flags: [...(flags === '-' ? '' : flags!)].reduce((f, c) => f | TCP_FLAG_LETTERS[c]!, 0),
          window: Number(win),
          ...(ws !== undefined ? { options: [3, 3, Number(ws), 1] } : {}),
        },
        ip,
      );
      return { bytes: Uint8Array.from(ethernetFrame(ipv4Packet(segment, ip))), time: Number(t) };
    });
}
