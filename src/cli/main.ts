// Entry point of the bundled CLI (dist-cli/framescope.mjs, built by scripts/build-cli.mjs): wires main() to this
// process. No top-level await: the bundle is CommonJS, so that V8's code cache can serve it (scripts/cli-launch.mjs).
import { main, type CliIo } from './cli';
import { createStdout, STDERR, writeAll } from './output';

const stdout = createStdout(
  // `framescope … | head` closes the pipe early: that is the reader's choice, not an error.
  () => process.exit(0),
  (message) => {
    writeAll(STDERR, Buffer.from(`framescope: ${message}\n`, 'utf8'));
    process.exit(1);
  },
);

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const io: CliIo = {
  stdout: (text) => stdout.write(text),
  stdoutBytes: (bytes) => stdout.writeBytes(bytes),
  stderr: (text) => {
    // After what stdout already holds, as a terminal showing both would have them.
    stdout.flush();
    writeAll(STDERR, Buffer.from(text, 'utf8'));
  },
  ...(process.stdin.isTTY ? {} : { stdin: readStdin }),
};

void main(process.argv.slice(2), io).then((status) => {
  process.exitCode = status;
  stdout.flush();
});
