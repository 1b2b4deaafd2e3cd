import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
} from 'react';
import { moveInBytes, previewByte, selectByte, type ByteMove } from '../../state/actions';
import { byteInfo } from '../../state/byte-info';
import type { FrameView } from '../../state/frame-view';
import { currentView, selectedNode, selectedRow } from '../../state/selectors';
import { useAppState, useAppStore } from '../app/store-context';
import { ByteTooltip, type Anchor } from './ByteTooltip';
import { HexRow, ROW_HEIGHT } from './HexRow';
import { EditBar } from '../workbench/EditBar';
import { handleEditKey } from '../workbench/edit-keys';
import { placeCursor } from '../../state/workbench';
import { hexByte } from '../../dissect';
import { useContextMenu } from '../menu/ContextMenu';
import { fieldMenu } from '../menu/selection-menus';
import { useMenuTrigger } from '../menu/useMenuTrigger';

const KEY_MOVES: Record<string, ByteMove> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
  PageUp: 'pageUp',
  PageDown: 'pageDown',
  Home: 'rowStart',
  End: 'rowEnd',
};
const CTRL_KEY_MOVES: Record<string, ByteMove> = { Home: 'first', End: 'last' };
/** Rows rendered before the first layout (and in jsdom, which has none). */
const INITIAL_ROWS = 12;
const COLUMNS = Array.from({ length: 16 }, (_, i) => hexByte(i));

/**
 * The width a row of `bytes` bytes needs, in `ch` of the view's font and pixels: offset (3.5rem), the bytes (3ch each,
 * 0.5rem between the halves of 16), 1rem, their ASCII (1ch each), and the 0.5rem padding on both sides.
 */
const rowWidth = (bytes: number, ch: number) => bytes * 4 * ch + (bytes === 16 ? 96 : 88);

/**
 * Offset | 16 bytes | ASCII, one row per 16 bytes — or 8 where 16 do not fit (a phone); only the rows in sight are
 * rendered. It fills its pane.
 */
export function HexView() {
  const view = useAppState(currentView);
  // A frame whose bytes could not be read back: the fields pane says why (as an alert); here, that they are missing.
  const unreadable = useAppState((s) => s.capture?.frameError !== undefined);
  if (!view)
    return (
      <p className="p-3 text-sm text-slate-600">
        {unreadable ? "This frame's bytes could not be read back from the file." : "The frame's bytes appear here."}
      </p>
    );
  return <HexGrid view={view} />;
}

function HexGrid({ view }: { view: FrameView }) {
  const store = useAppStore();
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const chRef = useRef<HTMLSpanElement>(null);
  const [hover, setHover] = useState<{ offset: number; anchor: Anchor } | undefined>();
  const [rowBytes, setRowBytes] = useState(16);
  const rows = Math.ceil(view.bytes.length / rowBytes);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 800, height: INITIAL_ROWS * ROW_HEIGHT },
  });
  // 16 bytes a row where they fit, else 8: measured against the pane's width and the font's character width, before
  // the first paint.
  useLayoutEffect(() => {
    const grid = gridRef.current;
    if (!grid || typeof ResizeObserver === 'undefined') return;
    const fit = () => {
      const ch = (chRef.current?.getBoundingClientRect().width ?? 0) / 10;
      const width = scrollRef.current?.clientWidth ?? 0;
      if (ch > 0 && width > 0) setRowBytes(width >= rowWidth(16, ch) ? 16 : 8);
    };
    const observer = new ResizeObserver(fit);
    observer.observe(grid);
    fit();
    return () => observer.disconnect();
  }, []);
  const row = useAppState(selectedRow(rowBytes));
  useEffect(() => {
    if (row !== undefined) virtualizer.scrollToIndex(row, { align: 'auto' });
  }, [row, virtualizer]);
  const menu = useContextMenu();
  // Right-click or long-press a byte: it selects its field, and the menu is that field's.
  const trigger = useMenuTrigger((target, at) => {
    const cell = target?.closest('[data-offset], [data-ascii-offset]');
    if (cell) selectByte(store, Number(cell.getAttribute('data-offset') ?? cell.getAttribute('data-ascii-offset')));
    const state = store.getState();
    const node = selectedNode(state);
    const shown = currentView(state);
    if (!node || !shown || !state.selection) return undefined;
    const first = scrollRef.current?.querySelector(`[data-offset="${state.selection.start}"]`)?.getBoundingClientRect();
    return {
      label: `Field ${node.field?.id ?? node.layer.protocol}`,
      items: fieldMenu(store, shown, node, menu.notify),
      at: at ?? { x: first?.left ?? 0, y: first?.bottom ?? 0 },
      returnFocus: scrollRef.current,
    };
  });
  // A new frame: whatever the pointer was over is gone.
  useEffect(() => {
    setHover(undefined);
    previewByte(store, undefined);
  }, [store, view]);

  // One listener for all cells: the cell carries its offset.
  const onClick = (e: MouseEvent) => {
    const cell = (e.target as Element).closest('[data-offset]');
    if (cell) selectByte(store, Number(cell.getAttribute('data-offset')));
    // Edit mode: the click also puts the caret there, in the column clicked (the ASCII cells carry data-ascii-offset).
    const ascii = (e.target as Element).closest('[data-ascii-offset]');
    if (store.getState().workbench.editing && (cell || ascii)) {
      const offset = Number((cell ?? ascii)!.getAttribute(cell ? 'data-offset' : 'data-ascii-offset'));
      if (ascii) selectByte(store, offset);
      placeCursor(store, offset, ascii ? 'ascii' : 'hex');
    }
  };
  // A mouse over a byte shows what it is; a finger's tap selects it instead (the tooltip would cover the bytes).
  const onPointerOver = (e: PointerEvent) => {
    if (e.pointerType !== 'mouse') return;
    const cell = (e.target as Element).closest('[data-offset]');
    if (!cell) return;
    const offset = Number(cell.getAttribute('data-offset'));
    if (offset === hover?.offset) return;
    const rect = cell.getBoundingClientRect();
    setHover({ offset, anchor: { left: rect.left, top: rect.top, bottom: rect.bottom } });
    previewByte(store, offset);
  };
  const endHover = () => {
    setHover(undefined);
    previewByte(store, undefined);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (trigger.onKeyDown(e) || handleEditKey(store, e)) return;
    const move = e.ctrlKey || e.metaKey ? CTRL_KEY_MOVES[e.key] : KEY_MOVES[e.key];
    if (!move) return;
    e.preventDefault();
    const pageRows = Math.max(
      1,
      Math.floor((scrollRef.current?.clientHeight ?? INITIAL_ROWS * ROW_HEIGHT) / ROW_HEIGHT) - 1,
    );
    moveInBytes(store, move, pageRows, rowBytes);
  };
  const info = hover && byteInfo(view, hover.offset);

  return (
    <div className="flex min-h-0 flex-1 flex-col font-mono text-xs">
      <EditBar />
      <div
        ref={gridRef}
        role="grid"
        aria-label="Frame bytes"
        aria-rowcount={rows + 1}
        aria-colcount={rowBytes + 1}
        onClick={onClick}
        onKeyDown={onKeyDown}
        {...trigger.props}
        className="flex min-h-0 flex-1 flex-col [-webkit-touch-callout:none]"
      >
        <div
          role="row"
          aria-rowindex={1}
          className="flex shrink-0 items-center border-b border-slate-200 bg-slate-50 px-2 text-slate-600"
          style={{ height: ROW_HEIGHT }}
        >
          <span role="columnheader" className="hex-offset">
            offset
            <span ref={chRef} aria-hidden="true" className="invisible absolute">
              0000000000
            </span>
          </span>
          <span className="flex">
            {COLUMNS.slice(0, rowBytes).map((c, i) => (
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
          onPointerOver={onPointerOver}
          onMouseLeave={endHover}
          onScroll={hover ? endHover : undefined}
          className="focus-inset min-h-0 flex-1 overflow-auto px-2 py-1"
        >
          <div className="relative" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => (
              <HexRow key={item.index} view={view} row={item.index} top={item.start} rowBytes={rowBytes} />
            ))}
          </div>
        </div>
      </div>
      <HexLegend />
      {info && hover && <ByteTooltip info={info} anchor={hover.anchor} />}
    </div>
  );
}

/** What the marks on the bytes mean. */
function HexLegend() {
  return (
    <p className="flex shrink-0 flex-wrap items-center gap-x-3 border-t border-slate-200 px-2 py-0.5 font-sans text-[11px] text-slate-600">
      <span>
        <span aria-hidden="true" className="mr-1 inline-block h-3 w-0.5 translate-y-0.5 rounded bg-indigo-500" />a layer
        starts
      </span>
      <span>
        <span aria-hidden="true" className="byte-layer-alt mr-1 inline-block h-3 w-3 translate-y-0.5 rounded-sm" />
        every other layer
      </span>
      <span>
        <span
          aria-hidden="true"
          className="reserved-hatch mr-1 inline-block h-3 w-3 translate-y-0.5 rounded-sm border border-violet-300"
        />
        reserved
      </span>
      <span>
        <span aria-hidden="true" className="byte-warning mr-0.5 font-mono">
          ab
        </span>{' '}
        has a problem
      </span>
      <span className="ml-auto pointer-coarse:hidden">Hover a byte for its field</span>
    </p>
  );
}
