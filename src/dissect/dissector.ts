// The contract between the engine and one protocol file. Protocol files never import each other:
// what an upper layer needs from a lower one travels in `Context`, what comes next is a dispatch key.
import type { Field, Problem, SourceRange } from './model';
import type { Bytes } from './reader';
import type { LayerSink } from './sink';

/** "Decode as": force a dispatch table entry to a protocol, or to none ("data"). Plain data: it travels in permalinks. */
export interface DecodeAs {
  readonly table: DispatchTableName;
  readonly key: number;
  /** A protocol name (e.g. "tpkt") or "none". */
  readonly protocol: string;
}

export interface DissectOptions {
  readonly decodeAs?: readonly DecodeAs[];
  /**
   * COTP normal or extended formats. Negotiated in CR/CC for the whole connection; a lone TPDU cannot say, so
   * "auto" infers it from LI (even = normal, odd = extended, ISO 8073 13.7.4 NOTE) and says so.
   */
  readonly cotpFormat?: 'auto' | 'normal' | 'extended';
  /**
   * IPv4 header, TCP, UDP, ICMP and ICMPv6 checksums. "auto" (the default) verifies them and recognises, exactly, the values a sending
   * host leaves for its network card to finish (checksum offload): those are not problems. "on": every mismatch is an
   * error, offload included. "off": nothing is verified, as tshark by default.
   */
  readonly checksums?: ChecksumMode;
  /**
   * False when each frame is dissected on its own, with no stream layer joining TPKTs and TSDUs (`--no-reassembly`):
   * each TPDU is then seen alone, so a DT without EOT offers its user data too, as part of a TSDU (`cotp.part`), as
   * tshark does with cotp.reassemble off. Absent: a TSDU is decoded once, whole, where it completes.
   */
  readonly reassembly?: boolean;
  /**
   * TCP sequence and acknowledgment numbers relative to each direction's first (tcp.seq, tcp.ack, tcp.nxtseq, the
   * Info column's Seq=/Ack=, SACK edges), as Wireshark's tcp.relative_sequence_numbers. Absent: true (the default).
   * False: the numbers as on the wire.
   */
  readonly relativeSequenceNumbers?: boolean;
}

export type ChecksumMode = 'auto' | 'on' | 'off';

/** Facts lower layers hand up (the TCP checksum needs the IP pseudo-header). */
export interface Context {
  readonly frameNumber: number;
  readonly linkType: number;
  readonly options: DissectOptions;
  /** IPv4 source and destination address bytes, and the protocol number, for pseudo-header sums. */
  readonly ipv4?: { readonly src: Bytes; readonly dst: Bytes; readonly proto: number };
  /** IPv6 source and destination address bytes, for the upper-layer checksum pseudo-header (RFC 8200 §8.1). */
  readonly ipv6?: { readonly src: Bytes; readonly dst: Bytes };
  readonly tcp?: { readonly srcport: number; readonly dstport: number };
  /** The stream pass's TCP conversations (src/dissect/stream/tcp-facts.ts); absent: the frame stands alone. */
  readonly tcpStreams?: TcpStreams;
  /** Seconds since the capture's first frame; absent without timestamps (pasted bytes: 0). */
  readonly time?: number;
  /**
   * Set by the IP layer when the frame ends before its datagram does (captured shorter than sent: a snapshot length, or
   * the part of a datagram an ICMP error quotes): where the datagram would end. A checksum over it cannot be verified.
   */
  readonly datagramEnd?: number;
  /**
   * Set for the layers of the datagram an ICMP or ICMPv6 error message quotes (RFC 792: its IP header and the first
   * 64 bits of its data; RFC 4443 §2.4 (c): as much as fits). The quote may end anywhere after those, so nothing in it
   * is reported as cut short; the packet list's columns stay the error message's.
   */
  readonly quote?: true;
  /**
   * Set when the TPKT below runs past the bytes here (the rest follows in a later TCP segment, or was not captured):
   * where its length says it ends. A TPDU cut where the bytes end is then not at fault; one reaching past this still is.
   */
  readonly tpktEnd?: number;
  /** The SPDU whose user data this is (ISO 8327 / X.225 SI code): which PPDU the presentation layer expects (X.226 §7). */
  readonly spdu?: number;
  /**
   * Set on the user data of a DT without EOT dissected on its own (`cotp.part`): the first part of a TSDU whose rest
   * follows in later DTs, so a PDU running past these bytes is expected there, not at fault.
   */
  readonly tsduContinues?: boolean;
}

/** Where the next layer is looked up: a dispatch table and the key(s) to try in order. */
export interface Next {
  readonly table: DispatchTableName;
  readonly keys: readonly number[];
}

const NEXTS = new Map<DispatchTableName, Map<number, Next>>();

/**
 * The `Next` for one key of a table, made once: every frame names the same few (an EtherType, an IP protocol), and a
 * layer's output then holds no new object for it. Bounded by the tables' key spaces (16 bits at most for one key).
 */
export function nextFor(table: DispatchTableName, key: number): Next {
  let byKey = NEXTS.get(table);
  if (byKey === undefined) NEXTS.set(table, (byKey = new Map()));
  let next = byKey.get(key);
  if (next === undefined) byKey.set(key, (next = { table, keys: [key] }));
  return next;
}

/**
 * `cotp.vp`: a CR/CC variable part that is not ISO 8073 parameters (RDP puts its negotiation there).
 * `ip.version`: the first nibble of a LINKTYPE_RAW frame (4 or 6).
 * `tpkt.port`: a TPKT payload that is not COTP, by the TCP ports, lower first (H.323's Q.931 on 1720).
 * `t125.data`: the user data of an MCS connect PDU (T.124 GCC, found by its object identifier).
 * `t124.h221`: a GCC user data value, by its H.221 non-standard key as a 32-bit number (RDP's "Duca" and "McDn").
 * `cotp.part`: the user data of a DT without EOT when each TPDU is dissected on its own (reassembly off): part of a
 * TSDU, handed up for a protocol that recognises the start of its PDU there (the session layer; a continuation of a
 * TSDU is not the start of anything, and is not taken).
 * `ses`: the SS-user data of an SPDU (key 0: the presentation layer). `pres.data`: a presentation data value (or an
 * ACSE EXTERNAL's), a value of whatever abstract syntax the presentation context names (ACSE, MMS).
 */
export type DispatchTableName =
  | 'link'
  | 'eth.type'
  | 'ip.version'
  | 'ip.proto'
  | 'tcp.port'
  | 'tpkt'
  | 'tpkt.port'
  | 'cotp.vp'
  | 'cotp.data'
  | 'cotp.part'
  | 't125.data'
  | 't124.h221'
  | 'ses'
  | 'pres.data';

export interface LayerOutput {
  /** Problems that concern the layer, not one field (field problems live on the fields). */
  readonly problems: Problem[];
  readonly summary: string;
  /** Packet-list Info text this layer contributes. */
  readonly info?: string;
  /** Said before the frame's Info, whichever layer gives it (TCP's analysis markers, "[TCP Retransmission] "). */
  readonly infoPrefix?: string;
  /** The Protocol column when it is not the protocol name in capitals ("TLSv1.2"). */
  readonly column?: string;
  readonly addresses?: { readonly source: string; readonly destination: string };
  /** Where this layer's own bytes end (header, or header + payload it consumed itself). */
  readonly end: number;
  /** The payload handed on, if any. */
  readonly payload?: { readonly offset: number; readonly end: number; readonly next?: Next };
  /** Context for the layers above. */
  readonly context?: Partial<Context>;
  /** Claims bytes after the payload (inside this layer's range) as its own trailer/padding fields, on its sink. */
  readonly claimTrailer?: (out: LayerSink, bytes: Bytes, start: number, end: number) => void;
  /** Claims the whole payload back as its own fields when no protocol takes it (COTP's variable part, offered to RDP). */
  readonly claimUnclaimed?: (out: LayerSink, bytes: Bytes, start: number, end: number) => void;
}

export interface DissectorInput {
  readonly bytes: Bytes;
  /** The layer's range [offset, end) within the frame. */
  readonly offset: number;
  readonly end: number;
  readonly context: Context;
  /** Where the layer's fields go (the tree, or a lean pass). */
  readonly out: LayerSink;
}

export type Dissector = (input: DissectorInput) => LayerOutput;

export interface Protocol {
  readonly protocol: string;
  readonly dissect: Dissector;
  /** Dissect again on leftover payload bytes (several TPKTs in one segment, several TPDUs in one TPKT). */
  readonly repeat?: (bytes: Bytes, offset: number, end: number) => boolean;
  /**
   * For a table hit (a port says "TPKT"): true when the bytes are plausibly this protocol, else why not — or false
   * when they are too few to judge (a 1-octet keep-alive), which is nothing worth a note. A port is a hint, not a
   * proof: a port may list several protocols, tried in order (3389: TPKT, TLS, RDP fast-path).
   */
  readonly accepts?: (bytes: Bytes, offset: number, end: number) => boolean | string;
}

/**
 * Reassembly facts for one frame's TCP payload (made by src/dissect/stream, which sees the frames in capture order):
 * which bytes are dissected here as usual and which belong to a PDU reassembled in some frame. Plain data in, so
 * the dissector stays a pure function of its input.
 */
export interface PayloadPlan {
  /** The TCP payload's offset in the frame: the plan applies to the TCP layer whose payload starts here (-1: none). */
  readonly payloadOffset: number;
  /** In byte order, together covering the payload; none when the frame's payload is dissected as on its own. */
  readonly pieces: readonly PayloadPiece[];
  /** A COTP TSDU completed in this frame: dissected after the frame's own layers, as a byte source of its own. */
  readonly tsdu?: PlannedTsdu;
}

export type PayloadPiece =
  /**
   * Dissected as without reassembly: whole PDUs, or bytes the stream layer could not place. `as`: the protocol the
   * conversation carries here (TLS once RDP's negotiation chose it), which the port's own order must not second-guess.
   */
  | { readonly kind: 'decode'; readonly offset: number; readonly end: number; readonly as?: StreamPdu }
  /**
   * Bytes of a PDU reassembled elsewhere (or a retransmission): `fields` join the TCP layer, `info` the packet
   * list's Info; `source`, on the frame where the PDU completes, is dissected as its own byte source.
   */
  | {
      readonly kind: 'segment';
      readonly offset: number;
      readonly end: number;
      readonly fields: readonly Field[];
      readonly info?: string;
      /** `info` stands instead of the TCP layer's own Info (a part of a PDU decoded elsewhere), not after it. */
      readonly replacesInfo?: true;
      readonly source?: PlannedSource;
    };

/** The PDUs the stream layer frames and reassembles on a TCP conversation; each is also the protocol that decodes it. */
export type StreamPdu = 'tpkt' | 'tls' | 'rdp-fastpath';

export interface PlannedSource {
  readonly kind: StreamPdu;
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly ranges: readonly SourceRange[];
}

/**
 * A COTP TSDU: the user data of several DT TPDUs joined up to the one with EOT (ISO 8073 13.7.3), dissected from `next`
 * (COTP's `cotp.data`) so that a protocol registered there decodes it whole.
 */
export interface PlannedTsdu {
  readonly kind: 'tsdu';
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly ranges: readonly SourceRange[];
  readonly next: Next;
  /** The summary of the data layer the bytes become when no protocol takes them. */
  readonly undecoded: string;
  /**
   * The last DT's user data, which completes the TSDU: where it ends, in the frame's bytes or in `in` (the TPKT
   * reassembled in this frame that holds that DT). That payload is not handed to `next` on its own: the TSDU is.
   */
  readonly last?: { readonly end: number; readonly in?: PlannedSource };
}

/**
 * What the stream pass hands one frame's dissection, besides a payload plan: the TCP conversations followed so far
 * (so that the TCP layer knows its stream index and what its numbers are relative to) and the frame's time.
 */
export interface FrameStream {
  readonly tcp: TcpStreams;
  /** Seconds since the capture's first frame; undefined when the frame has no timestamp. */
  readonly time: number | undefined;
}

/** One TCP segment's header as the TCP layer read it: what the stream pass needs to place it in its conversation. */
export interface TcpSegmentHeader {
  /** The IP source and destination address bytes. */
  readonly src: Bytes;
  readonly dst: Bytes;
  readonly srcport: number;
  readonly dstport: number;
  readonly seq: number;
  readonly ack: number;
  /** The 12 bits after the data offset: reserved (3), AE (1), then CWR … FIN. */
  readonly flags: number;
  /** Payload octets. */
  readonly length: number;
  readonly window: number;
  /** The Window Scale option's shift count (RFC 7323 §2.2), -1 when the segment has none. */
  readonly windowShift: number;
}

/**
 * What the stream pass knows of one TCP segment, numbers only (src/dissect/stream/tcp-facts.ts keeps them per frame in
 * typed arrays). The object is reused: read it before the next `TcpStreams.segment` call.
 */
export interface TcpFacts {
  /** tcp.stream: the conversation's index, 0-based, in order of first appearance (a reused 4-tuple starts a new one). */
  stream: number;
  /** What this direction's sequence numbers are relative to: its ISN, or the first sequence number seen − 1. */
  seqBase: number;
  /** What the acknowledgment numbers are relative to (the other direction's base); NaN while unknown. */
  ackBase: number;
  /** This direction's window scale shift: ≥ 0, -1 unknown (the SYNs were not seen), -2 not used. */
  windowScale: number;
  /** Seconds since the conversation's first frame, and since its previous frame; NaN without timestamps. */
  timeRelative: number;
  timeDelta: number;
  /** A SYN with a new ISN on a 4-tuple already seen started this conversation (Wireshark's "TCP Port numbers reused"). */
  portsReused: boolean;
  /**
   * Sequence analysis of the segment (retransmission, duplicate ACK, zero window …): the slot the analysis module
   * (src/dissect/stream/tcp-analysis.ts) fills; tcp.ts emits it in one place (`emitAnalysis`). Undefined: nothing.
   */
  analysis: TcpAnalysis | undefined;
}

/** The result of sequence analysis for one segment (src/dissect/stream/tcp-analysis.ts), carried here unchanged. */
export interface TcpAnalysis {
  /** Bit set of the analysis flags that apply (TCP_ANALYSIS). */
  readonly flags: number;
  /** With a duplicate ACK: how many times this ACK has been repeated, and the frame that first sent it. */
  readonly duplicateAckNum: number;
  readonly duplicateAckFrame: number;
  /** The frame whose segment this ACK acknowledges (0: none), and the time since it was sent (seconds). */
  readonly acksFrame: number;
  readonly ackRtt: number;
  /** The handshake's round trip (SYN to the ACK of the SYN-ACK), once known; NaN before. */
  readonly initialRtt: number;
}

/** The TCP conversations of a capture as the TCP layer asks for them (src/dissect/stream/tcp-facts.ts). */
export interface TcpStreams {
  /**
   * This frame's segment: on its first dissection, in capture order, it is placed in its conversation and its facts
   * are kept; on any later dissection of the same frame they are read back. `header` is the TCP layer's one reused
   * object: read it during the call, never keep it.
   */
  segment(frame: number, time: number | undefined, header: TcpSegmentHeader): TcpFacts;
}
