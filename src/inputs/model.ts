// What an input parser hands the dissector: frames of bytes with a link type, plus what went wrong where.
import type { Problem } from '../dissect/model';

export interface InputFrame {
  readonly bytes: Uint8Array;
  /** pcap LINKTYPE_* value. */
  readonly linkType: number;
  /**
   * Where `linkType` came from: `detected` from the bytes (an IP header the link header leads to checks out),
   * `assumed` when the bytes fit no link type well and Ethernet was taken. Absent when the source states it
   * (a capture file's header).
   */
  readonly linkTypeSource?: 'detected' | 'assumed';
  /** 1-based line of the pasted text where the frame's bytes start (absent for capture files). */
  readonly line?: number;
}

export interface ParsedInput {
  /** What the parser understood, e.g. "offset dump (ADDR HEX ASCII)". */
  readonly format: string;
  /** Stable id of the format, e.g. "tcpdump-xx" (see TEXT_FORMATS); absent for capture files. */
  readonly formatId?: string;
  readonly frames: readonly InputFrame[];
  readonly problems: readonly Problem[];
  /** The frames' link layer in words: "Ethernet II", or "mixed (2 Ethernet II, 1 Raw IPv4)". */
  readonly linkTypeName?: string;
}
