// Capture files in, frames out: pcap (four magics), pcapng (sections, interfaces, EPB/SPB/PB), either one
// gzip-compressed, told apart by content, never by file name. Incremental: push() the file's bytes as they arrive,
// read the frames indexed so far at any time, end() when the file is whole. Never throws on bad bytes: damage
// becomes a problem saying where and what was expected, and every frame before it stays (STYLE.md §5).
import { Gunzip } from 'fflate';
import type { Problem } from '../dissect/model';
import { concatBytes } from '../dissect/reader';
import { createByteStore, type ByteStore } from './capture-bytes';
import { FRAME_NO_TIME, createFrameIndex, type CaptureFormat, type CaptureSummary } from './capture-model';
import { createContext, type CaptureParser } from './capture-parse';
import { createPcapParser, pcapMagic } from './pcap';
import { createPcapngParser } from './pcapng';
import type { Timestamp } from './capture-time';
import { hexByte } from '../dissect/format';

export type CaptureKind = CaptureFormat | 'gzip';

/** What the first bytes say the file is: pcap, pcapng, gzip (of something), or none of these. */
export function captureKind(first: Uint8Array): CaptureKind | undefined {
  if (first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b) return 'gzip';
  if (first.length >= 4 && first[0] === 0x0a && first[1] === 0x0d && first[2] === 0x0d && first[3] === 0x0a)
    return 'pcapng';
  if (pcapMagic(first.subarray(0, 4))) return 'pcap';
  return undefined;
}

/** "a1b2cd34": Alexey Kuznetzov's modified pcap, which libpcap reads but this reader does not. */
export function isModifiedPcap(first: Uint8Array): boolean {
  const hex = Array.from(first.subarray(0, 4), hexByte).join('');
  return hex === 'a1b2cd34' || hex === '34cdb2a1';
}

export const MODIFIED_PCAP =
  'a "modified" pcap file (magic A1B2CD34), a variant framescope does not read; convert it with editcap -F pcap';

/** One frame of a capture: its record's facts, for the packet list, the CLI and the frame's header. */
export interface CaptureFrame {
  readonly number: number;
  /** The interface's LINKTYPE_ value; -1 when the record names an interface the file never described. */
  readonly linkType: number;
  readonly capturedLength: number;
  readonly originalLength: number;
  /** Absent for a pcapng Simple Packet Block, which has no timestamp. */
  readonly time?: Timestamp;
  /** Fraction digits of the interface's timestamp resolution (6 µs, 9 ns). */
  readonly digits: number;
  /** CaptureInterface.index; -1 when unknown. */
  readonly interface: number;
  readonly comments: readonly string[];
  /** Problems with the record itself (longer than the snap length, an unknown interface). */
  readonly problems: readonly Problem[];
}

export interface CaptureReader {
  /** The file's next bytes, as stored (compressed or not). */
  push(chunk: Uint8Array): void;
  /** The file is complete: a record cut short is reported now. */
  end(): void;
  summary(): CaptureSummary;
  frameCount(): number;
  frame(number: number): CaptureFrame | undefined;
  /** The frame's captured bytes (a view into the file's bytes when they lie in one chunk). */
  frameBytes(number: number): Uint8Array | undefined;
  /** Forgets the bytes of frames before `number` (the CLI, once it has printed them). */
  releaseBefore(number: number): void;
  /** Bytes pushed so far, as stored (the compressed size for a .gz). */
  bytesIn(): number;
}

/** A frame's comments or problems when it has none: one empty list shared (never changed), not one per call. */
const NONE: readonly never[] = [];

/**
 * `store`: where the file's bytes are kept (by default all of them, in memory); one that reads bytes back from the file
 * only for a file that is not gzip-compressed (the offsets it is asked for are the capture's, after gunzip).
 */
export function createCaptureReader(store: ByteStore = createByteStore()): CaptureReader {
  const index = createFrameIndex();
  const context = createContext(store, index);
  const early: Problem[] = [];
  let packing: 'gzip' | 'plain' | undefined;
  let head: Uint8Array[] = []; // the first raw bytes, until two say whether this is gzip
  let headLength = 0;
  let format: CaptureFormat | undefined;
  let parser: CaptureParser | undefined;
  let gunzip: Gunzip | undefined;
  /** The index slot of frame `number`, -1 when there is no such frame. */
  const slotOf = (number: number): number =>
    Number.isInteger(number) && number >= 1 && number <= index.count ? number - 1 : -1;
  let pending: Uint8Array[] = []; // bytes before the format is known
  let pendingLength = 0;
  let bytesIn = 0;
  let finished = false;
  let failed = false;

  const fail = (problem: Problem) => {
    early.push(problem);
    failed = true;
  };
  const guard = (what: string, action: () => void) => {
    try {
      action();
    } catch (error) {
      fail({
        severity: 'error',
        code: 'internal-error',
        message: `framescope's capture reader failed while ${what} (${error instanceof Error ? error.message : String(error)}); the frames read before it are kept. This is a framescope bug.`,
        fileOffset: parser?.position() ?? 0,
      });
    }
  };

  /** Bytes of the capture itself (after gunzip): the first ones decide pcap or pcapng. */
  const feed = (chunk: Uint8Array) => {
    if (failed || chunk.length === 0) return;
    if (!parser) {
      pending.push(chunk);
      pendingLength += chunk.length;
      if (pendingLength < 4) return;
      const first = pending.length === 1 ? pending[0]! : concatBytes(pending, pendingLength);
      const inner = captureKind(first);
      if (inner !== 'pcap' && inner !== 'pcapng') {
        const what = isModifiedPcap(first)
          ? MODIFIED_PCAP
          : inner === 'gzip'
            ? 'gzip inside gzip'
            : 'not a pcap or pcapng file (no capture magic number in its first 4 octets)';
        fail({
          severity: 'error',
          code: 'malformed',
          message: `${packing === 'gzip' ? 'The gzip content is ' : 'This is '}${what}`,
          fileOffset: 0,
        });
        return;
      }
      format = inner;
      parser = inner === 'pcap' ? createPcapParser(context) : createPcapngParser(context);
      for (const piece of pending) store.append(piece);
      pending = [];
    } else {
      store.append(chunk);
    }
    guard('reading records', () => parser!.advance());
  };

  return {
    push(chunk) {
      if (finished || failed || chunk.length === 0) return;
      bytesIn += chunk.length;
      let bytes = chunk;
      if (packing === undefined) {
        head.push(chunk);
        headLength += chunk.length;
        if (headLength < 2) return;
        bytes = concatBytes(head, headLength);
        head = [];
        packing = bytes[0] === 0x1f && bytes[1] === 0x8b ? 'gzip' : 'plain';
        if (packing === 'gzip') gunzip = new Gunzip((data) => feed(data));
      }
      if (gunzip) guard('unpacking gzip data', () => gunzip!.push(bytes, false));
      else feed(bytes);
    },
    end() {
      if (finished) return;
      finished = true;
      if (packing === undefined && headLength > 0) feed(concatBytes(head, headLength));
      if (gunzip && !failed) {
        try {
          gunzip.push(new Uint8Array(0), true);
        } catch (error) {
          fail({
            severity: 'error',
            code: 'truncated',
            message: `The gzip data ends early or is damaged (${error instanceof Error ? error.message : String(error)}): the ${index.count} frames unpacked before that point are kept`,
            fileOffset: store.end(),
          });
        }
      }
      if (!parser && !failed) {
        fail({
          severity: 'error',
          code: 'truncated',
          message:
            bytesIn === 0
              ? 'The file is empty'
              : `The file holds only ${pendingLength} octets: too few for any capture file header`,
          fileOffset: 0,
        });
        return;
      }
      if (parser && !failed) guard('finishing', () => parser!.finish());
    },
    summary() {
      return {
        format: format ?? 'pcap',
        compressed: packing === 'gzip',
        description: `${packing === 'gzip' ? 'gzip-compressed ' : ''}${parser ? parser.description() : 'capture'}`,
        sections: context.sections,
        interfaces: context.interfaces,
        frameCount: index.count,
        bytesRead: store.end(),
        problems: [...context.problems, ...early],
        skippedBlocks: context.skippedBlocks,
        done: finished || failed || (parser?.stopped() ?? false),
      };
    },
    frameCount: () => index.count,
    // Read from the index's arrays in place, no record object between (these run for every frame of a file); the
    // frame built without a spread (slow in V8 when more keys follow: src/dissect/merged.ts), its keys in one order.
    frame(number) {
      const i = slotOf(number);
      if (i < 0) return undefined;
      const iface = context.interfaces[index.iface[i]!];
      const linkType = iface ? iface.linkType : -1;
      const capturedLength = index.capLen[i]!;
      const originalLength = index.origLen[i]!;
      const digits = iface?.digits ?? 6;
      const face = index.iface[i]!;
      const comments = context.frameComments.get(number) ?? NONE;
      const problems = context.frameProblems.get(number) ?? NONE;
      if (index.flags[i]! & FRAME_NO_TIME)
        return { number, linkType, capturedLength, originalLength, digits, interface: face, comments, problems };
      const time = { seconds: index.seconds[i]!, nanos: index.nanos[i]! };
      return { number, linkType, capturedLength, originalLength, time, digits, interface: face, comments, problems };
    },
    frameBytes(number) {
      const i = slotOf(number);
      if (i < 0 || !store.has(index.dataOffset[i]!, index.capLen[i]!)) return undefined;
      return store.bytes(index.dataOffset[i]!, index.capLen[i]!);
    },
    releaseBefore(number) {
      const i = slotOf(number);
      // Never past what the parser still needs.
      const offset = Math.min(i >= 0 ? index.dataOffset[i]! : Infinity, parser?.position() ?? 0);
      if (Number.isFinite(offset)) store.release(offset);
    },
    bytesIn: () => bytesIn,
  };
}

/** Reads a whole capture held in memory (tests, small files). */
export function readCapture(bytes: Uint8Array): CaptureReader {
  const reader = createCaptureReader();
  reader.push(bytes);
  reader.end();
  return reader;
}
