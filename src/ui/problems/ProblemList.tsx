import { selectProblem } from '../../state/actions';
import { currentView } from '../../state/selectors';
import { ProblemCites, ProblemKind } from '../common/ProblemText';
import { SeverityIcon } from '../common/SeverityIcon';
import { useAppState, useAppStore } from '../app/store-context';
import { ProblemFixButton } from '../workbench/FixButton';

/** The selected frame's problems; clicking one selects the field it concerns. */
export function ProblemList() {
  const store = useAppStore();
  const view = useAppState(currentView);
  if (!view) return null;
  const { problems, number } = view.frame;
  return (
    <section aria-labelledby="problems-heading" className="flex min-h-0 flex-col gap-1">
      <h2 id="problems-heading" className="pane-heading">
        Problems in frame {number} <span className="font-normal text-slate-500">({problems.length})</span>
      </h2>
      {problems.length === 0 ? (
        <p className="text-xs text-slate-500">None found.</p>
      ) : (
        <ul className="min-h-0 overflow-auto text-xs" tabIndex={0} aria-label={`Problems in frame ${number}`}>
          {problems.map((p, i) => (
            <li key={i} className="border-b border-slate-100 py-1 last:border-0">
              <button
                type="button"
                onClick={() => selectProblem(store, p)}
                disabled={p.fieldId === undefined && p.offset === undefined}
                className="flex w-full items-start gap-1.5 rounded px-1 text-left hover:bg-slate-100 disabled:hover:bg-transparent"
              >
                <SeverityIcon severity={p.severity} className="mt-0.5" />
                <span className="min-w-0">
                  <ProblemKind problem={p} />
                  {p.message}
                  {p.fieldId !== undefined && (
                    <span className="ml-1 font-mono text-[11px] text-slate-500">
                      {p.fieldId}
                      {p.offset !== undefined && ` @ ${p.offset}`}
                    </span>
                  )}
                </span>
              </button>
              <div className="flex items-start gap-2 pl-6">
                <ProblemCites problem={p} />
                <ProblemFixButton problem={p} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
