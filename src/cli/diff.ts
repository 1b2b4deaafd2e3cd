// `framescope diff A B`: the fields that differ between frame 1 of A and frame 1 of B (or the frames chosen with
// --frame-a / --frame-b), read from the bytes; generated values (computed checksums) follow from those and are
// not compared. A and B are text dumps or capture files.
import { readFile } from 'node:fs/promises';
import { citeText, diffFrames, dissectFrame, type Difference, type DissectOptions, type Frame } from '../dissect';
import { readCapture } from '../inputs/capture';
import { sniffInput } from '../inputs/sniff';
import type { CliIo } from './cli';
import { hexNumber } from '../dissect/format';

export const DIFF_USAGE = `Usage: framescope diff [--json] [--frame-a N] [--frame-b N] A B

Prints the fields that differ between a frame of A and a frame of B (frame 1 of each unless chosen), aligned by
field id and position, each with the rule that governs it. A and B are hex dumps or capture files. Generated
values such as computed checksums are not compared. --json prints {"a": {"file", "frame"}, "b": {...}, "differences": [{"id", "a", "b", ...}]}.
Exit status 0 when both frames were read (whether or not they differ), 2 otherwise.
`;

async function frameOf(path: string, number: number, options: DissectOptions): Promise<Frame | string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch {
    return `cannot read ${path}`;
  }
  const sniffed = sniffInput(bytes);
  if (sniffed.kind === 'capture') {
    const capture = readCapture(bytes);
    const record = capture.frame(number);
    const frameBytes = capture.frameBytes(number);
    if (!record || !frameBytes) return `${path} has ${capture.frameCount()} frames; there is no frame ${number}`;
    return dissectFrame(frameBytes, record.linkType, number, options);
  }
  if (sniffed.kind !== 'dump') return `${path} is ${sniffed.message}`;
  const frame = sniffed.parsed.frames[number - 1];
  if (!frame) return `${path} has ${sniffed.parsed.frames.length} frames; there is no frame ${number}`;
  return dissectFrame(frame.bytes, frame.linkType, number, options);
}

const show = (v: Difference['a']) =>
  v === undefined ? '(absent)' : typeof v === 'number' ? `${v} (${hexNumber(v)})` : JSON.stringify(v);

export async function runDiff(argv: readonly string[], io: CliIo, options: DissectOptions = {}): Promise<number> {
  const files: string[] = [];
  let json = false;
  const numbers = { a: 1, b: 1 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json' || arg === '-T') {
      if (arg === '-T' && argv[++i] !== 'json') return usage(io, '-T takes json');
      json = true;
    } else if (arg === '--frame-a' || arg === '--frame-b') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) return usage(io, `${arg} takes a frame number (1 or more)`);
      numbers[arg === '--frame-a' ? 'a' : 'b'] = n;
    } else if (arg === '-h' || arg === '--help') {
      io.stdout(DIFF_USAGE);
      return 0;
    } else if (arg.startsWith('-')) return usage(io, `unknown option ${arg}`);
    else files.push(arg);
  }
  if (files.length !== 2) return usage(io, `diff takes two files, A and B (got ${files.length})`);
  const [a, b] = await Promise.all([frameOf(files[0]!, numbers.a, options), frameOf(files[1]!, numbers.b, options)]);
  for (const side of [a, b]) if (typeof side === 'string') return usage(io, side);
  const differences = diffFrames(a as Frame, b as Frame);
  if (json) {
    io.stdout(
      `${JSON.stringify({ a: { file: files[0], frame: numbers.a }, b: { file: files[1], frame: numbers.b }, differences })}\n`,
    );
    return 0;
  }
  if (differences.length === 0) {
    io.stdout('No field differs.\n');
    return 0;
  }
  io.stdout(`${differences.length} ${differences.length === 1 ? 'field differs' : 'fields differ'}:\n`);
  for (const d of differences) {
    const at = d.aOffset ?? d.bOffset;
    io.stdout(
      `  ${d.id} @${hexNumber(at ?? 0, 4)}  ${d.label}: ${show(d.a)} → ${show(d.b)}${d.cite ? `  — ${citeText(d.cite)}` : ''}\n`,
    );
  }
  return 0;
}

function usage(io: CliIo, message: string): number {
  io.stderr(`framescope diff: ${message} (see framescope diff --help)\n`);
  return 2;
}
