import { useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { moveInPackets, requestRows, selectPacket, type PacketMove } from '../../state/capture-actions';
import {
  frameAtRow,
  packetCount,
  packetRowOf,
  rowOfFrame,
  rowTime,
  timeReferenceFrame,
  type TimeFormat,
} from '../../state/capture';
import type { PacketColumn } from '../../inputs/packet-order';
import { SeverityIcon } from '../common/SeverityIcon';
import { useAppState, useAppStore } from '../app/store-context';
import { PACKET_LIST_ID } from '../shortcuts/focus-targets';
import { usePacketMenu } from '../menu/usePacketMenu';
import { columnWidths, COLUMNS, rowMinWidth } from './columns';
import { PacketListHeader } from './PacketListHeader';
import { useFixedRows } from './useFixedRows';

export const PACKET_ROW_HEIGHT = 20;
const KEY_MOVES: Record<string, PacketMove> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  PageUp: 'pageUp',
  PageDown: 'pageDown',
  Home: 'home',
  End: 'end',
};

export const packetRowId = (number: number) => `packet-${number}`;

/**
 * The capture's frames, Wireshark-style: one row per frame (or per match of the filter), only the rows in sight
 * rendered. The list element is the ARIA grid; the selected row is its active descendant, so Up/Down/PageUp/
 * PageDown/Home/End move the selection while focus stays on the list.
 */
export function PacketList() {
  const store = useAppStore();
  const count = useAppState(packetCount);
  const frameCount = useAppState((s) => s.capture?.frameCount ?? 0);
  const selected = useAppState((s) => s.capture?.selected);
  const rowsVersion = useAppState((s) => s.capture?.rowsVersion ?? 0);
  const matchVersion = useAppState((s) => s.capture?.filter.matchCount ?? 0);
  const applied = useAppState((s) => s.capture?.filter.applied ?? '');
  const ordering = useAppState((s) => s.capture?.ordering);
  const columns = useAppState((s) => s.preferences.packetList);
  const { timeFormat } = columns;
  const widths = columnWidths(columns);
  const minWidth = rowMinWidth(widths);
  const scrollRef = useRef<HTMLDivElement>(null);
  const menu = usePacketMenu(scrollRef);

  // The grid scrolls itself (one focusable scroll region), its header row sticky at the top: rows start one row
  // down, and a row scrolled into view must not hide under the header.
  const { first, last, totalSize, top, scrollToIndex } = useFixedRows({
    count,
    rowHeight: PACKET_ROW_HEIGHT,
    offset: PACKET_ROW_HEIGHT,
    overscan: 10,
    scrollRef,
    initialHeight: 10 * PACKET_ROW_HEIGHT,
  });

  // Ask the worker for the rows in sight (and a little beyond) that it has not sent yet, and for the rows their
  // Time column is measured from (the previous frame's, for the deltas).
  useEffect(() => {
    const numbers: number[] = [];
    for (let row = first; row <= last; row++) {
      const number = frameAtRow(store, row);
      if (number === undefined) continue;
      numbers.push(number);
      const reference = timeReferenceFrame(store, number, timeFormat);
      if (reference !== undefined) numbers.push(reference);
    }
    requestRows(store, numbers);
  }, [store, first, last, rowsVersion, matchVersion, applied, count, ordering, timeFormat]);

  // Keep the selected row in sight when the keyboard moves it.
  const selectedRow = selected === undefined ? -1 : rowOfFrame(store, selected);
  useEffect(() => {
    if (selectedRow >= 0) scrollToIndex(selectedRow);
  }, [selectedRow, scrollToIndex]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (menu.onKeyDown(e)) return;
    const move = KEY_MOVES[e.key];
    if (!move) return;
    e.preventDefault();
    const page = Math.floor((scrollRef.current?.clientHeight ?? 11 * PACKET_ROW_HEIGHT) / PACKET_ROW_HEIGHT) - 1;
    moveInPackets(store, move, page);
  };
  const onClick = (e: MouseEvent) => {
    const row = (e.target as Element).closest('[data-frame]');
    if (row) selectPacket(store, Number(row.getAttribute('data-frame')));
  };
  const selectedRendered = selected !== undefined && selectedRow >= first && selectedRow <= last;

  return (
    <div
      ref={scrollRef}
      id={PACKET_LIST_ID}
      role="grid"
      aria-label="Packets"
      aria-rowcount={count + 1}
      aria-colcount={COLUMNS.length}
      aria-multiselectable={false}
      aria-activedescendant={selectedRendered ? packetRowId(selected!) : undefined}
      data-frame-count={frameCount}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onClick={onClick}
      {...menu.props}
      className="focus-inset min-h-0 flex-1 overflow-auto font-mono text-xs"
    >
      <PacketListHeader widths={widths} height={PACKET_ROW_HEIGHT} minWidth={minWidth} />
      {count === 0 ? (
        <p className="p-3 font-sans text-slate-500">
          {frameCount === 0 ? 'No frames yet.' : 'No frame matches the filter (yet).'}
        </p>
      ) : (
        <div role="rowgroup" className="relative" style={{ height: totalSize, minWidth }}>
          {rowsFrom(first, last).map((index) => (
            <PacketRowView
              key={index}
              index={index}
              top={top(index)}
              widths={widths}
              timeFormat={timeFormat}
              version={rowsVersion}
            />
          ))}
        </div>
      )}
    </div>
  );
}

/** first, first + 1, … last (none when last < first). */
const rowsFrom = (first: number, last: number): number[] =>
  Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);

interface RowProps {
  readonly index: number;
  readonly top: number;
  readonly widths: Readonly<Record<PacketColumn, number>>;
  readonly timeFormat: TimeFormat;
  /** Changes when new rows arrive, so a row waiting for its data renders again. */
  readonly version: number;
}

function PacketRowView({ index, top, widths, timeFormat }: RowProps) {
  const store = useAppStore();
  const number = frameAtRow(store, index);
  const isSelected = useAppState((s) => number !== undefined && s.capture?.selected === number);
  if (number === undefined) return null;
  const row = packetRowOf(store, number);
  const cells: Record<PacketColumn, string> = row
    ? {
        number: String(number),
        time: rowTime(store, row, timeFormat),
        source: row.source,
        destination: row.destination,
        protocol: row.protocol,
        length: String(row.length),
        info: row.info,
      }
    : { number: String(number), time: '', source: '', destination: '', protocol: '', length: '', info: '…' };
  return (
    <div
      role="row"
      id={packetRowId(number)}
      aria-rowindex={index + 2}
      aria-selected={isSelected}
      data-frame={number}
      className={`absolute inset-x-0 flex cursor-default items-center px-2 whitespace-nowrap ${isSelected ? 'bg-sky-700 text-white' : row?.severity === 'error' ? 'bg-red-50 hover:bg-red-100' : row?.severity === 'warning' ? 'bg-amber-50 hover:bg-amber-100' : 'hover:bg-slate-100'}`}
      style={{ top, height: PACKET_ROW_HEIGHT }}
    >
      {COLUMNS.map((c, i) => (
        <span
          key={c.id}
          role="gridcell"
          aria-colindex={i + 1}
          // white-space: pre, not truncate's nowrap: Info keeps its runs of spaces as written ("ROSCTR:[Job     ]").
          className={`overflow-hidden text-ellipsis whitespace-pre ${c.cell} ${c.right ? 'text-right' : ''} ${c.id === 'info' ? 'min-w-0 flex-1' : 'shrink-0'}`}
          style={c.id === 'info' ? undefined : { width: widths[c.id] }}
          title={c.id === 'info' || c.id === 'protocol' ? cells[c.id] : undefined}
        >
          {c.id === 'number' && row?.severity && (
            <SeverityIcon severity={row.severity} className={`mr-1 align-[-2px] ${isSelected ? '!text-white' : ''}`} />
          )}
          {cells[c.id]}
        </span>
      ))}
    </div>
  );
}
