import type { KeyboardEvent } from 'react';
import { EXAMPLES, openExample } from '../../state/examples';
import { useAppStore } from '../app/store-context';
import { HeaderPopover, useClosePopover } from '../common/HeaderPopover';

/** Up/Down move between the examples, as in a menu; Tab still leaves the list. */
function moveFocus(e: KeyboardEvent<HTMLUListElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const buttons = [...e.currentTarget.querySelectorAll('button')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next = buttons[(at + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length];
  e.preventDefault();
  next?.focus();
}

/** The header's "Examples" button: frames built by the project (public/samples), each opened as if pasted. */
export function ExamplesMenu() {
  return (
    <HeaderPopover label="Examples" title="Examples" width="w-[28rem]">
      <ExampleList />
    </HeaderPopover>
  );
}

function ExampleList() {
  const store = useAppStore();
  const close = useClosePopover();
  return (
    <div className="flex flex-col gap-2">
      <p className="text-xs text-slate-600">
        Frames framescope builds byte by byte (scripts/samples.ts), each a case worth reading. Opening one replaces the
        text in the input box; Undo brings it back.
      </p>
      <ul className="flex flex-col gap-1" onKeyDown={moveFocus}>
        {EXAMPLES.map((example, i) => (
          <li key={example.file}>
            <button
              type="button"
              data-example={example.file}
              autoFocus={i === 0}
              onClick={() => {
                openExample(store, example.file);
                close();
              }}
              className="w-full rounded border border-transparent px-2 py-1.5 text-left hover:border-slate-300 hover:bg-slate-50"
            >
              <span className="block text-sm font-medium text-slate-900">{example.title}</span>
              <span className="block text-xs text-slate-600">{example.description}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
