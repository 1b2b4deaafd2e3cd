// `npm run bench`: framescope's CLI against tshark on the same deterministic capture, on this machine.
//   npm run bench [-- --frames N] [--runs R] [--no-tshark] [--default-only] [--dir DIR]
//
// Times, for each tool, the full dissection written as JSON, the one-line-per-frame summary, and the summary of the
// frames a display filter keeps (`-Y 'cotp.type == 0x0d'`, the CC TPDUs). Each command runs R times, the commands
// interleaved so that a noisy neighbour slows all of them alike; the table gives the median wall time and the peak
// resident memory of the child (GNU time's %M where /usr/bin/time exists, else the child's own maxRSS for framescope
// and none for tshark). Output goes through a pipe into a counting sink here, for both tools alike: its size is in
// the table. The figures are also written as JSON to DIR/cli-DATE.json.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCapture } from './bench-capture';
import { parseText } from '../src/inputs';
import { hexByte, hexDigits } from '../src/dissect/format';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
};
const frameCount = Number(option('--frames', '100000'));
const runs = Math.max(1, Number(option('--runs', '5')));
const dir = option('--dir', join(root, 'reports', 'bench'));
const withTshark = !args.includes('--no-tshark');
const withVariants = !args.includes('--default-only');

/** tshark's layers above COTP, disabled so that both tools stop at COTP (s7comm_plus is a plugin: unknown names are ignored). */
const UPPER_LAYERS = ['ses', 's7comm', 's7comm_plus', 'mms', 'pres', 'clnp'];
const GNU_TIME = '/usr/bin/time';
/** The display filter timed: the CC TPDUs, one frame in about 40 of the bench capture. */
const FILTER = 'cotp.type == 0x0d';

type Mode = 'json' | 'summary' | 'filter';
/** Issue 18's targets (tshark's median time ÷ framescope's), with the earlier stretch goal for JSON. */
const TARGETS: readonly (readonly [Mode, number, number | undefined])[] = [
  ['json', 5, 10],
  ['summary', 1.5, undefined],
  ['filter', 1.5, undefined],
];

interface Run {
  readonly seconds: number;
  readonly cpuSeconds?: number;
  readonly peakKiB?: number;
  readonly outputBytes: number;
  readonly lines: number;
}

interface Case {
  readonly name: string;
  readonly tool: 'framescope' | 'tshark';
  readonly mode: Mode;
  readonly command: readonly string[];
  readonly runs: Run[];
  /** A variant of the default command, shown but not the one the targets are judged on. */
  readonly variant?: boolean;
}

function tsharkVersion(): string | undefined {
  const result = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.split('\n')[0] : undefined;
}

/**
 * Runs a command with stdout into a byte counter (lines counted too where `countLines`: the summaries, so the
 * counting costs little next to hundreds of megabytes of JSON); wall time here, CPU and peak memory from GNU time.
 */
function runOnce(command: readonly string[], memoryFile: string, countLines: boolean): Promise<Run> {
  const timed = existsSync(GNU_TIME);
  const argv = timed ? [GNU_TIME, '-o', memoryFile, '-f', '%M %U %S', ...command] : [...command];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let outputBytes = 0;
    let lines = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      outputBytes += chunk.length;
      if (countLines) for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) {
        reject(new Error(`${command.join(' ')} exited with ${code}: ${stderr.trim().slice(0, 500)}`));
        return;
      }
      let peakKiB: number | undefined;
      let cpuSeconds: number | undefined;
      if (timed) {
        const [peak, user, system] = readFileSync(memoryFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
        peakKiB = peak;
        cpuSeconds = user! + system!;
      } else {
        const match = /framescope-bench-maxrss (\d+)/.exec(stderr);
        if (match) peakKiB = Number(match[1]);
      }
      resolve({
        seconds,
        outputBytes,
        lines,
        ...(peakKiB !== undefined ? { peakKiB } : {}),
        ...(cpuSeconds !== undefined ? { cpuSeconds } : {}),
      });
    });
  });
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const mib = (kib: number | undefined) => (kib === undefined ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The paste parser on 100 000 offset-dump lines (one frame of 1.6 MB): median of `runs` parses, in this process. */
function pasteSeconds(): { seconds: number; bytes: number } {
  const line = (i: number) =>
    `${hexDigits(i * 16, 6)} ${Array.from({ length: 16 }, (_, k) => hexByte(i + k)).join(' ')}`;
  const text = Array.from({ length: 100_000 }, (_, i) => line(i)).join('\n');
  const times: number[] = [];
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    const started = process.hrtime.bigint();
    bytes = parseText(text).frames.reduce((n, f) => n + f.bytes.length, 0);
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return { seconds: median(times), bytes };
}

async function main(): Promise<void> {
  const cli = join(root, 'dist-cli', 'framescope.mjs');
  if (!existsSync(cli)) throw new Error('dist-cli/framescope.mjs is missing: run npm run build:cli');
  mkdirSync(dir, { recursive: true });
  const loadBefore = loadavg();
  const file = join(dir, `bench-${frameCount}.pcap`);
  const capture = benchCapture(frameCount);
  writeFileSync(file, capture.bytes);
  const memoryFile = join(tmpdir(), `framescope-bench-${process.pid}.time`);
  // Without GNU time, the framescope child reports its own peak memory on stderr at exit.
  const report = join(dir, 'maxrss.mjs');
  writeFileSync(
    report,
    "process.on('exit', () => process.stderr.write(`framescope-bench-maxrss ${process.resourceUsage().maxRSS}\\n`));\n",
  );
  const node = existsSync(GNU_TIME) ? [process.execPath] : [process.execPath, '--import', report];

  const tshark = withTshark ? tsharkVersion() : undefined;
  const disable = UPPER_LAYERS.flatMap((p) => ['--disable-protocol', p]);
  // framescope follows TCP conversations by default (in one pass over the file), as tshark reassembles TCP by default;
  // --no-reassembly, each frame on its own with no stream tracker, is timed for comparison.
  const cases: Case[] = [
    { name: 'framescope --json', tool: 'framescope', mode: 'json', command: [...node, cli, '--json', file], runs: [] },
    ...(withVariants
      ? [
          {
            name: '  … --no-reassembly',
            tool: 'framescope' as const,
            mode: 'json' as const,
            variant: true,
            command: [...node, cli, '--no-reassembly', '--json', file],
            runs: [],
          },
        ]
      : []),
    ...(tshark
      ? [
          {
            name: 'tshark -T json',
            tool: 'tshark' as const,
            mode: 'json' as const,
            command: ['tshark', '-r', file, '-T', 'json', ...disable],
            runs: [],
          },
        ]
      : []),
    { name: 'framescope (summary)', tool: 'framescope', mode: 'summary', command: [...node, cli, file], runs: [] },
    ...(withVariants
      ? [
          {
            name: '  … --no-reassembly',
            tool: 'framescope' as const,
            mode: 'summary' as const,
            variant: true,
            command: [...node, cli, '--no-reassembly', file],
            runs: [],
          },
        ]
      : []),
    ...(tshark
      ? [
          {
            name: 'tshark (summary)',
            tool: 'tshark' as const,
            mode: 'summary' as const,
            command: ['tshark', '-r', file, ...disable],
            runs: [],
          },
        ]
      : []),
    {
      name: 'framescope -Y',
      tool: 'framescope',
      mode: 'filter',
      command: [...node, cli, '-Y', FILTER, file],
      runs: [],
    },
    ...(tshark
      ? [
          {
            name: 'tshark -Y',
            tool: 'tshark' as const,
            mode: 'filter' as const,
            command: ['tshark', '-r', file, '-Y', FILTER, ...disable],
            runs: [],
          },
        ]
      : []),
  ];

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}${tshark ? `, ${tshark}` : ', no tshark'}`;
  console.log(`framescope bench — ${new Date().toISOString().slice(0, 10)}`);
  console.log(`machine: ${machine}`);
  console.log(
    `file:    ${file} (${mb(capture.bytes.length)}, ${capture.frames} frames; TPDUs ${Object.entries(capture.tpdus)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; ${capture.doubleSegments} segments carry two TPKTs)`,
  );
  console.log(`filter:  -Y '${FILTER}' (the ${capture.tpdus['CC']} CC TPDUs)`);
  console.log(`load:    ${loadText(loadBefore)} (1, 5, 15 min) before the runs`);
  console.log(`runs:    ${runs} of each command, interleaved; medians below\n`);

  for (let r = 0; r < runs; r++) {
    for (const c of cases) {
      const run = await runOnce(c.command, memoryFile, c.mode !== 'json');
      c.runs.push(run);
      process.stderr.write(
        `  run ${r + 1}/${runs} ${c.name.padEnd(22)} ${run.seconds.toFixed(2)} s  ${mib(run.peakKiB)}\n`,
      );
    }
  }
  rmSync(memoryFile, { force: true });
  const loadAfter = loadavg();

  const rows = cases.map((c) => ({
    c,
    seconds: median(c.runs.map((r) => r.seconds)),
    min: Math.min(...c.runs.map((r) => r.seconds)),
    max: Math.max(...c.runs.map((r) => r.seconds)),
    cpu: c.runs.every((r) => r.cpuSeconds !== undefined) ? median(c.runs.map((r) => r.cpuSeconds!)) : undefined,
    peak: c.runs.every((r) => r.peakKiB !== undefined) ? Math.max(...c.runs.map((r) => r.peakKiB!)) : undefined,
    output: c.runs[0]!.outputBytes,
    lines: c.runs[0]!.lines,
  }));
  const header = ['command', 'median', 'min–max', 'CPU (user+sys)', 'output', 'peak RSS', 'µs/frame'];
  const table = rows.map((r) => [
    r.c.name,
    `${r.seconds.toFixed(2)} s`,
    `${r.min.toFixed(2)}–${r.max.toFixed(2)} s`,
    r.cpu === undefined ? 'n/a' : `${r.cpu.toFixed(2)} s`,
    mb(r.output),
    mib(r.peak),
    ((r.seconds * 1e6) / capture.frames).toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of table) console.log(line(row));

  const paste = pasteSeconds();
  console.log(
    `\npaste parser: 100 000 offset-dump lines (${mb(paste.bytes)} of frame bytes) read in ${paste.seconds.toFixed(2)} s (median of ${runs})`,
  );
  console.log(`load:    ${loadText(loadAfter)} (1, 5, 15 min) after the runs`);

  // Each tool must have printed what the file holds: a line per frame, or a line per CC TPDU.
  const expectedLines: Readonly<Record<Mode, number | undefined>> = {
    json: undefined,
    summary: capture.frames,
    filter: capture.tpdus['CC'],
  };
  for (const row of rows) {
    const expected = expectedLines[row.c.mode];
    if (expected !== undefined && row.lines !== expected)
      console.log(`\nWARNING: ${label(row.c)} printed ${row.lines} lines where ${expected} were expected`);
  }

  const ratios: {
    mode: string;
    ratio: number;
    cpuRatio?: number;
    target: number;
    met: boolean;
    peakWithin?: boolean;
  }[] = [];
  if (!tshark) console.log(`\n${withTshark ? 'tshark is not installed' : '--no-tshark'}: no ratios.`);
  else {
    // On a busy machine wall times stretch with the load; CPU times (framescope's include its output thread) less so.
    console.log(
      '\n| compared | tshark ÷ framescope (median time) | target | met | same, CPU time | peak RSS framescope / tshark |',
    );
    console.log('|---|---:|---|---|---:|---|');
    for (const [mode, target, stretch] of TARGETS) {
      const theirs = rows.find((r) => r.c.tool === 'tshark' && r.c.mode === mode)!;
      for (const ours of rows.filter((r) => r.c.tool === 'framescope' && r.c.mode === mode)) {
        const ratio = theirs.seconds / ours.seconds;
        const met = ratio >= target ? (stretch !== undefined && ratio >= stretch ? 'yes, stretch too' : 'yes') : 'NO';
        const within = ours.peak !== undefined && theirs.peak !== undefined ? ours.peak <= theirs.peak : undefined;
        const memory =
          within !== undefined ? `${mib(ours.peak)} / ${mib(theirs.peak)} (${within ? 'within' : 'OVER'})` : 'n/a';
        const name = ours.c.variant ? `${mode} --no-reassembly` : mode;
        const cpuRatio = theirs.cpu !== undefined && ours.cpu !== undefined ? theirs.cpu / ours.cpu : undefined;
        ratios.push({
          mode: name,
          ratio,
          ...(cpuRatio !== undefined ? { cpuRatio } : {}),
          target,
          met: ratio >= target,
          ...(within !== undefined ? { peakWithin: within } : {}),
        });
        console.log(
          `| ${name} | ${ratio.toFixed(2)}× | ≥ ${target}×${stretch ? ` (stretch ${stretch}×)` : ''} | ${met} | ${cpuRatio === undefined ? 'n/a' : `${cpuRatio.toFixed(2)}×`} | ${memory} |`,
        );
      }
    }
  }

  const date = new Date().toISOString().slice(0, 10);
  const json = join(dir, `cli-${date}.json`);
  writeFileSync(
    json,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine,
        load: { before: loadBefore, after: loadAfter },
        file: { frames: capture.frames, bytes: capture.bytes.length, tpdus: capture.tpdus },
        filter: FILTER,
        runs,
        commands: rows.map((r) => ({
          name: label(r.c),
          tool: r.c.tool,
          mode: r.c.mode,
          variant: r.c.variant ?? false,
          command: r.c.command.join(' '),
          medianSeconds: r.seconds,
          seconds: r.c.runs.map((run) => run.seconds),
          cpuSeconds: r.cpu ?? null,
          peakKiB: r.peak ?? null,
          outputBytes: r.output,
          lines: r.c.mode === 'json' ? null : r.lines,
        })),
        ratios,
        pasteSeconds: paste.seconds,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nwritten: ${json}`);
}

/** A case's name on its own (the table shows a variant as "… --no-reassembly" under its default). */
const label = (c: Case) => (c.variant ? `framescope ${c.mode} --no-reassembly` : c.name);
const loadText = (load: readonly number[]) => load.map((l) => l.toFixed(2)).join(', ');

await main();
