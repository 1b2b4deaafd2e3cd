// The CLI on capture files (pcap, pcapng, gzip): read chunk by chunk, each frame dissected and written as soon as
// its record is whole, its bytes released once written, so a capture of any size streams through in constant memory.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { CompiledFilter } from '../dissect/filter';
import type { DissectOptions } from '../dissect/dissector';
import type { Frame, Problem } from '../dissect/model';
import { captureKind, createCaptureReader } from '../inputs/capture';
import { dissectCaptureFrame, filterTarget, firstTimestamp, recordTarget, trackCaptureFrame } from '../inputs/capture-frames';
import { createStreamTracker, type StreamTracker } from '../dissect/stream';
import { absoluteTime, type Timestamp } from '../inputs/capture-time';
import { linkTypeName } from '../inputs/capture-model';

export interface CaptureRun {
  readonly name: string;
  readonly chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  readonly filter: CompiledFilter | undefined;
  /** Read at most this many frames (tshark -c). */
  readonly count: number | undefined;
  readonly options: DissectOptions;
  readonly frame: (frame: Frame) => void;
  readonly problem: (text: string) => void;
  /**
   * Reassembly on: the file's chunks once more. A first pass follows the TCP conversations (so a segment can say in
   * which later frame its TPKT completes), the second prints; both stream, in memory bounded per conversation.
   */
  readonly again?: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

export interface CaptureResult {
  readonly framesRead: number;
  /** File-level problems, for the JSON document's "problems". */
  readonly problems: readonly Problem[];
}

/** The capture kind of a file from its first bytes, without reading the rest; undefined for text or an unreadable file. */
export async function fileCaptureKind(path: string): Promise<string | undefined> {
  try {
    const handle = await open(path, 'r');
    try {
      const head = new Uint8Array(4);
      const { bytesRead } = await handle.read(head, 0, 4, 0);
      return captureKind(head.subarray(0, bytesRead));
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
  const where = problem.fileOffset !== undefined ? `byte ${problem.fileOffset} (0x${problem.fileOffset.toString(16)}): ` : '';
  const frame = problem.frame !== undefined ? `frame ${problem.frame}, ` : '';
  return `${frame}${where}${problem.message}`;
}

interface Followed {
  readonly tracker: StreamTracker;
  /** Frames whose bytes a reassembled PDU needs → the last frame where one completes. */
  readonly neededUntil: Map<number, number>;
}

/** The first pass: every frame (up to `limit`) through a stream tracker, bytes released as it goes. */
async function followConversations(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, limit: number, options: CaptureRun['options']): Promise<Followed> {
  const reader = createCaptureReader();
  const tracker = createStreamTracker(options);
  const neededUntil = new Map<number, number>();
  const need = (ranges: readonly { frame: number }[], at: number) => {
    for (const r of ranges) if (r.frame !== at) neededUntil.set(r.frame, Math.max(neededUntil.get(r.frame) ?? 0, at));
  };
  let next = 1;
  let start: Timestamp | undefined;
  const drain = () => {
    while (next <= reader.frameCount() && next <= limit) {
      start ??= firstTimestamp(reader);
      trackCaptureFrame(tracker, reader, next, start, options);
      const facts = tracker.facts(next);
      for (const piece of facts?.pieces ?? []) if (piece.kind === 'segment' && piece.ranges) need(piece.ranges, next);
      if (facts?.tsdu) need(facts.tsdu.ranges, next);
      next++;
      reader.releaseBefore(next);
    }
  };
  for await (const chunk of chunks) {
    reader.push(chunk);
    drain();
    if (next > limit || reader.summary().done) break;
  }
  if (next <= limit) {
    reader.end();
    drain();
  }
  tracker.finish();
  return { tracker, neededUntil };
}

export async function runCapture(run: CaptureRun): Promise<CaptureResult> {
  const limit = run.count ?? Infinity;
  const followed = run.again ? await followConversations(run.chunks, limit, run.options) : undefined;
  const reader = createCaptureReader();
  // Bytes of frames a later reassembled PDU needs, kept (copied) past their release until that PDU is printed:
  // at most a TPKT (64 KiB) or a capped TSDU per direction.
  const kept = new Map<number, Uint8Array>();
  const bytesOf = (n: number) => kept.get(n) ?? reader.frameBytes(n);
  let next = 1;
  let start: Timestamp | undefined;
  const drain = () => {
    while (next <= reader.frameCount() && next <= limit) {
      start ??= firstTimestamp(reader);
      const stream = followed ? { tracker: followed.tracker, bytesOf } : undefined;
      // A filter on frame facts alone (frame.number > 5000) skips the dissection of the frames it drops.
      const skip = run.filter && !run.filter.needsDissection && !run.filter.test(recordTarget(reader, next, start)!);
      const dissected = skip ? undefined : dissectCaptureFrame(reader, next, start, run.options, stream);
      if (dissected && (!run.filter || run.filter.test(filterTarget(dissected, start)))) run.frame(dissected.frame);
      if (followed) {
        const bytes = followed.neededUntil.has(next) ? reader.frameBytes(next) : undefined;
        if (bytes) kept.set(next, bytes.slice());
        for (const n of kept.keys()) if ((followed.neededUntil.get(n) ?? 0) <= next) kept.delete(n);
      }
      next++;
      reader.releaseBefore(next);
    }
  };
  for await (const chunk of run.again ? run.again() : run.chunks) {
    reader.push(chunk);
    drain();
    if (next > limit || reader.summary().done) break;
  }
  if (next <= limit) {
    reader.end();
    drain();
  }
  const problems = reader.summary().problems;
  for (const problem of problems) run.problem(fileProblemText(problem));
  return { framesRead: Math.min(reader.frameCount(), limit), problems };
}

/**
 * What -V prints above a capture frame's layers, as tshark's "Frame" tree: lengths, link type, interface, times,
 * comments. Replaces the one-line heading pasted frames get.
 */
export function captureHeading(frame: Frame): string[] {
  const c = frame.capture;
  if (!c) return [];
  const lines = [`Frame ${frame.number}: ${c.originalLength} bytes on wire (${c.originalLength * 8} bits), ${frame.length} bytes captured (${frame.length * 8} bits) on interface ${c.interface}, ${linkTypeName(frame.linkType)}`];
  if (c.epoch !== undefined) {
    const [seconds, fraction = ''] = c.epoch.split('.');
    const time: Timestamp = { seconds: Number(seconds), nanos: Number(fraction.padEnd(9, '0')) };
    lines.push(`    Arrival Time: ${absoluteTime(time, fraction.length)} UTC`, `    Epoch Time: ${c.epoch} seconds`);
  }
  if (c.relative !== undefined) lines.push(`    [Time since reference or first frame: ${c.relative} seconds]`);
  for (const comment of c.comments ?? []) lines.push(`    Comment: ${comment.replace(/\r?\n/g, '\n             ')}`);
  return lines;
}
