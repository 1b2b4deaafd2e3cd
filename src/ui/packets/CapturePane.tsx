import { worstOf, type Problem } from '../../dissect';
import { checksumOffloadText, linkTypeId, type CaptureInterface, type CaptureSummary } from '../../state/capture';
import { cancelCapture } from '../../state/capture-actions';
import { closeCaptureInput } from '../../state/input-history';
import { currentView } from '../../state/selectors';
import { ProblemCites, ProblemKind } from '../common/ProblemText';
import { SeverityIcon } from '../common/SeverityIcon';
import { useAppState, useAppStore } from '../app/store-context';
import { hexNumber } from '../../dissect';

const bytesText = (n: number) =>
  n < 10_000 ? `${n} bytes` : n < 10_000_000 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** The left pane while a capture is open: the file, reading progress with a cancel button, damage, interfaces. */
export function CapturePane() {
  const store = useAppStore();
  const capture = useAppState((s) => s.capture);
  if (!capture) return null;
  const { name, size, bytesRead, frameCount, done, cancelled, summary } = capture;
  const percent = size > 0 ? Math.min(100, Math.round((bytesRead / size) * 100)) : 100;
  const status = !done
    ? `Reading… ${plural(frameCount, 'frame')}, ${bytesText(bytesRead)} of ${bytesText(size)}`
    : cancelled
      ? `Stopped: ${plural(frameCount, 'frame')} from the first ${percent}% of the file`
      : `${plural(frameCount, 'frame')}, ${bytesText(size)}`;
  return (
    <section aria-labelledby="capture-heading" className="flex min-h-0 flex-col gap-2">
      <div className="flex items-baseline gap-2">
        <h2 id="capture-heading" className="pane-heading">
          Capture
        </h2>
        <button type="button" className="tool-button ml-auto" onClick={() => closeCaptureInput(store)}>
          Close capture
        </button>
      </div>
      <p className="truncate font-mono text-xs font-semibold text-slate-800" title={name}>
        {name}
      </p>
      {summary && <p className="text-xs text-slate-600">{summary.description}</p>}
      <div className="flex items-center gap-2">
        <div
          role="progressbar"
          aria-label="Reading the capture file"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent}%: ${status}`}
          className="h-2 min-w-0 flex-1 overflow-hidden rounded bg-slate-200"
        >
          <div
            className={`h-full ${cancelled ? 'bg-amber-500' : done ? 'bg-emerald-600' : 'bg-sky-600'}`}
            style={{ width: `${percent}%` }}
          />
        </div>
        {!done && (
          <button type="button" className="tool-button" onClick={() => cancelCapture(store)}>
            Cancel
          </button>
        )}
      </div>
      <p role="status" className="text-xs text-slate-700">
        {status}
      </p>
      {summary && summary.problems.length > 0 && <CaptureProblems problems={summary.problems} />}
      <ChecksumOffload />
      {summary && <FileDetails summary={summary} />}
      <FrameComments />
    </section>
  );
}

/** Once per capture: the hosts whose frames carry checksums left to their NIC, which are therefore no errors. */
function ChecksumOffload() {
  const text = useAppState(checksumOffloadText);
  if (!text) return null;
  return (
    <p
      role="note"
      aria-label="Checksum offload"
      className="rounded border border-sky-200 bg-sky-50 p-1.5 text-xs text-slate-700"
    >
      {text}
    </p>
  );
}

function offsetText(offset: number | undefined): string {
  return offset === undefined ? '' : `at byte ${offset.toLocaleString('en')} (${hexNumber(offset)})`;
}

/** Damage and odd headers: a banner that says what is wrong and where. */
function CaptureProblems({ problems }: { problems: readonly Problem[] }) {
  const worst = worstOf(problems);
  return (
    <div
      role="alert"
      aria-label="Problems with the capture file"
      className={`max-h-40 overflow-auto rounded border p-1.5 text-xs ${worst === 'error' ? 'border-red-300 bg-red-50' : 'border-amber-300 bg-amber-50'}`}
      tabIndex={0}
    >
      <ul>
        {problems.map((p, i) => (
          <li key={i} className="flex items-start gap-1.5 py-0.5">
            <SeverityIcon severity={p.severity} className="mt-0.5" />
            <span className="min-w-0">
              <ProblemKind problem={p} />
              {p.message}
              {(p.fileOffset !== undefined || p.frame !== undefined) && (
                <span className="ml-1 font-mono text-[11px] text-slate-600">
                  {p.frame !== undefined ? `frame ${p.frame} ` : ''}
                  {offsetText(p.fileOffset)}
                </span>
              )}
              <span className="block">
                <ProblemCites problem={p} />
              </span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function interfaceText(i: CaptureInterface): string {
  const named: Readonly<Record<number, string>> = { 0: 's', 3: 'ms', 6: 'µs', 9: 'ns' };
  const resolution =
    i.resolution.base === 10
      ? (named[i.resolution.exponent] ?? `10^-${i.resolution.exponent} s`)
      : `2^-${i.resolution.exponent} s`;
  const label = [i.name, i.description].filter((x) => x !== undefined && x !== '').join(' — ');
  return `#${i.index}${label ? ` ${label}` : ''}: ${linkTypeId(i.linkType)}, snap length ${i.snapLen || 'none'}, timestamps in ${resolution}`;
}

/** Sections and interfaces, with their comments; collapsed unless the file has more than one of either, or comments. */
function FileDetails({ summary }: { summary: CaptureSummary }) {
  const comments =
    summary.sections.some((s) => s.comments.length > 0) || summary.interfaces.some((i) => i.comments.length > 0);
  const rich = summary.sections.length > 1 || summary.interfaces.length > 1 || comments;
  const skipped = Object.entries(summary.skippedBlocks);
  return (
    <details open={rich} className="text-xs text-slate-700">
      <summary className="cursor-pointer text-slate-600">
        {plural(summary.sections.length, 'section')}, {plural(summary.interfaces.length, 'interface')}
      </summary>
      <ul className="mt-1 space-y-1 pl-2">
        {summary.sections.map((s) => (
          <li key={`s${s.index}`}>
            Section {s.index} at byte {s.offset}: version {s.version}, {s.littleEndian ? 'little' : 'big'}-endian
            {[s.hardware, s.os, s.application].filter(Boolean).length > 0 && (
              <> ({[s.hardware, s.os, s.application].filter(Boolean).join(', ')})</>
            )}
            {s.comments.map((c, k) => (
              <blockquote
                key={k}
                className="mt-0.5 border-l-2 border-slate-300 pl-1.5 whitespace-pre-wrap text-slate-600"
              >
                {c}
              </blockquote>
            ))}
            <ul className="pl-3">
              {summary.interfaces
                .filter((i) => i.section === s.index)
                .map((i) => (
                  <li key={`i${i.index}`}>
                    {interfaceText(i)}
                    {i.comments.map((c, k) => (
                      <blockquote
                        key={k}
                        className="mt-0.5 border-l-2 border-slate-300 pl-1.5 whitespace-pre-wrap text-slate-600"
                      >
                        {c}
                      </blockquote>
                    ))}
                  </li>
                ))}
            </ul>
          </li>
        ))}
        {skipped.length > 0 && <li>Skipped: {skipped.map(([name, n]) => `${n} × ${name}`).join(', ')}</li>}
      </ul>
    </details>
  );
}

/** The selected frame's pcapng comments (opt_comment), where Wireshark shows them: above its tree. */
function FrameComments() {
  const view = useAppState(currentView);
  const comments = view?.frame.capture?.comments ?? [];
  if (!view || comments.length === 0) return null;
  return (
    <div className="rounded border border-sky-200 bg-sky-50 p-1.5 text-xs">
      <h3 className="detail-heading">Comments on frame {view.frame.number}</h3>
      {comments.map((c, i) => (
        <p key={i} className="whitespace-pre-wrap text-slate-800">
          {c}
        </p>
      ))}
    </div>
  );
}
