import type { Problem } from '../../dissect/model';
import { CiteLink } from './CiteLink';
import { SeverityIcon } from './SeverityIcon';

/** The rule a problem rests on and the further texts it relies on, as links. */
export function ProblemCites({ problem }: { problem: Problem }) {
  const { cite, seeAlso = [] } = problem;
  if (!cite && seeAlso.length === 0) return null;
  return (
    <span className="text-xs text-slate-600">
      {cite && (
        <>
          Rule: <CiteLink cite={cite} />
        </>
      )}
      {seeAlso.length > 0 && (
        <>
          {cite && ' · '}
          See also:{' '}
          {seeAlso.map((c, i) => (
            <span key={`${c.doc} ${c.section}`}>
              {i > 0 && ', '}
              <CiteLink cite={c} />
            </span>
          ))}
        </>
      )}
    </span>
  );
}

/** A problem code ("truncated" is not "malformed"), as a small tag. */
export function ProblemCodeTag({ code }: { code: Problem['code'] }) {
  return (
    <span className="mr-1.5 inline-block rounded bg-slate-200/70 px-1 font-mono text-[10px] leading-4 text-slate-700">
      {code}
    </span>
  );
}

/** The problem's kind, as a small tag. */
export function ProblemKind({ problem }: { problem: Problem }) {
  return <ProblemCodeTag code={problem.code} />;
}

/** A problem's icon, kind and message, then its citations. */
export function ProblemText({ problem }: { problem: Problem }) {
  return (
    <div className="flex items-start gap-1.5">
      <SeverityIcon severity={problem.severity} className="mt-0.5" />
      <div className="min-w-0">
        <p>
          <ProblemKind problem={problem} />
          {problem.message}
        </p>
        <ProblemCites problem={problem} />
      </div>
    </div>
  );
}
