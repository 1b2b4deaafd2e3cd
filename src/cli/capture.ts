// The CLI on capture files (pcap, pcapng, gzip): read once, chunk by chunk, each frame dissected and written as soon
// as its record is whole (and, with reassembly, its facts final), its bytes released once written, so a capture of
// any size streams through in memory bounded by the PDUs still open. For the summary the pass is lean (engine.ts
// dissectLean: no field objects); an output that shows every frame's fields (-V, --json …) dissects into trees instead.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { CompiledFilter, FilterTarget } from '../dissect/filter';
import type { DissectOptions } from '../dissect/dissector';
import type { Frame, Problem } from '../dissect/model';
import { createOffloadTally, OFFLOAD_IDS, type OffloadHost } from '../dissect/offload';
import { LeanWants, type FrameRecord } from '../dissect/sink';
import { createInOrderStream, STREAM_IDS, type InOrderFrame, type InOrderStream } from '../dissect/stream';
import { createCaptureReader, type CaptureFrame } from '../inputs/capture';
import { firstTimestamp, leanWithRecord, secondsSince, withRecord } from '../inputs/capture-frames';
import { absoluteTime, parseEpochTime, type Timestamp } from '../inputs/capture-time';
import { linkTypeId } from '../inputs/linktype';
import { hexNumber } from '../dissect/format';
import { summaryRow, type SummaryRow } from './summary';

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
  /**
   * Every frame read is written (or tested) with its fields: each is dissected into a tree from the start rather than
   * lean and again. Default: lean, fields built only for the frames `frame` asks them of.
   */
  readonly fields?: boolean;
  /** A frame passed the filter: written from its lean row, or with its fields, as the output needs. */
  readonly frame: (frame: CaptureItem) => void;
  readonly problem: (text: string) => void;
}

/**
 * One frame of a capture, to write: what the output needs of it is made on demand, once. Read it during the `frame`
 * call that hands it over: the next frame reuses the object.
 */
export interface CaptureItem {
  readonly number: number;
  /**
   * Dissected lean (reassembly on: with the stream's facts), its capture record's problems first; it holds the values
   * of the filter's ids.
   */
  record(): FrameRecord;
  /** Its packet-list line's facts, from the lean record (or from the frame, when that was built anyway). */
  row(): SummaryRow;
  /** With its fields and what its capture record says (time, lengths, comments): for -V, --json, --annotate … */
  frame(): Frame;
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

/**
 * The frame being written, as a CaptureItem: one object for the whole run, pointed at each frame in turn (an output
 * reads it during its `frame` call, never after), so that a frame written costs no object and no closures of its own.
 */
function createCurrentItem(
  stream: InOrderStream<CaptureFrame>,
  start: () => Timestamp | undefined,
): { readonly item: CaptureItem; show(ready: InOrderFrame<CaptureFrame>): void } {
  let ready: InOrderFrame<CaptureFrame> | undefined;
  let frame: Frame | undefined;
  let record: FrameRecord | undefined;
  const item = {
    number: 0,
    record: (): FrameRecord => (record ??= leanWithRecord(stream.record(ready!), ready!.item)),
    row: (): SummaryRow => frame ?? summaryRow(item.record(), ready!.item, start()),
    frame: (): Frame => (frame ??= withRecord(stream.tree(ready!), ready!.bytes, ready!.item, start()).frame),
  };
  return {
    item,
    show(next) {
      ready = next;
      frame = undefined;
      record = undefined;
      item.number = next.number;
    },
  };
}

/**
 * What the display filter sees of the frame being tested, as `filterTarget` (inputs/capture-frames.ts) makes it: one
 * object for the run, refilled for each frame (the filter reads it during `test` only).
 */
function createFilterTarget(): {
  of(frame: FrameRecord, bytes: Uint8Array, record: CaptureFrame, start: Timestamp | undefined): FilterTarget;
} {
  const capture = {
    originalLength: 0,
    interface: 0,
    comments: [] as readonly string[],
    relative: undefined as number | undefined,
    epoch: undefined as number | undefined,
  };
  const target = { frame: undefined as unknown as FrameRecord, bytes: new Uint8Array(0) as Uint8Array, capture };
  return {
    of(frame, bytes, record, start) {
      const time = record.time;
      target.frame = frame;
      target.bytes = bytes;
      capture.originalLength = record.originalLength;
      capture.interface = record.interface;
      capture.comments = record.comments;
      capture.epoch = time ? time.seconds + time.nanos / 1e9 : undefined;
      capture.relative = time && start ? time.seconds - start.seconds + (time.nanos - start.nanos) / 1e9 : undefined;
      return target;
    },
  };
}

/** What the lean pass reads of each frame: the stream tracker's fields (reassembly on), the offload tally's, the filter's. */
function wantsOf(run: CaptureRun): LeanWants {
  return new LeanWants(new Set([...(run.reassembly ? STREAM_IDS : []), ...OFFLOAD_IDS, ...(run.filter?.ids ?? [])]));
}

export async function runCapture(run: CaptureRun): Promise<CaptureResult> {
  const limit = run.count ?? Infinity;
  const reader = createCaptureReader();
  const wants = wantsOf(run);
  const stream = createInOrderStream<CaptureFrame>(run.options, {
    reassembly: run.reassembly,
    wants,
    trees: run.fields === true,
  });
  let next = 1;
  let start: Timestamp | undefined;
  const offload = createOffloadTally();
  const target = createFilterTarget();
  /** The display filter's verdict (-Y), on the lean record (which holds the values of the filter's ids). */
  const matches = (filter: CompiledFilter, item: CaptureItem, ready: InOrderFrame<CaptureFrame>): boolean =>
    filter.test(target.of(item.record(), ready.bytes, ready.item, start));
  const current = createCurrentItem(stream, () => start);
  const write = (ready: InOrderFrame<CaptureFrame>) => {
    // Over the frames as dissected on their own: the stream changes no IP or TCP field.
    offload.add(ready.own);
    current.show(ready);
    if (!run.filter || matches(run.filter, current.item, ready)) run.frame(current.item);
  };
  const drain = () => {
    while (next <= reader.frameCount() && next <= limit) {
      start ??= firstTimestamp(reader);
      const capture = reader.frame(next);
      const bytes = reader.frameBytes(next);
      // Every frame is dissected, whatever the filter: TCP's facts (tcp.stream, relative numbers) follow the capture.
      if (capture && bytes)
        for (const ready of stream.push(next, capture.linkType, bytes, secondsSince(capture.time, start), capture))
          write(ready);
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
  for (const ready of stream.finish()) write(ready);
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
