// `npm run compare`: framescope vs tshark over every capture in ../shared/captures, per field id.
//   npm run compare [-- CAPTURE...]
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agreement, compareCapture, emptyComparison, EXCLUDED, tsharkFieldIds } from './compare-lib';

const dir = fileURLToPath(new URL('../../shared/captures/', import.meta.url));
const args = process.argv.slice(2);
const files =
  args.length > 0
    ? args
    : readdirSync(dir)
        .filter((f) => /\.(pcap|pcapng|gz)$/.test(f))
        .sort()
        .map((f) => join(dir, f));

const known = tsharkFieldIds();
const total = emptyComparison(known);
for (const file of files) {
  const one = emptyComparison(known);
  await compareCapture(one, file, basename(file));
  const { agree, total: n } = agreement(one);
  console.log(
    `${basename(file).padEnd(48)} ${String(one.frames).padStart(6)} TPKT frames  ${((100 * agree) / Math.max(1, n)).toFixed(3).padStart(8)} % of ${n} fields agree`,
  );
  total.frames += one.frames;
  for (const [id, t] of one.byId) {
    const into = total.byId.get(id) ?? { agree: 0, disagree: 0, onlyTshark: 0, onlyFramescope: 0, examples: [] };
    into.agree += t.agree;
    into.disagree += t.disagree;
    into.onlyTshark += t.onlyTshark;
    into.onlyFramescope += t.onlyFramescope;
    into.examples.push(...t.examples.slice(0, 3 - into.examples.length));
    total.byId.set(id, into);
  }
}

console.log('\nfield id                                   agree  differ  tshark-only  framescope-only');
for (const [id, t] of [...total.byId].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(
    `${id.padEnd(42)} ${String(t.agree).padStart(6)}  ${String(t.disagree).padStart(6)}  ${String(t.onlyTshark).padStart(11)}  ${String(t.onlyFramescope).padStart(15)}`,
  );
}
const { agree, total: n } = agreement(total);
console.log(
  `\n${total.frames} frames, ${n} fields compared, ${agree} agree: ${((100 * agree) / Math.max(1, n)).toFixed(3)} %`,
);
console.log(`Left out by design (docs/wireshark-differences.md): ${Object.keys(EXCLUDED).join(', ')}`);
const disagreements = [...total.byId.values()].flatMap((t) =>
  t.agree === t.agree + t.disagree + t.onlyTshark + t.onlyFramescope ? [] : t.examples,
);
if (disagreements.length > 0) console.log(`\nExamples of disagreement:\n  ${disagreements.slice(0, 40).join('\n  ')}`);
