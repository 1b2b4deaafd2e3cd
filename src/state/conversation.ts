// The conversation view's state: the TCP conversations the worker followed, the one shown, and whether the view is
// open. It lives in a small store beside the app's store (one per app store, like the capture runtime), so the
// packet list's subscriptions never wake for it (STYLE.md §12).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Conversation } from '../dissect/stream';
import type { ConversationRow } from '../dissect/stream/conversation-stats';
import { shownOf, type FromWorker } from '../worker/protocol';
import { runtimeOf } from './capture';
import { applyFilter, setFilterText } from './capture-actions';
import type { AppStore } from './store';

/** The conversation view: the TCP conversations table (statistics) or one conversation's TPDU ladder. */
export type ConversationsShown = 'table' | 'ladder';

/** A column of the conversations table, sortable. */
export type ConversationColumn =
  'stream' | 'a' | 'b' | 'framesAB' | 'bytesAB' | 'framesBA' | 'bytesBA' | 'start' | 'duration' | 'tpdus';

export interface ConversationSort {
  readonly column: ConversationColumn;
  readonly descending: boolean;
}

export interface ConversationState {
  /** The pane above the fields shows the conversations instead of the packet list. */
  readonly open: boolean;
  readonly session: number;
  readonly conversations: readonly Conversation[];
  /** Their statistics, in the same order (the TCP conversations table). */
  readonly rows: readonly ConversationRow[];
  /** Every frame of the file has been followed. */
  readonly done: boolean;
  /** The conversation shown (its id), or undefined for the first with TPDUs. */
  readonly shown: number | undefined;
  readonly view: ConversationsShown;
  readonly sort: ConversationSort;
}

const initial: ConversationState = {
  open: false,
  session: 0,
  conversations: [],
  rows: [],
  done: false,
  shown: undefined,
  view: 'ladder',
  sort: { column: 'stream', descending: false },
};
const stores = new WeakMap<AppStore, StoreApi<ConversationState>>();

export function conversationStoreOf(store: AppStore): StoreApi<ConversationState> {
  let found = stores.get(store);
  if (!found) stores.set(store, (found = createStore<ConversationState>()(() => initial)));
  return found;
}

/**
 * Asks the worker for the conversations followed so far (answered by `receiveConversations`), the TPDUs of the one
 * shown described.
 */
export function requestConversations(store: AppStore): void {
  const capture = store.getState().capture;
  const { shown } = conversationStoreOf(store).getState();
  if (capture) runtimeOf(store).worker?.post({ type: 'conversations', session: capture.session, shown });
}

export function receiveConversations(store: AppStore, message: Extract<FromWorker, { type: 'conversations' }>): void {
  const conversations = conversationStoreOf(store);
  const current = conversations.getState();
  const keep = current.session === message.session ? current.shown : undefined;
  conversations.setState({
    session: message.session,
    conversations: message.conversations,
    rows: message.rows,
    done: message.done,
    shown: keep,
  });
}

export function setConversationsOpen(store: AppStore, open: boolean): void {
  conversationStoreOf(store).setState({ open });
  if (open) requestConversations(store);
}

/** Shows conversation `id`; its TPDUs are asked for again, described. */
export function showConversation(store: AppStore, id: number): void {
  conversationStoreOf(store).setState({ shown: id });
  requestConversations(store);
}

/** The conversation shown: the chosen one, else the first that carried TPDUs, else the first. */
export function shownConversation(state: ConversationState): Conversation | undefined {
  return shownOf(state.session > 0 ? state.conversations : [], state.shown);
}

export function setConversationsView(store: AppStore, view: ConversationsShown): void {
  conversationStoreOf(store).setState({ view });
}

/** Sorts the table by a column; the same column again sorts the other way. Numbers start with the largest. */
export function sortConversations(store: AppStore, column: ConversationColumn): void {
  const { sort } = conversationStoreOf(store).getState();
  const descending = sort.column === column ? !sort.descending : !['stream', 'a', 'b', 'start'].includes(column);
  conversationStoreOf(store).setState({ sort: { column, descending } });
}

/** A row chosen in the table: the packet list shows only its frames (tcp.stream == N), and the ladder this one. */
export function filterByConversation(store: AppStore, id: number): void {
  showConversation(store, id);
  setFilterText(store, `tcp.stream == ${id - 1}`);
  applyFilter(store);
  setConversationsOpen(store, false);
}
