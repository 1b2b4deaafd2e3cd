// The items of the context menus, as Wireshark has them: Apply as Filter ▸ and Prepare as Filter ▸ (Selected, Not
// Selected, …and / …or / …and not / …or not Selected), then Copy ▸, for a tree row (or the field under a byte) and a
// packet-list row (its column right-clicked).
import { collapseAll, expandAll } from '../../state/actions';
import { followTcpStream } from '../../state/follow';
import type { PacketRow } from '../../inputs/capture-frames';
import type { FrameView, TreeNode } from '../../state/frame-view';
import {
  filterBySelection,
  filterUnavailable,
  nodeCopies,
  packetColumnFilter,
  type FilterHow,
  type PacketColumnName,
  type SelectionFilter,
} from '../../state/selection-uses';
import type { AppStore } from '../../state/store';
import { copyText } from '../share/browser';
import { FILTER_INPUT_ID } from '../shortcuts/focus-targets';
import type { MenuItem } from './ContextMenu';

const HOWS: readonly (readonly [FilterHow, string])[] = [
  ['selected', 'Selected'],
  ['not', 'Not Selected'],
  ['and', '…and Selected'],
  ['or', '…or Selected'],
  ['andNot', '…and not Selected'],
  ['orNot', '…or not Selected'],
];

type Notify = (text: string) => void;

/** Apply as Filter ▸ and Prepare as Filter ▸, disabled with the reason when there is no list or no filter. */
function filterItems(store: AppStore, filter: SelectionFilter): MenuItem[] {
  const reason = filterUnavailable(store) ?? (filter.ok ? undefined : filter.reason);
  const group = (label: string, apply: boolean): MenuItem => ({
    label,
    hint: reason ?? (filter.ok ? filter.text : ''),
    hintIsCode: reason === undefined,
    disabled: reason !== undefined,
    items: HOWS.map(([how, name]) => ({
      label: name,
      onSelect: () => {
        if (!filter.ok) return;
        filterBySelection(store, filter.text, how, apply);
        // Prepare: the filter waits in its box for an edit or Enter (after the box is shown, on a phone).
        if (!apply) requestAnimationFrame(() => document.getElementById(FILTER_INPUT_ID)?.focus());
      },
    })),
  });
  return [group('Apply as Filter', true), group('Prepare as Filter', false)];
}

/** Copies the text and says so (or that the browser refused). */
export function copyAndNotify(text: string, what: string, notify: Notify): void {
  void copyText(text).then((ok) =>
    notify(ok ? `Copied ${what}` : 'The browser did not allow copying: select the text and copy it by hand.'),
  );
}

function copyItem(label: string, text: string | undefined, notify: Notify, extra: Partial<MenuItem> = {}): MenuItem {
  return {
    label,
    ...(text === undefined || text === ''
      ? { disabled: true, hint: 'Nothing to copy' }
      : { onSelect: () => copyAndNotify(text, `${label.toLowerCase()}: ${text}`, notify) }),
    ...extra,
  };
}

function filterCopy(filter: SelectionFilter, notify: Notify): MenuItem {
  return filter.ok
    ? copyItem('As filter', filter.text, notify)
    : { label: 'As filter', disabled: true, hint: filter.reason };
}

/** Wireshark's shortcut for Follow TCP Stream, as aria-keyshortcuts names it. */
export const FOLLOW_SHORTCUT = 'Control+Alt+Shift+T';

/** Follow ▸ TCP Stream, as Wireshark has it (only with a capture: a pasted frame has no conversation). */
function followItem(store: AppStore, frame: number | undefined): MenuItem[] {
  if (!store.getState().capture || frame === undefined) return [];
  return [
    {
      label: 'Follow',
      separatorBefore: true,
      items: [{ label: 'TCP Stream', shortcut: FOLLOW_SHORTCUT, onSelect: () => followTcpStream(store, { frame }) }],
    },
  ];
}

/** The menu of a tree row, or of a byte (its field). */
export function fieldMenu(store: AppStore, view: FrameView, node: TreeNode, notify: Notify): MenuItem[] {
  const copies = nodeCopies(view, node);
  return [
    ...filterItems(store, copies.filter),
    {
      label: 'Copy',
      separatorBefore: true,
      items: [
        copyItem('Value', copies.value, notify, { shortcut: 'Control+C' }),
        copyItem('Field name', copies.name, notify),
        filterCopy(copies.filter, notify),
        copyItem('Line as shown', copies.description, notify),
        copyItem('Bytes as hex', copies.hex, notify),
        copyItem('Bytes as printable text', copies.text, notify),
      ],
    },
    ...followItem(store, store.getState().capture?.selected),
    { label: 'Expand all', separatorBefore: true, onSelect: () => expandAll(store) },
    { label: 'Collapse all', onSelect: () => collapseAll(store) },
  ];
}

const csvCell = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** The menu of a packet-list row: filters from the column right-clicked, copies of the row as the list shows it. */
export function packetMenu(
  store: AppStore,
  row: PacketRow,
  column: PacketColumnName,
  cells: readonly string[],
  columns: readonly string[],
  notify: Notify,
): MenuItem[] {
  const filter = packetColumnFilter(row, column);
  const at = columns.indexOf(column);
  return [
    ...filterItems(store, filter),
    {
      label: 'Copy',
      separatorBefore: true,
      items: [
        copyItem('Summary as text', cells.join('\t'), notify),
        copyItem('…as CSV', cells.map(csvCell).join(','), notify),
        copyItem(`${column} value`, cells[at], notify),
        filterCopy(filter, notify),
      ],
    },
    ...followItem(store, row.number),
  ];
}
