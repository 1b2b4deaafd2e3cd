import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { PANE_LIMITS, setPaneSize, type Pane } from '../../state/preferences';
import { useAppState, useAppStore } from '../app/store-context';

interface Props {
  readonly pane: Pane;
  /** "vertical": a bar between two columns (moved left and right); "horizontal": between two rows. */
  readonly orientation: 'vertical' | 'horizontal';
  /** The pane it sizes is the one before it ("before") or after it ("after") in its grid. */
  readonly side: 'before' | 'after';
  /** "Resize the input pane". */
  readonly label: string;
  /**
   * What a percent size is of: the two panes the divider splits (sizes in `fr`, the default), or the whole grid
   * (a `fit-content(N%)` track, whose percent is of the grid's height).
   */
  readonly basis?: 'neighbours' | 'grid';
}

const STEP = { px: 16, '%': 2 } as const;
const BIG_STEP = { px: 64, '%': 10 } as const;

/**
 * A draggable divider between two panes, and a focusable one (role "separator"): arrow keys move it, Shift further,
 * Home/End to the smallest/largest size, Enter back to the default. It must be a direct child of the grid whose
 * space it divides: percent sizes are of that grid's width or height. A move starts from the pane's size as shown,
 * which can be less than the stored one (the hex view never grows beyond its bytes).
 */
export function Splitter({ pane, orientation, side, label, basis = 'neighbours' }: Props) {
  const store = useAppStore();
  const value = useAppState((s) => s.preferences.panes[pane]);
  const ref = useRef<HTMLDivElement>(null);
  const drag = useRef<{ from: number; start: number } | undefined>(undefined);
  const limit = PANE_LIMITS[pane];
  const vertical = orientation === 'vertical';
  const sign = side === 'before' ? 1 : -1;

  /** The pane's size now and what a percent size is of, both in pixels along the divider's axis. */
  const measure = (): { size: number; whole: number } | undefined => {
    const bar = ref.current;
    const before = bar?.previousElementSibling;
    const after = bar?.nextElementSibling;
    const grid = bar?.parentElement;
    if (!before || !after || !grid) return undefined;
    const extent = (el: Element) => (vertical ? el.getBoundingClientRect().width : el.getBoundingClientRect().height);
    return {
      size: extent(side === 'before' ? before : after),
      whole: basis === 'grid' ? extent(grid) : extent(before) + extent(after),
    };
  };
  /** Pixels to the preference's unit, from the sizes `measure` gave. */
  const toUnit = (px: number, whole: number) => (limit.unit === 'px' ? px : (px / Math.max(1, whole)) * 100);

  const moveBy = (pixels: number) => {
    const m = measure();
    if (!m) return;
    setPaneSize(store, pane, toUnit(m.size + sign * pixels, m.whole));
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const m = measure();
    if (!m) return;
    const step = (e.shiftKey ? BIG_STEP : STEP)[limit.unit];
    const pixels = limit.unit === 'px' ? step : (step / 100) * m.whole;
    const moves: Record<string, number | undefined> = vertical
      ? { ArrowLeft: -pixels, ArrowRight: pixels }
      : { ArrowUp: -pixels, ArrowDown: pixels };
    const move = moves[e.key];
    if (move !== undefined) moveBy(move);
    else if (e.key === 'Home') setPaneSize(store, pane, limit.min);
    else if (e.key === 'End') setPaneSize(store, pane, limit.max);
    else if (e.key === 'Enter') setPaneSize(store, pane, limit.initial);
    else return;
    e.preventDefault();
  };

  const onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    const m = measure();
    if (!m) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { from: vertical ? e.clientX : e.clientY, start: m.size };
    e.preventDefault();
  };
  const onPointerMove = (e: PointerEvent) => {
    const d = drag.current;
    const m = d && measure();
    if (!d || !m) return;
    const pixels = (vertical ? e.clientX : e.clientY) - d.from;
    setPaneSize(store, pane, toUnit(d.start + sign * pixels, m.whole));
  };
  const onPointerUp = () => {
    drag.current = undefined;
  };

  const unitText = limit.unit === 'px' ? ' pixels' : '%';
  return (
    <div
      ref={ref}
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={value}
      aria-valuemin={limit.min}
      aria-valuemax={limit.max}
      aria-valuetext={`${value}${unitText}`}
      data-resizes={pane}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={() => setPaneSize(store, pane, limit.initial)}
      className={`group flex touch-none items-center justify-center rounded-sm outline-offset-0 select-none ${vertical ? 'cursor-col-resize' : 'cursor-row-resize'}`}
    >
      <span
        aria-hidden="true"
        className={`rounded-full bg-slate-300 transition-colors group-hover:bg-sky-500 group-focus-visible:bg-sky-600 group-active:bg-sky-600 ${vertical ? 'h-8 w-1' : 'h-1 w-8'}`}
      />
    </div>
  );
}
