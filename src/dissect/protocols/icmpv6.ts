// ICMPv6, RFC 4443 §2.1 "Message General Format", Next Header 58:
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |     Type      |     Code      |          Checksum             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                                                               |
//   +                         Message Body                          +
//
// The checksum covers the IPv6 pseudo-header (RFC 8200 §8.1, Next Header 58) and the message (RFC 4443 §2.3); no stack
// leaves it to a network card. Decoded bodies: the error messages (RFC 4443 §3), echo (§4), Neighbor Discovery
// (RFC 4861 §4: router and neighbor solicitation and advertisement, redirect, and their options), MLD (RFC 2710 §3)
// and the MLDv2 report and query (RFC 3810 §5). What an error quotes, an echo's data and the bodies of other types
// stay data. The Info column is tshark's, without what needs the IP header or the whole capture (", hop limit=64",
// "(reply in 5)").
import { citing, type Cite, type Documents } from '../cite';
import { compiled, numberAt, numberIn } from '../build';
import type { Dissector, Protocol } from '../dissector';
import type { Problem } from '../model';
import type { FieldSpec, ProtocolTable } from '../spec';
import { onesComplementSum, type Bytes } from '../reader';
import type { LayerSink } from '../sink';
import { layoutSize, problem, quoting, truncatedAt, truncatedHeader } from './common';
import { emitChecksum, statusSpec, verificationOf } from './internet-checksum';
import { hexDigits } from '../format';

export const ICMPV6_DOCUMENTS = {
  'RFC 4443': {
    title: 'Internet Control Message Protocol (ICMPv6) for the Internet Protocol Version 6 (IPv6)',
    rfc: 4443,
  },
  'RFC 4861': { title: 'Neighbor Discovery for IP version 6 (IPv6)', rfc: 4861 },
  'RFC 4191': { title: 'Default Router Preferences and More-Specific Routes', rfc: 4191 },
  'RFC 2710': { title: 'Multicast Listener Discovery (MLD) for IPv6', rfc: 2710 },
  'RFC 3810': { title: 'Multicast Listener Discovery Version 2 (MLDv2) for IPv6', rfc: 3810 },
  'IANA ICMPv6 parameters': {
    title:
      'Internet Control Message Protocol version 6 (ICMPv6) Parameters: types, codes, ND option types and flags (IANA registry)',
    url: 'https://www.iana.org/assignments/icmpv6-parameters/icmpv6-parameters.xhtml',
    whole: true,
  },
} as const satisfies Documents;
const cite = citing(ICMPV6_DOCUMENTS);

const GENERAL = cite('RFC 4443', '2.1');
const CHECKSUM_CALCULATION = cite('RFC 4443', '2.3');
const UNREACHABLE = cite('RFC 4443', '3.1');
const TOO_BIG = cite('RFC 4443', '3.2');
const EXCEEDED = cite('RFC 4443', '3.3');
const PARAMETER = cite('RFC 4443', '3.4');
const ECHO = cite('RFC 4443', '4.1');
const RS = cite('RFC 4861', '4.1');
const RA = cite('RFC 4861', '4.2');
const NS = cite('RFC 4861', '4.3');
const NA = cite('RFC 4861', '4.4');
const REDIRECT = cite('RFC 4861', '4.5');
const OPTIONS = cite('RFC 4861', '4.6');
const LINK_LAYER = cite('RFC 4861', '4.6.1');
const PREFIX = cite('RFC 4861', '4.6.2');
const MTU_OPTION = cite('RFC 4861', '4.6.4');
const REGISTRY = cite('IANA ICMPv6 parameters', '');
const MLD = cite('RFC 2710', '3');
const MLD2_QUERY = cite('RFC 3810', '5.1');
const MLD2_REPORT = cite('RFC 3810', '5.2');
const MLD2_RECORD = cite('RFC 3810', '5.2.4');

const T = {
  unreachable: 1,
  tooBig: 2,
  exceeded: 3,
  parameter: 4,
  echoRequest: 128,
  echoReply: 129,
  mldQuery: 130,
  mldReport: 131,
  mldDone: 132,
  rs: 133,
  ra: 134,
  ns: 135,
  na: 136,
  redirect: 137,
  mld2Report: 143,
} as const;

/** Type names as tshark writes them (IANA's registry, in Wireshark's words). */
const TYPES: Readonly<Record<number, string>> = {
  1: 'Destination Unreachable',
  2: 'Packet Too Big',
  3: 'Time Exceeded',
  4: 'Parameter Problem',
  100: 'Private experimentation',
  101: 'Private experimentation',
  127: 'Reserved for expansion of ICMPv6 error messages',
  128: 'Echo (ping) request',
  129: 'Echo (ping) reply',
  130: 'Multicast Listener Query',
  131: 'Multicast Listener Report',
  132: 'Multicast Listener Done',
  133: 'Router Solicitation',
  134: 'Router Advertisement',
  135: 'Neighbor Solicitation',
  136: 'Neighbor Advertisement',
  137: 'Redirect',
  138: 'Router Renumbering',
  139: 'Node Information Query',
  140: 'Node Information Reply',
  141: 'Inverse Neighbor Discovery Solicitation',
  142: 'Inverse Neighbor Discovery Advertisement',
  143: 'Multicast Listener Report Message v2',
  144: 'Home Agent Address Discovery Request',
  145: 'Home Agent Address Discovery Reply',
  146: 'Mobile Prefix Solicitation',
  147: 'Mobile Prefix Advertisement',
  148: 'Certification Path Solicitation',
  149: 'Certification Path Advertisement',
  150: 'Experimental Mobility',
  151: 'Multicast Router Advertisement',
  152: 'Multicast Router Solicitation',
  153: 'Multicast Router Termination',
  154: 'FMIPv6',
  155: 'RPL Control',
  156: 'Locator Update',
  157: 'Duplicate Address Request',
  158: 'Duplicate Address Confirmation',
  159: 'MPL Control Message',
  160: 'Extended Echo request',
  161: 'Extended Echo reply',
  200: 'Private experimentation',
  201: 'Private experimentation',
  255: 'Reserved for expansion of ICMPv6 informational messages',
};

/** Code names, as tshark writes them (RFC 4443 §3.1, §3.3, §3.4 for the errors). */
const CODES: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  1: {
    0: 'no route to destination',
    1: 'Administratively prohibited',
    2: 'Beyond scope of source address',
    3: 'Address unreachable',
    4: 'Port unreachable',
    5: 'Source address failed ingress/egress policy',
    6: 'Reject route to destination',
    7: 'Error in Source Routing Header',
  },
  3: { 0: 'hop limit exceeded in transit', 1: 'fragment reassembly time exceeded' },
  138: { 0: 'Command', 1: 'Result', 255: 'Sequence number reset' },
  139: {
    0: 'Query subject = IPv6 addresses',
    1: 'Query subject = DNS name or empty',
    2: 'Query subject = IPv4 addresses',
  },
  140: { 0: 'Successful', 1: 'Refused', 2: 'Unknown query type' },
  4: {
    0: 'erroneous header field encountered',
    1: 'unrecognized Next Header type encountered',
    2: 'unrecognized IPv6 option encountered',
    3: 'IPv6 First Fragment has incomplete IPv6 Header Chain',
  },
};

/** tshark names an unknown Destination Unreachable code "Unknown", others "Unknown (n)". */
const unknownCode = (type: number, code: number): string => (type === T.unreachable ? 'Unknown' : `Unknown (${code})`);

export const ICMPV6_FIELDS = [
  {
    id: 'icmpv6.type',
    label: 'Type',
    kind: 'uint',
    at: 0,
    size: 1,
    values: TYPES,
    cite: GENERAL,
    meaning:
      'The kind of message: 1–127 errors, 128–255 informational messages (128 echo request, 135 neighbor solicitation …).',
  },
  {
    id: 'icmpv6.code',
    label: 'Code',
    kind: 'uint',
    at: 1,
    size: 1,
    cite: GENERAL,
    meaning: 'Refines the type (for destination unreachable: 4 = port unreachable …).',
  },
  {
    id: 'icmpv6.checksum',
    label: 'Checksum',
    kind: 'hex',
    at: 2,
    size: 2,
    cite: CHECKSUM_CALCULATION,
    meaning:
      "16-bit one's complement of the one's complement sum of the IPv6 pseudo-header (addresses, upper-layer length, Next Header 58; RFC 8200 §8.1) and the whole ICMPv6 message, computed with this field as zero.",
  },
] as const satisfies readonly FieldSpec[];
const [TYPE, CODE, CHECKSUM] = ICMPV6_FIELDS;

const reservedRule = (what: string, c: Cite) => ({
  expect: 0,
  severity: 'warning' as const,
  code: 'reserved-nonzero' as const,
  message: (v: number) =>
    `${what} is ${v}, not zero: "It MUST be initialized to zero by the sender and MUST be ignored by the receiver"; the sender is out of line, a receiver ignores it`,
  cite: c,
});

// Second word and bodies (offsets from the message's start).
const RESERVED_WORD = {
  id: 'icmpv6.reserved',
  label: 'Reserved',
  kind: 'bytes',
  at: 4,
  size: 4,
  cite: UNREACHABLE,
  meaning: 'Unused by this message type: initialized to zero by the sender, ignored by the receiver.',
} as const satisfies FieldSpec;
const MTU = {
  id: 'icmpv6.mtu',
  label: 'MTU',
  kind: 'uint',
  at: 4,
  size: 4,
  cite: TOO_BIG,
  meaning: 'Packet Too Big: the Maximum Transmission Unit of the next-hop link.',
} as const satisfies FieldSpec;
const POINTER = {
  id: 'icmpv6.pointer',
  label: 'Pointer',
  kind: 'uint',
  at: 4,
  size: 4,
  cite: PARAMETER,
  meaning: 'Parameter Problem: the octet offset within the invoking packet where the error was detected.',
} as const satisfies FieldSpec;
const IDENTIFIER = {
  id: 'icmpv6.echo.identifier',
  label: 'Identifier',
  kind: 'hex',
  at: 4,
  size: 2,
  cite: ECHO,
  meaning: 'Echo: helps match replies to requests.',
} as const satisfies FieldSpec;
const SEQUENCE = {
  id: 'icmpv6.echo.sequence_number',
  label: 'Sequence',
  kind: 'uint',
  at: 6,
  size: 2,
  cite: ECHO,
  meaning: 'Echo: helps match replies to requests.',
} as const satisfies FieldSpec;
const TARGET_NS = {
  id: 'icmpv6.nd.ns.target_address',
  label: 'Target Address',
  kind: 'ipv6',
  at: 8,
  size: 16,
  cite: NS,
  meaning: 'The IP address of the target of the solicitation (never a multicast address).',
} as const satisfies FieldSpec;
const NA_FLAGS = {
  id: 'icmpv6.nd.na.flag',
  label: 'Flags',
  kind: 'hex',
  at: 4,
  size: 4,
  cite: NA,
  meaning:
    'R (the sender is a router), S (sent in response to a solicitation), O (override a cached link-layer address), and 29 reserved bits.',
  bits: [
    {
      id: 'icmpv6.nd.na.flag.r',
      label: 'Router',
      kind: 'flag',
      cite: NA,
      meaning: 'R: the sender is a router.',
      mask: 0x80000000,
    },
    {
      id: 'icmpv6.nd.na.flag.s',
      label: 'Solicited',
      kind: 'flag',
      cite: NA,
      meaning: 'S: sent in response to a Neighbor Solicitation from the destination address.',
      mask: 0x40000000,
    },
    {
      id: 'icmpv6.nd.na.flag.o',
      label: 'Override',
      kind: 'flag',
      cite: NA,
      meaning: 'O: the advertisement should override an existing cache entry and update the cached link-layer address.',
      mask: 0x20000000,
    },
    {
      id: 'icmpv6.nd.na.flag.rsv',
      label: 'Reserved',
      kind: 'uint',
      cite: NA,
      meaning: 'Reserved: 29 unused bits.',
      mask: 0x1fffffff,
      reserved: true,
      rule: reservedRule('The Neighbor Advertisement reserved field', NA),
    },
  ],
} as const satisfies FieldSpec;
const TARGET_NA = {
  id: 'icmpv6.nd.na.target_address',
  label: 'Target Address',
  kind: 'ipv6',
  at: 8,
  size: 16,
  cite: NA,
  meaning:
    'For a solicited advertisement, the Target Address of the solicitation it answers; otherwise the address whose link-layer address changed.',
} as const satisfies FieldSpec;
const RA_LAYOUT = [
  {
    id: 'icmpv6.nd.ra.cur_hop_limit',
    label: 'Cur hop limit',
    kind: 'uint',
    at: 4,
    size: 1,
    cite: RA,
    meaning: 'The default Hop Limit for outgoing packets; 0 means unspecified by this router.',
  },
  {
    id: 'icmpv6.nd.ra.flag',
    label: 'Flags',
    kind: 'hex',
    at: 5,
    size: 1,
    cite: RA,
    meaning:
      'M (addresses via DHCPv6), O (other configuration via DHCPv6), H (home agent), Prf (router preference), P (proxy), 2 reserved bits.',
    bits: [
      {
        id: 'icmpv6.nd.ra.flag.m',
        label: 'Managed address configuration',
        kind: 'flag',
        cite: RA,
        meaning: 'M: addresses are available via DHCPv6.',
        mask: 0x80,
      },
      {
        id: 'icmpv6.nd.ra.flag.o',
        label: 'Other configuration',
        kind: 'flag',
        cite: RA,
        meaning: 'O: other configuration information is available via DHCPv6.',
        mask: 0x40,
      },
      {
        id: 'icmpv6.nd.ra.flag.h',
        label: 'Home Agent',
        kind: 'flag',
        cite: REGISTRY,
        meaning: 'H: the router is also a Mobile IPv6 home agent on this link.',
        mask: 0x20,
      },
      {
        id: 'icmpv6.nd.ra.flag.prf',
        label: 'Prf (Default Router Preference)',
        kind: 'uint',
        cite: cite('RFC 4191', '2.2'),
        meaning: 'Whether to prefer this router over other default routers.',
        mask: 0x18,
        values: { 0: 'Medium', 1: 'High', 2: 'Reserved', 3: 'Low' },
      },
      {
        id: 'icmpv6.nd.ra.flag.p',
        label: 'Proxy',
        kind: 'flag',
        cite: REGISTRY,
        meaning: 'P: the advertisement was sent by a Neighbor Discovery proxy.',
        mask: 0x04,
      },
      {
        id: 'icmpv6.nd.ra.flag.rsv',
        label: 'Reserved',
        kind: 'uint',
        cite: RA,
        meaning: 'Reserved: the bits no specification has taken.',
        mask: 0x03,
        reserved: true,
        rule: reservedRule('The Router Advertisement reserved bits', RA),
      },
    ],
  },
  {
    id: 'icmpv6.nd.ra.router_lifetime',
    label: 'Router lifetime (s)',
    kind: 'uint',
    at: 6,
    size: 2,
    cite: RA,
    meaning: 'The lifetime of this router as a default router, in seconds; 0: not a default router.',
  },
  {
    id: 'icmpv6.nd.ra.reachable_time',
    label: 'Reachable time (ms)',
    kind: 'uint',
    at: 8,
    size: 4,
    cite: RA,
    meaning:
      'How long a node assumes a neighbor reachable after a reachability confirmation, in milliseconds; 0: unspecified.',
  },
  {
    id: 'icmpv6.nd.ra.retrans_timer',
    label: 'Retrans timer (ms)',
    kind: 'uint',
    at: 12,
    size: 4,
    cite: RA,
    meaning: 'Time between retransmitted Neighbor Solicitations, in milliseconds; 0: unspecified.',
  },
] as const satisfies readonly FieldSpec[];
const TARGET_RD = {
  id: 'icmpv6.nd.rd.target_address',
  label: 'Target Address',
  kind: 'ipv6',
  at: 8,
  size: 16,
  cite: REDIRECT,
  meaning: 'A better first hop for the destination (or the destination itself, when it is a neighbor).',
} as const satisfies FieldSpec;
const DESTINATION_RD = {
  id: 'icmpv6.rd.na.destination_address',
  label: 'Destination Address',
  kind: 'ipv6',
  at: 24,
  size: 16,
  cite: REDIRECT,
  meaning: 'The destination that is redirected to the target.',
} as const satisfies FieldSpec;
const MLD_LAYOUT = [
  {
    id: 'icmpv6.mld.maximum_response_delay',
    label: 'Maximum Response Delay [ms]',
    kind: 'uint',
    at: 4,
    size: 2,
    cite: MLD,
    meaning: 'Query: the longest a listener may wait before reporting, in milliseconds; 0 in reports and done.',
  },
  {
    id: 'icmpv6.reserved',
    label: 'Reserved',
    kind: 'bytes',
    at: 6,
    size: 2,
    cite: MLD,
    meaning: 'Unused: initialized to zero by the sender, ignored by the receiver.',
  },
  {
    id: 'icmpv6.mld.multicast_address',
    label: 'Multicast Address',
    kind: 'ipv6',
    at: 8,
    size: 16,
    cite: MLD,
    meaning: 'The multicast address listened to (0 in a general query).',
  },
] as const satisfies readonly FieldSpec[];
const MLD2_QUERY_LAYOUT = [
  {
    id: 'icmpv6.mld.maximum_response_code',
    label: 'Maximum Response Code',
    kind: 'uint',
    at: 4,
    size: 2,
    cite: MLD2_QUERY,
    meaning:
      'The longest a listener may wait before reporting (milliseconds; values of 32768 and more are a floating-point code).',
  },
  MLD_LAYOUT[1]!,
  {
    id: 'icmpv6.mld.multicast_address',
    label: 'Multicast Address',
    kind: 'ipv6',
    at: 8,
    size: 16,
    cite: MLD2_QUERY,
    meaning: 'The multicast address queried (0 in a general query).',
  },
  {
    id: 'icmpv6.mld.flag',
    label: 'Flags',
    kind: 'hex',
    at: 24,
    size: 1,
    cite: MLD2_QUERY,
    meaning: "Four reserved bits, S (suppress router-side processing) and QRV (querier's robustness variable).",
    bits: [
      {
        id: 'icmpv6.mld.flag.reserved',
        label: 'Reserved',
        kind: 'uint',
        cite: MLD2_QUERY,
        meaning: 'Resv: four unused bits.',
        mask: 0xf0,
        reserved: true,
      },
      {
        id: 'icmpv6.mld.flag.s',
        label: 'Suppress Router-Side Processing',
        kind: 'flag',
        cite: MLD2_QUERY,
        meaning: 'S: routers hearing this query must not update their timers.',
        mask: 0x08,
      },
      {
        id: 'icmpv6.mld.flag.qrv',
        label: "QRV (Querier's Robustness Variable)",
        kind: 'uint',
        cite: MLD2_QUERY,
        meaning: "The querier's Robustness Variable (0: above 7).",
        mask: 0x07,
      },
    ],
  },
  {
    id: 'icmpv6.mld.qqi',
    label: "QQIC (Querier's Query Interval Code)",
    kind: 'uint',
    at: 25,
    size: 1,
    cite: MLD2_QUERY,
    meaning: "The querier's Query Interval, in seconds (values of 128 and more are a floating-point code).",
  },
  {
    id: 'icmpv6.mld.nb_sources',
    label: 'Number of Sources',
    kind: 'uint',
    at: 26,
    size: 2,
    cite: MLD2_QUERY,
    meaning: 'How many source addresses follow.',
  },
] as const satisfies readonly FieldSpec[];
const MLD2_SOURCE = {
  id: 'icmpv6.mld.source_address',
  label: 'Source Address',
  kind: 'ipv6',
  size: 16,
  cite: MLD2_QUERY,
  meaning: 'A source the query is about.',
} as const satisfies FieldSpec;
const MLD2_REPORT_LAYOUT = [
  {
    id: 'icmpv6.reserved',
    label: 'Reserved',
    kind: 'bytes',
    at: 4,
    size: 2,
    cite: MLD2_REPORT,
    meaning: 'Unused: initialized to zero by the sender, ignored by the receiver.',
  },
  {
    id: 'icmpv6.mldr.nb_mcast_records',
    label: 'Number of Multicast Address Records',
    kind: 'uint',
    at: 6,
    size: 2,
    cite: MLD2_REPORT,
    meaning: 'How many multicast address records follow.',
  },
] as const satisfies readonly FieldSpec[];
const RECORD_TYPES: Readonly<Record<number, string>> = {
  1: 'Include',
  2: 'Exclude',
  3: 'Changed to include',
  4: 'Changed to exclude',
  5: 'Allow new sources',
  6: 'Block old sources',
};
const RECORD = {
  id: 'icmpv6.mldr.mar',
  label: 'Multicast Address Record',
  kind: 'none',
  cite: MLD2_RECORD,
  meaning: 'One multicast address the sender listens to, and to which sources.',
} as const satisfies FieldSpec;
const RECORD_LAYOUT = [
  {
    id: 'icmpv6.mldr.mar.record_type',
    label: 'Record Type',
    kind: 'uint',
    at: 0,
    size: 1,
    cite: MLD2_RECORD,
    meaning:
      'Current state (1 include, 2 exclude), filter mode change (3, 4) or source list change (5 allow, 6 block).',
    values: RECORD_TYPES,
  },
  {
    id: 'icmpv6.mldr.mar.aux_data_len',
    label: 'Aux Data Len',
    kind: 'uint',
    at: 1,
    size: 1,
    cite: MLD2_RECORD,
    meaning: 'The length of the auxiliary data at the end of the record, in 32-bit words.',
  },
  {
    id: 'icmpv6.mldr.mar.nb_sources',
    label: 'Number of Sources',
    kind: 'uint',
    at: 2,
    size: 2,
    cite: MLD2_RECORD,
    meaning: 'How many source addresses the record lists.',
  },
  {
    id: 'icmpv6.mldr.mar.multicast_address',
    label: 'Multicast Address',
    kind: 'ipv6',
    at: 4,
    size: 16,
    cite: MLD2_RECORD,
    meaning: 'The multicast address the record is about.',
  },
] as const satisfies readonly FieldSpec[];
const RECORD_SOURCE = {
  id: 'icmpv6.mldr.mar.source_address',
  label: 'Source Address',
  kind: 'ipv6',
  size: 16,
  cite: MLD2_RECORD,
  meaning: 'A source the record lists.',
} as const satisfies FieldSpec;
const AUX_DATA = {
  id: 'icmpv6.mldr.mar.auxiliary_data',
  label: 'Auxiliary Data',
  kind: 'bytes',
  cite: MLD2_RECORD,
  meaning: 'Auxiliary data (none defined by MLDv2).',
} as const satisfies FieldSpec;

// Neighbor Discovery options (RFC 4861 §4.6): type, length in units of 8 octets, then the type's fields.
const OPTION = {
  id: 'icmpv6.opt',
  label: 'ICMPv6 Option',
  kind: 'none',
  cite: OPTIONS,
  meaning: 'One Neighbor Discovery option: type, length in units of 8 octets, value.',
} as const satisfies FieldSpec;
const OPTION_TYPES: Readonly<Record<number, string>> = {
  1: 'Source link-layer address',
  2: 'Target link-layer address',
  3: 'Prefix information',
  4: 'Redirected header',
  5: 'MTU',
  6: 'NBMA Shortcut Limit Option',
  7: 'Advertisement Interval',
  8: 'Home Agent Information',
  9: 'Source Address List',
  10: 'Target Address List',
  11: 'CGA',
  12: 'RSA Signature',
  13: 'Timestamp',
  14: 'Nonce',
  15: 'Trust Anchor',
  16: 'Certificate',
  17: 'IP Address/Prefix Option',
  18: 'New Router Prefix Information',
  19: 'Link-layer Address',
  20: 'Neighbor Advertisement Acknowledgment',
  23: 'MAP',
  24: 'Route Information',
  25: 'Recursive DNS Server',
  26: 'RA Flags Extension',
  31: 'DNS Search List Option',
  37: 'DHCP Captive-Portal',
  38: 'PREF64 Option',
};
const OPTION_HEADER = [
  {
    id: 'icmpv6.opt.type',
    label: 'Type',
    kind: 'uint',
    at: 0,
    size: 1,
    cite: OPTIONS,
    meaning:
      'The option type (1 source link-layer address, 2 target link-layer address, 3 prefix information, 5 MTU …).',
    values: OPTION_TYPES,
  },
  {
    id: 'icmpv6.opt.length',
    label: 'Length',
    kind: 'uint',
    at: 1,
    size: 1,
    cite: OPTIONS,
    meaning: 'The length of the option, type and length octets included, in units of 8 octets; 0 is invalid.',
  },
] as const satisfies readonly FieldSpec[];
const [OPTION_TYPE, OPTION_LENGTH] = OPTION_HEADER;
const LINK_ADDRESS = {
  id: 'icmpv6.opt.linkaddr',
  label: 'Link-layer address',
  kind: 'mac',
  at: 2,
  size: 6,
  cite: LINK_LAYER,
  meaning: 'The link-layer address of the sender (source option) or of the target (target option).',
} as const satisfies FieldSpec;
const SOURCE_LINK_ADDRESS = {
  id: 'icmpv6.opt.src_linkaddr',
  label: 'Source Link-layer address',
  kind: 'mac',
  at: 2,
  size: 6,
  cite: LINK_LAYER,
  meaning: 'The link-layer address of the sender of the packet (the same octets, named for the source option).',
} as const satisfies FieldSpec;
const TARGET_LINK_ADDRESS = {
  id: 'icmpv6.opt.target_linkaddr',
  label: 'Target Link-layer address',
  kind: 'mac',
  at: 2,
  size: 6,
  cite: LINK_LAYER,
  meaning: 'The link-layer address of the target (the same octets, named for the target option).',
} as const satisfies FieldSpec;
const PREFIX_LAYOUT = [
  {
    id: 'icmpv6.opt.prefix.length',
    label: 'Prefix Length',
    kind: 'uint',
    at: 2,
    size: 1,
    cite: PREFIX,
    meaning: 'How many leading bits of the prefix are valid (0 to 128).',
  },
  {
    id: 'icmpv6.opt.prefix.flag',
    label: 'Flag',
    kind: 'hex',
    at: 3,
    size: 1,
    cite: PREFIX,
    meaning: 'L (on-link), A (autonomous address configuration), R (router address), 5 reserved bits.',
    bits: [
      {
        id: 'icmpv6.opt.prefix.flag.l',
        label: 'On-link flag(L)',
        kind: 'flag',
        cite: PREFIX,
        meaning: 'L: the prefix can be used for on-link determination.',
        mask: 0x80,
      },
      {
        id: 'icmpv6.opt.prefix.flag.a',
        label: 'Autonomous address-configuration flag(A)',
        kind: 'flag',
        cite: PREFIX,
        meaning: 'A: the prefix can be used for stateless address configuration.',
        mask: 0x40,
      },
      {
        id: 'icmpv6.opt.prefix.flag.r',
        label: 'Router address flag(R)',
        kind: 'flag',
        cite: REGISTRY,
        meaning: 'R: the Prefix field holds a complete address of the sending router.',
        mask: 0x20,
      },
      {
        id: 'icmpv6.opt.prefix.flag.reserved',
        label: 'Reserved',
        kind: 'uint',
        cite: PREFIX,
        meaning: 'Reserved1: the bits no specification has taken.',
        mask: 0x1f,
        reserved: true,
        rule: reservedRule('The prefix information reserved bits', PREFIX),
      },
    ],
  },
  {
    id: 'icmpv6.opt.prefix.valid_lifetime',
    label: 'Valid Lifetime',
    kind: 'uint',
    at: 4,
    size: 4,
    cite: PREFIX,
    meaning: 'How long the prefix is valid for on-link determination, in seconds (0xffffffff: infinity).',
  },
  {
    id: 'icmpv6.opt.prefix.preferred_lifetime',
    label: 'Preferred Lifetime',
    kind: 'uint',
    at: 8,
    size: 4,
    cite: PREFIX,
    meaning: 'How long addresses made from the prefix stay preferred, in seconds (0xffffffff: infinity).',
  },
  {
    id: 'icmpv6.opt.reserved',
    label: 'Reserved',
    kind: 'none',
    at: 12,
    size: 4,
    cite: PREFIX,
    meaning: 'Reserved2: initialized to zero by the sender, ignored by the receiver.',
  },
  {
    id: 'icmpv6.opt.prefix',
    label: 'Prefix',
    kind: 'ipv6',
    at: 16,
    size: 16,
    cite: PREFIX,
    meaning: 'An IP address or the prefix of one; bits past the prefix length are zero.',
  },
] as const satisfies readonly FieldSpec[];
const MTU_LAYOUT = [
  {
    id: 'icmpv6.opt.reserved',
    label: 'Reserved',
    kind: 'none',
    at: 2,
    size: 2,
    cite: MTU_OPTION,
    meaning: 'Initialized to zero by the sender, ignored by the receiver.',
  },
  {
    id: 'icmpv6.opt.mtu',
    label: 'MTU',
    kind: 'uint',
    at: 4,
    size: 4,
    cite: MTU_OPTION,
    meaning: 'The recommended MTU for the link.',
  },
] as const satisfies readonly FieldSpec[];
const UNKNOWN_DATA = {
  id: 'icmpv6.unknown_data',
  label: 'Unknown Data',
  kind: 'bytes',
  cite: OPTIONS,
  meaning: 'The value of an option framescope does not decode.',
} as const satisfies FieldSpec;

const CHECKSUM_CALCULATED: FieldSpec = {
  id: 'icmpv6.checksum_calculated',
  label: 'Calculated Checksum',
  kind: 'hex',
  cite: CHECKSUM_CALCULATION,
  meaning: 'The checksum framescope computed over pseudo-header and message as captured (generated; not in the bytes).',
} as const satisfies FieldSpec;
const CHECKSUM_STATUS = statusSpec('icmpv6.checksum.status', 'Checksum Status', CHECKSUM_CALCULATION);
const CHECKSUM_SPECS = {
  checksum: CHECKSUM,
  calculated: CHECKSUM_CALCULATED,
  status: CHECKSUM_STATUS,
  what: 'ICMPv6 checksum',
  mismatch: (dataBytes: number) =>
    ` over pseudo-header and the ${dataBytes + 4}-byte message: it was altered after the sender computed it, or the sender computed it wrongly`,
};

/** The fixed part after the checksum, by type; options or records follow it where the type has them. */
const BODIES: ReadonlyMap<number, readonly FieldSpec[]> = new Map<number, readonly FieldSpec[]>([
  [T.unreachable, [RESERVED_WORD]],
  [T.tooBig, [MTU]],
  [T.exceeded, [{ ...RESERVED_WORD, cite: EXCEEDED }]],
  [T.parameter, [POINTER]],
  [T.echoRequest, [IDENTIFIER, SEQUENCE]],
  [T.echoReply, [IDENTIFIER, SEQUENCE]],
  [T.mldReport, MLD_LAYOUT],
  [T.mldDone, MLD_LAYOUT],
  [T.rs, [{ ...RESERVED_WORD, cite: RS }]],
  [T.ra, RA_LAYOUT],
  [T.ns, [{ ...RESERVED_WORD, cite: NS }, TARGET_NS]],
  [T.na, [NA_FLAGS, TARGET_NA]],
  [T.redirect, [{ ...RESERVED_WORD, cite: REDIRECT }, TARGET_RD, DESTINATION_RD]],
  [T.mld2Report, MLD2_REPORT_LAYOUT],
]);
/** The types whose body ends in Neighbor Discovery options. */
const WITH_OPTIONS = new Set<number>([T.rs, T.ra, T.ns, T.na, T.redirect]);

export const ICMPV6_TABLE: ProtocolTable = {
  protocol: 'icmpv6',
  name: 'Internet Control Message Protocol v6',
  layouts: [
    ICMPV6_FIELDS,
    ...BODIES.values(),
    MLD2_QUERY_LAYOUT,
    RECORD_LAYOUT,
    OPTION_HEADER,
    PREFIX_LAYOUT,
    MTU_LAYOUT,
  ],
  fields: [
    ...ICMPV6_FIELDS,
    CHECKSUM_CALCULATED,
    CHECKSUM_STATUS,
    RESERVED_WORD,
    MTU,
    POINTER,
    IDENTIFIER,
    SEQUENCE,
    ...RA_LAYOUT,
    TARGET_NS,
    NA_FLAGS,
    TARGET_NA,
    TARGET_RD,
    DESTINATION_RD,
    ...MLD_LAYOUT,
    ...MLD2_QUERY_LAYOUT,
    MLD2_SOURCE,
    ...MLD2_REPORT_LAYOUT,
    RECORD,
    ...RECORD_LAYOUT,
    RECORD_SOURCE,
    AUX_DATA,
    OPTION,
    ...OPTION_HEADER,
    LINK_ADDRESS,
    SOURCE_LINK_ADDRESS,
    TARGET_LINK_ADDRESS,
    ...PREFIX_LAYOUT,
    ...MTU_LAYOUT,
    UNKNOWN_DATA,
  ],
};

const HEADER_LENGTH = 4;
const IP_PROTO_ICMPV6 = 58;
/** RFC 3810 §8.1: a query of exactly 24 octets is MLDv1; one of 28 or more is MLDv2. */
const MLD1_LENGTH = 24;
const MLD2_QUERY_LENGTH = 28;

const macAt = (bytes: Bytes, offset: number): string => String(compiled(LINK_ADDRESS).value(bytes, offset, 6));

/** What the options said that the Info column repeats. */
interface OptionFacts {
  sourceLinkAddress?: string;
  targetLinkAddress?: string;
}

/** Neighbor Discovery options over [start, end): each an `icmpv6.opt` with its type, length and value. */
function emitOptions(out: LayerSink, bytes: Bytes, start: number, end: number, problems: Problem[]): OptionFacts {
  const facts: OptionFacts = {};
  let at = start;
  while (at < end) {
    if (at + 2 > end) {
      problems.push(truncatedAt(OPTION_LENGTH, at, end, 'Neighbor Discovery option'));
      out.field(OPTION_TYPE, at, 1);
      return facts;
    }
    const type = numberAt(OPTION_TYPE, bytes, at);
    const units = numberAt(OPTION_LENGTH, bytes, at);
    const length = units * 8;
    const span = length === 0 ? end - at : Math.min(length, end - at);
    const name = OPTION_TYPES[type] ?? `Unknown (${type})`;
    const linkLayer = (type === 1 || type === 2) && length === 8;
    const ref = out.open(
      OPTION,
      at,
      span,
      out.tree ? { display: linkLayer && span === 8 ? `${name} : ${macAt(bytes, at + 2)}` : name } : undefined,
    );
    out.field(OPTION_TYPE, at, 1);
    out.field(OPTION_LENGTH, at + 1, 1, out.tree ? { display: `${units} (${length} bytes)` } : undefined);
    if (length === 0) {
      out.close();
      out.problem(
        ref,
        problem(
          'error',
          'malformed',
          `Neighbor Discovery option of type ${type} has length 0: "Nodes MUST silently discard an ND packet that contains an option with length zero" (RFC 4861 §4.6); the rest of the message cannot be read as options`,
          { fieldId: OPTION_LENGTH.id, offset: at + 1, cite: OPTIONS },
        ),
      );
      if (at + 2 < end) out.field(UNKNOWN_DATA, at + 2, end - at - 2);
      return facts;
    }
    const layout = linkLayer
      ? undefined
      : type === 3 && length === 32
        ? PREFIX_LAYOUT
        : type === 5 && length === 8
          ? MTU_LAYOUT
          : undefined;
    if (linkLayer && span === 8) {
      const mac = macAt(bytes, at + 2);
      out.open(LINK_ADDRESS, at + 2, 6);
      out.field(type === 1 ? SOURCE_LINK_ADDRESS : TARGET_LINK_ADDRESS, at + 2, 6);
      out.close();
      if (type === 1) facts.sourceLinkAddress ??= mac;
      else facts.targetLinkAddress ??= mac;
    } else if (layout && span === length) {
      out.fixed(layout, at, at + span);
    } else if (span > 2) {
      out.field(UNKNOWN_DATA, at + 2, span - 2);
    }
    out.close();
    if (length > end - at)
      problems.push(
        problem(
          'warning',
          'truncated',
          `Neighbor Discovery option of type ${type} says ${length} bytes, ${end - at} are left in the message`,
          { fieldId: OPTION_LENGTH.id, offset: at + 1, cite: OPTIONS },
        ),
      );
    at += span;
  }
  return facts;
}

/** MLDv2 report records (RFC 3810 §5.2.4) from `start`, as many as the count says and the bytes hold. */
function emitRecords(
  out: LayerSink,
  bytes: Bytes,
  start: number,
  end: number,
  count: number,
  problems: Problem[],
): number {
  let at = start;
  for (let i = 0; i < count; i++) {
    if (at + 20 > end) {
      problems.push(
        truncatedAt(
          RECORD_LAYOUT[at + 4 > end ? 0 : 3]!,
          at,
          end,
          `MLDv2 multicast address record ${i + 1} of ${count}`,
        ),
      );
      return at;
    }
    const type = numberAt(RECORD_LAYOUT[0]!, bytes, at);
    const aux = numberAt(RECORD_LAYOUT[1]!, bytes, at) * 4;
    const sources = numberAt(RECORD_LAYOUT[2]!, bytes, at);
    const recordEnd = Math.min(end, at + 20 + sources * 16 + aux);
    const address = String(compiled(RECORD_LAYOUT[3]!).value(bytes, at + 4, 16));
    out.open(
      RECORD,
      at,
      recordEnd - at,
      out.tree ? { display: `${RECORD_TYPES[type] ?? 'Unknown'}: ${address}` } : undefined,
    );
    out.fixed(RECORD_LAYOUT, at, end);
    let p = at + 20;
    for (let s = 0; s < sources && p + 16 <= recordEnd; s++, p += 16) out.field(RECORD_SOURCE, p, 16);
    if (aux > 0 && p < recordEnd) out.field(AUX_DATA, p, recordEnd - p);
    out.close();
    if (at + 20 + sources * 16 + aux > end) {
      problems.push(
        problem(
          'warning',
          'truncated',
          `MLDv2 multicast address record ${i + 1} of ${count} lists ${sources} sources and ${aux} bytes of auxiliary data, more than the ${end - at} bytes left`,
          { offset: at, cite: MLD2_RECORD },
        ),
      );
      return recordEnd;
    }
    at = recordEnd;
  }
  return at;
}

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  if (end - offset < HEADER_LENGTH)
    return truncatedHeader(
      out,
      ICMPV6_FIELDS,
      offset,
      end,
      'ICMPv6 header (4 bytes)',
      'Internet Control Message Protocol v6 (truncated)',
    );
  const type = numberAt(TYPE, bytes, offset);
  const code = numberAt(CODE, bytes, offset);
  const typeName = TYPES[type] ?? `Unknown (${type})`;
  const codes = CODES[type];
  const codeName = codes ? (codes[code] ?? unknownCode(type, code)) : undefined;
  const length = end - offset;

  out.field(TYPE, offset, 1);
  out.field(CODE, offset + 1, 1, out.tree && codeName !== undefined ? { display: `${code} (${codeName})` } : undefined);
  const pseudo = context.ipv6;
  if (pseudo) {
    const mode = verificationOf(context);
    let calculated = 0;
    if (mode !== 'off' && mode !== 'cut') {
      let sum = onesComplementSum(pseudo.src, 0, pseudo.src.length);
      sum = onesComplementSum(pseudo.dst, 0, pseudo.dst.length, sum);
      sum = onesComplementSum(bytes, offset, 2, sum + IP_PROTO_ICMPV6 + length);
      calculated = ~onesComplementSum(bytes, offset + HEADER_LENGTH, length - HEADER_LENGTH, sum) & 0xffff;
    }
    emitChecksum(
      out,
      CHECKSUM_SPECS,
      offset,
      mode,
      numberAt(CHECKSUM, bytes, offset),
      calculated,
      undefined,
      length - HEADER_LENGTH,
    );
  } else {
    out.field(CHECKSUM, offset + CHECKSUM.at, CHECKSUM.size);
  }

  const problems: Problem[] = [];
  const what = `ICMPv6 ${typeName} message`;
  let info = codeName !== undefined ? `${typeName} (${codeName})` : typeName;
  let body = BODIES.get(type);
  // MLD queries: version 1 is exactly 24 octets, version 2 at least 28 (RFC 3810 §8.1).
  if (type === T.mldQuery)
    body = length === MLD1_LENGTH ? MLD_LAYOUT : length >= MLD2_QUERY_LENGTH ? MLD2_QUERY_LAYOUT : undefined;
  let bodyEnd = offset + HEADER_LENGTH;
  if (body) {
    const missing = out.fixed(body, offset, end);
    if (missing) {
      problems.push(truncatedAt(missing, offset, end, what));
      bodyEnd = end;
    } else {
      bodyEnd = offset + layoutSize(body);
    }
  }
  if (problems.length === 0) {
    if (type === T.echoRequest || type === T.echoReply) {
      info += ` id=0x${hexDigits(numberAt(IDENTIFIER, bytes, offset), 4)}, seq=${numberAt(SEQUENCE, bytes, offset)}`;
    } else if (WITH_OPTIONS.has(type)) {
      const facts = emitOptions(out, bytes, bodyEnd, end, problems);
      bodyEnd = end;
      const target = (spec: FieldSpec) => String(compiled(spec).value(bytes, offset + spec.at!, 16));
      if (type === T.rs || type === T.ra) {
        if (facts.sourceLinkAddress) info += ` from ${facts.sourceLinkAddress}`;
      } else if (type === T.ns) {
        info += ` for ${target(TARGET_NS)}`;
        if (facts.sourceLinkAddress) info += ` from ${facts.sourceLinkAddress}`;
      } else if (type === T.na) {
        const flags = numberIn(NA_FLAGS, bytes, offset + 4);
        const set = [
          flags & 0x80000000 ? 'rtr' : '',
          flags & 0x40000000 ? 'sol' : '',
          flags & 0x20000000 ? 'ovr' : '',
        ].filter(Boolean);
        info += ` ${target(TARGET_NA)}${set.length > 0 ? ` (${set.join(', ')})` : ''}`;
        if (facts.targetLinkAddress) info += ` is at ${facts.targetLinkAddress}`;
      }
    } else if (type === T.mld2Report) {
      bodyEnd = emitRecords(out, bytes, bodyEnd, end, numberAt(MLD2_REPORT_LAYOUT[1]!, bytes, offset), problems);
    } else if (type === T.mldQuery && body === MLD2_QUERY_LAYOUT) {
      const sources = numberAt(MLD2_QUERY_LAYOUT[5]!, bytes, offset);
      let p = bodyEnd;
      for (let s = 0; s < sources && p + 16 <= end; s++, p += 16) out.field(MLD2_SOURCE, p, 16);
      if (bodyEnd + sources * 16 > end)
        problems.push(
          problem(
            'warning',
            'truncated',
            `MLDv2 query lists ${sources} sources, room for ${Math.floor((end - bodyEnd) / 16)}`,
            { offset: bodyEnd, cite: MLD2_QUERY },
          ),
        );
      bodyEnd = p;
    }
  }
  return {
    problems,
    summary: 'Internet Control Message Protocol v6',
    column: 'ICMPv6',
    info,
    end,
    // An echo's data, or the body of a type framescope does not decode: data. An error message (type below 128) quotes
    // as much of the packet it concerns as fits (RFC 4443 §2.4 (c)), decoded as IP by its version nibble.
    ...(bodyEnd < end
      ? type < 128 && body !== undefined && problems.length === 0
        ? quoting(bytes, bodyEnd, end)
        : { payload: { offset: bodyEnd, end } }
      : {}),
  };
};

export const icmpv6: Protocol = { protocol: 'icmpv6', dissect };
