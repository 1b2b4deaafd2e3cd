// Follow TCP Stream's state: the stream asked for (the worker follows it: src/worker/follow.ts), how it is shown
// (ASCII, hex dump or raw; both directions or one), and whether the dialog is open. A small store beside the app's
// store, like the conversation view's, so the packet list never wakes for it (STYLE.md §12).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FollowStream } from '../dissect/stream/follow';
import type { FollowFormat } from '../export/follow-text';
import type { FromWorker } from '../worker/protocol';
import { runtimeOf } from './capture';
import { selectPacket } from './capture-actions';
import type { AppStore } from './store';

/** Which bytes are shown, copied and saved: both directions, or one node's. */
export type FollowShown = 'both' | 0 | 1;

export interface FollowState {
  readonly open: boolean;
  /** The request answered by `stream`/`reason`; a later request makes earlier answers stale. */
  readonly request: number;
  readonly loading: boolean;
  readonly stream: FollowStream | undefined;
  /** Why there is no stream (the frame is not TCP). */
  readonly reason: string | undefined;
  readonly format: FollowFormat;
  readonly shown: FollowShown;
}

const initial: FollowState = {
  open: false,
  request: 0,
  loading: false,
  stream: undefined,
  reason: undefined,
  format: 'ascii',
  shown: 'both',
};
const stores = new WeakMap<AppStore, StoreApi<FollowState>>();

export function followStoreOf(store: AppStore): StoreApi<FollowState> {
  let found = stores.get(store);
  if (!found) stores.set(store, (found = createStore<FollowState>()(() => initial)));
  return found;
}

/** Opens Follow TCP Stream on the conversation of a frame (the selected one by default) or on tcp.stream `stream`. */
export function followTcpStream(store: AppStore, asked: { frame?: number; stream?: number } = {}): void {
  const capture = store.getState().capture;
  const follow = followStoreOf(store);
  const frame = asked.stream === undefined ? (asked.frame ?? capture?.selected) : undefined;
  if (!capture || (frame === undefined && asked.stream === undefined)) return;
  const request = follow.getState().request + 1;
  follow.setState({ open: true, request, loading: true, stream: undefined, reason: undefined, shown: 'both' });
  runtimeOf(store).worker?.post({
    type: 'follow',
    session: capture.session,
    request,
    ...(frame !== undefined ? { frame } : { stream: asked.stream }),
  });
}

export function receiveFollow(store: AppStore, message: Extract<FromWorker, { type: 'follow' }>): void {
  const follow = followStoreOf(store);
  if (message.request !== follow.getState().request) return;
  follow.setState({ loading: false, stream: message.stream, reason: message.reason });
}

export function closeFollow(store: AppStore): void {
  followStoreOf(store).setState({ open: false });
}

export function setFollowFormat(store: AppStore, format: FollowFormat): void {
  followStoreOf(store).setState({ format });
}

export function setFollowShown(store: AppStore, shown: FollowShown): void {
  followStoreOf(store).setState({ shown });
}

/** A chunk's link: its frame selected in the packet list (the dialog stays open beside it). */
export function goToFollowedFrame(store: AppStore, frame: number): void {
  selectPacket(store, frame);
}
