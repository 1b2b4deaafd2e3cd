// The default output: one packet-list line per frame, shaped like tshark's.
import type { Frame } from '../dissect';
import { problemCount } from '../export/problem-text';

/** Marks a frame with problems; fixed so that `grep -F '[!]'` finds every such frame. */
export const PROBLEM_MARKER = '[!]';

/** "    1 0.000000 134.38.52.77 → 134.38.44.90 COTP 98 CC TPDU …  [!] 1 warning" */
export function summaryLine(frame: Frame): string {
  const { source, destination, protocol, info } = frame.summary;
  // A capture frame: seconds since the first frame and the length on the wire, as tshark prints them. Pasted text
  // has no timestamps; tshark shows the same zero for a frame at the capture's start.
  const time = frame.capture?.relative ?? '0.000000';
  const length = frame.capture?.originalLength ?? frame.length;
  const addresses = source !== '' || destination !== '' ? `${source || '?'} → ${destination || '?'} ` : '';
  const count = problemCount(frame.problems);
  const marker = count === '' ? '' : `  ${PROBLEM_MARKER} ${count}`;
  return `${String(frame.number).padStart(5)} ${time} ${addresses}${protocol} ${length} ${info}${marker}`.trimEnd();
}
