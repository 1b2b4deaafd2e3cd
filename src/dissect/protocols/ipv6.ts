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
import { numberAt } from '../build';
import type { Problem } from '../model';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import { slice, type Bytes } from '../reader';
import type { LayerSink } from '../sink';
import { emitUndecoded, layoutSize, problem, textAt, truncatedHeader, undecodedSpec } from './common';
import { hexNumber } from '../format';
import { namedOptionTexts, walkOptions, type OptionTable } from './options';

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

const [, , , PLEN, NXT, , SRC, DST] = IPV6_FIELDS;
const HEADER_LENGTH = layoutSize(IPV6_FIELDS);
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

const optionsHeader = (kind: 'hopopts' | 'dstopts', c: ReturnType<typeof cite>, name: string) => {
  const nxt = {
    id: `ipv6.${kind}.nxt`,
    label: 'Next Header',
    kind: 'uint',
    at: 0,
    size: 1,
    cite: c,
    values: NEXT_HEADERS,
    meaning: 'Type of the header after this one.',
  } satisfies FieldSpec;
  const len = {
    id: `ipv6.${kind}.len`,
    label: 'Length',
    kind: 'uint',
    at: 1,
    size: 1,
    cite: c,
    meaning: 'Hdr Ext Len: the header length in 8-octet units, not counting the first 8 octets.',
  } satisfies FieldSpec;
  return {
    node: {
      id: `ipv6.${kind}`,
      label: name,
      kind: 'none',
      cite: c,
      meaning: `${name} extension header: options ${kind === 'hopopts' ? 'every node on the path examines' : 'only the destination examines'}.`,
    } satisfies FieldSpec,
    nxt,
    len,
    fixed: [nxt, len],
  };
};
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
  layouts: [IPV6_FIELDS, HOPOPTS.fixed, DSTOPTS.fixed, ROUTING_HEADER.fixed, FRAGMENT_HEADER.fixed],
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

const optionName = (type: number): string => OPTION_NAMES[type] ?? `Unknown option ${hexNumber(type, 2)}`;

/** Pad1 is one octet; PadN's data must be zeros; every option is a node of the one id `ipv6.opt`. */
const OPTION_TABLE: OptionTable = {
  kind: OPTION_TYPE,
  length: OPTION_LENGTH,
  counts: 'data',
  kinds: {
    0: { node: OPTION, single: 'skip' },
    1: {
      node: OPTION,
      zeros: {
        spec: PADN,
        message:
          'PadN option data is not all zero: RFC 8200 §4.2 says it "consists of N-2 zero-valued octets"; the sender is out of line',
      },
    },
  },
  unknown: OPTION,
  data: OPTION_DATA,
  cite: OPTIONS_CITE,
  text: namedOptionTexts(
    'IPv6',
    optionName,
    (type, length, at, end) =>
      `IPv6 option ${optionName(type)} says ${length} data octets, but only ${end - at - 2} are left in its header`,
  ),
};

const [ROUTING_NXT, ROUTING_LEN, ROUTING_TYPE] = ROUTING_HEADER.fixed;
const [FRAGMENT_NXT, , FRAGMENT_OFFSET, , FRAGMENT_MORE, FRAGMENT_IDENT] = FRAGMENT_HEADER.fixed;
const OPTIONS_FIXED_SIZE = layoutSize(HOPOPTS.fixed);
const ROUTING_FIXED_SIZE = layoutSize(ROUTING_HEADER.fixed);
const FRAGMENT_SIZE = layoutSize(FRAGMENT_HEADER.fixed);
/** Every extension header is at least 8 octets long (its length counts 8-octet units after the first 8). */
const MIN_EXTENSION = 8;

/** Where an extension header ends and what it says follows. */
interface Extension {
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

/**
 * Opens an extension header of `need` bytes that does not fit in what is left (up to `limit`): the caller emits the
 * fields that fit and closes it. Its problem goes to the layer. Returns where what is here of it ends.
 */
function openCut(
  out: LayerSink,
  spec: FieldSpec,
  at: number,
  limit: number,
  need: number,
  problems: Problem[],
): number {
  const length = Math.max(0, Math.min(need, limit - at));
  out.open(spec, at, length, out.tree ? { display: `${length} of ${need} bytes` } : undefined);
  problems.push(
    problem(
      'warning',
      'truncated',
      `${spec.label} cut short: it needs ${need} bytes from offset ${at}, only ${limit - at} are present`,
      {
        fieldId: spec.id,
        offset: at,
        cite: spec.cite,
      },
    ),
  );
  return at + length;
}

/** An extension header that ends inside its fixed part: the fields that fit, then the bytes of the one cut in two. */
function cutInFixedPart(
  out: LayerSink,
  spec: FieldSpec,
  layout: readonly FieldSpec[],
  at: number,
  limit: number,
  problems: Problem[],
): Extension {
  const cutEnd = openCut(out, spec, at, limit, MIN_EXTENSION, problems);
  const missing = out.fixed(layout, at, limit)!;
  // The layouts are contiguous: the fields that fit end where the missing one starts.
  emitUndecoded(out, UNDECODED, at + missing.at!, cutEnd);
  out.close();
  return { end: cutEnd };
}

function optionsExtension(
  header: typeof HOPOPTS,
  out: LayerSink,
  bytes: Bytes,
  at: number,
  limit: number,
  problems: Problem[],
): Extension {
  if (at + OPTIONS_FIXED_SIZE > limit) return cutInFixedPart(out, header.node, header.fixed, at, limit, problems);
  const next = numberAt(header.nxt, bytes, at);
  const units = numberAt(header.len, bytes, at);
  const length = (units + 1) * 8;
  if (at + length > limit) {
    const cutEnd = openCut(out, header.node, at, limit, length, problems);
    out.fixed(header.fixed, at, limit);
    // What the options say is wrong with the list is moot: the header itself is cut short.
    walkOptions(OPTION_TABLE, out, bytes, at + OPTIONS_FIXED_SIZE, limit);
    out.close();
    return { end: cutEnd };
  }
  out.open(
    header.node,
    at,
    length,
    out.tree ? { display: `${length} bytes, next header ${NEXT_HEADERS[next] ?? next} (${next})` } : undefined,
  );
  out.field(header.nxt, at + header.nxt.at, header.nxt.size);
  out.field(
    header.len,
    at + header.len.at,
    header.len.size,
    out.tree ? { display: `${units} (${length} bytes)` } : undefined,
  );
  const cut = walkOptions(OPTION_TABLE, out, bytes, at + OPTIONS_FIXED_SIZE, at + length);
  out.close();
  if (cut) problems.push(cut);
  return { next, end: at + length };
}

function routingExtension(out: LayerSink, bytes: Bytes, at: number, limit: number, problems: Problem[]): Extension {
  if (at + ROUTING_FIXED_SIZE > limit)
    return cutInFixedPart(out, ROUTING_HEADER.node, ROUTING_HEADER.fixed, at, limit, problems);
  const next = numberAt(ROUTING_NXT, bytes, at);
  const length = (numberAt(ROUTING_LEN, bytes, at) + 1) * 8;
  const type = numberAt(ROUTING_TYPE, bytes, at);
  const dataStart = at + ROUTING_FIXED_SIZE;
  const dataEnd = Math.min(at + length, limit);
  const cut = at + length > limit;
  let end = at + length;
  if (cut) end = openCut(out, ROUTING_HEADER.node, at, limit, length, problems);
  else {
    out.open(
      ROUTING_HEADER.node,
      at,
      length,
      out.tree
        ? { display: `${length} bytes, type ${type}, next header ${NEXT_HEADERS[next] ?? next} (${next})` }
        : undefined,
    );
  }
  out.fixed(ROUTING_HEADER.fixed, at, limit);
  if (dataEnd > dataStart) out.field(ROUTING_HEADER.data, dataStart, dataEnd - dataStart);
  out.close();
  if (cut) return { end };
  if (type === 0) {
    problems.push(
      problem(
        'warning',
        'unexpected-value',
        'Routing header type 0 was deprecated by RFC 5095 (a traffic amplification risk): nodes must not send it, and process it as an unrecognised type',
        { fieldId: ROUTING_TYPE.id, offset: at + ROUTING_TYPE.at, cite: ROUTING },
      ),
    );
  }
  return { next, end };
}

function fragmentExtension(out: LayerSink, bytes: Bytes, at: number, limit: number, problems: Problem[]): Extension {
  if (at + FRAGMENT_SIZE > limit)
    return cutInFixedPart(out, FRAGMENT_HEADER.node, FRAGMENT_HEADER.fixed, at, limit, problems);
  const next = numberAt(FRAGMENT_NXT, bytes, at);
  const offset = numberAt(FRAGMENT_OFFSET, bytes, at);
  const more = numberAt(FRAGMENT_MORE, bytes, at) === 1;
  const ident = numberAt(FRAGMENT_IDENT, bytes, at);
  out.open(
    FRAGMENT_HEADER.node,
    at,
    FRAGMENT_SIZE,
    out.tree
      ? { display: `offset ${offset * 8}, ${more ? 'more fragments' : 'last fragment'}, ident ${hexNumber(ident, 8)}` }
      : undefined,
  );
  out.fixed(FRAGMENT_HEADER.fixed, at, limit);
  out.close();
  // An "atomic fragment" (offset 0, M = 0) is a whole packet: its payload is the upper layer as usual.
  return offset !== 0 || more
    ? { next, end: at + FRAGMENT_SIZE, fragment: { offset, more, ident, next } }
    : { next, end: at + FRAGMENT_SIZE };
}

const dissect: Dissector = ({ bytes, offset, end, out }) => {
  if (end - offset < HEADER_LENGTH)
    return truncatedHeader(
      out,
      IPV6_FIELDS,
      offset,
      end,
      'IPv6 header (40 bytes)',
      'Internet Protocol Version 6 (truncated)',
    );
  out.fixed(IPV6_FIELDS, offset, end);
  const problems: Problem[] = [];
  const src = textAt(SRC, bytes, offset);
  const dst = textAt(DST, bytes, offset);
  const payloadLength = numberAt(PLEN, bytes, offset);
  const summary = `Internet Protocol Version 6, Src: ${src}, Dst: ${dst}`;
  const addresses = { source: src, destination: dst };
  const ipv6 = { src: slice(bytes, offset + 8, 16), dst: slice(bytes, offset + 24, 16) };

  let payloadEnd = offset + HEADER_LENGTH + payloadLength;
  if (payloadLength === 0 && end > offset + HEADER_LENGTH) {
    // A jumbogram (RFC 2675) or a segment captured before TCP segmentation offload filled the length in.
    out.problem(
      out.refOf(PLEN),
      problem(
        'note',
        'unexpected-value',
        'Payload length is 0 but bytes follow: a Jumbo Payload (RFC 2675) or a packet captured before segmentation offload set the length; the rest of the frame is taken as the payload',
        { fieldId: PLEN.id, offset: offset + PLEN.at, cite: HEADER },
      ),
    );
    payloadEnd = end;
  } else if (payloadEnd > end) {
    out.problem(
      out.refOf(PLEN),
      problem(
        'warning',
        'truncated',
        `Payload length says ${payloadLength} bytes after the header, only ${end - offset - HEADER_LENGTH} are present: the packet was cut short (capture snap length, or an incomplete paste)`,
        { fieldId: PLEN.id, offset: offset + PLEN.at, cite: HEADER },
      ),
    );
    payloadEnd = end;
  }
  const datagramEnd = offset + HEADER_LENGTH + payloadLength;
  const context = {
    ipv6,
    ipv4: undefined,
    datagramEnd: payloadLength > 0 && datagramEnd > end ? datagramEnd : undefined,
  };

  // The extension header chain.
  let next = numberAt(NXT, bytes, offset);
  let at = offset + HEADER_LENGTH;
  let fragment: Extension['fragment'];
  while (at < payloadEnd && !fragment) {
    let extension: Extension;
    if (next === HOP_BY_HOP_NH) extension = optionsExtension(HOPOPTS, out, bytes, at, payloadEnd, problems);
    else if (next === DESTINATION_NH) extension = optionsExtension(DSTOPTS, out, bytes, at, payloadEnd, problems);
    else if (next === ROUTING_NH) extension = routingExtension(out, bytes, at, payloadEnd, problems);
    else if (next === FRAGMENT_NH) extension = fragmentExtension(out, bytes, at, payloadEnd, problems);
    else break;
    if (next === HOP_BY_HOP_NH && at !== offset + HEADER_LENGTH) {
      problems.push(
        problem(
          'error',
          'malformed',
          'A Hop-by-Hop Options header after another extension header: RFC 8200 §4.1 restricts it to immediately after the IPv6 header',
          { fieldId: HOPOPTS.node.id, offset: at, cite: ORDER },
        ),
      );
    }
    if (extension.next === undefined) return { problems, summary, addresses, end: extension.end, context };
    next = extension.next;
    at = extension.end;
    fragment = extension.fragment;
  }

  if (fragment) {
    const info = `IPv6 fragment (off=${fragment.offset * 8} more=${fragment.more ? 'y' : 'n'} ident=${hexNumber(fragment.ident, 8)} nxt=${fragment.next})`;
    return {
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
    if (at < payloadEnd) out.field(PAYLOAD_AFTER_NO_NEXT, at, payloadEnd - at);
    return { problems, summary, addresses, end: payloadEnd, context };
  }
  return {
    problems,
    summary,
    addresses,
    end: payloadEnd,
    payload: { offset: at, end: payloadEnd, next: { table: 'ip.proto', keys: [next] } },
    context,
  };
};

export const ipv6: Protocol = { protocol: 'ipv6', dissect };
