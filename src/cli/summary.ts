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

/** "000" … "999": a fraction's digits, three at a time. */
const TRIPLES = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

/**
 * relativeTime (capture-time.ts) as the summary writes it for every frame: the fraction from a table of digit triples
 * rather than a padded, sliced string, and no intermediate object. The same text, whatever the times.
 */
export function relativeText(time: Timestamp, start: Timestamp, digits: number): string {
  let seconds = time.seconds - start.seconds;
  let nanos = time.nanos - start.nanos;
  if (nanos < 0) {
    seconds -= 1;
    nanos += 1_000_000_000;
  }
  // Negative times (a frame older than the first), or values outside the table's reach: the general formatter.
  if (seconds < 0 || !Number.isInteger(nanos) || nanos >= 1_000_000_000 || !Number.isSafeInteger(seconds))
    return relativeTime(time, start, digits);
  if (digits === 0) return String(seconds);
  const millis = TRIPLES[(nanos / 1_000_000) | 0]!;
  if (digits === 3) return `${seconds}.${millis}`;
  const micros = TRIPLES[((nanos / 1000) | 0) % 1000]!;
  if (digits === 6) return `${seconds}.${millis}${micros}`;
  const all = `${seconds}.${millis}${micros}${TRIPLES[nanos % 1000]!}`;
  return digits >= 9 ? all : all.slice(0, all.length - 9 + digits);
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
      time && start ? { originalLength, relative: relativeText(time, start, capture.digits) } : { originalLength },
  };
}

/** What `trimEnd` removes: ECMAScript's WhiteSpace and LineTerminator code points. */
function isSpace(code: number): boolean {
  return code <= 0x20
    ? code === 0x20 || (code >= 0x09 && code <= 0x0d)
    : code === 0xa0 ||
        code === 0x1680 ||
        (code >= 0x2000 && code <= 0x200a) ||
        code === 0x2028 ||
        code === 0x2029 ||
        code === 0x202f ||
        code === 0x205f ||
        code === 0x3000 ||
        code === 0xfeff;
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
  const line = `${String(row.number).padStart(5)} ${time} ${addresses}${protocol} ${length} ${info}${marker}`;
  // No trailing white space: trimmed only where the line's end has some (a frame without Info), as trimming would
  // otherwise copy every line.
  const end = marker !== '' ? marker : info;
  return end === '' || isSpace(end.charCodeAt(end.length - 1)) ? line.trimEnd() : line;
}
