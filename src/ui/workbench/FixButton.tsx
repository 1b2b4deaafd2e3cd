import type { Fix } from '../../dissect';
import type { Problem } from '../../dissect/model';
import { currentView } from '../../state/selectors';
import { applyFixToFrame, canEdit, fixesForField, fixForProblem } from '../../state/workbench';
import { useAppState, useAppStore } from '../app/store-context';

/** "Fix" next to a problem that has a one-click fix; applying it is one undoable edit. */
export function ProblemFixButton({ problem }: { problem: Problem }) {
  const frame = useAppState((s) => currentView(s)?.frame);
  const editable = useAppState(canEdit);
  const fix = frame && editable ? fixForProblem(frame, problem) : undefined;
  return fix ? <FixButton fix={fix} /> : null;
}

export function FixButton({ fix }: { fix: Fix }) {
  const store = useAppStore();
  return (
    <button
      type="button"
      title={`${fix.label} (undo: Ctrl+Z)`}
      aria-label={fix.label}
      data-fix={fix.fieldId}
      onClick={(e) => {
        e.stopPropagation();
        applyFixToFrame(store, fix);
      }}
      className="shrink-0 rounded border border-emerald-600 bg-emerald-50 px-1.5 py-0.5 text-[11px] font-medium text-emerald-800 hover:bg-emerald-100"
    >
      Fix
    </button>
  );
}

/** In the detail panel: the fixes that write this field which no problem of it offers (a length after an edit). */
export function FieldFixes({
  fieldId,
  offset,
  problems,
}: {
  fieldId: string;
  offset: number;
  problems: readonly Problem[];
}) {
  const frame = useAppState((s) => currentView(s)?.frame);
  const editable = useAppState(canEdit);
  if (!frame || !editable) return null;
  const offered = new Set(problems.map((p) => fixForProblem(frame, p)));
  const fixes = fixesForField(frame, fieldId, offset).filter((f) => !offered.has(f));
  if (fixes.length === 0) return null;
  return (
    <ul aria-label="Fixes" className="flex flex-col gap-1">
      {fixes.map((fix) => (
        <li key={`${fix.kind}-${fix.fieldId}-${fix.offset}`} className="flex items-center gap-2 text-xs text-slate-700">
          <FixButton fix={fix} />
          {fix.label}
        </li>
      ))}
    </ul>
  );
}
