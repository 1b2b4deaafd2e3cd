// The CLI as built (scripts/build-cli.mjs writes this file, with the bundle in place of BUNDLE, to
// dist-cli/framescope.mjs): runs the bundled CLI from V8's code cache kept beside it (framescope.mjs.cache, made by the
// build), so that a run compiles neither the bundle's 800 kB nor each function it calls the first time. Node 22 does
// this with module.enableCompileCache(); Node 20 has only vm.Script's cachedData, which serves a script, not an ES
// module: so the bundle is CommonJS, held here as text.
//
// The cache is used only when it was made from these very bytes (its first 32 octets are the bundle's SHA-256) and by
// this V8 with these flags (V8 checks that itself, and compiles from source when they differ). Without the file (this
// one copied elsewhere alone) the CLI runs as well, compiled from source.
// FRAMESCOPE_CODE_CACHE_OUT=FILE writes the cache, as it stands when the process exits, to FILE (the build does).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const BUNDLE = '/* the CommonJS bundle, as a string */';

const here = fileURLToPath(import.meta.url);
const digest = createHash('sha256').update(BUNDLE).digest();

let cachedData;
try {
  const cache = readFileSync(`${here}.cache`);
  if (cache.subarray(0, digest.length).equals(digest)) cachedData = cache.subarray(digest.length);
} catch {
  // No cache: compiled from source, as any script.
}

// CommonJS's own wrapper (Module.wrap), so that the bundle sees what it would under require().
const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${BUNDLE}\n});`, {
  filename: here,
  cachedData,
});
const out = process.env.FRAMESCOPE_CODE_CACHE_OUT;
if (out) process.on('exit', () => writeFileSync(out, Buffer.concat([digest, script.createCachedData()])));

const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(here), module, here, dirname(here));
