// Actions: plain functions over a store, callable from React, tests or the console alike.
// The expensive work (parsing and dissecting) happens here, once per input change, never in render.
import { dissectFrame, type DissectOptions } from '../dissect';
import type { Problem } from '../dissect/model';
import { parseText } from '../inputs';
import {
  ancestorsOf,
  buildFrameView,
  initiallyExpanded,
  nodeForProblem,
  visibleKeys,
  type FrameView,
} from './frame-view';
import { currentView } from './selectors';
import {
  initialDecode,
  initialInput,
  initialSelection,
  type AppState,
  type AppStore,
  type SelectionSlice,
} from './store';

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

/**
 * Pasted text is parsed and every frame dissected at once, in the page: beyond these sizes that would freeze the
 * tab, so a paste says so instead. Larger dumps open as capture files (read in the worker) or go to the CLI.
 */
export const MAX_PASTE_CHARS = 32 * 1024 * 1024;
export const MAX_PASTE_FRAMES = 20_000;

function limitProblem(message: string): Problem {
  return { severity: 'error', code: 'input-unreadable', message };
}

/** Parses and dissects the current text; keeps the user's place (frame, open nodes, selection) where it still exists. */
export function decodeInput(store: AppStore): void {
  const before = store.getState();
  const { text, options, linkTypeOverride } = before;
  if (text.trim() === '') {
    store.setState({ ...initialInput, text, ...initialDecode, options, ...initialSelection });
    return;
  }
  if (text.length > MAX_PASTE_CHARS) {
    const megabytes = (text.length / 1024 / 1024).toFixed(1);
    store.setState({
      input: {
        format: 'not read',
        frameCount: 0,
        byteCount: 0,
        problems: [
          limitProblem(
            `This paste is ${megabytes} MB of text; framescope decodes pastes of up to ${MAX_PASTE_CHARS / 1024 / 1024} MB in the page. Your text is kept: save it to a file and open it with "Open capture…" (a pcap or pcapng is read in the background), or run the CLI (npx framescope FILE), which streams.`,
          ),
        ],
      },
      ...initialDecode,
      ...initialSelection,
    });
    return;
  }
  // Neither call throws: bad bytes come back as problems (the core's own guard turns even its bugs into one).
  const parsed = parseText(text);
  const kept = parsed.frames.length > MAX_PASTE_FRAMES ? parsed.frames.slice(0, MAX_PASTE_FRAMES) : parsed.frames;
  // A link's frame from a capture keeps its number there ("Frame 149"), while the text is the link's.
  const linked = before.linkOrigin?.text === text && kept.length === 1 ? before.linkOrigin.origin.frame : undefined;
  const frames = kept.map((f, i) =>
    buildFrameView(dissectFrame(f.bytes, linkTypeOverride ?? f.linkType, linked ?? i + 1, options), f.bytes),
  );
  const limitProblems =
    kept === parsed.frames
      ? []
      : [
          limitProblem(
            `The paste holds ${parsed.frames.length} frames; the first ${MAX_PASTE_FRAMES} are decoded here. For all of them, write the dump to a pcap (text2pcap) and open it, or run the CLI.`,
          ),
        ];
  const frameIndex = before.frameIndex < frames.length ? before.frameIndex : 0;
  const byteCount = parsed.frames.reduce((sum, f) => sum + f.bytes.length, 0);
  store.setState({
    input: {
      format: parsed.format,
      frameCount: frames.length,
      byteCount,
      problems: [...limitProblems, ...parsed.problems],
      ...(parsed.linkTypeName !== undefined ? { detectedLinkType: parsed.linkTypeName } : {}),
      ...(parsed.frames.some((f) => f.linkTypeSource === 'assumed') ? { linkTypeAssumed: true } : {}),
    },
    frames,
    frameIndex,
    ...carrySelection(currentView(before), frames[frameIndex], before),
  });
}

/** The selection and open rows of `old` carried to `view` where they still exist (also after an edit, workbench.ts). */
export function carrySelection(
  old: FrameView | undefined,
  view: FrameView | undefined,
  before: AppState,
): SelectionSlice {
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
  const key = view.ownerOfByte[offset] ?? layerKeyAt(view, offset);
  if (key !== undefined) selectNode(store, key);
}

/** The header of the first layer whose span holds the byte. */
function layerKeyAt(view: FrameView, offset: number): string | undefined {
  return view.order.find((k) => {
    const n = view.nodes.get(k)!;
    return n.depth === 1 && offset >= n.offset && offset < n.offset + n.length;
  });
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

export type ByteMove =
  'left' | 'right' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'rowStart' | 'rowEnd' | 'first' | 'last';

/**
 * Keyboard moves in the hex view: to the field before or after the selection, a row or a page (`pageRows` rows) up
 * or down, the start or end of the selection's row, the first or last byte. A move past either end stops there.
 * Rows are `rowBytes` wide: 16, or 8 where 16 do not fit.
 */
export function moveInBytes(store: AppStore, move: ByteMove, pageRows = 8, rowBytes = 16): void {
  const { selection } = store.getState();
  const length = currentView(store.getState())?.bytes.length ?? 0;
  if (length === 0) return;
  if (!selection) return selectByte(store, move === 'last' ? length - 1 : 0);
  const rowStart = selection.start - (selection.start % rowBytes);
  const target = {
    left: selection.start - 1,
    right: selection.end,
    up: selection.start - rowBytes,
    down: selection.start + rowBytes,
    pageUp: Math.max(selection.start % rowBytes, selection.start - rowBytes * pageRows),
    pageDown: Math.min(selection.start + rowBytes * pageRows, length - 1),
    rowStart,
    rowEnd: Math.min(rowStart + rowBytes - 1, length - 1),
    first: 0,
    last: length - 1,
  }[move];
  selectByte(store, target);
}

/** Lights the bytes of a tree node lightly (the pointer is over its row), or nothing. */
export function previewNode(store: AppStore, key: string | undefined): void {
  const node = key === undefined ? undefined : currentView(store.getState())?.nodes.get(key);
  const preview = node ? { key: node.key, start: node.offset, end: node.offset + node.length } : undefined;
  const before = store.getState().preview;
  if (before?.key === preview?.key && before?.start === preview?.start) return;
  store.setState({ preview });
}

/** Lights lightly the field under a byte (the pointer is over it): what a click would select. */
export function previewByte(store: AppStore, offset: number | undefined): void {
  const view = currentView(store.getState());
  previewNode(
    store,
    offset === undefined || !view ? undefined : (view.ownerOfByte[offset] ?? layerKeyAt(view, offset)),
  );
}

/** The decode-as rules or the COTP format changed: the pasted frames decode again (a capture re-dissects itself). */
export function setDecodeOptions(store: AppStore, options: DissectOptions): void {
  if (store.getState().options === options) return;
  store.setState({ options });
  if (!store.getState().capture) decodeInput(store);
}
