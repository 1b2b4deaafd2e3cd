// What an input parser hands the dissector: frames of bytes with a link type, plus what went wrong where.
import type { Problem } from '../dissect/model';

export interface InputFrame {
  readonly bytes: Uint8Array;
  /** pcap LINKTYPE_* value. */
  readonly linkType: number;
}

export interface ParsedInput {
  /** What the parser understood, e.g. "offset dump (ADDR HEX ASCII)". */
  readonly format: string;
  readonly frames: readonly InputFrame[];
  readonly problems: readonly Problem[];
}
