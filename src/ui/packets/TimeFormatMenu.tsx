import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { TIME_FORMATS } from '../../inputs/capture-time';
import { setTimeFormat } from '../../state/capture-actions';
import { useAppState, useAppStore } from '../app/store-context';

/**
 * The Time column header's menu of Wireshark's time display formats (View → Time Display Format): a button, and a
 * menu of radio items below it. Up/Down/Home/End move, Enter or Space choose, Escape or Tab close. The menu is placed
 * with fixed coordinates so the packet list's scrolling box does not clip it.
 */
export function TimeFormatMenu() {
  const store = useAppStore();
  const format = useAppState((s) => s.preferences.packetList.timeFormat);
  const [at, setAt] = useState<{ top: number; left: number } | undefined>(undefined);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const open = at !== undefined;

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[aria-checked="true"]')?.focus();
    const onPointerDown = (e: PointerEvent) => {
      const inside = menuRef.current?.contains(e.target as Node) || buttonRef.current?.contains(e.target as Node);
      if (!inside) setAt(undefined);
    };
    const onMove = () => setAt(undefined);
    document.addEventListener('pointerdown', onPointerDown);
    window.addEventListener('resize', onMove);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      window.removeEventListener('resize', onMove);
    };
  }, [open]);

  const toggle = () => {
    if (open) return setAt(undefined);
    const r = buttonRef.current!.getBoundingClientRect();
    setAt({ top: r.bottom + 2, left: Math.max(4, Math.min(r.left, window.innerWidth - 420)) });
  };
  const close = () => {
    setAt(undefined);
    buttonRef.current?.focus();
  };
  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[role="menuitemradio"]')];
    const now = items.indexOf(document.activeElement as HTMLElement);
    const next: Record<string, number> = {
      ArrowDown: (now + 1) % items.length,
      ArrowUp: (now + items.length - 1) % items.length,
      Home: 0,
      End: items.length - 1,
    };
    if (e.key in next) items[next[e.key]!]?.focus();
    else if (e.key === 'Escape') close();
    else if (e.key === 'Tab') setAt(undefined);
    else return;
    if (e.key !== 'Tab') e.preventDefault();
    e.stopPropagation();
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-label="Time format"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        title="Time display format"
        onClick={toggle}
        className="mr-2 shrink-0 rounded px-0.5 text-slate-500 hover:bg-slate-200 hover:text-slate-800"
      >
        <span aria-hidden="true">▾</span>
      </button>
      {at && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label="Time display format"
          onKeyDown={onMenuKey}
          style={{ top: at.top, left: at.left }}
          className="fixed z-40 flex w-[26rem] max-w-[calc(100vw-1rem)] flex-col rounded border border-slate-300 bg-white py-1 font-sans text-xs font-normal text-slate-800 shadow-xl"
        >
          {TIME_FORMATS.map((f) => (
            <button
              key={f.id}
              type="button"
              role="menuitemradio"
              aria-checked={f.id === format}
              tabIndex={-1}
              data-time-format={f.id}
              onClick={() => {
                setTimeFormat(store, f.id);
                close();
              }}
              className="flex items-baseline gap-2 px-2 py-1 text-left hover:bg-slate-100 focus:bg-sky-100 focus:outline-none"
            >
              <span aria-hidden="true" className="w-3 shrink-0">
                {f.id === format ? '•' : ''}
              </span>
              <span className="flex-1">{f.label}</span>
              <span className="font-mono text-[10px] text-slate-700">{f.example}</span>
            </button>
          ))}
        </div>
      )}
    </>
  );
}
