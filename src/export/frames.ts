// What the file writers take: a list of frames (one, or all that pass the filter), as plain data.

// One timestamp shape for reading and writing captures: seconds since 1970-01-01 UTC and 0-999 999 999 ns.
import type { Timestamp } from '../inputs/capture-time';

export type { Timestamp };

export interface ExportFrame {
  readonly bytes: Uint8Array;
  /** pcap LINKTYPE_* value. */
  readonly linkType: number;
  /** Absent for pasted frames, which have none: written as 0 (1970-01-01), as text2pcap does. */
  readonly timestamp?: Timestamp;
  /** Length on the wire when the capture cut the frame (snaplen); absent = the bytes are the whole frame. */
  readonly originalLength?: number;
}
