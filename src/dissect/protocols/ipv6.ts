// IPv6, RFC 8200 §3 "IPv6 Header Format" (RFC 8200 replaced RFC 2460 in 2017):
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |Version| Traffic Class |           Flow Label                  |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Payload Length        |  Next Header  |   Hop Limit   |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Source Address (128 bits)                  |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                 Destination Address (128 bits)                |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The extension headers (RFC 8200 §4) are this layer's variable part, as Wireshark shows them: Hop-by-Hop Options
// (Next Header 0, §4.3), Routing (43, §4.4), Fragment (44, §4.5) and Destination Options (60, §4.6). Options headers:
//   | Next Header | Hdr Ext Len | Options ... (Hdr Ext Len + 1) × 8 octets in all, options as Type-Length-Value (§4.2)
// Routing:   | Next Header | Hdr Ext Len | Routing Type | Segments Left | type-specific data ...
// Fragment:  | Next Header | Reserved | Fragment Offset (13) | Res (2) | M | Identification (32) |
import { cite } from '../cite';
import { field, find, readFixed, updateField, withProblem } from '../build';
import type { Field, Problem } from '../model';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import { slice, u8, uint, type Bytes } from '../reader';
import { problem, truncatedAt, undecoded, undecodedSpec } from './common';
import { hexNumber } from '../format';

const HEADER = cite('RFC 8200', '3');
const ORDER = cite('RFC 8200', '4.1');
const OPTIONS_CITE = cite('RFC 8200', '4.2');
const HOP_BY_HOP = cite('RFC 8200', '4.3');
const ROUTING = cite('RFC 8200', '4.4');
const FRAGMENT = cite('RFC 8200', '4.5');
const DESTINATION = cite('RFC 8200', '4.6');
const NO_NEXT = cite('RFC 8200', '4.7');

export const NEXT_HEADERS: Readonly<Record<number, string>> = {
  0: 'IPv6 Hop-by-Hop Option',
  4: 'IPv4',
  6: 'TCP',
  17: 'UDP',
  29: 'ISO-TP4',
  41: 'IPv6',
  43: 'Routing Header for IPv6',
  44: 'Fragment Header for IPv6',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  58: 'ICMPv6',
  59: 'No Next Header for IPv6',
  60: 'Destination Options for IPv6',
  132: 'SCTP',
  135: 'Mobility Header',
};

const HOP_BY_HOP_NH = 0;
const ROUTING_NH = 43;
const FRAGMENT_NH = 44;
const DESTINATION_NH = 60;
const NO_NEXT_HEADER = 59;

export const IPV6_FIELDS = [
  {
    id: 'ipv6.version',
    label: 'Version',
    kind: 'uint',
    at: 0,
    size: 1,
    mask: 0xf0,
    cite: HEADER,
    meaning: '4-bit Internet Protocol version number = 6.',
    rule: {
      expect: 6,
      severity: 'error',
      code: 'unexpected-value',
      message: (v) => `IP version ${v} in an IPv6 header: RFC 8200 §3 defines version 6`,
    },
  },
  {
    id: 'ipv6.tclass',
    label: 'Traffic Class',
    kind: 'hex',
    at: 0,
    size: 2,
    mask: 0x0ff0,
    cite: cite('RFC 8200', '7'),
    meaning: '8-bit Traffic Class: the DS field of RFC 2474 (6-bit DSCP) and the 2 ECN bits of RFC 3168, as in IPv4.',
    bits: [
      {
        id: 'ipv6.tclass.dscp',
        label: 'Differentiated Services Codepoint',
        kind: 'uint',
        mask: 0x0fc0,
        cite: cite('RFC 2474', '3'),
        meaning: 'Selects the per-hop behaviour routers apply to the packet (0 = default forwarding).',
      },
      {
        id: 'ipv6.tclass.ecn',
        label: 'Explicit Congestion Notification',
        kind: 'uint',
        mask: 0x0030,
        cite: cite('RFC 3168', '5'),
        values: {
          0: 'Not ECN-Capable Transport',
          1: 'ECN-Capable Transport codepoint ECT(1)',
          2: 'ECN-Capable Transport codepoint ECT(0)',
          3: 'Congestion Experienced',
        },
        meaning: 'ECN field: whether the transport understands ECN, and whether a router marked congestion.',
      },
    ],
  },
  {
    id: 'ipv6.flow',
    label: 'Flow Label',
    kind: 'hex',
    at: 1,
    size: 3,
    mask: 0x0fffff,
    cite: cite('RFC 8200', '6'),
    meaning:
      '20-bit flow label: set by the source to label sequences of packets of one flow (RFC 6437); 0 when unused.',
  },
  {
    id: 'ipv6.plen',
    label: 'Payload Length',
    kind: 'uint',
    at: 4,
    size: 2,
    cite: HEADER,
    unit: 'bytes',
    meaning:
      'Length of the payload after this 40-octet header, extension headers included. Bytes after it in the frame belong to the link layer.',
  },
  {
    id: 'ipv6.nxt',
    label: 'Next Header',
    kind: 'uint',
    at: 6,
    size: 1,
    cite: HEADER,
    values: NEXT_HEADERS,
    meaning:
      "Type of the header right after this one: an extension header (0, 43, 44, 60 …) or the upper-layer protocol (6 = TCP), with IPv4's protocol numbers.",
  },
  {
    id: 'ipv6.hlim',
    label: 'Hop Limit',
    kind: 'uint',
    at: 7,
    size: 1,
    cite: HEADER,
    meaning:
      "Decremented by 1 by each node that forwards the packet; the packet is discarded when it reaches zero (IPv4's TTL).",
  },
  {
    id: 'ipv6.src',
    label: 'Source Address',
    kind: 'ipv6',
    at: 8,
    size: 16,
    cite: HEADER,
    meaning: '128-bit address of the originator of the packet.',
  },
  {
    id: 'ipv6.dst',
    label: 'Destination Address',
    kind: 'ipv6',
    at: 24,
    size: 16,
    cite: HEADER,
    meaning: '128-bit address of the intended recipient (possibly not the final one, if a Routing header is present).',
  },
] as const satisfies readonly FieldSpec[];

const HEADER_LENGTH = 40;
const UNDECODED = undecodedSpec('ipv6', 'IPv6', HEADER);

// ---- Options, for the Hop-by-Hop and Destination Options headers (RFC 8200 §4.2).
const OPTION_NAMES: Readonly<Record<number, string>> = {
  0x00: 'Pad1',
  0x01: 'PadN',
  0x04: 'Tunnel Encapsulation Limit',
  0x05: 'Router Alert',
  0x26: 'Quick-Start',
  0x63: 'RPL Option',
  0x6d: 'MPL Option',
  0x8b: 'ILNP Nonce',
  0x8c: 'Line-Identification Option',
  0xc2: 'Jumbo Payload',
  0xc9: 'Home Address Option',
};
const OPTION_TYPE: FieldSpec = {
  id: 'ipv6.opt.type',
  label: 'Type',
  kind: 'hex',
  size: 1,
  cite: OPTIONS_CITE,
  values: OPTION_NAMES,
  meaning:
    'Option type: the two high bits say what a node that does not know the option must do, the third whether the option data may change en route.',
  bits: [
    {
      id: 'ipv6.opt.type.action',
      label: 'Action',
      kind: 'uint',
      mask: 0xc0,
      cite: OPTIONS_CITE,
      values: {
        0: 'Skip and continue',
        1: 'Discard the packet',
        2: 'Discard and send ICMP Parameter Problem',
        3: 'Discard and send ICMP if not multicast',
      },
      meaning:
        'What a node that does not recognise the option type does (00 skip, 01 discard, 10 discard and report, 11 discard and report unless multicast).',
    },
    {
      id: 'ipv6.opt.type.change',
      label: 'May Change',
      kind: 'flag',
      mask: 0x20,
      cite: OPTIONS_CITE,
      meaning: 'Set when the option data may change en route (it is then zeroed for authentication).',
    },
    {
      id: 'ipv6.opt.type.rest',
      label: 'Low-Order Bits',
      kind: 'hex',
      mask: 0x1f,
      cite: OPTIONS_CITE,
      meaning: 'The rest of the option type number.',
    },
  ],
};
const OPTION_LENGTH: FieldSpec = {
  id: 'ipv6.opt.length',
  label: 'Length',
  kind: 'uint',
  size: 1,
  cite: OPTIONS_CITE,
  unit: 'bytes',
  meaning: 'Length of the option data in octets (type and length octets not counted).',
};
const OPTION: FieldSpec = {
  id: 'ipv6.opt',
  label: 'IPv6 Option',
  kind: 'none',
  cite: OPTIONS_CITE,
  meaning: 'One option: Type, then (except for Pad1) Length and Option Data.',
};
const PAD1: FieldSpec = {
  id: 'ipv6.opt.pad1',
  label: 'Pad1',
  kind: 'none',
  size: 1,
  cite: OPTIONS_CITE,
  meaning: 'One octet of padding: a type octet of 0 with no length or data.',
};
const PADN: FieldSpec = {
  id: 'ipv6.opt.padn',
  label: 'PadN',
  kind: 'bytes',
  reserved: true,
  cite: OPTIONS_CITE,
  meaning: 'Two or more octets of padding; "the Option Data consists of N-2 zero-valued octets".',
};
const OPTION_DATA: FieldSpec = {
  id: 'ipv6.opt_unknown_data',
  label: 'Option Data',
  kind: 'bytes',
  cite: OPTIONS_CITE,
  meaning: 'Option data, shown raw.',
};

const optionsHeader = (kind: 'hopopts' | 'dstopts', c: ReturnType<typeof cite>, name: string) => ({
  node: {
    id: `ipv6.${kind}`,
    label: name,
    kind: 'none',
    cite: c,
    meaning: `${name} extension header: options ${kind === 'hopopts' ? 'every node on the path examines' : 'only the destination examines'}.`,
  } satisfies FieldSpec,
  nxt: {
    id: `ipv6.${kind}.nxt`,
    label: 'Next Header',
    kind: 'uint',
    at: 0,
    size: 1,
    cite: c,
    values: NEXT_HEADERS,
    meaning: 'Type of the header after this one.',
  } satisfies FieldSpec,
  len: {
    id: `ipv6.${kind}.len`,
    label: 'Length',
    kind: 'uint',
    at: 1,
    size: 1,
    cite: c,
    meaning: 'Hdr Ext Len: the header length in 8-octet units, not counting the first 8 octets.',
  } satisfies FieldSpec,
});
const HOPOPTS = optionsHeader('hopopts', HOP_BY_HOP, 'IPv6 Hop-by-Hop Option');
const DSTOPTS = optionsHeader('dstopts', DESTINATION, 'Destination Options for IPv6');

const ROUTING_HEADER = {
  node: {
    id: 'ipv6.routing',
    label: 'Routing Header for IPv6',
    kind: 'none',
    cite: ROUTING,
    meaning: 'Lists intermediate nodes to visit on the way to the destination.',
  } satisfies FieldSpec,
  fixed: [
    {
      id: 'ipv6.routing.nxt',
      label: 'Next Header',
      kind: 'uint',
      at: 0,
      size: 1,
      cite: ROUTING,
      values: NEXT_HEADERS,
      meaning: 'Type of the header after this one.',
    },
    {
      id: 'ipv6.routing.len',
      label: 'Length',
      kind: 'uint',
      at: 1,
      size: 1,
      cite: ROUTING,
      meaning: 'Hdr Ext Len: the header length in 8-octet units, not counting the first 8 octets.',
    },
    {
      id: 'ipv6.routing.type',
      label: 'Type',
      kind: 'uint',
      at: 2,
      size: 1,
      cite: ROUTING,
      values: {
        0: 'Source Route (deprecated by RFC 5095)',
        2: 'Type 2 Routing (Mobile IPv6)',
        3: 'RPL Source Route',
        4: 'Segment Routing',
      },
      meaning: 'Routing Type: which variant of routing header this is.',
    },
    {
      id: 'ipv6.routing.segleft',
      label: 'Segments Left',
      kind: 'uint',
      at: 3,
      size: 1,
      cite: ROUTING,
      meaning: 'Number of listed nodes still to be visited before the final destination.',
    },
  ] as const satisfies readonly FieldSpec[],
  data: {
    id: 'ipv6.routing.unknown_data',
    label: 'Type-Specific Data',
    kind: 'bytes',
    cite: ROUTING,
    meaning: 'The rest of the routing header, its format set by the Routing Type; shown raw.',
  } satisfies FieldSpec,
};

const FRAGMENT_HEADER = {
  node: {
    id: 'ipv6.fraghdr',
    label: 'Fragment Header for IPv6',
    kind: 'none',
    cite: FRAGMENT,
    meaning: 'Sent by a source that fragmented a packet too big for the path; each fragment carries one.',
  } satisfies FieldSpec,
  fixed: [
    {
      id: 'ipv6.fraghdr.nxt',
      label: 'Next header',
      kind: 'uint',
      at: 0,
      size: 1,
      cite: FRAGMENT,
      values: NEXT_HEADERS,
      meaning: 'Type of the first header of the fragmentable part of the original packet.',
    },
    {
      id: 'ipv6.fraghdr.reserved_octet',
      label: 'Reserved octet',
      kind: 'hex',
      at: 1,
      size: 1,
      reserved: true,
      cite: FRAGMENT,
      meaning: '8-bit reserved field: "Initialized to zero for transmission; ignored on reception."',
      rule: {
        expect: 0,
        severity: 'warning',
        code: 'reserved-nonzero',
        message: (v) =>
          `Reserved octet is ${hexNumber(v, 2)}: RFC 8200 §4.5 says it is initialized to zero for transmission (the sender is out of line) and ignored on reception`,
      },
    },
    {
      id: 'ipv6.fraghdr.offset',
      label: 'Offset',
      kind: 'uint',
      at: 2,
      size: 2,
      mask: 0xfff8,
      cite: FRAGMENT,
      meaning:
        'Where the data of this fragment belongs in the fragmentable part of the original packet, in 8-octet units.',
    },
    {
      id: 'ipv6.fraghdr.reserved_bits',
      label: 'Reserved bits',
      kind: 'uint',
      at: 2,
      size: 2,
      mask: 0x0006,
      reserved: true,
      cite: FRAGMENT,
      meaning: '2-bit reserved field: initialized to zero for transmission, ignored on reception.',
      rule: {
        expect: 0,
        severity: 'warning',
        code: 'reserved-nonzero',
        message: (v) =>
          `Reserved bits are ${v.toString(2).padStart(2, '0')}: RFC 8200 §4.5 says they are initialized to zero for transmission (the sender is out of line) and ignored on reception`,
      },
    },
    {
      id: 'ipv6.fraghdr.more',
      label: 'More Fragments',
      kind: 'flag',
      at: 2,
      size: 2,
      mask: 0x0001,
      cite: FRAGMENT,
      values: { 0: 'No (last fragment)', 1: 'Yes' },
      meaning: 'M flag: 1 = more fragments follow; 0 = last fragment.',
    },
    {
      id: 'ipv6.fraghdr.ident',
      label: 'Identification',
      kind: 'hex',
      at: 4,
      size: 4,
      cite: FRAGMENT,
      meaning: 'Chosen by the source to tell the fragments of one original packet from those of another.',
    },
  ] as const satisfies readonly FieldSpec[],
};

const PAYLOAD_AFTER_NO_NEXT: FieldSpec = {
  id: 'ipv6.nonxt_data',
  label: 'Data after No Next Header',
  kind: 'bytes',
  cite: NO_NEXT,
  meaning:
    'Octets after a header whose Next Header is 59: "those octets must be ignored and passed on unchanged if the packet is forwarded."',
};

export const IPV6_TABLE: ProtocolTable = {
  protocol: 'ipv6',
  name: 'Internet Protocol Version 6',
  layouts: [
    IPV6_FIELDS,
    [HOPOPTS.nxt, HOPOPTS.len],
    [DSTOPTS.nxt, DSTOPTS.len],
    ROUTING_HEADER.fixed,
    FRAGMENT_HEADER.fixed,
  ],
  fields: [
    ...IPV6_FIELDS,
    HOPOPTS.node,
    HOPOPTS.nxt,
    HOPOPTS.len,
    DSTOPTS.node,
    DSTOPTS.nxt,
    DSTOPTS.len,
    OPTION,
    OPTION_TYPE,
    OPTION_LENGTH,
    PAD1,
    PADN,
    OPTION_DATA,
    ROUTING_HEADER.node,
    ...ROUTING_HEADER.fixed,
    ROUTING_HEADER.data,
    FRAGMENT_HEADER.node,
    ...FRAGMENT_HEADER.fixed,
    PAYLOAD_AFTER_NO_NEXT,
  ],
};

interface Extension {
  readonly field: Field;
  readonly problems: Problem[];
  readonly next?: number;
  readonly end: number;
  /** Set by a Fragment header of a real fragment: its payload is not the upper layer's header. */
  readonly fragment?: {
    readonly offset: number;
    readonly more: boolean;
    readonly ident: number;
    readonly next: number;
  };
}

function readOptions(bytes: Bytes, start: number, end: number): { fields: Field[]; problems: Problem[] } {
  const fields: Field[] = [];
  const problems: Problem[] = [];
  let at = start;
  while (at < end) {
    const type = u8(bytes, at);
    const name = OPTION_NAMES[type] ?? `Unknown option ${hexNumber(type, 2)}`;
    if (type === 0) {
      fields.push(field(OPTION, bytes, at, 1, { display: 'Pad1', children: [field(OPTION_TYPE, bytes, at, 1)] }));
      at++;
      continue;
    }
    if (at + 2 > end) {
      fields.push(
        field(OPTION, bytes, at, end - at, {
          display: `${name} (no room for its length octet)`,
          children: [field(OPTION_TYPE, bytes, at, 1)],
        }),
      );
      problems.push(
        problem(
          'error',
          'malformed',
          `IPv6 option ${name} at offset ${at} has no length octet before the header ends at ${end}`,
          { fieldId: OPTION.id, offset: at, cite: OPTIONS_CITE },
        ),
      );
      break;
    }
    const length = u8(bytes, at + 1);
    const fitsHeader = at + 2 + length <= end;
    const dataLength = fitsHeader ? length : end - at - 2;
    const children: Field[] = [field(OPTION_TYPE, bytes, at, 1), field(OPTION_LENGTH, bytes, at + 1, 1)];
    if (dataLength > 0) {
      if (type === 1) {
        const pad = field(PADN, bytes, at + 2, dataLength);
        const zero = bytes.subarray(at + 2, at + 2 + dataLength).every((b) => b === 0);
        children.push(
          zero
            ? pad
            : withProblem(
                pad,
                problem(
                  'warning',
                  'reserved-nonzero',
                  'PadN option data is not all zero: RFC 8200 §4.2 says it "consists of N-2 zero-valued octets"; the sender is out of line',
                  { fieldId: PADN.id, offset: at + 2, cite: OPTIONS_CITE },
                ),
              ),
        );
      } else {
        children.push(field(OPTION_DATA, bytes, at + 2, dataLength));
      }
    }
    let node = field(OPTION, bytes, at, 2 + dataLength, { display: `${name}, ${length} bytes`, children });
    if (!fitsHeader) {
      node = withProblem(
        node,
        problem(
          'error',
          'malformed',
          `IPv6 option ${name} says ${length} data octets, but only ${end - at - 2} are left in its header`,
          { fieldId: OPTION.id, offset: at, cite: OPTIONS_CITE },
        ),
      );
    }
    fields.push(node);
    at += 2 + dataLength;
  }
  return { fields, problems };
}

/** An extension header that does not fit in what is left: the fields that fit, the rest undecoded by the engine. */
function truncatedExtension(
  spec: FieldSpec,
  bytes: Bytes,
  at: number,
  limit: number,
  need: number,
  children: Field[],
): Extension {
  const length = Math.max(0, Math.min(need, limit - at));
  // Bytes of the header after its last readable field (a field cut in two) stay inside it, undecoded.
  const read = children.reduce((end, f) => Math.max(end, f.offset + f.length), at);
  return {
    field: field(spec, bytes, at, length, {
      display: `${length} of ${need} bytes`,
      children: [...children, ...undecoded(UNDECODED, bytes, read, at + length)],
    }),
    problems: [
      problem(
        'warning',
        'truncated',
        `${spec.label} cut short: it needs ${need} bytes from offset ${at}, only ${limit - at} are present`,
        { fieldId: spec.id, offset: at, cite: spec.cite },
      ),
    ],
    end: at + length,
  };
}

function optionsExtension(header: typeof HOPOPTS, bytes: Bytes, at: number, limit: number): Extension {
  const fixed = readFixed([header.nxt, header.len], bytes, at, limit);
  if (fixed.missing) return truncatedExtension(header.node, bytes, at, limit, 8, fixed.fields);
  const next = u8(bytes, at);
  const length = (u8(bytes, at + 1) + 1) * 8;
  if (at + length > limit)
    return truncatedExtension(header.node, bytes, at, limit, length, [
      ...fixed.fields,
      ...readOptions(bytes, at + 2, limit).fields,
    ]);
  const options = readOptions(bytes, at + 2, at + length);
  const [nxt, len] = fixed.fields as [Field, Field];
  const lenField = { ...len, display: `${len.value} (${length} bytes)` };
  return {
    field: field(header.node, bytes, at, length, {
      display: `${length} bytes, next header ${NEXT_HEADERS[next] ?? next} (${next})`,
      children: [nxt, lenField, ...options.fields],
    }),
    problems: options.problems,
    next,
    end: at + length,
  };
}

function routingExtension(bytes: Bytes, at: number, limit: number): Extension {
  const fixed = readFixed(ROUTING_HEADER.fixed, bytes, at, limit);
  if (fixed.missing) return truncatedExtension(ROUTING_HEADER.node, bytes, at, limit, 8, fixed.fields);
  const next = u8(bytes, at);
  const length = (u8(bytes, at + 1) + 1) * 8;
  const type = u8(bytes, at + 2);
  const dataEnd = Math.min(at + length, limit);
  const children = [
    ...fixed.fields,
    ...(dataEnd > at + 4 ? [field(ROUTING_HEADER.data, bytes, at + 4, dataEnd - at - 4)] : []),
  ];
  if (at + length > limit) return truncatedExtension(ROUTING_HEADER.node, bytes, at, limit, length, children);
  const problems: Problem[] = [];
  if (type === 0) {
    problems.push(
      problem(
        'warning',
        'unexpected-value',
        'Routing header type 0 was deprecated by RFC 5095 (a traffic amplification risk): nodes must not send it, and process it as an unrecognised type',
        { fieldId: 'ipv6.routing.type', offset: at + 2, cite: ROUTING },
      ),
    );
  }
  return {
    field: field(ROUTING_HEADER.node, bytes, at, length, {
      display: `${length} bytes, type ${type}, next header ${NEXT_HEADERS[next] ?? next} (${next})`,
      children,
    }),
    problems,
    next,
    end: at + length,
  };
}

function fragmentExtension(bytes: Bytes, at: number, limit: number): Extension {
  const fixed = readFixed(FRAGMENT_HEADER.fixed, bytes, at, limit);
  if (fixed.missing) return truncatedExtension(FRAGMENT_HEADER.node, bytes, at, limit, 8, fixed.fields);
  const next = u8(bytes, at);
  const offset = find(fixed.fields, 'ipv6.fraghdr.offset')!.value as number;
  const more = find(fixed.fields, 'ipv6.fraghdr.more')!.value === 1;
  const ident = uint(bytes, at + 4, 4);
  // An "atomic fragment" (offset 0, M = 0) is a whole packet: its payload is the upper layer as usual.
  const fragment = offset !== 0 || more ? { offset, more, ident, next } : undefined;
  return {
    field: field(FRAGMENT_HEADER.node, bytes, at, 8, {
      display: `offset ${offset * 8}, ${more ? 'more fragments' : 'last fragment'}, ident ${hexNumber(ident, 8)}`,
      children: fixed.fields,
    }),
    problems: [],
    next,
    end: at + 8,
    ...(fragment ? { fragment } : {}),
  };
}

const dissect: Dissector = ({ bytes, offset, end }) => {
  const fixed = readFixed(IPV6_FIELDS, bytes, offset, end);
  let fields = fixed.fields;
  if (fixed.missing) {
    return {
      fields,
      problems: [truncatedAt(fixed.missing, offset, end, 'IPv6 header (40 bytes)')],
      summary: 'Internet Protocol Version 6 (truncated)',
      end,
    };
  }
  const problems: Problem[] = [];
  const src = String(find(fields, 'ipv6.src')!.value);
  const dst = String(find(fields, 'ipv6.dst')!.value);
  const payloadLength = find(fields, 'ipv6.plen')!.value as number;
  const summary = `Internet Protocol Version 6, Src: ${src}, Dst: ${dst}`;
  const addresses = { source: src, destination: dst };
  const context = { ipv6: { src: slice(bytes, offset + 8, 16), dst: slice(bytes, offset + 24, 16) }, ipv4: undefined };

  let payloadEnd = offset + HEADER_LENGTH + payloadLength;
  if (payloadLength === 0 && end > offset + HEADER_LENGTH) {
    // A jumbogram (RFC 2675) or a segment captured before TCP segmentation offload filled the length in.
    fields = updateField(fields, 'ipv6.plen', (f) =>
      withProblem(
        f,
        problem(
          'note',
          'unexpected-value',
          'Payload length is 0 but bytes follow: a Jumbo Payload (RFC 2675) or a packet captured before segmentation offload set the length; the rest of the frame is taken as the payload',
          { fieldId: 'ipv6.plen', offset: offset + 4, cite: HEADER },
        ),
      ),
    );
    payloadEnd = end;
  } else if (payloadEnd > end) {
    fields = updateField(fields, 'ipv6.plen', (f) =>
      withProblem(
        f,
        problem(
          'warning',
          'truncated',
          `Payload length says ${payloadLength} bytes after the header, only ${end - offset - HEADER_LENGTH} are present: the packet was cut short (capture snap length, or an incomplete paste)`,
          { fieldId: 'ipv6.plen', offset: offset + 4, cite: HEADER },
        ),
      ),
    );
    payloadEnd = end;
  }

  // The extension header chain.
  let next = find(fields, 'ipv6.nxt')!.value as number;
  let at = offset + HEADER_LENGTH;
  let fragment: Extension['fragment'];
  while (at < payloadEnd && !fragment) {
    let extension: Extension;
    if (next === HOP_BY_HOP_NH) extension = optionsExtension(HOPOPTS, bytes, at, payloadEnd);
    else if (next === DESTINATION_NH) extension = optionsExtension(DSTOPTS, bytes, at, payloadEnd);
    else if (next === ROUTING_NH) extension = routingExtension(bytes, at, payloadEnd);
    else if (next === FRAGMENT_NH) extension = fragmentExtension(bytes, at, payloadEnd);
    else break;
    if (next === HOP_BY_HOP_NH && at !== offset + HEADER_LENGTH) {
      extension = {
        ...extension,
        problems: [
          ...extension.problems,
          problem(
            'error',
            'malformed',
            'A Hop-by-Hop Options header after another extension header: RFC 8200 §4.1 restricts it to immediately after the IPv6 header',
            { fieldId: HOPOPTS.node.id, offset: at, cite: ORDER },
          ),
        ],
      };
    }
    fields = [...fields, extension.field];
    problems.push(...extension.problems);
    if (extension.next === undefined) return { fields, problems, summary, addresses, end: extension.end, context };
    next = extension.next;
    at = extension.end;
    fragment = extension.fragment;
  }

  if (fragment) {
    const info = `IPv6 fragment (off=${fragment.offset * 8} more=${fragment.more ? 'y' : 'n'} ident=${hexNumber(fragment.ident, 8)} nxt=${fragment.next})`;
    return {
      fields,
      problems,
      summary,
      info,
      addresses,
      end: payloadEnd,
      payload: { offset: at, end: payloadEnd },
      context,
    };
  }
  if (next === NO_NEXT_HEADER) {
    const rest = at < payloadEnd ? [field(PAYLOAD_AFTER_NO_NEXT, bytes, at, payloadEnd - at)] : [];
    return { fields: [...fields, ...rest], problems, summary, addresses, end: payloadEnd, context };
  }
  return {
    fields,
    problems,
    summary,
    addresses,
    end: payloadEnd,
    payload: { offset: at, end: payloadEnd, next: { table: 'ip.proto', keys: [next] } },
    context,
  };
};

export const ipv6: Protocol = { protocol: 'ipv6', dissect };
