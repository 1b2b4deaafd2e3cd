// TCP sequence analysis on screen and in filters, as Wireshark's "[SEQ/ACK analysis]": the generated tcp.analysis.*
// fields of what the stream pass found (src/dissect/stream/tcp-analysis.ts, kept per frame by tcp-facts.ts), and a
// problem on each flag Wireshark files as a warning or a note. What Wireshark files as chat (a window update) and a
// keep-alive's ACK are facts on their field, not problems: normal traffic (docs/problems.md). So is a keep-alive itself,
// which Wireshark files as a Note: the project counts keep-alives as normal traffic, never flagged.
//
// The flags follow the Wireshark User's Guide "TCP Analysis" and tshark 4.0 on real captures, except the duplicate ACK,
// which follows RFC 5681 §2: only while its receiver has data outstanding (scripts/tcp-analysis-compare.ts counts
// that difference apart). Out-of-order timing, window-full and keep-alives are Wireshark's heuristics.
import { citing, type Documents } from '../cite';
import type { TcpAnalysis } from '../dissector';
import type { FieldId } from '../field-ids';
import type { Problem, ProblemCode } from '../model';
import type { FieldSpec } from '../spec';
import type { LayerSink } from '../sink';
import { TCP_ANALYSIS } from '../stream/tcp-analysis';
import { generatedNode, generatedNumber, problem, seconds } from './common';

export const TCP_ANALYSIS_DOCUMENTS = {
  'RFC 5681': { title: 'TCP Congestion Control', rfc: 5681 },
  "Wireshark User's Guide: TCP Analysis": {
    title: "Wireshark User's Guide, TCP Analysis (the SEQ/ACK analysis flags and their definitions)",
    url: 'https://www.wireshark.org/docs/wsug_html_chunked/ChAdvTCPAnalysis.html',
    whole: true,
  },
} as const satisfies Documents;
const cite = citing(TCP_ANALYSIS_DOCUMENTS);

const WIRESHARK = cite("Wireshark User's Guide: TCP Analysis", '');
const SEQUENCE_SPACE = cite('RFC 9293', '3.4');
const RETRANSMISSION_CITE = cite('RFC 9293', '3.8.1');
const WINDOW_CITE = cite('RFC 9293', '3.8.6');
const KEEP_ALIVE_CITE = cite('RFC 9293', '3.8.4');
const DUPLICATE_ACK_CITE = cite('RFC 5681', '2');
const FAST_RETRANSMIT_CITE = cite('RFC 5681', '3.2');
const REUSE_CITE = cite('RFC 9293', '3.4.1');

const ANALYSIS: FieldSpec = {
  id: 'tcp.analysis',
  label: 'SEQ/ACK analysis',
  kind: 'none',
  cite: WIRESHARK,
  meaning:
    "What the segment is in its conversation, from the segments before it in the capture (Wireshark's sequence analysis): which segment it acknowledges, the handshake's round trip, and the analysis flags. Generated.",
};
const ACKS_FRAME: FieldSpec = {
  id: 'tcp.analysis.acks_frame',
  label: 'This is an ACK to the segment in frame',
  kind: 'uint',
  cite: SEQUENCE_SPACE,
  meaning:
    'The frame whose segment this acknowledgment number acknowledges exactly (its last octet, SYN or FIN). Generated.',
};
const ACK_RTT: FieldSpec = {
  id: 'tcp.analysis.ack_rtt',
  label: 'The RTT to ACK the segment was',
  kind: 'uint',
  unit: 'seconds',
  cite: RETRANSMISSION_CITE,
  meaning:
    'Seconds from the acknowledged segment (tcp.analysis.acks_frame) to this ACK: a round-trip time sample. Generated.',
};
const INITIAL_RTT: FieldSpec = {
  id: 'tcp.analysis.initial_rtt',
  label: 'iRTT',
  kind: 'uint',
  unit: 'seconds',
  cite: RETRANSMISSION_CITE,
  meaning:
    "Seconds from the SYN to the ACK of the SYN-ACK: the three-way handshake's round trip, on every segment after it. Wireshark's out-of-order test uses it as its time limit. Generated.",
};
const FLAGS: FieldSpec = {
  id: 'tcp.analysis.flags',
  label: 'TCP Analysis Flags',
  kind: 'none',
  cite: WIRESHARK,
  meaning:
    'Present when the segment has any analysis flag below (tcp.analysis.flags matches every such segment). Generated.',
};
const DUPLICATE_ACK_NUM: FieldSpec = {
  id: 'tcp.analysis.duplicate_ack_num',
  label: 'Duplicate ACK #',
  kind: 'uint',
  cite: DUPLICATE_ACK_CITE,
  meaning: 'How many times this acknowledgment has been repeated so far (1 for the first duplicate). Generated.',
};
const DUPLICATE_ACK_FRAME: FieldSpec = {
  id: 'tcp.analysis.duplicate_ack_frame',
  label: 'Duplicate to the ACK in frame',
  kind: 'uint',
  cite: DUPLICATE_ACK_CITE,
  meaning: 'The frame that sent this acknowledgment first. Generated.',
};

/** A flag: its field, and the problem it raises (none for Wireshark's chat, a keep-alive and its ACK: facts). */
interface FlagEntry {
  readonly bit: number;
  readonly spec: FieldSpec;
  readonly severity?: Problem['severity'];
  readonly code?: ProblemCode;
  /** The problem's message; the duplicate ACK's names its numbers. */
  readonly message?: string;
}

const flagSpec = (id: FieldId, label: string, meaning: string, c = WIRESHARK): FieldSpec => ({
  id,
  label,
  kind: 'none',
  cite: c,
  meaning: `${meaning} Generated.`,
});

/** Every flag, in Wireshark's order under "TCP Analysis Flags". */
const FLAG_ENTRIES: readonly FlagEntry[] = [
  {
    bit: TCP_ANALYSIS.RETRANSMISSION,
    spec: flagSpec(
      'tcp.analysis.retransmission',
      'This frame is a (suspected) retransmission',
      'Data (or a SYN or FIN) that does not advance the sequence number: it starts below the next sequence number this direction has reached. Not a keep-alive. Also set on fast and spurious retransmissions.',
      RETRANSMISSION_CITE,
    ),
    severity: 'note',
    code: 'retransmission',
    message:
      'Retransmission: this segment starts below the highest sequence number this direction has sent; the data (or SYN/FIN) is sent again',
  },
  {
    bit: TCP_ANALYSIS.FAST_RETRANSMISSION,
    spec: flagSpec(
      'tcp.analysis.fast_retransmission',
      'This frame is a (suspected) fast retransmission',
      'A retransmission at the sequence number the peer keeps acknowledging, after at least two duplicate ACKs of it and within 20 ms of the last (Wireshark; RFC 5681 §3.2 describes the sender side).',
      FAST_RETRANSMIT_CITE,
    ),
    severity: 'note',
    code: 'retransmission',
    message:
      'Fast retransmission: sent again at the sequence number the peer has acknowledged repeatedly (duplicate ACKs), without waiting for the retransmission timeout',
  },
  {
    bit: TCP_ANALYSIS.SPURIOUS_RETRANSMISSION,
    spec: flagSpec(
      'tcp.analysis.spurious_retransmission',
      'This frame is a (suspected) spurious retransmission',
      'Data sent again that the peer had already acknowledged: the retransmission was not needed.',
      RETRANSMISSION_CITE,
    ),
    severity: 'note',
    code: 'retransmission',
    message:
      'Spurious retransmission: the peer had already acknowledged all of this data; sending it again was not needed',
  },
  {
    bit: TCP_ANALYSIS.OUT_OF_ORDER,
    spec: flagSpec(
      'tcp.analysis.out_of_order',
      'This frame is a (suspected) out-of-order segment',
      "Data below the highest sequence number sent, arriving within the initial RTT (3 ms when unknown) of the segment that reached it: reordered on the way rather than sent again. Wireshark's heuristic.",
    ),
    severity: 'warning',
    code: 'out-of-order',
    message:
      "Out of order: this segment starts below the highest sequence number sent and came within the initial round-trip time of it, so it was reordered rather than sent again (Wireshark's heuristic)",
  },
  {
    bit: TCP_ANALYSIS.LOST_SEGMENT,
    spec: flagSpec(
      'tcp.analysis.lost_segment',
      'Previous segment(s) not captured (common at capture start)',
      'The segment starts beyond the next sequence number this direction was expected to send: the bytes between are not in the capture. Not checked on a RST.',
      SEQUENCE_SPACE,
    ),
    severity: 'warning',
    code: 'segment-missing',
    message:
      'Previous segment not captured: this segment starts beyond the next sequence number expected from this direction; the bytes between are missing from the capture',
  },
  {
    bit: TCP_ANALYSIS.ACK_LOST_SEGMENT,
    spec: flagSpec(
      'tcp.analysis.ack_lost_segment',
      "ACKed segment that wasn't captured (common at capture start)",
      'The acknowledgment number is beyond all the peer has been seen to send: it acknowledges data the capture does not hold.',
      SEQUENCE_SPACE,
    ),
    severity: 'warning',
    code: 'segment-missing',
    message: 'ACKed unseen segment: this acknowledges data of the peer that is not in the capture',
  },
  {
    bit: TCP_ANALYSIS.DUPLICATE_ACK,
    spec: flagSpec(
      'tcp.analysis.duplicate_ack',
      'This is a TCP duplicate ack',
      "The same acknowledgment number, window (not 0) and sequence number as this direction's last segment, no data, no SYN, FIN or RST, while the peer has data outstanding (RFC 5681 §2; Wireshark does not ask for outstanding data).",
      DUPLICATE_ACK_CITE,
    ),
    severity: 'note',
    code: 'duplicate-ack',
  },
  {
    bit: TCP_ANALYSIS.ZERO_WINDOW,
    spec: flagSpec(
      'tcp.analysis.zero_window',
      'TCP Zero Window segment',
      'The window is 0 (no SYN, FIN or RST): the sender of this segment can take no more data for now.',
      WINDOW_CITE,
    ),
    severity: 'warning',
    code: 'zero-window',
    message:
      'Zero window: the sender of this segment can take no more data; its peer has to stop sending and probe until the window opens',
  },
  {
    bit: TCP_ANALYSIS.ZERO_WINDOW_PROBE,
    spec: flagSpec(
      'tcp.analysis.zero_window_probe',
      'TCP Zero Window Probe',
      "One octet at the next sequence number while the peer's last window was 0: probing whether the window has opened.",
      WINDOW_CITE,
    ),
    severity: 'note',
    code: 'zero-window',
    message: "Zero window probe: one octet sent into the peer's closed window to learn when it opens again",
  },
  {
    bit: TCP_ANALYSIS.ZERO_WINDOW_PROBE_ACK,
    spec: flagSpec(
      'tcp.analysis.zero_window_probe_ack',
      'ACK to a TCP Zero Window Probe',
      'The answer to a zero window probe: no data, the same sequence and acknowledgment numbers, the window still 0.',
      WINDOW_CITE,
    ),
    severity: 'note',
    code: 'zero-window',
    message: 'ACK to a zero window probe: the window is still closed',
  },
  {
    bit: TCP_ANALYSIS.WINDOW_FULL,
    spec: flagSpec(
      'tcp.analysis.window_full',
      'TCP window specified by the receiver is now completely full',
      "Data that ends exactly at the edge of the peer's advertised window (its last ACK plus its window, scaled), once the window scale is known. Wireshark's heuristic.",
      WINDOW_CITE,
    ),
    severity: 'warning',
    code: 'window-full',
    message:
      "Window full: this segment fills the peer's advertised window to its edge; the sender cannot send more until the peer acknowledges (Wireshark's heuristic)",
  },
  {
    bit: TCP_ANALYSIS.WINDOW_UPDATE,
    spec: flagSpec(
      'tcp.analysis.window_update',
      'TCP window update',
      'No data, the same sequence and acknowledgment numbers as before, a new window other than 0: the receiver says it can take more. Normal traffic, not a problem.',
      WINDOW_CITE,
    ),
  },
  {
    bit: TCP_ANALYSIS.KEEP_ALIVE,
    spec: flagSpec(
      'tcp.analysis.keep_alive',
      'TCP keep-alive segment',
      "0 or 1 octet one below the next sequence number, no SYN, FIN or RST: asks the peer to answer, to see whether it is still there (a keep-alive; Linux's zero window probes look the same). Wireshark's heuristic.",
      KEEP_ALIVE_CITE,
    ),
    // No problem: a keep-alive is normal traffic (docs/problems.md), though Wireshark files it as a Note.
  },
  {
    bit: TCP_ANALYSIS.KEEP_ALIVE_ACK,
    spec: flagSpec(
      'tcp.analysis.keep_alive_ack',
      'ACK to a TCP keep-alive segment',
      "The peer's answer to a keep-alive: the same acknowledgment, window and sequence number again, no data. Normal traffic, not a problem.",
      KEEP_ALIVE_CITE,
    ),
  },
  {
    bit: TCP_ANALYSIS.REUSED_PORTS,
    spec: flagSpec(
      'tcp.analysis.reused_ports',
      'A new tcp session is started with the same ports as an earlier session in this trace',
      'A SYN with a new initial sequence number on the addresses and ports of an earlier conversation in the capture: a new connection (a new tcp.stream).',
      REUSE_CITE,
    ),
    severity: 'note',
    code: 'ports-reused',
    message:
      'Port numbers reused: a new connection (a SYN with a new initial sequence number) on the addresses and ports of an earlier one in this capture',
  },
];

/** Each flag's bit and field id, in Wireshark's order (the tshark comparison reads them). */
export const TCP_ANALYSIS_FLAG_IDS: readonly { readonly bit: number; readonly id: FieldId }[] = FLAG_ENTRIES.map(
  (f) => ({
    bit: f.bit,
    id: f.spec.id,
  }),
);

/** The specs of the SEQ/ACK analysis, for TCP's table. */
export const TCP_ANALYSIS_FIELDS: readonly FieldSpec[] = [
  ANALYSIS,
  ACKS_FRAME,
  ACK_RTT,
  INITIAL_RTT,
  FLAGS,
  ...FLAG_ENTRIES.map((f) => f.spec),
  DUPLICATE_ACK_NUM,
  DUPLICATE_ACK_FRAME,
];

const REFINED_RETRANSMISSION = TCP_ANALYSIS.FAST_RETRANSMISSION | TCP_ANALYSIS.SPURIOUS_RETRANSMISSION;
/**
 * The "[SEQ/ACK analysis]" subtree of one segment, at `at` (zero-length, generated), with a problem on each flag that
 * raises one. Nothing when the analysis has nothing to say.
 */
export function emitAnalysis(out: LayerSink, at: number, a: TcpAnalysis | undefined): void {
  if (!a) return;
  // Without flags (whose nodes carry the problems) a lean pass that watches none of the numbers needs nothing here.
  const watched =
    out.tree || out.watches(ANALYSIS) || out.watches(ACKS_FRAME) || out.watches(ACK_RTT) || out.watches(INITIAL_RTT);
  if (a.flags === 0 && !watched) return;
  generatedNode(out, ANALYSIS, at, true);
  if (a.acksFrame !== 0) {
    generatedNumber(out, ACKS_FRAME, at, 0, a.acksFrame, undefined);
    generatedNumber(out, ACK_RTT, at, 0, a.ackRtt, out.tree ? seconds(a.ackRtt) : undefined);
  }
  if (!Number.isNaN(a.initialRtt))
    generatedNumber(out, INITIAL_RTT, at, 0, a.initialRtt, out.tree ? seconds(a.initialRtt) : undefined);
  if (a.flags !== 0) {
    generatedNode(out, FLAGS, at, true);
    for (const f of FLAG_ENTRIES) {
      if ((a.flags & f.bit) === 0) continue;
      const ref = generatedNode(out, f.spec, at);
      // A fast or spurious retransmission is also a retransmission (tshark sets both): one fact, one problem.
      if (!f.severity || !f.code || (f.bit === TCP_ANALYSIS.RETRANSMISSION && a.flags & REFINED_RETRANSMISSION))
        continue;
      const message =
        f.message ??
        `Duplicate ACK #${a.duplicateAckNum} of the ACK in frame ${a.duplicateAckFrame}: the same acknowledgment and window again, no data, while the peer has data outstanding`;
      out.problem(ref, problem(f.severity, f.code, message, { fieldId: f.spec.id, offset: at, cite: f.spec.cite }));
    }
    out.close();
    if ((a.flags & TCP_ANALYSIS.DUPLICATE_ACK) !== 0) {
      generatedNumber(out, DUPLICATE_ACK_NUM, at, 0, a.duplicateAckNum, undefined);
      generatedNumber(out, DUPLICATE_ACK_FRAME, at, 0, a.duplicateAckFrame, undefined);
    }
  }
  out.close();
}

/**
 * tshark's Info markers for the flags, in its order ("[TCP ZeroWindowProbeAck] [TCP ZeroWindow] "); a fast or spurious
 * retransmission names only itself. Made once per set of flags; the duplicate ACK's names its numbers.
 */
const INFO_ORDER: readonly (readonly [number, string])[] = [
  [TCP_ANALYSIS.REUSED_PORTS, 'TCP Port numbers reused'],
  [TCP_ANALYSIS.FAST_RETRANSMISSION, 'TCP Fast Retransmission'],
  [TCP_ANALYSIS.OUT_OF_ORDER, 'TCP Out-Of-Order'],
  [TCP_ANALYSIS.SPURIOUS_RETRANSMISSION, 'TCP Spurious Retransmission'],
  [TCP_ANALYSIS.ZERO_WINDOW_PROBE_ACK, 'TCP ZeroWindowProbeAck'],
  [TCP_ANALYSIS.ZERO_WINDOW, 'TCP ZeroWindow'],
  [TCP_ANALYSIS.ZERO_WINDOW_PROBE, 'TCP ZeroWindowProbe'],
  [TCP_ANALYSIS.DUPLICATE_ACK, 'TCP Dup ACK'],
  [TCP_ANALYSIS.KEEP_ALIVE_ACK, 'TCP Keep-Alive ACK'],
  [TCP_ANALYSIS.WINDOW_FULL, 'TCP Window Full'],
  [TCP_ANALYSIS.WINDOW_UPDATE, 'TCP Window Update'],
  [TCP_ANALYSIS.KEEP_ALIVE, 'TCP Keep-Alive'],
  [TCP_ANALYSIS.ACK_LOST_SEGMENT, 'TCP ACKed unseen segment'],
  [TCP_ANALYSIS.LOST_SEGMENT, 'TCP Previous segment not captured'],
  [TCP_ANALYSIS.RETRANSMISSION, 'TCP Retransmission'],
];
const INFO_TEXTS = new Map<number, string>();

export function analysisInfo(a: TcpAnalysis): string {
  let flags = a.flags;
  if (flags & REFINED_RETRANSMISSION) flags &= ~TCP_ANALYSIS.RETRANSMISSION;
  const dup = (flags & TCP_ANALYSIS.DUPLICATE_ACK) !== 0;
  let text = dup ? undefined : INFO_TEXTS.get(flags);
  if (text === undefined) {
    text = '';
    for (const [bit, marker] of INFO_ORDER)
      if (flags & bit)
        text +=
          bit === TCP_ANALYSIS.DUPLICATE_ACK
            ? `[${marker} ${a.duplicateAckFrame}#${a.duplicateAckNum}] `
            : `[${marker}] `;
    if (!dup) INFO_TEXTS.set(flags, text);
  }
  return text;
}
