import { useId, type FormEvent } from 'react';
import { applyFilter, setFilterText, setProblemNotes, setProblemsOnly } from '../../state/capture-actions';
import { filterStatusText } from '../../state/capture';
import { useAppState, useAppStore } from '../app/store-context';
import { FILTER_INPUT_ID } from '../shortcuts/focus-targets';
import { NavBars } from '../find/NavBars';
import { COLUMNS } from './columns';
import { PacketList } from './PacketList';

/** The display filter box above the packet list, as in Wireshark: typed, checked as you type, applied with Enter. */
function FilterBar() {
  const store = useAppStore();
  const text = useAppState((s) => s.capture?.filter.text ?? '');
  const error = useAppState((s) => s.capture?.filter.error);
  const problemsOnly = useAppState((s) => s.capture?.filter.problemsOnly ?? false);
  const errorId = useId();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    applyFilter(store);
  };
  return (
    <form
      role="search"
      aria-label="Display filter"
      onSubmit={onSubmit}
      className="flex flex-col gap-1 border-b border-slate-200 px-2 py-1.5"
    >
      <div className="flex items-center gap-2">
        <input
          type="text"
          id={FILTER_INPUT_ID}
          aria-label="Display filter (Wireshark syntax)"
          aria-invalid={error !== undefined}
          aria-describedby={error ? errorId : undefined}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          value={text}
          placeholder="Display filter, e.g. cotp.type == 0x0d || tpkt.reserved != 0 — Enter applies"
          onChange={(e) => setFilterText(store, e.target.value)}
          className={`min-w-0 flex-1 rounded border px-2 py-0.5 font-mono text-xs focus:ring-2 focus:outline-none ${
            error
              ? 'border-red-500 bg-red-50 focus:ring-red-200'
              : text.trim() !== ''
                ? 'border-emerald-500 bg-emerald-50 focus:ring-emerald-200'
                : 'border-slate-300 bg-white focus:ring-sky-200'
          }`}
        />
        <button type="submit" className="tool-button" disabled={error !== undefined}>
          Apply
        </button>
        <button
          type="button"
          aria-pressed={problemsOnly}
          onClick={() => setProblemsOnly(store, !problemsOnly)}
          className="tool-button aria-pressed:border-amber-600 aria-pressed:bg-amber-100"
        >
          Frames with problems
        </button>
        {problemsOnly && <ProblemsShown />}
      </div>
      {error && (
        <p id={errorId} role="alert" className="text-xs text-red-700">
          Column {error.column}: {error.message}
        </p>
      )}
    </form>
  );
}

/** Which problems "Frames with problems" shows, how many frames so far, and notes one click away. */
function ProblemsShown() {
  const store = useAppStore();
  const notes = useAppState((s) => s.capture?.filter.problemNotes ?? false);
  const matches = useAppState((s) => s.capture?.filter.matchCount ?? 0);
  const done = useAppState((s) => s.capture?.filter.done ?? true);
  return (
    <span className="flex items-center gap-1 text-[11px] whitespace-nowrap text-slate-700">
      <span data-testid="problems-shown">
        {notes ? 'errors, warnings or notes' : 'warnings or errors'} ({matches.toLocaleString('en')}
        {done ? '' : '…'})
      </span>
      <span aria-hidden="true">·</span>
      <label className="flex items-center gap-1">
        <input type="checkbox" checked={notes} onChange={(e) => setProblemNotes(store, e.target.checked)} />
        include notes
      </label>
    </span>
  );
}

function ListStatus() {
  const filtering = useAppState(filterStatusText);
  const applied = useAppState((s) => s.capture?.filter.applied ?? '');
  const sorting = useSorting();
  if (!filtering && !sorting) return null;
  return (
    <p role="status" className="border-t border-slate-200 px-2 py-0.5 text-[11px] text-slate-600">
      {filtering && (
        <>
          {filtering}
          <span className="mx-2 font-mono text-slate-500">{applied}</span>
        </>
      )}
      {sorting}
    </p>
  );
}

/** "Sorting by Info… 1,200 of 40,000 frames" while the worker sorts (the list in capture order meanwhile). */
function useSorting(): string | undefined {
  const sort = useAppState((s) => s.preferences.packetList.sort);
  const ordering = useAppState((s) => s.capture?.ordering);
  if (!sort || !ordering) return undefined;
  if (ordering.ready) return ordering.unreadable;
  const name = COLUMNS.find((c) => c.id === sort.column)!.name;
  const progress =
    ordering.total > 0
      ? ` ${ordering.keyed.toLocaleString('en')} of ${ordering.total.toLocaleString('en')} frames`
      : '';
  return `Sorting by ${name}…${progress}`;
}

/** The capture's packet list with its filter box, above the tree and the bytes. */
export function PacketPane() {
  return (
    <section aria-label="Packet list" className="flex h-full min-h-0 flex-col">
      <FilterBar />
      <NavBars />
      <PacketList />
      <ListStatus />
    </section>
  );
}
