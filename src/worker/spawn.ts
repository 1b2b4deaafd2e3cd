// How the page starts the capture worker: its own file beside the page's scripts (CSP worker-src 'self').
// The single-file build (scripts/build-single-plugin.mjs) swaps this module for spawn.inline.ts.
export function spawnCaptureWorker(): Worker {
  return new Worker(new URL('./capture.worker.ts', import.meta.url), { type: 'module', name: 'framescope-capture' });
}
