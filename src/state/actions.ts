// Actions: plain functions over a store, callable from React, tests or the console alike.
// The expensive work (parsing and dissecting) happens here, once per input change, never in render.
import { dissectFrame } from '../dissect';
import type { Problem } from '../dissect/model';
import { parseText } from '../inputs';
import { ancestorsOf, buildFrameView, initiallyExpanded, nodeForProblem, visibleKeys, type FrameView } from './frame-view';
import { currentView } from './selectors';
import { initialDecode, initialInput, initialSelection, type AppState, type AppStore, type SelectionSlice } from './store';

/** Above this many characters, decoding waits for a pause in typing instead of running on every keystroke. */
const DEBOUNCE_FROM = 100_000;
const DEBOUNCE_MS = 200;
const pending = new WeakMap<AppStore, ReturnType<typeof setTimeout>>();

/** The user's text changed: keep it verbatim and decode it (at once, or after a pause for huge texts). */
export function setInputText(store: AppStore, text: string): void {
  store.setState({ text });
  const timer = pending.get(store);
  if (timer !== undefined) clearTimeout(timer);
  if (text.length < DEBOUNCE_FROM) {
    decodeInput(store);
    return;
  }
  pending.set(
    store,
    setTimeout(() => {
      pending.delete(store);
      decodeInput(store);
    }, DEBOUNCE_MS),
  );
}

/** The user chose the link layer of the pasted frames (undefined: detect it again); the frames decode anew. */
export function setLinkTypeOverride(store: AppStore, linkType: number | undefined): void {
  if (store.getState().linkTypeOverride === linkType) return;
  store.setState({ linkTypeOverride: linkType });
  decodeInput(store);
}

/** Parses and dissects the current text; keeps the user's place (frame, open nodes, selection) where it still exists. */
export function decodeInput(store: AppStore): void {
  const before = store.getState();
  const { text, options, linkTypeOverride } = before;
  if (text.trim() === '') {
    store.setState({ ...initialInput, text, ...initialDecode, options, ...initialSelection });
    return;
  }
  // Neither call throws: bad bytes come back as problems (the core's own guard turns even its bugs into one).
  const parsed = parseText(text);
  const frames = parsed.frames.map((f, i) => buildFrameView(dissectFrame(f.bytes, linkTypeOverride ?? f.linkType, i + 1, options), f.bytes));
  const frameIndex = before.frameIndex < frames.length ? before.frameIndex : 0;
  const byteCount = parsed.frames.reduce((sum, f) => sum + f.bytes.length, 0);
  store.setState({
    input: {
      format: parsed.format,
      frameCount: frames.length,
      byteCount,
      problems: parsed.problems,
      ...(parsed.linkTypeName !== undefined ? { detectedLinkType: parsed.linkTypeName } : {}),
      ...(parsed.frames.some((f) => f.linkTypeSource === 'assumed') ? { linkTypeAssumed: true } : {}),
    },
    frames,
    frameIndex,
    ...carrySelection(currentView(before), frames[frameIndex], before),
  });
}

function carrySelection(old: FrameView | undefined, view: FrameView | undefined, before: AppState): SelectionSlice {
  if (!view) return initialSelection;
  const expanded = initiallyExpanded(view);
  if (old) for (const key of before.expanded) if (view.nodes.has(key)) expanded.add(key);
  const was = before.selection && old?.nodes.get(before.selection.key);
  const now = before.selection && view.nodes.get(before.selection.key);
  const keep = was && now && was.field?.id === now.field?.id && was.layer.protocol === now.layer.protocol;
  const selection = keep ? { key: now.key, start: now.offset, end: now.offset + now.length } : undefined;
  return { selection, expanded, visible: visibleKeys(view, expanded) };
}

export function selectFrame(store: AppStore, index: number): void {
  const view = store.getState().frames[index];
  if (!view) return;
  const expanded = initiallyExpanded(view);
  store.setState({ frameIndex: index, selection: undefined, expanded, visible: visibleKeys(view, expanded) });
}

/** Selects a tree node (field or layer header) and opens its ancestors so it is shown. */
export function selectNode(store: AppStore, key: string): void {
  const state = store.getState();
  const view = currentView(state);
  const node = view?.nodes.get(key);
  if (!view || !node) return;
  const hidden = ancestorsOf(view, key).filter((k) => !state.expanded.has(k));
  const expanded = hidden.length > 0 ? new Set([...state.expanded, ...hidden]) : state.expanded;
  store.setState({
    selection: { key, start: node.offset, end: node.offset + node.length },
    ...(expanded !== state.expanded ? { expanded, visible: visibleKeys(view, expanded) } : {}),
  });
}

/** Selects the deepest field that owns the byte, else the layer whose span holds it. */
export function selectByte(store: AppStore, offset: number): void {
  const view = currentView(store.getState());
  if (!view || offset < 0 || offset >= view.bytes.length) return;
  const key =
    view.ownerOfByte[offset] ??
    view.order.find((k) => {
      const n = view.nodes.get(k)!;
      return n.depth === 1 && offset >= n.offset && offset < n.offset + n.length;
    });
  if (key !== undefined) selectNode(store, key);
}

export function selectProblem(store: AppStore, problem: Problem): void {
  const view = currentView(store.getState());
  const key = view && nodeForProblem(view, problem);
  if (key !== undefined) selectNode(store, key);
}

export function setExpanded(store: AppStore, key: string, open: boolean): void {
  const state = store.getState();
  const view = currentView(state);
  if (!view || !view.nodes.get(key)?.children.length || state.expanded.has(key) === open) return;
  const expanded = new Set(state.expanded);
  if (open) expanded.add(key);
  else expanded.delete(key);
  showExpanded(store, view, expanded);
}

export function toggleExpanded(store: AppStore, key: string): void {
  setExpanded(store, key, !store.getState().expanded.has(key));
}

export function expandAll(store: AppStore): void {
  const view = currentView(store.getState());
  if (!view) return;
  showExpanded(store, view, new Set(view.order.filter((k) => view.nodes.get(k)!.children.length > 0)));
}

/** Collapses every field; layer headers stay open so the tree still shows each layer's fields. */
export function collapseAll(store: AppStore): void {
  const view = currentView(store.getState());
  if (!view) return;
  showExpanded(store, view, new Set(view.order.filter((k) => view.nodes.get(k)!.depth === 1)));
}

/** Applies a new set of open nodes; a selection it hides moves up to its nearest shown ancestor, as in Wireshark. */
function showExpanded(store: AppStore, view: FrameView, expanded: Set<string>): void {
  const visible = visibleKeys(view, expanded);
  store.setState({ expanded, visible });
  const key = store.getState().selection?.key;
  if (key === undefined || visible.includes(key)) return;
  const shown = ancestorsOf(view, key).find((k) => visible.includes(k));
  if (shown !== undefined) selectNode(store, shown);
}

export type TreeMove = 'up' | 'down' | 'left' | 'right' | 'home' | 'end';

/** Keyboard moves in the tree, as the WAI-ARIA tree pattern describes them. */
export function moveInTree(store: AppStore, move: TreeMove): void {
  const state = store.getState();
  const view = currentView(state);
  if (!view || state.visible.length === 0) return;
  const key = state.selection?.key;
  const at = key === undefined ? -1 : state.visible.indexOf(key);
  const node = key === undefined ? undefined : view.nodes.get(key);
  const go = (i: number) => selectNode(store, state.visible[Math.max(0, Math.min(i, state.visible.length - 1))]!);
  switch (move) {
    case 'up':
      return go(at < 0 ? 0 : at - 1);
    case 'down':
      return go(at + 1);
    case 'home':
      return go(0);
    case 'end':
      return go(state.visible.length - 1);
    case 'right':
      if (!node) return go(0);
      if (node.children.length === 0) return;
      if (!state.expanded.has(node.key)) return setExpanded(store, node.key, true);
      return selectNode(store, node.children[0]!);
    case 'left':
      if (!node) return go(0);
      if (node.children.length > 0 && state.expanded.has(node.key)) return setExpanded(store, node.key, false);
      if (node.parent !== undefined) selectNode(store, node.parent);
  }
}

export type ByteMove = 'left' | 'right' | 'up' | 'down';

/** Keyboard moves in the hex view: to the field before or after the selection, or a row up or down. */
export function moveInBytes(store: AppStore, move: ByteMove): void {
  const { selection } = store.getState();
  if (!selection) return selectByte(store, 0);
  const target = { left: selection.start - 1, right: selection.end, up: selection.start - 16, down: selection.start + 16 }[move];
  selectByte(store, target);
}
