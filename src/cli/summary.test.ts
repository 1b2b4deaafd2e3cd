// The summary line's own formatting: the relative time made for every frame reads as relativeTime's, and a line has
// no trailing white space whatever its Info.
import { describe, expect, test } from 'vitest';
import { relativeTime } from '../inputs/capture-time';
import { relativeText, summaryLine, type SummaryRow } from './summary';

describe("relativeText: the summary's relative time", () => {
  test('the same text as relativeTime for every resolution, before, at and after the start', () => {
    const start = { seconds: 1_700_000_000, nanos: 123_456_789 };
    const nanos = [0, 1, 9, 10, 999, 1000, 123_456, 123_456_789, 123_456_790, 999_999_999, 500_000_000, 7_000];
    const seconds = [1_699_999_990, 1_699_999_999, 1_700_000_000, 1_700_000_001, 1_700_003_600, 1_800_000_000];
    for (const s of seconds)
      for (const n of nanos)
        for (let digits = 0; digits <= 9; digits++) {
          const time = { seconds: s, nanos: n };
          expect(relativeText(time, start, digits)).toBe(relativeTime(time, start, digits));
        }
  });
});

describe('summaryLine', () => {
  const row = (info: string, problems: SummaryRow['problems'] = []): SummaryRow => ({
    number: 7,
    length: 60,
    summary: { source: '10.0.0.1', destination: '10.0.0.2', protocol: 'TCP', info },
    problems,
    capture: { relative: '0.500000', originalLength: 62 },
  });

  test('ends at its Info or its problem count, with no trailing white space', () => {
    expect(summaryLine(row('102 → 3389 [ACK]'))).toBe('    7 0.500000 10.0.0.1 → 10.0.0.2 TCP 62 102 → 3389 [ACK]');
    expect(summaryLine(row(''))).toBe('    7 0.500000 10.0.0.1 → 10.0.0.2 TCP 62');
    expect(summaryLine(row('ends in spaces \u00a0 '))).toBe('    7 0.500000 10.0.0.1 → 10.0.0.2 TCP 62 ends in spaces');
    expect(summaryLine(row('  ', [{ severity: 'note', code: 'malformed', message: 'x' }]))).toBe(
      '    7 0.500000 10.0.0.1 → 10.0.0.2 TCP 62     [!] 1 note',
    );
  });
});
