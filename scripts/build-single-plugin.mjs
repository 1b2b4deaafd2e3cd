// @ts-check
// framescope as one self-contained HTML file that works opened from disk (file://), for closed networks: the
// Vite plugins of `vite build --mode single` (vite.config.ts uses them in that mode; scripts/build-single.mjs runs it).
//
// The app is bundled into one script and one stylesheet, with the capture worker's code inside the script (started
// from a blob: URL: Chromium refuses a worker script from file://) and every asset as a data: URL; then the page is
// written with the script and the style inline and a Content-Security-Policy that allows exactly those two by their
// SHA-256 — no 'unsafe-inline', no eval, no connections. The example frames come along inside the script
// (src/samples). No side effects on import: vite.config.ts imports this file, and the build loads vite.config.ts.
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SINGLE_FILE_MODE = 'single';
export const SINGLE_FILE_NAME = 'framescope.html';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const SPAWN = resolve(SRC, 'worker/spawn.ts');
const SPAWN_INLINE = resolve(SRC, 'worker/spawn.inline.ts');

/** @param {string} text */
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The single file's policy: nothing from anywhere — no origin to trust on file:// — but the page's own inline
 * script and style (by hash), data: images and fonts, and the capture worker from a blob: URL.
 * @param {{ script: string, style: string }} inline the exact text of the inline script and style
 */
export function singleFilePolicy({ script, style }) {
  return [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    'img-src data:',
    'font-src data:',
    "connect-src 'none'",
    'worker-src blob:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Text that goes between <script> and </script> (or <style> and </style>) must not end the element early. "</"
 * inside a JavaScript string, template or regular expression can be written "<\/" with the same meaning; "<!--" has
 * no such rewrite, and the bundle has none today, so the build stops rather than guess.
 * @param {string} raw
 * @param {'script' | 'style'} tag
 */
function inlineText(raw, tag) {
  // The HTML parser turns CR LF and CR into LF before the browser hashes the element's text: hash what it will see.
  const text = raw.replace(/\r\n?/g, '\n');
  if (tag === 'style') {
    if (/<\/style/i.test(text))
      throw new Error('build-single: the stylesheet contains "</style"; it cannot be inlined');
    return text;
  }
  if (/<!--/.test(text)) throw new Error('build-single: the script contains "<!--"; it cannot be inlined safely');
  return text.replace(/<\/(script)/gi, '<\\/$1');
}

/** @param {string} text */
const escapeAttribute = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * The page with its script and style inline and the policy first in <head>. What the file does not need is
 * dropped: the web app manifest (no origin to install from) and Vite's references to the bundled files.
 * @param {string} html index.html as Vite wrote it
 * @param {{ script: string, style: string }} parts
 */
export function inlinePage(html, parts) {
  const script = inlineText(parts.script, 'script');
  const style = inlineText(parts.style, 'style');
  const policy = singleFilePolicy({ script, style });
  let page = html
    .replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/i, '')
    .replace(/\s*<link rel="manifest"[^>]*>/i, '')
    .replace(/\s*<script type="module"[^>]*src="[^"]*"[^>]*><\/script>/gi, '')
    .replace(/\s*<link rel="stylesheet"[^>]*>/gi, '')
    .replace(/\s*<link rel="modulepreload"[^>]*>/gi, '');
  const head = `<head>\n    <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(policy)}">`;
  page = page.replace(/<head>/i, () => head).replace(/<\/head>/i, () => `  <style>${style}</style>\n  </head>`);
  // A module script runs after the document is parsed, inline or not; placed last, #root exists when it does.
  page = page.replace(/<\/body>/i, () => `  <script type="module">${script}</script>\n  </body>`);
  return page;
}

/**
 * The Vite plugins of the single-file mode: build options for one script, the inline capture worker, and the
 * page assembled from the bundle.
 * @returns {import('vite').Plugin[]}
 */
export function singleFile() {
  return [
    {
      name: 'framescope-single-file:config',
      config: () => ({
        // A classic worker: Chromium starts no module worker from a blob: URL in a file:// page.
        worker: { format: 'iife' },
        build: {
          // One script by design: no warning that it is large.
          chunkSizeWarningLimit: Infinity,
          copyPublicDir: false,
          modulePreload: false,
          cssCodeSplit: false,
          assetsInlineLimit: () => true,
          rolldownOptions: { output: { codeSplitting: false } },
        },
      }),
    },
    {
      name: 'framescope-single-file:inline-worker',
      enforce: 'pre',
      resolveId(source, importer) {
        if (!importer || !source.startsWith('.')) return undefined;
        const target = resolve(dirname(importer), source);
        return target === SPAWN || `${target}.ts` === SPAWN ? SPAWN_INLINE : undefined;
      },
    },
    {
      name: 'framescope-single-file:page',
      enforce: 'post',
      generateBundle(_options, bundle) {
        const files = Object.values(bundle);
        /** @type {string[]} */ const scripts = [];
        /** @type {string[]} */ const styles = [];
        /** @type {string[]} */ const pages = [];
        /** @type {string[]} */ const others = [];
        for (const file of files) {
          if (file.type === 'chunk') scripts.push(file.code);
          else if (file.fileName.endsWith('.css')) styles.push(String(file.source));
          else if (file.fileName.endsWith('.html')) pages.push(String(file.source));
          else others.push(file.fileName);
        }
        const [script] = scripts;
        const [page] = pages;
        if (
          scripts.length !== 1 ||
          script === undefined ||
          styles.length > 1 ||
          page === undefined ||
          pages.length !== 1 ||
          others.length > 0
        ) {
          const names = files.map((file) => file.fileName).join(', ');
          throw new Error(`build-single: expected one page, one script and at most one stylesheet, got: ${names}`);
        }
        const single = inlinePage(page, { script, style: styles[0] ?? '' });
        for (const file of files) delete bundle[file.fileName];
        this.emitFile({ type: 'asset', fileName: SINGLE_FILE_NAME, source: single });
      },
    },
  ];
}

/**
 * Builds OUT_DIR/framescope.html with the project's vite.config.ts in single-file mode, leaving whatever else is
 * in OUT_DIR alone.
 * @param {{ outDir: string, root?: string, logLevel?: import('vite').LogLevel }} options
 */
export async function buildSingleFile({ outDir, root = resolve(SRC, '..'), logLevel = 'warn' }) {
  const { build } = await import('vite');
  await build({
    root,
    configFile: resolve(root, 'vite.config.ts'),
    mode: SINGLE_FILE_MODE,
    logLevel,
    build: { outDir: resolve(root, outDir), emptyOutDir: false },
  });
  return resolve(root, outDir, SINGLE_FILE_NAME);
}
