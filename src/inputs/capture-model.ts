// What a capture file reader knows: the file's sections and interfaces, a compact index of its frames (typed
// arrays, not an object per frame: a capture may hold a million), and what went wrong where. Plain data
// (STYLE.md §9) except the index, which grows in place as the file is read.
import type { Problem } from '../dissect/model';

export type CaptureFormat = 'pcap' | 'pcapng';

export interface CaptureSection {
  readonly index: number;
  /** File offset of the section's header (pcapng SHB; 0 for pcap). */
  readonly offset: number;
  readonly littleEndian: boolean;
  /** "2.4" for pcap, "1.0" for pcapng. */
  readonly version: string;
  readonly comments: readonly string[];
  /** pcapng shb_hardware, shb_os, shb_userappl. */
  readonly hardware?: string;
  readonly os?: string;
  readonly application?: string;
}

export interface CaptureInterface {
  /** Position in the file's list of interfaces, over all sections. */
  readonly index: number;
  readonly section: number;
  /** Interface ID within its section (what an EPB names). */
  readonly id: number;
  readonly linkType: number;
  /** 0: no limit. */
  readonly snapLen: number;
  readonly name?: string;
  readonly description?: string;
  /** Timestamp resolution: 10^-exponent s (decimal) or 2^-exponent s (binary). */
  readonly resolution: { readonly base: 2 | 10; readonly exponent: number };
  /** Fraction digits worth showing for this resolution (6 for µs, 9 for ns, at most 9). */
  readonly digits: number;
  /** pcapng if_tsoffset: seconds added to every timestamp. */
  readonly offsetSeconds: number;
  readonly comments: readonly string[];
}

/** Per-frame flags in `FrameIndex.flags`. */
export const FRAME_HAS_COMMENT = 1;
export const FRAME_HAS_PROBLEM = 2;
/** A pcapng Simple Packet Block: no timestamp. */
export const FRAME_NO_TIME = 4;

/** The frames read so far, one slot per frame in each array; `count` slots are in use. */
export interface FrameIndex {
  count: number;
  /** File offset (after gunzip) of the frame's first byte. */
  dataOffset: Float64Array;
  capLen: Uint32Array;
  origLen: Uint32Array;
  /** Seconds since 1970-01-01 UTC (whole; if_tsoffset applied) and the nanoseconds after them. */
  seconds: Float64Array;
  nanos: Uint32Array;
  /** CaptureInterface.index of the frame's interface; -1 when the record names an interface the file never described. */
  iface: Int32Array;
  flags: Uint8Array;
}

export interface FrameRecord {
  readonly dataOffset: number;
  readonly capLen: number;
  readonly origLen: number;
  readonly seconds: number;
  readonly nanos: number;
  readonly iface: number;
  readonly flags: number;
}

export function createFrameIndex(capacity = 1024): FrameIndex {
  return {
    count: 0,
    dataOffset: new Float64Array(capacity),
    capLen: new Uint32Array(capacity),
    origLen: new Uint32Array(capacity),
    seconds: new Float64Array(capacity),
    nanos: new Uint32Array(capacity),
    iface: new Int32Array(capacity),
    flags: new Uint8Array(capacity),
  };
}

function grown<T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array);
  return next;
}

/** Appends a frame; returns its 1-based number. */
export function addFrame(index: FrameIndex, record: FrameRecord): number {
  if (index.count === index.capLen.length) {
    const capacity = index.count * 2;
    index.dataOffset = grown(index.dataOffset, capacity);
    index.capLen = grown(index.capLen, capacity);
    index.origLen = grown(index.origLen, capacity);
    index.seconds = grown(index.seconds, capacity);
    index.nanos = grown(index.nanos, capacity);
    index.iface = grown(index.iface, capacity);
    index.flags = grown(index.flags, capacity);
  }
  const i = index.count++;
  index.dataOffset[i] = record.dataOffset;
  index.capLen[i] = record.capLen;
  index.origLen[i] = record.origLen;
  index.seconds[i] = record.seconds;
  index.nanos[i] = record.nanos;
  index.iface[i] = record.iface;
  index.flags[i] = record.flags;
  return index.count;
}

/** What the reader has learnt so far, for a status line, a banner and the packet list's first frame time. */
export interface CaptureSummary {
  readonly format: CaptureFormat;
  /** The bytes were gzip-compressed (the reader unpacked them). */
  readonly compressed: boolean;
  /** "pcap, little-endian, microsecond timestamps" / "pcapng, 2 sections, 3 interfaces". */
  readonly description: string;
  readonly sections: readonly CaptureSection[];
  readonly interfaces: readonly CaptureInterface[];
  readonly frameCount: number;
  /** Bytes of the (unpacked) file read so far. */
  readonly bytesRead: number;
  /** File-level problems: damage, with the byte offset where reading stopped. */
  readonly problems: readonly Problem[];
  /** Blocks skipped by their length because framescope does not read them (pcapng NRB, ISB, custom ...), by type. */
  readonly skippedBlocks: Readonly<Record<string, number>>;
  /** True once the reader has seen the whole file, or stopped at damage it cannot read past. */
  readonly done: boolean;
}
