// `npm run fuzz -- --runs N [--seed S]`: the long fuzzing run. Spreads N inputs over every property (random
// frames on every link type; mutations of real frames from the KB fixture and the shared captures; mutated capture
// files into the capture reader; random text into the paste parser; random strings into the permalink decoder) and
// prints how many inputs ran and any counterexample with its seed and path.
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseText } from '../src/inputs';
import { dissectionFailures, mutationOf, randomFrame } from '../src/dissect/testing/fuzz';
import { captureFailures } from '../src/inputs/testing/capture-fuzz';
import { textMutationOf } from '../src/inputs/testing/text-fuzz';
import { decodePermalink } from '../src/permalink';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : fallback;
};
const runs = option('--runs', 100_000);
const seed = option('--seed', Date.now() % 2 ** 31);

/** Seeds: the KB frame, and the first frames of each classic-pcap shared capture (read directly: 16-byte record headers). */
function seedFrames(): { name: string; link: number; bytes: Uint8Array }[] {
  const kb = parseText(
    readFileSync(fileURLToPath(new URL('../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url)), 'utf8'),
  ).frames[0]!;
  const out = [{ name: 'KB Q151626', link: 1, bytes: kb.bytes }];
  const dir = fileURLToPath(new URL('../../shared/captures/', import.meta.url));
  for (const file of readdirSync(dir).filter((f) => /\.pcap(ng)?$/.test(f))) {
    const buf = readFileSync(dir + file);
    if (buf.readUInt32LE(0) !== 0xa1b2c3d4) continue; // classic little-endian pcap only: enough seeds
    const link = buf.readUInt32LE(20);
    for (let p = 24, n = 0; p + 16 <= buf.length && n < 12; n++) {
      const cap = buf.readUInt32LE(p + 8);
      out.push({ name: `${file} #${n + 1}`, link, bytes: new Uint8Array(buf.subarray(p + 16, p + 16 + cap)) });
      p += 16 + cap;
    }
  }
  return out;
}

const seeds = seedFrames();
const fixtureDir = fileURLToPath(new URL('../src/inputs/__fixtures__/', import.meta.url));
const textFixtures = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(fixtureDir + f, 'utf8'));
const captureDir = fileURLToPath(new URL('../../shared/captures/', import.meta.url));
const smallCaptures = readdirSync(captureDir)
  .filter((f) => /\.(pcap|pcapng|gz)$/.test(f))
  .map((f) => new Uint8Array(readFileSync(captureDir + f)))
  .filter((b) => b.length <= 70_000);
const properties: { name: string; property: fc.IProperty<never> | fc.IProperty<unknown>; share: number }[] = [
  {
    name: 'random bytes, every link type',
    share: 0.3,
    property: fc.property(randomFrame, ([bytes, link]) => dissectionFailures(bytes, link).length === 0),
  },
  ...seeds.map((s) => ({
    name: `mutations of ${s.name}`,
    share: 0.53 / seeds.length,
    property: fc.property(mutationOf(s.bytes), (bytes) => dissectionFailures(bytes, s.link).length === 0),
  })),
  ...smallCaptures.map((file, i) => ({
    name: `mutated capture file #${i + 1} (${file.length} bytes)`,
    share: 0.04 / smallCaptures.length,
    property: fc.property(mutationOf(file), fc.integer({ min: 1, max: 65536 }), (bytes, chunk) => {
      const failures = captureFailures(bytes, chunk);
      if (failures.length > 0) throw new Error(failures.slice(0, 3).join('\n'));
    }),
  })),
  {
    name: 'random strings into the permalink decoder',
    share: 0.03,
    property: fc.property(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 3000 }),
        fc.string({ maxLength: 200 }).map((s) => `v1.${s}`),
      ),
      (text) => {
        const result = decodePermalink(text);
        return typeof result.ok === 'boolean';
      },
    ),
  },
  ...textFixtures.map((text, i) => ({
    name: `mutated text fixture #${i + 1}`,
    share: 0.05 / textFixtures.length,
    property: fc.property(textMutationOf(text), (mutated) => {
      const parsed = parseText(mutated);
      if (parsed.problems.some((p) => p.code === 'internal-error'))
        throw new Error(parsed.problems.map((p) => p.message).join('; '));
      for (const f of parsed.frames) {
        const failures = dissectionFailures(f.bytes, f.linkType);
        if (failures.length > 0) throw new Error(failures.slice(0, 3).join('\n'));
      }
    }),
  })),
  {
    name: 'random text into the paste parser',
    share: 0.05,
    property: fc.property(fc.string({ unit: 'binary', maxLength: 4000 }), (text) => {
      const parsed = parseText(text);
      return (
        Array.isArray(parsed.frames) && parsed.frames.every((f) => dissectionFailures(f.bytes, f.linkType).length === 0)
      );
    }),
  },
];

let total = 0;
let failed = 0;
const started = Date.now();
for (const { name, property, share } of properties) {
  const numRuns = Math.max(1, Math.round(runs * share));
  const result = fc.check(property as fc.IProperty<unknown>, { seed, numRuns });
  total += result.numRuns;
  if (result.failed) {
    failed++;
    const shown = fc.stringify(result.counterexample);
    const why =
      result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance ?? '');
    console.log(
      `FAIL ${name}: seed ${seed}, path ${result.counterexamplePath}\n  ${why.slice(0, 2000)}\n  counterexample (${shown.length} chars): ${shown.slice(0, 400)}…`,
    );
  }
}
console.log(
  `${total} inputs in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${seed}: ${failed === 0 ? 'no failure' : `${failed} properties failed`}`,
);
process.exit(failed === 0 ? 0 : 1);
