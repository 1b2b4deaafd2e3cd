// What the context menus do with a tree row, a byte or a packet row, as Wireshark's do: the filter it makes (Apply /
// Prepare as Filter put it in the filter box, combined with what is typed there), and the texts Copy offers.
import {
  addressFilter,
  combineFilter,
  fieldFilter,
  protocolFilter,
  valueFilter,
  type FilterHow,
  type SelectionFilter,
} from '../dissect/filter';
import { hexStream } from '../export';
import type { PacketRow } from '../inputs/capture-frames';
import { applyFilter, setFilterText } from './capture-actions';
import type { FrameView, TreeNode } from './frame-view';
import type { AppStore } from './store';

export type { FilterHow, SelectionFilter } from '../dissect/filter';

/** A field compared with its value; a layer's header row is its protocol. */
export function nodeFilter(node: TreeNode): SelectionFilter {
  return node.field ? fieldFilter(node.field) : protocolFilter(node.layer.protocol);
}

/** The packet list's column headers, in order, as the menu names them (ids and widths: ui/packets/columns.ts). */
export const PACKET_COLUMN_NAMES = ['No.', 'Time', 'Source', 'Destination', 'Protocol', 'Length', 'Info'] as const;
export type PacketColumnName = (typeof PACKET_COLUMN_NAMES)[number];

/** The filter for one cell of the packet list, as Wireshark's list makes one from the column right-clicked. */
export function packetColumnFilter(row: PacketRow, column: PacketColumnName): SelectionFilter {
  switch (column) {
    case 'No.':
      return valueFilter('frame.number', row.number);
    case 'Source':
      return addressFilter(row.source, 'src');
    case 'Destination':
      return addressFilter(row.destination, 'dst');
    case 'Protocol':
      return protocolFilter(row.protocol.toLowerCase());
    case 'Length':
      return valueFilter('frame.len', row.length);
    case 'Time':
      return { ok: false, reason: 'A time is shown rounded: a filter equal to it would miss the frame.' };
    case 'Info':
      return { ok: false, reason: 'The Info column is a summary of several fields, not one field.' };
  }
}

/** The capture's packet list is what a filter narrows: a pasted frame has none. */
export function filterUnavailable(store: AppStore): string | undefined {
  return store.getState().capture
    ? undefined
    : 'Open a capture file to filter its frames: one pasted frame has no packet list.';
}

/**
 * Apply as Filter (`apply`) or Prepare as Filter: the filter box gets the selection combined with its text `how`;
 * Apply also runs it over the packet list.
 */
export function filterBySelection(store: AppStore, selected: string, how: FilterHow, apply: boolean): void {
  const capture = store.getState().capture;
  if (!capture) return;
  setFilterText(store, combineFilter(capture.filter.text, selected, how));
  if (apply) applyFilter(store);
}

/** Wireshark's "Copy" texts for a tree row (or the field under a byte). */
export interface NodeCopies {
  /** The value as the tree shows it ("CC Connect Confirm (0x0d)"); a layer row's summary. */
  readonly value: string;
  /** The filter name: the field's id or the layer's protocol. */
  readonly name: string;
  /** The row as shown ("Reserved: 17 (0x11)"). */
  readonly description: string;
  readonly filter: SelectionFilter;
  /** Its bytes as a hex stream ("0311002c"). */
  readonly hex: string;
  /** Its bytes' printable ASCII and white space, the rest left out (Wireshark's "…as Printable Text"). */
  readonly text: string;
}

const printableOrSpace = (b: number) => (b >= 0x20 && b < 0x7f) || (b >= 0x09 && b <= 0x0d);

export function nodeCopies(view: FrameView, node: TreeNode): NodeCopies {
  const bytes = view.bytes.subarray(node.offset, node.offset + node.length);
  return {
    value: node.field ? node.field.display : node.layer.summary,
    name: node.field ? node.field.id : node.layer.protocol,
    description: node.label,
    filter: nodeFilter(node),
    hex: hexStream(bytes),
    text: Array.from(bytes)
      .filter(printableOrSpace)
      .map((b) => String.fromCharCode(b))
      .join(''),
  };
}
