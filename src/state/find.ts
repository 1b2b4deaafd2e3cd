// Wireshark's "Go to packet" (Ctrl+G) and "Find Packet" (Ctrl+F) bars over an open capture: which bar is open, what
// is typed in it, and how the last search went. The worker runs the search (session.ts); its answer selects the frame
// found and, for bytes, the field holding them. Like the Expert Information view's, a small store beside the app's.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { compileFind, type FilterError, type FindDirection, type FindMode } from '../dissect/filter';
import type { FromWorker } from '../worker/protocol';
import { selectByte } from './actions';
import { runtimeOf } from './capture';
import { setConversationsOpen } from './conversation';
import { setExpertOpen } from './expert';
import type { AppStore } from './store';

export type NavBar = 'goto' | 'find';

/** How the last search went, for the line under the find bar. */
export type FindStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'searching'; readonly checked: number; readonly total: number }
  | {
      readonly kind: 'found';
      readonly frame: number;
      readonly direction: FindDirection;
      readonly wrapped: boolean;
      /** The frame found is the one the search started from: no other frame matches. */
      readonly only: boolean;
      /** Frames passed over because their bytes could not be read back: how many, and why. */
      readonly unreadable?: string;
    }
  | {
      readonly kind: 'not-found';
      readonly total: number;
      readonly filtered: boolean;
      /** Frames not searched because their bytes could not be read back: how many, and why. */
      readonly unreadable?: string;
    }
  | { readonly kind: 'no-capture' };

export interface NavState {
  /** The bar shown above the packet list, for capture `session` (a bar opened for an earlier file is not shown). */
  readonly bar: NavBar | undefined;
  readonly session: number;
  /** Bumped each time a bar is asked for: its input takes focus again even when the bar is already open. */
  readonly focusRequest: number;
  readonly goToText: string;
  /** Why the frame typed cannot be shown. */
  readonly goToMessage: string | undefined;
  readonly mode: FindMode;
  readonly text: string;
  readonly caseSensitive: boolean;
  /** Why the text typed cannot be searched for (checked as you type). */
  readonly error: FilterError | undefined;
  readonly status: FindStatus;
  /** The search the page waits for; older answers are ignored. */
  readonly request: number;
  /** Bytes found in a frame not shown yet: selected when it arrives. */
  readonly foundBytes: { readonly frame: number; readonly start: number } | undefined;
  /** Where the last search started (to tell "the only match") and which way it went. */
  readonly from: number;
  readonly direction: FindDirection;
}

const initial: NavState = {
  bar: undefined,
  session: 0,
  focusRequest: 0,
  goToText: '',
  goToMessage: undefined,
  mode: 'filter',
  text: '',
  caseSensitive: true,
  error: undefined,
  status: { kind: 'idle' },
  request: 0,
  foundBytes: undefined,
  from: 0,
  direction: 'next',
};
const stores = new WeakMap<AppStore, StoreApi<NavState>>();

export function navStoreOf(store: AppStore): StoreApi<NavState> {
  let found = stores.get(store);
  if (!found) stores.set(store, (found = createStore<NavState>()(() => initial)));
  return found;
}

/** The bar to show for the capture open now, if any. */
export const shownBar = (nav: NavState, session: number | undefined): NavBar | undefined =>
  session !== undefined && nav.session === session ? nav.bar : undefined;

/** Opens a bar (or focuses it again) over the packet list, which takes the place of the conversations or Expert view. */
export function openNavBar(store: AppStore, bar: NavBar): void {
  const capture = store.getState().capture;
  if (!capture) return;
  setExpertOpen(store, false);
  setConversationsOpen(store, false);
  const nav = navStoreOf(store);
  const same = nav.getState().session === capture.session;
  nav.setState((s) => ({
    bar,
    session: capture.session,
    focusRequest: s.focusRequest + 1,
    goToMessage: undefined,
    ...(same ? {} : { status: { kind: 'idle' as const }, foundBytes: undefined }),
  }));
}

/** Closes the bar; a search still running stops. */
export function closeNavBar(store: AppStore): void {
  const nav = navStoreOf(store);
  const { status, session } = nav.getState();
  if (status.kind === 'searching') runtimeOf(store).worker?.post({ type: 'stopFind', session });
  nav.setState((s) => ({
    bar: undefined,
    goToMessage: undefined,
    status: status.kind === 'searching' ? { kind: 'idle' } : s.status,
    request: s.request + 1,
  }));
}

export function setGoToText(store: AppStore, goToText: string): void {
  navStoreOf(store).setState({ goToText, goToMessage: undefined });
}

const checkedError = (mode: FindMode, text: string, caseSensitive: boolean): FilterError | undefined => {
  // An empty box is not an error until the user asks to search.
  if (text.trim() === '') return undefined;
  const compiled = compileFind({ mode, text, caseSensitive });
  return compiled.ok ? undefined : compiled.error;
};

/** The find bar's kind, text or case box changed: checked at once, as the display filter box is. */
export function setFindQuery(
  store: AppStore,
  change: Partial<Pick<NavState, 'mode' | 'text' | 'caseSensitive'>>,
): void {
  const nav = navStoreOf(store);
  const next = { ...nav.getState(), ...change };
  // The line under the bar told how the previous query went: it no longer applies (a search running still answers).
  const status = next.status.kind === 'searching' ? next.status : { kind: 'idle' as const };
  nav.setState({ ...change, status, error: checkedError(next.mode, next.text, next.caseSensitive) });
}

/** Searches from the selected frame for the next (or previous) displayed frame the find bar's query finds. */
export function findStep(store: AppStore, direction: FindDirection): void {
  const nav = navStoreOf(store);
  const capture = store.getState().capture;
  if (!capture) {
    nav.setState({ status: { kind: 'no-capture' } });
    return;
  }
  const { mode, text, caseSensitive, request } = nav.getState();
  const compiled = compileFind({ mode, text, caseSensitive });
  if (!compiled.ok) {
    nav.setState({ error: compiled.error });
    return;
  }
  const worker = runtimeOf(store).worker;
  if (!worker) return;
  const from = capture.selected ?? 0;
  nav.setState({
    request: request + 1,
    session: capture.session,
    from,
    direction,
    error: undefined,
    status: { kind: 'searching', checked: 0, total: capture.frameCount },
  });
  worker.post({
    type: 'find',
    session: capture.session,
    request: request + 1,
    query: { mode, text, caseSensitive },
    displayed: capture.filter.applied,
    from,
    direction,
  });
}

/**
 * The worker's progress or answer for the search the page waits for. Returns the frame found, for the caller to
 * select (capture-actions.ts); the bytes found are selected when that frame is shown (`showFoundBytes`).
 */
export function receiveFind(store: AppStore, message: Extract<FromWorker, { type: 'find' }>): number | undefined {
  const nav = navStoreOf(store);
  const state = nav.getState();
  if (message.request !== state.request || message.session !== state.session) return undefined;
  if (!message.done) {
    nav.setState({ status: { kind: 'searching', checked: message.checked, total: message.total } });
    return undefined;
  }
  if (message.error) {
    nav.setState({ error: message.error, status: { kind: 'idle' } });
    return undefined;
  }
  const found = message.found;
  if (found === undefined) {
    const filtered = (store.getState().capture?.filter.applied ?? '') !== '';
    const unreadable = message.unreadable !== undefined ? { unreadable: message.unreadable } : {};
    nav.setState({ status: { kind: 'not-found', total: message.total, filtered, ...unreadable } });
    return undefined;
  }
  nav.setState({
    status: {
      kind: 'found',
      frame: found,
      direction: state.direction,
      wrapped: message.wrapped ?? false,
      only: found === state.from,
      ...(message.unreadable !== undefined ? { unreadable: message.unreadable } : {}),
    },
    foundBytes: message.match ? { frame: found, start: message.match.start } : undefined,
  });
  // The frame found is shown already (the only match): its bytes are selected now.
  if (store.getState().capture?.selected === found) showFoundBytes(store, found);
  return found;
}

/** Frame `number` is shown: if a search found bytes in it, the field holding them is selected. */
export function showFoundBytes(store: AppStore, number: number): void {
  const nav = navStoreOf(store);
  const found = nav.getState().foundBytes;
  if (!found || found.frame !== number) return;
  nav.setState({ foundBytes: undefined });
  selectByte(store, found.start);
}

/** A count as the page writes counts: 10,171. */
export const countText = (n: number) => n.toLocaleString('en');

/** Frames a search could not read back, said after its result. */
const unreadableText = (status: { readonly unreadable?: string }) =>
  status.unreadable !== undefined ? ` ${status.unreadable}` : '';

/** The line under the find bar. */
export function findStatusText(status: FindStatus): string {
  switch (status.kind) {
    case 'idle':
      return '';
    case 'no-capture':
      return 'Open a capture to search its frames.';
    case 'searching':
      return `Searching… ${countText(status.checked)} of ${countText(status.total)} frames checked`;
    case 'not-found':
      return `No ${status.filtered ? 'displayed ' : ''}frame matches (${countText(status.total)} checked).${unreadableText(status)}`;
    case 'found': {
      if (status.only) return `Frame ${status.frame} is the only match.${unreadableText(status)}`;
      const wrap = !status.wrapped
        ? ''
        : status.direction === 'next'
          ? ' — reached the end of the capture, continued from the start'
          : ' — reached the start of the capture, continued from the end';
      return `Found frame ${status.frame}${wrap}.${unreadableText(status)}`;
    }
  }
}
