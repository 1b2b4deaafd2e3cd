// A plain static file server for the deployment specs: serves a built dist/ under a sub-path, as an intranet's web
// server would (no SPA fallback; optionally the "clean URL" redirect some servers make), and can be stopped
// mid-test to take the site off the network.
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticSite {
  /** The site's address, ending in "/" (http://127.0.0.1:PORT/PREFIX/). */
  readonly url: string;
  /** Every request's path and status, in order. */
  readonly log: { readonly path: string; readonly status: number }[];
  /** Stops answering and drops open connections: the site is gone from the network. */
  close(): Promise<void>;
}

/**
 * Serves `root` at http://127.0.0.1:<free port><prefix>; prefix starts and ends with "/". With redirectIndex, asking
 * for …/index.html is sent on to …/ (301), as some static servers do ("clean URLs").
 */
export async function serveStatic(root: string, prefix: string, { redirectIndex = false } = {}): Promise<StaticSite> {
  const base = resolve(root);
  const log: { path: string; status: number }[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const answer = (status: number, file?: string, headers: Record<string, string> = {}) => {
      log.push({ path, status });
      if (file === undefined) {
        response.writeHead(status, headers).end();
        return;
      }
      response.writeHead(status, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      createReadStream(file).pipe(response);
    };
    if (path === prefix.slice(0, -1)) return answer(404); // no trailing-slash redirect: not every server has one
    if (!path.startsWith(prefix)) return answer(404);
    if (redirectIndex && path.endsWith('/index.html'))
      return answer(301, undefined, { location: path.slice(0, -'index.html'.length) });
    const relative = path.slice(prefix.length) || 'index.html';
    const file = normalize(join(base, relative.endsWith('/') ? `${relative}index.html` : relative));
    if (file !== base && !file.startsWith(base + sep)) return answer(403);
    try {
      if (!statSync(file).isFile()) return answer(404);
    } catch {
      return answer(404);
    }
    return answer(200, file);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    log,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** The build the specs deploy: E2E_DIST (see playwright.config.ts) or dist/. */
export const BUILT_DIR = resolve(process.env['E2E_DIST'] ?? fileURLToPath(new URL('../dist/', import.meta.url)));
