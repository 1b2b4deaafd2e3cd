// The store reaches components through context, so tests and stories can hand each render its own store.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from '../../state/store';

export const StoreContext = createContext<AppStore | null>(null);

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside <StoreContext>');
  return store;
}

/** Subscribes to one value of the state: the component re-renders only when that value changes. */
export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore(), selector);
}
