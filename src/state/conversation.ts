// The conversation view's state: the TCP conversations the worker followed, the one shown, and whether the view is
// open. It lives in a small store beside the app's store (one per app store, like the capture runtime), so the
// packet list's subscriptions never wake for it (STYLE.md §12).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Conversation } from '../dissect/stream';
import type { FromWorker } from '../worker/protocol';
import { runtimeOf } from './capture';
import type { AppStore } from './store';

export interface ConversationState {
  /** The pane above the fields shows the conversations instead of the packet list. */
  readonly open: boolean;
  readonly session: number;
  readonly conversations: readonly Conversation[];
  /** Every frame of the file has been followed. */
  readonly done: boolean;
  /** The conversation shown (its id), or undefined for the first with TPDUs. */
  readonly shown: number | undefined;
}

const initial: ConversationState = { open: false, session: 0, conversations: [], done: false, shown: undefined };
const stores = new WeakMap<AppStore, StoreApi<ConversationState>>();

export function conversationStoreOf(store: AppStore): StoreApi<ConversationState> {
  let found = stores.get(store);
  if (!found) stores.set(store, (found = createStore<ConversationState>()(() => initial)));
  return found;
}

/** Asks the worker for the conversations followed so far (answered by `receiveConversations`). */
export function requestConversations(store: AppStore): void {
  const capture = store.getState().capture;
  if (capture) runtimeOf(store).worker?.post({ type: 'conversations', session: capture.session });
}

export function receiveConversations(store: AppStore, message: Extract<FromWorker, { type: 'conversations' }>): void {
  const conversations = conversationStoreOf(store);
  const current = conversations.getState();
  const keep = current.session === message.session ? current.shown : undefined;
  conversations.setState({
    session: message.session,
    conversations: message.conversations,
    done: message.done,
    shown: keep,
  });
}

export function setConversationsOpen(store: AppStore, open: boolean): void {
  conversationStoreOf(store).setState({ open });
  if (open) requestConversations(store);
}

export function showConversation(store: AppStore, id: number): void {
  conversationStoreOf(store).setState({ shown: id });
}

/** The conversation shown: the chosen one, else the first that carried TPDUs, else the first. */
export function shownConversation(state: ConversationState): Conversation | undefined {
  const list = state.session > 0 ? state.conversations : [];
  return list.find((c) => c.id === state.shown) ?? list.find((c) => c.tpdus.length > 0) ?? list[0];
}
