import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/** Which rows of a fixed-height list to render, and how to bring one into sight. */
export interface FixedRows {
  /** The first and last row to render (in sight, plus the overscan); `last` is -1 when there is none. */
  readonly first: number;
  readonly last: number;
  /** The rows' height together. */
  readonly totalSize: number;
  /** The top of row `index` within the rows (its offset from the first row's top). */
  readonly top: (index: number) => number;
  /** Scrolls as little as brings row `index` whole into sight below the `offset` (nothing when it is in sight). */
  readonly scrollToIndex: (index: number) => void;
}

export interface FixedRowsOptions {
  readonly count: number;
  readonly rowHeight: number;
  /** Pixels above the first row inside the scroll element: a sticky header, which also hides rows scrolled under it. */
  readonly offset: number;
  /** Rows rendered beyond those in sight, either side. */
  readonly overscan: number;
  readonly scrollRef: RefObject<HTMLElement | null>;
  /** The element's height until it is measured. */
  readonly initialHeight: number;
}

/** The scroll element's scroll offset and height. */
export interface Viewport {
  readonly top: number;
  readonly height: number;
}

/**
 * The rows to render: from the one holding the scroll offset to the one holding the bottom edge, `overscan` more
 * either side; `last` is -1 when there is no row.
 */
export function rowsInSight(
  count: number,
  rowHeight: number,
  offset: number,
  overscan: number,
  { top, height }: Viewport,
): { first: number; last: number } {
  if (count <= 0) return { first: 0, last: -1 };
  const start = Math.min(count - 1, Math.max(0, Math.floor((top - offset) / rowHeight)));
  const end = Math.min(count - 1, Math.max(start, Math.ceil((top + height - offset) / rowHeight) - 1));
  return { first: Math.max(0, start - overscan), last: Math.min(count - 1, end + overscan) };
}

/**
 * Rows of one fixed height in a scroll element: which are in sight, from the element's scroll offset and height.
 * Nothing here grows with the number of rows. A general virtualizer (TanStack's, which the list used) rebuilds a
 * measurement for every row whenever the count changes: the list grows with every progress message while a capture is
 * indexed, and at a million frames each message cost the page ≈ 20 ms and 24 MB of arrays (1.5 s of the page's CPU
 * over the index).
 */
export function useFixedRows({
  count,
  rowHeight,
  offset,
  overscan,
  scrollRef,
  initialHeight,
}: FixedRowsOptions): FixedRows {
  const [viewport, setViewport] = useState<Viewport>({ top: 0, height: initialHeight });

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const read = () =>
      setViewport((v) =>
        v.top === element.scrollTop && v.height === element.clientHeight
          ? v
          : { top: element.scrollTop, height: element.clientHeight },
      );
    read();
    // Rendered before the browser paints the scrolled list, or the rows scrolled into sight would show blank first.
    const onScroll = () => flushSync(read);
    element.addEventListener('scroll', onScroll, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(read);
    observer?.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      observer?.disconnect();
    };
  }, [scrollRef]);

  const { first, last } = rowsInSight(count, rowHeight, offset, overscan, viewport);

  // The same function while the geometry is: a list that grows does not make its users' effects run again.
  const scrollToIndex = useCallback(
    (index: number) => {
      const element = scrollRef.current;
      if (!element || index < 0) return;
      const rowTop = offset + index * rowHeight;
      const rowBottom = rowTop + rowHeight;
      const scrolled = element.scrollTop;
      const shown = element.clientHeight;
      if (rowBottom >= scrolled + shown) element.scrollTop = Math.max(0, rowBottom - shown);
      else if (rowTop <= scrolled + offset) element.scrollTop = Math.max(0, rowTop - offset);
    },
    [scrollRef, rowHeight, offset],
  );

  return {
    first,
    last,
    totalSize: count * rowHeight,
    top: (index) => index * rowHeight,
    scrollToIndex,
  };
}
