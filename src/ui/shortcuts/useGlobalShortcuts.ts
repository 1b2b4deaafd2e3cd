import { useLayoutEffect } from 'react';
import { openNavBar, type NavBar } from '../../state/find';
import { followTcpStream } from '../../state/follow';
import { useAppStore } from '../app/store-context';
import { EXPERT_TAB_ID, FILTER_INPUT_ID, INPUT_BOX_ID } from './focus-targets';

/** Typing in a text field, a select or an editable element: the keys are the user's text, not shortcuts. */
export function isEditing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
    return true;
  return (
    target instanceof HTMLInputElement &&
    !['button', 'checkbox', 'radio', 'range', 'file', 'submit', 'reset'].includes(target.type)
  );
}

/** Ctrl+Alt+Shift+T (Cmd on a Mac for Ctrl): Follow TCP Stream of the selected frame, as in Wireshark. */
export function isFollowKey(e: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'code'>): boolean {
  return (e.ctrlKey || e.metaKey) && e.altKey && e.shiftKey && e.code === 'KeyT';
}

/** Ctrl+G and Ctrl+F (Cmd on a Mac), as in Wireshark: taken from the browser only while a capture is open. */
const NAV_KEYS: Readonly<Record<string, NavBar>> = { g: 'goto', f: 'find' };

/**
 * "/" focuses the display filter (or the input box), "?" opens the shortcut list, "e" opens Expert Information; with a
 * capture open, Ctrl+G opens the Go to frame bar and Ctrl+F the Find bar, even from a text field (the display filter).
 */
export function useGlobalShortcuts(openShortcuts: () => void): void {
  const store = useAppStore();
  // A layout effect runs before the page is first painted: once the app can be seen, it hears "?" and "/". (A plain
  // effect may run after paint, so a key pressed as the page appears could be lost on a busy machine.)
  useLayoutEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      // Wireshark's Follow TCP Stream (Ctrl+Alt+Shift+T; by the key's place, as Alt changes the character on a Mac).
      if (isFollowKey(e)) {
        if (!store.getState().capture || document.querySelector('dialog[open]')) return;
        e.preventDefault();
        followTcpStream(store);
        return;
      }
      if (e.altKey) return;
      // A modal dialog is open: what is behind it is out of reach.
      if (document.querySelector('dialog[open]')) return;
      if (e.ctrlKey || e.metaKey) {
        const bar = e.shiftKey ? undefined : NAV_KEYS[e.key.toLowerCase()];
        // Without a capture there is no frame to go to: the keys stay the browser's (its find in the page).
        if (!bar || !store.getState().capture) return;
        e.preventDefault();
        openNavBar(store, bar);
        return;
      }
      if (isEditing(e.target)) return;
      if (e.key === '/') {
        const target = document.getElementById(FILTER_INPUT_ID) ?? document.getElementById(INPUT_BOX_ID);
        if (!target) return;
        e.preventDefault();
        target.focus();
      } else if (e.key === '?') {
        e.preventDefault();
        openShortcuts();
      } else if (e.key === 'e') {
        // The tab exists while a capture is open.
        const tab = document.getElementById(EXPERT_TAB_ID);
        if (!tab) return;
        e.preventDefault();
        tab.click();
        tab.focus();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [openShortcuts, store]);
}
