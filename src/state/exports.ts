// What the Share / Export menu copies and downloads, taken from the state: the frame shown in text formats
// other tools read, the frame shown or all frames as capture files, the dissection as JSON or as a report.
// Frames are always a list, so "all frames that pass the filter" is one more scope once there is a filter.
import {
  base64,
  cArray,
  dissectionJson,
  hexDump,
  hexStream,
  textReport,
  writePcap,
  writePcapng,
  type ExportFrame,
} from '../export';
import { parseEpochTime } from '../inputs/capture-time';
import type { FrameView } from './frame-view';
import { currentView, linkedFrameOrigin, selectedNode } from './selectors';
import type { AppState } from './store';

export type ExportScope = 'frame' | 'all';

function viewsIn(state: AppState, scope: ExportScope): readonly FrameView[] {
  if (scope === 'all') return state.frames;
  const view = currentView(state);
  return view ? [view] : [];
}

/**
 * The frames an export writes: the one shown, or all of them. A frame from a capture keeps its time and length; a
 * linked frame from a capture, the time the link says it was captured.
 */
export function framesToExport(state: AppState, scope: ExportScope): ExportFrame[] {
  const linkedTime = linkedFrameOrigin(state)?.time;
  return viewsIn(state, scope).map((view) => {
    const capture = view.frame.capture;
    const epoch = capture?.epoch !== undefined ? parseEpochTime(capture.epoch)?.time : linkedTime;
    return {
      bytes: view.bytes,
      linkType: view.frame.linkType,
      ...(epoch ? { timestamp: { seconds: epoch.seconds, nanos: epoch.nanos } } : {}),
      ...(capture ? { originalLength: capture.originalLength } : {}),
    };
  });
}

export type TextFormat = 'hexdump' | 'hexstream' | 'c' | 'base64' | 'report';

export const TEXT_FORMAT_NAMES: Readonly<Record<TextFormat, string>> = {
  hexdump: 'Hex dump',
  hexstream: 'Hex stream',
  c: 'C array',
  base64: 'Base64',
  report: 'Report',
};

/** The frame shown as text; `link` (its permalink) goes at the end of the report. Undefined when none is shown. */
export function frameText(state: AppState, format: TextFormat, link?: string): string | undefined {
  const view = currentView(state);
  if (!view) return undefined;
  switch (format) {
    case 'hexdump':
      return hexDump(view.bytes);
    case 'hexstream':
      return hexStream(view.bytes);
    case 'c':
      return cArray(view.bytes, view.frame.number);
    case 'base64':
      return base64(view.bytes);
    case 'report': {
      const selected = selectedNode(state)?.field;
      return textReport({
        frame: view.frame,
        bytes: view.bytes,
        ...(selected ? { selected } : {}),
        ...(link ? { link } : {}),
      });
    }
  }
}

export type FileKind = 'pcap' | 'pcapng' | 'json' | 'report';

export interface ExportFile {
  readonly name: string;
  /** MIME type. */
  readonly type: string;
  readonly data: Uint8Array | string;
}

export type ExportResult =
  { readonly ok: true; readonly file: ExportFile } | { readonly ok: false; readonly reason: string };

/** A file to download, or why it cannot be written (a pcap of two link types); undefined when nothing is shown. */
export function exportFile(
  state: AppState,
  kind: FileKind,
  scope: ExportScope,
  link?: string,
): ExportResult | undefined {
  const views = viewsIn(state, scope);
  if (views.length === 0) return undefined;
  const base =
    scope === 'all' && views.length > 1
      ? `framescope-${views.length}-frames`
      : `framescope-frame${views[0]!.frame.number}`;
  switch (kind) {
    case 'pcap':
    case 'pcapng': {
      const written = (kind === 'pcap' ? writePcap : writePcapng)(framesToExport(state, scope));
      return written.ok
        ? { ok: true, file: { name: `${base}.${kind}`, type: 'application/vnd.tcpdump.pcap', data: written.bytes } }
        : written;
    }
    case 'json': {
      const problems = scope === 'all' ? (state.input?.problems ?? []) : [];
      const data = dissectionJson(
        views.map((v) => v.frame),
        problems,
      );
      return { ok: true, file: { name: `${base}.json`, type: 'application/json', data } };
    }
    case 'report': {
      // A report is of the frame shown, whatever the scope.
      const view = currentView(state);
      const data = frameText(state, 'report', link);
      if (!view || data === undefined) return undefined;
      return {
        ok: true,
        file: { name: `framescope-frame${view.frame.number}-report.txt`, type: 'text/plain;charset=utf-8', data },
      };
    }
  }
}
