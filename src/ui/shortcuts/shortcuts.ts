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
      { keys: ['Tab', 'Shift+Tab'], does: 'Next or previous control or pane' },
      { keys: ['Esc'], does: 'Close a dialog or panel' },
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
