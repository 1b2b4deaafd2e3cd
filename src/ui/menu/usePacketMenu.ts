import type { RefObject } from 'react';
import { packetRowOf } from '../../state/capture';
import { selectPacket } from '../../state/capture-actions';
import { PACKET_COLUMN_NAMES } from '../../state/selection-uses';
import { useAppStore } from '../app/store-context';
import { useContextMenu } from './ContextMenu';
import { packetMenu } from './selection-menus';
import { useMenuTrigger } from './useMenuTrigger';

/** From the keyboard no column was clicked: the filters are the row's source address, a frequent first question. */
const KEYBOARD_COLUMN = 'Source';

/**
 * The packet list's context menu: right-click or long-press a row (it is selected), or the context-menu key and
 * Shift+F10 on the list (the selected row). Its filters come from the column under the pointer, as in Wireshark.
 */
export function usePacketMenu(list: RefObject<HTMLElement | null>) {
  const store = useAppStore();
  const menu = useContextMenu();
  return useMenuTrigger((target, at) => {
    const clicked = target?.closest('[role="row"][data-frame]');
    const rowElement = clicked ?? list.current?.querySelector('[role="row"][data-frame][aria-selected="true"]');
    if (!rowElement) return undefined;
    const number = Number(rowElement.getAttribute('data-frame'));
    if (clicked) selectPacket(store, number);
    const row = packetRowOf(store, number);
    if (!row) return undefined;
    const cell = target?.closest('[role="gridcell"]');
    const column = (cell && PACKET_COLUMN_NAMES[Number(cell.getAttribute('aria-colindex')) - 1]) || KEYBOARD_COLUMN;
    const cells = [...rowElement.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent ?? '');
    const corner = rowElement.getBoundingClientRect();
    return {
      label: `Frame ${number}`,
      items: packetMenu(store, row, column, cells, PACKET_COLUMN_NAMES, menu.notify),
      at: at ?? { x: corner.left + 24, y: corner.bottom },
      returnFocus: list.current,
    };
  });
}
