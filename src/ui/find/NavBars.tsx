import { useEffect, useId, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { FindDirection, FindMode } from '../../dissect/filter';
import {
  closeNavBar,
  findStatusText,
  findStep,
  navStoreOf,
  setFindQuery,
  setGoToText,
  shownBar,
} from '../../state/find';
import { goToFrame } from '../../state/go-to-frame';
import { useAppState, useAppStore } from '../app/store-context';
import { PACKET_LIST_ID } from '../shortcuts/focus-targets';

const MODES: readonly { readonly mode: FindMode; readonly label: string; readonly placeholder: string }[] = [
  { mode: 'filter', label: 'Display filter', placeholder: 'e.g. cotp.type == 0x0e' },
  { mode: 'hex', label: 'Hex value', placeholder: 'e.g. 03 00 00 2c or 0300002c' },
  { mode: 'string', label: 'String', placeholder: 'text in the frame bytes, e.g. Siemens' },
];

const focusPacketList = () => document.getElementById(PACKET_LIST_ID)?.focus();

/** The bar's input takes focus when the bar opens, and again each time its shortcut is pressed. */
function useFocusOnRequest() {
  const store = useAppStore();
  const focusRequest = useStore(navStoreOf(store), (s) => s.focusRequest);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, [focusRequest]);
  return ref;
}

/** A bar above the packet list: one row of controls (and lines under it); Escape anywhere in it closes it. */
function Bar({
  label,
  search = false,
  onSubmit,
  children,
  below,
}: {
  label: string;
  search?: boolean;
  onSubmit: () => void;
  children: ReactNode;
  below?: ReactNode;
}) {
  const store = useAppStore();
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    closeNavBar(store);
    focusPacketList();
  };
  return (
    <form
      role={search ? 'search' : undefined}
      aria-label={label}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
      onKeyDown={onKeyDown}
      className="flex flex-col gap-1 border-b border-slate-200 bg-slate-50 px-2 py-1.5"
    >
      <div className="flex flex-wrap items-center gap-2">
        {children}
        <CloseButton what={label} />
      </div>
      {below}
    </form>
  );
}

function CloseButton({ what }: { what: string }) {
  const store = useAppStore();
  return (
    <button
      type="button"
      className="tool-button"
      aria-label={`Close ${what} (Esc)`}
      title="Close (Esc)"
      onClick={() => {
        closeNavBar(store);
        focusPacketList();
      }}
    >
      <span aria-hidden="true">×</span>
    </button>
  );
}

const inputClass = (invalid: boolean) =>
  `min-w-0 rounded border px-2 py-0.5 font-mono text-xs focus:ring-2 focus:outline-none ${
    invalid ? 'border-red-500 bg-red-50 focus:ring-red-200' : 'border-slate-300 bg-white focus:ring-sky-200'
  }`;

/** Wireshark's "Go to packet" bar: a frame number, Enter selects it in the list. */
function GoToBar() {
  const store = useAppStore();
  const nav = navStoreOf(store);
  const text = useStore(nav, (s) => s.goToText);
  const message = useStore(nav, (s) => s.goToMessage);
  const frameCount = useAppState((s) => s.capture?.frameCount ?? 0);
  const inputRef = useFocusOnRequest();
  const inputId = useId();
  const messageId = useId();
  return (
    <Bar
      label="Go to frame"
      onSubmit={() => {
        if (goToFrame(store)) focusPacketList();
      }}
    >
      <label htmlFor={inputId} className="text-[11px] font-semibold whitespace-nowrap text-slate-700">
        Go to frame
      </label>
      <input
        ref={inputRef}
        id={inputId}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        aria-keyshortcuts="Control+G"
        aria-invalid={message !== undefined}
        aria-describedby={message ? messageId : undefined}
        placeholder={frameCount > 0 ? `1 to ${frameCount.toLocaleString('en')}` : ''}
        value={text}
        onChange={(e) => setGoToText(store, e.target.value)}
        className={`w-40 ${inputClass(message !== undefined)}`}
      />
      <button type="submit" className="tool-button">
        Go
      </button>
      {message && (
        <p id={messageId} role="alert" className="min-w-0 text-xs text-red-700">
          {message}
        </p>
      )}
      <span className="ml-auto" />
    </Bar>
  );
}

/** Previous or Next: a search from the selected frame. Next is the form's submit button: Enter in the box presses it. */
function StepButton({ direction, disabled }: { direction: FindDirection; disabled: boolean }) {
  const store = useAppStore();
  const next = direction === 'next';
  return (
    <button
      type={next ? 'submit' : 'button'}
      className="tool-button disabled:opacity-50"
      disabled={disabled}
      title={next ? 'Next match (Enter)' : 'Previous match (Shift+Enter)'}
      onClick={next ? undefined : () => findStep(store, 'previous')}
    >
      {next ? '↓ Next' : '↑ Previous'}
    </button>
  );
}

/** Wireshark's "Find Packet" bar: by display filter, hex value or string; Enter finds the next, Shift+Enter the previous. */
function FindBar() {
  const store = useAppStore();
  const nav = navStoreOf(store);
  const mode = useStore(nav, (s) => s.mode);
  const text = useStore(nav, (s) => s.text);
  const caseSensitive = useStore(nav, (s) => s.caseSensitive);
  const error = useStore(nav, (s) => s.error);
  const status = useStore(nav, (s) => s.status);
  const inputRef = useFocusOnRequest();
  const modeId = useId();
  const errorId = useId();
  const statusId = useId();
  const shown = MODES.find((m) => m.mode === mode)!;
  const onInputKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && e.shiftKey) {
      e.preventDefault();
      findStep(store, 'previous');
    }
  };
  const statusText = findStatusText(status);
  const below = (
    <>
      {error && (
        <p id={errorId} role="alert" className="text-xs text-red-700">
          Column {error.column}: {error.message}
        </p>
      )}
      <p
        id={statusId}
        role="status"
        aria-busy={status.kind === 'searching'}
        data-testid="find-status"
        className={`text-xs text-slate-700 ${statusText ? '' : 'sr-only'}`}
      >
        {statusText}
      </p>
    </>
  );
  return (
    <Bar label="Find frame" search onSubmit={() => findStep(store, 'next')} below={below}>
      <label htmlFor={modeId} className="text-[11px] font-semibold whitespace-nowrap text-slate-700">
        Find by
      </label>
      <select
        id={modeId}
        value={mode}
        onChange={(e) => setFindQuery(store, { mode: e.target.value as FindMode })}
        className="rounded border border-slate-300 bg-white px-1 py-0.5 text-[11px]"
      >
        {MODES.map((m) => (
          <option key={m.mode} value={m.mode}>
            {m.label}
          </option>
        ))}
      </select>
      <input
        ref={inputRef}
        type="text"
        aria-label={`Find: ${shown.label.toLowerCase()}`}
        aria-keyshortcuts="Control+F"
        aria-invalid={error !== undefined}
        aria-describedby={[error ? errorId : '', statusText ? statusId : ''].join(' ').trim() || undefined}
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        placeholder={`${shown.placeholder} — Enter: next, Shift+Enter: previous`}
        value={text}
        onChange={(e) => setFindQuery(store, { text: e.target.value })}
        onKeyDown={onInputKey}
        className={`flex-1 basis-48 ${inputClass(error !== undefined)}`}
      />
      {mode === 'string' && (
        <label className="flex items-center gap-1 text-[11px] whitespace-nowrap text-slate-700">
          <input
            type="checkbox"
            checked={caseSensitive}
            onChange={(e) => setFindQuery(store, { caseSensitive: e.target.checked })}
          />
          Case sensitive
        </label>
      )}
      <StepButton direction="previous" disabled={error !== undefined} />
      <StepButton direction="next" disabled={error !== undefined} />
    </Bar>
  );
}

/** The Go to frame (Ctrl+G) or Find (Ctrl+F) bar above the packet list, when one is open. */
export function NavBars() {
  const store = useAppStore();
  const session = useAppState((s) => s.capture?.session);
  const bar = useStore(navStoreOf(store), (s) => shownBar(s, session));
  if (bar === 'goto') return <GoToBar />;
  if (bar === 'find') return <FindBar />;
  return null;
}
