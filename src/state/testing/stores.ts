// Stores for tests that open captures (the worker's session runs in-process under Node): one per test, each capture
// closed afterwards, and a wait for a state to come.
import { closeCapture } from '../capture-actions';
import { createAppStore, type AppStore } from '../store';

/** `store()` makes a store; `closeAll`, for afterEach, closes the captures they opened. */
export function storesForTests(): { store: () => AppStore; closeAll: () => void } {
  let stores: AppStore[] = [];
  return {
    store() {
      const s = createAppStore();
      stores.push(s);
      return s;
    },
    closeAll() {
      for (const s of stores) closeCapture(s);
      stores = [];
    },
  };
}

/**
 * Resolves once the state of a store (the app store, or a small one beside it) satisfies `test`, checked now and on
 * every change; a state that never comes fails the test at its time limit.
 */
export function until<T>(
  s: { getState(): T; subscribe(listener: (state: T) => void): () => void },
  test: (state: T) => boolean,
): Promise<T> {
  return new Promise((resolve) => {
    if (test(s.getState())) return resolve(s.getState());
    const stop = s.subscribe((state) => {
      if (!test(state)) return;
      stop();
      resolve(state);
    });
  });
}
