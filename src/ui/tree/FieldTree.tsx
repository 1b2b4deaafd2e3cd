import type { KeyboardEvent } from 'react';
import { collapseAll, expandAll, moveInTree, type TreeMove } from '../../state/actions';
import { currentView } from '../../state/selectors';
import { useAppState, useAppStore } from '../app/store-context';
import { TreeRow, treeRowId } from './TreeRow';

const KEY_MOVES: Record<string, TreeMove> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
  Home: 'home',
  End: 'end',
};

/** One header row per layer, its fields below; the selected row is the tree's active descendant. */
export function FieldTree() {
  const store = useAppStore();
  const view = useAppState(currentView);
  const visible = useAppState((s) => s.visible);
  const selectedKey = useAppState((s) => s.selection?.key);
  const hasInput = useAppState((s) => s.input !== undefined);

  if (!view) {
    const hint = hasInput
      ? 'No frame could be read from this text: the input problems on the left say where and why.'
      : 'Paste a hex dump on the left: its layers and fields appear here.';
    return <p className="p-3 text-sm text-slate-500">{hint}</p>;
  }
  if (view.frame.layers.length === 0) {
    return <p className="p-3 text-sm text-slate-500">Nothing in this frame could be decoded; see its problems.</p>;
  }

  const onKeyDown = (e: KeyboardEvent) => {
    const move = KEY_MOVES[e.key];
    if (!move) return;
    e.preventDefault();
    moveInTree(store, move);
  };

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex items-center gap-2 border-b border-slate-200 px-2 py-1 text-xs">
        <FrameSummary />
        <span className="ml-auto" />
        <button type="button" className="tool-button" onClick={() => expandAll(store)}>
          Expand all
        </button>
        <button type="button" className="tool-button" onClick={() => collapseAll(store)}>
          Collapse all
        </button>
      </div>
      <div
        role="tree"
        aria-label="Protocol fields"
        tabIndex={0}
        aria-activedescendant={selectedKey !== undefined ? treeRowId(selectedKey) : undefined}
        onKeyDown={onKeyDown}
        className="min-h-0 flex-1 overflow-auto py-1 font-mono text-xs focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-300 focus-visible:ring-inset"
      >
        {visible.map((key) => {
          const node = view.nodes.get(key);
          return node ? <TreeRow key={key} node={node} /> : null;
        })}
      </div>
    </div>
  );
}

function FrameSummary() {
  const view = useAppState(currentView);
  if (!view) return null;
  const { number, length, summary } = view.frame;
  const route = summary.source || summary.destination ? `${summary.source} → ${summary.destination}` : '';
  return (
    <p className="min-w-0 truncate text-slate-700" title={summary.info}>
      <span className="font-semibold">Frame {number}</span>: {length} bytes
      {route && <> · {route}</>}
      {summary.protocol && <> · {summary.protocol}</>}
      {summary.info && <span className="text-slate-500"> · {summary.info}</span>}
    </p>
  );
}
