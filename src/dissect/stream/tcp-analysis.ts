// TCP sequence analysis as Wireshark users read it: each segment of a conversation, in capture order, against what
// the conversation's two directions have shown so far — retransmissions, out-of-order and lost segments, duplicate
// ACKs, zero windows and their probes, window updates, keep-alives, which segment an ACK acknowledges and how long it
// took. The flags are Wireshark's `tcp.analysis.*` (their definitions: the Wireshark User's Guide, "TCP Analysis";
// the severities: its expert infos), checked against tshark 4.0 on real captures (scripts/tcp-analysis-compare.ts).
// Out-of-order timing, window-full and keep-alives are Wireshark's heuristics, not RFC rules.
//
// Pure and allocation-light: a conversation's state is a few numbers per direction plus its unacknowledged segments in
// parallel number arrays; `analyseSegment` writes its answer into the conversation's reusable `out`, and an
// `AnalysisLog` keeps each frame's answer in typed arrays. The stream pass (tcp-facts.ts) feeds it every TCP segment
// in capture order, reassembly on or off.
//
// Like Wireshark, the analysis works on relative numbers (tcp-facts.ts: each direction counts from its SYN's sequence
// number, or from one below the first number seen), so that 0 means "not known yet" for the next expected sequence
// number and the last acknowledgement.

import type { TcpAnalysis } from '../dissector';

/** The analysis flags, as bits. Their `tcp.analysis.*` fields and problems: src/dissect/protocols/tcp-analysis.ts. */
export const TCP_ANALYSIS = {
  RETRANSMISSION: 0x1,
  FAST_RETRANSMISSION: 0x2,
  SPURIOUS_RETRANSMISSION: 0x4,
  OUT_OF_ORDER: 0x8,
  LOST_SEGMENT: 0x10,
  ACK_LOST_SEGMENT: 0x20,
  DUPLICATE_ACK: 0x40,
  ZERO_WINDOW: 0x80,
  ZERO_WINDOW_PROBE: 0x100,
  ZERO_WINDOW_PROBE_ACK: 0x200,
  WINDOW_FULL: 0x400,
  WINDOW_UPDATE: 0x800,
  KEEP_ALIVE: 0x1000,
  KEEP_ALIVE_ACK: 0x2000,
  REUSED_PORTS: 0x4000,
} as const;

/** TCP header flag bits (RFC 9293 §3.1), as the segment's flags octet has them. */
const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const ACK = 0x10;

/** Fast retransmission: within this long of the peer's last ACK (Wireshark's 20 ms). */
const FAST_RETRANSMISSION_WINDOW = 0.02;
/** Out-of-order: within this long of the highest segment so far, when no initial RTT is known (Wireshark's 3 ms). */
const OUT_OF_ORDER_DEFAULT = 0.003;
/** Unacknowledged segments kept per direction (beyond: not listed; their ACKs name no frame). Wireshark keeps 10 000. */
const MAX_UNACKED = 10_000;

/** One segment, as the analysis reads it. */
export interface AnalysedSegment {
  readonly frame: number;
  /** Seconds, any origin (the same for the whole capture); NaN when the frame has no timestamp. */
  readonly time: number;
  /** 0: from the conversation's first endpoint, 1: from the other. */
  readonly dir: 0 | 1;
  /** The sequence number relative to this direction's base (tcp.seq). */
  readonly seq: number;
  /** The acknowledgement number relative to the other direction's base (tcp.ack); as on the wire without ACK. */
  readonly ack: number;
  /** The TCP flags (FIN 0x01 … CWR 0x80; bits above are ignored). */
  readonly flags: number;
  /** Payload octets. */
  readonly length: number;
  /** The window field as sent, unscaled. */
  readonly window: number;
  /** The other direction's window scale shift: ≥ 0, -1 unknown (its SYN unseen), -2 not used. */
  readonly peerWindowScale: number;
  /** A SYN with a new initial sequence number on a 4-tuple seen before started this conversation. */
  readonly reusedPorts: boolean;
}

/** What the analysis says of one segment: the conversation's `out`, overwritten by the next segment. */
export type SegmentAnalysis = { -readonly [K in keyof TcpAnalysis]: TcpAnalysis[K] };

interface Half {
  nextSeq: number;
  nextSeqFrame: number;
  nextSeqTime: number;
  maxSeqToBeAcked: number;
  lastAck: number;
  lastAckTime: number;
  lastNonDupAck: number;
  dupAckNum: number;
  /**
   * Acknowledgements beyond this direction's segments are not flagged again (tshark 4.0, found by test): from one so
   * flagged, or from this direction's duplicate ACK, until this direction's ACK moves, a segment of it was missed, or
   * it sends from the point the flagged ACK acknowledged (`quietUntilSeq`).
   */
  ackLostQuiet: boolean;
  quietUntilSeq: number;
  /** The last window field sent (raw); -1 before any. */
  window: number;
  /** The analysis flags of this direction's latest segment. */
  lastFlags: number;
  /**
   * Unacknowledged segments, oldest first: relative sequence number, next sequence number, frame, time; the first
   * `unacked` entries of each array (the arrays are not shortened: a segment is sent and acknowledged every frame).
   */
  unacked: number;
  readonly unSeq: number[];
  readonly unNext: number[];
  readonly unFrame: number[];
  readonly unTime: number[];
}

export interface TcpAnalysisState {
  readonly halves: readonly [Half, Half];
  synTime: number;
  synDir: number;
  sawSynAck: boolean;
  initialRtt: number;
  readonly out: SegmentAnalysis;
}

const newHalf = (): Half => ({
  nextSeq: 0,
  nextSeqFrame: 0,
  nextSeqTime: 0,
  maxSeqToBeAcked: 0,
  lastAck: 0,
  lastAckTime: 0,
  lastNonDupAck: 0,
  dupAckNum: 0,
  ackLostQuiet: false,
  quietUntilSeq: 0,
  window: -1,
  lastFlags: 0,
  unacked: 0,
  unSeq: [],
  unNext: [],
  unFrame: [],
  unTime: [],
});

/** A conversation's analysis, from its first segment. */
export function createTcpAnalysis(): TcpAnalysisState {
  return {
    halves: [newHalf(), newHalf()],
    synTime: NaN,
    synDir: -1,
    sawSynAck: false,
    initialRtt: NaN,
    out: noAnalysis(),
  };
}

/** Sequence-space comparisons, modulo 2^32 (RFC 9293 §3.4). */
const gt = (a: number, b: number): boolean => ((a - b) | 0) > 0;
const lt = (a: number, b: number): boolean => ((a - b) | 0) < 0;
const le = (a: number, b: number): boolean => ((a - b) | 0) <= 0;
const u32 = (n: number): number => n >>> 0;

/**
 * The next segment of the conversation, in capture order. Returns its TCP_ANALYSIS flags; the rest of the answer is
 * in `state.out` until the next call.
 */
export function analyseSegment(state: TcpAnalysisState, s: AnalysedSegment): number {
  const fwd = state.halves[s.dir];
  const rev = state.halves[s.dir === 0 ? 1 : 0];
  const out = state.out;
  const tf = s.flags;
  const len = s.length;
  const window = s.window;
  const now = s.time;

  const hasAck = (tf & ACK) !== 0;
  const seq = s.seq;
  const ack = s.ack;

  // The handshake's round trip: the SYN, then the SYN-ACK, then the first ACK from the SYN's side.
  if ((tf & (SYN | ACK)) === SYN) {
    state.synTime = now;
    state.synDir = s.dir;
  } else if ((tf & (SYN | ACK)) === (SYN | ACK)) {
    state.sawSynAck = state.synDir >= 0;
  } else if (hasAck && state.sawSynAck && s.dir === state.synDir && Number.isNaN(state.initialRtt)) {
    state.initialRtt = now - state.synTime;
  }
  out.initialRtt = state.initialRtt;

  let flags = s.reusedPorts ? TCP_ANALYSIS.REUSED_PORTS : 0;
  const sfr = tf & (SYN | FIN | RST);
  let repeatedAck = false;

  if (len === 1 && seq === fwd.nextSeq && rev.window === 0) {
    // Zero window probe: one octet at the next sequence number into the peer's closed window.
    flags |= TCP_ANALYSIS.ZERO_WINDOW_PROBE;
  } else {
    if (window === 0 && sfr === 0) flags |= TCP_ANALYSIS.ZERO_WINDOW;
    if (fwd.nextSeq !== 0 && gt(seq, fwd.nextSeq) && (tf & RST) === 0) flags |= TCP_ANALYSIS.LOST_SEGMENT;
    if (len <= 1 && seq === u32(fwd.nextSeq - 1) && sfr === 0) flags |= TCP_ANALYSIS.KEEP_ALIVE;
    const sameSeqAck = len === 0 && seq === fwd.nextSeq && ack === fwd.lastAck && sfr === 0;
    if (sameSeqAck && window !== 0 && window !== fwd.window) flags |= TCP_ANALYSIS.WINDOW_UPDATE;
    if (
      len > 0 &&
      s.peerWindowScale !== -1 &&
      u32(seq + len) === u32(rev.lastAck + rev.window * 2 ** (s.peerWindowScale === -2 ? 0 : s.peerWindowScale)) &&
      sfr === 0
    )
      flags |= TCP_ANALYSIS.WINDOW_FULL;
    if (sameSeqAck && window !== 0 && window === fwd.window && (rev.lastFlags & TCP_ANALYSIS.KEEP_ALIVE) !== 0) {
      flags |= TCP_ANALYSIS.KEEP_ALIVE_ACK;
    } else if (
      len === 0 &&
      window === 0 &&
      window === fwd.window &&
      seq === fwd.nextSeq &&
      ack === fwd.lastAck &&
      (rev.lastFlags & TCP_ANALYSIS.ZERO_WINDOW_PROBE) !== 0 &&
      sfr === 0
    ) {
      flags |= TCP_ANALYSIS.ZERO_WINDOW_PROBE_ACK;
    } else if (sameSeqAck && window !== 0 && window === fwd.window) {
      // The same ACK again, window unchanged, no data, no SYN/FIN/RST: Wireshark's duplicate ACK. RFC 5681 §2 calls it
      // one only while (a) its receiver has data outstanding: the peer sent beyond what it acknowledges. Without that
      // (a repeated pure ACK on an idle connection) framescope, following the RFC, does not flag it; Wireshark does.
      repeatedAck = true;
      fwd.dupAckNum++;
      if (rev.nextSeq !== 0 && gt(rev.nextSeq, ack)) {
        flags |= TCP_ANALYSIS.DUPLICATE_ACK;
        out.duplicateAckNum = fwd.dupAckNum;
        out.duplicateAckFrame = fwd.lastNonDupAck;
      }
    }
  }

  if (ack !== fwd.lastAck) {
    fwd.lastNonDupAck = s.frame;
    fwd.dupAckNum = 0;
  }

  if (
    repeatedAck ||
    (flags & TCP_ANALYSIS.LOST_SEGMENT) !== 0 ||
    ack !== fwd.lastAck ||
    (fwd.ackLostQuiet && seq === fwd.quietUntilSeq)
  )
    fwd.ackLostQuiet = repeatedAck;
  if (rev.maxSeqToBeAcked !== 0 && gt(ack, rev.maxSeqToBeAcked) && hasAck && !rev.ackLostQuiet) {
    // It acknowledges octets of the peer that were never captured.
    flags |= TCP_ANALYSIS.ACK_LOST_SEGMENT;
    rev.maxSeqToBeAcked = rev.nextSeq;
    rev.ackLostQuiet = true;
    rev.quietUntilSeq = ack;
  }

  if ((len > 0 || (tf & (SYN | FIN)) !== 0) && (flags & TCP_ANALYSIS.KEEP_ALIVE) === 0) {
    let notAdvanced = fwd.nextSeq !== 0 && lt(seq, fwd.nextSeq);
    // One octet below the next sequence number, with more data: after a zero window probe the receiver dropped.
    if (len > 1 && u32(fwd.nextSeq - 1) === seq) notAdvanced = false;
    if (len > 0 && rev.lastAck !== 0 && le(u32(seq + len), rev.lastAck)) {
      // tshark 4.0 marks it a retransmission as well (its Info names only the spurious one).
      flags |= TCP_ANALYSIS.SPURIOUS_RETRANSMISSION | TCP_ANALYSIS.RETRANSMISSION;
    } else if (notAdvanced) {
      const nextSeq = u32(seq + len + ((tf & (SYN | FIN)) !== 0 ? 1 : 0));
      const threshold =
        Number.isNaN(state.initialRtt) || state.initialRtt === 0 ? OUT_OF_ORDER_DEFAULT : state.initialRtt;
      if (rev.dupAckNum >= 2 && rev.lastAck === seq && now - rev.lastAckTime < FAST_RETRANSMISSION_WINDOW) {
        // tshark 4.0 marks it a retransmission as well (its Info names only the fast one).
        flags |= TCP_ANALYSIS.FAST_RETRANSMISSION | TCP_ANALYSIS.RETRANSMISSION;
      } else if (now - fwd.nextSeqTime < threshold && fwd.nextSeq !== nextSeq) {
        flags |= TCP_ANALYSIS.OUT_OF_ORDER;
      } else {
        flags |= TCP_ANALYSIS.RETRANSMISSION;
      }
    }
  }

  let nextSeq = u32(seq + len);
  if (len > 0 || (tf & (SYN | FIN)) !== 0) {
    if ((tf & (SYN | FIN)) !== 0) nextSeq = u32(nextSeq + 1);
    if (fwd.unacked < MAX_UNACKED) {
      const k = fwd.unacked++;
      fwd.unSeq[k] = seq;
      fwd.unNext[k] = nextSeq;
      fwd.unFrame[k] = s.frame;
      fwd.unTime[k] = now;
    }
  }
  const probe = (flags & TCP_ANALYSIS.ZERO_WINDOW_PROBE) !== 0;
  if ((gt(nextSeq, fwd.nextSeq) || fwd.nextSeq === 0) && !probe) {
    fwd.nextSeq = nextSeq;
    fwd.nextSeqFrame = s.frame;
    fwd.nextSeqTime = now;
  }
  if ((seq === fwd.maxSeqToBeAcked || fwd.maxSeqToBeAcked === 0) && !probe) fwd.maxSeqToBeAcked = fwd.nextSeq;

  fwd.window = window;
  fwd.lastAck = ack;
  fwd.lastAckTime = now;
  fwd.lastFlags = flags;

  acknowledge(rev, ack, now, out);
  out.flags = flags;
  if ((flags & TCP_ANALYSIS.DUPLICATE_ACK) === 0) {
    out.duplicateAckNum = 0;
    out.duplicateAckFrame = 0;
  }
  return flags;
}

/** Drops the peer's segments this ACK covers; names the one it acknowledges exactly. */
function acknowledge(rev: Half, ack: number, now: number, out: SegmentAnalysis): void {
  out.acksFrame = 0;
  out.ackRtt = 0;
  const { unSeq, unNext, unFrame, unTime } = rev;
  let kept = 0;
  for (let i = 0; i < rev.unacked; i++) {
    const next = unNext[i]!;
    if (ack === next) {
      // The newest segment ending here wins: Wireshark walks newest first, so the oldest match is the one it names.
      if (out.acksFrame === 0) {
        out.acksFrame = unFrame[i]!;
        out.ackRtt = now - unTime[i]!;
      }
      continue;
    }
    if (gt(ack, unSeq[i]!) && le(ack, next)) unSeq[i] = ack;
    else if (!gt(next, ack)) continue;
    unSeq[kept] = unSeq[i]!;
    unNext[kept] = next;
    unFrame[kept] = unFrame[i]!;
    unTime[kept] = unTime[i]!;
    kept++;
  }
  rev.unacked = kept;
}

/** Every frame's analysis, numbers only, by frame number (frames with a TCP segment placed in capture order). */
/**
 * Answers by slot: the caller's index for a frame (tcp-facts.ts: the frame number less the frames it let go), so that a
 * streaming pass keeps memory bounded.
 */
export interface AnalysisLog {
  /** Keeps slot `frame`'s answer (`state.out` right after `analyseSegment`). */
  keep(frame: number, out: SegmentAnalysis): void;
  /** Slot `frame`'s answer in `into` (reused), or undefined when the analysis has nothing to say of it. */
  read(frame: number, into: SegmentAnalysis): SegmentAnalysis | undefined;
  /** The first `count` slots let go: slot `count` becomes slot 0. */
  forget(count: number): void;
}

/** A typed array `length` long holding `array`'s values first (the rest zero). */
export function grown<T extends Int8Array | Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array>(
  array: T,
  length: number,
): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  return next;
}

/** A conversation's answer before any segment (and the object a reader reuses). */
export const noAnalysis = (): SegmentAnalysis => ({
  flags: 0,
  duplicateAckNum: 0,
  duplicateAckFrame: 0,
  acksFrame: 0,
  ackRtt: 0,
  initialRtt: NaN,
});

export function createAnalysisLog(): AnalysisLog {
  let flags = new Uint16Array(1024);
  let dupNum = new Uint32Array(1024);
  let dupFrame = new Uint32Array(1024);
  let acksFrame = new Uint32Array(1024);
  let ackRtt = new Float64Array(1024);
  let initialRtt = new Float64Array(1024).fill(NaN);
  return {
    keep(frame, out) {
      if (frame >= flags.length) {
        const length = Math.max(frame + 1, flags.length * 2);
        const filled = initialRtt.length;
        flags = grown(flags, length);
        dupNum = grown(dupNum, length);
        dupFrame = grown(dupFrame, length);
        acksFrame = grown(acksFrame, length);
        ackRtt = grown(ackRtt, length);
        initialRtt = grown(initialRtt, length).fill(NaN, filled);
      }
      flags[frame] = out.flags;
      dupNum[frame] = out.duplicateAckNum;
      dupFrame[frame] = out.duplicateAckFrame;
      acksFrame[frame] = out.acksFrame;
      ackRtt[frame] = out.ackRtt;
      initialRtt[frame] = out.initialRtt;
    },
    forget(count) {
      for (const array of [flags, dupNum, dupFrame, acksFrame, ackRtt, initialRtt]) array.copyWithin(0, count);
      const from = Math.max(0, flags.length - count);
      for (const array of [flags, dupNum, dupFrame, acksFrame, ackRtt]) array.fill(0, from);
      initialRtt.fill(NaN, from);
    },
    read(frame, into) {
      if (frame >= flags.length) return undefined;
      if (flags[frame] === 0 && acksFrame[frame] === 0 && Number.isNaN(initialRtt[frame]!)) return undefined;
      into.flags = flags[frame]!;
      into.duplicateAckNum = dupNum[frame]!;
      into.duplicateAckFrame = dupFrame[frame]!;
      into.acksFrame = acksFrame[frame]!;
      into.ackRtt = ackRtt[frame]!;
      into.initialRtt = initialRtt[frame]!;
      return into;
    },
  };
}
