// What every text reader shares: the result shape, problems that name a line and column, a growable byte
// buffer (a 100 000-line paste must not become millions of small objects), and hex helpers.
import type { Problem } from '../dissect/model';
import { hexDigits } from '../dissect/format';

/** A frame as a text reader found it: its bytes and the 1-based line its first byte was read from. */
export interface TextFrame {
  readonly bytes: Uint8Array;
  readonly line: number;
}

/** What one reader made of the whole text. */
export interface ReadResult {
  readonly frames: readonly TextFrame[];
  readonly problems: readonly Problem[];
  /** Set when what was read narrows the format's name, e.g. "tcpdump -XX" once an ASCII column was seen. */
  readonly variant?: string;
}

export function inputProblem(severity: Problem['severity'], message: string, line: number, column: number): Problem {
  return { severity, code: 'input-unreadable', message: `line ${line}, column ${column}: ${message}`, line, column };
}

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** First `max` non-blank lines: what format claims look at, so a huge paste is not scanned once per format. */
export function sampleLines(lines: readonly string[], max = 64): string[] {
  const sample: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    sample.push(line);
    if (sample.length === max) break;
  }
  return sample;
}

/** Share of the lines that `test` accepts (0 for no lines). */
export function share(lines: readonly string[], test: (line: string) => boolean): number {
  if (lines.length === 0) return 0;
  let n = 0;
  for (const line of lines) if (test(line)) n++;
  return n / lines.length;
}

/** Appends bytes without an array of numbers per frame; `take()` hands them over and starts afresh. */
export interface ByteSink {
  readonly length: number;
  push(byte: number): void;
  /** Drops bytes from the end so `length` becomes n (n ≤ length). */
  truncate(n: number): void;
  at(i: number): number;
  take(): Uint8Array;
}

export function byteSink(): ByteSink {
  let buf = new Uint8Array(256);
  let n = 0;
  return {
    get length() {
      return n;
    },
    push(byte) {
      if (n === buf.length) {
        const grown = new Uint8Array(buf.length * 2);
        grown.set(buf);
        buf = grown;
      }
      buf[n++] = byte;
    },
    truncate(to) {
      n = Math.max(0, Math.min(n, to));
    },
    at(i) {
      return buf[i]!;
    },
    take() {
      const out = buf.slice(0, n);
      n = 0;
      return out;
    },
  };
}

const HEX_DIGIT = /^[0-9a-fA-F]$/;

export function isHexDigit(ch: string | undefined): boolean {
  return ch !== undefined && HEX_DIGIT.test(ch);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "the 96 bytes before it are kept" / "nothing before it could be read": how a stop leaves the frame. */
export function keptText(count: number): string {
  if (count === 0) return 'nothing before it could be read';
  return count === 1 ? 'the byte before it is kept' : `the ${count} bytes before it are kept`;
}

/** What was found, for a message: `"zz"`, the first 12 characters of a long token, control characters as \uXXXX. */
export function quoted(found: string): string {
  const short = found.length > 12 ? `${found.slice(0, 12)}…` : found;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be made visible
  return `"${short.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${hexDigits(c.charCodeAt(0), 4)}`)}"`;
}
