import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { hasCapture } from '../../state/capture';
import { currentView } from '../../state/selectors';
import type { AppState } from '../../state/store';
import { useAppState, useAppStore } from '../app/store-context';
import { ErrorBoundary } from '../common/ErrorBoundary';
import { ProblemList } from '../problems/ProblemList';
import { INPUT_BOX_ID } from '../shortcuts/focus-targets';
import { ComparisonPane, DetailPane, HexPane, InputMessage, InputOrCapture, PacketsPane, TreePane } from './panes';

type Tab = 'input' | 'packets' | 'problems' | 'fields' | 'detail';

/** A page opened on a selection (a shared link) shows that field and its bytes; else what there is to look at. */
function firstTab(state: AppState): Tab {
  if (state.selection) return 'fields';
  if (state.capture) return 'packets';
  return state.frames.length > 0 ? 'fields' : 'input';
}

/**
 * A phone's layout: one pane at a time behind tabs — the input (or the capture file), the packet list, the problems,
 * the fields above their bytes, the detail — so nothing is squeezed and the page never scrolls sideways. The tab
 * follows what the user asked for elsewhere: a capture opened shows its packets, an example its fields, a problem
 * chosen its field, a filter applied from a menu the list it narrowed. Text typed or pasted in the box stays in view.
 */
export function NarrowPanes() {
  const store = useAppStore();
  const capture = useAppState(hasCapture);
  const comparing = useAppState((s) => s.workbench.compare !== undefined);
  const problems = useAppState((s) => currentView(s)?.frame.problems.length);
  const [chosen, setTab] = useState<Tab>(() => firstTab(store.getState()));
  const tab = chosen === 'packets' && !capture ? 'input' : chosen;
  const tabRef = useRef(tab);
  useEffect(() => {
    tabRef.current = tab;
  }, [tab]);

  useEffect(
    () =>
      store.subscribe((state, before) => {
        const now = state.capture;
        const was = before.capture;
        if (now && now.session !== was?.session) setTab('packets');
        else if (!now && was) setTab('input');
        // New text not typed in the box (an example, a dropped text file): its fields.
        else if (state.text !== before.text && document.activeElement?.id !== INPUT_BOX_ID) setTab('fields');
        else if (now && was && (now.filter.text !== was.filter.text || now.filter.run !== was.filter.run))
          setTab('packets');
        else if (tabRef.current === 'problems' && state.selection && state.selection !== before.selection)
          setTab('fields');
      }),
    [store],
  );

  const tabs: readonly (readonly [Tab, ReactNode])[] = [
    ['input', capture ? 'Capture' : 'Input'],
    ...(capture ? [['packets', 'Packets'] as const] : []),
    [
      'problems',
      <>
        Problems
        {problems !== undefined && problems > 0 && <span className="ml-1 text-xs font-normal">({problems})</span>}
      </>,
    ],
    ['fields', 'Fields'],
    ['detail', 'Detail'],
  ];
  const onKeyDown = (e: KeyboardEvent) => {
    const at = tabs.findIndex(([id]) => id === tab);
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const [id] = tabs[(next + tabs.length) % tabs.length]!;
    setTab(id);
    document.getElementById(`narrow-tab-${id}`)?.focus();
  };

  return (
    <main className="flex min-h-0 flex-1 flex-col">
      <div className="shrink-0 px-2 pt-2 empty:hidden">
        <InputMessage />
      </div>
      <div
        role="tablist"
        aria-label="Panes"
        onKeyDown={onKeyDown}
        className="flex shrink-0 border-b border-slate-300 bg-slate-50 px-1"
      >
        {tabs.map(([id, label]) => (
          <button
            key={id}
            id={`narrow-tab-${id}`}
            type="button"
            role="tab"
            aria-selected={tab === id}
            aria-controls="narrow-panel"
            tabIndex={tab === id ? 0 : -1}
            onClick={() => setTab(id)}
            className={`-mb-px min-w-0 flex-auto truncate border-b-2 px-1.5 py-2 text-sm ${tab === id ? 'border-sky-700 font-semibold text-slate-900' : 'border-transparent text-slate-600'}`}
          >
            {label}
          </button>
        ))}
      </div>
      <div
        id="narrow-panel"
        role="tabpanel"
        aria-labelledby={`narrow-tab-${tab}`}
        className="flex min-h-0 flex-1 flex-col p-2"
      >
        {tab === 'input' && (
          <div data-pane="input" className="pane flex flex-1 flex-col gap-3 overflow-auto p-3">
            <InputOrCapture />
          </div>
        )}
        {tab === 'packets' && <PacketsPane className="flex-1" />}
        {tab === 'problems' && (
          <div data-pane="problems" className="pane flex flex-1 flex-col p-3">
            <ErrorBoundary what="the problem list">
              <ProblemList />
            </ErrorBoundary>
          </div>
        )}
        {tab === 'fields' && (
          <div className="grid min-h-0 flex-1 grid-rows-[minmax(0,1fr)_0.5rem_fit-content(55%)]">
            {comparing ? <ComparisonPane /> : <TreePane />}
            <span />
            <HexPane />
          </div>
        )}
        {tab === 'detail' && <DetailPane className="flex-1" />}
      </div>
    </main>
  );
}
