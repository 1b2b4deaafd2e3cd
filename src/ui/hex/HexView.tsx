import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { moveInBytes, selectByte, type ByteMove } from '../../state/actions';
import type { FrameView } from '../../state/frame-view';
import { currentView, selectedRow } from '../../state/selectors';
import { useAppState, useAppStore } from '../app/store-context';
import { HexRow, ROW_HEIGHT } from './HexRow';

const KEY_MOVES: Record<string, ByteMove> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
/** Rows shown before the view scrolls: a full-size Ethernet frame is 95 rows. */
const VISIBLE_ROWS = 12;
const COLUMNS = Array.from({ length: 16 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Offset | 16 bytes | ASCII, one row per 16 bytes; only the rows in sight are rendered (`rows` of them at most). */
export function HexView({ rows: visibleRows = VISIBLE_ROWS }: { rows?: number | undefined }) {
  const view = useAppState(currentView);
  if (!view) return <p className="p-3 text-sm text-slate-500">The frame's bytes appear here.</p>;
  return <HexGrid view={view} visibleRows={visibleRows} />;
}

function HexGrid({ view, visibleRows }: { view: FrameView; visibleRows: number }) {
  const store = useAppStore();
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = Math.ceil(view.bytes.length / 16);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // Before the first layout (and in jsdom, which has none) render as if the pane were this big.
    initialRect: { width: 800, height: visibleRows * ROW_HEIGHT },
  });
  const row = useAppState(selectedRow);
  useEffect(() => {
    if (row !== undefined) virtualizer.scrollToIndex(row, { align: 'auto' });
  }, [row, virtualizer]);

  // One listener for all cells: the cell carries its offset.
  const onClick = (e: MouseEvent) => {
    const cell = (e.target as Element).closest('[data-offset]');
    if (cell) selectByte(store, Number(cell.getAttribute('data-offset')));
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const move = KEY_MOVES[e.key];
    if (!move) return;
    e.preventDefault();
    moveInBytes(store, move);
  };

  return (
    <div
      role="grid"
      aria-label="Frame bytes"
      aria-rowcount={rows + 1}
      aria-colcount={17}
      onClick={onClick}
      onKeyDown={onKeyDown}
      className="flex flex-col font-mono text-xs"
    >
      <div role="row" aria-rowindex={1} className="flex items-center border-b border-slate-200 bg-slate-50 px-2 text-slate-500" style={{ height: ROW_HEIGHT }}>
        <span role="columnheader" className="hex-offset">
          offset
        </span>
        <span className="flex">
          {COLUMNS.map((c, i) => (
            <span key={c} role="columnheader" className={`hex-cell ${i === 8 ? 'ml-2' : ''}`}>
              {c}
            </span>
          ))}
        </span>
        <span aria-hidden="true" className="ml-4">
          ASCII
        </span>
      </div>
      <div
        ref={scrollRef}
        role="rowgroup"
        tabIndex={0}
        aria-label="Bytes: arrow keys move between fields"
        style={{ height: Math.min(rows, visibleRows) * ROW_HEIGHT + 8 }}
        className="overflow-auto px-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-300 focus-visible:ring-inset"
      >
        <div className="relative" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => (
            <HexRow key={item.index} view={view} row={item.index} top={item.start} />
          ))}
        </div>
      </div>
    </div>
  );
}
