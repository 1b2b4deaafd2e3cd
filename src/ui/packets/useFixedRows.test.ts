// The packet list's rows in sight: which it renders for a scroll offset and height, whatever the number of rows.
import { describe, expect, it } from 'vitest';
import { rowsInSight } from './useFixedRows';

// As the list uses it: 20-pixel rows under a 20-pixel sticky header, 10 rows of overscan.
const inSight = (count: number, top: number, height: number) => rowsInSight(count, 20, 20, 10, { top, height });

describe('rowsInSight', () => {
  it('at the top: the rows the height shows (the header takes the first 20 pixels), then the overscan', () => {
    // 200 pixels: the header and rows 0-8 in sight.
    expect(inSight(1000, 0, 200)).toEqual({ first: 0, last: 18 });
  });

  it('scrolled: from the row under the scroll offset to the one at the bottom edge, overscan either side', () => {
    // Scrolled by 1000 pixels: row 49 is at the top (under the header), the bottom edge at 1200 is in row 58.
    expect(inSight(1000, 1000, 200)).toEqual({ first: 39, last: 68 });
    // Half a row further: row 49 half hidden, row 59 half shown.
    expect(inSight(1000, 1010, 200)).toEqual({ first: 39, last: 69 });
  });

  it('at the end and beyond: never past the last row', () => {
    expect(inSight(100, 1820, 200)).toEqual({ first: 80, last: 99 });
    expect(inSight(100, 50_000, 200)).toEqual({ first: 89, last: 99 });
  });

  it('fewer rows than the height holds, or none', () => {
    expect(inSight(3, 0, 200)).toEqual({ first: 0, last: 2 });
    expect(inSight(0, 0, 200)).toEqual({ first: 0, last: -1 });
  });

  it('the same few rows at a million rows as at a thousand', () => {
    const { first, last } = inSight(1_000_000, 10_000_000, 600);
    expect(last - first + 1).toBe(30 + 20);
    expect(first).toBe(499_989);
  });
});
