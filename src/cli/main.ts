// Entry point of the bundled CLI (dist-cli/framescope.mjs): wires main() to this process.
import { writeSync } from 'node:fs';
import { main, type CliIo } from './cli';

/** Output is encoded into this buffer and written when it is full: one write per frame line would dominate. */
const out = Buffer.allocUnsafe(1 << 20);
let used = 0;
const STDOUT = 1;
const STDERR = 2;

function writeOut(text: string): void {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  if (used + 3 * text.length > out.length) {
    flushOut();
    if (3 * text.length > out.length) {
      writeAll(STDOUT, Buffer.from(text, 'utf8'));
      return;
    }
  }
  used += out.write(text, used);
}

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
 * millisecond.
 */
function writeAll(fd: number, data: Uint8Array): void {
  for (let written = 0; written < data.length; ) {
    try {
      written += writeSync(fd, data, written, data.length - written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // `framescope … | head` closes the pipe early: that is the reader's choice, not an error.
      if (code === 'EPIPE') {
        if (fd === STDOUT) process.exit(0);
        return;
      }
      if (code !== 'EAGAIN') throw error;
      pause(1);
    }
  }
}

function flushOut(): void {
  if (used === 0) return;
  const length = used;
  used = 0;
  writeAll(STDOUT, out.subarray(0, length));
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const io: CliIo = {
  stdout: writeOut,
  stderr: (text) => {
    // After what stdout already holds, as a terminal showing both would have them.
    flushOut();
    writeAll(STDERR, Buffer.from(text, 'utf8'));
  },
  ...(process.stdin.isTTY ? {} : { stdin: readStdin }),
};

process.exitCode = await main(process.argv.slice(2), io);
flushOut();
