import { dismissLinkError } from '../../state/permalink';
import { useAppState, useAppStore } from '../app/store-context';

/** Why the link this page was opened with could not be restored. Plain text: nothing from the link is rendered. */
export function LinkNotice() {
  const store = useAppStore();
  const error = useAppState((s) => s.linkError);
  const shown = useAppState((s) => s.frames.length > 0 || s.capture !== undefined);
  if (error === undefined) return null;
  return (
    <div
      role="alert"
      className="flex items-start gap-3 border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-950"
    >
      <p className="min-w-0 flex-1">
        <span className="font-semibold">Link not opened.</span> {error}{' '}
        {shown ? 'What was shown stays as it was.' : 'Everything else works as usual: paste a hex dump on the left.'}
      </p>
      <button type="button" className="tool-button" onClick={() => dismissLinkError(store)}>
        Dismiss
      </button>
    </div>
  );
}
