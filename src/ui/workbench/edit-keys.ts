// Keys in the hex view while edit mode is on: hex digits (or, in the ASCII column, characters) type over the byte at
// the caret, Insert switches between overwriting and inserting, Delete and Backspace remove a byte, arrows move.
import type { KeyboardEvent } from 'react';
import { selectByte } from '../../state/actions';
import type { AppStore } from '../../state/store';
import { deleteByte, moveCursor, setEditing, setInserting, typeAsciiChar, typeHexDigit } from '../../state/workbench';

const MOVES: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -16, ArrowDown: 16 };

/** Handles one key in edit mode; returns false for keys it leaves to the view (and to the browser). */
export function handleEditKey(store: AppStore, e: KeyboardEvent): boolean {
  const { editing, cursor, inserting } = store.getState().workbench;
  if (!editing || !cursor || e.ctrlKey || e.metaKey || e.altKey) return false;
  const done = () => {
    e.preventDefault();
    return true;
  };
  if (e.key in MOVES) {
    moveCursor(store, MOVES[e.key]!);
    const at = store.getState().workbench.cursor?.offset;
    if (at !== undefined) selectByte(store, at);
    return done();
  }
  if (e.key === 'Home' || e.key === 'End') {
    const rowStart = cursor.offset - (cursor.offset % 16);
    moveCursor(store, (e.key === 'Home' ? rowStart : rowStart + 15) - cursor.offset);
    return done();
  }
  if (e.key === 'Insert') {
    setInserting(store, !inserting);
    return done();
  }
  if (e.key === 'Delete' || e.key === 'Backspace') {
    deleteByte(store, e.key === 'Delete' ? 'at' : 'before');
    return done();
  }
  if (e.key === 'Escape') {
    setEditing(store, false);
    return done();
  }
  if (e.key.length !== 1) return false;
  if (cursor.column === 'hex') {
    if (!/^[0-9a-f]$/i.test(e.key)) return done(); // other characters are not bytes here: swallowed, not shortcuts
    typeHexDigit(store, e.key);
  } else {
    typeAsciiChar(store, e.key);
  }
  return done();
}
