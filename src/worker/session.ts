// The capture worker's logic, free of worker globals so tests run it in-process: reads the file chunk by chunk into
// the capture reader (progress as it goes, first rows before the end), answers the packet list's rows and the
// selected frame by dissecting on demand, runs a display filter over every frame in slices, as frames arrive, and
// sorts the frames the list displays by a column.
//
// Passes over many frames (rows, the display filter, Find Packet, the Expert tally, text sort keys) dissect with the
// lean sink: columns, problems, layer spans and only the values a filter names. Only the frame on screen is built
// as a tree of fields.
import type { DissectOptions } from '../dissect/dissector';
import { createOffloadTally } from '../dissect/offload';
import type { Problem } from '../dissect/model';
import {
  compileFilter,
  compileFind,
  findBytes,
  findOrder,
  type CompiledFilter,
  type CompiledFind,
  type FilterTarget,
  type FindDirection,
} from '../dissect/filter';
import { captureKind, createCaptureReader, type CaptureReader } from '../inputs/capture';
import { createByteStore, type ByteStore, type ReadBack } from '../inputs/capture-bytes';
import { LeanWants } from '../dissect/sink';
import {
  dissectCaptureFrame,
  dissectCaptureLean,
  filterTarget,
  firstTimestamp,
  packetRow,
  recordTarget,
  secondsSince,
  trackCaptureFrame,
  type PacketRow,
} from '../inputs/capture-frames';
import { createStreamTracker, type StreamTracker } from '../dissect/stream';
import { APP_USE, DEFAULT_CAPS } from '../dissect/stream/state';
import { createConversationStats, type ConversationStats } from '../dissect/stream/conversation-stats';
import { describeTimeline } from '../dissect/stream/timeline';
import { followOfCapture } from './follow';
import type { TimeFormat, Timestamp } from '../inputs/capture-time';
import { isTextColumn, packetOrder, textKey, type PacketSort, type TextColumn } from '../inputs/packet-order';
import { shownOf, type FromWorker, type ToWorker } from './protocol';
import { writePcap, writePcapng, type ExportFrame } from '../export';
import { createExpertTally, type ExpertTally } from '../dissect/expert';
import { frameUnreadable, passUnreadable, ROW_UNREADABLE, unreadableFrames, UNREADABLE_WHY } from './unreadable';

export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

export interface SessionDeps {
  /** Runs `task` later, after pending messages (in a new task: `messageTask` by default). */
  readonly schedule?: (task: () => void) => void;
  /** Resolves in a later task, after queued messages (between a file's chunks). */
  readonly nextTask?: () => Promise<void>;
  readonly now?: () => number;
  /**
   * How a file's bytes are read back once let go (`fileReadBack` by default: FileReaderSync, in a worker); undefined:
   * every byte is kept in memory (a gzip-compressed file always is).
   */
  readonly readBack?: (file: Blob) => ReadBack | undefined;
}

/** The synchronous FileReader of a worker (not in the DOM's types). */
type FileReaderSyncConstructor = new () => { readAsArrayBuffer(blob: Blob): ArrayBuffer };

/**
 * In a worker, a File's bytes read back with FileReaderSync (local: nothing is fetched); elsewhere (Node tests) none.
 * Like Wireshark's wtap_seek_read: the app keeps each frame's place in the file, not its bytes.
 */
function fileReadBack(file: Blob): ReadBack | undefined {
  const Reader = (globalThis as { FileReaderSync?: FileReaderSyncConstructor }).FileReaderSync;
  if (!Reader) return undefined;
  const reader = new Reader();
  return (offset, length) => new Uint8Array(reader.readAsArrayBuffer(file.slice(offset, offset + length)));
}

/** Progress messages at most this often while reading (the first frames are announced at once). */
const PROGRESS_EVERY_MS = 100;
/** While a file is read, its frames are followed this long before the page's requests are let in. */
const FOLLOW_SLICE_MS = 10;
/** How many frames are followed between two looks at the clock (or at whether a frame's facts are final). */
const FOLLOW_CHECK = 64;
/** Matches are sent to the page at most this often while a filter runs (its first matches at once). */
const FILTER_POST_MS = 100;
/** A filter slice looks at the clock after this many frames. */
const FILTER_CHECK = 16;
/** A filter slice runs this long before it lets row and frame requests through. */
const FILTER_SLICE_MS = 12;
/** Rows kept ready for scrolling back; each is small. */
const ROW_CACHE = 20_000;
/** A running find says how far it got at most this often. */
const FIND_PROGRESS_MS = 250;
/** Expert information is sent at most this often while the tally runs (each message copies every group's frames). */
const EXPERT_EVERY_MS = 250;

/**
 * A function that resolves in a new task, after messages already queued. In a browser: a message through one
 * MessageChannel, made at the first call and kept (no timer clamping, unlike setTimeout's 4 ms after a few nested
 * calls; a channel made per task cost ≈ 25 ms of a 100 000-frame index in Chromium, a new pair of ports each time).
 * In Node (tests, the in-process session): setImmediate, since a Node port delivers the messages posted while it
 * delivers in the same turn, and one kept port would then never let timers or other ports in.
 */
function messageTasks(): () => Promise<void> {
  const immediate = (globalThis as { setImmediate?: (task: () => void) => void }).setImmediate;
  if (immediate) return () => new Promise((resolve) => immediate(resolve));
  let port: MessagePort | undefined;
  /** Resolvers in the order their messages were posted: a port delivers in that order. */
  const waiting: (() => void)[] = [];
  return () =>
    new Promise((resolve) => {
      if (!port) {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => waiting.shift()?.();
        port = channel.port2;
      }
      waiting.push(resolve);
      port.postMessage(undefined);
    });
}

/** Resolves in a new task, after messages already queued (one channel for every session of the worker). */
const messageTask = messageTasks();

/** Work done in slices between messages: one slice scheduled at a time. */
interface SlicedJob {
  running: boolean;
}

interface FilterRun {
  readonly id: number;
  readonly filter: CompiledFilter | undefined;
  /** What each frame is dissected for: the filter's fields; undefined when it reads only the capture record. */
  readonly wants: LeanWants | undefined;
  scanned: number;
  /** Every match so far, in capture order (the sort needs them); the first `sent` of them are sent to the page. */
  readonly matched: number[];
  sent: number;
  /** When matches were last sent: sent at most every FILTER_POST_MS (each message redraws the page's list). */
  lastPost: number;
  running: boolean;
  /** Frames whose bytes could not be read back (the file changed since): not matched, and said. */
  unreadable: number;
}

/** Find Packet: frames visited in `findOrder` from `from`; `step` of them checked so far. */
interface FindRun {
  readonly request: number;
  readonly find: CompiledFind;
  /** The applied display filter: a frame it hides is not found. */
  readonly displayed: CompiledFilter | undefined;
  /** What each frame is dissected for: both filters' fields; undefined when neither needs a dissection. */
  readonly wants: LeanWants | undefined;
  readonly from: number;
  readonly direction: FindDirection;
  /** Frames indexed when the search started: the ones it visits. */
  readonly total: number;
  step: number;
  running: boolean;
  lastPost: number;
  /** Frames whose bytes could not be read back: not searched, and said. */
  unreadable: number;
}

/** A sort of the displayed frames: it waits for the file and the filter, keys every frame, then sorts once. */
interface SortRun {
  readonly run: number;
  readonly sort: PacketSort;
  readonly timeFormat: TimeFormat;
  /** The filter run whose matches are displayed; undefined: every frame. */
  readonly filter: number | undefined;
  /** The displayed frames in capture order, once the file is read and the filter has checked every frame. */
  displayed?: Uint32Array;
  keyed: number;
  running: boolean;
  lastPost: number;
  /** Frames whose bytes could not be read back: keyed by empty cells, and said. */
  unreadable: number;
}

/** The Expert Information tally: every frame's problems, frame by frame as they are indexed. */
interface ExpertRun {
  tally: ExpertTally;
  scanned: number;
  /** Frames tallied before the conversation tracker changed their facts: tallied again. */
  readonly stale: Set<number>;
  running: boolean;
  lastPost: number;
  /** The last message said `done`: nothing is left to tell until frames arrive or change. */
  told: boolean;
  /** Frames whose bytes could not be read back: not tallied, and said. */
  readonly unreadable: Set<number>;
}

const newExpertRun = (): ExpertRun => ({
  tally: createExpertTally(),
  scanned: 0,
  stale: new Set(),
  running: false,
  lastPost: 0,
  told: false,
  unreadable: new Set(),
});

interface Open {
  readonly session: number;
  readonly reader: CaptureReader;
  readonly totalBytes: number;
  options: DissectOptions;
  bytesRead: number;
  done: boolean;
  cancelled: boolean;
  stream?: ReadableStreamDefaultReader<Uint8Array>;
  start?: Timestamp;
  lastProgress: number;
  announcedFrames: number;
  rows: Map<number, PacketRow>;
  filter?: FilterRun;
  find?: FindRun;
  /** The browser failed to read the file (a file removed while read). */
  unreadable?: Problem;
  /** Reassembly: the TCP conversations, followed frame by frame as they are indexed; `tracked` frames so far. */
  tracker: StreamTracker;
  tracked: number;
  /** The conversations' frames and bytes each way, counted as the tracker follows them. */
  stats: ConversationStats;
  expert?: ExpertRun;
  sort?: SortRun;
  /** A text column's sort keys by frame number, kept for the next sort by that column (until decode options change). */
  sortKeys?: { readonly column: TextColumn; readonly keys: (string | undefined)[] };
  /** The hosts whose frames carry checksums left to their NIC, counted over the frames tracked so far. */
  offload: ReturnType<typeof createOffloadTally>;
}

export interface CaptureSession {
  handle(message: ToWorker): void;
}

/** Rows, the Expert tally and sort keys read only the columns and the problems: no field's value. */
const NO_VALUES = new LeanWants(new Set());

/** What a frame is dissected for to run these filters: their fields; undefined when none needs a dissection. */
function wantsOf(...filters: (CompiledFilter | undefined)[]): LeanWants | undefined {
  const needed = filters.filter((f) => f?.needsDissection);
  return needed.length > 0 ? new LeanWants(new Set(needed.flatMap((f) => [...f!.ids]))) : undefined;
}

const statsOf = (tracker: StreamTracker) => createConversationStats(() => tracker.conversations(), tracker.tcp);

/**
 * The conversation tracker of a file: each direction's recent bytes read back from their frames when an overlap is
 * compared, not copied (the reader can give any frame's bytes again).
 */
const trackerFor = (reader: CaptureReader, options: DissectOptions) =>
  createStreamTracker(options, DEFAULT_CAPS, { ...APP_USE, frameBytes: (n) => reader.frameBytes(n) });

export function createCaptureSession(post: Post, deps: SessionDeps = {}): CaptureSession {
  // Not setTimeout: nested timers are clamped to 4 ms, idle time between every slice of a filter or the Expert tally.
  const schedule = deps.schedule ?? ((task) => void messageTask().then(task));
  const nextTask = deps.nextTask ?? messageTask;
  const now = deps.now ?? (() => performance.now());
  let current: Open | undefined;

  /**
   * Where a file's bytes are kept: the latest few MB while it is read, older ones read back from the file when asked
   * for; all in memory when they cannot be read back, or when the file is gzip-compressed (its frames' offsets are
   * the unpacked bytes').
   */
  const storeFor = (file: Blob, onFailure: (error: unknown, offset: number) => void): ByteStore | undefined => {
    const readBack = (deps.readBack ?? fileReadBack)(file);
    if (!readBack || file.size < 4) return undefined;
    try {
      if (captureKind(readBack(0, 4)) === 'gzip') return undefined;
    } catch {
      return undefined; // the file's stream says why it cannot be read
    }
    return createByteStore({ readBack, onFailure });
  };

  const progress = (open: Open) => {
    open.lastProgress = now();
    open.announcedFrames = open.reader.frameCount();
    const summary = open.reader.summary();
    post({
      type: 'progress',
      session: open.session,
      bytesRead: open.bytesRead,
      totalBytes: open.totalBytes,
      summary: open.unreadable ? { ...summary, problems: [...summary.problems, open.unreadable] } : summary,
      ...(open.start ? { firstTime: open.start } : {}),
      offload: open.offload.hosts(),
      done: open.done,
      cancelled: open.cancelled,
    });
  };

  /**
   * Frames indexed and not followed yet go through the conversation tracker, in order, while `more()` says so (asked
   * after every FOLLOW_CHECK frames); rows it changed are dropped.
   */
  const follow = (open: Open, more?: () => boolean) => {
    const count = open.reader.frameCount();
    for (let followed = 0; open.tracked < count; followed++) {
      if (more && followed > 0 && followed % FOLLOW_CHECK === 0 && !more()) break;
      const number = ++open.tracked;
      const frame = trackCaptureFrame(open.tracker, open.reader, number, open.start, open.options);
      if (!frame) continue;
      open.offload.add(frame);
      const record = open.reader.frame(number)!;
      open.stats.add(frame, record.originalLength, secondsSince(record.time, open.start));
    }
    if (open.done && open.tracked >= count) open.tracker.finish();
    for (const n of open.tracker.takeChanged()) {
      open.rows.delete(n);
      if (open.expert && n <= open.expert.scanned) open.expert.stale.add(n);
    }
  };

  /**
   * Follows until frame `number`'s facts are final (no PDU or TSDU it holds part of still open), or every frame read so
   * far is followed (then nothing more is known for now).
   */
  const followTo = (open: Open, number: number) => {
    if (open.tracked >= open.reader.frameCount()) return;
    if (number > open.tracked || open.tracker.settledBefore() <= number)
      follow(open, () => open.tracked < number || open.tracker.settledBefore() <= number);
  };

  /** The frame on screen: every field, as a tree. */
  const dissect = (open: Open, number: number) => {
    followTo(open, number);
    return dissectCaptureFrame(open.reader, number, open.start, open.options, { tracker: open.tracker });
  };

  /** A bulk pass's view of a frame: columns, problems, layers and the values `wants` names. */
  const leanFrame = (open: Open, number: number, wants: LeanWants) => {
    followTo(open, number);
    return dissectCaptureLean(open.reader, number, wants, open.options, { tracker: open.tracker });
  };

  /** Frame `number`'s row from its dissection; undefined when its bytes cannot be read (or there is no such frame). */
  const dissectedRow = (open: Open, number: number): PacketRow | undefined => {
    const cached = open.rows.get(number);
    if (cached) return cached;
    const dissected = leanFrame(open, number, NO_VALUES);
    if (!dissected) return undefined;
    const made = packetRow(dissected);
    if (open.rows.size >= ROW_CACHE) open.rows.delete(open.rows.keys().next().value!);
    open.rows.set(number, made);
    return made;
  };

  /**
   * The row of a frame whose bytes can no longer be read back: what the index knows (number, time, lengths, comments)
   * and why the rest is missing, as an error. Not cached: nothing else is known of it.
   */
  const indexRow = (open: Open, number: number): PacketRow | undefined => {
    const record = open.reader.frame(number);
    if (!record) return undefined;
    return {
      number,
      ...(record.time ? { time: record.time } : {}),
      digits: record.digits,
      source: '',
      destination: '',
      protocol: '',
      length: record.originalLength,
      capturedLength: record.capturedLength,
      info: ROW_UNREADABLE,
      severity: 'error',
      problemCount: 1,
      commented: record.comments.length > 0,
    };
  };

  const row = (open: Open, number: number): PacketRow | undefined =>
    dissectedRow(open, number) ?? indexRow(open, number);

  /** Runs `slice` later, one at a time per job, if `job` is still the one the open file runs; `slice` gets a deadline. */
  const sliceLater = (open: Open, job: SlicedJob, still: () => boolean, slice: (until: number) => void) => {
    if (job.running || current !== open) return;
    job.running = true;
    schedule(() => {
      job.running = false;
      if (still() && current === open) slice(now() + FILTER_SLICE_MS);
    });
  };

  /**
   * What a filter sees of frame `number`: its lean dissection for `wants`, or (without any) its capture record;
   * undefined when its bytes cannot be read back (the run's `unreadable` counts it).
   */
  const targetOf = (
    open: Open,
    number: number,
    wants: LeanWants | undefined,
    run: { unreadable: number },
  ): FilterTarget | undefined => {
    if (!wants) return recordTarget(open.reader, number, open.start);
    const dissected = leanFrame(open, number, wants);
    if (!dissected) run.unreadable++;
    return dissected ? filterTarget(dissected, open.start) : undefined;
  };

  /** The `unreadable` key of a pass's message: how many frames it could not read, and what that means for it. */
  const unreadableOf = (count: number, what: string) => (count > 0 ? { unreadable: passUnreadable(count, what) } : {});

  const runFilter = (open: Open) => {
    const run = open.filter;
    if (!run) return;
    sliceLater(
      open,
      run,
      () => open.filter === run,
      (until) => {
        const count = open.reader.frameCount();
        // The clock is read every FILTER_CHECK frames: reading it for each took 4 % of a filter over a million frames.
        for (let checked = 0; run.scanned < count && (checked % FILTER_CHECK !== 0 || now() < until); checked++) {
          const number = ++run.scanned;
          if (!run.filter) continue;
          const target = targetOf(open, number, run.wants, run);
          if (target && run.filter.test(target)) run.matched.push(number);
        }
        const caughtUp = run.scanned >= open.reader.frameCount();
        const done = open.done && caughtUp;
        // The first matches at once, then at most every FILTER_POST_MS, and whenever no slice follows for now.
        const firstMatches = run.sent === 0 && run.matched.length > 0;
        if (caughtUp || firstMatches || now() - run.lastPost >= FILTER_POST_MS) {
          const matches = Uint32Array.from(run.matched.slice(run.sent));
          run.sent = run.matched.length;
          run.lastPost = now();
          const unreadable = unreadableOf(run.unreadable, 'they are not among the matches');
          post(
            {
              type: 'filter',
              session: open.session,
              filter: run.id,
              matches,
              scanned: run.scanned,
              done,
              ...unreadable,
            },
            [matches.buffer],
          );
        }
        if (!caughtUp) runFilter(open);
        else runSort(open);
      },
    );
  };

  /** The displayed frames in capture order, or undefined while the file is read or the sort's filter still runs. */
  const displayedFrames = (open: Open, run: SortRun): Uint32Array | undefined => {
    if (!open.done) return undefined;
    const count = open.reader.frameCount();
    if (run.filter === undefined) return Uint32Array.from({ length: count }, (_, i) => i + 1);
    const filter = open.filter;
    if (!filter || filter.id !== run.filter || filter.scanned < count) return undefined;
    return Uint32Array.from(filter.matched);
  };

  /** A text column's sort key for a frame: its cell's text in the packet list (undefined when it cannot be read). */
  const sortText = (open: Open, run: SortRun, number: number, column: TextColumn): string | undefined => {
    const cells = dissectedRow(open, number);
    if (!cells) run.unreadable++;
    // Undefined, not kept: a frame that cannot be read sorts as an empty cell, and is counted again by the next sort.
    return cells ? textKey(column, cells[column]) : undefined;
  };

  /** Keys the displayed frames in slices (text columns dissect each frame once), then sorts and sends the order. */
  const runSort = (open: Open) => {
    const run = open.sort;
    if (!run) return;
    sliceLater(
      open,
      run,
      () => open.sort === run,
      (until) => {
        const displayed = (run.displayed ??= displayedFrames(open, run));
        // Reading or filtering: the end of either runs the sort again.
        if (!displayed) return;
        const { column } = run.sort;
        let keys: (string | undefined)[] = [];
        if (isTextColumn(column)) {
          if (open.sortKeys?.column !== column) open.sortKeys = { column, keys: [] };
          keys = open.sortKeys.keys;
          while (run.keyed < displayed.length && now() < until) {
            const number = displayed[run.keyed++]!;
            keys[number] ??= sortText(open, run, number, column);
          }
        } else run.keyed = displayed.length;
        if (run.keyed < displayed.length) {
          if (now() - run.lastPost >= PROGRESS_EVERY_MS) {
            run.lastPost = now();
            post({ type: 'order', session: open.session, run: run.run, keyed: run.keyed, total: displayed.length });
          }
          runSort(open);
          return;
        }
        const order = packetOrder({
          displayed,
          sort: run.sort,
          timeFormat: run.timeFormat,
          facts: (number) => open.reader.frame(number),
          text: (number) => keys[number] ?? '',
        });
        open.sort = undefined;
        const unreadable = unreadableOf(run.unreadable, 'they sort as empty cells');
        post(
          {
            type: 'order',
            session: open.session,
            run: run.run,
            keyed: run.keyed,
            total: displayed.length,
            order,
            ...unreadable,
          },
          [order.buffer],
        );
      },
    );
  };

  /** Whether the search finds frame `number`: true, or where its bytes are; undefined when it does not. */
  const findIn = (open: Open, run: FindRun, number: number): { start: number; end: number } | true | undefined => {
    let hit: { start: number; end: number } | true = true;
    const { find, displayed } = run;
    if (find.kind === 'bytes') {
      const bytes = open.reader.frameBytes(number);
      if (!bytes && open.reader.frame(number)) run.unreadable++;
      const at = bytes ? findBytes(bytes, find.pattern, find.caseSensitive) : -1;
      if (at < 0) return undefined;
      hit = { start: at, end: at + find.pattern.length };
    }
    const query = find.kind === 'filter' ? find.filter : undefined;
    if (!query && !displayed) return hit;
    const target = targetOf(open, number, run.wants, run);
    if (!target || (query && !query.test(target)) || (displayed && !displayed.test(target))) return undefined;
    return hit;
  };

  /** Visits frames from the selected one, in slices, until one is found or every frame was checked. */
  const runFind = (open: Open) => {
    const run = open.find;
    if (!run) return;
    sliceLater(
      open,
      run,
      () => open.find === run,
      (until) => {
        const answer = { type: 'find' as const, session: open.session, request: run.request, total: run.total };
        const unreadable = () => unreadableOf(run.unreadable, 'they were not searched');
        while (run.step < run.total && now() < until) {
          const { frame, wrapped } = findOrder(run.from, run.total, run.direction, ++run.step);
          const hit = findIn(open, run, frame);
          if (hit === undefined) continue;
          open.find = undefined;
          post({
            ...answer,
            checked: run.step,
            done: true,
            found: frame,
            wrapped,
            ...(hit === true ? {} : { match: hit }),
            ...unreadable(),
          });
          return;
        }
        if (run.step >= run.total) {
          open.find = undefined;
          post({ ...answer, checked: run.step, done: true, ...unreadable() });
          return;
        }
        if (now() - run.lastPost >= FIND_PROGRESS_MS) {
          run.lastPost = now();
          post({ ...answer, checked: run.step, done: false });
        }
        runFind(open);
      },
    );
  };

  const postExpert = (open: Open, run: ExpertRun) => {
    const done = open.done && run.scanned >= open.reader.frameCount() && run.stale.size === 0;
    run.lastPost = now();
    run.told = done;
    const unreadable = unreadableOf(run.unreadable.size, 'their problems are not counted');
    post({ type: 'expert', session: open.session, summary: run.tally.summary(), done, ...unreadable });
  };

  /** Tallies the frames not yet tallied (and those whose facts changed) in slices, as runFilter does. */
  const runExpert = (open: Open) => {
    const run = open.expert;
    if (!run) return;
    sliceLater(
      open,
      run,
      () => open.expert === run,
      (until) => {
        const tallyOne = (number: number) => {
          const dissected = leanFrame(open, number, NO_VALUES);
          if (dissected) {
            run.tally.set(number, dissected.frame.problems);
            run.unreadable.delete(number);
          } else run.unreadable.add(number);
        };
        while (now() < until && (run.stale.size > 0 || run.scanned < open.reader.frameCount())) {
          const [first] = run.stale;
          if (first !== undefined) {
            run.stale.delete(first);
            tallyOne(first);
          } else tallyOne(++run.scanned);
        }
        const more = run.stale.size > 0 || run.scanned < open.reader.frameCount();
        const finished = !more && open.done;
        if (finished ? !run.told : now() - run.lastPost >= EXPERT_EVERY_MS) postExpert(open, run);
        if (more) runExpert(open);
      },
    );
  };

  const read = async (open: Open, file: Blob) => {
    try {
      const stream = file.stream().getReader();
      open.stream = stream;
      // The end of the current slice of following: chunks share it, the page's requests are let in when it is over.
      let until = now() + FOLLOW_SLICE_MS;
      reading: for (;;) {
        const { done, value } = await stream.read();
        if (current !== open || open.cancelled) break;
        if (done) break;
        open.reader.push(value);
        open.bytesRead += value.length;
        if (!open.start && open.reader.frameCount() > 0) open.start = firstTimestamp(open.reader);
        // The first frames are announced before they are followed: the page asks for its first rows at once.
        if (open.announcedFrames === 0 && open.reader.frameCount() > 0) progress(open);
        // A chunk may hold thousands of frames: they are followed a slice at a time, the page's requests let in between.
        for (;;) {
          follow(open, () => now() < until);
          if (open.tracked >= open.reader.frameCount()) break;
          await nextTask();
          if (current !== open || open.cancelled) break reading;
          until = now() + FOLLOW_SLICE_MS;
        }
        if (now() - open.lastProgress >= PROGRESS_EVERY_MS) progress(open);
        runFilter(open);
        runExpert(open);
        // Reading stopped at damage it cannot read past: the rest of the file changes nothing.
        if (open.reader.summary().done) break;
        // A file's chunks resolve one after another without a task in between: once the slice is over, let the page's
        // requests (the first rows) in before the next chunk, or nothing is shown until the whole file is read. Not
        // after every chunk: a 100 000-frame file comes in hundreds of chunks of a few milliseconds' work each.
        if (now() >= until) {
          await nextTask();
          if (current !== open || open.cancelled) break;
          until = now() + FOLLOW_SLICE_MS;
        }
      }
    } catch (error) {
      open.unreadable = {
        severity: 'error',
        code: 'input-unreadable',
        message: `The file could not be read past byte ${open.bytesRead} (${error instanceof Error ? error.message : String(error)}); the frames read before are kept`,
        fileOffset: open.bytesRead,
      };
    }
    if (current !== open) return;
    if (!open.cancelled) open.reader.end();
    if (!open.start && open.reader.frameCount() > 0) open.start = firstTimestamp(open.reader);
    open.done = true;
    follow(open);
    progress(open);
    runFilter(open);
    runSort(open);
    if (open.expert) open.expert.told = false;
    runExpert(open);
  };

  const forSession = (session: number): Open | undefined =>
    current && current.session === session ? current : undefined;

  return {
    handle(message) {
      switch (message.type) {
        case 'open': {
          if (current) void current.stream?.cancel().catch(() => {});
          const store = storeFor(message.file, (error, offset) => {
            if (current !== open || open.unreadable) return;
            open.unreadable = {
              severity: 'error',
              code: 'input-unreadable',
              message: `The file can no longer be read (${error instanceof Error ? error.message : String(error)}): it was changed, moved or deleted after it was opened. The frames indexed are kept, but those whose bytes are no longer in memory cannot be shown; open the file again to see them`,
              fileOffset: offset,
            };
            progress(open);
          });
          const reader = createCaptureReader(store);
          const tracker = trackerFor(reader, message.options ?? {});
          const open: Open = {
            session: message.session,
            reader,
            totalBytes: message.file.size,
            options: message.options ?? {},
            bytesRead: 0,
            done: false,
            cancelled: false,
            lastProgress: 0,
            announcedFrames: 0,
            rows: new Map(),
            tracker,
            tracked: 0,
            stats: statsOf(tracker),
            offload: createOffloadTally(),
          };
          current = open;
          void read(open, message.file);
          return;
        }
        case 'cancel': {
          const open = forSession(message.session);
          if (!open || open.done) return;
          open.cancelled = true;
          void open.stream?.cancel().catch(() => {});
          // The read loop ends at its next chunk; say so now, so the page can stop its progress bar at once.
          open.done = true;
          progress(open);
          runFilter(open);
          runSort(open);
          return;
        }
        case 'rows': {
          const open = forSession(message.session);
          if (!open) return;
          const rows = message.numbers.map((n) => row(open, n)).filter((r): r is PacketRow => r !== undefined);
          post({ type: 'rows', session: open.session, rows });
          return;
        }
        case 'frame': {
          const open = forSession(message.session);
          if (!open) return;
          const dissected = dissect(open, message.number);
          if (!dissected) {
            // Its bytes can no longer be read back (the index has the frame): the page is told, not left waiting.
            if (open.reader.frame(message.number))
              post({
                type: 'frameUnreadable',
                session: open.session,
                number: message.number,
                reason: frameUnreadable(message.number),
              });
            return;
          }
          // A copy: the frame's bytes may be a view into a chunk other frames share, which must not be transferred.
          const bytes = dissected.bytes.slice();
          post({ type: 'frame', session: open.session, number: message.number, frame: dissected.frame, bytes }, [
            bytes.buffer,
          ]);
          return;
        }
        case 'filter': {
          const open = forSession(message.session);
          if (!open) return;
          const compiled = compileFilter(message.text);
          if (!compiled.ok) {
            open.filter = undefined;
            post({
              type: 'filter',
              session: open.session,
              filter: message.filter,
              error: compiled.error,
              matches: new Uint32Array(0),
              scanned: 0,
              done: true,
            });
            return;
          }
          open.filter = {
            id: message.filter,
            filter: compiled.filter,
            wants: wantsOf(compiled.filter),
            scanned: 0,
            matched: [],
            sent: 0,
            lastPost: now(),
            running: false,
            unreadable: 0,
          };
          runFilter(open);
          return;
        }
        case 'find': {
          const open = forSession(message.session);
          if (!open) return;
          const compiled = compileFind(message.query);
          const displayed = compileFilter(message.displayed);
          const error = !compiled.ok ? compiled.error : !displayed.ok ? displayed.error : undefined;
          if (!compiled.ok || !displayed.ok) {
            open.find = undefined;
            post({
              type: 'find',
              session: open.session,
              request: message.request,
              checked: 0,
              total: 0,
              done: true,
              error,
            });
            return;
          }
          open.find = {
            request: message.request,
            find: compiled.find,
            displayed: displayed.filter,
            wants: wantsOf(compiled.find.kind === 'filter' ? compiled.find.filter : undefined, displayed.filter),
            from: message.from,
            direction: message.direction,
            total: open.reader.frameCount(),
            step: 0,
            running: false,
            lastPost: now(),
            unreadable: 0,
          };
          runFind(open);
          return;
        }
        case 'stopFind': {
          const open = forSession(message.session);
          if (open) open.find = undefined;
          return;
        }
        case 'options': {
          const open = forSession(message.session);
          if (!open) return;
          open.options = message.options;
          open.rows.clear();
          // The text columns' cells may read differently now: a sort keys them again.
          open.sortKeys = undefined;
          if (open.sort) open.sort.keyed = 0;
          // Decode-as changes which payloads are TPKT: the conversations are followed again from the first frame. The
          // checksum preference changes what counts as offloaded: counted again too, and said.
          open.tracker = trackerFor(open.reader, open.options);
          open.stats = statsOf(open.tracker);
          open.tracked = 0;
          open.offload = createOffloadTally();
          follow(open);
          // Decode-as changes problems too: Expert Information is tallied again from the first frame.
          if (open.expert) {
            open.expert = newExpertRun();
            runExpert(open);
          }
          progress(open);
          return;
        }
        case 'export': {
          const open = forSession(message.session);
          if (!open) return;
          const count = open.reader.frameCount();
          const numbers = message.numbers ?? Uint32Array.from({ length: count }, (_, i) => i + 1);
          const frames: ExportFrame[] = [];
          let unreadable = 0;
          for (const number of numbers) {
            const record = open.reader.frame(number);
            const bytes = open.reader.frameBytes(number);
            if (record && !bytes) unreadable++;
            if (!record || !bytes) continue;
            frames.push({
              bytes,
              linkType: record.linkType,
              originalLength: record.originalLength,
              ...(record.time ? { timestamp: record.time } : {}),
            });
          }
          // A file missing frames the user chose would lose them without a word: nothing is written, and why is said.
          if (unreadable > 0) {
            const reason = `${unreadableFrames(unreadable)} of the ${numbers.length.toLocaleString('en')} to export can no longer be read: ${UNREADABLE_WHY}. Open it again to export them.`;
            post({
              type: 'export',
              session: open.session,
              request: message.request,
              frames: 0,
              result: { ok: false, reason },
            });
            return;
          }
          const written = (message.format === 'pcap' ? writePcap : writePcapng)(frames);
          const result = written.ok
            ? { ok: true as const, bytes: written.bytes }
            : { ok: false as const, reason: written.reason };
          post(
            { type: 'export', session: open.session, request: message.request, frames: frames.length, result },
            written.ok ? [written.bytes.buffer as ArrayBuffer] : [],
          );
          return;
        }
        case 'expert': {
          const open = forSession(message.session);
          if (!open) return;
          if (!open.expert) open.expert = newExpertRun();
          else postExpert(open, open.expert);
          runExpert(open);
          return;
        }
        case 'sort': {
          const open = forSession(message.session);
          if (!open) return;
          open.sort = message.sort && {
            run: message.run,
            sort: message.sort,
            timeFormat: message.timeFormat,
            filter: message.filter,
            keyed: 0,
            running: false,
            lastPost: now(),
            unreadable: 0,
          };
          runSort(open);
          return;
        }
        case 'conversations': {
          const open = forSession(message.session);
          if (!open) return;
          follow(open);
          // TPDUs listed from their frames' own dissections get their Info and problems now, not while indexing, and
          // only the shown conversation's: the page shows one conversation's TPDUs at a time.
          const shown = shownOf(open.tracker.conversations(), message.shown);
          if (shown) describeTimeline([shown], (n) => open.reader.frameBytes(n), open.options);
          post({
            type: 'conversations',
            session: open.session,
            conversations: open.tracker.conversations(),
            rows: open.stats.rows(),
            done: open.done,
          });
          return;
        }
        case 'follow': {
          const open = forSession(message.session);
          if (!open) return;
          follow(open);
          const answer = followOfCapture(open.reader, open.tracker.conversations(), open.options, message);
          post({ type: 'follow', session: open.session, request: message.request, ...answer });
          return;
        }
        case 'close': {
          if (current?.session === message.session) {
            void current.stream?.cancel().catch(() => {});
            current = undefined;
          }
          return;
        }
      }
    },
  };
}
