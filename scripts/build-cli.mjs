// Bundles the CLI (src/cli/main.ts) into dist-cli/framescope.mjs for bin/framescope.mjs.
//
//   node scripts/build-cli.mjs          strict: a failed bundle exits 1 (npm run build:cli)
//   node scripts/build-cli.mjs --soft   a failed bundle only warns (npm's prepare hook, so a
//                                        broken CLI does not stop `npm ci` and every other test)
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = `${root}src/cli/main.ts`;
const outfile = `${root}dist-cli/framescope.mjs`;
const soft = process.argv.includes('--soft');

if (!existsSync(entry)) {
  console.warn('build-cli: src/cli/main.ts does not exist yet; skipping the CLI bundle');
  process.exit(0);
}

try {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    // Lets bundled CommonJS dependencies call require() from inside an ES module.
    banner: {
      js: "import { createRequire as __framescopeCreateRequire } from 'node:module';\nconst require = __framescopeCreateRequire(import.meta.url);",
    },
  });
  console.log(`build-cli: wrote ${outfile.slice(root.length)}`);
} catch {
  // esbuild has already printed the errors.
  console.error(`build-cli: bundling failed${soft ? ' (ignored by --soft)' : ''}`);
  process.exit(soft ? 0 : 1);
}
