// The CLI as a function of argv, input and output, so tests run it without a process.
import { readFile } from 'node:fs/promises';
import { dissectFrame, type Frame, type Problem } from '../dissect';
import { dissectLean } from '../dissect/engine';
import { LeanWants, type FrameRecord } from '../dissect/sink';
import { version } from '../../package.json';
import { parseArgs, USAGE, type Options, type OutputMode } from './args';
import { inputProblemText } from '../export/problem-text';
import { summaryLine, summaryRow } from './summary';
import { frameTree } from '../export/tree';
import { annotate } from './annotate';
import { jsonWriter, textOf, type CaptureFacts } from '../export/json';
import { offloadSummary } from '../dissect/offload';
import { fieldsWriter, type FieldsWriter } from '../export/fields';
import { compileFilter, type CompiledFilter } from '../dissect/filter';
import { sniffHead, sniffInput, type Sniffed } from '../inputs/sniff';
import { captureHeading, fileChunks, fileHead, runCapture, type CaptureItem } from './capture';
import { runDiff } from './diff';
import { statisticsText } from './stats';

export interface CliIo {
  readonly stdout: (text: string) => void;
  /** UTF-8 for stdout, written by --json (else it goes to `stdout` as text): the bytes are the callee's only until it returns. */
  readonly stdoutBytes?: (bytes: Uint8Array) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input; absent when nothing is piped in (stdin is a terminal). */
  readonly stdin?: () => Promise<Uint8Array>;
}

export const EXIT_OK = 0;
export const EXIT_UNREADABLE = 2;

const DUMPS = 'offset lines such as "0000  00 00 a2 00 ..." or bare hex bytes such as "45 00 00 54"';

async function readSource(
  file: string | undefined,
  io: CliIo,
): Promise<{ bytes: Uint8Array; name: string } | { error: string }> {
  if (file === undefined || file === '-') {
    if (!io.stdin)
      return { error: 'no input: give a FILE, or pipe a hex dump to standard input (see framescope --help)' };
    return { bytes: await io.stdin(), name: 'stdin' };
  }
  try {
    return { bytes: await readFile(file), name: file };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String(error);
    return { error: `cannot read ${file}: ${why}` };
  }
}

/** The one stderr line for an input that is neither a capture nor a dump: what it is instead (inputs/sniff.ts). */
function notReadLine(name: string, sniffed: Exclude<Sniffed, { kind: 'capture' | 'dump' }>): string {
  if (sniffed.kind !== 'text') return `${name} is ${sniffed.message}`;
  const first = sniffed.parsed.problems[0];
  // A parser bug is not the user's input being wrong: do not tell them what to paste instead.
  if (first?.code === 'internal-error') return `cannot read ${name}: ${first.message}`;
  return `${name} is ${sniffed.message} (${DUMPS})${first ? `; ${inputProblemText(first)}` : ''}`;
}

/** A frame to write: its summary row (lean) and its fields, each made when the output asks for it. */
type ToWrite = Pick<CaptureItem, 'row' | 'frame'>;

/** Where dissected frames go, one at a time, in the chosen output mode. */
interface FrameSink {
  frame(item: ToWrite): void;
  end(inputProblems: readonly Problem[], capture?: CaptureFacts): void;
}

/** The chosen output: its mode, and for -T fields the writer of the fields named with -e. */
interface Output {
  readonly mode: OutputMode;
  readonly fields?: FieldsWriter;
}

function frameSink({ mode, fields }: Output, { stdout: write, stdoutBytes }: CliIo): FrameSink {
  // Every output but the summary shows fields: the frame is dissected with them.
  const each = (render: (frame: Frame) => string): FrameSink => ({
    frame: (item) => write(render(item.frame())),
    end: () => {},
  });
  // -V and --annotate separate frames with a blank line, as tshark -V does.
  const gap = (frame: Frame) => (frame.number > 1 ? '\n' : '');
  switch (mode) {
    case 'json': {
      const json = jsonWriter(stdoutBytes ?? textOf(write));
      return { frame: (item) => json.frame(item.frame()), end: json.end };
    }
    case 'summary':
      return { frame: (item) => write(`${summaryLine(item.row())}\n`), end: () => {} };
    case 'tree':
      // A capture frame's heading says what its record says (lengths, times, comments), as tshark's Frame tree.
      return each((frame) => {
        const tree = frameTree(frame);
        return (
          gap(frame) +
          (frame.capture ? [...captureHeading(frame), tree.slice(tree.indexOf('\n') + 1)].join('\n') : tree)
        );
      });
    case 'annotate':
      return each((frame) => `${gap(frame)}Frame ${frame.number}: ${frame.length} bytes\n${annotate(frame)}`);
    case 'fields':
      if (fields?.header) write(fields.header);
      return each((frame) => fields?.line(frame) ?? '');
  }
}

/** Returns the exit status: 0 when frames were read (even partly), 2 when nothing could be, or on a usage error. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr(`framescope: ${message}\n`);
    return EXIT_UNREADABLE;
  };
  if (argv[0] === 'diff') return runDiff(argv.slice(1), io);
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

  let filter: CompiledFilter | undefined;
  if (options.filter !== undefined) {
    const compiled = compileFilter(options.filter);
    if (!compiled.ok) return fail(`-Y: column ${compiled.error.column}: ${compiled.error.message}`);
    filter = compiled.filter;
  }
  let output: Output = { mode: options.mode };
  if (options.fields) {
    const fields = fieldsWriter(options.fields.ids, options.fields.format);
    // tshark's words, one field a line, so that a script's author sees each name it got wrong.
    if (!fields.ok)
      return fail(`Some fields aren't valid:\n${fields.unknown.map((id) => `\t${id}\n`).join('')}`.trimEnd());
    output = { mode: 'fields', fields: fields.writer };
  }

  // What a file is, its first bytes say: a capture streams from disk, text is read whole, anything else is named
  // without reading it all (a disk image given by mistake).
  if (options.file !== undefined && options.file !== '-') {
    const head = await fileHead(options.file);
    const sniffed = head && sniffHead(head);
    if (sniffed?.kind === 'capture')
      return captureOutput(options.file, () => fileChunks(options.file!), filter, options, output, io);
    if (sniffed && sniffed.kind !== 'looks-like-text') return fail(notReadLine(options.file, sniffed));
  }
  const source = await readSource(options.file, io);
  if ('error' in source) return fail(source.error);
  const sniffed = sniffInput(source.bytes);
  if (sniffed.kind === 'capture') return captureOutput(source.name, () => [source.bytes], filter, options, output, io);
  if (sniffed.kind !== 'dump') return fail(notReadLine(source.name, sniffed));

  const { parsed } = sniffed;
  if (options.statistics.length > 0) return fail('-z needs a capture file (pcap or pcapng), not pasted text');

  for (const problem of parsed.problems) io.stderr(`framescope: ${source.name}: ${inputProblemText(problem)}\n`);
  const sink = frameSink(output, io);
  // A summary line needs only the columns and problems; a filter, the values of the fields it names.
  const wants = new LeanWants(filter?.ids ?? new Set());
  const frames = options.count !== undefined ? parsed.frames.slice(0, options.count) : parsed.frames;
  frames.forEach((input, index) => {
    const [linkType, number] = [options.linkType ?? input.linkType, index + 1];
    let record: FrameRecord | undefined;
    const lean = () => (record ??= dissectLean(input.bytes, linkType, number, wants, options.dissect));
    const item: ToWrite = {
      row: () => summaryRow(lean()),
      frame: () => dissectFrame(input.bytes, linkType, number, options.dissect),
    };
    if (!filter || filter.test({ frame: lean(), bytes: input.bytes })) sink.frame(item);
  });
  sink.end(parsed.problems);
  return EXIT_OK;
}

/**
 * A capture file, frame by frame into the output (none with -q), then the -z statistics (read again from `chunks`);
 * its problems to stderr as "FILE: byte N (0x..): message".
 */
async function captureOutput(
  name: string,
  chunks: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  filter: CompiledFilter | undefined,
  options: Options,
  output: Output,
  io: CliIo,
): Promise<number> {
  // Made on the first frame: a file with no frame at all leaves stdout empty (--json included).
  let sink: FrameSink | undefined;
  const problems: string[] = [];
  let result;
  try {
    result = await runCapture({
      name,
      chunks: chunks(),
      filter,
      count: options.count,
      options: options.dissect,
      reassembly: options.reassembly,
      // Every output but the summary shows fields: of every frame when no filter drops some.
      fields: output.mode !== 'summary' && filter === undefined,
      frame: (frame) => {
        if (!options.quiet) (sink ??= frameSink(output, io)).frame(frame);
      },
      problem: (text) => problems.push(text),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr(`framescope: cannot read ${name}: ${code === 'EACCES' ? 'permission denied' : String(error)}\n`);
    return EXIT_UNREADABLE;
  }
  if (result.framesRead === 0 && problems.length > 0) {
    io.stderr(`framescope: no frame in ${name}: ${problems[0]}\n`);
    return EXIT_UNREADABLE;
  }
  for (const text of problems) io.stderr(`framescope: ${name}: ${text}\n`);
  // Once per capture, after the frames: the hosts that left checksums to their NIC (stdout formats stay as they are).
  const offload = offloadSummary(result.offload);
  if (offload) io.stderr(`framescope: ${name}: ${offload}\n`);
  if (!options.quiet)
    (sink ??= frameSink(output, io)).end(
      result.problems,
      result.offload.length > 0 ? { checksumOffload: result.offload } : undefined,
    );
  if (options.statistics.length > 0)
    io.stdout(await statisticsText(chunks(), options.statistics, options.dissect, options.count));
  return EXIT_OK;
}
