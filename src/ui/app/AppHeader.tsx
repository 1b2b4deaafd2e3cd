import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ErrorBoundary } from '../common/ErrorBoundary';
import { DecodeOptionsMenu } from '../decode/DecodeOptionsMenu';
import { ExamplesMenu } from '../examples/ExamplesMenu';
import { OpenFileButton } from '../packets/FileDrop';
import { ShareMenu } from '../share/ShareMenu';
import { ShortcutsButton } from '../shortcuts/ShortcutsDialog';
import { ThemeToggle } from '../theme/ThemeToggle';
import { CompareMenu } from '../workbench/CompareMenu';
import { useAppStore } from './store-context';

/**
 * The title and the tools. On a narrow screen (a phone) the tools fold behind a "Menu" button, one below the other,
 * each panel opening in place under its button.
 */
export function AppHeader({ theme, narrow }: { theme: 'light' | 'dark'; narrow: boolean }) {
  const tools = (
    <nav
      aria-label="Tools"
      className={narrow ? 'flex flex-col items-stretch gap-2' : 'ml-auto flex items-center gap-2'}
    >
      <ErrorBoundary what="the examples">
        <ExamplesMenu />
      </ErrorBoundary>
      <ErrorBoundary what="opening files">
        <OpenFileButton />
      </ErrorBoundary>
      <ErrorBoundary what="comparing">
        <CompareMenu />
      </ErrorBoundary>
      <ErrorBoundary what="the decode options">
        <DecodeOptionsMenu />
      </ErrorBoundary>
      <ErrorBoundary what="sharing">
        <ShareMenu />
      </ErrorBoundary>
      <ThemeToggle shown={theme} />
      <ShortcutsButton />
    </nav>
  );
  return (
    <header className="app-bar relative flex items-center gap-2 px-4 py-2">
      <h1 className="mr-1 font-mono text-lg font-semibold tracking-tight">framescope</h1>
      {narrow ? (
        <HeaderDrawer>{tools}</HeaderDrawer>
      ) : (
        <>
          <p className="app-bar-muted hidden min-w-0 flex-1 truncate text-sm lg:block">
            Paste a frame's hex dump or drop a capture file: every field, its bytes, what it means and the standard that
            says so.
          </p>
          {tools}
        </>
      )}
    </header>
  );
}

/**
 * The "Menu" button and the panel it shows below the header. The panel stays mounted while closed (hidden), so the
 * shortcuts its tools listen for keep working; it closes on Escape, a press outside it, and when what was asked for
 * arrives (an example's text, a capture file).
 */
function HeaderDrawer({ children }: { children: ReactNode }) {
  const store = useAppStore();
  const [open, setOpen] = useState(false);
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(
    () =>
      store.subscribe((state, before) => {
        if (state.text !== before.text || state.capture?.session !== before.capture?.session) setOpen(false);
      }),
    [store],
  );
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panelRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        className="bar-button ml-auto"
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4 fill-current">
          <path d="M1 3h14v1.5H1zM1 7.25h14v1.5H1zM1 11.5h14V13H1z" />
        </svg>
        Menu
      </button>
      <div
        ref={panelRef}
        id={id}
        hidden={!open}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          setOpen(false);
          buttonRef.current?.focus();
        }}
        className="header-drawer app-bar absolute inset-x-0 top-full z-30 max-h-[calc(100dvh-3.5rem)] overflow-auto border-t p-3 shadow-xl"
        style={{ borderColor: 'var(--bar-line)' }}
      >
        {children}
      </div>
    </>
  );
}
