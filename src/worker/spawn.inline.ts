// The single file's capture worker (scripts/build-single-plugin.mjs puts this module in place of spawn.ts): the worker's
// code travels inside the page and starts from a blob: URL (CSP worker-src blob:), because Chromium refuses a
// worker script loaded from file://.
import InlineCaptureWorker from './capture.worker.ts?worker&inline';

export function spawnCaptureWorker(): Worker {
  return new InlineCaptureWorker({ name: 'framescope-capture' });
}
