import { selectNode } from '../../state/actions';
import { bitGrid } from '../../state/bit-view';
import type { FrameView, TreeNode } from '../../state/frame-view';
import { maskBits, spanText } from '../../state/format';
import { currentView } from '../../state/selectors';
import { useAppState, useAppStore } from '../app/store-context';

/**
 * The bits of the selected field's bytes, MSB first, and every field they are split into, Wireshark style
 * (`.... 1... = Push: Set`): the selected field's bits lit in the grid and its line marked in the list. A click on a
 * bit or a line selects that field.
 */
export function BitGrid({ node }: { node: TreeNode }) {
  const store = useAppStore();
  const view = useAppState(currentView);
  const grid = view && bitGrid(view, node.key);
  if (!view || !grid) return null;
  const bytes = Array.from({ length: grid.length }, (_, i) => i);
  const headingId = `bits-${node.key}`;
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-1.5">
      <h3 id={headingId} className="detail-heading">
        Bits of {spanText(grid.offset, grid.length)}
      </h3>
      <div className="flex flex-wrap gap-2" aria-hidden="true">
        {bytes.map((b) => (
          <div key={b} className="flex flex-col">
            <div className="flex">
              {grid.cells.slice(b * 8, b * 8 + 8).map((cell, i) => {
                const lit = cell.owner === node.key;
                return (
                  <span
                    key={i}
                    data-bit={b * 8 + i}
                    title={cell.owner ? view.nodes.get(cell.owner)!.label : 'no field'}
                    onClick={() => cell.owner && selectNode(store, cell.owner)}
                    className={`flex h-6 w-5 cursor-pointer items-center justify-center border-y border-r border-slate-300 font-mono text-xs first:rounded-l first:border-l last:rounded-r ${
                      lit
                        ? 'bg-sky-700 font-semibold text-white'
                        : cell.owner
                          ? 'bg-white text-slate-900 hover:bg-amber-100'
                          : 'bg-slate-100 text-slate-500'
                    } ${i === 4 ? 'ml-0.5 border-l' : ''}`}
                  >
                    {cell.value}
                  </span>
                );
              })}
            </div>
            <div className="flex font-mono text-[10px] text-slate-600">
              {Array.from({ length: 8 }, (_, i) => (
                <span key={i} className={`w-5 text-center ${i === 4 ? 'ml-0.5' : ''}`}>
                  {7 - i}
                </span>
              ))}
            </div>
          </div>
        ))}
      </div>
      <ul className="flex flex-col font-mono text-xs" aria-label="Fields in these bits">
        {grid.header !== undefined && <BitLine view={view} lineKey={grid.header} selectedKey={node.key} header />}
        {grid.members.map((key) => (
          <BitLine key={key} view={view} lineKey={key} selectedKey={node.key} />
        ))}
      </ul>
    </section>
  );
}

function BitLine({
  view,
  lineKey,
  selectedKey,
  header = false,
}: {
  view: FrameView;
  lineKey: string;
  selectedKey: string;
  header?: boolean;
}) {
  const store = useAppStore();
  const line = view.nodes.get(lineKey)!;
  const current = lineKey === selectedKey;
  // The field the bits make up has no mask: all of its bits are its own.
  const text = header ? `${maskBits(line.field!.raw, 2 ** (line.length * 8) - 1)} = ${line.label}` : line.label;
  return (
    <li>
      <button
        type="button"
        aria-current={current || undefined}
        onClick={() => selectNode(store, lineKey)}
        className={`w-full rounded px-1 text-left whitespace-pre-wrap ${current ? 'bg-sky-700 text-white' : 'text-slate-900 hover:bg-amber-100'} ${header ? 'font-semibold' : ''}`}
      >
        {text}
      </button>
    </li>
  );
}
