// One capture frame, dissected: the bytes through the same dissector as a pasted frame, plus what the record
// says (time, original length, interface, comments) and the record's own problems. Shared by the worker and the CLI.
import { dissectFrame, worstOf } from '../dissect';
import { dissectLean } from '../dissect/engine';
import type { DissectOptions } from '../dissect/dissector';
import type { Frame, FrameCapture, Severity } from '../dissect/model';
import { merged } from '../dissect/merged';
import { LeanWants, type FrameRecord } from '../dissect/sink';
import type { FilterTarget } from '../dissect/filter';
import { dissectWithStream, STREAM_IDS, type FrameBytes, type StreamTracker } from '../dissect/stream';
import { dissectWithStreamLean } from '../dissect/stream/frame';
import { OFFLOAD_IDS } from '../dissect/offload';
import type { CaptureFrame, CaptureReader } from './capture';
import { epochTime, relativeTime, type Timestamp } from './capture-time';

export interface DissectedCaptureFrame {
  readonly frame: Frame;
  readonly bytes: Uint8Array;
  readonly record: CaptureFrame;
}

/** A capture frame dissected without field objects (a bulk pass): `frame.problems` start with the record's, as above. */
export interface LeanCaptureFrame {
  readonly frame: FrameRecord;
  readonly bytes: Uint8Array;
  readonly record: CaptureFrame;
}

/** The first frame's time, for relative times (the first frame that has one: a pcapng SPB has none). */
export function firstTimestamp(reader: CaptureReader): Timestamp | undefined {
  const count = Math.min(reader.frameCount(), 64);
  for (let n = 1; n <= count; n++) {
    const time = reader.frame(n)?.time;
    if (time) return time;
  }
  return undefined;
}

/** Seconds since the first frame, as a number (the stream layer's timing). */
export function secondsSince(time: Timestamp | undefined, start: Timestamp | undefined): number | undefined {
  return time && start ? time.seconds - start.seconds + (time.nanos - start.nanos) / 1e9 : undefined;
}

/** What the pass following conversations reads of each frame: the tracker's fields and the offload tally's. */
const TRACKED = new LeanWants(new Set([...STREAM_IDS, ...OFFLOAD_IDS]));

/**
 * Hands frame `number` (the next in capture order) to a stream tracker; returns the frame as dissected for it: lean,
 * with the values the tracker and the offload tally (dissect/offload.ts) read.
 */
export function trackCaptureFrame(
  tracker: StreamTracker,
  reader: CaptureReader,
  number: number,
  start: Timestamp | undefined,
  options: DissectOptions = {},
): FrameRecord | undefined {
  const record = reader.frame(number);
  const bytes = reader.frameBytes(number);
  if (!record || !bytes) return undefined;
  const time = secondsSince(record.time, start);
  const dissected = dissectLean(bytes, record.linkType, number, TRACKED, options, undefined, {
    tcp: tracker.tcp,
    time,
  });
  tracker.push(dissected, bytes, time);
  return dissected;
}

/**
 * One frame of a capture, dissected. With a `stream` (reassembly on): by the tracker's facts about it, earlier
 * frames' bytes read back from the reader (or from `bytesOf`, when the caller streams and has let them go).
 */
export function dissectCaptureFrame(
  reader: CaptureReader,
  number: number,
  start: Timestamp | undefined,
  options: DissectOptions = {},
  stream?: { readonly tracker: StreamTracker; readonly bytesOf?: FrameBytes },
): DissectedCaptureFrame | undefined {
  const record = reader.frame(number);
  const bytes = reader.frameBytes(number);
  if (!record || !bytes) return undefined;
  const dissected = stream
    ? dissectWithStream(
        bytes,
        record.linkType,
        number,
        options,
        stream.tracker.facts(number),
        stream.bytesOf ?? ((n) => reader.frameBytes(n)),
        { tcp: stream.tracker.tcp, time: secondsSince(record.time, start) },
      )
    : dissectFrame(bytes, record.linkType, number, options);
  return withRecord(dissected, bytes, record, start);
}

/**
 * `dissectCaptureFrame` with the lean sink: the columns, problems, layer spans and the values `wants` names, no field
 * objects. The packet list's rows, the display filter and the Expert tally read this.
 */
export function dissectCaptureLean(
  reader: CaptureReader,
  number: number,
  wants: LeanWants,
  options: DissectOptions = {},
  stream?: { readonly tracker: StreamTracker; readonly bytesOf?: FrameBytes },
): LeanCaptureFrame | undefined {
  const record = reader.frame(number);
  const bytes = reader.frameBytes(number);
  if (!record || !bytes) return undefined;
  // Without a tracker there are no facts: dissectWithStreamLean then dissects the frame on its own.
  const bytesOf = stream?.bytesOf ?? ((n: number) => reader.frameBytes(n));
  const lean = dissectWithStreamLean(
    bytes,
    record.linkType,
    number,
    options,
    stream?.tracker.facts(number),
    bytesOf,
    wants,
    // The tracker placed the frame already (its facts are read back): no time needed.
    stream ? { tcp: stream.tracker.tcp, time: undefined } : undefined,
  );
  return { frame: leanWithRecord(lean, record), bytes, record };
}

/** A lean record with its capture record's problems first, as `withRecord` gives a frame's. */
export function leanWithRecord(lean: FrameRecord, record: CaptureFrame): FrameRecord {
  return record.problems.length > 0 ? merged(lean, { problems: [...record.problems, ...lean.problems] }) : lean;
}

/** A dissected frame with what its capture record says added. */
export function withRecord(
  dissected: Frame,
  bytes: Uint8Array,
  record: CaptureFrame,
  start: Timestamp | undefined,
): DissectedCaptureFrame {
  const time = record.time;
  // Key by key rather than with conditional spreads, in the same order: this runs for every frame of a file, and
  // V8 is slow to build an object from a spread followed by more keys (src/dissect/merged.ts).
  const capture: Partial<Record<keyof FrameCapture, unknown>> = {};
  if (time) capture.epoch = epochTime(time, record.digits);
  if (time && start) capture.relative = relativeTime(time, start, record.digits);
  capture.originalLength = record.originalLength;
  capture.interface = Math.max(record.interface, 0);
  if (record.comments.length > 0) capture.comments = record.comments;
  const frame: Frame = merged(dissected, {
    problems: record.problems.length > 0 ? [...record.problems, ...dissected.problems] : dissected.problems,
    capture: capture as FrameCapture,
  });
  return { frame, bytes, record };
}

/** What a display filter sees of a capture frame, dissected into a tree or lean. */
export function filterTarget<F extends Frame | FrameRecord>(
  dissected: { readonly frame: F; readonly bytes: Uint8Array; readonly record: CaptureFrame },
  start: Timestamp | undefined,
): FilterTarget<F> {
  const { frame, bytes, record } = dissected;
  const time = record.time;
  return {
    frame,
    bytes,
    capture: {
      originalLength: record.originalLength,
      interface: record.interface,
      comments: record.comments,
      ...(time ? { epoch: time.seconds + time.nanos / 1e9 } : {}),
      ...(time && start ? { relative: time.seconds - start.seconds + (time.nanos - start.nanos) / 1e9 } : {}),
    },
  };
}

/** What a filter naming only frame facts (frame.number, frame.len …) sees: the record, no dissection. */
export function recordTarget(
  reader: CaptureReader,
  number: number,
  start: Timestamp | undefined,
): FilterTarget | undefined {
  const record = reader.frame(number);
  if (!record) return undefined;
  const frame: FrameRecord = {
    number,
    length: record.capturedLength,
    linkType: record.linkType,
    layers: [],
    problems: record.problems,
    summary: { source: '', destination: '', protocol: '', info: '' },
    values: [],
  };
  return filterTarget({ frame, bytes: new Uint8Array(0), record }, start);
}

/** One packet-list row: the columns Wireshark shows, and the worst problem for the row's mark. */
export interface PacketRow {
  readonly number: number;
  readonly time?: Timestamp;
  readonly digits: number;
  readonly source: string;
  readonly destination: string;
  readonly protocol: string;
  /** On the wire (Wireshark's Length column); `capturedLength` may be less. */
  readonly length: number;
  readonly capturedLength: number;
  readonly info: string;
  readonly severity?: Severity;
  readonly problemCount: number;
  readonly commented: boolean;
}

/** The row of a frame dissected into a tree or lean (the columns and problems are the same). */
export function packetRow(dissected: DissectedCaptureFrame | LeanCaptureFrame): PacketRow {
  const { frame, record } = dissected;
  const severity = worstOf(frame.problems);
  return {
    number: frame.number,
    ...(record.time ? { time: record.time } : {}),
    digits: record.digits,
    source: frame.summary.source,
    destination: frame.summary.destination,
    protocol: frame.summary.protocol,
    length: record.originalLength,
    capturedLength: record.capturedLength,
    info: frame.summary.info,
    ...(severity ? { severity } : {}),
    problemCount: frame.problems.length,
    commented: record.comments.length > 0,
  };
}
