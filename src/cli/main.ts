// Entry point of the bundled CLI (dist-cli/framescope.mjs): wires main() to this process.
import { main, type CliIo } from './cli';

const CHUNK = 1 << 16;
let pending = '';

/** Batches stdout writes: one write per frame line would dominate the run time on 100 000 frames. */
function writeOut(text: string): void {
  pending += text;
  if (pending.length >= CHUNK) flushOut();
}

function flushOut(): void {
  if (pending !== '') process.stdout.write(pending);
  pending = '';
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// `framescope … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const io: CliIo = {
  stdout: writeOut,
  stderr: (text) => process.stderr.write(text),
  ...(process.stdin.isTTY ? {} : { stdin: readStdin }),
};

process.exitCode = await main(process.argv.slice(2), io);
flushOut();
