// Pasted text → frames. Two shapes so far: an offset dump (each line an offset, then bytes, perhaps an ASCII
// column: the KB article's "ADDR HEX ASCII" table, od, hexdump -C, Wireshark's hex dump) and a bare hex stream.
// The ASCII column is told from the bytes by position, never by token shape: "E." and "CAFE" both occur there.
import type { Problem } from '../dissect/model';
import type { InputFrame, ParsedInput } from './model';
import { detectLinkType } from './linktype';

interface Token {
  readonly text: string;
  /** 0-based column where the token starts. */
  readonly column: number;
}

interface OffsetLine {
  readonly lineNumber: number;
  readonly offset: number;
  readonly tokens: readonly Token[];
}

const OFFSET_LINE = /^(\s*)(?:0x)?([0-9a-fA-F]{3,8})(:?)(?=\s)/;
const BYTE = /^[0-9a-fA-F]{2}$/;

function tokenize(line: string, from: number): Token[] {
  const tokens: Token[] = [];
  const re = /\S+/g;
  re.lastIndex = from;
  for (let m = re.exec(line); m; m = re.exec(line)) tokens.push({ text: m[0], column: m.index });
  return tokens;
}

function inputProblem(severity: Problem['severity'], message: string, line: number, column: number): Problem {
  return { severity, code: 'input-unreadable', message: `line ${line}, column ${column}: ${message}`, line, column };
}

/** od and hexdump end with a line holding only the total length: an offset with no bytes. */
const END_OFFSET_LINE = /^\s*(?:0x)?([0-9a-fA-F]{3,8}):?\s*$/;

function parseOffsetLine(line: string, lineNumber: number): OffsetLine | undefined {
  const end = END_OFFSET_LINE.exec(line);
  if (end) return { lineNumber, offset: parseInt(end[1]!, 16), tokens: [] };
  const m = OFFSET_LINE.exec(line);
  if (!m) return undefined;
  const tokens = tokenize(line, m[0].length);
  if (tokens.length === 0 || !BYTE.test(tokens[0]!.text)) return undefined;
  return { lineNumber, offset: parseInt(m[2]!, 16), tokens };
}

/** Leading run of two-hex-digit tokens before `stopColumn`. */
function byteTokens(tokens: readonly Token[], stopColumn: number): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    if (t.column >= stopColumn || !BYTE.test(t.text)) break;
    out.push(t);
  }
  return out;
}

function parseOffsetDump(lines: readonly string[]): ParsedInput | undefined {
  const entries: OffsetLine[] = [];
  const skipped: number[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const entry = parseOffsetLine(line, i + 1);
    if (entry) entries.push(entry);
    else skipped.push(i + 1);
  });
  if (!entries.some((e) => e.tokens.length > 0)) return undefined;

  const problems: Problem[] = [];
  // Lines before the first offset line are headings ("ADDR  HEX  ASCII"); lines after it that are not
  // offset lines are reported, not silently dropped.
  for (const n of skipped) {
    if (n > entries[0]!.lineNumber) problems.push(inputProblem('warning', `not an offset line (expected a hex offset followed by hex bytes); line skipped`, n, 1));
  }

  // Bytes per line from consecutive offsets, and where the ASCII column starts: right after the last byte of
  // the widest lines (a short last line leaves a gap before its ASCII column, which must not be read as bytes).
  const expected = entries.map((e, i) => {
    const next = entries[i + 1];
    return next && next.offset > e.offset ? next.offset - e.offset : undefined;
  });
  // A loop, not Math.max(...spread): a dump may have hundreds of thousands of lines.
  let widest = 0;
  const tally = new Map<number, number>();
  for (const n of expected) {
    if (n === undefined || n > 64) continue;
    if (n > widest) widest = n;
    tally.set(n, (tally.get(n) ?? 0) + 1);
  }
  // The usual bytes per line: a full line followed by a bigger offset jump is a skip, not a short line.
  let typical = 0;
  for (const [n, times] of tally) if (times > (tally.get(typical) ?? 0)) typical = n;
  let asciiColumn = Infinity;
  entries.forEach((e, i) => {
    if (expected[i] !== widest || widest === 0) return;
    const bytes = byteTokens(e.tokens, Infinity);
    if (bytes.length >= widest) {
      const last = bytes[widest - 1]!;
      asciiColumn = Math.min(asciiColumn, last.column + last.text.length + 1);
    }
  });

  const frames: InputFrame[] = [];
  let current: number[] = [];
  const flush = () => {
    if (current.length > 0) frames.push({ bytes: Uint8Array.from(current), linkType: detectLinkType(Uint8Array.from(current)) });
    current = [];
  };
  // Each line is checked against the line before it (its offset plus the bytes it declared), so one short
  // line is reported once instead of making every later offset look wrong.
  let declaredEnd = 0;
  entries.forEach((e, i) => {
    if (e.tokens.length === 0) {
      // An end-of-dump offset: it must equal the bytes read so far.
      if (e.offset !== current.length) problems.push(inputProblem('warning', `the dump ends at offset 0x${e.offset.toString(16)}, but 0x${current.length.toString(16)} bytes were read`, e.lineNumber, 1));
      return;
    }
    if (e.offset === 0 && current.length > 0) {
      flush();
      declaredEnd = 0;
    } else if (e.offset !== declaredEnd) {
      problems.push(inputProblem('error', `offset 0x${e.offset.toString(16)} ${e.offset > declaredEnd ? 'skips' : 'repeats'} bytes: expected 0x${declaredEnd.toString(16)} after the previous line`, e.lineNumber, 1));
    }
    const count = expected[i];
    const bytes = byteTokens(e.tokens, asciiColumn).slice(0, count ?? Infinity);
    const fullLineBeforeSkip = count !== undefined && bytes.length < count && bytes.length === typical;
    if (count !== undefined && bytes.length < count && !fullLineBeforeSkip) {
      const after = bytes[bytes.length - 1];
      const column = (after ? after.column + after.text.length : e.tokens[0]!.column) + 2;
      problems.push(inputProblem('error', `expected ${count} hex bytes on this line (the next line's offset is 0x${(e.offset + count).toString(16)}), found ${bytes.length}`, e.lineNumber, column));
    }
    for (const t of bytes) current.push(parseInt(t.text, 16));
    declaredEnd = e.offset + (count === undefined || fullLineBeforeSkip ? bytes.length : count);
  });
  flush();
  return { format: 'offset dump (offset, hex bytes, ASCII column)', frames, problems };
}

function parseHexStream(text: string): ParsedInput {
  const bytes: number[] = [];
  const lines = text.split(/\r?\n/);
  let pending = '';
  let pendingAt: { line: number; column: number } | undefined;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    for (let col = 0; col < line.length; col++) {
      const ch = line[col]!;
      if (/\s/.test(ch) || ch === ':' || ch === '-') continue;
      if (!/[0-9a-fA-F]/.test(ch)) {
        const frames = bytes.length > 0 ? [{ bytes: Uint8Array.from(bytes), linkType: detectLinkType(Uint8Array.from(bytes)) }] : [];
        return {
          format: 'hex stream',
          frames,
          problems: [inputProblem('error', `expected a hex digit (0-9, a-f), found "${ch}"; ${bytes.length > 0 ? `the ${bytes.length} bytes before it are kept` : 'nothing before it could be read'}`, li + 1, col + 1)],
        };
      }
      if (pending === '') pendingAt = { line: li + 1, column: col + 1 };
      pending += ch;
      if (pending.length === 2) {
        bytes.push(parseInt(pending, 16));
        pending = '';
      }
    }
  }
  const problems: Problem[] = [];
  if (pending !== '' && pendingAt) problems.push(inputProblem('error', `odd number of hex digits: "${pending}" is half a byte and was dropped`, pendingAt.line, pendingAt.column));
  const frames = bytes.length > 0 ? [{ bytes: Uint8Array.from(bytes), linkType: detectLinkType(Uint8Array.from(bytes)) }] : [];
  return { format: 'hex stream', frames, problems };
}

/** Never throws: whatever it could read, plus problems naming the line and column where it went wrong. */
export function parseText(text: string): ParsedInput {
  try {
    if (text.trim() === '') return { format: 'empty', frames: [], problems: [] };
    const lines = text.split(/\r?\n/);
    return parseOffsetDump(lines) ?? parseHexStream(text);
  } catch (error) {
    return {
      format: 'unknown',
      frames: [],
      problems: [{ severity: 'error', code: 'internal-error', message: `framescope's text parser failed (${error instanceof Error ? error.message : String(error)}); this is a framescope bug` }],
    };
  }
}
