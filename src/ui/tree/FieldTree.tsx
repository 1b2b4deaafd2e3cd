import { useEffect, useRef, type KeyboardEvent } from 'react';
import {
  collapseAll,
  expandAll,
  moveInTree,
  previewNode,
  selectNode,
  toggleExpanded,
  type TreeMove,
} from '../../state/actions';
import { nodeCopies } from '../../state/selection-uses';
import { originText } from '../../state/format';
import { currentView, linkedFrameOrigin, selectedNode } from '../../state/selectors';
import { useAppState, useAppStore } from '../app/store-context';
import { useContextMenu } from '../menu/ContextMenu';
import { copyAndNotify, fieldMenu } from '../menu/selection-menus';
import { useMenuTrigger } from '../menu/useMenuTrigger';
import { TreeRow, treeRowId, treeRowKey } from './TreeRow';

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
  const frameError = useAppState((s) => s.capture?.frameError);
  const treeRef = useRef<HTMLDivElement>(null);
  const menu = useContextMenu();
  // The tree's pane changes size (the hex view below it finds its width, a divider moves, a phone turns): the selected
  // row stays in sight, as it was when it was selected.
  useEffect(() => {
    const tree = treeRef.current;
    if (!tree || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      const key = store.getState().selection?.key;
      if (key !== undefined) document.getElementById(treeRowId(key))?.scrollIntoView?.({ block: 'nearest' });
    });
    observer.observe(tree);
    return () => observer.disconnect();
  }, [store, view]);
  // Right-click or long-press a row: it is selected and the menu is its own; from the keyboard, the selected row's.
  const trigger = useMenuTrigger((target, at) => {
    const row = target?.closest('[role="treeitem"]');
    const key = row ? treeRowKey(row) : store.getState().selection?.key;
    if (key === undefined) return undefined;
    if (row) selectNode(store, key);
    const shown = currentView(store.getState());
    const node = shown?.nodes.get(key);
    if (!shown || !node) return undefined;
    const corner = document.getElementById(treeRowId(key))?.getBoundingClientRect();
    return {
      label: `Field ${node.field?.id ?? node.layer.protocol}`,
      items: fieldMenu(store, shown, node, menu.notify),
      at: at ?? { x: (corner?.left ?? 0) + 24, y: corner?.bottom ?? 0 },
      returnFocus: treeRef.current,
    };
  });

  if (!view && frameError !== undefined) {
    return (
      <p role="alert" className="m-2 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
        {frameError}
      </p>
    );
  }
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
    if (trigger.onKeyDown(e)) return;
    // Ctrl+C copies the selected row's value, as Wireshark's Copy ▸ Value.
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'c') {
      const node = selectedNode(store.getState());
      if (!node) return;
      e.preventDefault();
      const { value } = nodeCopies(view, node);
      copyAndNotify(value, `value: ${value}`, menu.notify);
      return;
    }
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
        ref={treeRef}
        role="tree"
        aria-label="Protocol fields"
        tabIndex={0}
        aria-activedescendant={selectedKey !== undefined ? treeRowId(selectedKey) : undefined}
        onKeyDown={onKeyDown}
        onMouseLeave={() => previewNode(store, undefined)}
        {...trigger.props}
        className="focus-inset min-h-0 flex-1 overflow-auto py-1 font-mono text-xs [-webkit-touch-callout:none]"
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
