import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { CaptureFact, ExpertGroup } from '../../dissect/expert';
import { SEVERITIES } from '../../dissect/severity';
import type { Severity } from '../../dissect/model';
import { selectPacket } from '../../state/capture-actions';
import { currentExpert, expertGroupKey, expertStoreOf, requestExpert, toggleExpertGroup } from '../../state/expert';
import { useAppState, useAppStore } from '../app/store-context';
import { ProblemCodeTag } from '../common/ProblemText';
import { SeverityIcon } from '../common/SeverityIcon';

/** Frames listed at first under an expanded group; more on request. */
const FRAMES_SHOWN = 100;
const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', note: 'Notes' };
const count = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/**
 * Expert Information, as Wireshark's Analyze › Expert Information: the capture's problems grouped by severity, code,
 * field and message, with counts; a group opens to its frames, and a frame selects it (the tree and bytes follow).
 * `captureFacts`: facts about the whole capture, listed first (what explains many problems at once).
 */
export function ExpertView({ captureFacts = [] }: { captureFacts?: readonly CaptureFact[] }) {
  const store = useAppStore();
  const session = useAppState((s) => s.capture?.session);
  const frameCount = useAppState((s) => s.capture?.frameCount ?? 0);
  const expert = useStore(expertStoreOf(store));
  const summary = currentExpert(expert, session);
  // Each capture opened while the view is shown is tallied in its turn (asked once per capture, however often this
  // runs: opening the view asked already); the worker keeps the answer up to date.
  useEffect(() => {
    if (session !== undefined) requestExpert(store);
  }, [store, session]);
  const done = summary !== undefined && expert.done;
  const groups = summary?.groups ?? [];
  return (
    <section aria-labelledby="expert-heading" className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-baseline gap-x-2 border-b border-slate-200 px-2 py-1.5 text-xs">
        <h2 id="expert-heading" className="pane-heading">
          Expert Information
        </h2>
        <p role="status" className="text-slate-600">
          {!summary
            ? 'Checking the frames…'
            : `${done ? '' : 'Checking… '}${count(summary.frames, 'frame')}${done ? ' checked' : ` of ${frameCount.toLocaleString('en')}`}: ` +
              SEVERITIES.map((s) => `${summary.framesWith[s].toLocaleString('en')} with ${s}s`).join(', ') +
              (expert.unreadable !== undefined ? `. ${expert.unreadable}` : '')}
        </p>
      </div>
      <div tabIndex={0} aria-label="Problems by severity" className="min-h-0 flex-1 overflow-auto px-2 py-1 text-xs">
        {captureFacts.length > 0 && <CaptureFacts facts={captureFacts} />}
        {summary && groups.length === 0 && (
          <p className="py-2 text-slate-500">No problem found{done ? ' in any frame' : ' so far'}.</p>
        )}
        {SEVERITIES.map((severity) => {
          const ofSeverity = groups.filter((g) => g.severity === severity);
          if (ofSeverity.length === 0) return null;
          const headingId = `expert-${severity}`;
          return (
            <section key={severity} aria-labelledby={headingId} className="mb-2">
              <h3 id={headingId} className="flex items-center gap-1.5 py-1 font-semibold text-slate-800">
                <SeverityIcon severity={severity} />
                {HEADINGS[severity]}
                <span className="font-normal text-slate-600">
                  {count(summary!.framesWith[severity], 'frame')}, {count(ofSeverity.length, 'group')}
                </span>
              </h3>
              <ul className="flex flex-col">
                {ofSeverity.map((g) => (
                  <Group key={expertGroupKey(g)} group={g} expanded={expert.expanded.has(expertGroupKey(g))} />
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </section>
  );
}

/** The slot for capture-wide facts ("checksums offloaded to the NIC on host …"): above every group. */
function CaptureFacts({ facts }: { facts: readonly CaptureFact[] }) {
  return (
    <section aria-labelledby="expert-facts" className="mb-2 rounded border border-slate-200 bg-slate-50 px-2 py-1">
      <h3 id="expert-facts" className="py-0.5 font-semibold text-slate-800">
        About this capture
      </h3>
      <ul className="flex flex-col gap-0.5">
        {facts.map((fact, i) => (
          <li key={i} className="flex items-start gap-1.5">
            {fact.severity && <SeverityIcon severity={fact.severity} className="mt-0.5" />}
            <span>{fact.text}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Group({ group: g, expanded }: { group: ExpertGroup; expanded: boolean }) {
  const store = useAppStore();
  const key = expertGroupKey(g);
  const framesId = `expert-frames-${key.replace(/[^\w-]+/g, '-')}`;
  return (
    <li className="border-b border-slate-100 last:border-0">
      <button
        type="button"
        aria-expanded={expanded}
        aria-controls={expanded ? framesId : undefined}
        onClick={() => toggleExpertGroup(store, key)}
        title={g.example}
        className="flex w-full items-center gap-1.5 rounded px-1 py-0.5 text-left hover:bg-slate-100"
      >
        <span aria-hidden="true" className="w-3 shrink-0 text-slate-500">
          {expanded ? '▾' : '▸'}
        </span>
        <SeverityIcon severity={g.severity} />
        <ProblemCodeTag code={g.code} />
        <span className="min-w-0 flex-1 truncate text-slate-800">{g.gist}</span>
        {g.fieldId !== undefined && <span className="shrink-0 font-mono text-[11px] text-slate-600">{g.fieldId}</span>}
        <span className="w-40 shrink-0 text-right text-slate-700 tabular-nums">
          {g.problems === g.frames.length
            ? count(g.frames.length, 'frame')
            : `${g.problems.toLocaleString('en')} in ${count(g.frames.length, 'frame')}`}
        </span>
      </button>
      {expanded && <GroupFrames id={framesId} group={g} />}
    </li>
  );
}

function GroupFrames({ id, group: g }: { id: string; group: ExpertGroup }) {
  const store = useAppStore();
  const selected = useAppState((s) => s.capture?.selected);
  const [shown, setShown] = useState(FRAMES_SHOWN);
  const frames = Array.from(g.frames.subarray(0, shown));
  return (
    <div id={id} className="pb-1.5 pl-6">
      <p className="py-0.5 text-slate-600">
        First (frame {g.frames[0]}): <span className="text-slate-800">{g.example}</span>
      </p>
      <ul aria-label={`Frames: ${g.gist}`} className="flex flex-wrap gap-1">
        {frames.map((n) => (
          <li key={n}>
            <button
              type="button"
              aria-current={n === selected ? 'true' : undefined}
              onClick={() => selectPacket(store, n)}
              className="rounded border border-slate-300 bg-white px-1.5 font-mono text-[11px] text-slate-800 hover:bg-slate-100 aria-[current=true]:border-sky-700 aria-[current=true]:bg-sky-700 aria-[current=true]:text-white"
            >
              Frame {n}
            </button>
          </li>
        ))}
      </ul>
      {g.frames.length > shown && (
        <button type="button" className="tool-button mt-1" onClick={() => setShown(shown + FRAMES_SHOWN)}>
          Show {Math.min(FRAMES_SHOWN, g.frames.length - shown)} more of{' '}
          {(g.frames.length - shown).toLocaleString('en')}
        </button>
      )}
    </div>
  );
}
