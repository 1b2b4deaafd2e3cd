import { useRef } from 'react';
import { selectFrame, setInputText } from '../../state/actions';
import { pasteText } from '../../state/input-history';
import { LinkLayer } from './LinkLayer';
import { ProblemText } from '../common/ProblemText';
import { useAppState, useAppStore } from '../app/store-context';
import { INPUT_BOX_ID } from '../shortcuts/focus-targets';

const PLACEHOLDER = `Paste a frame in almost any form:
0000  00 00 A2 00 C0 4A 00 80  5F D4 …
tcpdump -xx/-XX, tshark -x, xxd, od,
hexdump -C, gdb x/Nbx, a router dump,
a C array, \\x escapes, 0x.. bytes,
00:1b:…, a hex stream, base64, or a
Hex Packet Decoder or CyberChef link.`;

/** The text box, what the parser understood of it, and the frame selector. */
export function InputPane() {
  const store = useAppStore();
  const text = useAppState((s) => s.text);
  const box = useRef<HTMLTextAreaElement>(null);
  /** The paste under way replaces the whole (non-empty) text: a new input, which Back and Undo can return from. */
  const replacing = useRef(false);
  /** Puts the caret where a problem says reading stopped, so the user sees the character in question. */
  const goTo = (line: number, column: number) => {
    const area = box.current;
    if (!area) return;
    const lines = area.value.split('\n');
    let at = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) at += lines[i]!.length + 1;
    at += Math.min(column - 1, lines[line - 1]?.length ?? 0);
    area.focus();
    area.setSelectionRange(at, at + 1);
    // Browsers keep a textarea's scroll where it was when the selection moves: bring the line into sight.
    const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 16;
    area.scrollTop = Math.max(0, (line - 2) * lineHeight);
  };
  return (
    <section aria-labelledby="input-heading" className="flex min-h-0 flex-col gap-2">
      <h2 id="input-heading" className="pane-heading">
        Input
      </h2>
      <textarea
        ref={box}
        id={INPUT_BOX_ID}
        aria-label="Frame bytes (hex dump)"
        rows={8}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        wrap="off"
        value={text}
        placeholder={PLACEHOLDER}
        onPaste={(e) => {
          const area = e.currentTarget;
          replacing.current =
            area.value.trim() !== '' && area.selectionStart === 0 && area.selectionEnd === area.value.length;
        }}
        onChange={(e) => {
          const pasted = (e.nativeEvent as InputEvent).inputType === 'insertFromPaste' && replacing.current;
          if (pasted) pasteText(store, e.target.value);
          else setInputText(store, e.target.value);
        }}
        className="w-full resize-y rounded border border-slate-300 bg-white p-2 font-mono text-xs leading-snug text-slate-900 shadow-inner focus:border-sky-500 focus:ring-2 focus:ring-sky-200 focus:outline-none"
      />
      <ParseStatus goTo={goTo} />
      <FrameSelector />
    </section>
  );
}

function ParseStatus({ goTo }: { goTo: (line: number, column: number) => void }) {
  const input = useAppState((s) => s.input);
  if (!input) {
    return (
      <p role="status" className="text-xs text-slate-500">
        Decodes as you paste or type: no button to press.
      </p>
    );
  }
  const { format, frameCount, byteCount, problems } = input;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    <div className="flex min-h-0 flex-col gap-1">
      <p role="status" className={`text-xs ${frameCount === 0 ? 'font-medium text-red-700' : 'text-slate-700'}`}>
        {frameCount === 0 ? (
          <>No frame bytes found in this text: paste a hex dump, hex bytes, a C array, \x escapes, base64 or a link.</>
        ) : (
          <>
            Read as <span className="font-medium">{format}</span>: {plural(frameCount, 'frame')},{' '}
            {plural(byteCount, 'byte')}.
          </>
        )}
      </p>
      {frameCount > 0 && <LinkLayer />}
      {problems.length > 0 && (
        <ul
          aria-label="Input problems"
          className="max-h-28 overflow-auto rounded bg-slate-50 p-1.5 text-xs"
          tabIndex={0}
        >
          {problems.map((p, i) => (
            <li key={i} className="py-0.5">
              <ProblemText problem={p} />
              {p.line !== undefined && (
                <button
                  type="button"
                  onClick={() => goTo(p.line!, p.column ?? 1)}
                  className="ml-1 text-sky-800 underline hover:text-sky-950"
                >
                  Show line {p.line} in the text
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function FrameSelector() {
  const store = useAppStore();
  const count = useAppState((s) => s.frames.length);
  const current = useAppState((s) => s.frameIndex);
  if (count < 2) return null;
  return (
    <nav aria-label="Frames" className="flex flex-wrap items-center gap-1 text-xs">
      <span className="mr-1 text-slate-600">Frame</span>
      {Array.from({ length: count }, (_, i) => (
        <button
          key={i}
          type="button"
          aria-pressed={i === current}
          onClick={() => selectFrame(store, i)}
          className="min-w-7 rounded border border-slate-300 px-1.5 py-0.5 font-mono hover:bg-slate-100 aria-pressed:border-sky-700 aria-pressed:bg-sky-700 aria-pressed:text-white"
        >
          {i + 1}
        </button>
      ))}
    </nav>
  );
}
