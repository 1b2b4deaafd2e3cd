import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { SHORTCUTS } from './shortcuts';
import { useGlobalShortcuts } from './useGlobalShortcuts';

/** The header's "?" button and the modal list of shortcuts it (or the "?" key) opens. Escape closes it. */
export function ShortcutsButton() {
  const [open, setOpen] = useState(false);
  const show = useCallback(() => setOpen(true), []);
  useGlobalShortcuts(show);
  return (
    <>
      <button
        type="button"
        className="bar-button px-2"
        aria-haspopup="dialog"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={show}
      >
        <span aria-hidden="true" className="font-mono">
          ?
        </span>
      </button>
      {/* In the page's body: the header's tools may sit in a folded (hidden) menu on a phone. */}
      {open && createPortal(<ShortcutsDialog onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}

const slug = (where: string) => `shortcuts-${where.toLowerCase().replace(/\W+/g, '-')}`;

function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (e.target === e.currentTarget) ref.current?.close();
      }}
      className="m-auto max-h-[calc(100vh-2rem)] w-[40rem] max-w-[calc(100vw-2rem)] rounded-lg border border-slate-300 bg-white p-0 text-slate-900 shadow-2xl modal"
    >
      <div className="flex flex-col gap-3 p-4">
        <div className="flex items-center">
          <h2 id="shortcuts-title" className="text-base font-semibold">
            Keyboard shortcuts
          </h2>
          <button type="button" className="tool-button ml-auto text-xs" onClick={() => ref.current?.close()}>
            Close
          </button>
        </div>
        <div className="grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2">
          {SHORTCUTS.map((group) => (
            <section key={group.where} aria-labelledby={slug(group.where)}>
              <h3 id={slug(group.where)} className="detail-heading">
                {group.where}
              </h3>
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                {group.shortcuts.map((s) => (
                  <Fragment key={s.does}>
                    <dt className="whitespace-nowrap">
                      {s.keys.map((k, i) => (
                        <Fragment key={k}>
                          {i > 0 && <span className="text-slate-500"> </span>}
                          <kbd className="rounded border border-b-2 border-slate-300 bg-slate-50 px-1 font-mono text-xs text-slate-800">
                            {k}
                          </kbd>
                        </Fragment>
                      ))}
                    </dt>
                    <dd className="text-slate-700">{s.does}</dd>
                  </Fragment>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </dialog>
  );
}
