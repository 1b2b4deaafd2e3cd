// The packet list's columns, shared by its header and its rows (a grid without a table: rows are positioned
// absolutely, so every cell takes its column's width from here).
import { TIME_FORMATS, type TimeFormat } from '../../inputs/capture-time';
import type { PacketColumn } from '../../inputs/packet-order';
import type { PacketListPreferences } from '../../state/preferences';

export interface ColumnSpec {
  readonly id: PacketColumn;
  readonly name: string;
  /** Default width, px (the Time column's depends on its format). */
  readonly width: number;
  /** Padding and alignment of the header and the cells. */
  readonly cell: string;
  readonly right?: boolean;
}

export const COLUMNS: readonly ColumnSpec[] = [
  { id: 'number', name: 'No.', width: 64, cell: 'pr-3', right: true },
  { id: 'time', name: 'Time', width: 96, cell: 'pr-3' },
  { id: 'source', name: 'Source', width: 144, cell: 'pr-2' },
  { id: 'destination', name: 'Destination', width: 144, cell: 'pr-2' },
  // Wide enough for the longest name a layer gives ("S7COMM-PLUS"); a cell cut shorter still names it on hover.
  { id: 'protocol', name: 'Protocol', width: 88, cell: 'pr-2' },
  { id: 'length', name: 'Length', width: 64, cell: 'pr-3', right: true },
  { id: 'info', name: 'Info', width: 0, cell: '' },
];

/** Info takes the rest of the row, at least this wide (the list scrolls sideways beyond). */
export const INFO_MIN_WIDTH = 240;
/** The row's own padding, left and right (px-2). */
const ROW_PADDING = 16;
/** A character of the list's monospace text (12 px), with a little to spare. */
const CHAR = 7.25;

/** The Time column fits its format's longest text, with room for nanoseconds. */
export function defaultTimeWidth(format: TimeFormat): number {
  const example = TIME_FORMATS.find((f) => f.id === format)?.example ?? '';
  return Math.ceil((example.length + 3) * CHAR) + 12;
}

export function defaultWidth(column: PacketColumn, format: TimeFormat): number {
  return column === 'time' ? defaultTimeWidth(format) : COLUMNS.find((c) => c.id === column)!.width;
}

/** Every sized column's width, px: the user's, or the default. */
export function columnWidths(prefs: PacketListPreferences): Readonly<Record<PacketColumn, number>> {
  return Object.fromEntries(
    COLUMNS.map((c) => [c.id, c.id === 'info' ? 0 : (prefs.widths[c.id] ?? defaultWidth(c.id, prefs.timeFormat))]),
  ) as Record<PacketColumn, number>;
}

/** The row's least width: the sized columns, Info's least width and the padding. */
export function rowMinWidth(widths: Readonly<Record<PacketColumn, number>>): number {
  return COLUMNS.reduce((sum, c) => sum + widths[c.id], INFO_MIN_WIDTH + ROW_PADDING);
}

/** The Time column's header: "Time", marked UTC for the two UTC formats (the others read as local or relative). */
export const timeHeading = (format: TimeFormat): string => (format.startsWith('utc-') ? 'Time (UTC)' : 'Time');
