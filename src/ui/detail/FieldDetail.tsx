import type { ReactNode } from 'react';
import { documentTitle } from '../../dissect/documents';
import type { TreeNode } from '../../state/frame-view';
import { maskBits, spacedHex, spanText } from '../../state/format';
import { selectedNode } from '../../state/selectors';
import { CiteLink } from '../common/CiteLink';
import { BitGrid } from './BitGrid';
import { ProblemText } from '../common/ProblemText';
import { useAppState } from '../app/store-context';
import { FieldFixes, ProblemFixButton } from '../workbench/FixButton';
import { maskHex } from '../../dissect';

/** Everything known about the selected field: value, bytes, bits, meaning, citation and problems. */
export function FieldDetail() {
  const node = useAppState(selectedNode);
  return (
    <section aria-label="Field detail" className="focus-inset h-full min-h-0 overflow-auto p-3 text-sm" tabIndex={0}>
      {!node ? (
        <p className="text-slate-600">Select a field in the tree, or a byte in the hex view, to see what it means.</p>
      ) : node.field ? (
        <FieldFacts node={node} />
      ) : (
        <LayerFacts node={node} />
      )}
    </section>
  );
}

function FieldFacts({ node }: { node: TreeNode }) {
  const field = node.field!;
  const { schema } = node;
  const { problems } = node;
  return (
    <article className="flex flex-col gap-3">
      <header>
        <h2 className="flex flex-wrap items-center gap-2 text-base font-semibold text-slate-900">
          {schema?.label ?? field.id}
          {schema?.reserved && (
            <span className="reserved-hatch rounded border border-violet-300 px-1 text-[10px] font-medium tracking-wide text-violet-800 uppercase">
              reserved
            </span>
          )}
          {field.generated && (
            <span className="rounded border border-slate-300 px-1 text-[10px] font-medium tracking-wide text-slate-600 uppercase">
              computed
            </span>
          )}
        </h2>
        <p className="font-mono text-xs text-slate-600">{field.id}</p>
      </header>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <Fact term="Value">
          <span className="font-mono break-all">{field.display}</span>
        </Fact>
        <Fact term="Bytes">{spanText(field.offset, field.length)}</Fact>
        <Fact term="Raw">
          <span className="font-mono break-all">{field.length ? spacedHex(field.raw) : '—'}</span>
        </Fact>
        {schema?.mask !== undefined && (
          <Fact term="Bits">
            <span className="font-mono whitespace-pre">{maskBits(field.raw, schema.mask)}</span>
            <span className="ml-2 text-xs text-slate-600">mask {maskHex(schema.mask, field.length)}, MSB first</span>
          </Fact>
        )}
        {field.generated && <Fact term="Note">Computed by framescope, not read from the frame.</Fact>}
      </dl>
      <BitGrid node={node} />
      <NodeProblems node={node} />
      <FieldFixes fieldId={field.id} offset={field.offset} problems={problems} />
      {schema && (
        <div>
          <h3 className="detail-heading">What it means</h3>
          <p className="text-slate-800">{schema.meaning}</p>
          <p className="mt-1 text-xs text-slate-600">
            Defined in <CiteLink cite={schema.cite} /> — {documentTitle(schema.cite.doc)}
          </p>
        </div>
      )}
      {problems.length === 0 && <p className="text-xs text-slate-600">No problems on this field.</p>}
    </article>
  );
}

const BOX = {
  error: 'border-red-200 bg-red-50',
  warning: 'border-amber-200 bg-amber-50',
  note: 'border-sky-200 bg-sky-50',
} as const;

function LayerFacts({ node }: { node: TreeNode }) {
  const { layer } = node;
  return (
    <article className="flex flex-col gap-3">
      <header>
        <h2 className="text-base font-semibold text-slate-900">{layer.summary}</h2>
        <p className="font-mono text-xs text-slate-600">{layer.protocol}</p>
      </header>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <Fact term="Bytes">{spanText(layer.offset, layer.length)}</Fact>
        <Fact term="Fields">{layer.fields.length} at the top level</Fact>
      </dl>
      <NodeProblems node={node} />
    </article>
  );
}

function NodeProblems({ node }: { node: TreeNode }) {
  if (node.problems.length === 0) return null;
  return (
    <div>
      <h3 className="detail-heading">Problems</h3>
      <ul className="flex flex-col gap-2">
        {node.problems.map((p, i) => (
          <li key={i} className={`rounded border p-2 ${BOX[p.severity]}`}>
            <ProblemText problem={p} />
            <div className="mt-1">
              <ProblemFixButton problem={p} />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-600">{term}</dt>
      <dd className="min-w-0 text-slate-900">{children}</dd>
    </>
  );
}
