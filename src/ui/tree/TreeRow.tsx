import { memo, useEffect, useRef } from 'react';
import { previewNode, selectNode, toggleExpanded } from '../../state/actions';
import type { TreeNode } from '../../state/frame-view';
import { isNodeExpanded, isNodeSelected } from '../../state/selectors';
import { SeverityIcon, SEVERITY_TEXT } from '../common/SeverityIcon';
import { useAppState, useAppStore } from '../app/store-context';

const ROW_ID_PREFIX = 'tree-node-';

export function treeRowId(key: string): string {
  return `${ROW_ID_PREFIX}${key}`;
}

/** The node key of a row element (treeRowId's inverse). */
export function treeRowKey(row: Element): string | undefined {
  return row.id.startsWith(ROW_ID_PREFIX) ? row.id.slice(ROW_ID_PREFIX.length) : undefined;
}

/**
 * One tree row. It re-renders only when its own selected or expanded state flips. The pointer over it lights its
 * bytes lightly in the hex view (a preview); a click selects it.
 */
export const TreeRow = memo(function TreeRow({
  node,
  position,
  siblings,
}: {
  node: TreeNode;
  position: number;
  siblings: number;
}) {
  const store = useAppStore();
  const selected = useAppState(isNodeSelected(node.key));
  const expanded = useAppState(isNodeExpanded(node.key));
  const ref = useRef<HTMLDivElement>(null);
  const { field, layer, children, severity, innerSeverity } = node;
  const isLayer = field === undefined;
  const hasChildren = children.length > 0;

  useEffect(() => {
    if (selected) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);

  // A collapsed node shows the worst problem hidden inside it.
  const shownSeverity = severity ?? (hasChildren && !expanded ? innerSeverity : undefined);
  const identity = isLayer
    ? { 'data-layer': layer.protocol }
    : { 'data-field-id': field.id, 'data-field-offset': field.offset };

  return (
    <div
      ref={ref}
      id={treeRowId(node.key)}
      role="treeitem"
      aria-level={node.depth}
      aria-selected={selected}
      aria-expanded={hasChildren ? expanded : undefined}
      aria-posinset={position}
      aria-setsize={siblings}
      {...identity}
      onMouseEnter={() => previewNode(store, node.key)}
      onClick={() => selectNode(store, node.key)}
      onDoubleClick={() => hasChildren && toggleExpanded(store, node.key)}
      style={{ paddingLeft: `${(node.depth - 1) * 1.1 + 0.25}rem` }}
      className={`flex cursor-default items-center gap-1 pr-2 whitespace-nowrap select-none ${
        selected
          ? 'bg-sky-700 text-white'
          : isLayer
            ? 'bg-slate-100 font-semibold text-slate-800 hover:bg-amber-100'
            : 'hover:bg-amber-100'
      } ${isLayer ? 'mt-px py-0.5' : 'py-px'}`}
    >
      <span
        aria-hidden="true"
        onClick={(e) => {
          e.stopPropagation();
          if (hasChildren) toggleExpanded(store, node.key);
          selectNode(store, node.key);
        }}
        className={`inline-block w-3 shrink-0 text-center text-[10px] ${selected ? 'text-sky-100' : 'text-slate-500'}`}
      >
        {hasChildren ? (expanded ? '▾' : '▸') : ''}
      </span>
      {shownSeverity && (
        <span className={selected ? 'rounded-full bg-white' : ''}>
          <SeverityIcon severity={shownSeverity} />
        </span>
      )}
      <span className={!selected && severity ? `${SEVERITY_TEXT[severity]} font-medium` : ''}>{node.label}</span>
      {node.schema?.reserved && (
        <span
          className={`ml-1 rounded border px-1 font-sans text-[10px] leading-tight tracking-wide uppercase ${
            selected ? 'border-sky-300 text-white' : 'reserved-hatch border-violet-300 text-violet-800'
          }`}
        >
          reserved
        </span>
      )}
    </div>
  );
});
