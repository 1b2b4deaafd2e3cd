import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { moveInPackets, requestRows, selectPacket, type PacketMove } from '../../state/capture-actions';
import { frameAtRow, packetCount, packetRowOf, rowOfFrame, rowTime } from '../../state/capture';
import { SeverityIcon } from '../common/SeverityIcon';
import { useAppState, useAppStore } from '../app/store-context';
import { PACKET_LIST_ID } from '../shortcuts/focus-targets';
import { usePacketMenu } from '../menu/usePacketMenu';

export const PACKET_ROW_HEIGHT = 22;
const KEY_MOVES: Record<string, PacketMove> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  PageUp: 'pageUp',
  PageDown: 'pageDown',
  Home: 'home',
  End: 'end',
};
/** Column widths, shared by the header and every row (a grid without a table: rows are positioned absolutely). */
const COLUMNS = [
  { name: 'No.', className: 'w-16 text-right pr-3' },
  { name: 'Time', className: 'w-24 pr-3' },
  { name: 'Source', className: 'w-36 pr-2' },
  { name: 'Destination', className: 'w-36 pr-2' },
  { name: 'Protocol', className: 'w-16 pr-2' },
  { name: 'Length', className: 'w-14 text-right pr-3' },
  { name: 'Info', className: 'min-w-0 flex-1' },
] as const;
const ABSOLUTE_TIME_CLASS = 'w-52 pr-3';

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
  const timeFormat = useAppState((s) => s.capture?.timeFormat ?? 'relative');
  const firstTime = useAppState((s) => s.capture?.firstTime);
  const scrollRef = useRef<HTMLDivElement>(null);
  const menu = usePacketMenu(scrollRef);

  // The grid scrolls itself (one focusable scroll region), its header row sticky at the top: rows start one row
  // down, and a row scrolled into view must not hide under the header.
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => PACKET_ROW_HEIGHT,
    overscan: 10,
    scrollMargin: PACKET_ROW_HEIGHT,
    scrollPaddingStart: PACKET_ROW_HEIGHT,
    initialRect: { width: 900, height: 10 * PACKET_ROW_HEIGHT },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  // Ask the worker for the rows in sight (and a little beyond) that it has not sent yet.
  useEffect(() => {
    const numbers: number[] = [];
    for (let row = first; row <= last; row++) {
      const number = frameAtRow(store, row);
      if (number !== undefined) numbers.push(number);
    }
    requestRows(store, numbers);
  }, [store, first, last, rowsVersion, matchVersion, applied, count]);

  // Keep the selected row in sight when the keyboard moves it.
  const selectedRow = selected === undefined ? -1 : rowOfFrame(store, selected);
  useEffect(() => {
    if (selectedRow >= 0) virtualizer.scrollToIndex(selectedRow, { align: 'auto' });
  }, [selectedRow, virtualizer]);

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
  const timeClass = timeFormat === 'absolute' ? ABSOLUTE_TIME_CLASS : COLUMNS[1].className;
  const selectedRendered = selected !== undefined && items.some((item) => frameAtRow(store, item.index) === selected);

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
      <div
        role="row"
        aria-rowindex={1}
        className="sticky top-0 z-10 flex min-w-full items-center border-b border-slate-200 bg-slate-50 px-2 font-sans text-[11px] font-semibold text-slate-600"
        style={{ height: PACKET_ROW_HEIGHT }}
      >
        {COLUMNS.map((c, i) => (
          <span
            key={c.name}
            role="columnheader"
            aria-colindex={i + 1}
            className={`shrink-0 truncate ${i === 1 ? timeClass : c.className}`}
          >
            {i === 1 && timeFormat === 'absolute' ? 'Time (UTC)' : c.name}
          </span>
        ))}
      </div>
      {count === 0 ? (
        <p className="p-3 font-sans text-slate-500">
          {frameCount === 0 ? 'No frames yet.' : 'No frame matches the filter (yet).'}
        </p>
      ) : (
        <div role="rowgroup" className="relative" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => (
            <PacketRowView
              key={item.index}
              index={item.index}
              top={item.start - PACKET_ROW_HEIGHT}
              timeClass={timeClass}
              timeFormat={timeFormat}
              firstTime={firstTime}
              version={rowsVersion}
            />
          ))}
        </div>
      )}
    </div>
  );
}

interface RowProps {
  readonly index: number;
  readonly top: number;
  readonly timeClass: string;
  readonly timeFormat: 'relative' | 'absolute';
  readonly firstTime: Parameters<typeof rowTime>[2];
  /** Changes when new rows arrive, so a row waiting for its data renders again. */
  readonly version: number;
}

function PacketRowView({ index, top, timeClass, timeFormat, firstTime }: RowProps) {
  const store = useAppStore();
  const number = frameAtRow(store, index);
  const isSelected = useAppState((s) => number !== undefined && s.capture?.selected === number);
  if (number === undefined) return null;
  const row = packetRowOf(store, number);
  const cells = row
    ? [
        String(number),
        rowTime(row, timeFormat, firstTime),
        row.source,
        row.destination,
        row.protocol,
        String(row.length),
        row.info,
      ]
    : [String(number), '', '', '', '', '', '…'];
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
      {cells.map((text, i) => (
        <span
          key={i}
          role="gridcell"
          aria-colindex={i + 1}
          className={`shrink-0 truncate ${i === 1 ? timeClass : COLUMNS[i]!.className}`}
          title={i === 6 ? text : undefined}
        >
          {i === 0 && row?.severity && (
            <SeverityIcon severity={row.severity} className={`mr-1 align-[-2px] ${isSelected ? '!text-white' : ''}`} />
          )}
          {text}
        </span>
      ))}
    </div>
  );
}
