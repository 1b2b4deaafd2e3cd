// The page's side of the capture worker: a real Web Worker in the browser, or the same session in-process where
// there is none (jsdom tests, or a browser that refuses module workers).
import { createCaptureSession } from './session';
import type { FromWorker, ToWorker } from './protocol';
import { spawnCaptureWorker } from './spawn';

export interface CaptureWorker {
  post(message: ToWorker): void;
  /** Replaces the message handler. */
  listen(handler: (message: FromWorker) => void): void;
  terminate(): void;
}

export function inProcessWorker(): CaptureWorker {
  let handler: (message: FromWorker) => void = () => {};
  // Messages cross as they would between threads: later, never inside the caller's stack.
  const session = createCaptureSession((message) => void setTimeout(() => handler(message), 0));
  return {
    post: (message) => void setTimeout(() => session.handle(message), 0),
    listen(next) {
      handler = next;
    },
    terminate() {
      handler = () => {};
    },
  };
}

export function startCaptureWorker(): CaptureWorker {
  if (typeof Worker === 'undefined') return inProcessWorker();
  let worker: Worker;
  try {
    worker = spawnCaptureWorker();
  } catch {
    return inProcessWorker();
  }
  // Session -1: "whatever is open now" (the worker can no longer say which).
  return {
    post: (message) => worker.postMessage(message),
    listen(handler) {
      worker.onmessage = (event: MessageEvent<FromWorker>) => handler(event.data);
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        handler({ type: 'failed', session: -1, reason: event.message || 'the worker stopped' });
      };
      worker.onmessageerror = () =>
        handler({ type: 'failed', session: -1, reason: 'a message from the worker could not be read' });
    },
    terminate: () => worker.terminate(),
  };
}
