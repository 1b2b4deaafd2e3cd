// The inputs shown in this tab, and the way back to each. An input that replaces the view (a capture, a text file, a
// paste over text, an example, a link) never discards what it replaces: the input left is kept in memory — its text,
// or the capture's File, which the browser reads again — and comes back with Undo (Ctrl+Z, the message's button) or
// the browser's Back. Each input is a browser history entry: permalink.ts pushes them and tags each with its id, while
// selection changes only replace the address. Without a browser (tests, the console) Undo and Redo step in memory.
import type { DissectOptions } from '../dissect';
import { decodeInput, setInputText } from './actions';
import { closeCapture, openCapture, type NamedBlob } from './capture-actions';
import { visibleKeys } from './frame-view';
import type { AppState, AppStore, InputNotice, Selection } from './store';

/** What an entry showed, enough to show it again. */
interface Snapshot {
  readonly text: string;
  readonly linkTypeOverride: number | undefined;
  readonly options: DissectOptions;
  readonly frameIndex: number;
  readonly selection: Selection | undefined;
  readonly expanded: ReadonlySet<string>;
  /** The capture file that was open (the text above stays behind it, as in the store). */
  readonly capture: NamedBlob | undefined;
}

interface Entry {
  /** What the entry shows, for messages ("kb.txt", "the linked frame"); derived from its snapshot when absent. */
  readonly label: string | undefined;
  /** The entry this one replaced, and the one that replaced this one last (the browser's Back and Forward). */
  readonly back: string | undefined;
  forward: string | undefined;
  /** Taken when the entry is left, so edits made meanwhile come back too; dropped for entries far back. */
  snapshot: Snapshot | undefined;
}

/** How input steps reach the browser's history (permalink.ts). */
export interface InputNavigation {
  /** Before an input replaces the view: the address catches up with the view about to be left. */
  leave(): void;
  /** A new history entry, tagged `id`, for the input now shown. */
  push(id: string): void;
  /** Tags the current history entry (the first one, or one the browser made for a link typed in the address bar). */
  tag(id: string): void;
  back(): void;
  forward(): void;
}

interface History {
  /** Tells this page's entries from those of an earlier load of it, which share the browser's history. */
  readonly page: string;
  count: number;
  readonly entries: Map<string, Entry>;
  current: string;
  /** The File of the capture open now, when it was opened through here. */
  capture: NamedBlob | undefined;
  navigation: InputNavigation | undefined;
}

/** Entries kept in memory behind the current one, and the text they may hold together (a paste can be 32 MB). */
const KEPT_BACK = 10;
const KEPT_TEXT_CHARS = 64 * 1024 * 1024;

const histories = new WeakMap<AppStore, History>();

function historyOf(store: AppStore): History {
  let history = histories.get(store);
  if (!history) {
    const page = Math.random().toString(36).slice(2, 10);
    const current = `${page}.0`;
    history = { page, count: 0, entries: new Map(), current, capture: undefined, navigation: undefined };
    history.entries.set(current, { label: undefined, back: undefined, forward: undefined, snapshot: undefined });
    histories.set(store, history);
  }
  return history;
}

/** Something is shown that a new input would replace. */
const showsInput = (state: AppState): boolean => state.capture !== undefined || state.text.trim() !== '';

function snapshotOf(store: AppStore): Snapshot {
  const state = store.getState();
  return {
    text: state.text,
    linkTypeOverride: state.linkTypeOverride,
    options: state.options,
    frameIndex: state.frameIndex,
    selection: state.selection,
    expanded: state.expanded,
    capture: state.capture ? historyOf(store).capture : undefined,
  };
}

function labelOf(entry: Entry | undefined): string {
  if (entry?.label !== undefined) return entry.label;
  const snapshot = entry?.snapshot;
  if (snapshot?.capture) return snapshot.capture.name ?? 'the capture';
  return snapshot && snapshot.text.trim() !== '' ? 'your text' : 'an empty input box';
}

export interface NewInput {
  /** What the new input is, for messages: a file's name, "the linked frame". */
  readonly label?: string;
  /** The capture file the change opens (kept to open it again). */
  readonly capture?: NamedBlob;
  /** The message; by default "Opened LABEL, replacing WHAT WAS SHOWN." False: none (a paste, seen as it happens). */
  readonly message?: string | false;
  /** 'browser': the browser made the history entry itself (a link typed in the address bar). */
  readonly by?: 'app' | 'browser';
}

/**
 * Shows a new input: `change` replaces the view, and what it replaced can be restored by Undo or Back. Over an empty
 * page nothing is replaced, so no history entry is made (Back then leaves the app, as before).
 */
export function replaceInput(store: AppStore, input: NewInput, change: () => void): void {
  const history = historyOf(store);
  const replacing = showsInput(store.getState());
  const left = history.entries.get(history.current);
  if (input.by !== 'browser' && !replacing) {
    change();
    history.capture = input.capture;
    history.entries.set(history.current, {
      label: input.label,
      back: left?.back,
      forward: left?.forward,
      snapshot: undefined,
    });
    store.setState({ notice: undefined });
    return;
  }
  if (input.by !== 'browser') history.navigation?.leave();
  if (left) {
    left.snapshot = snapshotOf(store);
    forget(history, left.forward);
  }
  const id = `${history.page}.${++history.count}`;
  history.entries.set(id, { label: input.label, back: history.current, forward: undefined, snapshot: undefined });
  if (left) left.forward = id;
  const replaced = labelOf(left);
  history.current = id;
  change();
  history.capture = input.capture;
  if (input.by === 'browser') history.navigation?.tag(id);
  else history.navigation?.push(id);
  keepNear(history);
  const message = input.message ?? `Opened ${input.label ?? 'a new input'}, replacing ${replaced}.`;
  store.setState({ notice: message === false || !replacing ? undefined : { kind: 'changed', message, step: 'back' } });
}

/** Forgets entry `id` and those along `link` from it: the entries after it (a new input replaced them, and the browser
 * dropped them) or before it (too far back to keep). */
function forget(history: History, id: string | undefined, link: 'forward' | 'back' = 'forward'): void {
  for (let at = id; at !== undefined;) {
    const entry = history.entries.get(at);
    history.entries.delete(at);
    at = entry?.[link];
  }
}

/** Keeps the nearest entries back (the first one always), within the text budget. */
function keepNear(history: History): void {
  let chars = 0;
  let steps = 0;
  for (let at = history.entries.get(history.current)?.back; at !== undefined; steps++) {
    const entry = history.entries.get(at);
    if (!entry) return;
    chars += entry.snapshot?.text.length ?? 0;
    if (steps > 0 && (steps >= KEPT_BACK || chars > KEPT_TEXT_CHARS)) {
      // Older entries: the browser's Back still reaches them, and their address still holds the frame they showed.
      forget(history, at, 'back');
      return;
    }
    at = entry.back;
  }
}

/** An input that was not opened: the message says why, and what stays on screen, which nothing changes. */
export function refuseInput(store: AppStore, message: string): void {
  const state = store.getState();
  const kept = state.capture
    ? ` ${state.capture.name} stays open.`
    : state.text.trim() !== ''
      ? ' Your text is unchanged.'
      : '';
  store.setState({ notice: { kind: 'refused', message: `${message}${kept}` } });
}

export function dismissNotice(store: AppStore): void {
  if (store.getState().notice !== undefined) store.setState({ notice: undefined });
}

/** Whether Undo ('back') or Redo ('forward') has an input to go to. */
export function canStepInput(store: AppStore, step: 'back' | 'forward'): boolean {
  const history = historyOf(store);
  const target = history.entries.get(history.current)?.[step];
  return target !== undefined && history.entries.has(target);
}

/** Undo or Redo of an input change: through the browser's history when there is one, so Back and Undo agree. */
export function stepInput(store: AppStore, step: 'back' | 'forward'): boolean {
  if (!canStepInput(store, step)) return false;
  const history = historyOf(store);
  if (history.navigation) history.navigation[step]();
  else showInput(store, history.entries.get(history.current)![step]!);
  return true;
}

/**
 * Shows the input of history entry `id` (Back, Forward, Undo, Redo). False when it is not in memory (dropped, or from
 * before the page was loaded again): the entry is then taken as the current one, and the caller restores what its
 * address holds.
 */
export function showInput(store: AppStore, id: string): boolean {
  const history = historyOf(store);
  if (id === history.current) {
    store.setState({ linkError: undefined });
    return true;
  }
  const left = history.entries.get(history.current);
  if (left) left.snapshot = snapshotOf(store);
  const entry = history.entries.get(id);
  const direction = left?.back === id ? 'back' : left?.forward === id ? 'forward' : undefined;
  history.current = id;
  if (!entry?.snapshot) {
    if (!entry) history.entries.set(id, { label: undefined, back: undefined, forward: undefined, snapshot: undefined });
    store.setState({ notice: undefined });
    return false;
  }
  restore(store, entry.snapshot);
  history.capture = entry.snapshot.capture;
  const label = labelOf(entry);
  const notice: InputNotice =
    direction === 'forward'
      ? { kind: 'changed', message: `Forward to ${label}.`, step: 'back' }
      : { kind: 'changed', message: `Back to ${label}.`, ...(direction === 'back' ? { step: 'forward' } : {}) };
  store.setState({ notice });
  return true;
}

function restore(store: AppStore, snapshot: Snapshot): void {
  const { text, linkTypeOverride, options, frameIndex } = snapshot;
  store.setState({ text, linkTypeOverride, options, linkError: undefined });
  if (snapshot.capture) {
    openCapture(store, snapshot.capture);
    return;
  }
  if (store.getState().capture) closeCapture(store);
  else decodeInput(store);
  const view = store.getState().frames[frameIndex];
  if (!view) return;
  const expanded = new Set([...snapshot.expanded].filter((key) => view.nodes.has(key)));
  const selection = snapshot.selection && view.nodes.has(snapshot.selection.key) ? snapshot.selection : undefined;
  store.setState({ frameIndex, selection, expanded, visible: visibleKeys(view, expanded) });
}

/** Text shown as if pasted, in place of a capture too; the capture and the text before it come back with Undo. */
export function showText(store: AppStore, text: string): void {
  if (store.getState().capture) {
    store.setState({ text });
    closeCapture(store);
  } else setInputText(store, text);
}

/** A paste over the text box's whole text: a new input, so Back returns to the text it replaced. */
export function pasteText(store: AppStore, text: string): void {
  replaceInput(store, { label: 'the pasted text', message: false }, () => setInputText(store, text));
}

/** "Close capture": back to the text behind it; Undo opens the capture again. */
export function closeCaptureInput(store: AppStore): void {
  const capture = store.getState().capture;
  if (!capture) return;
  replaceInput(store, { message: `Closed ${capture.name}.` }, () => closeCapture(store));
}

/**
 * The browser made an entry the view did not follow (a damaged link typed in the address bar): it is tagged as the
 * entry shown, so Back and Undo from a later input come back to that view, not to the link's error.
 */
export function tagBrowserEntry(store: AppStore): void {
  const history = historyOf(store);
  history.navigation?.tag(history.current);
}

/** Connects Undo and Redo to the browser's history; the entry shown now is tagged as this page's first. */
export function attachNavigation(store: AppStore, navigation: InputNavigation): () => void {
  const history = historyOf(store);
  history.navigation = navigation;
  navigation.tag(history.current);
  return () => {
    if (history.navigation === navigation) history.navigation = undefined;
  };
}
