import type { KeyboardEvent } from 'react';
import { collapseAll, expandAll, moveInTree, previewNode, toggleExpanded, type TreeMove } from '../../state/actions';
import { originText } from '../../state/format';
import { currentView, linkedFrameOrigin } from '../../state/selectors';
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
    return <p className="p-3 text-sm text-slate-600">{hint}</p>;
  }
  if (view.frame.layers.length === 0) {
    return <p className="p-3 text-sm text-slate-600">Nothing in this frame could be decoded; see its problems.</p>;
  }

  const layerKeys = view.order.filter((k) => view.nodes.get(k)!.depth === 1);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const move = KEY_MOVES[e.key];
    if (move) {
      e.preventDefault();
      moveInTree(store, move);
    } else if ((e.key === 'Enter' || e.key === ' ') && selectedKey !== undefined) {
      e.preventDefault();
      toggleExpanded(store, selectedKey);
    }
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
        onMouseLeave={() => previewNode(store, undefined)}
        className="focus-inset min-h-0 flex-1 overflow-auto py-1 font-mono text-xs"
      >
        {visible.map((key) => {
          const node = view.nodes.get(key);
          if (!node) return null;
          const siblings = node.parent === undefined ? layerKeys : view.nodes.get(node.parent)!.children;
          return <TreeRow key={key} node={node} position={siblings.indexOf(key) + 1} siblings={siblings.length} />;
        })}
      </div>
    </div>
  );
}

function FrameSummary() {
  const view = useAppState(currentView);
  // A link to a frame of a capture says which frame of which file, and when it was captured, under the summary.
  const origin = useAppState((s) => {
    const linked = linkedFrameOrigin(s);
    return linked && originText(linked);
  });
  if (!view) return null;
  const { number, length, summary } = view.frame;
  const route = summary.source || summary.destination ? `${summary.source} → ${summary.destination}` : '';
  const line = (
    <p className="min-w-0 truncate text-slate-700" title={summary.info}>
      <span className="font-semibold">Frame {number}</span>: {length} bytes
      {route && <> · {route}</>}
      {summary.protocol && <> · {summary.protocol}</>}
      {summary.info && <span className="text-slate-600"> · {summary.info}</span>}
    </p>
  );
  if (!origin) return line;
  return (
    <div className="min-w-0">
      {line}
      <p className="break-words text-slate-600">{origin}</p>
    </div>
  );
}
