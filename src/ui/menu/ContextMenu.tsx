import { createPortal } from 'react-dom';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';

export interface MenuItem {
  readonly label: string;
  /** A second line: what the item will do (a filter, in code) or why it is disabled (prose). */
  readonly hint?: string;
  readonly hintIsCode?: boolean;
  /** Shown on the right, and given to assistive technology (aria-keyshortcuts), e.g. "Control+C". */
  readonly shortcut?: string;
  readonly disabled?: boolean;
  readonly onSelect?: () => void;
  /** A submenu (one level, as Wireshark's Apply as Filter ▸ Selected). */
  readonly items?: readonly MenuItem[];
  readonly separatorBefore?: boolean;
}

export interface MenuRequest {
  /** The menu's accessible name: "Field cotp.type", "Frame 4". */
  readonly label: string;
  readonly items: readonly MenuItem[];
  /** Where it opens, in viewport pixels (it moves to stay on screen). */
  readonly at: { readonly x: number; readonly y: number };
  /** Gets focus back when the menu closes: the tree, the hex view, the packet list. */
  readonly returnFocus: HTMLElement | null;
  /** Opened by a long press: the finger lifting over the menu must not choose an item. */
  readonly byTouch?: boolean;
}

interface MenuApi {
  readonly open: (request: MenuRequest) => void;
  readonly isOpen: () => boolean;
  /** A short confirmation ("Copied: cotp.type == 0x0e"), announced and shown for a moment. */
  readonly notify: (text: string) => void;
}

const MenuContext = createContext<MenuApi>({ open: () => {}, isOpen: () => false, notify: () => {} });

export function useContextMenu(): MenuApi {
  return useContext(MenuContext);
}

const MARGIN = 6;
const NOTICE_MS = 2500;

/** Holds the one context menu of the page and the notice its Copy items leave; wraps the app. */
export function ContextMenuHost({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<MenuRequest | undefined>();
  const [notice, setNotice] = useState('');
  const openRef = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const api = useMemo<MenuApi>(
    () => ({
      open: (next) => {
        openRef.current = true;
        setRequest(next);
      },
      isOpen: () => openRef.current,
      notify: (text) => {
        setNotice(text);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => setNotice(''), NOTICE_MS);
      },
    }),
    [],
  );
  const close = useCallback(() => {
    openRef.current = false;
    setRequest(undefined);
  }, []);

  return (
    <MenuContext value={api}>
      {children}
      {/* In the landmark it was opened from (the main area), as every part of the page belongs to one. */}
      {request &&
        createPortal(
          <ContextMenu key={`${request.at.x},${request.at.y},${request.label}`} request={request} onClose={close} />,
          request.returnFocus?.closest('main') ?? document.body,
        )}
      {/* A live region without the status role: the panes' own status lines stay the page's statuses. */}
      <p
        aria-live="polite"
        aria-atomic="true"
        className={`pointer-events-none fixed bottom-3 left-1/2 z-50 max-w-[calc(100vw-2rem)] -translate-x-1/2 truncate rounded bg-slate-800 px-3 py-1.5 text-sm text-white shadow-lg ${notice ? '' : 'sr-only'}`}
      >
        {notice}
      </p>
    </MenuContext>
  );
}

/** The menu items of one level (the menu or a submenu), in order. */
function itemsOf(menu: Element): HTMLElement[] {
  return [...menu.querySelectorAll<HTMLElement>(':scope > [role="none"] > [role="menuitem"]')];
}

/** A left/top that keeps a box of this size on screen, starting from the point asked for. */
function clampToViewport(x: number, y: number, width: number, height: number): { left: number; top: number } {
  const left = Math.max(MARGIN, Math.min(x, window.innerWidth - width - MARGIN));
  const top = y + height <= window.innerHeight - MARGIN ? y : Math.max(MARGIN, window.innerHeight - height - MARGIN);
  return { left, top };
}

/**
 * A WAI-ARIA menu: arrow keys move, Home/End, Right or Enter opens a submenu, Left or Escape closes it, Enter or Space
 * chooses, Escape or Tab closes the menu and focus goes back where it was. A click outside closes it too.
 */
function ContextMenu({ request, onClose }: { request: MenuRequest; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ left: number; top: number } | undefined>();
  const [sub, setSub] = useState<{ index: number; focus: boolean } | undefined>();
  // A menu a long press opened ignores clicks until a finger or pointer comes down on it anew.
  const armed = useRef(!request.byTouch);

  const close = useCallback(
    (returnFocus: boolean) => {
      onClose();
      if (returnFocus) request.returnFocus?.focus({ preventScroll: true });
    },
    [onClose, request],
  );

  // Measured hidden, then placed on screen; only then can its first item take focus.
  useLayoutEffect(() => {
    const box = ref.current?.getBoundingClientRect();
    if (box) setPlace(clampToViewport(request.at.x, request.at.y, box.width, box.height));
  }, [request]);
  const placed = place !== undefined;
  useLayoutEffect(() => {
    if (placed) itemsOf(ref.current!)[0]?.focus({ preventScroll: true });
  }, [placed]);

  useEffect(() => {
    const onPointerDown = (e: PointerEvent) => {
      if (ref.current?.contains(e.target as Node)) armed.current = true;
      else close(false);
    };
    const onResize = () => close(false);
    document.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('resize', onResize);
    };
  }, [close]);

  const choose = (item: MenuItem, index: number, level: 0 | 1) => {
    if (item.disabled) return;
    if (item.items) {
      if (level === 0) setSub({ index, focus: true });
      return;
    }
    close(true);
    item.onSelect?.();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    armed.current = true;
    const current = (e.target as HTMLElement).closest<HTMLElement>('[role="menuitem"]');
    const menu = current?.parentElement?.parentElement ?? ref.current!;
    const level = menu === ref.current ? 0 : 1;
    const items = itemsOf(menu);
    const at = current ? items.indexOf(current) : -1;
    const go = (i: number) => items[(i + items.length) % items.length]?.focus();
    const parent = () => {
      const index = sub?.index;
      setSub(undefined);
      if (index !== undefined) itemsOf(ref.current!)[index]?.focus();
    };
    switch (e.key) {
      case 'ArrowDown':
        go(at + 1);
        break;
      case 'ArrowUp':
        go(at - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(items.length - 1);
        break;
      case 'ArrowRight':
        if (level === 0 && current?.getAttribute('aria-haspopup') && current.getAttribute('aria-disabled') !== 'true')
          setSub({ index: at, focus: true });
        break;
      case 'ArrowLeft':
        if (level === 1) parent();
        break;
      case 'Escape':
        if (level === 1) parent();
        else close(true);
        break;
      case 'Tab':
        close(true);
        break;
      case 'Enter':
      case ' ':
        current?.click();
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={request.label}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
      style={place ?? { left: request.at.x, top: request.at.y, visibility: 'hidden' }}
      className="menu-panel fixed z-40"
    >
      <MenuItems
        items={request.items}
        level={0}
        openIndex={sub?.index}
        onHover={(index, item) => setSub(item.items && !item.disabled ? { index, focus: false } : undefined)}
        onChoose={(item, index) => choose(item, index, 0)}
        armed={armed}
      >
        {(index) =>
          sub?.index === index && request.items[index]?.items ? (
            <Submenu
              label={request.items[index]!.label}
              items={request.items[index]!.items!}
              focus={sub.focus}
              onChoose={(item, i) => choose(item, i, 1)}
              armed={armed}
            />
          ) : null
        }
      </MenuItems>
    </div>
  );
}

/** A submenu beside its item (the element before it), or over the menu where neither side has room (a phone). */
function Submenu({
  label,
  items,
  focus,
  onChoose,
  armed,
}: {
  label: string;
  items: readonly MenuItem[];
  focus: boolean;
  onChoose: (item: MenuItem, index: number) => void;
  armed: { current: boolean };
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ left: number; top: number } | undefined>();
  useLayoutEffect(() => {
    const box = ref.current?.getBoundingClientRect();
    const item = ref.current?.previousElementSibling?.getBoundingClientRect();
    if (!box || !item) return;
    const right = item.right - 2;
    const left = item.left - box.width + 2;
    const x = right + box.width <= window.innerWidth - MARGIN ? right : left >= MARGIN ? left : item.left + 24; // overlaps, below
    const y = x === item.left + 24 ? item.bottom : item.top - 4;
    setPlace(clampToViewport(x, y, box.width, box.height));
  }, []);
  const placed = place !== undefined;
  useLayoutEffect(() => {
    if (placed && focus) itemsOf(ref.current!)[0]?.focus({ preventScroll: true });
  }, [placed, focus]);
  return (
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      style={place ?? { left: 0, top: 0, visibility: 'hidden' }}
      className="menu-panel fixed z-40"
    >
      <MenuItems items={items} level={1} onChoose={onChoose} armed={armed} />
    </div>
  );
}

function MenuItems({
  items,
  level,
  openIndex,
  onHover,
  onChoose,
  armed,
  children,
}: {
  items: readonly MenuItem[];
  level: 0 | 1;
  openIndex?: number | undefined;
  onHover?: (index: number, item: MenuItem) => void;
  onChoose: (item: MenuItem, index: number) => void;
  armed: { current: boolean };
  children?: (index: number) => ReactNode;
}) {
  const id = useId();
  return items.map((item, i) => (
    <MenuRow key={`${level}-${i}`} separator={item.separatorBefore === true && i > 0}>
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        aria-disabled={item.disabled || undefined}
        aria-haspopup={item.items ? 'menu' : undefined}
        aria-expanded={item.items ? openIndex === i : undefined}
        aria-labelledby={`${id}-${i}-label`}
        aria-describedby={item.hint ? `${id}-${i}-hint` : undefined}
        aria-keyshortcuts={item.shortcut}
        onPointerMove={(e) => {
          if (e.pointerType !== 'mouse') return;
          if (document.activeElement !== e.currentTarget) e.currentTarget.focus({ preventScroll: true });
          if (openIndex !== i) onHover?.(i, item);
        }}
        onClick={() => {
          if (armed.current) onChoose(item, i);
        }}
        className="menu-item"
      >
        <span className="flex items-center gap-4">
          <span id={`${id}-${i}-label`} className="flex-1">
            {item.label}
          </span>
          {item.shortcut && <span className="menu-item-hint text-xs">{item.shortcut.replace('Control', 'Ctrl')}</span>}
          {item.items && <span aria-hidden="true">▸</span>}
        </span>
        {item.hint && (
          <span
            id={`${id}-${i}-hint`}
            className={`menu-item-hint block text-[11px] ${item.hintIsCode ? 'truncate font-mono' : ''}`}
          >
            {item.hint}
          </span>
        )}
      </button>
      {children?.(i)}
    </MenuRow>
  ));
}

function MenuRow({ separator, children }: { separator: boolean; children: ReactNode }) {
  return (
    <div role="none" className={separator ? 'mt-1 border-t border-slate-200 pt-1' : ''}>
      {children}
    </div>
  );
}
