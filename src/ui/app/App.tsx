import { ErrorBoundary } from '../common/ErrorBoundary';
import { FieldDetail } from '../detail/FieldDetail';
import { HexView } from '../hex/HexView';
import { InputPane } from '../input/InputPane';
import { ProblemList } from '../problems/ProblemList';
import { FieldTree } from '../tree/FieldTree';

/** Input and problems on the left; fields and their detail above the bytes on the right. */
export function App() {
  return (
    <div className="flex h-screen min-h-0 flex-col bg-slate-100 text-slate-900">
      <header className="flex items-baseline gap-3 bg-slate-900 px-4 py-2 text-white">
        <h1 className="font-mono text-lg font-semibold tracking-tight">framescope</h1>
        <p className="truncate text-sm text-slate-300">
          Paste a frame's hex dump: every field, its bytes, what it means and the standard that says so.
        </p>
      </header>
      <main className="grid min-h-0 flex-1 grid-cols-[22rem_minmax(0,1fr)] gap-2 p-2">
        <aside className="flex min-h-0 flex-col gap-3 overflow-hidden rounded border border-slate-200 bg-white p-3">
          <ErrorBoundary what="the input pane">
            <InputPane />
          </ErrorBoundary>
          <ErrorBoundary what="the problem list">
            <ProblemList />
          </ErrorBoundary>
        </aside>
        <div className="grid min-h-0 grid-rows-[minmax(0,1fr)_auto] gap-2">
          <div className="grid min-h-0 grid-cols-[minmax(0,3fr)_minmax(0,2fr)] gap-2">
            <div className="min-h-0 overflow-hidden rounded border border-slate-200 bg-white">
              <ErrorBoundary what="the field tree">
                <FieldTree />
              </ErrorBoundary>
            </div>
            <div className="min-h-0 overflow-hidden rounded border border-slate-200 bg-white">
              <ErrorBoundary what="the field detail">
                <FieldDetail />
              </ErrorBoundary>
            </div>
          </div>
          <div className="overflow-hidden rounded border border-slate-200 bg-white">
            <ErrorBoundary what="the hex view">
              <HexView />
            </ErrorBoundary>
          </div>
        </div>
      </main>
    </div>
  );
}
