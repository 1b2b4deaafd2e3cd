import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import type { PacketColumn } from '../../inputs/packet-order';
import { sortByColumn } from '../../state/capture-actions';
import { COLUMN_WIDTH_LIMITS, setColumnWidth } from '../../state/preferences';
import { useAppState, useAppStore } from '../app/store-context';
import { COLUMNS, defaultWidth, timeHeading } from './columns';
import { TimeFormatMenu } from './TimeFormatMenu';

const STEP = 8;
const BIG_STEP = 32;

interface Props {
  readonly widths: Readonly<Record<PacketColumn, number>>;
  readonly height: number;
  readonly minWidth: number;
}

/**
 * The packet list's header row, as Wireshark's: a click on a column sorts by it (ascending, descending, then capture
 * order again), the sorted one marked with aria-sort and an arrow; each column's right edge is a divider that drags
 * (or moves with the arrow keys) to resize it. The Time column has its format menu.
 */
export function PacketListHeader({ widths, height, minWidth }: Props) {
  const store = useAppStore();
  const sort = useAppState((s) => s.preferences.packetList.sort);
  const timeFormat = useAppState((s) => s.preferences.packetList.timeFormat);
  return (
    <div
      role="row"
      aria-rowindex={1}
      className="sticky top-0 z-10 flex items-center border-b border-slate-200 bg-slate-50 px-2 font-sans text-[11px] font-semibold text-slate-600"
      style={{ height, minWidth }}
    >
      {COLUMNS.map((c, i) => {
        const sorted = sort?.column === c.id ? sort.direction : undefined;
        const info = c.id === 'info';
        return (
          <div
            key={c.id}
            role="columnheader"
            aria-colindex={i + 1}
            aria-sort={sorted}
            className={`relative flex h-full items-center ${info ? 'min-w-0 flex-1' : 'shrink-0'}`}
            style={info ? undefined : { width: widths[c.id] }}
          >
            <button
              type="button"
              onClick={() => sortByColumn(store, c.id)}
              title={`Sort by ${c.name}`}
              className={`flex h-full min-w-0 flex-1 items-center gap-0.5 hover:text-slate-900 ${c.cell} ${c.right ? 'justify-end' : ''}`}
            >
              <span className="truncate">{c.id === 'time' ? timeHeading(timeFormat) : c.name}</span>
              {sorted && (
                <span aria-hidden="true" className="text-[9px] text-sky-700">
                  {sorted === 'ascending' ? '▲' : '▼'}
                </span>
              )}
            </button>
            {c.id === 'time' && <TimeFormatMenu />}
            {!info && <ColumnDivider column={c.id} name={c.name} width={widths[c.id]} />}
          </div>
        );
      })}
    </div>
  );
}

interface DividerProps {
  readonly column: PacketColumn;
  readonly name: string;
  readonly width: number;
}

/** A column's right edge: drag it, or focus it and use ←/→ (Shift: further), Home for the narrowest, Enter to reset. */
function ColumnDivider({ column, name, width }: DividerProps) {
  const store = useAppStore();
  const timeFormat = useAppState((s) => s.preferences.packetList.timeFormat);
  const drag = useRef<{ from: number; start: number } | undefined>(undefined);
  const reset = () => setColumnWidth(store, column, undefined);

  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.shiftKey ? BIG_STEP : STEP;
    if (e.key === 'ArrowLeft') setColumnWidth(store, column, width - step);
    else if (e.key === 'ArrowRight') setColumnWidth(store, column, width + step);
    else if (e.key === 'Home') setColumnWidth(store, column, COLUMN_WIDTH_LIMITS.min);
    else if (e.key === 'Enter') reset();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { from: e.clientX, start: width };
    e.preventDefault();
  };
  const onPointerMove = (e: PointerEvent) => {
    const d = drag.current;
    if (d) setColumnWidth(store, column, d.start + e.clientX - d.from);
  };
  const onPointerUp = () => {
    drag.current = undefined;
  };

  return (
    <div
      role="separator"
      tabIndex={0}
      aria-label={`Resize the ${name} column`}
      aria-orientation="vertical"
      aria-valuenow={width}
      aria-valuemin={COLUMN_WIDTH_LIMITS.min}
      aria-valuemax={COLUMN_WIDTH_LIMITS.max}
      aria-valuetext={`${width} pixels${width === defaultWidth(column, timeFormat) ? ' (default)' : ''}`}
      data-resizes-column={column}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={reset}
      onClick={(e) => e.stopPropagation()}
      className="group absolute top-0 -right-1.5 z-10 flex h-full w-3 cursor-col-resize touch-none justify-center outline-offset-0 select-none"
    >
      <span
        aria-hidden="true"
        className="my-1 w-px bg-slate-300 group-hover:w-0.5 group-hover:bg-sky-500 group-focus-visible:w-0.5 group-focus-visible:bg-sky-600"
      />
    </div>
  );
}
