// ICMP for IPv4, RFC 792 "Message Formats" (the RFC's parts are not numbered). Every message starts
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |     Type      |     Code      |          Checksum             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |   (4 octets whose meaning depends on the type: identifier and sequence number, a gateway address,
//   |    a pointer, unused; RFC 1191 puts the next-hop MTU in the low half of "unused" for type 3 code 4)
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |   Internet Header + 64 bits of Original Data Datagram  (errors)  /  Data (echo)  /  timestamps, mask
//
// "The checksum is the 16-bit ones's complement of the one's complement sum of the ICMP message starting with the ICMP
// Type." No stack leaves it to a network card, so there is no offload fingerprint to know. What follows the second word
// stays data: an echo's payload, and the datagram an error quotes (tshark decodes the quoted IP header; framescope
// shows its bytes). The Info column is tshark's, without what needs the whole capture or the IP header: tshark adds
// ", ttl=64" and "(reply in 5)".
import { citing, type Documents } from '../cite';
import { numberAt } from '../build';
import type { Dissector, Protocol } from '../dissector';
import type { Problem } from '../model';
import type { FieldSpec, ProtocolTable } from '../spec';
import { onesComplementSum } from '../reader';
import { layoutSize, quoting, truncatedAt, truncatedHeader } from './common';
import { emitChecksum, statusSpec, verificationOf } from './internet-checksum';
import { hexDigits } from '../format';

export const ICMP_DOCUMENTS = {
  'RFC 792': { title: 'Internet Control Message Protocol', rfc: 792, whole: true },
  'RFC 1191': { title: 'Path MTU Discovery', rfc: 1191 },
  'RFC 950': { title: 'Internet Standard Subnetting Procedure', rfc: 950 },
} as const satisfies Documents;
const cite = citing(ICMP_DOCUMENTS);

const FORMATS = cite('RFC 792', '');
const PMTU = cite('RFC 1191', '4');
const ADDRESS_MASK = cite('RFC 950', 'I');

const ICMP_TYPE = {
  echoReply: 0,
  unreachable: 3,
  sourceQuench: 4,
  redirect: 5,
  echo: 8,
  routerAdvertisement: 9,
  timeExceeded: 11,
  parameterProblem: 12,
  timestamp: 13,
  timestampReply: 14,
  informationRequest: 15,
  informationReply: 16,
  maskRequest: 17,
  maskReply: 18,
} as const;

/** Type names as tshark writes them in the tree and the Info column. */
const TYPES: Readonly<Record<number, string>> = {
  0: 'Echo (ping) reply',
  1: 'Reserved',
  2: 'Reserved',
  3: 'Destination unreachable',
  4: 'Source quench (flow control)',
  5: 'Redirect',
  6: 'Alternate host address',
  8: 'Echo (ping) request',
  9: 'Router advertisement',
  10: 'Router solicitation',
  11: 'Time-to-live exceeded',
  12: 'Parameter problem',
  13: 'Timestamp request',
  14: 'Timestamp reply',
  15: 'Information request',
  16: 'Information reply',
  17: 'Address mask request',
  18: 'Address mask reply',
  19: 'Reserved (for security)',
  30: 'Traceroute',
  31: 'Datagram Conversion Error',
  32: 'Mobile Host Redirect',
  33: 'IPv6 Where-Are-You',
  34: 'IPv6 I-Am-Here',
  35: 'Mobile Registration Request',
  36: 'Mobile Registration Reply',
  37: 'Domain Name Request',
  38: 'Domain Name Reply',
  39: 'SKIP',
  40: 'Photuris',
  41: 'Experimental mobility protocols',
  42: 'Extended Echo request',
  43: 'Extended Echo reply',
};

/** Code names per type, as tshark writes them. */
const CODES: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  3: {
    0: 'Network unreachable',
    1: 'Host unreachable',
    2: 'Protocol unreachable',
    3: 'Port unreachable',
    4: 'Fragmentation needed',
    5: 'Source route failed',
    6: 'Destination network unknown',
    7: 'Destination host unknown',
    8: 'Source host isolated',
    9: 'Network administratively prohibited',
    10: 'Host administratively prohibited',
    11: 'Network unreachable for TOS',
    12: 'Host unreachable for TOS',
    13: 'Communication administratively filtered',
    14: 'Host precedence violation',
    15: 'Precedence cutoff in effect',
  },
  5: {
    0: 'Redirect for network',
    1: 'Redirect for host',
    2: 'Redirect for TOS and network',
    3: 'Redirect for TOS and host',
  },
  6: { 0: 'Alternate address for host' },
  9: { 0: 'Normal router advertisement', 16: 'Does not route common traffic' },
  11: { 0: 'Time to live exceeded in transit', 1: 'Fragment reassembly time exceeded' },
  12: { 0: 'Pointer indicates the error', 1: 'Required option missing', 2: 'Bad length' },
  40: {
    0: 'Bad SPI',
    1: 'Authentication Failed',
    2: 'Decompression Failed',
    3: 'Decryption Failed',
    4: 'Need Authentication',
    5: 'Need Authorization',
  },
  42: { 0: 'No error' },
  43: {
    0: 'No error',
    1: 'Malformed Query',
    2: 'No Such Interface',
    3: 'No Such Table Entry',
    4: 'Multiple Interfaces Satisfy Query',
  },
};

export const ICMP_FIELDS = [
  {
    id: 'icmp.type',
    label: 'Type',
    kind: 'uint',
    at: 0,
    size: 1,
    values: TYPES,
    cite: FORMATS,
    meaning: 'The kind of message: 8 echo request, 0 echo reply, 3 destination unreachable, 11 time exceeded …',
  },
  {
    id: 'icmp.code',
    label: 'Code',
    kind: 'uint',
    at: 1,
    size: 1,
    cite: FORMATS,
    meaning: 'Refines the type (for destination unreachable: 3 = port unreachable, 4 = fragmentation needed …).',
  },
  {
    id: 'icmp.checksum',
    label: 'Checksum',
    kind: 'hex',
    at: 2,
    size: 2,
    cite: FORMATS,
    meaning:
      "16-bit one's complement of the one's complement sum of the whole ICMP message from the Type field on, computed with this field as zero.",
  },
] as const satisfies readonly FieldSpec[];
const [TYPE, CODE, CHECKSUM] = ICMP_FIELDS;

// The second word, by type (offsets from the message's start).
const IDENT = {
  id: 'icmp.ident',
  label: 'Identifier (BE)',
  kind: 'uint',
  at: 4,
  size: 2,
  cite: FORMATS,
  meaning:
    'Identifier: helps match replies to requests (an echo, timestamp, information or address mask exchange); shown as read big-endian.',
  showHex: true,
} as const satisfies FieldSpec;
const IDENT_LE = {
  id: 'icmp.ident_le',
  label: 'Identifier (LE)',
  kind: 'uint',
  at: 4,
  size: 2,
  cite: FORMATS,
  meaning: 'The identifier read little-endian, as some stacks (Windows) fill it: the same two octets.',
  showHex: true,
  littleEndian: true,
} as const satisfies FieldSpec;
const SEQ = {
  id: 'icmp.seq',
  label: 'Sequence Number (BE)',
  kind: 'uint',
  at: 6,
  size: 2,
  cite: FORMATS,
  meaning: 'Sequence number: helps match replies to requests; shown as read big-endian.',
  showHex: true,
} as const satisfies FieldSpec;
const SEQ_LE = {
  id: 'icmp.seq_le',
  label: 'Sequence Number (LE)',
  kind: 'uint',
  at: 6,
  size: 2,
  cite: FORMATS,
  meaning: 'The sequence number read little-endian, as some stacks (Windows) count it: the same two octets.',
  showHex: true,
  littleEndian: true,
} as const satisfies FieldSpec;
const UNUSED = {
  id: 'icmp.unused',
  label: 'Unused',
  kind: 'bytes',
  at: 4,
  size: 4,
  cite: FORMATS,
  meaning: 'The second word, unused by this message type; senders send zeros.',
} as const satisfies FieldSpec;
const UNUSED_HALF = {
  id: 'icmp.unused',
  label: 'Unused',
  kind: 'bytes',
  at: 4,
  size: 2,
  meaning: 'The high-order 16 bits of the "unused" word: "remain unused, and MUST be set to zero" (RFC 1191).',
  cite: PMTU,
} as const satisfies FieldSpec;
const MTU = {
  id: 'icmp.mtu',
  label: 'MTU of next hop',
  kind: 'uint',
  at: 6,
  size: 2,
  meaning:
    'Fragmentation needed (type 3 code 4): the MTU of the next-hop network, in the low-order 16 bits of the "unused" word (Path MTU Discovery).',
  cite: PMTU,
} as const satisfies FieldSpec;
const POINTER = {
  id: 'icmp.pointer',
  label: 'Pointer',
  kind: 'uint',
  at: 4,
  size: 1,
  cite: FORMATS,
  meaning: "Parameter problem: the octet of the original datagram's header where the error was detected.",
} as const satisfies FieldSpec;
const UNUSED_AFTER_POINTER = {
  id: 'icmp.unused',
  label: 'Unused',
  kind: 'bytes',
  at: 5,
  size: 3,
  cite: FORMATS,
  meaning: 'The three octets after the pointer.',
} as const satisfies FieldSpec;
const GATEWAY = {
  id: 'icmp.redir_gw',
  label: 'Gateway Address',
  kind: 'ipv4',
  at: 4,
  size: 4,
  cite: FORMATS,
  meaning:
    "Redirect: the gateway to which traffic for the network in the quoted datagram's destination should be sent.",
} as const satisfies FieldSpec;
const TIMESTAMPS = [
  {
    id: 'icmp.originate_timestamp',
    label: 'Originate Timestamp',
    kind: 'uint',
    at: 8,
    size: 4,
    cite: FORMATS,
    meaning:
      'Timestamp: when the sender last touched the message before sending it, in milliseconds since midnight UT.',
    unit: 'ms',
  } as const satisfies FieldSpec,
  {
    id: 'icmp.receive_timestamp',
    label: 'Receive Timestamp',
    kind: 'uint',
    at: 12,
    size: 4,
    cite: FORMATS,
    meaning: 'Timestamp: when the echoer first touched it on receipt, in milliseconds since midnight UT.',
    unit: 'ms',
  } as const satisfies FieldSpec,
  {
    id: 'icmp.transmit_timestamp',
    label: 'Transmit Timestamp',
    kind: 'uint',
    at: 16,
    size: 4,
    cite: FORMATS,
    meaning: 'Timestamp: when the echoer last touched it on sending the reply, in milliseconds since midnight UT.',
    unit: 'ms',
  } as const satisfies FieldSpec,
];
const MASK = {
  id: 'icmp.address_mask',
  label: 'Address Mask',
  kind: 'ipv4',
  at: 8,
  size: 4,
  meaning: 'Address mask request/reply: the subnet mask of the network the reply comes from.',
  cite: ADDRESS_MASK,
} as const satisfies FieldSpec;

const ECHO_LAYOUT = [IDENT, SEQ];
/** Identifier and sequence number, each with its little-endian reading of the same octets. */
const BOTH_WAYS = [
  [IDENT, IDENT_LE],
  [SEQ, SEQ_LE],
] as const;
const UNUSED_WORD = [UNUSED];
const FRAGMENTATION_NEEDED = [UNUSED_HALF, MTU];
const PARAMETER_PROBLEM = [POINTER, UNUSED_AFTER_POINTER];
const REDIRECT = [GATEWAY];
const CHECKSUM_CALCULATED: FieldSpec = {
  id: 'icmp.checksum_calculated',
  label: 'Calculated Checksum',
  kind: 'hex',
  cite: FORMATS,
  meaning: 'The checksum framescope computed over the ICMP message as captured (generated; not in the bytes).',
};
const CHECKSUM_STATUS = statusSpec('icmp.checksum.status', 'Checksum Status', FORMATS);
const CHECKSUM_SPECS = {
  checksum: CHECKSUM,
  calculated: CHECKSUM_CALCULATED,
  status: CHECKSUM_STATUS,
  what: 'ICMP checksum',
  mismatch: (dataBytes: number) =>
    ` over the ${dataBytes + 4}-byte message: it was altered after the sender computed it, or the sender computed it wrongly`,
};

export const ICMP_TABLE: ProtocolTable = {
  protocol: 'icmp',
  name: 'Internet Control Message Protocol',
  layouts: [
    ICMP_FIELDS,
    ECHO_LAYOUT,
    UNUSED_WORD,
    FRAGMENTATION_NEEDED,
    PARAMETER_PROBLEM,
    REDIRECT,
    TIMESTAMPS,
    [MASK],
  ],
  fields: [
    ...ICMP_FIELDS,
    CHECKSUM_CALCULATED,
    CHECKSUM_STATUS,
    IDENT,
    IDENT_LE,
    SEQ,
    SEQ_LE,
    UNUSED,
    MTU,
    POINTER,
    GATEWAY,
    ...TIMESTAMPS,
    MASK,
  ],
};

const HEADER_LENGTH = 4;
const SECOND_WORD_END = 8;

/** The second word by type, for the types whose second word RFC 792 (and RFC 1191) define. */
function secondWord(type: number, code: number): readonly FieldSpec[] | undefined {
  switch (type) {
    case ICMP_TYPE.unreachable:
      return code === 4 ? FRAGMENTATION_NEEDED : UNUSED_WORD;
    case ICMP_TYPE.sourceQuench:
    case ICMP_TYPE.timeExceeded:
      return UNUSED_WORD;
    case ICMP_TYPE.parameterProblem:
      return PARAMETER_PROBLEM;
    case ICMP_TYPE.redirect:
      return REDIRECT;
  }
  return undefined;
}

/** The types whose second word is an identifier and a sequence number, and what follows it in each. */
const ECHO_LIKE: ReadonlyMap<number, readonly FieldSpec[]> = new Map<number, readonly FieldSpec[]>([
  [ICMP_TYPE.echoReply, []],
  [ICMP_TYPE.echo, []],
  [ICMP_TYPE.timestamp, TIMESTAMPS],
  [ICMP_TYPE.timestampReply, TIMESTAMPS],
  [ICMP_TYPE.informationRequest, []],
  [ICMP_TYPE.informationReply, []],
  [ICMP_TYPE.maskRequest, [MASK]],
  [ICMP_TYPE.maskReply, [MASK]],
]);

/** "%-20s" of tshark's Info: the type name padded to 20 characters. */
const infoType = (name: string): string => name.padEnd(20);

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  if (end - offset < HEADER_LENGTH)
    return truncatedHeader(
      out,
      ICMP_FIELDS,
      offset,
      end,
      'ICMP header (4 bytes)',
      'Internet Control Message Protocol (truncated)',
    );
  const type = numberAt(TYPE, bytes, offset);
  const code = numberAt(CODE, bytes, offset);
  const stored = numberAt(CHECKSUM, bytes, offset);
  const mobileIp = type === ICMP_TYPE.routerAdvertisement && (code === 0 || code === 16);
  const typeName = (mobileIp ? 'Mobile IP Advertisement' : TYPES[type]) ?? 'Unknown ICMP (obsolete or malformed?)';
  const codes = CODES[type];
  const codeName = codes ? (codes[code] ?? `Unknown code: ${code}`) : undefined;

  out.field(TYPE, offset, 1);
  out.field(CODE, offset + 1, 1, out.tree && codeName !== undefined ? { display: `${code} (${codeName})` } : undefined);
  // The message is the whole IP payload (the IP layer hands over exactly the datagram's data), summed with the
  // checksum field left out.
  const mode = verificationOf(context);
  const calculated =
    mode === 'off' || mode === 'cut'
      ? 0
      : ~onesComplementSum(
          bytes,
          offset + HEADER_LENGTH,
          end - offset - HEADER_LENGTH,
          onesComplementSum(bytes, offset, 2),
        ) & 0xffff;
  emitChecksum(out, CHECKSUM_SPECS, offset, mode, stored, calculated, undefined, end - offset - HEADER_LENGTH);

  let info = codeName !== undefined ? `${infoType(typeName)} (${codeName})` : infoType(typeName);
  const problems: Problem[] = [];
  let bodyStart = offset + HEADER_LENGTH;
  let quotes = false;
  const what = `ICMP ${typeName} message`;
  const echoTail = ECHO_LIKE.get(type);
  if (echoTail !== undefined) {
    // Wireshark reads identifier and sequence number both ways (stacks differ): the little-endian reading of the
    // same two octets sits under each.
    for (const [bigEndian, littleEndian] of BOTH_WAYS) {
      if (offset + bigEndian.at + bigEndian.size > end) {
        problems.push(truncatedAt(bigEndian, offset, end, what));
        break;
      }
      out.open(bigEndian, offset + bigEndian.at, bigEndian.size);
      out.field(littleEndian, offset + littleEndian.at, littleEndian.size);
      out.close();
    }
    if (problems.length === 0) {
      info += ` id=0x${hexDigits(numberAt(IDENT, bytes, offset), 4)}, seq=${numberAt(SEQ, bytes, offset)}/${numberAt(SEQ_LE, bytes, offset)}`;
      bodyStart = offset + SECOND_WORD_END;
      const missing = out.fixed(echoTail, offset, end);
      if (missing) problems.push(truncatedAt(missing, offset, end, what));
      else if (echoTail.length > 0) bodyStart = offset + layoutSize(echoTail);
    }
  } else {
    const word = secondWord(type, code);
    const missing = word && out.fixed(word, offset, end);
    if (missing) problems.push(truncatedAt(missing, offset, end, what));
    else if (word) {
      bodyStart = offset + SECOND_WORD_END;
      quotes = true;
    }
  }
  return {
    problems,
    summary: 'Internet Control Message Protocol',
    info,
    end,
    // An echo's data, or what follows in a type framescope does not decode: data. An error message quotes the datagram
    // it concerns: its IP header and first 64 bits of data at least (RFC 792), decoded as IP by its version nibble.
    ...(bodyStart < end ? (quotes ? quoting(bytes, bodyStart, end) : { payload: { offset: bodyStart, end } }) : {}),
  };
};

export const icmp: Protocol = { protocol: 'icmp', dissect };
