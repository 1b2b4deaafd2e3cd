// @ts-check
// The Vite plugin that writes sw.js, the service worker that makes the built app work offline after its first
// visit (src/pwa/service-worker.ts): the worker's TypeScript compiled by Vite's own transformer, with the list of
// the build's files and a digest of their contents put in. Nothing is downloaded; no plugin package is needed.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SERVICE_WORKER_FILE = 'sw.js';
const SOURCE = fileURLToPath(new URL('../src/pwa/service-worker.ts', import.meta.url));

/**
 * Every file under dir, as paths relative to it with forward slashes, sorted.
 * @param {string} dir
 * @returns {Promise<string[]>}
 */
async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/**
 * @param {{ exclude: (path: string) => boolean }} options files of the output folder not to store offline (the
 *   worker itself, source maps, the single-file build that is there to be downloaded)
 * @returns {import('vite').Plugin}
 */
export function serviceWorker({ exclude }) {
  let outDir = '';
  return {
    name: 'framescope-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const { transformWithOxc } = await import('vite');
      const files = (await filesUnder(outDir)).filter(
        (path) => path !== SERVICE_WORKER_FILE && !path.endsWith('.map') && !exclude(path),
      );
      const digest = createHash('sha256');
      for (const path of files)
        digest
          .update(path)
          .update('\0')
          .update(await readFile(join(outDir, path)));
      const version = digest.digest('hex').slice(0, 16);
      const { code } = await transformWithOxc(await readFile(SOURCE, 'utf8'), SOURCE, { lang: 'ts' });
      const constants = `const PRECACHE = ${JSON.stringify(files)};\nconst VERSION = ${JSON.stringify(version)};\n`;
      await writeFile(join(outDir, SERVICE_WORKER_FILE), constants + code);
    },
  };
}
