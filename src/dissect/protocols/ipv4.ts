// IPv4, RFC 791 §3.1 "Internet Header Format":
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |Version|  IHL  |Type of Service|          Total Length         |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Identification        |Flags|      Fragment Offset    |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  Time to Live |    Protocol   |         Header Checksum       |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                       Source Address                          |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Destination Address                        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Options                    |    Padding    |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// The Type of Service octet is today's DS field: DSCP (RFC 2474 §3) and ECN (RFC 3168 §5).
import type { FieldId } from '../field-ids';
import { cite } from '../cite';
import { numberAt, numberIn } from '../build';
import type { Problem } from '../model';
import { nextFor, type Dissector, type LayerOutput, type Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import type { EmitOptions, LayerSink } from '../sink';
import { onesComplementSum, type Bytes } from '../reader';
import { layoutSize, numberReader, problem, textReader, truncatedHeader } from './common';
import { hexDigits } from '../format';
import { emitChecksum, NDIS_CHECKSUM, NDIS_LSO, OFFLOAD, offloadedSpec, statusSpec } from './internet-checksum';
import { emitOptionArea, namedOptionTexts, type OptionKind, type OptionTable } from './options';

const HEADER = cite('RFC 791', '3.1');

export const IP_PROTOCOLS: Readonly<Record<number, string>> = {
  1: 'ICMP',
  2: 'IGMP',
  6: 'TCP',
  17: 'UDP',
  29: 'ISO-TP4',
  41: 'IPv6',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  58: 'IPv6-ICMP',
  132: 'SCTP',
};

const DSCP_NAMES: Record<number, string> = {
  0: 'Default (CS0)',
  8: 'CS1',
  10: 'AF11',
  12: 'AF12',
  14: 'AF13',
  16: 'CS2',
  18: 'AF21',
  20: 'AF22',
  22: 'AF23',
  24: 'CS3',
  26: 'AF31',
  28: 'AF32',
  30: 'AF33',
  32: 'CS4',
  34: 'AF41',
  36: 'AF42',
  38: 'AF43',
  40: 'CS5',
  44: 'VOICE-ADMIT',
  46: 'EF',
  48: 'CS6',
  56: 'CS7',
};

export const IP_FIELDS = [
  {
    id: 'ip.version',
    label: 'Version',
    kind: 'uint',
    at: 0,
    size: 1,
    mask: 0xf0,
    cite: HEADER,
    meaning: 'Internet Protocol version; 4 for this header format.',
    rule: {
      expect: 4,
      severity: 'error',
      code: 'unexpected-value',
      message: (v) => `IP version ${v} in an IPv4 header: RFC 791 defines version 4`,
    },
  },
  {
    id: 'ip.hdr_len',
    label: 'Header Length',
    kind: 'uint',
    at: 0,
    size: 1,
    mask: 0x0f,
    scale: 4,
    unit: 'bytes',
    cite: HEADER,
    meaning:
      'Internet Header Length: the header size in 32-bit words on the wire (5 to 15); shown and compared in bytes, as Wireshark does.',
  },
  {
    id: 'ip.dsfield',
    label: 'Differentiated Services Field',
    kind: 'hex',
    at: 1,
    size: 1,
    cite: cite('RFC 2474', '3'),
    meaning: 'The old Type of Service octet, redefined as the DS field: a 6-bit codepoint and the 2 ECN bits.',
    bits: [
      {
        id: 'ip.dsfield.dscp',
        label: 'Differentiated Services Codepoint',
        kind: 'uint',
        mask: 0xfc,
        cite: cite('RFC 2474', '3'),
        values: DSCP_NAMES,
        meaning: 'Selects the per-hop behaviour routers apply to the packet (0 = default forwarding).',
      },
      {
        id: 'ip.dsfield.ecn',
        label: 'Explicit Congestion Notification',
        kind: 'uint',
        mask: 0x03,
        cite: cite('RFC 3168', '5'),
        values: {
          0: 'Not ECN-Capable Transport',
          1: 'ECN-Capable Transport codepoint ECT(1)',
          2: 'ECN-Capable Transport codepoint ECT(0)',
          3: 'Congestion Experienced',
        },
        meaning:
          'ECN field: whether the transport understands ECN, and whether a router marked congestion. In RFC 791 these were two reserved bits.',
      },
    ],
  },
  {
    id: 'ip.len',
    label: 'Total Length',
    kind: 'uint',
    at: 2,
    size: 2,
    cite: HEADER,
    unit: 'bytes',
    meaning:
      'Length of the whole datagram, header and data, in octets. Bytes after it in the frame belong to the link layer (padding or trailer).',
  },
  {
    id: 'ip.id',
    label: 'Identification',
    kind: 'hex',
    at: 4,
    size: 2,
    cite: HEADER,
    meaning: 'Set by the sender to tell the fragments of one datagram from those of another.',
  },
  {
    id: 'ip.flags',
    label: 'Flags',
    kind: 'hex',
    at: 6,
    size: 1,
    mask: 0xe0,
    cite: HEADER,
    meaning: "Three control flags: a reserved bit, Don't Fragment, More Fragments.",
    bits: [
      {
        id: 'ip.flags.rb',
        label: 'Reserved bit',
        kind: 'flag',
        mask: 0x80,
        reserved: true,
        cite: HEADER,
        meaning: 'Bit 0 of the flags: "reserved, must be zero" (RFC 791).',
        rule: {
          expect: 0,
          severity: 'warning',
          code: 'reserved-nonzero',
          message: () => 'Reserved flag bit is set: RFC 791 §3.1 says it must be zero, so the sender is out of line',
        },
      },
      {
        id: 'ip.flags.df',
        label: "Don't fragment",
        kind: 'flag',
        mask: 0x40,
        cite: HEADER,
        meaning: 'When set, routers must not fragment this datagram; they drop it instead if it is too big.',
      },
      {
        id: 'ip.flags.mf',
        label: 'More fragments',
        kind: 'flag',
        mask: 0x20,
        cite: HEADER,
        meaning: 'Set on every fragment but the last.',
      },
    ],
  },
  {
    id: 'ip.frag_offset',
    label: 'Fragment Offset',
    kind: 'uint',
    at: 6,
    size: 2,
    mask: 0x1fff,
    cite: HEADER,
    meaning:
      'Where this fragment belongs in the original datagram, in units of 8 octets (shown in units, as Wireshark 4.0 does).',
  },
  {
    id: 'ip.ttl',
    label: 'Time to Live',
    kind: 'uint',
    at: 8,
    size: 1,
    cite: HEADER,
    meaning: 'Hop limit: each router decrements it and discards the datagram at zero.',
  },
  {
    id: 'ip.proto',
    label: 'Protocol',
    kind: 'uint',
    at: 9,
    size: 1,
    cite: HEADER,
    values: IP_PROTOCOLS,
    meaning: 'Which protocol the data holds (6 = TCP, 29 = ISO-TP4).',
  },
  {
    id: 'ip.checksum',
    label: 'Header Checksum',
    kind: 'hex',
    at: 10,
    size: 2,
    cite: HEADER,
    meaning:
      "16-bit one's complement of the one's complement sum of the header's 16-bit words, computed with this field as zero. Covers the header only.",
  },
  {
    id: 'ip.src',
    label: 'Source Address',
    kind: 'ipv4',
    at: 12,
    size: 4,
    cite: HEADER,
    meaning: 'Address of the sender.',
  },
  {
    id: 'ip.dst',
    label: 'Destination Address',
    kind: 'ipv4',
    at: 16,
    size: 4,
    cite: HEADER,
    meaning: 'Address of the receiver.',
  },
] as const satisfies readonly FieldSpec[];

const [VERSION, HDR_LEN, DSFIELD, LEN, ID, FLAGS, FRAG_OFFSET, TTL, PROTO, CHECKSUM, SRC, DST] = IP_FIELDS;
const [, , MORE_FRAGMENTS] = FLAGS.bits;
/** The fixed header around the two fields whose value or display the dissector may give (total length, checksum). */
const BEFORE_LEN = [VERSION, HDR_LEN, DSFIELD];
const BETWEEN_LEN_AND_CHECKSUM = [ID, FLAGS, FRAG_OFFSET, TTL, PROTO];
/** The fixed header: an IHL of 5 (RFC 791 §3.1). */
const MIN_HEADER = layoutSize(IP_FIELDS);

const CHECKSUM_CALCULATED: FieldSpec = {
  id: 'ip.checksum_calculated',
  label: 'Calculated Checksum',
  kind: 'hex',
  cite: HEADER,
  meaning: 'The header checksum framescope computed over the header as captured (generated; not in the bytes).',
};
const CHECKSUM_STATUS = statusSpec('ip.checksum.status', 'Header checksum status', HEADER);
const CHECKSUM_OFFLOADED = offloadedSpec('ip.checksum.offloaded', NDIS_CHECKSUM);
const CHECKSUM_SPECS = {
  checksum: CHECKSUM,
  calculated: CHECKSUM_CALCULATED,
  status: CHECKSUM_STATUS,
  offloaded: CHECKSUM_OFFLOADED,
  what: 'IPv4 header checksum',
  mismatch: () =>
    ': the header was altered after the sender computed it, or the sender computed it wrongly (a checksum left to the network card would be 0x0000)',
};

// Options (RFC 791 §3.1): type octet = copied flag, class, number; EOL and NOP are one octet.
const OPTION_TYPE: FieldSpec = {
  id: 'ip.opt.type',
  label: 'Type',
  kind: 'uint',
  size: 1,
  cite: HEADER,
  values: {
    0: 'End of Options List (EOL)',
    1: 'No-Operation (NOP)',
    7: 'Record Route',
    68: 'Time Stamp',
    130: 'Security',
    131: 'Loose Source Route',
    136: 'Stream ID',
    137: 'Strict Source Route',
    148: 'Router Alert',
  },
  meaning: 'Option type octet: copied flag (0x80), option class (0x60) and option number (0x1f).',
  bits: [
    {
      id: 'ip.opt.type.copy',
      label: 'Copy on fragmentation',
      kind: 'flag',
      mask: 0x80,
      cite: HEADER,
      meaning: 'Set when the option must be copied into every fragment.',
    },
    {
      id: 'ip.opt.type.class',
      label: 'Class',
      kind: 'uint',
      mask: 0x60,
      cite: HEADER,
      values: {
        0: 'Control',
        1: 'Reserved for future use',
        2: 'Debugging and measurement',
        3: 'Reserved for future use',
      },
      meaning: 'Option class: 0 control, 2 debugging and measurement; 1 and 3 are reserved.',
    },
    {
      id: 'ip.opt.type.number',
      label: 'Number',
      kind: 'uint',
      mask: 0x1f,
      cite: HEADER,
      meaning: 'Option number within its class.',
    },
  ],
};
const OPTION_LEN: FieldSpec = {
  id: 'ip.opt.len',
  label: 'Length',
  kind: 'uint',
  size: 1,
  cite: HEADER,
  meaning: 'Option length in octets, counting the type and length octets.',
};
const OPTION_DATA: FieldSpec = {
  id: 'ip.opt.data',
  label: 'Data',
  kind: 'bytes',
  cite: HEADER,
  meaning: 'Option data, shown raw.',
};
// One node id per option, as Wireshark names them; the type octet's value table names the rest.
const OPTION_NODE_IDS: Readonly<Record<number, FieldId>> = {
  0: 'ip.options.eol',
  1: 'ip.options.nop',
  7: 'ip.options.record_route',
  68: 'ip.options.timestamp',
  130: 'ip.options.security',
  131: 'ip.options.route',
  136: 'ip.options.sid',
  137: 'ip.options.source_route',
  148: 'ip.options.routeralert',
};
const OPTION_NODES: Readonly<Record<string, FieldSpec>> = Object.fromEntries(
  [...Object.values(OPTION_NODE_IDS), 'ip.options.unknown' as const].map((id) => [
    id,
    {
      id,
      label: 'IP Option',
      kind: 'none',
      cite: HEADER,
      meaning: 'One IP option: type octet, then (except for EOL and NOP) a length octet and data.',
    } satisfies FieldSpec,
  ]),
);
const optionNode = (type: number): FieldSpec => OPTION_NODES[OPTION_NODE_IDS[type] ?? 'ip.options.unknown']!;
const OPTIONS: FieldSpec = {
  id: 'ip.options',
  label: 'Options',
  kind: 'none',
  cite: HEADER,
  meaning: 'IP options, between the fixed header and the data; the header length covers them.',
};
const PADDING: FieldSpec = {
  id: 'ip.opt.padding',
  label: 'Padding',
  kind: 'bytes',
  reserved: true,
  cite: HEADER,
  meaning: 'Zero octets after the end-of-options that fill the header to a 32-bit boundary. "The padding is zero."',
};

export const IP_TABLE: ProtocolTable = {
  protocol: 'ip',
  name: 'Internet Protocol Version 4',
  layouts: [IP_FIELDS],
  fields: [
    ...IP_FIELDS,
    CHECKSUM_CALCULATED,
    CHECKSUM_STATUS,
    CHECKSUM_OFFLOADED,
    OPTIONS,
    ...Object.values(OPTION_NODES),
    OPTION_TYPE,
    OPTION_LEN,
    OPTION_DATA,
    PADDING,
  ],
};

/** EOL ends the list (what follows is padding), NOP is one octet; the other kinds named are type, length and data. */
const OPTION_KINDS: Readonly<Record<number, OptionKind>> = {
  ...Object.fromEntries(Object.keys(OPTION_NODE_IDS).map((type) => [type, { node: optionNode(Number(type)) }])),
  0: { node: optionNode(0), single: 'end' },
  1: { node: optionNode(1), single: 'skip' },
};
const optionName = (type: number): string => OPTION_TYPE.values?.[type] ?? `Unknown option ${type}`;

const OPTION_TABLE: OptionTable = {
  kind: OPTION_TYPE,
  length: OPTION_LEN,
  counts: 'option',
  kinds: OPTION_KINDS,
  unknown: OPTION_NODES['ip.options.unknown']!,
  data: OPTION_DATA,
  padding: {
    spec: PADDING,
    message: 'Header padding after End of Options is not zero: RFC 791 §3.1 says "The padding is zero."',
  },
  cite: HEADER,
  text: namedOptionTexts(
    'IP',
    optionName,
    (type, length, at, end) =>
      `IP option ${optionName(type)} length ${length} ${length < 2 ? 'is below 2 (type + length)' : `overruns the header (${end - at} bytes left)`}`,
  ),
};

/** A lean pass's emit options for a value given (read before the sink's next call): one object for every field. */
const LEAN_GIVEN: { value: string } = { value: '' };

function given(out: LayerSink, value: string): EmitOptions {
  if (out.tree) return { value };
  LEAN_GIVEN.value = value;
  return LEAN_GIVEN;
}

/**
 * An address's four octets as the upper layers read them (TCP's and UDP's pseudo-header, the stream's conversation
 * key), by its text (made once per address already): a copy kept for the next datagram between the same hosts, where
 * a view into each frame's bytes would be a new object per datagram. Bounded: emptied when full.
 */
const ADDRESS_BYTES = new Map<string, Bytes>();
const ADDRESS_BYTES_MAX = 4096;

function addressBytes(text: string, bytes: Bytes, at: number): Bytes {
  let octets = ADDRESS_BYTES.get(text);
  if (octets === undefined) {
    if (ADDRESS_BYTES.size >= ADDRESS_BYTES_MAX) ADDRESS_BYTES.clear();
    ADDRESS_BYTES.set(text, (octets = bytes.slice(at, at + 4)));
  }
  return octets;
}

/** The header's values read in every datagram. */
const headerLengthAt = numberReader(HDR_LEN);
const totalLengthAt = numberReader(LEN);
const protoAt = numberReader(PROTO);
const checksumAt = numberReader(CHECKSUM);
const fragmentOffsetAt = numberReader(FRAG_OFFSET);
const srcAt = textReader(SRC);
const dstAt = textReader(DST);

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  if (end - offset < MIN_HEADER)
    return truncatedHeader(
      out,
      IP_FIELDS,
      offset,
      end,
      'IPv4 header (20 bytes)',
      'Internet Protocol Version 4 (truncated)',
    );
  const problems: Problem[] = [];
  const headerLength = headerLengthAt(bytes, offset);
  const totalLength = totalLengthAt(bytes, offset);
  const proto = protoAt(bytes, offset);
  const stored = checksumAt(bytes, offset);
  const src = srcAt(bytes, offset);
  const dst = dstAt(bytes, offset);
  const summary = `Internet Protocol Version 4, Src: ${src}, Dst: ${dst}`;
  const addresses = { source: src, destination: dst };
  const headerEnd = offset + headerLength;
  const headerOk = headerLength >= MIN_HEADER;
  // Large send offload: the sending host handed the card one large segment to split, with Total Length 0 and the
  // header checksum left to it; a capture on that host sees it so. Its length is the frame's: the value a filter
  // compares, as Wireshark's ip.len ("reported as 0").
  const largeSend = headerOk && totalLength === 0 && stored === 0 && end > headerEnd;

  out.fixed(BEFORE_LEN, offset, end);
  const len = out.field(
    LEN,
    offset + LEN.at,
    LEN.size,
    largeSend
      ? out.tree
        ? { value: end - offset, display: `${end - offset} bytes (reported as 0: large send offload)` }
        : { value: end - offset }
      : undefined,
  );
  out.fixed(BETWEEN_LEN_AND_CHECKSUM, offset, end);
  // Header checksum: verified when the whole header is present. 0x0000 is the offload fingerprint: a sender that
  // leaves the header checksum to its network card leaves the field zero, and a capture on that host sees it so.
  if (headerOk && headerEnd <= end) {
    const mode = context.options.checksums ?? 'auto';
    // Sum the header with the checksum field left out (i.e. as zero).
    const calculated =
      mode === 'off'
        ? 0
        : ~onesComplementSum(bytes, offset + 12, headerLength - 12, onesComplementSum(bytes, offset, 10)) & 0xffff;
    emitChecksum(out, CHECKSUM_SPECS, offset, mode, stored, calculated, stored === 0 ? OFFLOAD.zero : undefined, 0);
  } else {
    out.field(CHECKSUM, offset + CHECKSUM.at, CHECKSUM.size);
  }
  // The addresses' text is made once, for the summary and for a pass that records them (the stream's conversations).
  out.field(SRC, offset + SRC.at, SRC.size, given(out, src));
  out.field(DST, offset + DST.at, DST.size, given(out, dst));

  if (!headerOk) {
    out.problem(
      out.refOf(HDR_LEN),
      problem(
        'error',
        'malformed',
        `Header length ${headerLength} bytes (IHL ${headerLength / 4}) is below the minimum of 20 bytes (IHL 5): "the minimum value for a correct header is 5"`,
        { fieldId: HDR_LEN.id, offset, cite: HEADER },
      ),
    );
    return { problems, summary, addresses, end: offset + MIN_HEADER };
  }
  if (headerEnd > end) {
    problems.push(
      problem(
        'warning',
        'truncated',
        `IPv4 header cut short: header length says ${headerLength} bytes, ${end - offset} present`,
        { fieldId: OPTIONS.id, offset: offset + MIN_HEADER, cite: HEADER },
      ),
    );
  }
  const optionsEnd = Math.min(headerEnd, end);
  if (optionsEnd > offset + MIN_HEADER) {
    const cut = emitOptionArea(OPTION_TABLE, OPTIONS, out, bytes, offset + MIN_HEADER, optionsEnd);
    if (cut) problems.push(cut);
  }

  if (largeSend) {
    out.problem(
      len,
      problem(
        'note',
        'inferred',
        `Total Length is 0 and the header checksum 0x0000: the sending host handed this datagram to its network card to cut into segments (large send offload), each of which the card gives its own length and checksums, and the capture was made on that host before it did. The datagram is taken to be the ${end - offset} bytes the frame holds. RFC 791 §3.1: Total Length is the length of the datagram, header and data`,
        { fieldId: LEN.id, offset: offset + LEN.at, cite: HEADER, seeAlso: [NDIS_LSO] },
      ),
    );
  } else if (totalLength < headerLength) {
    out.problem(
      len,
      problem('error', 'malformed', `Total length ${totalLength} is smaller than the header length ${headerLength}`, {
        fieldId: LEN.id,
        offset: offset + LEN.at,
        cite: HEADER,
      }),
    );
    return { problems, summary, addresses, end: optionsEnd };
  }
  const datagramEnd = largeSend ? end : offset + totalLength;
  if (datagramEnd > end) {
    out.problem(
      len,
      problem(
        'warning',
        'truncated',
        `Total length says ${totalLength} bytes, only ${end - offset} are present: the datagram was cut short (capture snap length, or an incomplete paste)`,
        { fieldId: LEN.id, offset: offset + LEN.at, cite: HEADER },
      ),
    );
  }
  const payloadEnd = Math.min(datagramEnd, end);
  const moreFragments = numberIn(MORE_FRAGMENTS, bytes, offset + FLAGS.at, FLAGS.size);
  const fragmentOffset = fragmentOffsetAt(bytes, offset);
  const fragmented = moreFragments !== 0 || fragmentOffset !== 0;
  // Key by key, no spreads (src/dissect/merged.ts): every datagram goes through here.
  const output: { -readonly [K in keyof LayerOutput]: LayerOutput[K] } = {
    problems,
    summary,
    addresses,
    end: payloadEnd,
  };
  // A fragment's payload is a piece of the datagram, not the upper layer's header: shown as data, as Wireshark does
  // without reassembly, with its Info line.
  if (fragmented)
    output.info = `Fragmented IP protocol (proto=${IP_PROTOCOLS[proto] ?? 'Unknown'} ${proto}, off=${fragmentOffset * 8}, ID=${hexDigits(numberAt(ID, bytes, offset), 4)})`;
  output.payload = fragmented
    ? { offset: optionsEnd, end: payloadEnd }
    : { offset: optionsEnd, end: payloadEnd, next: nextFor('ip.proto', proto) };
  // The innermost IP header gives TCP its pseudo-header (IPv4 in IPv6 forgets the outer IPv6 addresses).
  output.context = {
    ipv4: { src: addressBytes(src, bytes, offset + SRC.at), dst: addressBytes(dst, bytes, offset + DST.at), proto },
    ipv6: undefined,
    datagramEnd: datagramEnd > end ? datagramEnd : undefined,
  };
  return output;
};

export const ipv4: Protocol = { protocol: 'ip', dissect };
