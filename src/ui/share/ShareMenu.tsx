import { useEffect, useId, useState, type ReactNode } from 'react';
import {
  exportFile,
  frameText,
  TEXT_FORMAT_NAMES,
  type ExportScope,
  type FileKind,
  type TextFormat,
} from '../../state/exports';
import { currentPermalink, MAX_LINK_FRAME_BYTES, permalinkUrl } from '../../state/permalink';
import { currentView } from '../../state/selectors';
import { useAppState, useAppStore } from '../app/store-context';
import { HeaderPopover } from '../common/HeaderPopover';
import { copyText, saveFile } from './browser';
import { exportDisplayedFrames } from '../../state/capture-actions';

/** How long "Copied" stays on a button. */
const CONFIRM_MS = 2000;
const COPY_FORMATS: readonly TextFormat[] = ['hexdump', 'hexstream', 'c', 'base64'];
const FILE_NAMES = { pcap: 'pcap', pcapng: 'pcapng', json: 'JSON' } as const;

/** The header's "Share / Export" button and the panel it opens: the link, copies, downloads. */
export function ShareMenu() {
  return (
    <HeaderPopover label="Share / Export" title="Share and export" width="w-[32rem]">
      <SharePanel />
    </HeaderPopover>
  );
}

function SharePanel() {
  const hasFrame = useAppState((s) => currentView(s) !== undefined);
  const [status, setStatus] = useState('');
  if (!hasFrame) {
    return <p className="text-slate-600">Paste a frame first: then its link, copies and downloads are here.</p>;
  }
  return (
    <div className="flex flex-col gap-3">
      <LinkSection onStatus={setStatus} />
      <CopySection onStatus={setStatus} />
      <DownloadSection onStatus={setStatus} />
      <p role="status" className="min-h-5 text-xs text-slate-700">
        {status}
      </p>
    </div>
  );
}

type StatusProps = { readonly onStatus: (text: string) => void };

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="flex flex-col gap-1.5">
      <h2 id={id} className="pane-heading">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A button that says "Copied" for a moment after it copied. */
function CopyButton({
  label,
  text,
  what,
  onStatus,
  primary = false,
}: { label: string; text: () => string | undefined; what: string; primary?: boolean } & StatusProps) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [copied]);
  const onClick = async () => {
    const value = text();
    if (value === undefined) return;
    const ok = await copyText(value);
    setCopied(ok);
    onStatus(
      ok ? `${what} copied to the clipboard.` : `The browser did not allow copying: select the text and press Ctrl+C.`,
    );
  };
  return (
    <button type="button" onClick={onClick} className={primary ? 'primary-button' : 'tool-button'}>
      {copied ? `✓ Copied` : label}
    </button>
  );
}

function LinkSection({ onStatus }: StatusProps) {
  const store = useAppStore();
  const link = useAppState(currentPermalink);
  const url = useAppState((s) => permalinkUrl(s));
  const frameCount = useAppState((s) => s.capture?.frameCount ?? s.frames.length);
  const captureName = useAppState((s) => s.capture?.name);
  const frameNumber = useAppState((s) => currentView(s)?.frame.number);
  const byteCount = useAppState((s) => currentView(s)?.bytes.length ?? 0);
  const inputId = useId();

  if (link && !link.ok) {
    return (
      <Section title="Link to this view">
        <p>
          This frame is {byteCount.toLocaleString('en')} bytes: too large to share by link (links carry frames up to{' '}
          {MAX_LINK_FRAME_BYTES.toLocaleString('en')} bytes). Send it as a pcap file instead.
        </p>
        <div>
          <DownloadButton
            label="Download pcap"
            name={`Download frame ${frameNumber} as pcap`}
            kind="pcap"
            scope="frame"
            onStatus={onStatus}
          />
        </div>
      </Section>
    );
  }
  return (
    <Section title="Link to this view">
      <div className="flex items-center gap-2">
        <label htmlFor={inputId} className="sr-only">
          Link
        </label>
        <input
          id={inputId}
          readOnly
          value={url ?? ''}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-700"
        />
        <CopyButton
          label="Copy link"
          what="The link"
          text={() => permalinkUrl(store.getState())}
          onStatus={onStatus}
          primary
        />
      </div>
      {(frameCount > 1 || captureName !== undefined) && (
        <p className="text-xs font-medium text-amber-800">
          The link carries frame {frameNumber} only (the one shown), not{' '}
          {captureName !== undefined ? `the capture ${captureName}` : `all ${frameCount} frames`}.
        </p>
      )}
      <p className="text-xs text-slate-600">
        It holds the frame's bytes, link type and decode-as choices, the selected field and the open rows (and, for a
        frame of a capture, its number, the file's name and when it was captured), all after the “#”: browsers never
        send that part to a server, and opening the link sends nothing anywhere.
      </p>
    </Section>
  );
}

function CopySection({ onStatus }: StatusProps) {
  const store = useAppStore();
  const frameNumber = useAppState((s) => currentView(s)?.frame.number);
  return (
    <Section title={`Copy frame ${frameNumber} as`}>
      <div className="flex flex-wrap gap-1.5">
        {COPY_FORMATS.map((format) => (
          <CopyButton
            key={format}
            label={TEXT_FORMAT_NAMES[format]}
            what={TEXT_FORMAT_NAMES[format]}
            text={() => frameText(store.getState(), format)}
            onStatus={onStatus}
          />
        ))}
        <CopyButton
          label="Report (text)"
          what="The report"
          text={() => frameText(store.getState(), 'report', permalinkUrl(store.getState()))}
          onStatus={onStatus}
        />
      </div>
    </Section>
  );
}

/** `label` is what the button shows, `name` what it is called (two rows have a "pcap" button). */
function DownloadButton({
  label,
  name,
  kind,
  scope,
  onStatus,
}: { label: string; name?: string; kind: FileKind; scope: ExportScope } & StatusProps) {
  const store = useAppStore();
  const onClick = () => {
    const state = store.getState();
    const result = exportFile(state, kind, scope, kind === 'report' ? permalinkUrl(state) : undefined);
    if (!result) return;
    if (!result.ok) {
      onStatus(result.reason);
      return;
    }
    saveFile(result.file.name, result.file.type, result.file.data);
    onStatus(`Saved ${result.file.name}.`);
  };
  return (
    <button type="button" onClick={onClick} aria-label={name} className="tool-button">
      {label}
    </button>
  );
}

/** From a capture: the frames the packet list displays, written by the worker with their capture timestamps. */
function DisplayedFramesRow({ onStatus }: StatusProps) {
  const store = useAppStore();
  const shown = useAppState((s) =>
    s.capture ? (s.capture.filter.applied !== '' ? s.capture.filter.matchCount : s.capture.frameCount) : 0,
  );
  const filtered = useAppState((s) => (s.capture?.filter.applied ?? '') !== '');
  const label = filtered ? `${shown} displayed frames` : `All ${shown} frames`;
  const save = async (format: 'pcap' | 'pcapng') => {
    const result = await exportDisplayedFrames(store, format);
    if (typeof result === 'string') {
      onStatus(result);
      return;
    }
    saveFile(result.name, 'application/vnd.tcpdump.pcap', result.bytes);
    onStatus(`Saved ${result.name}.`);
  };
  return (
    <div className="grid grid-cols-[7rem_1fr] items-center gap-2">
      <span className="text-xs text-slate-600">{label}</span>
      <span className="flex flex-wrap gap-1.5">
        {(['pcap', 'pcapng'] as const).map((format) => (
          <button
            key={format}
            type="button"
            className="tool-button"
            aria-label={`Download the ${label.toLowerCase()} as ${format}`}
            onClick={() => void save(format)}
          >
            {format}
          </button>
        ))}
      </span>
    </div>
  );
}

function DownloadSection({ onStatus }: StatusProps) {
  // From a capture, `frames` holds only the frame shown: its other frames are the capture file itself.
  const frameCount = useAppState((s) => (s.capture ? 1 : s.frames.length));
  const isCapture = useAppState((s) => s.capture !== undefined);
  const frameNumber = useAppState((s) => currentView(s)?.frame.number);
  const row = 'grid grid-cols-[7rem_1fr] items-center gap-2';
  return (
    <Section title="Download">
      <div className={row}>
        <span className="text-xs text-slate-600">Frame {frameNumber}</span>
        <span className="flex flex-wrap gap-1.5">
          {(['pcap', 'pcapng', 'json'] as const).map((kind) => (
            <DownloadButton
              key={kind}
              label={FILE_NAMES[kind]}
              name={`Download frame ${frameNumber} as ${FILE_NAMES[kind]}`}
              kind={kind}
              scope="frame"
              onStatus={onStatus}
            />
          ))}
          <DownloadButton
            label="Report (.txt)"
            name={`Download the report of frame ${frameNumber}`}
            kind="report"
            scope="frame"
            onStatus={onStatus}
          />
        </span>
      </div>
      {isCapture && <DisplayedFramesRow onStatus={onStatus} />}
      {frameCount > 1 && (
        <div className={row}>
          <span className="text-xs text-slate-600">All {frameCount} frames</span>
          <span className="flex flex-wrap gap-1.5">
            {(['pcap', 'pcapng', 'json'] as const).map((kind) => (
              <DownloadButton
                key={kind}
                label={FILE_NAMES[kind]}
                name={`Download all ${frameCount} frames as ${FILE_NAMES[kind]}`}
                kind={kind}
                scope="all"
                onStatus={onStatus}
              />
            ))}
          </span>
        </div>
      )}
    </Section>
  );
}
