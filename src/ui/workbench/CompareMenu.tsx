import { useState } from 'react';
import { currentView } from '../../state/selectors';
import { compareWithFrame, compareWithOriginal, compareWithText, originalBytes } from '../../state/workbench';
import { HeaderPopover, useClosePopover } from '../common/HeaderPopover';
import { useAppState, useAppStore } from '../app/store-context';

/** The header's "Compare" button: the shown frame (B) against its original, another frame, or a pasted one (A). */
export function CompareMenu() {
  return (
    <HeaderPopover label="Compare" title="Compare frames" width="w-[26rem]">
      <ComparePicker />
    </HeaderPopover>
  );
}

function ComparePicker() {
  const store = useAppStore();
  const close = useClosePopover();
  const shown = useAppState(currentView);
  const edited = useAppState((s) => originalBytes(s) !== undefined);
  const frames = useAppState((s) => (s.capture ? [] : s.frames));
  const frameIndex = useAppState((s) => s.frameIndex);
  const capture = useAppState((s) => s.capture !== undefined);
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  if (!shown)
    return (
      <p className="text-slate-600">
        Paste a frame first: then compare it with its original, another frame, or a second paste.
      </p>
    );
  const done = () => close();
  return (
    <div className="flex flex-col gap-3 text-sm">
      <p className="text-xs text-slate-600">
        The frame shown is B; pick A. Fields are aligned by id and position, and each difference cites its rule.
      </p>
      <button
        type="button"
        disabled={!edited}
        onClick={() => (compareWithOriginal(store), done())}
        className="tool-button self-start"
      >
        With the original (before your edits)
      </button>
      {frames.length > 1 && (
        <div className="flex flex-wrap items-center gap-1 text-xs">
          <span className="text-slate-600">With frame</span>
          {frames.map((f, i) =>
            i === frameIndex ? null : (
              <button
                key={i}
                type="button"
                onClick={() => (compareWithFrame(store, f, `frame ${i + 1} of the paste`), done())}
                className="tool-button"
              >
                {i + 1}
              </button>
            ),
          )}
        </div>
      )}
      <div className="flex flex-col gap-1">
        <button
          type="button"
          onClick={() => (
            compareWithFrame(store, shown, `frame ${shown.frame.number}${capture ? ' of the capture' : ''} (pinned)`),
            done()
          )}
          className="tool-button self-start"
        >
          Pin frame {shown.frame.number} as A
        </button>
        <p className="text-xs text-slate-600">
          Then pick another frame{capture ? ' in the packet list' : ''}, or edit this one: B follows what is shown.
        </p>
      </div>
      <label className="flex flex-col gap-1 text-xs text-slate-700">
        With a frame pasted here (any format the input box reads)
        <textarea
          rows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          className="rounded border border-slate-300 bg-white p-1.5 font-mono text-xs text-slate-900"
        />
      </label>
      <button
        type="button"
        disabled={text.trim() === ''}
        onClick={() => {
          const why = compareWithText(store, text);
          setError(why ?? '');
          if (!why) done();
        }}
        className="primary-button self-start"
      >
        Compare with the pasted frame
      </button>
      {error && (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
