// Wireshark's Find Packet (Ctrl+F), its pure parts: what the user typed — a display filter, hex bytes or a string —
// becomes a filter or a byte pattern; a pattern is found in a frame's bytes; frames are visited from the selected
// one onwards (or backwards), wrapping once. The capture worker runs the search, in slices, over these.
import { compileFilter, type CompiledFilter } from './compile';
import type { FilterError } from './parse';

/** Wireshark's Find Packet kinds: "Display filter", "Hex value", "String" (searched in the frame's bytes). */
export type FindMode = 'filter' | 'hex' | 'string';

export interface FindQuery {
  readonly mode: FindMode;
  readonly text: string;
  /** Strings only: letters must match in case (default true). */
  readonly caseSensitive?: boolean;
}

export type CompiledFind =
  | { readonly kind: 'filter'; readonly filter: CompiledFilter }
  | { readonly kind: 'bytes'; readonly pattern: Uint8Array; readonly caseSensitive: boolean };

export type FindCompiled =
  { readonly ok: true; readonly find: CompiledFind } | { readonly ok: false; readonly error: FilterError };

export type HexPattern =
  { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly error: FilterError };

const HEX_DIGITS = /^[0-9a-f]*$/i;

/**
 * Bytes as people write them: "03 00 00 2c", "0300002c", "03:00:00:2c", "03-00-00-2c", "0x03 0x00", "0x0300002c".
 * A token of one or two digits is one byte ("3:0:0:2c"); a longer one is whole bytes, two digits each.
 */
export function parseHexPattern(text: string): HexPattern {
  const bytes: number[] = [];
  const TOKEN = /[^\s:,-]+/g;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const prefixed = /^0x/i.test(m[0]);
    const digits = prefixed ? m[0].slice(2) : m[0];
    const column = m.index + 1 + (prefixed ? 2 : 0);
    if (digits === '') return failed(m.index + 1, `Expected hex digits after "${m[0]}"`);
    if (!HEX_DIGITS.test(digits)) {
      const bad = digits.search(/[^0-9a-f]/i);
      return failed(column + bad, `Expected a hex digit (0-9, a-f), found "${digits[bad]}"`);
    }
    if (digits.length > 2 && digits.length % 2 !== 0)
      return failed(column, `Expected whole bytes (two hex digits each), found an odd number of digits in "${digits}"`);
    for (let k = 0; k < digits.length; k += 2) bytes.push(parseInt(digits.slice(k, k + 2), 16));
  }
  if (bytes.length === 0) return failed(1, 'Type the bytes to find, e.g. 03 00 00 2c');
  return { ok: true, bytes: Uint8Array.from(bytes) };
}

const failed = (column: number, message: string) => ({ ok: false as const, error: { column, message } });

/** Upper-case ASCII letters to lower case; every other byte as it is. */
const fold = (b: number) => (b >= 0x41 && b <= 0x5a ? b | 0x20 : b);

/** Where `pattern` first occurs in `bytes` at or after `from`; -1 when it does not (or is empty). */
export function findBytes(bytes: Uint8Array, pattern: Uint8Array, caseSensitive = true, from = 0): number {
  const n = pattern.length;
  if (n === 0) return -1;
  const first = caseSensitive ? pattern[0]! : fold(pattern[0]!);
  for (let at = Math.max(0, from); at + n <= bytes.length; at++) {
    if ((caseSensitive ? bytes[at]! : fold(bytes[at]!)) !== first) continue;
    let k = 1;
    if (caseSensitive) while (k < n && bytes[at + k] === pattern[k]) k++;
    else while (k < n && fold(bytes[at + k]!) === fold(pattern[k]!)) k++;
    if (k === n) return at;
  }
  return -1;
}

/** What the user typed, ready to run over frames; a reason (with its column) when it cannot be. */
export function compileFind(query: FindQuery): FindCompiled {
  switch (query.mode) {
    case 'filter': {
      const compiled = compileFilter(query.text);
      if (!compiled.ok) return compiled;
      if (!compiled.filter) return failed(1, 'Type a display filter, e.g. cotp.type == 0x0e');
      return { ok: true, find: { kind: 'filter', filter: compiled.filter } };
    }
    case 'hex': {
      const parsed = parseHexPattern(query.text);
      if (!parsed.ok) return parsed;
      return { ok: true, find: { kind: 'bytes', pattern: parsed.bytes, caseSensitive: true } };
    }
    case 'string': {
      if (query.text === '') return failed(1, 'Type the text to find');
      const pattern = new TextEncoder().encode(query.text);
      return { ok: true, find: { kind: 'bytes', pattern, caseSensitive: query.caseSensitive ?? true } };
    }
  }
}

export type FindDirection = 'next' | 'previous';

/**
 * The `step`-th frame (1 ≤ step ≤ count) a search visits from frame `from` in a capture of `count` frames: after it
 * (next) or before it (previous), wrapping once past the end or the start, so `from` itself comes last. Without a
 * selection (`from` outside 1..count) a search starts at the first frame (next) or the last (previous).
 */
export function findOrder(
  from: number,
  count: number,
  direction: FindDirection,
  step: number,
): { readonly frame: number; readonly wrapped: boolean } {
  const selected = from >= 1 && from <= count;
  if (direction === 'next') {
    const start = selected ? from : 0;
    const frame = start + step;
    return frame > count ? { frame: frame - count, wrapped: true } : { frame, wrapped: false };
  }
  const start = selected ? from : count + 1;
  const frame = start - step;
  return frame < 1 ? { frame: frame + count, wrapped: true } : { frame, wrapped: false };
}
