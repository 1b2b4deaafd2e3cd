// Linux "cooked" capture headers, written by libpcap on Linux when it captures on "any" or on a device without a
// link-layer header it can keep. Two versions, one Wireshark protocol (sll), one table:
//
// LINKTYPE_LINUX_SLL (113), 16 octets:            LINKTYPE_LINUX_SLL2 (276), 20 octets:
//   0  Packet type              (2)                  0  Protocol type            (2)
//   2  ARPHRD_ type             (2)                  2  Reserved (MBZ)           (2)
//   4  Link-layer address length(2)                  4  Interface index          (4)
//   6  Link-layer address       (8)                  8  ARPHRD_ type             (2)
//  14  Protocol type            (2)                 10  Packet type              (1)
//                                                   11  Link-layer address length(1)
//                                                   12  Link-layer address       (8)
// All fields are big-endian. The protocol type is an EtherType, or for small values a Linux protocol number
// (1 Novell 802.3, 4 802.2 LLC, 0x0c CAN ...). The address is the sender's, padded (or cut) to 8 octets.
import { cite } from '../cite';
import { compiled, numberAt } from '../build';
import type { Dissector, LayerOutput, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import type { Bytes } from '../reader';
import type { LayerSink } from '../sink';
import { allZero, problem, truncatedAt } from './common';
import { hexNumber } from '../format';

const V1 = cite('LINKTYPE_LINUX_SLL', '');
const V2 = cite('LINKTYPE_LINUX_SLL2', '');

const PACKET_TYPES: Readonly<Record<number, string>> = {
  0: 'Unicast to us',
  1: 'Broadcast',
  2: 'Multicast',
  3: 'Unicast to another host',
  4: 'Sent by us',
};
const ARPHRD: Readonly<Record<number, string>> = {
  1: 'Ethernet',
  24: 'IEEE 1394',
  512: 'PPP',
  768: 'IPIP tunnel',
  769: 'IPv6-in-IPv4',
  770: 'Frame Relay (FRAD)',
  772: 'Loopback',
  776: 'SIT (IPv6-in-IPv4)',
  778: 'GRE',
  803: 'IEEE 802.11 + radiotap',
  823: 'IPv6 GRE',
  824: 'Netlink',
  65534: 'None',
  65535: 'Void',
};
const LINUX_PROTOCOLS: Readonly<Record<number, string>> = {
  0x0001: 'Novell 802.3 (no LLC)',
  0x0003: 'All protocols',
  0x0004: '802.2 LLC',
  0x000c: 'CAN',
  0x000d: 'CAN FD',
  0x0800: 'IPv4',
  0x0806: 'ARP',
  0x8100: '802.1Q Virtual LAN',
  0x86dd: 'IPv6',
};
/** ARPHRD_ types whose protocol field is not an EtherType (GRE protocol types, Netlink, radiotap, Frame Relay). */
const NOT_ETHERTYPE = new Set([770, 778, 803, 823, 824]);

const meaningOf = {
  pkttype: 'Where the packet went: 0 to us, 1 broadcast, 2 multicast, 3 to another host (promiscuous), 4 sent by us.',
  hatype:
    'Linux ARPHRD_ value of the capturing device (1 = Ethernet, 772 = loopback); it says how to read the address and protocol fields.',
  halen: "How many octets of the 8-octet address field are the sender's link-layer address (6 for Ethernet); may be 0.",
  etype:
    'Protocol of the payload: an EtherType (0x0800 = IPv4), or for values below 0x0600 a Linux protocol number (4 = 802.2 LLC).',
};

const SLL1_FIELDS = [
  {
    id: 'sll.pkttype',
    label: 'Packet type',
    kind: 'uint',
    at: 0,
    size: 2,
    cite: V1,
    values: PACKET_TYPES,
    meaning: meaningOf.pkttype,
  },
  {
    id: 'sll.hatype',
    label: 'Link-layer address type',
    kind: 'uint',
    at: 2,
    size: 2,
    cite: V1,
    values: ARPHRD,
    meaning: meaningOf.hatype,
  },
  {
    id: 'sll.halen',
    label: 'Link-layer address length',
    kind: 'uint',
    at: 4,
    size: 2,
    cite: V1,
    meaning: meaningOf.halen,
  },
  {
    id: 'sll.etype',
    label: 'Protocol',
    kind: 'hex',
    at: 14,
    size: 2,
    cite: V1,
    values: LINUX_PROTOCOLS,
    meaning: meaningOf.etype,
  },
] as const satisfies readonly FieldSpec[];

const SLL2_FIELDS = [
  {
    id: 'sll.etype',
    label: 'Protocol',
    kind: 'hex',
    at: 0,
    size: 2,
    cite: V2,
    values: LINUX_PROTOCOLS,
    meaning: meaningOf.etype,
  },
  {
    id: 'sll.reserved',
    label: 'Reserved',
    kind: 'hex',
    at: 2,
    size: 2,
    reserved: true,
    cite: V2,
    meaning: 'Reserved, "MBZ": must be zero.',
    rule: {
      expect: 0,
      severity: 'warning',
      code: 'reserved-nonzero',
      message: (v) =>
        `Reserved field is ${hexNumber(v, 4)}: LINKTYPE_LINUX_SLL2 says it must be zero (MBZ); the capturing software is out of line`,
    },
  },
  {
    id: 'sll.ifindex',
    label: 'Interface index',
    kind: 'uint',
    at: 4,
    size: 4,
    cite: V2,
    meaning: 'Linux interface index of the device the packet was captured on.',
  },
  {
    id: 'sll.hatype',
    label: 'Link-layer address type',
    kind: 'uint',
    at: 8,
    size: 2,
    cite: V2,
    values: ARPHRD,
    meaning: meaningOf.hatype,
  },
  {
    id: 'sll.pkttype',
    label: 'Packet type',
    kind: 'uint',
    at: 10,
    size: 1,
    cite: V2,
    values: PACKET_TYPES,
    meaning: meaningOf.pkttype,
  },
  {
    id: 'sll.halen',
    label: 'Link-layer address length',
    kind: 'uint',
    at: 11,
    size: 1,
    cite: V2,
    meaning: meaningOf.halen,
  },
] as const satisfies readonly FieldSpec[];

const SOURCE_ETH: FieldSpec = {
  id: 'sll.src.eth',
  label: 'Source',
  kind: 'mac',
  cite: V1,
  meaning: "The sender's Ethernet (MAC) address.",
};
const SOURCE_OTHER: FieldSpec = {
  id: 'sll.src.other',
  label: 'Source',
  kind: 'bytes',
  cite: V1,
  meaning: "The sender's link-layer address, of a type other than Ethernet.",
};
const UNUSED: FieldSpec = {
  id: 'sll.unused',
  label: 'Unused',
  kind: 'bytes',
  cite: V1,
  meaning: 'Octets of the 8-octet address field after the address: padding.',
};

// Wireshark has sll.trailer for every byte after the payload (and calls some of them eth.padding, by Ethernet's
// 60-octet rule applied to the cooked frame); sll.padding is framescope's, in the same style.
const PADDING: FieldSpec = {
  id: 'sll.padding',
  label: 'Padding',
  kind: 'bytes',
  cite: cite('IEEE 802.3', '3.2.8'),
  meaning:
    'Zero octets after a short packet received on an Ethernet device: the sender padded its frame to the 60-octet minimum (46 octets after the Ethernet header), and Linux hands the padding up with the packet. Not part of the IP packet.',
};
const TRAILER: FieldSpec = {
  id: 'sll.trailer',
  label: 'Trailer',
  kind: 'bytes',
  cite: V1,
  meaning:
    'Bytes after the payload that are not Ethernet padding: a device or driver trailer, an FCS the device kept, or leftovers.',
};

export const SLL_TABLE: ProtocolTable = {
  protocol: 'sll',
  name: 'Linux cooked capture',
  fields: [...SLL1_FIELDS, ...SLL2_FIELDS, SOURCE_ETH, SOURCE_OTHER, UNUSED, PADDING, TRAILER],
  layouts: [SLL1_FIELDS, SLL2_FIELDS],
};

const [V1_PKTTYPE, V1_HATYPE, V1_HALEN, V1_ETYPE] = SLL1_FIELDS;
/** Version 1's fields before its address field (the protocol type comes after it). */
const V1_BEFORE_ADDRESS = [V1_PKTTYPE, V1_HATYPE, V1_HALEN] as const satisfies readonly FieldSpec[];
const [V2_ETYPE, , , V2_HATYPE, , V2_HALEN] = SLL2_FIELDS;
/** Version 2's address field, when the header ends inside it. */
const V2_ADDRESS: FieldSpec = { ...SOURCE_OTHER, at: 12, size: 8, cite: V2 };

const ARPHRD_ETHER = 1;
/** The least an Ethernet frame carries after its 14-octet header (60 octets without the FCS). */
const MIN_ETHERNET_PAYLOAD = 46;

/**
 * Bytes after the payload (the IP datagram ended before the captured packet did). On an Ethernet device, zeros that
 * end within the 46-octet minimum payload are the sender's padding; anything else is a trailer.
 */
const trailerFrom =
  (hatype: number, payloadStart: number) =>
  (out: LayerSink, bytes: Bytes, start: number, end: number): void => {
    const padding = hatype === ARPHRD_ETHER && end - payloadStart <= MIN_ETHERNET_PAYLOAD && allZero(bytes, start, end);
    out.field(padding ? PADDING : TRAILER, start, end - start);
  };

/** The 8-octet address field: the address (its length from halen, at most 8), then padding. Returns the address. */
function emitAddress(out: LayerSink, bytes: Bytes, at: number, halen: number, hatype: number): string {
  const length = Math.min(halen, 8);
  let source = '';
  if (length > 0) {
    const spec = length === 6 && (hatype === 1 || hatype === 772) ? SOURCE_ETH : SOURCE_OTHER;
    out.field(spec, at, length);
    source = compiled(spec).value(bytes, at, length) as string;
  }
  if (length < 8) out.field(UNUSED, at + length, 8 - length);
  return source;
}

/** The layer once its header is read: `protocolAt` is where its protocol type lies. */
function output(
  version: 1 | 2,
  hatype: number,
  protocol: number,
  source: string,
  protocolAt: number,
  headerEnd: number,
  end: number,
): LayerOutput {
  const dispatchable = protocol >= 0x0600 && !NOT_ETHERTYPE.has(hatype);
  const problems = dispatchable
    ? []
    : [
        problem(
          'note',
          'undecoded',
          NOT_ETHERTYPE.has(hatype)
            ? `ARPHRD_ type ${hatype} (${ARPHRD[hatype] ?? 'unknown'}): the protocol field is not an EtherType, and framescope does not decode this payload`
            : `Protocol ${hexNumber(protocol, 4)} is a Linux protocol number (${LINUX_PROTOCOLS[protocol] ?? 'unknown'}), not an EtherType framescope decodes`,
          { fieldId: (version === 1 ? V1_ETYPE : V2_ETYPE).id, offset: protocolAt, cite: version === 1 ? V1 : V2 },
        ),
      ];
  return {
    problems,
    summary: `Linux cooked capture v${version}${source ? `, Src: ${source}` : ''}`,
    ...(source ? { addresses: { source, destination: '' } } : {}),
    end: headerEnd,
    payload: {
      offset: headerEnd,
      end,
      ...(dispatchable ? { next: { table: 'eth.type' as const, keys: [protocol] } } : {}),
    },
    ...(dispatchable ? { claimTrailer: trailerFrom(hatype, headerEnd) } : {}),
  };
}

const dissectV1: Dissector = ({ bytes, offset, end, out }) => {
  // The address sits between halen and the protocol: a frame cut inside it keeps what was read.
  const missing =
    out.fixed(V1_BEFORE_ADDRESS, offset, end) ??
    (offset + V1_ETYPE.at + V1_ETYPE.size > Math.min(end, bytes.length) ? V1_ETYPE : undefined);
  if (missing)
    return {
      problems: [truncatedAt(missing, offset, end, 'Linux cooked capture header (16 bytes)')],
      summary: 'Linux cooked capture v1 (truncated)',
      end,
    };
  const hatype = numberAt(V1_HATYPE, bytes, offset);
  const source = emitAddress(out, bytes, offset + 6, numberAt(V1_HALEN, bytes, offset), hatype);
  out.field(V1_ETYPE, offset + V1_ETYPE.at, V1_ETYPE.size);
  const protocol = numberAt(V1_ETYPE, bytes, offset);
  return output(1, hatype, protocol, source, offset + V1_ETYPE.at, offset + 16, end);
};

const dissectV2: Dissector = ({ bytes, offset, end, out }) => {
  const missing = out.fixed(SLL2_FIELDS, offset, end) ?? (offset + 20 > end ? V2_ADDRESS : undefined);
  if (missing)
    return {
      problems: [truncatedAt(missing, offset, end, 'Linux cooked capture v2 header (20 bytes)')],
      summary: 'Linux cooked capture v2 (truncated)',
      end,
    };
  const hatype = numberAt(V2_HATYPE, bytes, offset);
  const source = emitAddress(out, bytes, offset + 12, numberAt(V2_HALEN, bytes, offset), hatype);
  const protocol = numberAt(V2_ETYPE, bytes, offset);
  return output(2, hatype, protocol, source, offset + V2_ETYPE.at, offset + 20, end);
};

export const sll: Protocol = { protocol: 'sll', dissect: dissectV1 };
export const sll2: Protocol = { protocol: 'sll', dissect: dissectV2 };
