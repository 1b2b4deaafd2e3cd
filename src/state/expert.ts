// The Expert Information view's state: the capture's problems grouped by the worker, and whether the view is open.
// Like the conversation view's, a small store beside the app's store, so the packet list never wakes for it.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ExpertSummary } from '../dissect/expert';
import type { FromWorker } from '../worker/protocol';
import { runtimeOf } from './capture';
import { setConversationsOpen } from './conversation';
import type { AppStore } from './store';

export interface ExpertState {
  /** The pane above the fields shows Expert Information instead of the packet list. */
  readonly open: boolean;
  /** The capture session the summary is about (0: none yet). */
  readonly session: number;
  /** The capture session the worker was asked to tally (0: none): it keeps that tally up to date without asking again. */
  readonly requested: number;
  readonly summary: ExpertSummary | undefined;
  /** Every frame of the whole file is tallied. */
  readonly done: boolean;
  /** Frames not tallied because their bytes could not be read back: how many, and why. */
  readonly unreadable?: string;
  /** Groups shown expanded, by `expertGroupKey`. */
  readonly expanded: ReadonlySet<string>;
}

const initial: ExpertState = {
  open: false,
  session: 0,
  requested: 0,
  summary: undefined,
  done: false,
  expanded: new Set(),
};
const stores = new WeakMap<AppStore, StoreApi<ExpertState>>();

export function expertStoreOf(store: AppStore): StoreApi<ExpertState> {
  let found = stores.get(store);
  if (!found) stores.set(store, (found = createStore<ExpertState>()(() => initial)));
  return found;
}

/** A group's identity across updates: its severity, code, field and gist. */
export const expertGroupKey = (g: {
  readonly severity: string;
  readonly code: string;
  readonly fieldId?: string;
  readonly gist: string;
}): string => `${g.severity} ${g.code} ${g.fieldId ?? ''} ${g.gist}`;

/**
 * Asks the worker to tally the open capture's problems (answered, and kept up to date, by `receiveExpert`); once per
 * capture: opening the view and the view's first render both ask, and a capture opened while it shows asks again.
 */
export function requestExpert(store: AppStore): void {
  const capture = store.getState().capture;
  const expert = expertStoreOf(store);
  if (!capture || expert.getState().requested === capture.session) return;
  const worker = runtimeOf(store).worker;
  if (!worker) return;
  expert.setState({ requested: capture.session });
  worker.post({ type: 'expert', session: capture.session });
}

export function receiveExpert(store: AppStore, message: Extract<FromWorker, { type: 'expert' }>): void {
  const expert = expertStoreOf(store);
  const sameCapture = expert.getState().session === message.session;
  expert.setState({
    session: message.session,
    summary: message.summary,
    done: message.done,
    unreadable: message.unreadable,
    ...(sameCapture ? {} : { expanded: new Set<string>() }),
  });
}

/** Opens or closes the view (it takes the place of the conversations, as of the packet list). */
export function setExpertOpen(store: AppStore, open: boolean): void {
  expertStoreOf(store).setState({ open });
  if (open) {
    setConversationsOpen(store, false);
    requestExpert(store);
  }
}

export function toggleExpertGroup(store: AppStore, key: string): void {
  const expert = expertStoreOf(store);
  const expanded = new Set(expert.getState().expanded);
  if (!expanded.delete(key)) expanded.add(key);
  expert.setState({ expanded });
}

/** The summary for the capture open now; undefined before the worker's first answer about it. */
export function currentExpert(state: ExpertState, session: number | undefined): ExpertSummary | undefined {
  return session !== undefined && state.session === session ? state.summary : undefined;
}
