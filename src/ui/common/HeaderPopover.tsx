import { createContext, useContext, useEffect, useId, useRef, useState, type ReactNode } from 'react';

interface Props {
  /** The button's text. */
  readonly label: ReactNode;
  /** The panel's accessible name ("Share and export"). */
  readonly title: string;
  /** Width classes for the panel, e.g. "w-[32rem]". */
  readonly width: string;
  /** The panel's content, rendered while it is open; `useClosePopover` gives it a way to close the panel. */
  readonly children: ReactNode;
}

const CloseContext = createContext<() => void>(() => {});

/** Inside a popover's content: closes the panel and puts focus back on its button. */
export function useClosePopover(): () => void {
  return useContext(CloseContext);
}

/**
 * A header button that opens a panel below it (a non-modal dialog): a click outside or Escape closes it, and focus
 * goes back to the button after Escape. Share / Export, Examples and Decode options are each one.
 */
export function HeaderPopover({ label, title, width, children }: Props) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
        className="bar-button"
      >
        {label} <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      {open && (
        <div
          id={panelId}
          role="dialog"
          aria-label={title}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.stopPropagation();
            close();
          }}
          className={`popover ${width}`}
        >
          <CloseContext value={close}>{children}</CloseContext>
        </div>
      )}
    </div>
  );
}
