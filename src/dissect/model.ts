// The data model shared by the UI, the CLI, the tests and every later issue.
// Plain, readonly data only: it crosses a worker boundary and serialises to JSON unchanged (STYLE.md §9).
import type { Cite } from './cite';
import type { FieldId } from './field-ids';

export type { Cite } from './cite';

/**
 * How bad a problem is, on one scale for every problem code (docs/problems.md has the table, code by code):
 * - `error`: the bytes were altered (a wrong checksum), or they break a rule so that a conforming receiver cannot
 *   take them as they are (a length below the minimum, an option overrunning its header, an unknown TPDU code);
 * - `warning`: a sender broke a "shall" / MUST but the frame is still understood (a reserved bit set), or data went
 *   missing (a segment the capture lacks, a frame or file cut short: `truncated`);
 * - `note`: worth knowing, nobody is wrong (a retransmission, a payload framescope does not decode, an inference).
 * What Wireshark calls "chat" (a window update, a keep-alive ACK, a SYN) is a fact on a field, never a problem.
 * Filters compare these as Wireshark's `_ws.expert.severity` levels (src/dissect/expert.ts SEVERITY_LEVEL).
 */
export type Severity = 'error' | 'warning' | 'note';

/** Stable machine-readable problem kinds. `truncated` (bytes missing) is not `malformed` (bytes wrong). */
export type ProblemCode =
  | 'truncated'
  | 'malformed'
  | 'reserved-nonzero'
  | 'checksum-bad'
  | 'length-mismatch'
  | 'unexpected-value'
  | 'unknown-value'
  | 'undecoded'
  | 'inferred'
  | 'input-unreadable'
  | 'internal-error'
  /** TCP stream analysis (reassembly on): bytes sent again, bytes sent twice that differ, bytes never captured. */
  | 'retransmission'
  | 'overlap-conflict'
  | 'segment-missing'
  | 'out-of-order'
  /** TCP sequence analysis (Wireshark's tcp.analysis.*): an ACK repeated while data is outstanding (RFC 5681 §2). */
  | 'duplicate-ack'
  /** … a zero window, a probe into it, the probe's answer. */
  | 'zero-window'
  /** … a segment filling the peer's advertised window to its edge. */
  | 'window-full'
  /** … a keep-alive probe. */
  /** … a new connection on the addresses and ports of an earlier one. */
  | 'ports-reused'
  /** A bound on what one conversation may hold in memory was reached (reassembly stops there, with a note). */
  | 'cap-reached';

export interface Problem {
  readonly severity: Severity;
  readonly code: ProblemCode;
  readonly message: string;
  /** Present when the problem concerns one field: that field's id and absolute offset. */
  readonly fieldId?: FieldId;
  readonly offset?: number;
  /** The rule the problem rests on. */
  readonly cite?: Cite;
  /** For input-level problems in pasted text: 1-based line and column where parsing stopped. */
  readonly line?: number;
  readonly column?: number;
  /** For problems with a capture file: the byte offset in the file (after gunzip) where it went wrong. */
  readonly fileOffset?: number;
  /** For problems with one record of a capture file: the frame it holds. */
  readonly frame?: number;
  /** Further texts the message relies on (e.g. RFC 1122's robustness principle). */
  readonly seeAlso?: readonly Cite[];
  /** Set when `offset` counts in one of the frame's reassembled sources (`Frame.sources[source]`), not its own bytes. */
  readonly source?: number;
}

/** A field's value in Wireshark's meaning: what a display filter compares. */
export type FieldValue = number | string;

export interface Field {
  /** Wireshark display-filter name where Wireshark has the field; same style otherwise. */
  readonly id: string;
  /** Absolute offset in the frame, in bytes. With `length`, a half-open range [offset, offset + length). */
  readonly offset: number;
  readonly length: number;
  readonly value: FieldValue;
  /** The span's bytes as lowercase hex: nothing is lost. */
  readonly raw: string;
  /** Human text, from one formatter per kind (value-table name included). */
  readonly display: string;
  readonly problems?: readonly Problem[];
  readonly children?: readonly Field[];
  /** Only for values not read from the frame's bytes (a computed checksum). */
  readonly generated?: true;
}

export interface Layer {
  /** Wireshark's protocol filter name: eth, ip, tcp, tpkt, cotp, tls, rdp, data. */
  readonly protocol: string;
  /** The packet list's Protocol column when it is not `protocol` in capitals ("TLSv1.2"). */
  readonly column?: string;
  /** The span its own fields cover (padding and trailers included). */
  readonly offset: number;
  readonly length: number;
  readonly fields: readonly Field[];
  /** One-line summary as in Wireshark's tree header, e.g. "TPKT, Version: 3, Length: 44". */
  readonly summary: string;
  /**
   * A layer of the datagram an ICMP or ICMPv6 error message quotes, inside that message (Wireshark nests it there): it
   * gives the packet list no column, and being cut short is no fault in it.
   */
  readonly quoted?: true;
}

export interface Frame {
  /** 1-based frame number. */
  readonly number: number;
  /** Captured bytes. */
  readonly length: number;
  /** pcap LINKTYPE_* value (1 = Ethernet). */
  readonly linkType: number;
  readonly layers: readonly Layer[];
  /** Every problem of the frame, field problems included, in byte order. */
  readonly problems: readonly Problem[];
  /** Wireshark-style packet-list columns. */
  readonly summary: FrameSummary;
  /** Present when the frame was read from a capture file: what its record says beyond the bytes. */
  readonly capture?: FrameCapture;
  /**
   * Reassembly on (a capture): PDUs completed in this frame from bytes of several frames, each its own byte source.
   * Field offsets inside a source's layers count from the start of that source's bytes.
   */
  readonly sources?: readonly FrameSource[];
  /** Reassembly on: this frame's bytes belong to PDUs completed in later (or other) frames. */
  readonly reassembledIn?: readonly ReassembledIn[];
}

/** A byte range of a reassembled source that came from one frame: [offset, offset + length) of that frame's bytes. */
export interface SourceRange {
  readonly frame: number;
  readonly offset: number;
  readonly length: number;
  /** Where the range starts in the source's bytes. */
  readonly sourceOffset: number;
}

/** A PDU rebuilt from several frames (a TPKT split across TCP segments, a TSDU split across COTP DT TPDUs). */
/** What a reassembled source is: a TPKT, a TLS record or an RDP fast-path PDU rebuilt from TCP segments, or a COTP TSDU. */
export type SourceKind = 'tpkt' | 'tls' | 'rdp-fastpath' | 'tsdu';

export interface FrameSource {
  readonly kind: SourceKind;
  /** "Reassembled TPKT (3 segments, 1460 bytes)". */
  readonly name: string;
  readonly length: number;
  /** The source's bytes as lowercase hex. */
  readonly raw: string;
  /** In source order; together they cover the whole source. */
  readonly ranges: readonly SourceRange[];
  /** The source dissected; offsets count in the source's bytes. */
  readonly layers: readonly Layer[];
}

export interface ReassembledIn {
  readonly kind: SourceKind;
  /** This frame's bytes that belong to the PDU, [offset, offset + length). */
  readonly offset: number;
  readonly length: number;
  /** The frame where the PDU completes; absent when it never does (bytes missing, the capture ends, a cap). */
  readonly frame?: number;
}

export interface FrameCapture {
  /** Seconds since 1970-01-01 UTC, as tshark's frame.time_epoch ("1408528821.080446"); absent when the record has no timestamp. */
  readonly epoch?: string;
  /** Seconds since the first frame, as tshark's default time column ("0.000531"). */
  readonly relative?: string;
  /** The packet's length on the wire; `length` is what was captured. */
  readonly originalLength: number;
  /** The capture interface, counted over the whole file (pcapng sections included); 0 for pcap. */
  readonly interface: number;
  readonly comments?: readonly string[];
}

export interface FrameSummary {
  readonly source: string;
  readonly destination: string;
  readonly protocol: string;
  readonly info: string;
}

/** Static facts about a field id, stated once (STYLE.md §4). */
export interface FieldSchema {
  readonly label: string;
  readonly cite: Cite;
  readonly reserved?: true;
  /** Only for sub-byte fields: over the big-endian integer of the span. */
  readonly mask?: number;
  /** What the field means, in a sentence or two. */
  readonly meaning: string;
}

export interface Dissection {
  /** The document's format, its first key: a reader checks it before reading on. */
  readonly version: 1;
  readonly schema: Readonly<Record<string, FieldSchema>>;
  readonly frames: readonly Frame[];
  /** Input-level problems: unreadable lines, a damaged file. */
  readonly problems: readonly Problem[];
}
