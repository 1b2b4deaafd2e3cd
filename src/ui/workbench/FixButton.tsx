import type { Fix } from '../../dissect';
import type { Problem } from '../../dissect/model';
import { applyFixToFrame, canEdit, fixesFor, fixesForField, fixForProblem } from '../../state/workbench';
import { useAppState, useAppStore } from '../app/store-context';

/** "Fix" next to a problem that has a one-click fix; applying it is one undoable edit. */
export function ProblemFixButton({ problem }: { problem: Problem }) {
  const fix = useAppState((s) => (canEdit(s) ? fixForProblem(fixesFor(s), problem) : undefined));
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
  const all = useAppState((s) => (canEdit(s) ? fixesFor(s) : undefined));
  if (!all) return null;
  const offered = new Set(problems.map((p) => fixForProblem(all, p)));
  const fixes = fixesForField(all, fieldId, offset).filter((f) => !offered.has(f));
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
