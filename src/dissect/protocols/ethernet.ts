// Ethernet II (DIX) framing, as RFC 894 carries IP over it.
//
//   0                   6                  12      14
//  +-------------------+-------------------+-------+----------------------+---------------+
//  | Destination MAC   | Source MAC        | Type  | Payload (46-1500)    | (padding/FCS) |
//  +-------------------+-------------------+-------+----------------------+---------------+
import { cite } from '../cite';
import { nextFor, type Dissector, type Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable, ValueRule } from '../spec';
import { fits, type Bytes } from '../reader';
import type { LayerSink } from '../sink';
import { allZero, numberReader, problem, textReader, truncatedAt } from './common';
import { ETHER_TYPES } from './ethertypes';
import { hexNumber } from '../format';

const ADDRESS = cite('IEEE 802.3', '3.2.3');
const LENGTH_TYPE = cite('IEEE 802.3', '3.2.6');

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
    cite: LENGTH_TYPE,
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
  cite: LENGTH_TYPE,
  unit: 'bytes',
  meaning:
    'An IEEE 802.3 frame: values of 1500 and less in this position are the length of the LLC data that follows, not an EtherType.',
};
const TRAILER: FieldSpec = {
  id: 'eth.trailer',
  label: 'Trailer',
  kind: 'bytes',
  // After the data and pad (§3.2.7, §3.2.8) a frame ends with its Frame Check Sequence (§3.2.9), when a capture keeps it.
  cite: cite('IEEE 802.3', '3.2.9'),
  meaning: 'Bytes after the payload that are not zero padding: an FCS, a capture device trailer, or leftovers.',
};

const [DESTINATION, SOURCE, TYPE] = ETH_FIELDS;

/** An IEEE 802.3 frame: the same addresses, then a length where Ethernet II has its type. */
const IEEE8023_FIELDS = [DESTINATION, SOURCE, LENGTH] as const satisfies readonly FieldSpec[];

export const ETH_TABLE: ProtocolTable = {
  protocol: 'eth',
  name: 'Ethernet II',
  fields: [...ETH_FIELDS, LENGTH, PADDING, TRAILER],
  layouts: [ETH_FIELDS, IEEE8023_FIELDS],
};

const HEADER_LENGTH = 14;
const MAX_8023_LENGTH = 1500;
const MIN_ETHERTYPE = 0x0600;

/** Minimum Ethernet frame without FCS. Bytes after the payload up to it, all zero, are padding. */
const MIN_FRAME = 60;

function claimTrailer(out: LayerSink, bytes: Bytes, start: number, end: number): void {
  out.field(allZero(bytes, start, end) && end <= MIN_FRAME ? PADDING : TRAILER, start, end - start);
}

/** An address as its field shows it (aa:bb:cc:dd:ee:ff): the summary and the address columns need it in every pass. */
const sourceAt = textReader(SOURCE);
const destinationAt = textReader(DESTINATION);
const typeAt = numberReader(TYPE);

const dissect: Dissector = ({ bytes, offset, end, out }) => {
  // 802.3 frames carry a length where Ethernet II has its type (≤ 1500); 1501-1535 is neither a length nor a type.
  const whole = offset + HEADER_LENGTH <= end && fits(bytes, offset, HEADER_LENGTH);
  const lengthOrType = whole ? typeAt(bytes, offset) : 0;
  const ieee8023 = whole && lengthOrType <= MAX_8023_LENGTH;
  const missing = out.fixed(ieee8023 ? IEEE8023_FIELDS : ETH_FIELDS, offset, end);
  if (missing) {
    return {
      problems: [truncatedAt(missing, offset, end, 'Ethernet II header (14 bytes)')],
      summary: 'Ethernet II (truncated)',
      end,
    };
  }
  const source = sourceAt(bytes, offset);
  const destination = destinationAt(bytes, offset);
  if (ieee8023) {
    return {
      problems: [],
      summary: `IEEE 802.3 Ethernet, Src: ${source}, Dst: ${destination}`,
      addresses: { source, destination },
      end,
      payload: { offset: offset + HEADER_LENGTH, end: Math.min(end, offset + HEADER_LENGTH + lengthOrType) },
      claimTrailer,
    };
  }
  if (lengthOrType < MIN_ETHERTYPE) {
    out.problem(
      out.refOf(TYPE),
      problem(
        'error',
        'unexpected-value',
        `${hexNumber(lengthOrType)} is neither an 802.3 length (at most 1500) nor an EtherType (at least 0x0600)`,
        { fieldId: TYPE.id, offset: offset + 12, cite: LENGTH_TYPE },
      ),
    );
  }
  return {
    problems: [],
    summary: `Ethernet II, Src: ${source}, Dst: ${destination}`,
    addresses: { source, destination },
    end: offset + HEADER_LENGTH,
    payload: { offset: offset + HEADER_LENGTH, end, next: nextFor('eth.type', lengthOrType) },
    claimTrailer,
  };
};

export const ethernet: Protocol = { protocol: 'eth', dissect };
