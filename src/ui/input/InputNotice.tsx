import { useEffect } from 'react';
import { dismissNotice, stepInput } from '../../state/input-history';
import { canRedo, canUndo } from '../../state/workbench';
import { useAppState, useAppStore } from '../app/store-context';
import { isEditing } from '../shortcuts/useGlobalShortcuts';

/**
 * Ctrl+Z outside a text field undoes the last input change (the input before comes back, as with the browser's Back);
 * Ctrl+Shift+Z or Ctrl+Y redoes it. Edits of the bytes come first: while the workbench has one to undo, the keys are
 * its own (EditBar).
 */
function useInputUndoKeys(): void {
  const store = useAppStore();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.altKey || isEditing(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const key = e.key.toLowerCase();
      const step = key === 'z' && !e.shiftKey ? 'back' : key === 'y' || key === 'z' ? 'forward' : undefined;
      if (step === undefined) return;
      const state = store.getState();
      if (step === 'back' ? canUndo(state) : canRedo(state)) return;
      if (stepInput(store, step)) e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

/**
 * The message about the last input, above the input or capture pane: a file that was not opened and what it is, with
 * what stayed on screen; or the input that replaced the view, with Undo. It never replaces the pane's content.
 */
export function InputNotice() {
  const store = useAppStore();
  const notice = useAppState((s) => s.notice);
  useInputUndoKeys();
  if (!notice) return null;
  const refused = notice.kind === 'refused';
  const { step } = notice;
  return (
    <div
      role={refused ? 'alert' : 'status'}
      aria-label="About the input"
      className={`flex shrink-0 items-start gap-2 rounded border p-1.5 text-xs ${refused ? 'border-amber-300 bg-amber-50 text-amber-950' : 'border-sky-200 bg-sky-50 text-slate-800'}`}
    >
      <p className="min-w-0 flex-1 break-words">{notice.message}</p>
      {step && (
        <button
          type="button"
          className="tool-button"
          aria-label={step === 'back' ? 'Undo: back to the input before' : 'Redo: forward to the input after'}
          title={
            step === 'back' ? 'Back to the input before (Ctrl+Z, or the browser’s Back)' : 'Forward again (Ctrl+Y)'
          }
          onClick={() => stepInput(store, step)}
        >
          {step === 'back' ? 'Undo' : 'Redo'}
        </button>
      )}
      <button type="button" className="tool-button" onClick={() => dismissNotice(store)}>
        Dismiss
      </button>
    </div>
  );
}
