// The default output: one packet-list line per frame, shaped like tshark's. Made from a lean record (no fields are
// built for it); a frame with its fields reads the same.
import type { FrameCapture, FrameSummary, Problem } from '../dissect';
import type { FrameRecord } from '../dissect/sink';
import { problemCount } from '../export/problem-text';
import type { CaptureFrame } from '../inputs/capture';
import { relativeTime, type Timestamp } from '../inputs/capture-time';

/** Marks a frame with problems; fixed so that `grep -F '[!]'` finds every such frame. */
export const PROBLEM_MARKER = '[!]';

/** What a summary line says of a frame: a `Frame` is one, and so is `summaryRow` of a lean record. */
export interface SummaryRow {
  readonly number: number;
  readonly length: number;
  readonly summary: FrameSummary;
  readonly problems: readonly Problem[];
  readonly capture?: Pick<FrameCapture, 'relative' | 'originalLength'>;
}

/**
 * A lean record as a summary line reads it; for a capture frame (`record` with its capture record's problems first),
 * with the capture record's time and length, as `withRecord` gives them to a frame.
 */
export function summaryRow(record: FrameRecord, capture?: CaptureFrame, start?: Timestamp): SummaryRow {
  if (!capture) return record;
  const { time } = capture;
  // Without a spread: V8 builds an object slowly from one followed by more keys (src/dissect/merged.ts).
  const { originalLength } = capture;
  return {
    number: record.number,
    length: record.length,
    summary: record.summary,
    problems: record.problems,
    capture:
      time && start ? { originalLength, relative: relativeTime(time, start, capture.digits) } : { originalLength },
  };
}

/** "    1 0.000000 134.38.52.77 → 134.38.44.90 COTP 98 CC TPDU …  [!] 1 warning" */
export function summaryLine(row: SummaryRow): string {
  const { source, destination, protocol, info } = row.summary;
  // A capture frame: seconds since the first frame and the length on the wire, as tshark prints them. Pasted text
  // has no timestamps; tshark shows the same zero for a frame at the capture's start.
  const time = row.capture?.relative ?? '0.000000';
  const length = row.capture?.originalLength ?? row.length;
  const addresses = source !== '' || destination !== '' ? `${source || '?'} → ${destination || '?'} ` : '';
  const count = problemCount(row.problems);
  const marker = count === '' ? '' : `  ${PROBLEM_MARKER} ${count}`;
  return `${String(row.number).padStart(5)} ${time} ${addresses}${protocol} ${length} ${info}${marker}`.trimEnd();
}
