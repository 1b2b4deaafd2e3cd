// The capture slice: a file read by the worker, its packet list and its display filter. The store holds only what
// components subscribe to (counts, status, the selection, version numbers); the rows themselves and the filter's
// matches live beside the store, per store, and a version bump tells the list to look again (STYLE.md §12:
// narrow subscriptions; a million frames never become a million store entries).
import type { FilterError } from '../dissect/filter';
import { offloadSummary, type OffloadHost } from '../dissect/offload';
import type { CaptureSummary } from '../inputs/capture-model';

export { type CaptureInterface, type CaptureSummary } from '../inputs/capture-model';
export { linkTypeId } from '../inputs/linktype';
import type { PacketRow } from '../inputs/capture-frames';
import { formatTime, type TimeFormat, type Timestamp } from '../inputs/capture-time';
import type { CaptureWorker } from '../worker/client';
import type { AppState, AppStore } from './store';

export type { TimeFormat } from '../inputs/capture-time';

/** The packet list's sorted order, computed by the worker over the displayed frames. */
export interface OrderingState {
  /** The latest order asked for; the worker's answer to an older one is dropped. */
  readonly run: number;
  /** The list shows the worker's order for this run (the runtime's `order`); until then, capture order. */
  readonly ready: boolean;
  /** While the worker reads a text column of every displayed frame: how many so far, of how many. */
  readonly keyed: number;
  readonly total: number;
  /** Frames whose bytes could not be read back sorted as empty cells: how many, and why (from the worker). */
  readonly unreadable?: string;
}

export const initialOrdering: OrderingState = { run: 0, ready: false, keyed: 0, total: 0 };

export interface FilterState {
  /** As typed in the filter box. */
  readonly text: string;
  /** Why the typed text is not a filter (checked as you type); undefined when it is one. */
  readonly error: FilterError | undefined;
  /** "Frames with problems" on: the applied filter is ANDed with `_ws.expert.severity >= warning`. */
  readonly problemsOnly: boolean;
  /** ... and notes count too: ANDed with `_ws.expert` (any problem) instead. */
  readonly problemNotes: boolean;
  /** The filter the list shows ('' = every frame), and its run number in the worker. */
  readonly applied: string;
  readonly run: number;
  /** Frames matching so far, frames checked so far, and whether every frame is checked. */
  readonly matchCount: number;
  readonly scanned: number;
  readonly done: boolean;
  /** Frames whose bytes could not be read back were not checked: how many, and why (from the worker). */
  readonly unreadable?: string;
}

export interface CaptureState {
  readonly session: number;
  readonly name: string;
  /** The file's size, and how much of it the worker has read (both as stored: compressed for a .gz). */
  readonly size: number;
  readonly bytesRead: number;
  /** Frames indexed so far in the whole file, whatever the filter shows. */
  readonly frameCount: number;
  readonly done: boolean;
  readonly cancelled: boolean;
  readonly summary: CaptureSummary | undefined;
  readonly firstTime: Timestamp | undefined;
  /** Hosts whose frames carry checksums left to their NIC (captured on the sending host), most frames first. */
  readonly offload: readonly OffloadHost[];
  /** The frame shown in the tree, hex and detail panes (1-based); undefined before the first one arrives. */
  readonly selected: number | undefined;
  /**
   * Why the selected frame cannot be shown (its bytes can no longer be read back from the file); undefined while it is
   * shown or asked for.
   */
  readonly frameError?: string;
  /** Bumped whenever rows arrive: the packet list re-reads the row cache. */
  readonly rowsVersion: number;
  readonly filter: FilterState;
  readonly ordering: OrderingState;
}

export const initialFilter: FilterState = {
  text: '',
  error: undefined,
  problemsOnly: false,
  problemNotes: false,
  applied: '',
  run: 0,
  matchCount: 0,
  scanned: 0,
  done: true,
};

/** What lives beside each store: the worker, the rows it sent, the frame numbers the filter matched. */
export interface CaptureRuntime {
  worker: CaptureWorker | undefined;
  session: number;
  rows: Map<number, PacketRow>;
  /** Rows asked for and not yet answered (asked again only after an answer). */
  requested: Set<number>;
  /** Matching frame numbers in ascending order; the first `matchCount` slots are in use. */
  matches: Uint32Array;
  /** With a sorted column (`ordering.ready`): the displayed frames in the list's order, and each frame's row (-1: not
   * displayed), by frame number. */
  order: Uint32Array | undefined;
  positions: Int32Array | undefined;
}

const runtimes = new WeakMap<AppStore, CaptureRuntime>();

export function runtimeOf(store: AppStore): CaptureRuntime {
  let runtime = runtimes.get(store);
  if (!runtime) {
    runtime = {
      worker: undefined,
      session: 0,
      rows: new Map(),
      requested: new Set(),
      matches: new Uint32Array(1024),
      order: undefined,
      positions: undefined,
    };
    runtimes.set(store, runtime);
  }
  return runtime;
}

/** What "Frames with problems" adds to the filter: warnings and errors, or with `notes` every problem. */
export const problemsFilter = (notes: boolean): string => (notes ? '_ws.expert' : '_ws.expert.severity >= warning');

/** The effective filter text the worker runs: the typed filter, ANDed with `problemsFilter` for "frames with problems". */
export function effectiveFilter(text: string, problemsOnly: boolean, notes = false): string {
  const typed = text.trim();
  if (!problemsOnly) return typed;
  return typed === '' ? problemsFilter(notes) : `(${typed}) && ${problemsFilter(notes)}`;
}

// ---- Selectors.

/** True while a capture file (rather than pasted text) is the input. */
export const hasCapture = (state: AppState): boolean => state.capture !== undefined;

/** The hosts whose frames carry checksums left to their NIC, over the frames read so far (none without a capture). */
export const checksumOffloadHosts = (state: AppState): readonly OffloadHost[] => state.capture?.offload ?? NO_HOSTS;
const NO_HOSTS: readonly OffloadHost[] = [];

/**
 * The capture's one line about checksum offload ("Checksums offloaded to the NIC on 192.168.1.10 (36 frames: IPv4 and
 * TCP): this capture was made on the sending host; they are not errors."), or undefined when no frame had one.
 */
export const checksumOffloadText = (state: AppState): string | undefined => offloadSummary(checksumOffloadHosts(state));

/** Whether a filter narrows the list (then the list shows the matches, not every frame). */
export const isFiltered = (state: AppState): boolean => (state.capture?.filter.applied ?? '') !== '';

/** Rows in the packet list: every frame indexed so far, or the matches found so far. */
export function packetCount(state: AppState): number {
  const capture = state.capture;
  if (!capture) return 0;
  return capture.filter.applied !== '' ? capture.filter.matchCount : capture.frameCount;
}

/**
 * The packet list's status while a display filter is applied: how many frames it shows, and whether the filter is
 * still checking frames ("filtering… 1,200 of 3,400 checked") or has checked every one ("filter finished"); undefined
 * without a filter.
 */
export function filterStatusText(state: AppState): string | undefined {
  const capture = state.capture;
  if (!capture || !isFiltered(state)) return undefined;
  const { frameCount, filter } = capture;
  const shown = `Displayed: ${packetCount(state).toLocaleString('en')} of ${frameCount.toLocaleString('en')} frames`;
  if (!filter.done)
    return `${shown} · filtering… ${filter.scanned.toLocaleString('en')} of ${frameCount.toLocaleString('en')} checked`;
  return `${shown} · filter finished${filter.unreadable !== undefined ? ` · ${filter.unreadable}` : ''}`;
}

/** The list shows a sorted column's order (rather than capture order). */
export const isSorted = (state: AppState): boolean => state.capture?.ordering.ready === true;

/** The frame number shown in the list's `row`-th row (0-based), or undefined. */
export function frameAtRow(store: AppStore, row: number): number | undefined {
  const state = store.getState();
  if (row < 0 || row >= packetCount(state)) return undefined;
  if (isSorted(state)) return runtimeOf(store).order?.[row];
  return isFiltered(state) ? runtimeOf(store).matches[row] : row + 1;
}

/** The frame's index among the filter's matches (capture order), or -1. */
function matchIndex(store: AppStore, number: number): number {
  const { matches } = runtimeOf(store);
  let lo = 0;
  let hi = (store.getState().capture?.filter.matchCount ?? 0) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = matches[mid]!;
    if (at === number) return mid;
    if (at < number) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The list row (0-based) showing a frame number, or -1 when the filter hides it. */
export function rowOfFrame(store: AppStore, number: number): number {
  const state = store.getState();
  if (isSorted(state)) return runtimeOf(store).positions?.[number] ?? -1;
  if (!isFiltered(state)) return number >= 1 && number <= packetCount(state) ? number - 1 : -1;
  return matchIndex(store, number);
}

/**
 * The frame before `number` in capture order: the previous captured one, or with `displayed` the previous one the
 * filter shows (whatever the sort: Wireshark's "previous displayed frame"); undefined for the first.
 */
export function previousFrame(store: AppStore, number: number, displayed: boolean): number | undefined {
  if (!displayed || !isFiltered(store.getState())) return number > 1 ? number - 1 : undefined;
  const index = matchIndex(store, number);
  return index > 0 ? runtimeOf(store).matches[index - 1] : undefined;
}

/** The frame whose row the Time column of `number` needs too (the deltas), if any. */
export function timeReferenceFrame(store: AppStore, number: number, format: TimeFormat): number | undefined {
  return format === 'delta' || format === 'delta-displayed'
    ? previousFrame(store, number, format === 'delta-displayed')
    : undefined;
}

export function packetRowOf(store: AppStore, number: number): PacketRow | undefined {
  return runtimeOf(store).rows.get(number);
}

/**
 * The row's Time column in `format`: empty without a timestamp, or while the row it is measured from (the first
 * frame's time, the previous frame's row) has not arrived yet.
 */
export function rowTime(store: AppStore, row: PacketRow, format: TimeFormat): string {
  if (!row.time) return '';
  const start = store.getState().capture?.firstTime;
  if (format === 'relative') return start ? formatTime(format, row.time, row.digits, { start }) : '';
  const reference = timeReferenceFrame(store, row.number, format);
  if (reference === undefined) return formatTime(format, row.time, row.digits, {});
  const before = packetRowOf(store, reference);
  return before ? formatTime(format, row.time, row.digits, { previous: before.time ?? row.time }) : '';
}
