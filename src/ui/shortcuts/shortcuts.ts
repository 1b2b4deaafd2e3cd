// Every keyboard shortcut, as data: the "?" dialog lists these, and docs/guide.md's table says the same.

export interface Shortcut {
  /** Keys as shown, one <kbd> each; alternatives are separate entries. */
  readonly keys: readonly string[];
  readonly does: string;
}

export interface ShortcutGroup {
  readonly where: string;
  readonly shortcuts: readonly Shortcut[];
}

export const SHORTCUTS: readonly ShortcutGroup[] = [
  {
    where: 'Anywhere',
    shortcuts: [
      { keys: ['/'], does: 'Focus the display filter (a capture is open) or the input box' },
      { keys: ['?'], does: 'Show this list' },
      { keys: ['e'], does: 'Expert Information: the capture’s problems, grouped (a capture is open)' },
      { keys: ['Ctrl+G'], does: 'Go to a frame by its number (a capture is open)' },
      { keys: ['Ctrl+F'], does: 'Find a frame: filter, hex bytes or text (a capture is open)' },
      {
        keys: ['Ctrl+Alt+Shift+T'],
        does: 'Follow TCP Stream: the selected frame’s TCP conversation, both directions (as in Wireshark)',
      },
      { keys: ['Tab', 'Shift+Tab'], does: 'Next or previous control or pane' },
      { keys: ['Esc'], does: 'Close a dialog, panel or menu' },
      {
        keys: ['Shift+F10', 'Menu key'],
        does: 'The context menu of the focused row or byte (right-click, long press)',
      },
      {
        keys: ['Ctrl+Z'],
        does: 'Outside a text field: back to the input before the last file, paste, example or link (as Back does)',
      },
      { keys: ['Ctrl+Y', 'Ctrl+Shift+Z'], does: 'Forward again to the input Ctrl+Z left' },
    ],
  },
  {
    where: 'Field tree',
    shortcuts: [
      { keys: ['↑', '↓'], does: 'Previous or next row; the bytes and the detail follow' },
      { keys: ['→'], does: 'Expand the row, or go to its first child' },
      { keys: ['←'], does: 'Collapse the row, or go to its parent' },
      { keys: ['Home', 'End'], does: 'First or last row' },
      { keys: ['Enter', 'Space'], does: 'Expand or collapse the row' },
      { keys: ['Ctrl+C'], does: "Copy the row's value" },
    ],
  },
  {
    where: 'Hex view',
    shortcuts: [
      { keys: ['←', '→'], does: 'The field before or after the selection' },
      { keys: ['↑', '↓'], does: 'A row up or down' },
      { keys: ['PgUp', 'PgDn'], does: 'A page up or down' },
      { keys: ['Home', 'End'], does: 'The start or end of the row' },
      { keys: ['Ctrl+Home', 'Ctrl+End'], does: 'The first or last byte of the frame' },
    ],
  },
  {
    where: 'Packet list',
    shortcuts: [
      { keys: ['↑', '↓'], does: 'Previous or next frame' },
      { keys: ['PgUp', 'PgDn'], does: 'A page of frames up or down' },
      { keys: ['Home', 'End'], does: 'First or last frame' },
      { keys: ['Enter'], does: 'In the filter box: apply the filter' },
      { keys: ['Enter', 'Shift+Enter'], does: 'In the Find bar: next or previous match' },
    ],
  },
  {
    where: 'Context menu',
    shortcuts: [
      { keys: ['↑', '↓'], does: 'Previous or next item' },
      { keys: ['→', 'Enter'], does: 'Open a submenu' },
      { keys: ['←', 'Esc'], does: 'Close the submenu' },
      { keys: ['Enter', 'Space'], does: 'Choose the item' },
      { keys: ['Esc', 'Tab'], does: 'Close the menu; focus goes back where it was' },
    ],
  },
  {
    where: 'Packet list header',
    shortcuts: [
      { keys: ['Enter', 'Space'], does: 'On a column: sort by it (again: the other way; a third time: capture order)' },
      { keys: ['←', '→'], does: 'On a column’s edge: narrower or wider (Shift: further)' },
      { keys: ['Home'], does: 'On a column’s edge: narrowest' },
      { keys: ['Enter'], does: 'On a column’s edge: back to the default width' },
    ],
  },
  {
    where: 'Pane dividers',
    shortcuts: [
      { keys: ['←', '→', '↑', '↓'], does: 'Move the divider (Shift: further)' },
      { keys: ['Home', 'End'], does: 'Smallest or largest pane' },
      { keys: ['Enter'], does: 'Back to the default size' },
    ],
  },
];
