// Ethernet II (DIX) framing, as RFC 894 carries IP over it.
//
//   0                   6                  12      14
//  +-------------------+-------------------+-------+----------------------+---------------+
//  | Destination MAC   | Source MAC        | Type  | Payload (46-1500)    | (padding/FCS) |
//  +-------------------+-------------------+-------+----------------------+---------------+
import { adopting } from '../sink';
import { cite } from '../cite';
import { field, readFixed, withProblem } from '../build';
import type { Field } from '../model';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable, ValueRule } from '../spec';
import type { Bytes } from '../reader';
import { problem, truncatedAt } from './common';
import { hexNumber } from '../format';

const ADDRESS = cite('IEEE 802.3', '3.2.3');

export const ETHER_TYPES: Readonly<Record<number, string>> = {
  0x0800: 'IPv4',
  0x0806: 'ARP',
  0x8100: '802.1Q Virtual LAN',
  0x86dd: 'IPv6',
  0x88a8: '802.1ad Provider Bridge',
  0x8892: 'PROFINET',
  0x88b8: 'IEC 61850 GOOSE',
};

/** tshark's eth.src_not_group ("Source MAC must not be a group address"), a warning there too. */
const SOURCE_NOT_GROUP: ValueRule = {
  expect: 0,
  severity: 'warning',
  code: 'unexpected-value',
  message: () =>
    'The source address has the I/G bit set (a group address), but a frame comes from one station: IEEE 802.3 §3.2.3 says "In the Source Address field, the first bit is reserved and set to 0". The sender, or a device that rewrote the frame, is out of line',
};

const addressBits = (dir: 'dst' | 'src'): FieldSpec[] => [
  {
    id: `eth.${dir}.lg`,
    label: 'LG bit',
    kind: 'flag',
    at: 0,
    size: 1,
    mask: 0x02,
    cite: ADDRESS,
    values: { 0: 'Globally unique address (factory default)', 1: 'Locally administered address' },
    meaning: 'U/L bit of the first octet: 0 for an address assigned by the manufacturer (OUI), 1 for one set locally.',
  },
  {
    id: `eth.${dir}.ig`,
    label: 'IG bit',
    kind: 'flag',
    at: 0,
    size: 1,
    mask: 0x01,
    cite: ADDRESS,
    values: { 0: 'Individual address (unicast)', 1: 'Group address (multicast/broadcast)' },
    meaning:
      dir === 'src'
        ? 'I/G bit of the first octet: 0 for one station, 1 for a group. A frame comes from one station: in a source address the bit "is reserved and set to 0".'
        : 'I/G bit of the first octet: 0 for one station, 1 for a group.',
    ...(dir === 'src' ? { rule: SOURCE_NOT_GROUP } : {}),
  },
];

export const ETH_FIELDS = [
  {
    id: 'eth.dst',
    label: 'Destination',
    kind: 'mac',
    at: 0,
    size: 6,
    cite: ADDRESS,
    meaning: 'MAC address of the station (or group) the frame is for.',
    bits: addressBits('dst'),
  },
  {
    id: 'eth.src',
    label: 'Source',
    kind: 'mac',
    at: 6,
    size: 6,
    cite: ADDRESS,
    meaning: 'MAC address of the sending station.',
    bits: addressBits('src'),
  },
  {
    id: 'eth.type',
    label: 'Type',
    kind: 'hex',
    at: 12,
    size: 2,
    cite: cite('IEEE 802.3', '3.2.6'),
    values: ETHER_TYPES,
    meaning:
      'EtherType: which protocol the payload holds (0x0800 = IPv4). Values of 1500 and less are an 802.3 length instead.',
  },
] as const satisfies readonly FieldSpec[];

const PADDING: FieldSpec = {
  id: 'eth.padding',
  label: 'Padding',
  kind: 'bytes',
  cite: cite('IEEE 802.3', '3.2.8'),
  meaning:
    'Zero octets the sender added to reach the 64-octet minimum frame (60 without FCS); not part of the IP packet (RFC 894).',
};
const LENGTH: FieldSpec = {
  id: 'eth.len',
  label: 'Length',
  kind: 'uint',
  at: 12,
  size: 2,
  cite: cite('IEEE 802.3', '3.2.6'),
  unit: 'bytes',
  meaning:
    'An IEEE 802.3 frame: values of 1500 and less in this position are the length of the LLC data that follows, not an EtherType.',
};
const TRAILER: FieldSpec = {
  id: 'eth.trailer',
  label: 'Trailer',
  kind: 'bytes',
  cite: cite('IEEE 802.3', '3.2.7'),
  meaning: 'Bytes after the payload that are not zero padding: an FCS, a capture device trailer, or leftovers.',
};

export const ETH_TABLE: ProtocolTable = {
  protocol: 'eth',
  name: 'Ethernet II',
  fields: [...ETH_FIELDS, LENGTH, PADDING, TRAILER],
  layouts: [ETH_FIELDS],
};

const MAX_8023_LENGTH = 1500;
const MIN_ETHERTYPE = 0x0600;

/** Minimum Ethernet frame without FCS. Bytes after the payload up to it, all zero, are padding. */
const MIN_FRAME = 60;

function claimTrailer(bytes: Bytes, start: number, end: number): Field[] {
  const allZero = bytes.subarray(start, end).every((b) => b === 0);
  if (allZero && end <= MIN_FRAME) return [field(PADDING, bytes, start, end - start)];
  return [field(TRAILER, bytes, start, end - start)];
}

const dissect: Dissector = ({ bytes, offset, end }) => {
  const { fields, missing } = readFixed(ETH_FIELDS, bytes, offset, end);
  if (missing) {
    return {
      fields,
      problems: [truncatedAt(missing, offset, end, 'Ethernet II header (14 bytes)')],
      summary: 'Ethernet II (truncated)',
      end,
    };
  }
  const [dst, src, type] = fields as [Field, Field, Field];
  const etherType = type.value as number;
  // 802.3 frames carry a length here (≤ 1500); 1501-1535 is neither a length nor an EtherType.
  if (etherType <= MAX_8023_LENGTH) {
    const dataEnd = Math.min(end, offset + 14 + etherType);
    return {
      fields: [dst, src, field(LENGTH, bytes, offset + 12, 2)],
      problems: [],
      summary: `IEEE 802.3 Ethernet, Src: ${src.value}, Dst: ${dst.value}`,
      addresses: { source: String(src.value), destination: String(dst.value) },
      end,
      payload: { offset: offset + 14, end: dataEnd },
      claimTrailer: adopting(claimTrailer),
    };
  }
  if (etherType < MIN_ETHERTYPE) {
    fields[2] = withProblem(
      type,
      problem(
        'error',
        'unexpected-value',
        `${hexNumber(etherType)} is neither an 802.3 length (at most 1500) nor an EtherType (at least 0x0600)`,
        { fieldId: 'eth.type', offset: offset + 12, cite: cite('IEEE 802.3', '3.2.6') },
      ),
    );
  }
  return {
    fields,
    problems: [],
    summary: `Ethernet II, Src: ${src.value}, Dst: ${dst.value}`,
    addresses: { source: String(src.value), destination: String(dst.value) },
    end: offset + 14,
    payload: { offset: offset + 14, end, next: { table: 'eth.type', keys: [etherType] } },
    claimTrailer: adopting(claimTrailer),
  };
};

export const ethernet: Protocol = { protocol: 'eth', dissect };
