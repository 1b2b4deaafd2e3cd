// Actions for capture files: open one (open-file.ts tells captures from other files), follow the worker's progress,
// fetch the rows the list shows and the frame the user selects, move through the list from the keyboard, filter,
// cancel, close.
// Plain functions over a store, like actions.ts.
import type { Problem } from '../dissect/model';
import type { CaptureSummary } from '../inputs/capture-model';
import { compileFilter } from '../dissect/filter';
import { startCaptureWorker } from '../worker/client';
import type { FromWorker } from '../worker/protocol';
import { decodeInput } from './actions';
import {
  effectiveFilter,
  frameAtRow,
  initialFilter,
  initialOrdering,
  packetCount,
  rowOfFrame,
  runtimeOf,
  type CaptureState,
  type TimeFormat,
} from './capture';
import type { PacketColumn } from '../inputs/packet-order';
import { receiveConversations } from './conversation';
import { receiveFollow } from './follow';
import { setColumnWidth, setPacketListPreferences } from './preferences';
import { receiveExpert } from './expert';
import { receiveFind, showFoundBytes } from './find';
import { ownProblems, sourceViews } from './sources';
import { buildFrameView, initiallyExpanded, visibleKeys } from './frame-view';
import { initialSelection, type AppStore } from './store';

/** A file as the page gets it (a File, or a Blob with a name). */
export interface NamedBlob extends Blob {
  readonly name?: string;
}

function worker(store: AppStore) {
  const runtime = runtimeOf(store);
  if (!runtime.worker) {
    runtime.worker = startCaptureWorker();
    runtime.worker.listen((message) => receive(store, message));
    // Decode-as rules or the COTP format changed: the open capture is dissected again with them.
    store.subscribe((state, before) => {
      if (state.options !== before.options && state.capture) redissect(store);
    });
  }
  return runtime.worker;
}

function redissect(store: AppStore): void {
  const { capture, options } = store.getState();
  if (!capture) return;
  const runtime = runtimeOf(store);
  worker(store).post({ type: 'options', session: capture.session, options });
  runtime.rows = new Map();
  runtime.requested = new Set();
  store.setState({ capture: { ...capture, rowsVersion: capture.rowsVersion + 1 } });
  if (capture.selected !== undefined)
    worker(store).post({ type: 'frame', session: capture.session, number: capture.selected });
  // The text columns may read differently: the filter runs again, and the sort after it.
  if (capture.filter.applied !== '') applyFilter(store);
  else requestOrder(store);
}

/**
 * Starts the capture worker before any file is opened, so that its script is loaded and compiled while the page is
 * idle and a file's first rows do not wait for it. Opening a file starts it anyway when this has not run yet.
 */
export function warmCaptureWorker(store: AppStore): void {
  worker(store);
}

export function openCapture(store: AppStore, file: NamedBlob): void {
  const runtime = runtimeOf(store);
  const session = ++runtime.session;
  runtime.rows = new Map();
  runtime.requested = new Set();
  runtime.matches = new Uint32Array(1024);
  runtime.order = undefined;
  runtime.positions = undefined;
  const capture: CaptureState = {
    session,
    name: file.name ?? 'capture',
    size: file.size,
    bytesRead: 0,
    frameCount: 0,
    done: false,
    cancelled: false,
    summary: undefined,
    firstTime: undefined,
    offload: [],
    selected: undefined,
    rowsVersion: 0,
    filter: { ...initialFilter, text: store.getState().capture?.filter.text ?? '' },
    ordering: initialOrdering,
  };
  if (file.size > MAX_CAPTURE_BYTES) {
    const problem: Problem = {
      severity: 'error',
      code: 'input-unreadable',
      message: `This file is ${(file.size / 1024 / 1024 / 1024).toFixed(2)} GB; a browser tab can hold captures of up to ${MAX_CAPTURE_BYTES / 1024 / 1024 / 1024} GB. Split it (editcap -c 1000000 in.pcap out.pcap) or run the CLI (npx framescope FILE), which streams any size.`,
    };
    store.setState({
      capture: { ...capture, done: true, summary: stoppedSummary(problem) },
      frames: [],
      frameIndex: 0,
      ...initialSelection,
    });
    return;
  }
  store.setState({ capture, frames: [], frameIndex: 0, ...initialSelection });
  worker(store).post({ type: 'open', session, file, options: store.getState().options });
  // A filter typed before (for the previous file) applies to this one too, and the sorted column (a preference).
  if (capture.filter.text.trim() !== '') applyFilter(store);
  else requestOrder(store);
}

export function cancelCapture(store: AppStore): void {
  const capture = store.getState().capture;
  if (capture && !capture.done) worker(store).post({ type: 'cancel', session: capture.session });
}

/** Back to pasted text: the capture is dropped, the text box's frames come back. */
export function closeCapture(store: AppStore): void {
  const capture = store.getState().capture;
  if (!capture) return;
  const runtime = runtimeOf(store);
  runtime.worker?.post({ type: 'close', session: capture.session });
  runtime.session++;
  runtime.rows = new Map();
  store.setState({ capture: undefined, frames: [], frameIndex: 0, ...initialSelection });
  decodeInput(store);
}

function updateCapture(
  store: AppStore,
  session: number,
  change: (capture: CaptureState) => Partial<CaptureState>,
): void {
  const capture = store.getState().capture;
  if (!capture || capture.session !== session) return;
  store.setState({ capture: { ...capture, ...change(capture) } });
}

/** What a browser tab can hold: the reader keeps the file's bytes in memory. Larger files go to the CLI, which streams. */
export const MAX_CAPTURE_BYTES = 1024 * 1024 * 1024;

/** A capture that ends before it starts, with one problem saying why. */
function stoppedSummary(problem: Problem, frameCount = 0, bytesRead = 0): CaptureSummary {
  return {
    format: 'pcap',
    compressed: false,
    description: 'not read',
    sections: [],
    interfaces: [],
    frameCount,
    bytesRead,
    problems: [problem],
    skippedBlocks: {},
    done: true,
  };
}

/** The worker died: say so, keep the page working, and start a fresh worker for the next file. */
function workerFailed(store: AppStore, reason: string): void {
  const runtime = runtimeOf(store);
  runtime.worker?.terminate();
  runtime.worker = undefined;
  const capture = store.getState().capture;
  if (!capture) return;
  const problem: Problem = {
    severity: 'error',
    code: 'input-unreadable',
    message: `The capture reader stopped (${reason}) after ${capture.frameCount} frames — most likely the tab ran out of memory for this file. The page still works: close the capture, open a smaller file (editcap -c splits one), or run the CLI (npx framescope FILE), which streams.`,
  };
  const summary = capture.summary
    ? { ...capture.summary, problems: [...capture.summary.problems, problem], done: true }
    : stoppedSummary(problem, capture.frameCount);
  store.setState({ capture: { ...capture, done: true, summary } });
}

/** The page side of every worker message (exported for tests that play the worker). */
export function receive(store: AppStore, message: FromWorker): void {
  const runtime = runtimeOf(store);
  if (message.type === 'failed') {
    workerFailed(store, message.reason);
    return;
  }
  const capture = store.getState().capture;
  if (!capture || message.session !== capture.session) return;
  switch (message.type) {
    case 'progress': {
      updateCapture(store, message.session, () => ({
        bytesRead: message.bytesRead,
        frameCount: message.summary.frameCount,
        summary: message.summary,
        firstTime: message.firstTime,
        offload: message.offload,
        done: message.done,
        cancelled: message.cancelled,
      }));
      // The first frame is shown as soon as it exists, as a pasted frame is.
      if (capture.selected === undefined && message.summary.frameCount > 0) selectPacket(store, 1);
      return;
    }
    case 'conversations': {
      receiveConversations(store, message);
      return;
    }
    case 'follow': {
      receiveFollow(store, message);
      return;
    }
    case 'expert': {
      receiveExpert(store, message);
      return;
    }
    case 'rows': {
      for (const row of message.rows) {
        runtime.rows.set(row.number, row);
        runtime.requested.delete(row.number);
      }
      updateCapture(store, message.session, (c) => ({ rowsVersion: c.rowsVersion + 1 }));
      return;
    }
    case 'frame': {
      if (capture.selected !== message.number) return;
      const view = buildFrameView(ownProblems(message.frame), message.bytes);
      const expanded = initiallyExpanded(view);
      store.setState({
        ...(capture.frameError !== undefined ? { capture: { ...capture, frameError: undefined } } : {}),
        frames: [view, ...sourceViews(message.frame)],
        frameIndex: 0,
        selection: undefined,
        expanded,
        visible: visibleKeys(view, expanded),
      });
      showFoundBytes(store, message.number);
      return;
    }
    case 'frameUnreadable': {
      if (capture.selected !== message.number) return;
      // The frame shown before must not stand in for this one: the panes are emptied and say why.
      store.setState({
        capture: { ...capture, frameError: message.reason },
        frames: [],
        frameIndex: 0,
        ...initialSelection,
      });
      return;
    }
    case 'find': {
      const found = receiveFind(store, message);
      if (found !== undefined) selectPacket(store, found);
      return;
    }
    case 'export': {
      exportsWaiting.get(message.request)?.(message);
      exportsWaiting.delete(message.request);
      return;
    }
    case 'order': {
      receiveOrder(store, message);
      return;
    }
    case 'filter': {
      if (message.filter !== capture.filter.run) return;
      if (message.error) {
        updateCapture(store, message.session, (c) => ({ filter: { ...c.filter, error: message.error, done: true } }));
        return;
      }
      const count = capture.filter.matchCount;
      if (count + message.matches.length > runtime.matches.length) {
        const grown = new Uint32Array(Math.max(runtime.matches.length * 2, count + message.matches.length));
        grown.set(runtime.matches.subarray(0, count));
        runtime.matches = grown;
      }
      runtime.matches.set(message.matches, count);
      updateCapture(store, message.session, (c) => ({
        filter: {
          ...c.filter,
          matchCount: count + message.matches.length,
          scanned: message.scanned,
          done: message.done,
          unreadable: message.unreadable,
        },
      }));
    }
  }
}

/** Asks the worker for rows the list is about to show and does not have yet. */
/** Answers the worker owes to exportDisplayedFrames, by request number. */
const exportsWaiting = new Map<number, (message: Extract<FromWorker, { type: 'export' }>) => void>();
let exportRequests = 0;

export interface CaptureExport {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly frames: number;
}

/**
 * The frames the packet list displays (all of them, or those passing the filter) as a capture file written by the
 * worker, which holds the bytes and the capture timestamps. Resolves to a reason when it cannot be written.
 */
export function exportDisplayedFrames(store: AppStore, format: 'pcap' | 'pcapng'): Promise<CaptureExport | string> {
  const capture = store.getState().capture;
  if (!capture) return Promise.resolve('No capture is open.');
  const runtime = runtimeOf(store);
  const filtered = capture.filter.applied !== '';
  if (filtered && !capture.filter.done)
    return Promise.resolve('The filter is still running: export when it has checked every frame.');
  const numbers = filtered ? runtime.matches.slice(0, capture.filter.matchCount) : undefined;
  if (numbers && numbers.length === 0) return Promise.resolve('No frame passes the filter.');
  const request = ++exportRequests;
  return new Promise((resolve) => {
    exportsWaiting.set(request, (message) => {
      if (!message.result.ok) resolve(message.result.reason);
      else
        resolve({
          name: `framescope-${message.frames}-frames.${format}`,
          bytes: message.result.bytes,
          frames: message.frames,
        });
    });
    worker(store).post({ type: 'export', session: capture.session, request, format, ...(numbers ? { numbers } : {}) });
  });
}

export function requestRows(store: AppStore, numbers: readonly number[]): void {
  const capture = store.getState().capture;
  if (!capture) return;
  const runtime = runtimeOf(store);
  const missing = numbers.filter((n) => !runtime.rows.has(n) && !runtime.requested.has(n));
  if (missing.length === 0) return;
  for (const n of missing) runtime.requested.add(n);
  worker(store).post({ type: 'rows', session: capture.session, numbers: missing });
}

/** Shows frame `number` in the tree, hex and detail panes (the worker dissects it). */
export function selectPacket(store: AppStore, number: number): void {
  const capture = store.getState().capture;
  if (!capture || number < 1 || number > capture.frameCount || capture.selected === number) return;
  store.setState({ capture: { ...capture, selected: number, frameError: undefined } });
  worker(store).post({ type: 'frame', session: capture.session, number });
}

export type PacketMove = 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

/** Keyboard moves in the packet list, over the rows it shows (the filter's matches when one applies). */
export function moveInPackets(store: AppStore, move: PacketMove, pageRows: number): void {
  const state = store.getState();
  const count = packetCount(state);
  if (!state.capture || count === 0) return;
  const selected = state.capture.selected;
  const at = selected === undefined ? -1 : rowOfFrame(store, selected);
  const page = Math.max(1, pageRows - 1);
  const target = {
    up: at < 0 ? 0 : at - 1,
    down: at + 1,
    pageUp: at < 0 ? 0 : at - page,
    pageDown: at < 0 ? page : at + page,
    home: 0,
    end: count - 1,
  }[move];
  const number = frameAtRow(store, Math.max(0, Math.min(count - 1, target)));
  if (number !== undefined) selectPacket(store, number);
}

/** The filter box changed: checked at once (the reason shows as you type), applied on applyFilter. */
export function setFilterText(store: AppStore, text: string): void {
  const capture = store.getState().capture;
  if (!capture) return;
  const compiled = compileFilter(text);
  store.setState({
    capture: { ...capture, filter: { ...capture.filter, text, error: compiled.ok ? undefined : compiled.error } },
  });
}

/** Runs the typed filter (with "frames with problems" when on) over every frame; a bad filter is not applied. */
export function applyFilter(store: AppStore): void {
  const capture = store.getState().capture;
  if (!capture) return;
  const { text, problemsOnly, problemNotes, run } = capture.filter;
  const compiled = compileFilter(text);
  if (!compiled.ok) {
    store.setState({ capture: { ...capture, filter: { ...capture.filter, error: compiled.error } } });
    return;
  }
  const applied = effectiveFilter(text, problemsOnly, problemNotes);
  const next = run + 1;
  store.setState({
    capture: {
      ...capture,
      filter: {
        ...capture.filter,
        error: undefined,
        applied,
        run: next,
        matchCount: 0,
        unreadable: undefined,
        scanned: 0,
        done: applied === '',
      },
    },
  });
  if (applied !== '') worker(store).post({ type: 'filter', session: capture.session, filter: next, text: applied });
  requestOrder(store);
}

export function setProblemsOnly(store: AppStore, on: boolean): void {
  const capture = store.getState().capture;
  if (!capture || capture.filter.problemsOnly === on) return;
  store.setState({ capture: { ...capture, filter: { ...capture.filter, problemsOnly: on } } });
  applyFilter(store);
}

/** "Frames with problems" counts notes too (or, off, only warnings and errors). */
export function setProblemNotes(store: AppStore, on: boolean): void {
  const capture = store.getState().capture;
  if (!capture || capture.filter.problemNotes === on) return;
  store.setState({ capture: { ...capture, filter: { ...capture.filter, problemNotes: on } } });
  if (capture.filter.problemsOnly) applyFilter(store);
}

/**
 * The Time column's format (a preference). Its width goes back to the format's default, as Wireshark resizes the
 * column; sorted by Time, the list is sorted again (the deltas sort differently).
 */
export function setTimeFormat(store: AppStore, timeFormat: TimeFormat): void {
  const { packetList } = store.getState().preferences;
  if (packetList.timeFormat === timeFormat) return;
  setPacketListPreferences(store, { timeFormat });
  setColumnWidth(store, 'time', undefined);
  if (packetList.sort?.column === 'time') requestOrder(store);
}

/** A click on a column's header, as in Wireshark: ascending, then descending, then back to capture order. */
export function sortByColumn(store: AppStore, column: PacketColumn): void {
  const { sort } = store.getState().preferences.packetList;
  const next =
    sort?.column !== column
      ? { column, direction: 'ascending' as const }
      : sort.direction === 'ascending'
        ? { column, direction: 'descending' as const }
        : undefined;
  setPacketListPreferences(store, { sort: next });
  requestOrder(store);
}

/**
 * Asks the worker for the displayed frames in the sorted column's order (it answers once the file is read and the
 * filter done); meanwhile, and without a sorted column, the list shows capture order. The selection stays on its frame.
 */
function requestOrder(store: AppStore): void {
  const capture = store.getState().capture;
  if (!capture) return;
  const { sort, timeFormat } = store.getState().preferences.packetList;
  // Nothing sorted now or before: nothing to ask or to stop.
  if (!sort && capture.ordering.run === 0) return;
  const runtime = runtimeOf(store);
  runtime.order = undefined;
  runtime.positions = undefined;
  const run = capture.ordering.run + 1;
  store.setState({ capture: { ...capture, ordering: { ...initialOrdering, run } } });
  const filter = capture.filter.applied !== '' ? { filter: capture.filter.run } : {};
  worker(store).post({ type: 'sort', session: capture.session, run, ...(sort ? { sort } : {}), timeFormat, ...filter });
}

function receiveOrder(store: AppStore, message: Extract<FromWorker, { type: 'order' }>): void {
  const capture = store.getState().capture;
  if (!capture || message.run !== capture.ordering.run) return;
  const { keyed, total, order } = message;
  if (order) {
    const runtime = runtimeOf(store);
    const positions = new Int32Array(capture.frameCount + 1).fill(-1);
    order.forEach((number, row) => (positions[number] = row));
    runtime.order = order;
    runtime.positions = positions;
  }
  const unreadable = message.unreadable !== undefined ? { unreadable: message.unreadable } : {};
  store.setState({
    capture: { ...capture, ordering: { run: capture.ordering.run, ready: !!order, keyed, total, ...unreadable } },
  });
}
