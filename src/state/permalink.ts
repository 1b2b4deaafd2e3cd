// The permalink on the state side: the store's view ↔ PermalinkState, and the sync between the store and
// location.hash (the only code that touches location and history, STYLE.md "Layout"). Restoring reads only the
// fragment, which browsers never send to a server: no request is made.
import { parseDecodeAs, type DecodeAs, type DissectOptions } from '../dissect';
import { hexDump } from '../export';
import {
  decodePermalink,
  encodePermalink,
  type EncodeResult,
  type LinkSelection,
  type PermalinkState,
  type TreeMode,
} from '../permalink';
import { collapseAll, decodeInput, expandAll, selectNode, setLinkTypeOverride } from './actions';
import { closeCapture } from './capture-actions';
import { attachNavigation, replaceInput, showInput, tagBrowserEntry } from './input-history';
import { ancestorsOf, type FrameView } from './frame-view';
import { currentView, frameOrigin, selectedNode } from './selectors';
import { initialSelection, type AppState, type AppStore } from './store';
import { closeComparison, restoreComparison } from './workbench';

export { MAX_LINK_FRAME_BYTES } from '../permalink';

/** The address follows the view after this pause, so a burst of arrow keys writes it once. */
const SYNC_DELAY_MS = 250;

// ------------------------------------------------------------------------------------ state -> link

/** Which of the tree's three starting points the open rows are; selecting a field also opens its ancestors. */
function treeMode(view: FrameView, expanded: ReadonlySet<string>, selectedKey: string | undefined): TreeMode {
  const opened = new Set(selectedKey === undefined ? [] : ancestorsOf(view, selectedKey));
  const same = (keys: readonly string[]) => {
    const wanted = new Set([...keys, ...opened]);
    return wanted.size === expanded.size && [...wanted].every((k) => expanded.has(k));
  };
  if (same(view.order.filter((k) => view.nodes.get(k)!.children.length > 0))) return 'all';
  if (same(view.order.filter((k) => view.nodes.get(k)!.depth === 1))) return 'collapsed';
  return 'default';
}

/** A field node is its id and offset; a layer header is its protocol name ("tpkt") and the layer's offset. */
function linkSelection(state: AppState): LinkSelection | undefined {
  const node = selectedNode(state);
  if (!node) return undefined;
  return { fieldId: node.field?.id ?? node.layer.protocol, offset: node.offset };
}

/** What the link to the current view holds: the frame shown (only that one, from several), and how it is shown. */
export function permalinkStateOf(state: AppState): PermalinkState | undefined {
  const view = currentView(state);
  if (!view) return undefined;
  const selection = linkSelection(state);
  const origin = frameOrigin(state);
  return {
    bytes: view.bytes,
    linkType: view.frame.linkType,
    options: linkOptions(state.options),
    ...(selection ? { selection } : {}),
    view: { tree: treeMode(view, state.expanded, state.selection?.key) },
    ...linkComparison(state),
    ...(origin ? { origin } : {}),
  };
}

/** The frame the shown one is compared with (the workbench), when there is one. */
function linkComparison(state: AppState): Pick<PermalinkState, 'compare'> {
  const compare = state.workbench.compare;
  return compare
    ? { compare: { bytes: compare.bytes, linkType: compare.linkType, original: compare.kind === 'original' } }
    : {};
}

function linkOptions(options: DissectOptions): PermalinkState['options'] {
  const { cotpFormat, checksums, relativeSequenceNumbers } = options;
  return {
    decodeAs: options.decodeAs ?? [],
    ...(cotpFormat === 'normal' || cotpFormat === 'extended' ? { cotpFormat } : {}),
    ...(checksums === 'on' || checksums === 'off' ? { checksums } : {}),
    ...(relativeSequenceNumbers === false ? { relativeSequenceNumbers } : {}),
  };
}

let last: { readonly inputs: readonly unknown[]; readonly result: EncodeResult | undefined } | undefined;

/**
 * The fragment for the current view (without "#"), or why there is none; undefined when nothing is shown.
 * The same object while the view is unchanged, so components can subscribe to it.
 */
export function currentPermalink(state: AppState): EncodeResult | undefined {
  const inputs = [
    state.frames,
    state.frameIndex,
    state.selection,
    state.expanded,
    state.options,
    state.workbench.compare,
    state.capture?.name,
    state.text,
    state.linkOrigin,
  ];
  if (last && last.inputs.every((value, i) => value === inputs[i])) return last.result;
  const linkState = permalinkStateOf(state);
  let result = linkState && encodePermalink(linkState);
  // A file name or time the link format cannot spell (a control character in the name, a time before 1970), then a
  // field id it cannot spell (none today), must not cost the user the link to the frame.
  if (linkState?.origin && result?.ok === false && result.code === 'invalid') {
    const { origin: _, ...withoutOrigin } = linkState;
    result = encodePermalink(withoutOrigin);
  }
  if (linkState?.selection && result?.ok === false && result.code === 'invalid') {
    const { selection: _, origin: __, ...withoutSelection } = linkState;
    result = encodePermalink(withoutSelection);
  }
  last = { inputs, result };
  return result;
}

// ------------------------------------------------------------------------------------ link -> state

/**
 * Opens a link's view: its frame (bytes, link type, decode-as), its selected field and tree; or says why not, and the
 * view stays as it was. The view it replaces comes back with Undo or Back (input-history.ts). `entry`: 'browser' when
 * the browser made the history entry (a link typed in the address bar), 'none' to show the frame of an entry the
 * history has forgotten.
 */
export function restorePermalink(store: AppStore, fragment: string, entry: 'app' | 'browser' | 'none' = 'app'): void {
  const result = decodePermalink(fragment);
  if (!result.ok) {
    // The reason on top of the page as it was (empty, when the link opened it). Nothing from the link is shown.
    store.setState({ linkError: result.reason });
    if (entry === 'browser') tagBrowserEntry(store);
    return;
  }
  const show = () => showLink(store, result.state);
  if (entry === 'none') show();
  else replaceInput(store, { label: 'the linked frame', by: entry }, show);
}

function showLink(store: AppStore, link: PermalinkState): void {
  const { bytes, linkType, options, selection, view, compare, origin } = link;
  // A link opens one frame: a capture open in this tab is closed first.
  closeCapture(store);
  // A fresh start (no frame, selection or open nodes carried over), the bytes in the input box as a hex dump the
  // user can read, edit and copy like any paste, and the link's decode-as rules; a frame from a capture keeps its
  // number there, its file's name and its time while that text is unchanged.
  const text = hexDump(bytes);
  store.setState({
    text,
    linkOrigin: origin ? { origin, text } : undefined,
    linkTypeOverride: undefined,
    options: knownOptions(options),
    frames: [],
    frameIndex: 0,
    ...initialSelection,
    linkError: undefined,
  });
  decodeInput(store);
  // The bytes alone may read as another link layer (the sender chose one): the link's wins, and stays while editing.
  if (currentView(store.getState())?.frame.linkType !== linkType) setLinkTypeOverride(store, linkType);
  if (view.tree === 'all') expandAll(store);
  if (view.tree === 'collapsed') collapseAll(store);
  const key = selection && nodeKeyOf(currentView(store.getState()), selection);
  if (key !== undefined) selectNode(store, key);
  if (compare) restoreComparison(store, compare.bytes, compare.linkType, compare.original);
  else closeComparison(store);
}

/** Rules for tables and protocols this framescope knows; others are dropped (the link may be from a newer one). */
function knownOptions(options: PermalinkState['options']): DissectOptions {
  const decodeAs: DecodeAs[] = [];
  for (const rule of options.decodeAs) {
    const parsed = parseDecodeAs(`${rule.table}==${rule.key},${rule.protocol}`);
    if (parsed.ok) decodeAs.push(parsed.value);
  }
  return {
    ...(decodeAs.length > 0 ? { decodeAs } : {}),
    ...(options.cotpFormat ? { cotpFormat: options.cotpFormat } : {}),
    ...(options.checksums ? { checksums: options.checksums } : {}),
    ...(options.relativeSequenceNumbers === false ? { relativeSequenceNumbers: false } : {}),
  };
}

function nodeKeyOf(view: FrameView | undefined, { fieldId, offset }: LinkSelection): string | undefined {
  if (!view) return undefined;
  const field = view.order.find((k) => {
    const f = view.nodes.get(k)!.field;
    return f !== undefined && f.id === fieldId && f.offset === offset;
  });
  return (
    field ??
    view.order.find((k) => {
      const node = view.nodes.get(k)!;
      return node.depth === 1 && node.layer.protocol === fieldId && node.offset === offset;
    })
  );
}

export function dismissLinkError(store: AppStore): void {
  store.setState({ linkError: undefined });
}

// ------------------------------------------------------------------------------------ the address bar

/** The page's address without its fragment. */
function baseAddress(win: Window): string {
  return win.location.href.replace(/#.*$/s, '');
}

/** The full address of a link to the current view, for "Copy link"; undefined when there is none. */
export function permalinkUrl(state: AppState, win: Window = window): string | undefined {
  const link = currentPermalink(state);
  return link?.ok ? `${baseAddress(win)}#${link.fragment}` : undefined;
}

/** The history entry's state, tagged with the id of the input it shows (input-history.ts). */
const TAG = 'framescopeInput';

function tagged(state: unknown, id: string): Record<string, unknown> {
  return { ...(typeof state === 'object' && state !== null ? state : {}), [TAG]: id };
}

function tagOf(state: unknown): string | undefined {
  const id = typeof state === 'object' && state !== null ? (state as Record<string, unknown>)[TAG] : undefined;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Restores the view from the address's fragment now (before the first render), then keeps the fragment in step with
 * the view: replaceState after a pause, so the back button is not flooded by selections and nothing is loaded. A new
 * input (a capture, a text file, a paste over text, an example, a link) is a new history entry instead, so the
 * browser's Back returns to the input before it, as Undo does. Returns a function that stops the sync.
 */
export function startPermalinkSync(store: AppStore, win: Window = window): () => void {
  let written = win.location.hash;
  if (written !== '' && written !== '#') restorePermalink(store, written);

  const write = () => {
    const state = store.getState();
    const link = currentPermalink(state);
    // Nothing shown after a failed link: leave that link in the address, where the user can see and report it.
    if (!link && state.linkError !== undefined) return;
    // Too large for a link: no fragment at all, rather than one that shows an older frame.
    const hash = link?.ok ? `#${link.fragment}` : '';
    if (hash === written) return;
    written = hash;
    win.history.replaceState(win.history.state, '', hash === '' ? baseAddress(win) : hash);
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancelWrite = () => {
    if (timer === undefined) return false;
    clearTimeout(timer);
    timer = undefined;
    return true;
  };
  const unsubscribe = store.subscribe((state, before) => {
    const changed =
      state.frames !== before.frames ||
      state.frameIndex !== before.frameIndex ||
      state.selection !== before.selection ||
      state.expanded !== before.expanded ||
      state.workbench.compare !== before.workbench.compare;
    if (!changed) return;
    cancelWrite();
    timer = setTimeout(write, SYNC_DELAY_MS);
  });

  const detach = attachNavigation(store, {
    // The entry left keeps the address of what it showed: a write still waiting is done now.
    leave: () => {
      if (cancelWrite()) write();
    },
    push: (id) => {
      cancelWrite();
      const link = currentPermalink(store.getState());
      written = link?.ok ? `#${link.fragment}` : '';
      win.history.pushState(tagged(undefined, id), '', written === '' ? baseAddress(win) : written);
    },
    tag: (id) => win.history.replaceState(tagged(win.history.state, id), '', win.location.href),
    back: () => win.history.back(),
    forward: () => win.history.forward(),
  });

  // Back or Forward to an entry of this page: its input comes back from memory, or else from the frame in its address.
  const onPopState = (event: PopStateEvent) => {
    const id = tagOf(event.state);
    if (id === undefined) return; // an address typed by hand: onHashChange restores it
    cancelWrite();
    written = win.location.hash;
    if (!showInput(store, id) && written !== '' && written !== '#') restorePermalink(store, written, 'none');
  };
  // A link pasted into this tab's address bar changes only the fragment: no reload, so restore it here.
  const onHashChange = () => {
    if (win.location.hash === written) return;
    written = win.location.hash;
    if (written !== '' && written !== '#') restorePermalink(store, written, 'browser');
  };
  win.addEventListener('popstate', onPopState);
  win.addEventListener('hashchange', onHashChange);

  return () => {
    unsubscribe();
    detach();
    cancelWrite();
    win.removeEventListener('popstate', onPopState);
    win.removeEventListener('hashchange', onHashChange);
  };
}
