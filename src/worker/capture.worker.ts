// The Web Worker entry: wires the session to the worker's message port. Everything else is in session.ts.
import { createCaptureSession } from './session';
import type { ToWorker } from './protocol';

interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

const scope = globalThis as unknown as WorkerScope;
const session = createCaptureSession((message, transfer) => scope.postMessage(message, transfer ?? []));
scope.onmessage = (event) => session.handle(event.data);
