// Bundles the CLI (src/cli/main.ts) into dist-cli/framescope.mjs for bin/framescope.mjs: the CommonJS bundle held in
// scripts/cli-launch.mjs, which runs it from V8's code cache, dist-cli/framescope.mjs.cache (made here by running the
// CLI once over the example frames in public/samples).
//
//   node scripts/build-cli.mjs          strict: a failed bundle exits 1 (npm run build:cli)
//   node scripts/build-cli.mjs --soft   a failed bundle only warns (npm's prepare hook, so a
//                                        broken CLI does not stop `npm ci` and every other test)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = `${root}src/cli/main.ts`;
const launcher = `${root}dist-cli/framescope.mjs`;
const cache = `${launcher}.cache`;
const soft = process.argv.includes('--soft');

/** Every frame of the offset dumps in public/samples, as one pcap (LINKTYPE_ETHERNET), one frame a millisecond. */
function sampleCapture() {
  const dir = `${root}public/samples/`;
  /** @type {number[][]} */
  const frames = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.txt'))
    .sort()) {
    for (const line of readFileSync(dir + name, 'utf8').split('\n')) {
      const match = /^([0-9a-f]{4,})\s+((?:[0-9a-f]{2}\s+)*[0-9a-f]{2})/i.exec(line);
      const [, offset = '', hex = ''] = match ?? [];
      if (hex === '') continue;
      if (Number.parseInt(offset, 16) === 0) frames.push([]);
      frames.at(-1)?.push(...hex.split(/\s+/).map((h) => Number.parseInt(h, 16)));
    }
  }
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  const records = frames.map((bytes, i) => {
    const record = Buffer.alloc(16);
    record.writeUInt32LE(1_700_000_000, 0);
    record.writeUInt32LE(i * 1000, 4);
    record.writeUInt32LE(bytes.length, 8);
    record.writeUInt32LE(bytes.length, 12);
    return Buffer.concat([record, Buffer.from(bytes)]);
  });
  return Buffer.concat([header, ...records]);
}

/**
 * Runs the new CLI once, summarising the sample frames, and keeps V8's code cache of it: the bundle's top level and
 * every function that run called, compiled. Made by the node that builds, for the node that runs (V8 checks both are
 * the same version with the same flags, else compiles from source). Without it the CLI works as well, more slowly.
 */
function makeCodeCache() {
  rmSync(cache, { force: true });
  const dir = mkdtempSync(join(tmpdir(), 'framescope-build-'));
  try {
    const capture = join(dir, 'samples.pcap');
    writeFileSync(capture, sampleCapture());
    // Flags the build runs with (NODE_OPTIONS) are not the CLI's: a cache made under them would not be used.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS'));
    env.FRAMESCOPE_CODE_CACHE_OUT = cache;
    spawnSync(process.execPath, [launcher, capture], { env, stdio: 'ignore' });
  } catch (error) {
    console.warn(`build-cli: ${error instanceof Error ? error.message : error}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!existsSync(cache)) console.warn('build-cli: no code cache made: the CLI compiles its bundle at each start');
}

if (!existsSync(entry)) {
  console.warn('build-cli: src/cli/main.ts does not exist yet; skipping the CLI bundle');
  process.exit(0);
}

try {
  const { outputFiles } = await build({
    entryPoints: [entry],
    outfile: launcher,
    write: false,
    bundle: true,
    platform: 'node',
    // CommonJS, strict as the ES modules it is made of: V8's code cache serves scripts, not modules, on Node 20.
    format: 'cjs',
    banner: { js: "'use strict';" },
    target: 'node20',
    logLevel: 'warning',
  });
  const template = readFileSync(`${root}scripts/cli-launch.mjs`, 'utf8');
  const slot = "'/* the CommonJS bundle, as a string */'";
  if (!template.includes(slot)) throw new Error(`build-cli: scripts/cli-launch.mjs has no ${slot}`);
  const bundle = outputFiles?.[0]?.text;
  if (bundle === undefined) throw new Error('build-cli: esbuild gave no bundle');
  mkdirSync(dirname(launcher), { recursive: true });
  writeFileSync(
    launcher,
    template.replace(slot, () => JSON.stringify(bundle)),
  );
  // What earlier builds wrote: an ES module bundle's source map.
  rmSync(`${launcher}.map`, { force: true });
  makeCodeCache();
  console.log(`build-cli: wrote ${launcher.slice(root.length)}`);
} catch (error) {
  // esbuild has already printed its errors (a BuildFailure lists them); anything else is printed here.
  if (!(error instanceof Error && 'errors' in error)) console.error(error);
  console.error(`build-cli: bundling failed${soft ? ' (ignored by --soft)' : ''}`);
  process.exit(soft ? 0 : 1);
}
