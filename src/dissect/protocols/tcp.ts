// TCP, RFC 9293 §3.1 "Header Format" (RFC 9293 replaced RFC 793 in 2022):
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |          Source Port          |       Destination Port        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                        Sequence Number                        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Acknowledgment Number                      |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  Data |       |C|E|U|A|P|R|S|F|                               |
//   | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
//   |       |       |R|E|G|K|H|T|N|N|                               |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |           Checksum            |         Urgent Pointer        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                           [Options]                           |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9293 has four reserved bits (Rsrvd). Wireshark 4.0 splits them into `tcp.flags.res` (3 bits) and
// `tcp.flags.ae` (Accurate ECN, an experimental draft); we follow the RFC with one field, `tcp.reserved`.
import type { FieldId } from '../field-ids';
import { cite } from '../cite';
import { numberAt } from '../build';
import type { Problem } from '../model';
import type { Context, Dissector, LayerOutput, Next, Protocol, TcpFacts, TcpSegmentHeader } from '../dissector';
import { loneFacts } from '../stream/tcp-facts';
import type { FieldSpec, ProtocolTable } from '../spec';
import { foldSum, onesComplementSum, type Bytes } from '../reader';
import type { LayerSink } from '../sink';
import {
  displayIn,
  generatedNumber,
  generatedNode,
  layoutSize,
  numberReader,
  problem,
  seconds,
  truncatedHeader,
} from './common';
import { hexNumber } from '../format';
import { emitChecksum, NDIS_CHECKSUM, OFFLOAD, offloadedSpec, statusSpec, type Offload } from './internet-checksum';
import { verificationOf } from './internet-checksum';
import { emitOptionArea, type OptionKind, type OptionTable } from './options';
import { analysisInfo, emitAnalysis, TCP_ANALYSIS_FIELDS } from './tcp-analysis';

const HEADER = cite('RFC 9293', '3.1');
const OPTIONS_CITE = cite('RFC 9293', '3.2');

/** The control bits of the flags octet (offset 13), RFC 9293 §3.1 and RFC 3168 §6.1 for CWR and ECE. */
export const TCP_FLAG = {
  CWR: 0x80,
  ECE: 0x40,
  URG: 0x20,
  ACK: 0x10,
  PSH: 0x08,
  RST: 0x04,
  SYN: 0x02,
  FIN: 0x01,
} as const;

const flag = (id: FieldId, label: string, mask: number, meaning: string, c = HEADER): FieldSpec => ({
  id,
  label,
  kind: 'flag',
  mask,
  cite: c,
  meaning,
});

export const TCP_FIELDS = [
  {
    id: 'tcp.srcport',
    label: 'Source Port',
    kind: 'uint',
    at: 0,
    size: 2,
    cite: HEADER,
    meaning: 'Port of the sending application. 102 is ISO-TSAP (RFC 1006).',
  },
  {
    id: 'tcp.dstport',
    label: 'Destination Port',
    kind: 'uint',
    at: 2,
    size: 2,
    cite: HEADER,
    meaning: 'Port of the receiving application.',
  },
  {
    id: 'tcp.seq_raw',
    label: 'Sequence Number (raw)',
    kind: 'uint',
    at: 4,
    size: 4,
    cite: HEADER,
    meaning:
      "Sequence number of the first data octet in this segment (the initial sequence number when SYN is set). Raw, as on the wire: Wireshark's tcp.seq is relative to the connection start, which one frame cannot know.",
  },
  {
    id: 'tcp.ack_raw',
    label: 'Acknowledgment Number (raw)',
    kind: 'uint',
    at: 8,
    size: 4,
    cite: HEADER,
    meaning:
      'When ACK is set, the next sequence number the sender of this segment expects to receive. Raw, as on the wire.',
  },
  {
    id: 'tcp.hdr_len',
    label: 'Header Length',
    kind: 'uint',
    at: 12,
    size: 1,
    mask: 0xf0,
    scale: 4,
    unit: 'bytes',
    cite: HEADER,
    meaning:
      'Data Offset: the TCP header length in 32-bit words on the wire (5 to 15); shown and compared in bytes, as Wireshark does.',
  },
  {
    id: 'tcp.reserved',
    label: 'Reserved',
    kind: 'uint',
    at: 12,
    size: 1,
    mask: 0x0f,
    reserved: true,
    cite: HEADER,
    meaning:
      'Rsrvd: "A set of control bits reserved for future use. Must be zero in generated segments and must be ignored in received segments if the corresponding future features are not implemented by the sending or receiving host." Wireshark 4.0 shows 3 of these bits as Reserved and 1 as Accurate ECN.',
    rule: {
      expect: 0,
      severity: 'warning',
      code: 'reserved-nonzero',
      message: (v) =>
        `Reserved bits are ${v.toString(2).padStart(4, '0')}: the sender is out of line (RFC 9293 §3.1: must be zero in generated segments); a receiver must ignore them, so this is no reason to drop the segment`,
    },
  },
  {
    id: 'tcp.flags',
    label: 'Flags',
    kind: 'hex',
    at: 13,
    size: 1,
    cite: HEADER,
    meaning: 'The eight control bits CWR, ECE, URG, ACK, PSH, RST, SYN, FIN.',
    bits: [
      flag(
        'tcp.flags.cwr',
        'Congestion Window Reduced',
        TCP_FLAG.CWR,
        'CWR: the sender reduced its congestion window after an ECN-Echo (RFC 3168).',
        cite('RFC 3168', '6.1'),
      ),
      flag(
        'tcp.flags.ece',
        'ECN-Echo',
        TCP_FLAG.ECE,
        'ECE: with SYN, the sender is ECN-capable; otherwise, a congestion mark was received (RFC 3168).',
        cite('RFC 3168', '6.1'),
      ),
      flag('tcp.flags.urg', 'Urgent', TCP_FLAG.URG, 'URG: the Urgent Pointer field is significant.'),
      flag(
        'tcp.flags.ack',
        'Acknowledgment',
        TCP_FLAG.ACK,
        'ACK: the Acknowledgment Number field is significant; set on every segment after the first SYN.',
      ),
      flag(
        'tcp.flags.push',
        'Push',
        TCP_FLAG.PSH,
        'PSH: deliver the data to the receiving application without waiting.',
      ),
      flag('tcp.flags.reset', 'Reset', TCP_FLAG.RST, 'RST: reset the connection.'),
      flag('tcp.flags.syn', 'Syn', TCP_FLAG.SYN, 'SYN: synchronize sequence numbers (opening a connection).'),
      flag('tcp.flags.fin', 'Fin', TCP_FLAG.FIN, 'FIN: no more data from the sender.'),
    ],
  },
  {
    id: 'tcp.window_size_value',
    label: 'Window',
    kind: 'uint',
    at: 14,
    size: 2,
    cite: HEADER,
    meaning: 'Receive window in octets, before any window scaling (RFC 7323) is applied.',
  },
  {
    id: 'tcp.checksum',
    label: 'Checksum',
    kind: 'hex',
    at: 16,
    size: 2,
    cite: HEADER,
    meaning:
      "16-bit one's complement of the one's complement sum of a pseudo-header (source and destination address, protocol, TCP length), the TCP header and the data, computed with this field as zero.",
  },
  {
    id: 'tcp.urgent_pointer',
    label: 'Urgent Pointer',
    kind: 'uint',
    at: 18,
    size: 2,
    cite: HEADER,
    meaning:
      'With URG set, the offset from the sequence number to the octet after the urgent data; meaningless otherwise.',
  },
] as const satisfies readonly FieldSpec[];

const [SRCPORT, DSTPORT, SEQ_RAW, ACK_RAW, HDR_LEN, RESERVED, FLAGS, WINDOW, CHECKSUM, URGENT_POINTER] = TCP_FIELDS;
/** The fixed header around the fields the dissector emits itself (numbers with their relative forms, flags, checksum). */
const PORTS = [SRCPORT, DSTPORT];
const HEADER_LENGTH = [HDR_LEN, RESERVED];
const NO_ADDRESS = new Uint8Array(0);
const AFTER_CHECKSUM = [URGENT_POINTER];
const SEQ_TO_WINDOW = [SEQ_RAW, ACK_RAW, HDR_LEN, RESERVED, FLAGS, WINDOW];
/** The header's numbers, read in every segment. */
const srcportAt = numberReader(SRCPORT);
const dstportAt = numberReader(DSTPORT);
const seqAt = numberReader(SEQ_RAW);
const ackAt = numberReader(ACK_RAW);
const headerLengthAt = numberReader(HDR_LEN);
const reservedAt = numberReader(RESERVED);
const flagsAt = numberReader(FLAGS);
const windowAt = numberReader(WINDOW);
const checksumAt = numberReader(CHECKSUM);
const urgentAt = numberReader(URGENT_POINTER);
/** The fixed header: a data offset of 5 (RFC 9293 §3.1). */
const MIN_HEADER = layoutSize(TCP_FIELDS);

const CHECKSUM_CALCULATED: FieldSpec = {
  id: 'tcp.checksum_calculated',
  label: 'Calculated Checksum',
  kind: 'hex',
  cite: HEADER,
  meaning:
    'The checksum framescope computed over pseudo-header, header and data as captured (generated; not in the bytes).',
};
const CHECKSUM_STATUS = statusSpec('tcp.checksum.status', 'Checksum Status', HEADER);
const CHECKSUM_OFFLOADED = offloadedSpec('tcp.checksum.offloaded', NDIS_CHECKSUM);
const CHECKSUM_SPECS = {
  checksum: CHECKSUM,
  calculated: CHECKSUM_CALCULATED,
  status: CHECKSUM_STATUS,
  offloaded: CHECKSUM_OFFLOADED,
  what: 'TCP checksum',
  mismatch: (dataBytes: number) =>
    ` over pseudo-header, header and ${dataBytes} data bytes: the segment was altered after the sender computed it, or the sender computed it wrongly (it matches neither value a sender leaves for its network card)`,
};
const LEN: FieldSpec = {
  id: 'tcp.len',
  label: 'TCP Segment Len',
  kind: 'uint',
  cite: HEADER,
  unit: 'bytes',
  meaning: 'Data octets in this segment: IP total length minus IP and TCP header lengths (generated).',
};

/**
 * What the stream pass knows (src/dissect/stream/tcp-facts.ts), shown as Wireshark shows it: generated, in brackets.
 * The conversation and the numbers relative to its start are RFC 9293 §3.4's sequence number space seen from one side.
 */
const STREAM_CITE = cite('RFC 9293', '3.4');
const STREAM: FieldSpec = {
  id: 'tcp.stream',
  label: 'Stream index',
  kind: 'uint',
  cite: STREAM_CITE,
  meaning:
    'The TCP conversation this segment belongs to, numbered from 0 in order of first appearance in the capture, as Wireshark numbers it; a SYN with a new initial sequence number on the same addresses and ports starts a new one (Wireshark\'s "TCP Port numbers reused"). Generated.',
};
const SEQ: FieldSpec = {
  id: 'tcp.seq',
  label: 'Sequence Number',
  kind: 'uint',
  cite: STREAM_CITE,
  meaning:
    "The sequence number relative to this direction's initial sequence number (its SYN's), or, when the SYN was not captured, to the first sequence number seen minus one — as Wireshark shows it by default. With relative sequence numbers off, the number on the wire (tcp.seq_raw).",
};
const NXTSEQ: FieldSpec = {
  id: 'tcp.nxtseq',
  label: 'Next Sequence Number',
  kind: 'uint',
  cite: STREAM_CITE,
  meaning:
    'The sequence number after this segment: the sequence number plus the data length, plus one for SYN and one for FIN, which each occupy one sequence number (RFC 9293 §3.4). Generated.',
};
const ACK: FieldSpec = {
  id: 'tcp.ack',
  label: 'Acknowledgment Number',
  kind: 'uint',
  cite: STREAM_CITE,
  meaning:
    "With ACK set, the next sequence number expected from the peer, relative to the peer's initial sequence number (or to the first acknowledgment number seen minus one when the peer's SYN was not captured), as Wireshark shows it. Without ACK the field is not significant and is shown as on the wire.",
};
const WINDOW_SIZE: FieldSpec = {
  id: 'tcp.window_size',
  label: 'Calculated window size',
  kind: 'uint',
  cite: cite('RFC 7323', '2.3'),
  unit: 'bytes',
  meaning:
    "The window in octets: the Window field shifted left by the sender's window scale (RFC 7323), never on a SYN; as on the wire when the scale is unknown (the SYNs were not captured) or not used. Generated.",
};
const WINDOW_SCALE: FieldSpec = {
  id: 'tcp.window_size_scalefactor',
  label: 'Window size scaling factor',
  kind: 'uint',
  cite: cite('RFC 7323', '2.3'),
  meaning:
    "The multiplier the sender's windows are scaled by (2 to the shift count of its SYN's Window Scale option); -1: unknown (the SYNs were not captured), -2: window scaling not used (a SYN without the option). Generated, as Wireshark's.",
};
const TIMESTAMPS: FieldSpec = {
  id: 'tcp.timestamps',
  label: 'Timestamps',
  kind: 'none',
  cite: STREAM_CITE,
  meaning: "The segment's time within its TCP conversation (from the capture's timestamps; generated).",
};
const TIME_RELATIVE: FieldSpec = {
  id: 'tcp.time_relative',
  label: 'Time since first frame in this TCP stream',
  kind: 'uint',
  unit: 'seconds',
  cite: STREAM_CITE,
  meaning: "Seconds since the first frame of this segment's TCP conversation. Generated.",
};
const TIME_DELTA: FieldSpec = {
  id: 'tcp.time_delta',
  label: 'Time since previous frame in this TCP stream',
  kind: 'uint',
  unit: 'seconds',
  cite: STREAM_CITE,
  meaning: "Seconds since the previous frame of this segment's TCP conversation. Generated.",
};

const KIND: FieldSpec = {
  id: 'tcp.option_kind',
  label: 'Kind',
  kind: 'uint',
  size: 1,
  cite: OPTIONS_CITE,
  values: {
    0: 'End of Option List',
    1: 'No-Operation',
    2: 'Maximum Segment Size',
    3: 'Window Scale',
    4: 'SACK Permitted',
    5: 'SACK',
    8: 'Timestamps',
  },
  meaning: 'Option kind octet.',
};
const LENGTH: FieldSpec = {
  id: 'tcp.option_len',
  label: 'Length',
  kind: 'uint',
  size: 1,
  cite: OPTIONS_CITE,
  meaning: 'Option length in octets, counting the kind and length octets.',
};

/** Kinds 0 to 8 we decode: node id, label, citation, the exact length, value fields. */
interface TcpOptionKind extends OptionKind {
  /**
   * The option's line in the tree after its label, from its value fields (`values`, read from the option at `at`,
   * `span` octets), as Wireshark writes it.
   */
  readonly text?: (bytes: Bytes, at: number, span: number, values: readonly FieldSpec[]) => string;
}
const option = (id: FieldId, label: string, c: ReturnType<typeof cite>, meaning: string): FieldSpec => ({
  id,
  label,
  kind: 'none',
  cite: c,
  meaning,
});

const OPTION_KINDS: Readonly<Record<number, TcpOptionKind>> = {
  0: {
    node: option(
      'tcp.options.eol',
      'End of Option List (EOL)',
      OPTIONS_CITE,
      'Marks the end of the options; what follows up to the data offset is zero padding.',
    ),
    single: 'end',
  },
  1: {
    node: option('tcp.options.nop', 'No-Operation (NOP)', OPTIONS_CITE, 'Fills space between options, for alignment.'),
    single: 'skip',
  },
  2: {
    node: option(
      'tcp.options.mss',
      'Maximum segment size',
      cite('RFC 9293', '3.7.1'),
      'The largest segment the sender of this option can receive; sent only in SYN segments.',
    ),
    length: 4,
    values: [
      {
        id: 'tcp.options.mss_val',
        label: 'MSS Value',
        kind: 'uint',
        at: 2,
        size: 2,
        cite: cite('RFC 9293', '3.7.1'),
        meaning: 'Maximum segment size in octets.',
      },
    ],
    text: (bytes, at, _, [mss]) => `${numberAt(mss!, bytes, at)} bytes`,
  },
  3: {
    node: option(
      'tcp.options.wscale',
      'Window scale',
      cite('RFC 7323', '2.2'),
      'Window scale factor the sender of this option applies to the windows it advertises; only in SYN segments.',
    ),
    length: 3,
    values: [
      {
        id: 'tcp.options.wscale.shift',
        label: 'Shift count',
        kind: 'uint',
        at: 2,
        size: 1,
        cite: cite('RFC 7323', '2.3'),
        meaning: 'Windows are shifted left by this many bits (at most 14).',
      },
    ],
    text: (bytes, at, _, [shift]) => `${numberAt(shift!, bytes, at)} (multiply by ${2 ** numberAt(shift!, bytes, at)})`,
  },
  4: {
    node: option(
      'tcp.options.sack_perm',
      'SACK permitted',
      cite('RFC 2018', '2'),
      'The sender can receive selective acknowledgments; only in SYN segments.',
    ),
    length: 2,
    values: [],
  },
  5: {
    node: option(
      'tcp.options.sack',
      'SACK',
      cite('RFC 2018', '3'),
      'Selective acknowledgment: blocks of data received beyond the acknowledgment number.',
    ),
    values: [
      {
        id: 'tcp.options.sack_le',
        label: 'Left Edge',
        kind: 'uint',
        at: 2,
        size: 4,
        cite: cite('RFC 2018', '3'),
        meaning: 'First sequence number of a received block.',
      },
      {
        id: 'tcp.options.sack_re',
        label: 'Right Edge',
        kind: 'uint',
        at: 6,
        size: 4,
        cite: cite('RFC 2018', '3'),
        meaning: 'Sequence number just after the last octet of a received block.',
      },
    ],
    repeat: 8,
    text: (bytes, at, span, [left, right]) => {
      const blocks: string[] = [];
      for (let base = at; base + 10 <= at + span; base += 8)
        blocks.push(`${numberAt(left!, bytes, base)}-${numberAt(right!, bytes, base)}`);
      return blocks.join(' ');
    },
  },
  8: {
    node: option(
      'tcp.options.timestamp',
      'Timestamps',
      cite('RFC 7323', '3.2'),
      "Timestamp value of the sender and the echo of the peer's latest timestamp.",
    ),
    length: 10,
    values: [
      {
        id: 'tcp.options.timestamp.tsval',
        label: 'Timestamp value',
        kind: 'uint',
        at: 2,
        size: 4,
        cite: cite('RFC 7323', '3.2'),
        meaning: "TSval: the sender's timestamp clock.",
      },
      {
        id: 'tcp.options.timestamp.tsecr',
        label: 'Timestamp echo reply',
        kind: 'uint',
        at: 6,
        size: 4,
        cite: cite('RFC 7323', '3.2'),
        meaning: 'TSecr: the most recent TSval received from the peer.',
      },
    ],
    text: (bytes, at, _, [tsval, tsecr]) =>
      `TSval ${numberAt(tsval!, bytes, at)}, TSecr ${numberAt(tsecr!, bytes, at)}`,
  },
};
const UNKNOWN_OPTION = option(
  'tcp.options.unknown',
  'Unknown option',
  OPTIONS_CITE,
  'An option kind framescope does not decode; shown raw.',
);
const UNKNOWN_PAYLOAD: FieldSpec = {
  id: 'tcp.options.unknown.payload',
  label: 'Payload',
  kind: 'bytes',
  cite: OPTIONS_CITE,
  meaning: 'Data of an option kind framescope does not decode.',
};
const OPTIONS: FieldSpec = {
  id: 'tcp.options',
  label: 'Options',
  kind: 'bytes',
  cite: OPTIONS_CITE,
  meaning: 'TCP options, between the fixed 20-byte header and the data; the data offset covers them.',
};
const PADDING: FieldSpec = {
  id: 'tcp.options.padding',
  label: 'Padding',
  kind: 'bytes',
  reserved: true,
  cite: OPTIONS_CITE,
  meaning: 'Octets after End of Option List up to the data offset: "MUST be header padding of zeros" (MUST-69).',
};

/** Reassembly on (src/dissect/stream): payload bytes that belong to a PDU reassembled in some frame, or sent again. */
export const TCP_SEGMENT_DATA: FieldSpec = {
  id: 'tcp.segment_data',
  label: 'TCP segment data',
  kind: 'bytes',
  cite: cite('RFC 9293', '3.4'),
  meaning:
    'Payload bytes that are part of a PDU whose bytes span several segments (TCP is a byte stream: a TPKT may start in one segment and end in a later one), decoded in the frame where the PDU completes; or bytes this connection already carried (a retransmission, a keep-alive probe), not decoded twice; or one lone octet, too little for any protocol to judge.',
};

/** A one-octet payload no protocol could judge: what TCP keep-alive probes carry (RFC 1122 §4.2.3.6). */
const loneOctet = (out: LayerSink, _bytes: Bytes, start: number, end: number): void => {
  out.field(
    TCP_SEGMENT_DATA,
    start,
    end - start,
    out.tree
      ? { display: `${end - start} byte: too short to decode (a TCP keep-alive probe carries one octet already sent)` }
      : undefined,
  );
};

export const TCP_TABLE: ProtocolTable = {
  protocol: 'tcp',
  name: 'Transmission Control Protocol',
  layouts: [TCP_FIELDS, ...Object.values(OPTION_KINDS).flatMap((k) => (k.values ? [k.values] : []))],
  fields: [
    ...TCP_FIELDS,
    CHECKSUM_CALCULATED,
    CHECKSUM_STATUS,
    CHECKSUM_OFFLOADED,
    LEN,
    STREAM,
    SEQ,
    NXTSEQ,
    ACK,
    WINDOW_SIZE,
    WINDOW_SCALE,
    TIMESTAMPS,
    TIME_RELATIVE,
    TIME_DELTA,
    ...TCP_ANALYSIS_FIELDS,
    TCP_SEGMENT_DATA,
    OPTIONS,
    KIND,
    LENGTH,
    UNKNOWN_OPTION,
    UNKNOWN_PAYLOAD,
    PADDING,
    ...Object.values(OPTION_KINDS).flatMap((k) => [k.node, ...(k.values ?? [])]),
  ],
};

const OPTION_TABLE: OptionTable = {
  kind: KIND,
  length: LENGTH,
  counts: 'option',
  kinds: OPTION_KINDS,
  unknown: UNKNOWN_OPTION,
  data: UNKNOWN_PAYLOAD,
  padding: {
    spec: PADDING,
    message: 'Header padding after End of Option List is not zero: RFC 9293 §3.1 says it MUST be zeros (MUST-69)',
  },
  cite: OPTIONS_CITE,
  text: {
    one: () => '1 byte',
    cut: () => 'no room for its length octet',
    noLength: (kind, at) => `TCP option kind ${kind} at offset ${at} has no length octet before the header ends`,
    // The tree writes "label: display", so the display is the option's values alone ("Maximum segment size: 1460
    // bytes"), or its size when it has none ("SACK permitted: 2 bytes").
    shown: (bytes, at, span, kind, _, legal) => {
      const known = OPTION_KINDS[kind];
      if (legal && known) return known.text?.(bytes, at, span, known.values ?? []) || `${span} bytes`;
      return span > 2 ? displayIn(UNKNOWN_PAYLOAD, bytes, at + 2, span - 2) : `${span} bytes`;
    },
    wrongLength: (kind, length, at, end) => {
      const known = OPTION_KINDS[kind];
      if (!known) return `TCP option kind ${kind} has illegal length ${length} (${end - at} bytes left in the header)`;
      return `TCP option ${known.node.label} has length ${length}; ${known.length !== undefined ? `it must be ${known.length}` : known.repeat !== undefined ? `it must be 2 + ${known.repeat}n` : 'it must fit the header'}${at + length > end ? ` and it overruns the header (${end - at} bytes left)` : ''}`;
    },
  },
};

/**
 * Flag names in the order tshark lists them, least significant bit first ("SYN, ACK"), up to Accurate ECN, the lowest
 * of the four bits RFC 9293 §3.1 reserves (tshark 4.0's "AE"); any of the other three reserved bits adds "Reserved".
 */
const FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'AE'] as const;
const RESERVED_FLAGS = 0xe00;

const FLAG_TEXTS: string[] = [];
const FLAGS_DISPLAYS: string[] = [];

/**
 * "PSH, ACK" for the 12 bits after the data offset (reserved bits above the flags octet), as tshark's Info column
 * lists them; made once per value: every segment needs it.
 */
export function flagText(flags: number): string {
  let text = FLAG_TEXTS[flags];
  if (text === undefined) {
    const names: string[] = FLAG_NAMES.filter((_, bit) => flags & (1 << bit));
    if (flags & RESERVED_FLAGS) names.push('Reserved');
    FLAG_TEXTS[flags] = text = names.join(', ');
  }
  return text;
}

/** "0x18 (PSH, ACK)", made once per flags octet. */
function flagsDisplay(flags: number): string {
  return (FLAGS_DISPLAYS[flags] ??= `${hexNumber(flags, 2)} (${flagText(flags) || 'none'})`);
}

/** The Window Scale option's shift count the latest `optionInfo` found, -1 when the options had none. */
let windowShift = -1;

/**
 * The options as tshark's Info column sums them up, in their order: " MSS=1460 SACK_PERM TSval=1 TSecr=0 WS=128",
 * SACK blocks as " SLE=… SRE=…" relative to `sackBase` (NaN: as on the wire). Sets `windowShift`. Options of the wrong
 * length, and kinds tshark sums up in other words (TFO, MPTCP …), are left out.
 */
function optionInfo(bytes: Bytes, start: number, end: number, sackBase: number): string {
  windowShift = -1;
  let text = '';
  for (let i = start; i < end;) {
    const kind = bytes[i]!;
    if (kind === 0) break;
    if (kind === 1) {
      i++;
      continue;
    }
    if (i + 1 >= end) break;
    const length = bytes[i + 1]!;
    if (length < 2 || i + length > end) break;
    if (kind === 2 && length === 4) text += ` MSS=${(bytes[i + 2]! << 8) | bytes[i + 3]!}`;
    else if (kind === 3 && length === 3) {
      windowShift = bytes[i + 2]!;
      text += ` WS=${2 ** Math.min(windowShift, 14)}`;
    } else if (kind === 4 && length === 2) text += ' SACK_PERM';
    else if (kind === 5 && length >= 10 && (length - 2) % 8 === 0) {
      for (let at = i + 2; at + 8 <= i + length; at += 8) {
        const left = u32(bytes, at);
        const right = u32(bytes, at + 4);
        text += Number.isNaN(sackBase)
          ? ` SLE=${left} SRE=${right}`
          : ` SLE=${(left - sackBase) >>> 0} SRE=${(right - sackBase) >>> 0}`;
      }
    } else if (kind === 8 && length === 10) text += ` TSval=${u32(bytes, i + 2)} TSecr=${u32(bytes, i + 6)}`;
    i += length;
  }
  return text;
}

const u32 = (bytes: Bytes, at: number): number =>
  ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;

/** The facts of a segment without a capture around it (a pasted frame). */
const LONE: TcpFacts = {
  stream: 0,
  seqBase: 0,
  ackBase: NaN,
  windowScale: -1,
  timeRelative: 0,
  timeDelta: 0,
  portsReused: false,
  analysis: undefined,
};

/**
 * The stream pass's timing of the segment, as Wireshark's "[Timestamps]" subtree. The one place sequence analysis
 * (facts.analysis, src/dissect/stream/tcp-analysis.ts) is to emit its generated fields is `emitAnalysis`, after it.
 */
function emitTimestamps(out: LayerSink, at: number, facts: TcpFacts): void {
  if (Number.isNaN(facts.timeRelative)) return;
  if (!out.tree && !out.watches(TIMESTAMPS) && !out.watches(TIME_RELATIVE) && !out.watches(TIME_DELTA)) return;
  generatedNode(out, TIMESTAMPS, at, true);
  generatedNumber(out, TIME_RELATIVE, at, 0, facts.timeRelative, out.tree ? seconds(facts.timeRelative) : undefined);
  generatedNumber(out, TIME_DELTA, at, 0, facts.timeDelta, out.tree ? seconds(facts.timeDelta) : undefined);
  out.close();
}

/** The checksum of the whole segment [offset, end) under the pseudo-header of the IP layer below, judged, on `out`. */
function emitTcpChecksum(
  out: LayerSink,
  bytes: Bytes,
  offset: number,
  end: number,
  context: Context,
  payloadLength: number,
): void {
  const pseudo = (context.ipv6 ?? context.ipv4)!;
  const segmentLength = end - offset;
  const stored = checksumAt(bytes, offset);
  // IPv4: source, destination, protocol, TCP length (RFC 9293 §3.1). IPv6: source, destination, upper-layer
  // length (32 bits), next header 6 (RFC 8200 §8.1). Summed as 16-bit words, both come to the same arithmetic.
  let addressesAndProtocol = onesComplementSum(pseudo.src, 0, pseudo.src.length);
  addressesAndProtocol = onesComplementSum(pseudo.dst, 0, pseudo.dst.length, addressesAndProtocol);
  addressesAndProtocol += context.ipv6 ? 6 : context.ipv4!.proto;
  const pseudoHeader = foldSum(addressesAndProtocol + segmentLength);
  const mode = verificationOf(context);
  // The segment summed with the checksum field left out (i.e. as zero).
  const calculated =
    mode === 'off'
      ? 0
      : ~onesComplementSum(bytes, offset + 18, segmentLength - 18, onesComplementSum(bytes, offset, 16, pseudoHeader)) &
        0xffff;
  // What a sender's stack leaves for the card: the pseudo-header's sum, not complemented (NDIS, Linux
  // CHECKSUM_PARTIAL); without the TCP length when the card also splits the segment (NDIS large send offload).
  const offload: Offload | undefined =
    stored === pseudoHeader
      ? OFFLOAD.pseudoHeader
      : stored === foldSum(addressesAndProtocol)
        ? OFFLOAD.pseudoHeaderWithoutLength
        : undefined;
  emitChecksum(out, CHECKSUM_SPECS, offset, mode, stored, calculated, offload, payloadLength);
}

/** The segment's header as the stream pass reads it (`TcpStreams.segment`, which keeps none): one object, refilled. */
const HEADER_SCRATCH: { -readonly [K in keyof TcpSegmentHeader]: TcpSegmentHeader[K] } = {
  src: NO_ADDRESS,
  dst: NO_ADDRESS,
  srcport: 0,
  dstport: 0,
  seq: 0,
  ack: 0,
  flags: 0,
  length: 0,
  window: 0,
  windowShift: -1,
};

/** The `tcp.port` lookup for a segment's ports, lower first, made once per port pair. Bounded: emptied when full. */
const PORTS_NEXT = new Map<number, Next>();
const PORTS_NEXT_MAX = 4096;

function portsNext(srcport: number, dstport: number): Next {
  const lo = srcport <= dstport ? srcport : dstport;
  const hi = srcport <= dstport ? dstport : srcport;
  const key = lo * 65536 + hi;
  let next = PORTS_NEXT.get(key);
  if (next === undefined) {
    if (PORTS_NEXT.size >= PORTS_NEXT_MAX) PORTS_NEXT.clear();
    PORTS_NEXT.set(key, (next = { table: 'tcp.port', keys: [lo, hi] }));
  }
  return next;
}

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  if (end - offset < MIN_HEADER)
    return truncatedHeader(
      out,
      TCP_FIELDS,
      offset,
      end,
      'TCP header (20 bytes)',
      'Transmission Control Protocol (truncated)',
    );
  const problems: Problem[] = [];
  const srcport = srcportAt(bytes, offset);
  const dstport = dstportAt(bytes, offset);
  const seq = seqAt(bytes, offset);
  const ack = ackAt(bytes, offset);
  const headerLength = headerLengthAt(bytes, offset);
  const flags = flagsAt(bytes, offset);
  // The flags octet with the four reserved bits above it: Info names Accurate ECN and the reserved bits too.
  const allFlags = (reservedAt(bytes, offset) << 8) | flags;
  const win = windowAt(bytes, offset);
  const headerEnd = offset + headerLength;
  const optionsEnd = Math.min(headerEnd, end);
  const payloadLength = Math.max(0, end - optionsEnd);
  const urgent = flags & TCP_FLAG.URG ? urgentAt(bytes, offset) : 0;
  const hasAck = (flags & TCP_FLAG.ACK) !== 0;

  // The stream pass places the segment in its conversation (tcp.stream, what its numbers are relative to); the
  // options' summary and their window scale count there (a SYN's), SACK edges relative to the acknowledged direction.
  const pseudo = context.ipv6 ?? context.ipv4;
  const optionsStart = offset + MIN_HEADER;
  const relative = context.options.relativeSequenceNumbers !== false;
  let options = '';
  windowShift = -1;
  if (headerLength > MIN_HEADER && flags & TCP_FLAG.SYN) options = optionInfo(bytes, optionsStart, optionsEnd, NaN);
  const header = HEADER_SCRATCH;
  header.src = pseudo?.src ?? NO_ADDRESS;
  header.dst = pseudo?.dst ?? NO_ADDRESS;
  header.srcport = srcport;
  header.dstport = dstport;
  header.seq = seq;
  header.ack = ack;
  header.flags = allFlags;
  header.length = payloadLength;
  header.window = win;
  header.windowShift = windowShift;
  // A header an ICMP error quotes is a copy of a segment sent earlier: it joins no conversation.
  const facts =
    context.tcpStreams && pseudo && !context.quote
      ? context.tcpStreams.segment(context.frameNumber, context.time, header)
      : loneFacts(header, LONE);
  if (headerLength > MIN_HEADER && !(flags & TCP_FLAG.SYN))
    options = optionInfo(bytes, optionsStart, optionsEnd, relative ? facts.ackBase : NaN);
  const seqShown = relative ? (seq - facts.seqBase) >>> 0 : seq;
  const ackShown = hasAck && relative && !Number.isNaN(facts.ackBase) ? (ack - facts.ackBase) >>> 0 : ack;
  const nextSeq = (seqShown + payloadLength + (flags & TCP_FLAG.SYN ? 1 : 0) + (flags & TCP_FLAG.FIN ? 1 : 0)) >>> 0;
  const stream = facts.stream;
  // RFC 7323 §2.2: "The window field in a segment where the SYN bit is set MUST NOT be scaled."
  const scale = flags & TCP_FLAG.SYN ? undefined : facts.windowScale;
  const window = scale !== undefined && scale >= 0 ? win * 2 ** scale : win;

  out.fixed(PORTS, offset, end);
  generatedNumber(out, STREAM, offset, 0, stream);
  // The relative numbers go between the wire's; a lean pass that watches none of them takes the header from the
  // sequence number to the window in one step.
  if (!out.tree && !out.watches(SEQ) && !out.watches(NXTSEQ) && !out.watches(ACK))
    out.fixed(SEQ_TO_WINDOW, offset, end);
  else {
    generatedNumber(
      out,
      SEQ,
      offset + SEQ_RAW.at,
      SEQ_RAW.size,
      seqShown,
      out.tree && relative ? `${seqShown}    (relative sequence number)` : undefined,
    );
    out.field(SEQ_RAW, offset + SEQ_RAW.at, SEQ_RAW.size);
    generatedNumber(
      out,
      NXTSEQ,
      offset + SEQ_RAW.at,
      0,
      nextSeq,
      out.tree && relative ? `${nextSeq}    (relative sequence number)` : undefined,
    );
    generatedNumber(
      out,
      ACK,
      offset + ACK_RAW.at,
      ACK_RAW.size,
      ackShown,
      out.tree && relative && hasAck ? `${ackShown}    (relative ack number)` : undefined,
    );
    out.field(ACK_RAW, offset + ACK_RAW.at, ACK_RAW.size);
    out.fixed(HEADER_LENGTH, offset, end);
    out.field(FLAGS, offset + FLAGS.at, FLAGS.size, out.tree ? { display: flagsDisplay(flags) } : undefined);
    out.field(WINDOW, offset + WINDOW.at, WINDOW.size);
  }
  // Over the Window field's bytes, as Wireshark's.
  generatedNumber(out, WINDOW_SIZE, offset + WINDOW.at, WINDOW.size, window);
  if (scale !== undefined)
    generatedNumber(
      out,
      WINDOW_SCALE,
      offset + WINDOW.at,
      WINDOW.size,
      scale >= 0 ? 2 ** scale : scale,
      out.tree && scale < 0 ? `${scale} (${scale === -1 ? 'unknown' : 'no window scaling used'})` : undefined,
    );
  // Checksum over pseudo-header + segment, when the IP layer gave us the addresses and the whole segment is here
  // (the IP layer hands us exactly the datagram's payload, so `end` is the segment end unless truncated).
  if (headerLength >= MIN_HEADER && pseudo && headerEnd <= end)
    emitTcpChecksum(out, bytes, offset, end, context, payloadLength);
  else out.field(CHECKSUM, offset + CHECKSUM.at, CHECKSUM.size);
  out.fixed(AFTER_CHECKSUM, offset, end);

  if (headerLength < MIN_HEADER) {
    out.problem(
      out.refOf(HDR_LEN),
      problem(
        'error',
        'malformed',
        `Header length ${headerLength} bytes (data offset ${headerLength / 4}) is below the minimum of 20 bytes (data offset 5)`,
        { fieldId: HDR_LEN.id, offset: offset + HDR_LEN.at, cite: HEADER },
      ),
    );
    return {
      problems,
      summary: `Transmission Control Protocol, Src Port: ${srcport}, Dst Port: ${dstport}`,
      end: offset + MIN_HEADER,
    };
  }
  if (headerEnd > end) {
    problems.push(
      problem(
        'warning',
        'truncated',
        `TCP header cut short: data offset says ${headerLength} bytes, ${end - offset} present`,
        { fieldId: OPTIONS.id, offset: offset + MIN_HEADER, cite: HEADER },
      ),
    );
  }
  if (optionsEnd > offset + MIN_HEADER) {
    const cut = emitOptionArea(OPTION_TABLE, OPTIONS, out, bytes, offset + MIN_HEADER, optionsEnd);
    if (cut) problems.push(cut);
  }
  generatedNumber(out, LEN, optionsEnd, 0, payloadLength);
  emitTimestamps(out, optionsEnd, facts);
  emitAnalysis(out, optionsEnd, facts.analysis);

  // Key by key, no spreads (src/dissect/merged.ts): every segment goes through here.
  const output: { -readonly [K in keyof LayerOutput]: LayerOutput[K] } = {
    problems,
    // Read only from trees: this layer always gives Info, which a lean pass shows instead of any layer's summary.
    summary: out.summaries
      ? `Transmission Control Protocol, Src Port: ${srcport}, Dst Port: ${dstport}, Seq: ${seqShown}${hasAck ? `, Ack: ${ackShown}` : ''}, Len: ${payloadLength}`
      : '',
    // As tshark writes it: flags least significant first, relative numbers, the scaled window, the options' summary.
    // (Sequence analysis puts its "[TCP Retransmission] "… before it, from facts.analysis.)
    info: `${srcport} → ${dstport} [${flagText(allFlags) || '<None>'}] Seq=${seqShown}${hasAck ? ` Ack=${ackShown}` : ''} Win=${window}${flags & TCP_FLAG.URG ? ` Urg=${urgent}` : ''} Len=${payloadLength}${options}`,
    end,
  };
  if (facts.analysis && facts.analysis.flags !== 0) output.infoPrefix = analysisInfo(facts.analysis);
  if (payloadLength > 0)
    output.payload = {
      offset: optionsEnd,
      end,
      next: portsNext(srcport, dstport),
    };
  if (payloadLength === 1) output.claimUnclaimed = loneOctet;
  output.context = { tcp: { srcport, dstport } };
  return output;
};

export const tcp: Protocol = { protocol: 'tcp', dissect };
