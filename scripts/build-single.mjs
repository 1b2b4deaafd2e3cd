// @ts-check
// npm run build:single: writes OUT_DIR/framescope.html (default dist/), the whole app in one file that works opened
// from disk. `vite build` writes it too, beside index.html. How: scripts/build-single-plugin.mjs.
//
//   node scripts/build-single.mjs [OUT_DIR]
import { buildSingleFile } from './build-single-plugin.mjs';

const file = await buildSingleFile({ outDir: process.argv[2] ?? 'dist', logLevel: 'info' });
console.log(`build-single: ${file}`);
