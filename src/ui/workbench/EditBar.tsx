import { useEffect } from 'react';
import { currentView } from '../../state/selectors';
import {
  canEdit,
  canRedo,
  canUndo,
  compareWithOriginal,
  originalBytes,
  redo,
  setEditing,
  setInserting,
  undo,
} from '../../state/workbench';
import { useAppState, useAppStore } from '../app/store-context';
import { hexNumber } from '../../dissect';

/** Typing in a text field: Ctrl+Z there is the field's own undo. */
function inTextField(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLInputElement ||
    (target instanceof HTMLElement && target.isContentEditable)
  );
}

/** Ctrl+Z undoes the last edit of the bytes, Ctrl+Shift+Z or Ctrl+Y redoes it, anywhere but in a text field. */
function useUndoKeys(): void {
  const store = useAppStore();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.altKey || inTextField(e.target)) return;
      const key = e.key.toLowerCase();
      const wantsRedo = key === 'y' || (key === 'z' && e.shiftKey);
      const wantsUndo = key === 'z' && !e.shiftKey;
      const state = store.getState();
      if (wantsUndo && canUndo(state)) {
        e.preventDefault();
        undo(store);
      } else if (wantsRedo && canRedo(state)) {
        e.preventDefault();
        redo(store);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

/** Above the hex view: edit mode, overwrite or insert, undo and redo, and "compare with original" after edits. */
export function EditBar() {
  const store = useAppStore();
  const editable = useAppState(canEdit);
  const editing = useAppState((s) => s.workbench.editing);
  const inserting = useAppState((s) => s.workbench.inserting);
  const cursor = useAppState((s) => s.workbench.cursor);
  const length = useAppState((s) => currentView(s)?.bytes.length ?? 0);
  const undoable = useAppState(canUndo);
  const redoable = useAppState(canRedo);
  const edited = useAppState((s) => originalBytes(s) !== undefined);
  const comparing = useAppState((s) => s.workbench.compare?.kind === 'original');
  useUndoKeys();
  return (
    <div
      role="toolbar"
      aria-label="Edit bytes"
      className="flex shrink-0 flex-wrap items-center gap-1.5 border-b border-slate-200 px-2 py-1 font-sans text-xs"
    >
      <button
        type="button"
        aria-pressed={editing}
        disabled={!editable}
        title={
          editable
            ? 'Type over the bytes in the hex or ASCII column (Esc: done)'
            : 'A capture’s frames are read-only: copy one as a hex dump (Share / Export) and paste it to edit it'
        }
        onClick={() => setEditing(store, !editing)}
        className="tool-button aria-pressed:border-amber-600 aria-pressed:bg-amber-100"
      >
        {editing ? '✎ Editing' : '✎ Edit bytes'}
      </button>
      {editing && (
        <button
          type="button"
          aria-pressed={inserting}
          onClick={() => setInserting(store, !inserting)}
          title="Insert key: switch"
          className="tool-button aria-pressed:bg-amber-100"
        >
          {inserting ? 'Insert' : 'Overwrite'}
        </button>
      )}
      <button
        type="button"
        disabled={!undoable}
        onClick={() => undo(store)}
        title="Undo (Ctrl+Z)"
        className="tool-button"
      >
        ↶ Undo
      </button>
      <button
        type="button"
        disabled={!redoable}
        onClick={() => redo(store)}
        title="Redo (Ctrl+Shift+Z or Ctrl+Y)"
        className="tool-button"
      >
        ↷ Redo
      </button>
      {edited && !comparing && (
        <button type="button" onClick={() => compareWithOriginal(store)} className="tool-button">
          Compare with original
        </button>
      )}
      {editing && cursor && (
        <span role="status" className="ml-auto text-slate-600">
          Caret at {hexNumber(cursor.offset, 4)}
          {cursor.offset >= length ? ' (end: typing appends)' : ''} ·{' '}
          {cursor.column === 'hex' ? 'hex digits' : 'characters'} · Del/⌫ remove · Ins:{' '}
          {inserting ? 'insert' : 'overwrite'}
        </span>
      )}
    </div>
  );
}
