// `npm run bench:browser`: the built app in Chromium on the bench captures, as a user opens them. Not a test: no
// spec runs it, nothing asserts a time; it prints a table and writes reports/bench/browser-DATE.json.
//   npm run bench:browser [-- --frames 100000,1000000] [--runs R] [--dist DIR] [--dir DIR] [--profile DIR]
//
// --frames takes sizes, each with its own number of runs if wanted (`100000:3,1000000:1`; else --runs, 3). Without
// --dist it builds the app (`vite build`) into dist-e2e-bench first. It writes each capture with the generator
// `npm run bench` uses (scripts/bench-capture.ts), serves the build with the deployment specs' static server, and for
// each run starts a fresh Chromium (service workers blocked, so that the first visit's precaching does not compete),
// moves the pointer to the "Open capture…" button and waits until the page has started its capture worker (it starts
// it when the pointer reaches the button; a user's file dialog takes seconds), picks the file with the file input as e2e/ui.ts `openCapture` does, and times from the file input's
// change event, in the page (performance.now(), marks taken by a MutationObserver when the DOM shows them):
//   - first row: the packet list's first row holds its columns (not the "…" of a row still on its way);
//   - indexed: the capture's status line says "N frames, SIZE" (no longer "Reading…");
//   - then the display filter `cotp.type == 0x0d` is typed and applied with Enter, and timed from the form's submit
//     until the packet list's status line names the applied filter with no "filtering…" in it.
// After indexing it reads the JavaScript heap of the page and of the capture worker through the DevTools protocol
// (Runtime.getHeapUsage: the V8 heap in use, and the ArrayBuffers' backing stores, which hold the file's bytes),
// as they are and again after a forced garbage collection.
// With --profile DIR, each run also records a CPU profile of the capture worker and one of the page, from the file
// input's change to "indexed", and writes them as DIR/FRAMES-RUN-worker.cpuprofile and …-page.cpuprofile (the format
// of `node --cpu-prof`: open them in Chrome's DevTools, or summarise them by function). The profiler slows both a
// little: time a run without it.
// On Linux it also reads the CPU time the page's renderer spent from the change event to "indexed" (/proc, by thread:
// the capture worker's thread, the page's main thread, and the whole renderer with its helper threads), which a busy
// machine disturbs much less than the wall times above.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { benchCapture } from '../scripts/bench-capture';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium';
import { serveStatic } from './static-server';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.lastIndexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
};
const defaultRuns = Math.max(1, Number(option('--runs', '3')));
const sizes = option('--frames', '100000,1000000')
  .split(',')
  .map((spec) => {
    const [frames, runs] = spec.split(':');
    return { frames: Number(frames), runs: runs === undefined ? defaultRuns : Math.max(1, Number(runs)) };
  });
const dir = resolve(option('--dir', join(root, 'reports', 'bench')));
const givenDist = option('--dist', '');
const profileDir = option('--profile', '');

const FILTER = 'cotp.type == 0x0d';
/** Far above anything the targets allow: a slow run is measured, not cut short. */
const WAIT_MS = 600_000;
/** Issue 18's targets, in seconds, and the heap's as a multiple of the file's size. */
const TARGETS = { firstRow100k: 0.5, indexed100k: 1, indexed1m: 3, filter1m: 5, heapPerFileByte: 2 };

/**
 * What the page shows, as selectors and patterns: the one place to change when the app's status lines change.
 * The capture's status line and the packet list's status line are read as text (the app has no data attribute for
 * "indexed" or "filter finished"); the grid's data-frame-count and aria-rowcount give the counts.
 */
const HOOKS = {
  fileInput: 'Open a capture file (pcap, pcapng, gzip) or a text dump',
  openButton: 'Open capture…',
  filterBox: 'Display filter (Wireshark syntax)',
  grid: '[role="grid"][aria-label="Packets"]',
  row: '[role="grid"][aria-label="Packets"] [role="row"][data-frame]',
  captureStatus: 'section[aria-labelledby="capture-heading"] p[role="status"]',
  /** "100,000 frames, 19.8 MiB": every frame read (not "Reading…", not "Stopped: …"). */
  indexedText: '^\\d[\\d,]* frames?, ',
  listStatus: 'section[aria-label="Packet list"] > p[role="status"]',
  filterForm: 'form[role="search"]',
} as const;

interface Marks {
  handed?: number;
  firstRow?: number;
  indexed?: number;
  filterStart?: number;
  filterDone?: number;
}

/**
 * Runs in the page before the app (addInitScript): timestamps, on the page's clock, the moments the DOM first shows
 * each state. A MutationObserver callback runs right after the DOM changed, before the browser paints it.
 */
function recordMarks({ hooks, filter }: { hooks: typeof HOOKS; filter: string }): void {
  const marks: Marks = {};
  (window as unknown as { benchMarks: Marks }).benchMarks = marks;
  const indexed = new RegExp(hooks.indexedText);
  document.addEventListener(
    'change',
    (e) => {
      if (e.target instanceof HTMLInputElement && e.target.type === 'file' && marks.handed === undefined)
        marks.handed = performance.now();
    },
    true,
  );
  document.addEventListener(
    'submit',
    (e) => {
      if (e.target instanceof Element && e.target.matches(hooks.filterForm)) marks.filterStart = performance.now();
    },
    true,
  );
  const check = () => {
    if (marks.handed === undefined) return;
    const now = performance.now();
    if (marks.firstRow === undefined) {
      const cells = document.querySelector(hooks.row)?.querySelectorAll('[role="gridcell"]');
      const info = cells?.[cells.length - 1]?.textContent ?? '';
      if (info !== '' && info !== '…') marks.firstRow = now;
    }
    if (marks.indexed === undefined && indexed.test(document.querySelector(hooks.captureStatus)?.textContent ?? ''))
      marks.indexed = now;
    if (marks.filterStart !== undefined && marks.filterDone === undefined) {
      const status = document.querySelector(hooks.listStatus)?.textContent ?? '';
      if (status.includes(filter) && !status.includes('…')) marks.filterDone = now;
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
}

interface Heap {
  /** V8 heap in use, and ArrayBuffer backing stores, in bytes. */
  readonly used: number;
  readonly buffers: number;
}

interface HeapReading {
  readonly page: Heap;
  readonly worker: Heap;
  readonly total: number;
}

/** Sends one DevTools command to a worker through the browser's session (a worker has no page session). */
function workerCall(
  browser: CDPSession,
  sessionId: string,
  id: number,
  method: string,
  params: Record<string, unknown> = {},
): Promise<unknown> {
  return new Promise((done, fail) => {
    const onMessage = (event: { sessionId: string; message: string }) => {
      if (event.sessionId !== sessionId) return;
      const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
      if (message.id !== id) return;
      browser.off('Target.receivedMessageFromTarget', onMessage);
      if (message.error) fail(new Error(`${method}: ${message.error.message}`));
      else done(message.result);
    };
    browser.on('Target.receivedMessageFromTarget', onMessage);
    browser
      .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
      .catch(fail);
  });
}

/** The heap of the page and of its capture worker; with `collect`, after a garbage collection in both. */
async function readHeap(page: CDPSession, browser: CDPSession, workerSession: string, collect: boolean) {
  let id = collect ? 100 : 200;
  if (collect) {
    await page.send('HeapProfiler.collectGarbage');
    await workerCall(browser, workerSession, id++, 'HeapProfiler.collectGarbage');
  }
  const ofPage = await page.send('Runtime.getHeapUsage');
  const ofWorker = (await workerCall(browser, workerSession, id++, 'Runtime.getHeapUsage')) as typeof ofPage;
  const heap = (usage: typeof ofPage): Heap => ({ used: usage.usedSize, buffers: usage.backingStorageSize ?? 0 });
  const reading = { page: heap(ofPage), worker: heap(ofWorker) };
  return {
    ...reading,
    total: reading.page.used + reading.page.buffers + reading.worker.used + reading.worker.buffers,
  } satisfies HeapReading;
}

async function attachToWorker(browser: CDPSession): Promise<string> {
  const { targetInfos } = await browser.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'worker' && t.url.includes('capture.worker'));
  if (!worker) throw new Error(`no capture worker among ${targetInfos.map((t) => `${t.type} ${t.url}`).join(', ')}`);
  const { sessionId } = await browser.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
  return sessionId;
}

/** CPU seconds used so far by the renderers' threads: capture worker threads, main threads, and whole processes. */
interface RendererCpu {
  readonly worker: number;
  readonly main: number;
  readonly all: number;
  /** By thread name (the renderers' helper threads: V8's collector, the compositor, I/O). */
  readonly byName?: Readonly<Record<string, number>>;
}

/** Clock ticks per second of /proc's times (USER_HZ: 100 on Linux). */
const TICKS = 100;

/** The renderers' CPU time so far, from /proc by thread; undefined where there is no /proc (not Linux). */
async function rendererCpu(browser: CDPSession): Promise<RendererCpu | undefined> {
  const { processInfo } = (await browser.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; id: number; cpuTime: number }[];
  };
  let worker = 0;
  let main = 0;
  let all = 0;
  const byName: Record<string, number> = {};
  try {
    for (const { type, id } of processInfo) {
      if (type !== 'renderer') continue;
      for (const tid of readdirSync(`/proc/${id}/task`)) {
        const stat = readFileSync(`/proc/${id}/task/${tid}/stat`, 'utf8');
        // After the command in parentheses: state is field 3, utime and stime fields 14 and 15.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS;
        const name = readFileSync(`/proc/${id}/task/${tid}/comm`, 'utf8').trim();
        all += seconds;
        byName[name] = (byName[name] ?? 0) + seconds;
        if (name.startsWith('DedicatedWorker')) worker += seconds;
        else if (tid === String(id)) main += seconds;
      }
    }
  } catch {
    return undefined;
  }
  return { worker, main, all, byName };
}

const cpuSince = (from: RendererCpu | undefined, to: RendererCpu | undefined): RendererCpu | undefined =>
  from && to
    ? {
        worker: to.worker - from.worker,
        main: to.main - from.main,
        all: to.all - from.all,
        byName: Object.fromEntries(
          Object.entries(to.byName ?? {})
            .map(([name, t]) => [name, t - (from.byName?.[name] ?? 0)] as const)
            .filter(([, t]) => t > 0),
        ),
      }
    : undefined;

interface Run {
  readonly firstRow: number;
  readonly indexed: number;
  readonly filter: number;
  readonly frameCount: number;
  readonly matches: number;
  /** CPU seconds from the file's change event (about) to "indexed" (Linux only). */
  readonly indexCpu?: RendererCpu;
  readonly heap: HeapReading;
  readonly heapAfterGc: HeapReading;
}

const marksOf = (page: Page) => page.evaluate(() => ({ ...(window as unknown as { benchMarks: Marks }).benchMarks }));

async function waitForMark(page: Page, name: keyof Marks): Promise<void> {
  await page.waitForFunction(
    (mark) => (window as unknown as { benchMarks: Marks }).benchMarks[mark] !== undefined,
    name,
    { polling: 50, timeout: WAIT_MS },
  );
}

/** How long a build is given to start its capture worker before a file is opened (builds before 2026-12-05 did not start it early). */
const WORKER_START_MS = 10_000;

/** Until the page has started its capture worker (it does when the pointer reaches the open button), or a build that does not. */
async function waitForCaptureWorker(page: Page): Promise<void> {
  const started = () => page.workers().some((w) => w.url().includes('capture.worker'));
  if (started()) return;
  const predicate = (w: { url(): string }) => w.url().includes('capture.worker');
  await page.waitForEvent('worker', { predicate, timeout: WORKER_START_MS }).catch(() => undefined);
}

/** The profiler's sampling interval with --profile, in microseconds (V8's default is 1000). */
const PROFILE_SAMPLING_US = 250;

/** Starts V8's CPU profiler in the page and in the capture worker; the function returned stops both and saves them. */
async function startProfiles(page: CDPSession, browser: CDPSession, name: string): Promise<() => Promise<void>> {
  const worker = await attachToWorker(browser);
  let id = 300;
  for (const [method, params] of [
    ['Profiler.enable', {}],
    ['Profiler.setSamplingInterval', { interval: PROFILE_SAMPLING_US }],
    ['Profiler.start', {}],
  ] as const) {
    await page.send(method, params as never);
    await workerCall(browser, worker, id++, method, params);
  }
  return async () => {
    const ofWorker = (await workerCall(browser, worker, id++, 'Profiler.stop')) as { profile: unknown };
    const ofPage = await page.send('Profiler.stop');
    mkdirSync(profileDir, { recursive: true });
    writeFileSync(join(profileDir, `${name}-worker.cpuprofile`), JSON.stringify(ofWorker.profile));
    writeFileSync(join(profileDir, `${name}-page.cpuprofile`), JSON.stringify(ofPage.profile));
  };
}

async function runOnce(executable: string, url: string, file: string, name: string): Promise<Run> {
  const browser: Browser = await chromium.launch({
    executablePath: executable,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.addInitScript(recordMarks, { hooks: HOOKS, filter: FILTER });
    await page.goto(url);
    const input = page.getByLabel(HOOKS.fileInput);
    await input.waitFor({ state: 'attached' });
    // As a user picks a file: the pointer goes to the button and the file dialog takes seconds; the page starts its
    // capture worker when the pointer reaches the button (FileDrop.tsx), so it has by the time the file is picked.
    await page.getByText(HOOKS.openButton).hover();
    await waitForCaptureWorker(page);

    const pageSession = await context.newCDPSession(page);
    const browserSession = await browser.newBrowserCDPSession();
    const stopProfiles = profileDir !== '' ? await startProfiles(pageSession, browserSession, name) : undefined;
    const cpuBefore = await rendererCpu(browserSession);
    await input.setInputFiles(file);
    await waitForMark(page, 'indexed');
    const indexCpu = cpuSince(cpuBefore, await rendererCpu(browserSession));
    await waitForMark(page, 'firstRow');
    await stopProfiles?.();
    const frameCount = Number(await page.locator(HOOKS.grid).getAttribute('data-frame-count'));

    const workerSession = await attachToWorker(browserSession);
    const heap = await readHeap(pageSession, browserSession, workerSession, false);
    const heapAfterGc = await readHeap(pageSession, browserSession, workerSession, true);

    const box = page.getByRole('textbox', { name: HOOKS.filterBox });
    await box.fill(FILTER);
    await box.press('Enter');
    await waitForMark(page, 'filterDone');
    const matches = Number(await page.locator(HOOKS.grid).getAttribute('aria-rowcount')) - 1;

    const marks = await marksOf(page);
    const since = (from: number | undefined, to: number | undefined) => (to! - from!) / 1000;
    return {
      firstRow: since(marks.handed, marks.firstRow),
      indexed: since(marks.handed, marks.indexed),
      filter: since(marks.filterStart, marks.filterDone),
      frameCount,
      matches,
      ...(indexCpu ? { indexCpu } : {}),
      heap,
      heapAfterGc,
    };
  } finally {
    await browser.close();
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const seconds = (s: number) => `${s.toFixed(2)} s`;
const cpuText = (cpu: RendererCpu | undefined) =>
  cpu
    ? ` (CPU: worker ${seconds(cpu.worker)}, page ${seconds(cpu.main)}, renderer ${seconds(cpu.all)}: ${Object.entries(
        cpu.byName ?? {},
      )
        .sort((a, b) => b[1] - a[1])
        .map(([name, t]) => `${name} ${t.toFixed(2)}`)
        .join(', ')})`
    : '';
const loadText = (load: readonly number[]) => load.map((l) => l.toFixed(2)).join(', ');

function build(): string {
  if (givenDist !== '') return resolve(givenDist);
  const out = join(root, 'dist-e2e-bench');
  const vite = join(root, 'node_modules', '.bin', 'vite');
  const result = spawnSync(vite, ['build', '--outDir', out, '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`vite build exited with ${result.status}`);
  return out;
}

async function main(): Promise<void> {
  const dist = build();
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist} holds no built app`);
  mkdirSync(dir, { recursive: true });
  const files = sizes.map(({ frames, runs }) => {
    const capture = benchCapture(frames);
    const path = join(dir, `bench-${frames}.pcap`);
    writeFileSync(path, capture.bytes);
    return { frames, runs, path, bytes: capture.bytes.length, cc: capture.tpdus['CC']! };
  });

  const executable = chromiumExecutable();
  const version = await chromium.launch({ executablePath: executable, args: [...CHROMIUM_ARGS] }).then(async (b) => {
    const v = b.version();
    await b.close();
    return v;
  });
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, Chromium ${version} (${executable}), headless`;
  const loadBefore = loadavg();
  console.log(`framescope browser bench — ${new Date().toISOString().slice(0, 10)}`);
  console.log(`machine: ${machine}`);
  console.log(`app:     ${dist}`);
  console.log(`load:    ${loadText(loadBefore)} (1, 5, 15 min) before the runs\n`);

  const site = await serveStatic(dist, '/');
  const results = [];
  try {
    for (const file of files) {
      const runs: Run[] = [];
      for (let r = 0; r < file.runs; r++) {
        const run = await runOnce(executable, site.url, file.path, `${file.frames}-${r + 1}`);
        runs.push(run);
        process.stderr.write(
          `  ${file.frames} frames, run ${r + 1}/${file.runs}: first row ${seconds(run.firstRow)}, indexed ${seconds(run.indexed)}${cpuText(run.indexCpu)}, filter ${seconds(run.filter)} (${run.matches} matches), heap ${mib(run.heap.total)} (${mib(run.heapAfterGc.total)} after GC)\n`,
        );
        if (run.frameCount !== file.frames)
          console.log(`WARNING: the list shows ${run.frameCount} frames of ${file.frames}`);
        if (run.matches !== file.cc)
          console.log(`WARNING: the filter shows ${run.matches} frames, not the ${file.cc} CC`);
      }
      const of = (pick: (run: Run) => number) => median(runs.map(pick));
      results.push({
        frames: file.frames,
        fileBytes: file.bytes,
        runs,
        median: {
          firstRow: of((r) => r.firstRow),
          indexed: of((r) => r.indexed),
          filter: of((r) => r.filter),
          heapTotal: of((r) => r.heap.total),
          heapUsed: of((r) => r.heap.page.used + r.heap.worker.used),
          heapTotalAfterGc: of((r) => r.heapAfterGc.total),
          heapUsedAfterGc: of((r) => r.heapAfterGc.page.used + r.heapAfterGc.worker.used),
          ...(runs.every((r) => r.indexCpu)
            ? {
                indexCpu: {
                  worker: of((r) => r.indexCpu!.worker),
                  main: of((r) => r.indexCpu!.main),
                  all: of((r) => r.indexCpu!.all),
                },
              }
            : {}),
        },
      });
    }
  } finally {
    await site.close();
  }
  const loadAfter = loadavg();

  const header = [
    'frames',
    'file',
    'runs',
    'first row',
    'indexed',
    'CPU worker / page',
    `filter`,
    'JS heap (page + worker)',
    '+ ArrayBuffers',
    'after GC',
  ];
  const table = results.map((r) => [
    r.frames.toLocaleString('en'),
    `${(r.fileBytes / 1e6).toFixed(1)} MB`,
    String(r.runs.length),
    seconds(r.median.firstRow),
    seconds(r.median.indexed),
    r.median.indexCpu ? `${seconds(r.median.indexCpu.worker)} / ${seconds(r.median.indexCpu.main)}` : '–',
    seconds(r.median.filter),
    mib(r.median.heapUsed),
    mib(r.median.heapTotal),
    `${mib(r.median.heapUsedAfterGc)} / ${mib(r.median.heapTotalAfterGc)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padStart(widths[i]!)).join(' | ')} |`;
  console.log(`\nmedians; filter: ${FILTER}, timed from Enter`);
  console.log(line(header));
  console.log(`|${widths.map((w) => `${'-'.repeat(w + 1)}:`).join('|')}|`);
  for (const row of table) console.log(line(row));

  const targets: { target: string; measured: string; met: boolean }[] = [];
  const judge = (target: string, value: number, limit: number, text: string) =>
    targets.push({ target, measured: text, met: value < limit });
  for (const r of results) {
    const m = r.median;
    if (r.frames === 100_000) {
      judge('100 000 frames: first row < 0.5 s', m.firstRow, TARGETS.firstRow100k, seconds(m.firstRow));
      judge('100 000 frames: indexed < 1 s', m.indexed, TARGETS.indexed100k, seconds(m.indexed));
    }
    if (r.frames === 1_000_000) {
      judge('1 000 000 frames: indexed < 3 s', m.indexed, TARGETS.indexed1m, seconds(m.indexed));
      judge('1 000 000 frames: filter < 5 s', m.filter, TARGETS.filter1m, seconds(m.filter));
      const limit = TARGETS.heapPerFileByte * r.fileBytes;
      judge(
        `1 000 000 frames: JS heap < 2 × file (${mib(limit)}), ArrayBuffers counted`,
        m.heapTotal,
        limit,
        mib(m.heapTotal),
      );
      judge(`1 000 000 frames: JS heap < 2 × file, V8 heap alone`, m.heapUsed, limit, mib(m.heapUsed));
    }
  }
  if (targets.length > 0) {
    console.log('\n| target | measured (median) | met |\n|---|---:|---|');
    for (const t of targets) console.log(`| ${t.target} | ${t.measured} | ${t.met ? 'yes' : 'NO'} |`);
  }
  console.log(`\nload:    ${loadText(loadAfter)} (1, 5, 15 min) after the runs`);

  const date = new Date().toISOString().slice(0, 10);
  const json = join(dir, `browser-${date}.json`);
  writeFileSync(
    json,
    `${JSON.stringify({ date: new Date().toISOString(), machine, load: { before: loadBefore, after: loadAfter }, filter: FILTER, results, targets }, null, 2)}\n`,
  );
  console.log(`written: ${json}`);
}

await main();
