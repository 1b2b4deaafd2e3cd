// `npm run census [-- FILE|DIR ...]`: how many frames of each capture carry problems, and which, as the app shows them
// (reassembly on). Default: every capture in ../shared/captures. The last line counts the frames with a warning or an
// error that is not a bad checksum, missing data or TCP sequence analysis: what is left should be rare on real traffic.
//   npm run census [-- --groups] [-- FILE|DIR ...]   (--groups: list each capture's groups with an example message)
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileChunks, runCapture } from '../src/cli/capture';
import { createExpertTally, type ExpertSummary } from '../src/dissect/expert';
import { SEVERITIES } from '../src/dissect/severity';
import type { ProblemCode, Severity } from '../src/dissect/model';

/** Codes left out of the last line: data altered or missing in transit or capture, and TCP sequence analysis. */
const EXPECTED_ON_REAL_TRAFFIC: ReadonlySet<ProblemCode> = new Set([
  'checksum-bad',
  'segment-missing',
  'retransmission',
  'out-of-order',
  'overlap-conflict',
]);
const CAPTURE = /\.(pcap|pcapng|cap|gz)$/i;

const argv = process.argv.slice(2);
const showGroups = argv.includes('--groups');
const paths = argv.filter((a) => a !== '--groups');
const defaultDir = fileURLToPath(new URL('../../shared/captures/', import.meta.url));
const files = (paths.length > 0 ? paths : [defaultDir]).flatMap((path) =>
  statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => CAPTURE.test(f))
        .sort()
        .map((f) => join(path, f))
    : [path],
);

interface Census {
  readonly summary: ExpertSummary;
  /** Frames with a warning or an error outside EXPECTED_ON_REAL_TRAFFIC. */
  readonly unexpected: number;
  readonly fileProblems: readonly string[];
}

async function census(file: string): Promise<Census> {
  const tally = createExpertTally();
  let unexpected = 0;
  const fileProblems: string[] = [];
  await runCapture({
    name: basename(file),
    chunks: fileChunks(file),
    filter: undefined,
    count: undefined,
    options: {},
    reassembly: true,
    frame: (item) => {
      const { number, problems } = item.row();
      tally.set(number, problems);
      if (problems.some((p) => p.severity !== 'note' && !EXPECTED_ON_REAL_TRAFFIC.has(p.code))) unexpected++;
    },
    problem: (text) => fileProblems.push(text),
  });
  return { summary: tally.summary(), unexpected, fileProblems };
}

const percent = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(2)} %`;
const pad = (n: number, width: number) => String(n).padStart(width);
const total = { frames: 0, unexpected: 0, error: 0, warning: 0, note: 0 };
const byCode = new Map<string, number>();

console.log(
  `${'capture'.padEnd(52)} ${'frames'.padStart(7)} ${'error'.padStart(6)} ${'warning'.padStart(7)} ${'note'.padStart(6)}`,
);
for (const file of files) {
  const { summary, unexpected, fileProblems } = await census(file);
  const w = summary.framesWith;
  console.log(
    `${basename(file).padEnd(52)} ${pad(summary.frames, 7)} ${pad(w.error, 6)} ${pad(w.warning, 7)} ${pad(w.note, 6)}`,
  );
  const counts = new Map<string, number>();
  for (const g of summary.groups) {
    const key = `${g.severity} ${g.code}`;
    counts.set(key, (counts.get(key) ?? 0) + g.problems);
    byCode.set(key, (byCode.get(key) ?? 0) + g.problems);
  }
  if (counts.size > 0)
    console.log(
      `    ${[...counts].map(([key, n]) => `${key} ×${n}`).join(', ')}${unexpected ? `; other warnings/errors in ${unexpected} frames` : ''}`,
    );
  for (const text of fileProblems) console.log(`    file: ${text}`);
  if (showGroups)
    for (const g of summary.groups)
      console.log(
        `      ${g.severity.padEnd(7)} ${g.code.padEnd(17)} ${(g.fieldId ?? '-').padEnd(24)} ${pad(g.problems, 6)}× in ${pad(g.frames.length, 6)} frames  e.g. frame ${g.frames[0]}: ${g.example}`,
      );
  total.frames += summary.frames;
  total.unexpected += unexpected;
  for (const severity of SEVERITIES) total[severity] += w[severity];
}

console.log(`\nproblems by severity and code over ${files.length} captures:`);
const order = (key: string) => SEVERITIES.indexOf(key.split(' ')[0] as Severity);
for (const [key, n] of [...byCode].sort(([a, x], [b, y]) => order(a) - order(b) || y - x))
  console.log(`  ${key.padEnd(32)} ${pad(n, 8)}`);
console.log(
  `\nTotal: ${total.frames} frames; with an error ${total.error} (${percent(total.error, total.frames)}), a warning ${total.warning} (${percent(total.warning, total.frames)}), a note ${total.note} (${percent(total.note, total.frames)}); ` +
    `with a warning or error other than ${[...EXPECTED_ON_REAL_TRAFFIC].join(', ')}: ${total.unexpected} (${percent(total.unexpected, total.frames)})`,
);
