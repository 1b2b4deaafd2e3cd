// Standard output for the bundled CLI. Text is encoded into 1 MiB buffers. The first SYNC_BYTES are written here as
// each buffer fills; past that, a full buffer is written by a writer thread while the main thread goes on dissecting,
// so the time a pipe takes to drain (a reader on the other end that is slower than a file, 64 KiB at a time) overlaps
// with the work instead of adding to it. At most SLOTS buffers wait: past that the main thread blocks until one is
// written, so a slow reader slows framescope down rather than letting output pile up in memory. Writes are
// synchronous at the bottom (writeSync on the descriptor), for the reason given at writeAll.
import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const SLOT_BYTES = 1 << 20;
const SLOTS = 4;
/**
 * Output written before a writer thread starts. Starting one costs about 25 ms of CPU (a second V8 isolate), more than
 * writing this much does: a summary of 100 000 frames (7 MB) is written without one, `--json` of them (800 MB) with.
 */
const SYNC_BYTES = 8 << 20;
export const STDOUT = 1;
export const STDERR = 2;

/** Sleeps without spinning, for an output that is full and does not block (see writeAll). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Writes straight to the file descriptor, synchronously: a pipe that is full blocks the write until its reader has
 * caught up, so the dissector never runs ahead of the output. Through `process.stdout` a pipe is asynchronous on
 * Linux, and 100 000 frames of JSON (680 MB) queued in memory faster than a reader took them (2 GB resident, and
 * slower). `process.stdout` and `process.stderr` are never touched, so the descriptors stay as the shell or parent
 * made them (blocking); if one was left non-blocking, a full pipe answers EAGAIN and the write is retried after a
 * millisecond. Returns false when the reader has gone (EPIPE: `framescope … | head` closed the pipe early).
 */
export function writeAll(fd: number, data: Uint8Array): boolean {
  for (let written = 0; written < data.length;) {
    try {
      written += writeSync(fd, data, written, data.length - written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return false;
      if (code !== 'EAGAIN') throw error;
      pause(1);
    }
  }
  return true;
}

// The writer thread's whole program: slot by slot, in order, wait for a length, write it, mark the slot free.
// `state[i]` is slot i's length (0: free); `state[SLOTS]` is set to 1 when the reader has gone, 2 on another error.
const WRITER = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { buffer, state, slots, slotBytes } = workerData;
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
for (let slot = 0; ; slot = (slot + 1) % slots) {
  Atomics.wait(state, slot, 0);
  const length = Atomics.load(state, slot);
  const data = new Uint8Array(buffer, slot * slotBytes, length);
  for (let written = 0; written < length && Atomics.load(state, slots) === 0; ) {
    try {
      written += writeSync(1, data, written, length - written);
    } catch (error) {
      if (error.code === 'EAGAIN') pause(1);
      else Atomics.store(state, slots, error.code === 'EPIPE' ? 1 : 2);
    }
  }
  Atomics.store(state, slot, 0);
  Atomics.notify(state, slot);
}
`;

export interface Stdout {
  write(text: string): void;
  /** UTF-8 already encoded: copied before it returns. */
  writeBytes(bytes: Uint8Array): void;
  /** Everything written so far is out (before a line on stderr, and at exit). */
  flush(): void;
}

/** `onGone`: the reader closed the pipe (exit quietly); `onError`: another write error. */
export function createStdout(onGone: () => never, onError: (message: string) => never): Stdout {
  const buffer = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
  const state = new Int32Array(new SharedArrayBuffer(4 * (SLOTS + 1)));
  const slots = Array.from({ length: SLOTS }, (_, i) => Buffer.from(buffer, i * SLOT_BYTES, SLOT_BYTES));
  // Started once SYNC_BYTES are written: shorter output (a paste, a small capture, a summary) never needs it.
  let writer: Worker | undefined;
  let slot = 0;
  let used = 0;
  let written = 0;
  let handedOver = false;

  const check = () => {
    const failed = Atomics.load(state, SLOTS);
    if (failed === 1) onGone();
    if (failed === 2) onError('cannot write the output');
  };
  /** Waits until the slot's earlier contents are written. */
  const waitFree = (i: number) => {
    for (let length = Atomics.load(state, i); length !== 0; length = Atomics.load(state, i))
      Atomics.wait(state, i, length);
    check();
  };
  const handOver = () => {
    if (used === 0) return;
    if (!writer && written + used <= SYNC_BYTES) {
      if (!writeAll(STDOUT, slots[slot]!.subarray(0, used))) onGone();
      written += used;
      used = 0;
      return;
    }
    if (!writer) {
      writer = new Worker(WRITER, { eval: true, workerData: { buffer, state, slots: SLOTS, slotBytes: SLOT_BYTES } });
      // It never keeps the process alive: `flush` has waited for every buffer it was given.
      writer.unref();
    }
    handedOver = true;
    Atomics.store(state, slot, used);
    Atomics.notify(state, slot);
    slot = (slot + 1) % SLOTS;
    used = 0;
    waitFree(slot);
  };

  return {
    write(text) {
      // UTF-8 takes at most 3 bytes per UTF-16 code unit.
      if (used + 3 * text.length > SLOT_BYTES) {
        handOver();
        if (3 * text.length > SLOT_BYTES) {
          this.flush();
          if (!writeAll(STDOUT, Buffer.from(text, 'utf8'))) onGone();
          return;
        }
      }
      used += slots[slot]!.write(text, used);
    },
    writeBytes(bytes) {
      // Copied across as many buffers as it takes (a frame's JSON may be larger than what one has left).
      for (let from = 0; from < bytes.length;) {
        if (used === SLOT_BYTES) handOver();
        const n = Math.min(bytes.length - from, SLOT_BYTES - used);
        slots[slot]!.set(bytes.subarray(from, from + n), used);
        used += n;
        from += n;
      }
    },
    flush() {
      if (handedOver) {
        handOver();
        for (let i = 0; i < SLOTS; i++) waitFree(i);
      } else if (used > 0) {
        const length = used;
        used = 0;
        if (!writeAll(STDOUT, slots[slot]!.subarray(0, length))) onGone();
      }
    },
  };
}
