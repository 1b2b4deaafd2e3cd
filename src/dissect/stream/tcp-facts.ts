// TCP conversations as Wireshark numbers them, followed in capture order while each frame's TCP layer is dissected
// (the TCP dissector asks, through its Context, as Wireshark's does): the stream index, what each direction's numbers
// are relative to, each direction's window scale, and the timing within the conversation. Kept per frame in typed
// arrays indexed by frame number — numbers only, no object per frame — so that any later dissection of a frame (the
// frame on screen, a filter pass, reassembly's second look) reads the same facts back. Runs whether reassembly is on or
// off: it is the TCP layer's own bookkeeping, not the stream tracker's (tracker.ts), which reads the stream index from
// each frame's record and keys its conversations by it.
//
// Wireshark's documented behaviour (User's Guide §7.5 "TCP Analysis", and tshark 4.0.17 on crafted captures, see
// tcp-facts.test.ts):
// - a conversation is a 4-tuple; its index counts from 0 in order of first appearance;
// - a SYN without ACK whose sequence number differs from its direction's base starts a new conversation on the same
//   4-tuple ("TCP Port numbers reused"); a SYN sent again with the same ISN stays in its conversation;
// - a direction's numbers are relative to its ISN (its SYN's sequence number) or, when its SYN was not seen, to the
//   first sequence number seen − 1 (so the first segment reads Seq=1); the acknowledgment numbers of the other
//   direction, when that direction was not seen yet, to the first acknowledgment number − 1;
// - window scaling (RFC 7323 §2.2) is known from the SYNs: a SYN without the option means neither side scales (-2);
//   a direction whose SYN was not seen has an unknown scale (-1), and its window is shown as on the wire.
import type { TcpFacts, TcpSegmentHeader, TcpStreams } from '../dissector';
import {
  analyseSegment,
  createAnalysisLog,
  createTcpAnalysis,
  grown,
  noAnalysis,
  type AnalysedSegment,
  type TcpAnalysisState,
} from './tcp-analysis';

const SYN = 0x02;
const ACK = 0x10;
/** RFC 7323 §2.3: a shift count above 14 is used as 14. */
const MAX_SHIFT = 14;

interface Connection {
  readonly stream: number;
  /** The endpoint that sent the conversation's first segment: direction 0. */
  readonly first: number | string;
  /** Each direction's base for relative numbers; NaN until known. */
  readonly base: [number, number];
  readonly scale: [number, number];
  readonly startTime: number;
  lastTime: number;
  /** Sequence analysis (tcp-analysis.ts). */
  readonly analysis: TcpAnalysisState;
}

/** Per-frame flags kept in one octet. */
const DIRECTION_1 = 1;
const PORTS_REUSED = 2;

/** The TCP conversations of one capture, with the per-frame facts and the slot sequence analysis fills. */
export interface TcpStreamTable extends TcpStreams {
  /** Conversations so far (the next tcp.stream is this number). */
  count(): number;
  /** The tcp.stream of a frame already placed; -1 when it holds no TCP segment placed here (or forgotten). */
  streamOf(frame: number): number;
  /**
   * Frames before this one will not be asked about again (a streaming caller wrote them): their facts may go, so that
   * memory stays bounded on a capture of any length. Conversations stay.
   */
  forgetBefore(frame: number): void;
  /** The facts of a frame already placed (a copy), undefined when it holds no TCP segment placed here. */
  factsOf(frame: number): TcpFacts | undefined;
}

/** An endpoint as a key: an IPv4 address and port as one number (48 bits), any other address as text. */
function endpoint(address: Uint8Array, port: number): number | string {
  if (address.length === 4)
    return ((address[0]! << 24) | (address[1]! << 16) | (address[2]! << 8) | address[3]!) * 65536 + port;
  let text = '';
  for (let i = 0; i < address.length; i++) text += (address[i]! < 16 ? '0' : '') + address[i]!.toString(16);
  return `${text}:${port}`;
}

export function createTcpStreams(): TcpStreamTable {
  /** Both endpoints, lower first: the conversation now current on that 4-tuple. */
  const byEndpoints = new Map<number | string, Map<number | string, Connection>>();
  const connections: Connection[] = [];
  let lastFrame = 0;
  // Per frame from `first` on (index = frame − first): stream index (-1: no TCP segment placed), direction and flags,
  // window scale, times.
  let first = 0;
  let streamOf = new Int32Array(1024).fill(-1);
  let flagsOf = new Uint8Array(1024);
  let scaleOf = new Int8Array(1024);
  let relativeOf = new Float64Array(1024);
  let deltaOf = new Float64Array(1024);
  // Sequence analysis by frame, filled while a frame is placed, read back with its other facts.
  const analysis = createAnalysisLog();
  // The segment handed to the analysis, reused (no object per frame).
  const segment: { -readonly [K in keyof AnalysedSegment]: AnalysedSegment[K] } = {
    frame: 0,
    time: NaN,
    dir: 0,
    seq: 0,
    ack: 0,
    flags: 0,
    length: 0,
    window: 0,
    peerWindowScale: -1,
    reusedPorts: false,
  };
  const analysisOut = noAnalysis();
  // Reused for every answer (TcpFacts says so).
  const facts: TcpFacts = {
    stream: 0,
    seqBase: 0,
    ackBase: NaN,
    windowScale: -1,
    timeRelative: NaN,
    timeDelta: NaN,
    portsReused: false,
    analysis: undefined,
  };

  const streamAt = (frame: number): number => {
    const i = frame - first;
    return i >= 0 && i < streamOf.length ? streamOf[i]! : -1;
  };

  const readBack = (frame: number): TcpFacts | undefined => {
    const stream = streamAt(frame);
    if (stream < 0) return undefined;
    const i = frame - first;
    const c = connections[stream]!;
    const dir = flagsOf[i]! & DIRECTION_1;
    facts.stream = stream;
    facts.seqBase = c.base[dir]!;
    facts.ackBase = c.base[1 - dir]!;
    facts.windowScale = scaleOf[i]!;
    facts.timeRelative = relativeOf[i]!;
    facts.timeDelta = deltaOf[i]!;
    facts.portsReused = (flagsOf[i]! & PORTS_REUSED) !== 0;
    facts.analysis = analysis.read(i, analysisOut);
    return facts;
  };

  const place = (frame: number, time: number | undefined, h: TcpSegmentHeader): void => {
    const src = endpoint(h.src, h.srcport);
    const dst = endpoint(h.dst, h.dstport);
    const lo = src < dst ? src : dst;
    const hi = src < dst ? dst : src;
    let inner = byEndpoints.get(lo);
    if (!inner) byEndpoints.set(lo, (inner = new Map()));
    let c = inner.get(hi);
    const syn = (h.flags & (SYN | ACK)) === SYN;
    let reused = false;
    if (c && syn) {
      const base = c.base[src === c.first ? 0 : 1]!;
      reused = !Number.isNaN(base) && base !== h.seq;
    }
    if (!c || reused) {
      const t = time ?? NaN;
      c = {
        stream: connections.length,
        first: src,
        base: [NaN, NaN],
        scale: [-1, -1],
        startTime: t,
        lastTime: t,
        analysis: createTcpAnalysis(),
      };
      connections.push(c);
      inner.set(hi, c);
    }
    const dir = src === c.first ? 0 : 1;
    const rev = 1 - dir;
    if (Number.isNaN(c.base[dir])) c.base[dir] = h.flags & SYN ? h.seq : (h.seq - 1) >>> 0;
    if (h.flags & ACK && Number.isNaN(c.base[rev])) c.base[rev] = (h.ack - 1) >>> 0;
    if (h.flags & SYN) {
      if (h.windowShift >= 0) c.scale[dir] = Math.min(h.windowShift, MAX_SHIFT);
      // Wireshark's verify_tcp_window_scaling: a SYN without the option means the connection does not scale; a SYN-ACK
      // with it answering a SYN without it does not either.
      if (c.scale[dir] === -1) {
        c.scale[dir] = -2;
        c.scale[rev] = -2;
      } else if (h.flags & ACK && c.scale[rev] === -2) c.scale[dir] = -2;
    }
    const i = frame - first;
    if (i >= streamOf.length) {
      const length = Math.max(i + 1, streamOf.length * 2);
      const filled = streamOf.length;
      streamOf = grown(streamOf, length).fill(-1, filled);
      flagsOf = grown(flagsOf, length);
      scaleOf = grown(scaleOf, length);
      relativeOf = grown(relativeOf, length);
      deltaOf = grown(deltaOf, length);
    }
    streamOf[i] = c.stream;
    flagsOf[i] = dir | (reused ? PORTS_REUSED : 0);
    scaleOf[i] = c.scale[dir]!;
    const t = time ?? NaN;
    // To the nanosecond, as capture timestamps are at best.
    relativeOf[i] = Math.round((t - c.startTime) * 1e9) / 1e9;
    deltaOf[i] = Math.round((t - c.lastTime) * 1e9) / 1e9;
    if (time !== undefined) c.lastTime = time;
    const seg = segment;
    seg.frame = frame;
    seg.time = time ?? NaN;
    seg.dir = dir;
    seg.seq = (h.seq - c.base[dir]!) >>> 0;
    // As Wireshark: relative only with ACK set.
    seg.ack = h.flags & ACK ? (h.ack - c.base[rev]!) >>> 0 : h.ack;
    seg.flags = h.flags;
    seg.length = h.length;
    seg.window = h.window;
    seg.peerWindowScale = c.scale[rev]!;
    seg.reusedPorts = reused;
    analyseSegment(c.analysis, seg);
    analysis.keep(i, c.analysis.out);
  };

  return {
    segment(frame, time, header) {
      if (frame > lastFrame) {
        lastFrame = frame;
        place(frame, time, header);
      }
      // A frame dissected again, or a second TCP header in one frame: the facts of its first placing.
      return readBack(frame) ?? loneFacts(header, facts);
    },
    count: () => connections.length,
    streamOf: streamAt,
    forgetBefore(frame) {
      const drop = frame - first;
      // Moved down only once half the arrays are forgotten: each frame's facts are copied a bounded number of times.
      if (drop < 1024 || drop < streamOf.length / 2) return;
      for (const array of [streamOf, flagsOf, scaleOf, relativeOf, deltaOf]) array.copyWithin(0, drop);
      streamOf.fill(-1, Math.max(0, streamOf.length - drop));
      first = frame;
      analysis.forget(drop);
    },
    factsOf: (frame) => {
      const f = readBack(frame);
      return f ? { ...f, ...(f.analysis ? { analysis: { ...f.analysis } } : {}) } : undefined;
    },
  };
}

/**
 * A segment with no conversation around it (a pasted frame, or a frame dissected before its capture's pass reached
 * it): what tshark says of a capture of that one frame — stream 0, its numbers relative to themselves.
 */
export function loneFacts(h: TcpSegmentHeader, into: TcpFacts): TcpFacts {
  into.stream = 0;
  into.seqBase = h.flags & SYN ? h.seq : (h.seq - 1) >>> 0;
  into.ackBase = (h.ack - 1) >>> 0;
  into.windowScale = -1;
  into.timeRelative = 0;
  into.timeDelta = 0;
  into.portsReused = false;
  into.analysis = undefined;
  return into;
}
