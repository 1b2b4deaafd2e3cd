import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import type { ResolvedConfig } from 'vite';
import { defineConfig, type Plugin } from 'vitest/config';
import { buildSingleFile, SINGLE_FILE_MODE, SINGLE_FILE_NAME, singleFile } from './scripts/build-single-plugin.mjs';
import { serviceWorker } from './scripts/service-worker.mjs';

/**
 * The built page's Content-Security-Policy: its own scripts and styles only, no inline script, no eval, no
 * connections anywhere but its own origin. Only in the build: Vite's dev server injects inline scripts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'framescope-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/** After the build: framescope.html, the whole app in one file (scripts/build-single-plugin.mjs), beside index.html. */
function singleFileBeside(): Plugin {
  let config: ResolvedConfig | undefined;
  return {
    name: 'framescope-single-file-beside',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle: {
      sequential: true,
      async handler() {
        if (!config) return;
        const file = await buildSingleFile({ root: config.root, outDir: config.build.outDir });
        const kB = (statSync(file).size / 1000).toFixed(2);
        config.logger.info(`${relative(process.cwd(), file)}  ${kB} kB  (the whole app in one file: opens from disk)`);
      },
    },
  };
}

/**
 * The tab's icon as a data: URL in the page itself: no request for it, so a page opened from a link asks for nothing
 * after it loads (e2e/share.spec.ts), and the single file needs no file beside it. The manifest's icons are files.
 */
function inlineFavicon(): Plugin {
  const svg = readFileSync(new URL('./public/icon.svg', import.meta.url));
  const href = `data:image/svg+xml;base64,${svg.toString('base64')}`;
  return {
    name: 'framescope-favicon',
    transformIndexHtml: () => [{ tag: 'link', attrs: { rel: 'icon', type: 'image/svg+xml', href }, injectTo: 'head' }],
  };
}

export default defineConfig(({ mode }) => ({
  // Relative asset URLs: the built dist/ works when served from any sub-path.
  base: './',
  plugins: [
    react(),
    tailwindcss(),
    inlineFavicon(),
    ...(mode === SINGLE_FILE_MODE
      ? singleFile()
      : [
          contentSecurityPolicy(),
          // Offline after the first visit: every built file but the single file, which is there to be downloaded.
          serviceWorker({ exclude: (path) => path === SINGLE_FILE_NAME }),
          singleFileBeside(),
        ]),
  ],
  // Module workers, so the worker bundle can share chunks with the app.
  worker: { format: 'es' },
  test: {
    setupFiles: ['./vitest.setup.ts'],
    passWithNoTests: true,
    // No test may depend on how fast the machine is: on 2 cores kept busy by other work, Vitest's 5 s default
    // failed sound tests (the CLI's pipe test took 5.2-6.6 s). A test or hook that hangs is still stopped, after
    // a minute. Tests that do real work (shared-capture sweeps, fuzzing, tshark, a spawned CLI or worker) say so
    // with their own `{ timeout: 120_000 }`.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
          exclude: ['src/**/*.dom.test.tsx', 'e2e/**', 'node_modules/**', 'dist/**'],
        },
      },
      {
        // jsdom costs seconds per file: keep DOM tests few and named *.dom.test.tsx.
        // Any other test file can still opt in with a `// @vitest-environment jsdom` comment.
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['src/**/*.dom.test.tsx'],
        },
      },
    ],
  },
}));
