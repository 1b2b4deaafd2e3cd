// The CLI on capture files (pcap, pcapng, gzip): read once, chunk by chunk, each frame dissected and written as soon
// as its record is whole (and, with reassembly, its facts final), its bytes released once written, so a capture of
// any size streams through in memory bounded by the PDUs still open.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { CompiledFilter } from '../dissect/filter';
import type { DissectOptions } from '../dissect/dissector';
import type { Frame, Problem } from '../dissect/model';
import { dissectFrame } from '../dissect/engine';
import { createOffloadTally, type OffloadHost } from '../dissect/offload';
import { createInOrderStream } from '../dissect/stream';
import { createCaptureReader, type CaptureFrame } from '../inputs/capture';
import {
  filterTarget,
  firstTimestamp,
  recordTarget,
  secondsSince,
  withRecord,
  type DissectedCaptureFrame,
} from '../inputs/capture-frames';
import { absoluteTime, parseEpochTime, type Timestamp } from '../inputs/capture-time';
import { linkTypeId } from '../inputs/linktype';
import { hexNumber } from '../dissect/format';

export interface CaptureRun {
  readonly name: string;
  readonly chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  readonly filter: CompiledFilter | undefined;
  /** Read at most this many frames (tshark -c). */
  readonly count: number | undefined;
  readonly options: DissectOptions;
  /**
   * Follow TCP conversations: TPKTs split across segments and COTP TSDUs reassembled, in one pass over the file
   * (src/dissect/stream/in-order.ts): a frame holding part of a PDU still open is written once the PDU completes.
   */
  readonly reassembly: boolean;
  readonly frame: (frame: Frame) => void;
  readonly problem: (text: string) => void;
}

export interface CaptureResult {
  readonly framesRead: number;
  /** File-level problems, for the JSON document's "problems". */
  readonly problems: readonly Problem[];
  /** Hosts whose frames carry checksums left to their NIC, over the frames dissected (most frames first). */
  readonly offload: readonly OffloadHost[];
}

/** Enough of a file's start to say what it is (inputs/sniff.ts sniffHead), a gzip file's content included. */
const HEAD_LENGTH = 64 * 1024;

/** The first bytes of a file, without reading the rest; undefined when it cannot be read (readSource says why). */
export async function fileHead(path: string): Promise<Uint8Array | undefined> {
  try {
    const handle = await open(path, 'r');
    try {
      const head = new Uint8Array(HEAD_LENGTH);
      const { bytesRead } = await handle.read(head, 0, HEAD_LENGTH, 0);
      return head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

export function fileChunks(path: string): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>;
}

/** "byte 99709 (0x1857d): " */
export function fileProblemText(problem: Problem): string {
  const where =
    problem.fileOffset !== undefined ? `byte ${problem.fileOffset} (${hexNumber(problem.fileOffset)}): ` : '';
  const frame = problem.frame !== undefined ? `frame ${problem.frame}, ` : '';
  return `${frame}${where}${problem.message}`;
}

export async function runCapture(run: CaptureRun): Promise<CaptureResult> {
  const limit = run.count ?? Infinity;
  const reader = createCaptureReader();
  const stream = run.reassembly ? createInOrderStream<CaptureFrame>(run.options) : undefined;
  let next = 1;
  let start: Timestamp | undefined;
  const offload = createOffloadTally();
  const write = (dissected: DissectedCaptureFrame) => {
    offload.add(dissected.frame);
    if (!run.filter || run.filter.test(filterTarget(dissected, start))) run.frame(dissected.frame);
  };
  const drain = () => {
    while (next <= reader.frameCount() && next <= limit) {
      start ??= firstTimestamp(reader);
      const record = reader.frame(next);
      const bytes = reader.frameBytes(next);
      if (record && bytes) {
        if (stream) {
          // Every frame goes through the tracker, whatever the filter: a dropped frame may carry part of a kept one's PDU.
          for (const ready of stream.push(next, record.linkType, bytes, secondsSince(record.time, start), record))
            write(withRecord(ready.frame, ready.bytes, ready.item, start));
        } else if (!run.filter || run.filter.needsDissection || run.filter.test(recordTarget(reader, next, start)!)) {
          // A filter on frame facts alone (frame.number > 5000) skips the dissection of the frames it drops.
          write(withRecord(dissectFrame(bytes, record.linkType, next, run.options), bytes, record, start));
        }
      }
      next++;
      reader.releaseBefore(next);
    }
  };
  for await (const chunk of run.chunks) {
    reader.push(chunk);
    drain();
    if (next > limit || reader.summary().done) break;
  }
  if (next <= limit) {
    reader.end();
    drain();
  }
  if (stream) for (const ready of stream.finish()) write(withRecord(ready.frame, ready.bytes, ready.item, start));
  const problems = reader.summary().problems;
  for (const problem of problems) run.problem(fileProblemText(problem));
  return { framesRead: Math.min(reader.frameCount(), limit), problems, offload: offload.hosts() };
}

/**
 * What -V prints above a capture frame's layers, as tshark's "Frame" tree: lengths, link type, interface, times,
 * comments. Replaces the one-line heading pasted frames get.
 */
export function captureHeading(frame: Frame): string[] {
  const c = frame.capture;
  if (!c) return [];
  const lines = [
    `Frame ${frame.number}: ${c.originalLength} bytes on wire (${c.originalLength * 8} bits), ${frame.length} bytes captured (${frame.length * 8} bits) on interface ${c.interface}, ${linkTypeId(frame.linkType)}`,
  ];
  const epoch = c.epoch !== undefined ? parseEpochTime(c.epoch) : undefined;
  if (epoch) {
    lines.push(`    Arrival Time: ${absoluteTime(epoch.time, epoch.digits)} UTC`, `    Epoch Time: ${c.epoch} seconds`);
  }
  if (c.relative !== undefined) lines.push(`    [Time since reference or first frame: ${c.relative} seconds]`);
  for (const comment of c.comments ?? []) lines.push(`    Comment: ${comment.replace(/\r?\n/g, '\n             ')}`);
  return lines;
}
