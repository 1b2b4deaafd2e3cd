import { useEffect, useRef, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import { useContextMenu, type MenuRequest } from './ContextMenu';

/** How long a finger stays down before a press is a long press (Android and iOS use about half a second). */
const LONG_PRESS_MS = 500;
/** A finger that moves further than this is scrolling, not pressing. */
const SLOP_PX = 10;

/** The context-menu key and Shift+F10: the keyboard's right-click. */
function isMenuKey(e: KeyboardEvent): boolean {
  return e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10');
}

/**
 * Right-click, a long press on a touch screen, and the context-menu key or Shift+F10 on the focused element open the
 * menu `resolve` gives. `resolve` gets the element under the pointer or finger (undefined from the keyboard: the
 * selection is what the menu is for), selects what it opens on, as Wireshark does, and returns the menu; undefined
 * leaves the browser's own. Spread `props` on the element; call `onKeyDown` first in its key handler.
 */
export function useMenuTrigger(resolve: (target: Element | undefined, at: MenuPoint | undefined) => Resolved) {
  const menu = useContextMenu();
  const press = useRef<{ x: number; y: number; timer: ReturnType<typeof setTimeout> } | undefined>(undefined);
  useEffect(() => () => clearTimeout(press.current?.timer), []);

  const open = (target: Element | undefined, at: MenuPoint | undefined, byTouch: boolean): boolean => {
    const resolved = resolve(target, at);
    if (!resolved) return false;
    menu.open({ ...resolved, byTouch });
    return true;
  };
  const cancelPress = () => {
    clearTimeout(press.current?.timer);
    press.current = undefined;
  };

  /** Spread on the element the menu belongs to. */
  const props = {
    onContextMenu: (e: MouseEvent) => {
      // A long press on Android also sends contextmenu: the menu is open already.
      if (menu.isOpen()) return e.preventDefault();
      cancelPress();
      const touch = (e.nativeEvent as Partial<globalThis.PointerEvent>).pointerType === 'touch';
      if (open(e.target as Element, { x: e.clientX, y: e.clientY }, touch)) e.preventDefault();
    },
    onPointerDown: (e: PointerEvent) => {
      if (e.pointerType !== 'touch') return;
      cancelPress();
      const target = e.target as Element;
      const at = { x: e.clientX, y: e.clientY };
      press.current = {
        ...at,
        timer: setTimeout(() => {
          press.current = undefined;
          if (!menu.isOpen()) open(target, at, true);
        }, LONG_PRESS_MS),
      };
    },
    onPointerMove: (e: PointerEvent) => {
      const p = press.current;
      if (p && Math.hypot(e.clientX - p.x, e.clientY - p.y) > SLOP_PX) cancelPress();
    },
    onPointerUp: cancelPress,
    onPointerCancel: cancelPress,
  };
  /** True when the key opened the menu (the caller then does nothing else with it). */
  const onKeyDown = (e: KeyboardEvent): boolean => {
    if (!isMenuKey(e)) return false;
    e.preventDefault();
    open(undefined, undefined, false);
    return true;
  };
  return { props, onKeyDown };
}

export interface MenuPoint {
  readonly x: number;
  readonly y: number;
}

/** The menu to open (where: the point, or the row's corner for the keyboard), or undefined for none. */
export type Resolved = Omit<MenuRequest, 'byTouch'> | undefined;
