// Selectors: small functions of the state. Components subscribe through them, each to the narrowest value
// it needs, so a click re-renders only the cells and rows whose own state flips (STYLE.md §12).
import type { FrameView, TreeNode } from './frame-view';
import type { AppState } from './store';

export function currentView(state: AppState): FrameView | undefined {
  return state.frames[state.frameIndex];
}

export function selectedNode(state: AppState): TreeNode | undefined {
  const key = state.selection?.key;
  return key === undefined ? undefined : currentView(state)?.nodes.get(key);
}

/** One boolean per hex cell: is this byte inside the selected span? */
export function isByteSelected(offset: number): (state: AppState) => boolean {
  return (state) => state.selection !== undefined && offset >= state.selection.start && offset < state.selection.end;
}

/** One boolean per tree row. */
export function isNodeSelected(key: string): (state: AppState) => boolean {
  return (state) => state.selection?.key === key;
}

export function isNodeExpanded(key: string): (state: AppState) => boolean {
  return (state) => state.expanded.has(key);
}

/** The hex row (`rowBytes` bytes each: 16, or 8 on a narrow screen) holding the first selected byte, to scroll to. */
export function selectedRow(rowBytes: number): (state: AppState) => number | undefined {
  return (state) => (state.selection ? Math.floor(state.selection.start / rowBytes) : undefined);
}

/** One boolean per hex cell: is this byte inside the previewed span (the tree row or field under the pointer)? */
export function isBytePreviewed(offset: number): (state: AppState) => boolean {
  return (state) => state.preview !== undefined && offset >= state.preview.start && offset < state.preview.end;
}
