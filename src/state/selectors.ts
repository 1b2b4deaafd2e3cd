// Selectors: small functions of the state. Components subscribe through them, each to the narrowest value
// it needs, so a click re-renders only the cells and rows whose own state flips (STYLE.md §12).
import { parseEpochTime } from '../inputs/capture-time';
import type { LinkOrigin } from '../permalink';
import type { FrameView, TreeNode } from './frame-view';
import type { AppState } from './store';

export function currentView(state: AppState): FrameView | undefined {
  return state.frames[state.frameIndex];
}

/** The capture frame a link's frame came from, while the text is the link's and holds one frame (see LinkSlice). */
export function linkedFrameOrigin(state: AppState): LinkOrigin | undefined {
  const linked = state.linkOrigin;
  return linked && !state.capture && state.text === linked.text && state.frames.length === 1
    ? linked.origin
    : undefined;
}

/**
 * Which frame of which capture file the frame shown is, and when it was captured: a frame of the capture open (not a
 * reassembled PDU, not an edited frame), or a linked frame that says so. Undefined for a pasted frame.
 */
export function frameOrigin(state: AppState): LinkOrigin | undefined {
  const view = currentView(state);
  if (!state.capture) return linkedFrameOrigin(state);
  const record = view?.frame.capture;
  if (!view || !record || state.frameIndex !== 0) return undefined;
  const epoch = record.epoch !== undefined ? parseEpochTime(record.epoch) : undefined;
  // A link spells times from 1970 to 2106 (a pcapng offset can move one outside): the frame and file go without it.
  const inRange = epoch !== undefined && epoch.time.seconds >= 0 && epoch.time.seconds <= 0xffff_ffff;
  return {
    frame: view.frame.number,
    file: state.capture.name,
    ...(inRange ? { time: { ...epoch.time, digits: epoch.digits } } : {}),
  };
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
