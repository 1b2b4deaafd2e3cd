import { useId, useState } from 'react';
import type { Difference, Field } from '../../dissect';
import { selectNode } from '../../state/actions';
import type { FrameView } from '../../state/frame-view';
import { comparison, closeComparison, type ComparisonView } from '../../state/workbench';
import { CiteLink } from '../common/CiteLink';
import { useAppState, useAppStore } from '../app/store-context';
import { hexByte, hexDigits, hexNumber } from '../../dissect';

/** A value as the field's display shows it, without the verdict suffix ("0x6073 [correct]" → "0x6073"). */
function shown(view: FrameView, id: string, offset: number | undefined): string {
  if (offset === undefined) return '—';
  for (const key of view.order) {
    const field = view.nodes.get(key)!.field;
    if (field && field.id === id && field.offset === offset) return field.display.replace(/ \[[^\]]*\]$/, '');
  }
  return '—';
}

/** Two frames side by side: the differences with their citations, the fields aligned, the bytes that differ lit. */
export function ComparePanel() {
  const result = useAppState(comparison);
  const label = useAppState((s) => s.workbench.compare?.label ?? '');
  const store = useAppStore();
  if (!result) return null;
  const { differences } = result;
  return (
    <section
      aria-label="Comparison"
      className="focus-inset flex h-full min-h-0 flex-col gap-2 overflow-auto p-3 text-sm"
      tabIndex={0}
    >
      <header className="flex flex-wrap items-center gap-2">
        <h2 className="text-base font-semibold text-slate-900">Compare</h2>
        <p className="text-xs text-slate-600">
          <span className="font-semibold">A</span>: {label} · <span className="font-semibold">B</span>: the frame shown
          (edits included)
        </p>
        <button type="button" onClick={() => closeComparison(store)} className="tool-button ml-auto">
          Close comparison
        </button>
      </header>
      <Summary result={result} />
      {differences.length > 0 && (
        <p className="text-xs text-slate-600">Click a difference to select the field in B (the hex view below).</p>
      )}
      <AlignedFields result={result} />
      <div className="grid grid-cols-2 gap-3">
        <Bytes title="A" view={result.a} differs={result.aDiffers} />
        <Bytes title="B" view={result.b} differs={result.bDiffers} />
      </div>
    </section>
  );
}

function Summary({ result }: { result: ComparisonView }) {
  const store = useAppStore();
  const headingId = useId();
  const { differences, a, b } = result;
  const select = (d: Difference) => {
    const key = b.order.find((k) => {
      const f = b.nodes.get(k)!.field;
      return f?.id === d.id && f.offset === d.bOffset;
    });
    if (key !== undefined) selectNode(store, key);
  };
  return (
    <div>
      <h3 id={headingId} className="detail-heading">
        {differences.length === 0
          ? 'No differences: every field read from the bytes is the same'
          : `${differences.length} difference${differences.length === 1 ? '' : 's'}`}
      </h3>
      {differences.length > 0 && (
        <table aria-labelledby={headingId} className="w-full border-collapse text-xs">
          <thead>
            <tr className="text-left text-slate-600">
              <th className="py-0.5 pr-2 font-medium">Field</th>
              <th className="py-0.5 pr-2 font-medium">A</th>
              <th className="py-0.5 pr-2 font-medium">B</th>
              <th className="py-0.5 font-medium">Rule</th>
            </tr>
          </thead>
          <tbody>
            {differences.map((d, i) => (
              <tr
                key={`${d.id}-${i}`}
                data-diff-id={d.id}
                onClick={() => select(d)}
                className="cursor-pointer border-t border-slate-100 align-top hover:bg-slate-50"
              >
                <td className="py-1 pr-2">
                  <span className="text-slate-900">{d.label}</span>{' '}
                  <span className="font-mono text-[11px] text-slate-500">{d.id}</span>
                  <span className="block font-mono text-[11px] text-slate-500">
                    {d.aOffset !== undefined ? `@ ${hexNumber(d.aOffset)}` : 'only in B'}
                    {d.bOffset !== undefined && d.bOffset !== d.aOffset ? ` / B @ ${hexNumber(d.bOffset)}` : ''}
                    {d.bOffset === undefined ? ' (only in A)' : ''}
                  </span>
                </td>
                <td data-side="a" className="py-1 pr-2 font-mono text-red-800">
                  {shown(a, d.id, d.aOffset)}
                </td>
                <td data-side="b" className="py-1 pr-2 font-mono text-emerald-800">
                  {shown(b, d.id, d.bOffset)}
                </td>
                <td className="py-1" onClick={(e) => e.stopPropagation()}>
                  {d.cite ? <CiteLink cite={d.cite} /> : <span className="text-slate-500">—</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** A frame's bytes, 16 a row, those inside a differing field lit. Static: frames in a link are at most 9 216 bytes. */
function Bytes({ title, view, differs }: { title: string; view: FrameView; differs: Uint8Array }) {
  const [all, setAll] = useState(false);
  const rows = Math.ceil(view.bytes.length / 16);
  const shownRows = all ? rows : Math.min(rows, 64);
  return (
    <figure aria-label={`Frame ${title} bytes`} className="min-w-0">
      <figcaption className="mb-1 text-xs text-slate-600">
        <span className="font-semibold text-slate-900">{title}</span> · {view.bytes.length} bytes ·{' '}
        {view.frame.summary.info}
      </figcaption>
      <pre className="overflow-x-auto rounded bg-slate-50 p-1.5 font-mono text-[11px] leading-snug">
        {Array.from({ length: shownRows }, (_, row) => (
          <div key={row}>
            <span className="text-slate-500">{hexDigits(row * 16, 4)} </span>
            {Array.from(view.bytes.subarray(row * 16, row * 16 + 16), (value, i) => {
              const offset = row * 16 + i;
              return (
                <span
                  key={offset}
                  data-compare-offset={offset}
                  data-differs={differs[offset] ? 'true' : undefined}
                  className={differs[offset] ? 'rounded-sm bg-amber-200 font-semibold text-amber-950' : ''}
                >
                  {i === 8 ? ' ' : ''} {hexByte(value)}
                </span>
              );
            })}
          </div>
        ))}
      </pre>
      {shownRows < rows && (
        <button type="button" onClick={() => setAll(true)} className="tool-button mt-1">
          Show all {rows} rows
        </button>
      )}
    </figure>
  );
}

/** Every field of A beside the same field of B (by id and occurrence), the differing ones marked; folded by default. */
function AlignedFields({ result }: { result: ComparisonView }) {
  const [onlyDiffering, setOnlyDiffering] = useState(false);
  const rows = onlyDiffering ? result.fields.filter((r) => r.differs) : result.fields;
  const value = (field: Field | undefined) => (field ? field.display.replace(/ \[[^\]]*\]$/, '') : '—');
  return (
    <details className="text-xs">
      <summary className="cursor-pointer text-slate-700">All fields side by side ({result.fields.length})</summary>
      <label className="my-1 flex items-center gap-1 text-slate-700">
        <input type="checkbox" checked={onlyDiffering} onChange={(e) => setOnlyDiffering(e.target.checked)} /> Only
        fields that differ
      </label>
      <table aria-label="Fields of A and B, aligned" className="w-full border-collapse font-mono text-[11px]">
        <thead>
          <tr className="text-left font-sans text-slate-600">
            <th className="pr-2 font-medium">Field</th>
            <th className="pr-2 font-medium">A</th>
            <th className="font-medium">B</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr
              key={i}
              data-aligned-id={row.id}
              data-differs={row.differs || undefined}
              className={row.differs ? 'bg-amber-100 font-semibold' : ''}
            >
              <td className="pr-2 text-slate-600" style={{ paddingLeft: `${row.depth}ch` }}>
                {row.id}
              </td>
              <td className="pr-2 break-all text-slate-900">{value(row.a)}</td>
              <td className="break-all text-slate-900">{value(row.b)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
