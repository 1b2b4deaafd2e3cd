// Readers for bytes written without offsets: hex text (a stream, spaced or colon-separated bytes), 0x-prefixed
// lists, C arrays, \x-escaped strings and base64. In all of them a blank line separates frames (C arrays: one frame
// per array). Each stops at the first thing it cannot read and names its line and column; what came before is kept.
import type { Problem } from '../dissect/model';
import { byteSink, inputProblem, keptText, quoted, type ByteSink, type ReadResult, type TextFrame } from './text-scan';

/** Maps an index in the whole text to a 1-based line and column. */
function locator(text: string): (index: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (index) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: index - starts[lo]! + 1 };
  };
}

/** Collects frames: bytes go to the sink; `cut()` ends the current frame (a blank line, the end of an array). */
function frameCollector() {
  const frames: TextFrame[] = [];
  const sink = byteSink();
  let line = 0;
  return {
    frames,
    sink,
    /** Notes where the current frame's first byte came from. */
    at(lineNumber: number) {
      if (sink.length === 0) line = lineNumber;
    },
    cut() {
      if (sink.length > 0) frames.push({ bytes: sink.take(), line });
    },
  };
}

function stopped(collector: ReturnType<typeof frameCollector>, problem: Problem): ReadResult {
  collector.cut();
  return { frames: collector.frames, problems: [problem] };
}

const HEX_RUN = /^[0-9a-fA-F]+$/;

/**
 * Hex digits in runs of whole bytes, separated by whitespace, colons, dashes or commas: "0000a200c0…",
 * "00 00 a2 00", "00:00:a2:00", "0000 a200" (xxd -p, Wireshark's hex stream, MAC-style notation).
 */
export function readHexText(lines: readonly string[]): ReadResult {
  const out = frameCollector();
  const TOKEN = /[^\s:,-]+/g;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      out.cut();
      continue;
    }
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(line); m; m = TOKEN.exec(line)) {
      const token = m[0];
      if (!HEX_RUN.test(token)) {
        // The whole bytes before the bad character are read ("0300f0zz" still gives 03 00 f0).
        const bad = token.search(/[^0-9a-fA-F]/);
        if (bad >= 2) out.at(i + 1);
        for (let k = 0; k + 1 < bad; k += 2) out.sink.push(parseInt(token.slice(k, k + 2), 16));
        return stopped(
          out,
          inputProblem(
            'error',
            `expected a hex digit (0-9, a-f), found ${quoted(token[bad]!)}; ${keptText(out.sink.length)}`,
            i + 1,
            m.index + bad + 1,
          ),
        );
      }
      if (token.length % 2 !== 0) {
        return stopped(
          out,
          inputProblem(
            'error',
            `expected whole bytes (two hex digits each), found an odd number of digits in ${quoted(token)}; ${keptText(out.sink.length)}`,
            i + 1,
            m.index + 1,
          ),
        );
      }
      out.at(i + 1);
      for (let k = 0; k < token.length; k += 2) out.sink.push(parseInt(token.slice(k, k + 2), 16));
    }
  }
  out.cut();
  return { frames: out.frames, problems: [] };
}

/** "0x00 0x1b, 0x1b…": each item 0x and one or two hex digits (or a longer even run), separated by spaces or commas. */
export function readPrefixedList(lines: readonly string[]): ReadResult {
  const out = frameCollector();
  const TOKEN = /[^\s,;]+/g;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      out.cut();
      continue;
    }
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(line); m; m = TOKEN.exec(line)) {
      const digits = /^0[xX]([0-9a-fA-F]+)$/.exec(m[0])?.[1];
      if (digits === undefined || (digits.length > 2 && digits.length % 2 !== 0)) {
        return stopped(
          out,
          inputProblem(
            'error',
            `expected a byte written 0x.. (e.g. 0x1b), found ${quoted(m[0])}; ${keptText(out.sink.length)}`,
            i + 1,
            m.index + 1,
          ),
        );
      }
      out.at(i + 1);
      if (digits.length <= 2) out.sink.push(parseInt(digits, 16));
      else for (let k = 0; k < digits.length; k += 2) out.sink.push(parseInt(digits.slice(k, k + 2), 16));
    }
  }
  out.cut();
  return { frames: out.frames, problems: [] };
}

/** Blanks out C comments, keeping every other character where it was (so columns stay right). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (comment) => comment.replace(/[^\n]/g, ' '));
}

/** Wireshark's "Export Packet Dissections → As C Arrays" writes extra data sources (reassembled bytes) as pktN_M. */
const SECONDARY_ARRAY = /\bpkt\d+_\d+\s*\[[^\]]*\]\s*=\s*$/;

/**
 * C arrays: `unsigned char pkt[] = {0x00, 0x1b, …};` (xxd -i, Wireshark's C-array export, hand-written code).
 * One frame per brace block; items are 0x.. hex, decimal or 'c' character literals; comments are ignored.
 */
export function readCArrays(text: string): ReadResult {
  const at = locator(text);
  const code = withoutComments(text);
  const out = frameCollector();
  const problems: Problem[] = [];
  const BLOCK = /\{([^{}]*)\}/g;
  for (let block = BLOCK.exec(code); block; block = BLOCK.exec(code)) {
    const bodyStart = block.index + 1;
    const head = code.slice(Math.max(0, block.index - 200), block.index);
    if (SECONDARY_ARRAY.test(head)) continue;
    const ITEM = /[^,\s]+/g;
    for (let m = ITEM.exec(block[1]!); m; m = ITEM.exec(block[1]!)) {
      const item = m[0];
      const where = at(bodyStart + m.index);
      const value = /^0[xX][0-9a-fA-F]{1,2}$/.test(item)
        ? parseInt(item, 16)
        : /^\d{1,3}$/.test(item) && Number(item) < 256
          ? Number(item)
          : /^'(?:[^'\\]|\\[\\'nrt0])'$/.test(item)
            ? charLiteral(item)
            : undefined;
      if (value === undefined) {
        problems.push(
          inputProblem(
            'error',
            `expected an array item (a byte such as 0x1b, 27 or 'a'), found ${quoted(item)}; this array stops here and ${keptText(out.sink.length)}`,
            where.line,
            where.column,
          ),
        );
        break;
      }
      out.at(where.line);
      out.sink.push(value);
    }
    out.cut();
  }
  return { frames: out.frames, problems };
}

function charLiteral(item: string): number {
  const inner = item.slice(1, -1);
  if (inner.length === 1) return inner.charCodeAt(0);
  return { '\\\\': 0x5c, "\\'": 0x27, '\\n': 0x0a, '\\r': 0x0d, '\\t': 0x09, '\\0': 0 }[inner] ?? 0;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  v: 0x0b,
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
  '?': 0x3f,
};

/**
 * Decodes one escaped run into the sink: \xHH, \n and friends, octal \NNN, and literal characters as themselves
 * (Python's repr prints b'\x00\x1bE\x00': the E is a byte). Returns the index of a bad escape, or -1.
 */
function decodeEscapes(
  text: string,
  from: number,
  to: number,
  sink: ByteSink,
  skipWhitespace: boolean,
): { bad: number; why: string } | undefined {
  for (let i = from; i < to; i++) {
    const ch = text[i]!;
    if (ch === '\\') {
      const next = text[i + 1];
      if (next === 'x' || next === 'X') {
        const digits = /^[0-9a-fA-F]{2}/.exec(text.slice(i + 2, Math.min(to, i + 4)))?.[0];
        if (!digits) return { bad: i, why: 'expected two hex digits after \\x' };
        sink.push(parseInt(digits, 16));
        i += 3;
      } else if (next !== undefined && /[0-7]/.test(next)) {
        const digits = /^[0-7]{1,3}/.exec(text.slice(i + 1, Math.min(to, i + 4)))![0];
        const value = parseInt(digits, 8);
        if (value > 255) return { bad: i, why: `octal escape \\${digits} is more than a byte` };
        sink.push(value);
        i += digits.length;
      } else if (next === '\n') {
        i += 1; // a line continuation inside a string
      } else if (next !== undefined && SIMPLE_ESCAPES[next] !== undefined) {
        sink.push(SIMPLE_ESCAPES[next]);
        i += 1;
      } else {
        return { bad: i, why: `expected an escape such as \\x1b, found ${quoted(`\\${next ?? ''}`)}` };
      }
    } else if (skipWhitespace && /\s/.test(ch)) {
      continue;
    } else {
      const code = ch.charCodeAt(0);
      if (code > 0xff) return { bad: i, why: `expected a byte, found ${quoted(ch)}, a character outside Latin-1` };
      sink.push(code);
    }
  }
  return undefined;
}

/**
 * \x-escaped strings: Wireshark's "Copy as Escaped String" ("\x00\x1b…" \ continued over lines), C string
 * literals, Python bytes reprs (b'\x00\x1bE\x00'), shell $'\x00…', or bare \x00\x1b… text. Adjacent literals
 * join (as C and Python join them); a blank line between them starts a new frame.
 */
export function readEscaped(text: string): ReadResult {
  const at = locator(text);
  const out = frameCollector();
  const fail = (index: number, why: string) => {
    const where = at(index);
    return stopped(out, inputProblem('error', `${why}; ${keptText(out.sink.length)}`, where.line, where.column));
  };
  if (!/["']/.test(text)) {
    // Bare escapes: whitespace separates nothing, a blank line separates frames.
    let offset = 0;
    for (const chunk of text.split(/(\n[ \t]*\n)/)) {
      if (/^\n[ \t]*\n$/.test(chunk)) out.cut();
      else {
        out.at(at(offset).line);
        const bad = decodeEscapes(text, offset, offset + chunk.length, out.sink, true);
        if (bad) return fail(bad.bad, bad.why);
      }
      offset += chunk.length;
    }
    out.cut();
    return { frames: out.frames, problems: [] };
  }
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n' && /^\n[ \t]*\n/.test(text.slice(i, i + 200))) {
      out.cut();
      i = text.indexOf('\n', i + 1);
      continue;
    }
    if (ch !== '"' && ch !== "'") {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && text[end] !== ch) end += text[end] === '\\' ? 2 : 1;
    if (end >= text.length) return fail(i, `expected a closing ${ch} for the string that starts here`);
    out.at(at(i).line);
    const bad = decodeEscapes(text, i + 1, end, out.sink, false);
    if (bad) return fail(bad.bad, bad.why);
    i = end + 1;
  }
  out.cut();
  return { frames: out.frames, problems: [] };
}

const BASE64_CHAR = /[A-Za-z0-9+/\-_=]/;

/** Base64, standard or URL-safe, padded or not (Wireshark's "…as a Base64 String", `base64`, CyberChef). */
export function readBase64(lines: readonly string[]): ReadResult {
  const out = frameCollector();
  let run = '';
  let runLine = 0;
  /** Decodes the run so far as one frame; `whole` only its complete groups of four (reading stopped inside it). */
  const decode = (whole = false): Problem | undefined => {
    let body = run.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
    if (whole) body = body.slice(0, body.length - (body.length % 4));
    run = '';
    if (body === '') return undefined;
    if (body.length % 4 === 1)
      return inputProblem(
        'error',
        `base64 cannot end with a single character after a multiple of four: the text is cut short or not base64; ${keptText(0)}`,
        runLine,
        1,
      );
    const binary = atob(body + '='.repeat((4 - (body.length % 4)) % 4));
    out.at(runLine);
    for (let k = 0; k < binary.length; k++) out.sink.push(binary.charCodeAt(k));
    return undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === '') {
      const problem = decode();
      if (problem) return stopped(out, problem);
      out.cut();
      continue;
    }
    if (run === '') runLine = i + 1;
    const start = line.indexOf(trimmed);
    for (let k = 0; k < trimmed.length; k++) {
      const c = trimmed[k]!;
      const misplacedPad = c === '=' && !/^=*$/.test(trimmed.slice(k));
      if (!BASE64_CHAR.test(c) || misplacedPad) {
        run += trimmed.slice(0, k);
        decode(true);
        return stopped(
          out,
          inputProblem(
            'error',
            `expected a base64 character (A-Z, a-z, 0-9, +, /, = at the end), found ${quoted(c)}; ${keptText(out.sink.length)}`,
            i + 1,
            start + k + 1,
          ),
        );
      }
    }
    run += trimmed;
    // Padding ends a base64 value: what follows on the next line is the next frame (as if a blank line were there).
    if (trimmed.endsWith('=')) {
      const problem = decode();
      if (problem) return stopped(out, problem);
      out.cut();
    }
  }
  const problem = decode();
  return problem ? stopped(out, problem) : (out.cut(), { frames: out.frames, problems: [] });
}
