// UDP, RFC 768 "Format" (the RFC's parts are not numbered):
//
//                  0      7 8     15 16    23 24    31
//                 +--------+--------+--------+--------+
//                 |     Source      |   Destination   |
//                 |      Port       |      Port       |
//                 +--------+--------+--------+--------+
//                 |                 |                 |
//                 |     Length      |    Checksum     |
//                 +--------+--------+--------+--------+
//                 |
//                 |          data octets ...
//                 +---------------- ...
//
// The checksum covers a pseudo-header (IPv4: source, destination, zero, protocol 17, UDP length; IPv6: RFC 8200 §8.1),
// the header and the data. "An all zero transmitted checksum value means that the transmitter generated no checksum"
// — in IPv4; IPv6 receivers must discard a UDP packet whose checksum is zero (RFC 8200 §8.1). A computed checksum of
// zero is sent as all ones. Offload is recognised as for TCP: the pseudo-header's sum, left for the network card.
// The payload stays data: framescope decodes no protocol above UDP (the Protocol column says UDP where tshark names
// DNS, NTP, SNMP …).
import { citing, type Documents } from '../cite';
import { numberAt } from '../build';
import type { Context, Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import { foldSum, onesComplementSum, type Bytes } from '../reader';
import type { LayerSink } from '../sink';
import { problem, truncatedHeader } from './common';
import { emitChecksum, NDIS_CHECKSUM, OFFLOAD, offloadedSpec, statusSpec } from './internet-checksum';

export const UDP_DOCUMENTS = {
  'RFC 768': { title: 'User Datagram Protocol', rfc: 768, whole: true },
} as const satisfies Documents;
const cite = citing(UDP_DOCUMENTS);

const FORMAT = cite('RFC 768', '');
const UPPER_LAYER_CHECKSUMS = cite('RFC 8200', '8.1');

const IP_PROTO_UDP = 17;
const HEADER_LENGTH = 8;

export const UDP_FIELDS = [
  {
    id: 'udp.srcport',
    label: 'Source Port',
    kind: 'uint',
    at: 0,
    size: 2,
    cite: FORMAT,
    meaning: 'The port of the sending process, "to which a reply should be addressed"; zero when none is meant.',
  },
  {
    id: 'udp.dstport',
    label: 'Destination Port',
    kind: 'uint',
    at: 2,
    size: 2,
    cite: FORMAT,
    meaning: 'The port of the receiving process.',
  },
  {
    id: 'udp.length',
    label: 'Length',
    kind: 'uint',
    at: 4,
    size: 2,
    unit: 'bytes',
    cite: FORMAT,
    meaning:
      'The length in octets of this user datagram, header and data: at least 8. Bytes of the IP payload after it belong to no UDP field.',
  },
  {
    id: 'udp.checksum',
    label: 'Checksum',
    kind: 'hex',
    at: 6,
    size: 2,
    cite: FORMAT,
    meaning:
      "16-bit one's complement of the one's complement sum of a pseudo-header (addresses, protocol, UDP length), the UDP header and the data, padded with a zero octet to an even length. 0 means no checksum (IPv4 only); a computed 0 is sent as 0xffff.",
  },
] as const satisfies readonly FieldSpec[];
const [SRCPORT, DSTPORT, LENGTH, CHECKSUM] = UDP_FIELDS;

/** Wireshark's checksum status, with the two values only UDP's zero checksum uses. */
const NOT_PRESENT = 3;
const ILLEGAL = 4;
const STATUS_SPEC = statusSpec('udp.checksum.status', 'Checksum Status', FORMAT);
const CHECKSUM_STATUS: FieldSpec = {
  ...STATUS_SPEC,
  values: { ...STATUS_SPEC.values, [NOT_PRESENT]: 'Not present', [ILLEGAL]: 'Illegal' },
  meaning:
    "Whether the stored checksum was verified (generated), as Wireshark's status: Good, Bad, Unverified (checking is off, or the sender left it to its network card), Not present (0 over IPv4: the sender computed none) or Illegal (0 over IPv6).",
};
const CHECKSUM_CALCULATED: FieldSpec = {
  id: 'udp.checksum_calculated',
  label: 'Calculated Checksum',
  kind: 'hex',
  cite: FORMAT,
  meaning:
    'The checksum framescope computed over pseudo-header, header and data as captured (generated; not in the bytes).',
};
const CHECKSUM_OFFLOADED = offloadedSpec('udp.checksum.offloaded', NDIS_CHECKSUM);
const CHECKSUM_SPECS = {
  checksum: CHECKSUM,
  calculated: CHECKSUM_CALCULATED,
  status: CHECKSUM_STATUS,
  offloaded: CHECKSUM_OFFLOADED,
  what: 'UDP checksum',
  mismatch: (dataBytes: number) =>
    ` over pseudo-header, header and ${dataBytes} data bytes: the datagram was altered after the sender computed it, or the sender computed it wrongly (it matches no value a sender leaves for its network card)`,
};

export const UDP_TABLE: ProtocolTable = {
  protocol: 'udp',
  name: 'User Datagram Protocol',
  layouts: [UDP_FIELDS],
  fields: [...UDP_FIELDS, CHECKSUM_CALCULATED, CHECKSUM_STATUS, CHECKSUM_OFFLOADED],
};

const NO_CHECKSUM_STATUS = { value: NOT_PRESENT, generated: true } as const;
const ILLEGAL_STATUS = { value: ILLEGAL, generated: true } as const;

/**
 * The checksum of the datagram [offset, datagramEnd) under the pseudo-header the IP layer gave, and that pseudo-header's
 * sum (what a sender that offloads leaves in the field).
 */
function checksumOf(
  bytes: Bytes,
  offset: number,
  datagramEnd: number,
  pseudo: NonNullable<Context['ipv4'] | Context['ipv6']>,
): { calculated: number; pseudoHeader: number } {
  const length = datagramEnd - offset;
  // IPv4: source, destination, zero, protocol, UDP length (RFC 768). IPv6: source, destination, upper-layer length
  // (32 bits), next header 17 (RFC 8200 §8.1). Summed as 16-bit words, both come to the same arithmetic.
  let addressesAndProtocol = onesComplementSum(pseudo.src, 0, pseudo.src.length);
  addressesAndProtocol = onesComplementSum(pseudo.dst, 0, pseudo.dst.length, addressesAndProtocol);
  const pseudoHeader = foldSum(addressesAndProtocol + IP_PROTO_UDP + length);
  const sum = onesComplementSum(bytes, offset, CHECKSUM.at, pseudoHeader);
  const calculated = ~onesComplementSum(bytes, offset + HEADER_LENGTH, length - HEADER_LENGTH, sum) & 0xffff;
  // "If the computed checksum is zero, it is transmitted as all ones" (RFC 768).
  return { calculated: calculated === 0 ? 0xffff : calculated, pseudoHeader };
}

/**
 * The zero checksum: no checksum over IPv4; over IPv6 a packet to discard, with the checksum it should have had when the
 * whole datagram is here.
 */
function emitZeroChecksum(out: LayerSink, offset: number, ipv6: boolean, calculated: number | undefined): void {
  const at = offset + CHECKSUM.at;
  const ref = out.open(
    CHECKSUM,
    at,
    CHECKSUM.size,
    out.tree ? { display: `0x0000 [zero-value ${ipv6 ? 'illegal' : 'ignored'}]` } : undefined,
  );
  if (ipv6 && calculated !== undefined)
    out.field(CHECKSUM_CALCULATED, at, CHECKSUM.size, { value: calculated, generated: true });
  out.field(CHECKSUM_STATUS, at, CHECKSUM.size, ipv6 ? ILLEGAL_STATUS : NO_CHECKSUM_STATUS);
  out.close();
  if (ipv6)
    out.problem(
      ref,
      problem(
        'error',
        'checksum-bad',
        'UDP checksum is 0 over IPv6: the checksum is mandatory there, and "IPv6 receivers must discard UDP packets containing a zero checksum" (RFC 8200 §8.1); only IPv4 lets 0 mean "no checksum"',
        { fieldId: CHECKSUM.id, offset: at, cite: UPPER_LAYER_CHECKSUMS },
      ),
    );
}

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  if (end - offset < HEADER_LENGTH)
    return truncatedHeader(out, UDP_FIELDS, offset, end, 'UDP header (8 bytes)', 'User Datagram Protocol (truncated)');
  const srcport = numberAt(SRCPORT, bytes, offset);
  const dstport = numberAt(DSTPORT, bytes, offset);
  const length = numberAt(LENGTH, bytes, offset);
  const stored = numberAt(CHECKSUM, bytes, offset);
  const summary = `User Datagram Protocol, Src Port: ${srcport}, Dst Port: ${dstport}`;
  const available = end - offset;
  // What the IP layer says the datagram holds, when the frame was captured shorter than that.
  const reported = context.datagramEnd !== undefined ? context.datagramEnd - offset : available;
  const ipv6 = context.ipv6 !== undefined;
  const pseudo = context.ipv6 ?? context.ipv4;
  const whole = length >= HEADER_LENGTH && length <= available;
  /** The length agrees with the IP layer but the capture kept only part of the datagram. */
  const cut = !whole && length >= HEADER_LENGTH && length <= reported;

  out.fixed([SRCPORT, DSTPORT], offset, end);
  const lengthRef = out.field(LENGTH, offset + LENGTH.at, LENGTH.size);
  const mode = context.options.checksums ?? 'auto';
  const sums = whole && pseudo && mode !== 'off' ? checksumOf(bytes, offset, offset + length, pseudo) : undefined;
  if (stored === 0 && pseudo) {
    emitZeroChecksum(out, offset, ipv6, sums?.calculated);
  } else if ((whole || cut) && pseudo) {
    // What a sender's stack leaves for the card: the pseudo-header's sum, not complemented (NDIS, Linux
    // CHECKSUM_PARTIAL).
    const offload = sums?.pseudoHeader === stored ? OFFLOAD.pseudoHeader : undefined;
    const judged = cut ? 'cut' : mode;
    emitChecksum(out, CHECKSUM_SPECS, offset, judged, stored, sums?.calculated ?? 0, offload, length - HEADER_LENGTH);
  } else {
    out.field(CHECKSUM, offset + CHECKSUM.at, CHECKSUM.size);
  }

  if (length < HEADER_LENGTH) {
    out.problem(
      lengthRef,
      problem(
        'error',
        'malformed',
        `UDP length ${length} is less than the 8 octets of the header itself: "the minimum value of the length is eight" (RFC 768)`,
        { fieldId: LENGTH.id, offset: offset + LENGTH.at, cite: FORMAT },
      ),
    );
  } else if (length > reported) {
    out.problem(
      lengthRef,
      problem(
        'warning',
        'truncated',
        reported === available
          ? `UDP length says ${length} bytes, ${available} are present: the datagram was cut short (capture snap length), or its length is wrong; the checksum cannot be verified`
          : `UDP length says ${length} bytes, the IP layer's length leaves ${reported}: the UDP length is wrong; the checksum cannot be verified`,
        { fieldId: LENGTH.id, offset: offset + LENGTH.at, cite: FORMAT },
      ),
    );
  }
  const payloadEnd = whole ? offset + length : end;
  const payloadLength = payloadEnd - offset - HEADER_LENGTH;
  // tshark's Info: the length field's word on the payload, and its complaint when the field is impossible.
  const ports = `${srcport} → ${dstport}`;
  const info =
    length < HEADER_LENGTH
      ? `${ports} [BAD UDP LENGTH ${length} < ${HEADER_LENGTH}]`
      : length > reported
        ? `${ports} [BAD UDP LENGTH ${length} > IP PAYLOAD LENGTH] Len=${length - HEADER_LENGTH}`
        : `${ports} Len=${length - HEADER_LENGTH}`;
  return {
    problems: [],
    summary,
    info,
    end: payloadEnd,
    ...(payloadLength > 0 ? { payload: { offset: offset + HEADER_LENGTH, end: payloadEnd } } : {}),
  };
};

export const udp: Protocol = { protocol: 'udp', dissect };
