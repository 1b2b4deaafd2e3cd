// The stream layer's output: plain data about frames and conversations, made in one pass over a capture in order.
import type { StreamPdu } from '../dissector';
import type { ReassembledIn, Severity, SourceRange } from '../model';

/** Why bytes of a segment are not decoded in its own frame. */
export type SegmentRole =
  /** Part of a PDU (a TPKT, a TLS record…) that completes in a later frame (or never: `completedIn` stays undefined). */
  | 'part'
  /** The last bytes of a PDU whose earlier bytes came in earlier frames: the PDU is decoded here. */
  | 'completes'
  /** Bytes this direction already carried, the same again. */
  | 'retransmission'
  /** One octet just below the next expected sequence number: a TCP keep-alive probe (RFC 1122 §4.2.3.6). */
  | 'keep-alive'
  /** Bytes this direction already carried, different this time: which copy the receiver kept is unknown. */
  | 'conflict'
  /** Bytes older than those already followed, never seen before (out of order, or before a gap): not reassembled. */
  | 'out-of-order';

export type FactPiece =
  /** `as`: the PDU the conversation's framing found there, which decodes it. */
  | { readonly kind: 'decode'; readonly offset: number; readonly end: number; readonly as?: StreamPdu }
  | {
      readonly kind: 'segment';
      readonly offset: number;
      readonly end: number;
      readonly role: SegmentRole;
      /** For 'part' and 'completes': what kind of PDU. */
      readonly of?: StreamPdu;
      /** For 'part' and 'completes': the frame where the PDU starts; for a retransmission: the frame first carrying the bytes. */
      readonly frame?: number;
      /** For 'part': the frame where the PDU completes, filled in when it does. */
      completedIn?: number;
      /** For 'part' that never completes: why. */
      lost?: string;
      /**
       * For 'part' of a TPKT the capture ends before completing: the frame holding its last captured bytes, where they
       * are decoded as far as they go; on that frame's own piece also where they came from (and them, when the
       * tracker keeps bytes).
       */
      unfinished?: { readonly frame: number; readonly ranges?: readonly SourceRange[]; readonly pdu?: Uint8Array };
      /** For 'completes': where the reassembled PDU's bytes came from. */
      readonly ranges?: readonly SourceRange[];
      /** For 'completes', when the tracker keeps bytes: the reassembled PDU. */
      readonly pdu?: Uint8Array;
    };

/** What the stream layer knows about one frame; only frames with something to say have facts. */
export interface FrameFacts {
  readonly pieces?: FactPiece[];
  /** A COTP TSDU completed in this frame from several DT TPDUs (EOT = 0 … EOT = 1). */
  tsdu?: {
    readonly ranges: readonly SourceRange[];
    readonly tpdus: number;
    readonly length: number;
    readonly bytes?: Uint8Array;
  };
  /** This frame's bytes in PDUs completed elsewhere. */
  readonly reassembledIn: ReassembledIn[];
  /** Stream problems: a gap before this segment, a cap reached. */
  readonly notes: StreamNote[];
}

export interface StreamNote {
  readonly severity: Severity;
  readonly code: 'segment-missing' | 'cap-reached' | 'out-of-order' | 'retransmission' | 'overlap-conflict';
  readonly message: string;
}

export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

/** One TPDU of a conversation, in capture order. */
export interface TpduEntry {
  readonly frame: number;
  /** Seconds since the capture's first frame; absent without timestamps. */
  readonly time?: number;
  /** 0: from the conversation's first endpoint (the one that sent first, or the SYN), 1: from the other. */
  readonly direction: 0 | 1;
  /** "CR", "CC", "DT", "DR", "DC", … or "?" when the TPKT holds no decodable TPDU. */
  readonly type: string;
  /** The packet list's Info text for this TPDU ("CR TPDU src-ref: 0x0001 dst-ref: 0x0000"). */
  readonly info: string;
  readonly severity?: Severity;
  readonly problems: number;
  /** The TPKT was reassembled from this many segments (absent: it came whole). */
  readonly segments?: number;
  /** For a DT: EOT (false: more of the TSDU follows). */
  readonly eot?: boolean;
}

/** A stream event worth a mark in the conversation view. */
export interface StreamEvent {
  readonly frame: number;
  readonly time?: number;
  readonly direction: 0 | 1;
  readonly code: StreamNote['code'] | 'syn' | 'fin' | 'rst';
  readonly message: string;
  readonly severity?: Severity;
}

export interface Conversation {
  /** 1-based, in order of first appearance. */
  readonly id: number;
  readonly a: Endpoint;
  readonly b: Endpoint;
  readonly firstFrame: number;
  lastFrame: number;
  readonly tpdus: TpduEntry[];
  readonly events: StreamEvent[];
  /** Set when a cap stopped the timeline, with what was dropped. */
  capNote?: string;
}
