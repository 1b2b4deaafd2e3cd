// The CLI as a function of argv, input and output, so tests run it without a process.
import { readFile } from 'node:fs/promises';
import { dissectFrame, type Frame, type Problem } from '../dissect';
import { parseText } from '../inputs';
import { version } from '../../package.json';
import { parseArgs, USAGE, type OutputMode } from './args';
import { inputText } from './read-input';
import { inputProblemText } from './problem-text';
import { summaryLine } from './summary';
import { frameTree } from './tree';
import { annotate } from './annotate';
import { jsonWriter } from './json';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input; absent when nothing is piped in (stdin is a terminal). */
  readonly stdin?: () => Promise<Uint8Array>;
}

export const EXIT_OK = 0;
export const EXIT_UNREADABLE = 2;

const EXPECTED = 'expected a hex dump (offset lines such as "0000  00 00 a2 00 ..." or bare hex bytes such as "45 00 00 54")';

async function readSource(file: string | undefined, io: CliIo): Promise<{ bytes: Uint8Array; name: string } | { error: string }> {
  if (file === undefined || file === '-') {
    if (!io.stdin) return { error: 'no input: give a FILE, or pipe a hex dump to standard input (see framescope --help)' };
    return { bytes: await io.stdin(), name: 'stdin' };
  }
  try {
    return { bytes: await readFile(file), name: file };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(error);
    return { error: `cannot read ${file}: ${why}` };
  }
}

function nothingReadLine(name: string, text: string, problems: readonly Problem[]): string {
  const first = problems[0];
  // A parser bug is not the user's input being wrong: do not tell them what to paste instead.
  if (first?.code === 'internal-error') return `cannot read ${name}: ${first.message}`;
  const why = text.trim() === '' ? `${name} is empty` : first ? inputProblemText(first) : 'no hex bytes found';
  return `no frame in ${name}: ${EXPECTED}; ${why}`;
}

/** Where dissected frames go, one at a time, in the chosen output mode. */
interface FrameSink {
  frame(frame: Frame): void;
  end(inputProblems: readonly Problem[]): void;
}

function frameSink(mode: OutputMode, write: (text: string) => void): FrameSink {
  const each = (render: (frame: Frame) => string): FrameSink => ({ frame: (frame) => write(render(frame)), end: () => {} });
  // -V and --annotate separate frames with a blank line, as tshark -V does.
  const gap = (frame: Frame) => (frame.number > 1 ? '\n' : '');
  switch (mode) {
    case 'json':
      return jsonWriter(write);
    case 'summary':
      return each((frame) => `${summaryLine(frame)}\n`);
    case 'tree':
      return each((frame) => gap(frame) + frameTree(frame));
    case 'annotate':
      return each((frame) => `${gap(frame)}Frame ${frame.number}: ${frame.length} bytes\n${annotate(frame)}`);
  }
}

/** Returns the exit status: 0 when frames were read (even partly), 2 when nothing could be, or on a usage error. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr(`framescope: ${message}\n`);
    return EXIT_UNREADABLE;
  };
  const args = parseArgs(argv);
  if (!args.ok) return fail(`${args.error} (see framescope --help)`);
  const { options } = args;
  if (options.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (options.version) {
    io.stdout(`framescope ${version}\n`);
    return EXIT_OK;
  }

  const source = await readSource(options.file, io);
  if ('error' in source) return fail(source.error);
  const input = inputText(source.bytes, source.name);
  if (!input.ok) return fail(input.error);
  const parsed = parseText(input.text);
  if (parsed.frames.length === 0) return fail(nothingReadLine(source.name, input.text, parsed.problems));

  for (const problem of parsed.problems) io.stderr(`framescope: ${source.name}: ${inputProblemText(problem)}\n`);
  const sink = frameSink(options.mode, io.stdout);
  parsed.frames.forEach((frame, index) => sink.frame(dissectFrame(frame.bytes, frame.linkType, index + 1, options.dissect)));
  sink.end(parsed.problems);
  return EXIT_OK;
}
