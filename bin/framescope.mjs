#!/usr/bin/env node
// Thin launcher for the bundled CLI; `npm ci` (prepare) or `npm run build:cli` writes the bundle.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist-cli/framescope.mjs', import.meta.url);

if (!existsSync(bundle)) {
  process.stderr.write('framescope: CLI bundle missing: run npm run build:cli\n');
  process.exit(2);
}

await import(bundle.href);
