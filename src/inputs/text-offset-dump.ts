// The one reader behind every dump whose lines start with an offset or address (od, xxd, hexdump, tshark -x,
// Wireshark, tcpdump -xx/-XX, Cisco, gdb, the KB table, text2pcap input). A layout says how an address and a group
// of bytes are written; everything else is learned from the dump itself:
// - bytes per line, from the commonest step between consecutive offsets;
// - where the hex area ends, from the first full line: the ASCII column starts after it, so "CAFE", "00 11" or
//   "E." there are never read as bytes (positions, not token shapes). Columns are counted from the end of the
//   address, so a first line that lost its indentation in a paste still lines up;
// - for memory dumps (Cisco), where a frame's first row starts: rows are aligned, so a first row that holds
//   fewer bytes than the next row's address says started mid-row and ends at that address.
// Offsets are checked line by line: a skip, a repeat or a short line stops that frame at the line where it happens
// (the bytes before it are kept and decoded, nothing after the gap is glued on), and the problem names the line and
// column and says what was expected there.
import type { Problem } from '../dissect/model';
import {
  byteSink,
  inputProblem,
  isHexDigit,
  keptText,
  plural,
  quoted,
  type ReadResult,
  type TextFrame,
} from './text-scan';
import { hexNumber } from '../dissect/format';

export interface DumpLayout {
  /** A data line up to its first group; group 1 is the address. Anchored at the line start. */
  readonly address: RegExp;
  readonly radix?: 8 | 16;
  /** Hex digits in one printed group at most: 2 for single bytes, 4 for 2-byte groups, 8 for 4-byte words. */
  readonly groupDigits: 2 | 4 | 8;
  /** Each group is written with a 0x prefix (gdb). */
  readonly prefixed?: true;
  /** Groups are 16-bit little-endian words (plain hexdump, od -x on a little-endian host). */
  readonly littleEndian?: true;
  /** A line that heads a frame: tcpdump's summary, text2pcap's direction/time, tshark's "Frame (98 bytes):".
   * Group 1, when the header has one, is the frame's length as the tool declared it. */
  readonly header?: RegExp;
  /** A line that heads bytes which are not the frame (tshark's "Reassembled COTP (1304 bytes):"): skipped. */
  readonly aside?: RegExp;
  /** Addresses are memory addresses (gdb, Cisco): a frame starts at any address, after a break in the dump. */
  readonly memory?: true;
  /** A data line that starts a frame whatever its address: gdb's "0x4020 <pkt>:" (a symbol with no +offset). */
  readonly frameStart?: RegExp;
  /** What one group looks like, for messages: "2 hex digits", "0x followed by 2 hex digits". */
  readonly groupText: string;
}

const BLANK = 0;
const DATA = 1;
/** An address with nothing after it: od and hexdump end each dump with the total length. */
const END = 2;
/** "*": od and hexdump (without -v) print it for lines that repeat the line before. */
const REPEAT = 3;
const HEADER = 4;
const ASIDE = 5;
const OTHER = 6;
/** An address followed by something that is not a group: a damaged data line, or text that only starts like one. */
const DAMAGED = 7;

const TOKEN = /\S+/g;
const REPEAT_LINE = /^\s*\*\s*$/;

/** Bytes in a group token, or 0 if it is not one. */
function groupBytes(token: string, layout: DumpLayout): number {
  let digits = token;
  if (layout.prefixed) {
    if (!/^0x/i.test(token)) return 0;
    digits = token.slice(2);
  }
  if (
    digits.length < 2 ||
    digits.length > layout.groupDigits ||
    digits.length % 2 !== 0 ||
    !/^[0-9a-fA-F]+$/.test(digits)
  )
    return 0;
  return digits.length / 2;
}

function pushGroup(token: string, layout: DumpLayout, push: (byte: number) => void): void {
  const digits = layout.prefixed ? token.slice(2) : token;
  if (layout.littleEndian && digits.length === 4) {
    push(parseInt(digits.slice(2, 4), 16));
    push(parseInt(digits.slice(0, 2), 16));
    return;
  }
  for (let i = 0; i < digits.length; i += 2) push(parseInt(digits.slice(i, i + 2), 16));
}

interface Scanned {
  readonly kind: Uint8Array;
  readonly address: Float64Array;
  /** Column (0-based) where the address match ends: group columns are measured from here. */
  readonly bytesFrom: Int32Array;
}

function scan(lines: readonly string[], layout: DumpLayout): Scanned {
  const kind = new Uint8Array(lines.length);
  const address = new Float64Array(lines.length);
  const bytesFrom = new Int32Array(lines.length);
  const radix = layout.radix ?? 16;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      kind[i] = BLANK;
      continue;
    }
    const m = layout.address.exec(line);
    if (m) {
      const rest = line.slice(m[0].length);
      const first = /\S+/.exec(rest);
      address[i] = parseInt(m[1]!, radix);
      bytesFrom[i] = m[0].length;
      if (!first) kind[i] = END;
      else if (first.index > 0 && groupBytes(first[0], layout) > 0) kind[i] = DATA;
      else kind[i] = DAMAGED;
      if (kind[i] !== DAMAGED) continue;
    }
    if (REPEAT_LINE.test(line)) kind[i] = REPEAT;
    else if (layout.header?.test(line)) kind[i] = HEADER;
    else if (layout.aside?.test(line)) kind[i] = ASIDE;
    else if (kind[i] !== DAMAGED) kind[i] = OTHER;
  }
  return { kind, address, bytesFrom };
}

/** How a full line is laid out: bytes per line, and where the hex area ends (a column after the address). */
interface Row {
  readonly width: number;
  /** First column after the last group of a full line: the ASCII column, if any, starts beyond it. */
  readonly hexEnd: number;
}

function learnRow(lines: readonly string[], s: Scanned, layout: DumpLayout): Row | undefined {
  const tally = new Map<number, number>();
  let previous: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const k = s.kind[i];
    if (k === HEADER || k === ASIDE || k === END) previous = undefined;
    if (k !== DATA) continue;
    const step = s.address[i]! - (previous ?? Infinity);
    if (step > 0 && step <= 64) tally.set(step, (tally.get(step) ?? 0) + 1);
    previous = s.address[i]!;
  }
  let width = 0;
  for (const [step, times] of tally)
    if (times > (tally.get(width) ?? 0) || (times === tally.get(width) && step > width)) width = step;
  if (width === 0) return undefined;

  for (let i = 0; i < lines.length; i++) {
    if (s.kind[i] !== DATA) continue;
    const line = lines[i]!;
    const from = s.bytesFrom[i]!;
    let bytes = 0;
    TOKEN.lastIndex = from;
    for (let m = TOKEN.exec(line); m && bytes < width; m = TOKEN.exec(line)) {
      const n = groupBytes(m[0], layout);
      if (n === 0) break;
      bytes += n;
      if (bytes >= width) return { width, hexEnd: m.index + m[0].length - from };
    }
  }
  return { width, hexEnd: Infinity };
}

/** The text after a line's bytes as an ASCII column may print it: as is, or inside hexdump -C's |…| or
 * od -tx1z's >…< (a column of two '|' bytes is "||", so both readings are tried). */
function asciiReadings(rest: string): string[] {
  const text = rest.trim();
  const inner = /^\|(.*)\|$/.exec(text)?.[1] ?? /^>(.*)<$/.exec(text)?.[1];
  return inner === undefined ? [text] : [text, inner];
}

/** Whether `ascii` (a line's text after some group, trimmed) could be the ASCII column of `bytes`: each character
 * the byte itself, its low 7 bits (the KB article prints 0xa2 as '"'), or '.'. Spaces at either end of the column
 * are lost to the trimming, so bytes 0x20 there may be missing. */
function looksLikeAsciiOf(ascii: string, bytes: readonly number[]): boolean {
  let first = 0;
  let last = bytes.length;
  const fits = () => {
    if (ascii.length !== last - first) return false;
    for (let i = 0; i < ascii.length; i++) {
      const c = ascii[i]!;
      const b = bytes[first + i]!;
      const shown = b >= 0x20 && b < 0x7f ? b : b & 0x7f;
      // A byte that has no character may be drawn as anything but a hex digit.
      const stands = c === '.' || c.charCodeAt(0) === shown || ((shown < 0x20 || shown === 0x7f) && !isHexDigit(c));
      if (!stands) return false;
    }
    return true;
  };
  if (ascii.length === 0) return false;
  if (fits()) return true;
  // Spaces the trimming took: 0x20, or (as the KB article prints it) any byte whose low 7 bits are 0x20.
  for (const blank of [(b: number) => b === 0x20, (b: number) => (b & 0x7f) === 0x20]) {
    first = 0;
    last = bytes.length;
    while (first < last && blank(bytes[first]!)) first++;
    while (last > first && blank(bytes[last - 1]!)) last--;
    if (fits()) return true;
  }
  return false;
}

/**
 * Where a line's ASCII column starts when no full line said so (a dump of one short line, a memory dump's first
 * row), or where a paste squeezed the padding out of a short line: at the token `from` (one that is no group), or
 * else at a group, whose rest of line reads as the ASCII of the bytes before it. Without a learned column, a group
 * must also be set off by a wider gap than the groups before it. Returns how many groups are bytes, or -1.
 */
function asciiStart(line: string, groups: readonly Group[], layout: DumpLayout, byGap: boolean, from?: number): number {
  const reads = (start: number, k: number) => {
    const bytes = groupsBytes(groups, k, layout);
    return asciiReadings(line.slice(start)).some((text) => looksLikeAsciiOf(text, bytes));
  };
  if (from !== undefined && reads(from, groups.length)) return groups.length;
  for (let k = groups.length - 1; k >= 1; k--) {
    const gap = (g: number) => groups[g]!.column - (groups[g - 1]!.column + groups[g - 1]!.text.length);
    let narrowest = Infinity;
    for (let g = 1; g < k; g++) narrowest = Math.min(narrowest, gap(g));
    if (byGap && (gap(k) < 2 || (narrowest !== Infinity && gap(k) <= narrowest))) continue;
    if (reads(groups[k]!.column, k)) return k;
  }
  return -1;
}

function groupsBytes(groups: readonly Group[], count: number, layout: DumpLayout): number[] {
  const bytes: number[] = [];
  for (let g = 0; g < count; g++) pushGroup(groups[g]!.text, layout, (b) => bytes.push(b));
  return bytes;
}

interface Group {
  text: string;
  column: number;
}

export function readOffsetDump(lines: readonly string[], layout: DumpLayout): ReadResult {
  const s = scan(lines, layout);
  const row = learnRow(lines, s, layout);
  const width = row?.width;
  const hexEnd = row?.hexEnd ?? Infinity;
  const frames: TextFrame[] = [];
  const problems: Problem[] = [];
  const sink = byteSink();
  const problem = (severity: Problem['severity'], message: string, line: number, column: number) =>
    problems.push(inputProblem(severity, message, line + 1, column + 1));

  type State = 'none' | 'reading' | 'stopped' | 'aside';
  let state = 'none' as State;
  let frameLine = 0;
  let frameBase = 0;
  let expected = 0;
  let declaredLength: number | undefined;
  let afterBreak = true;
  let repeatPending = false;
  let lastLineStart = 0;
  let sawAscii = false;
  const groups: Group[] = [];

  const flush = () => {
    if (sink.length > 0) {
      if (declaredLength !== undefined && declaredLength !== sink.length && state !== 'stopped') {
        problem(
          'warning',
          `the dump's heading declares ${plural(declaredLength, 'byte')}, but ${sink.length} were read`,
          frameLine,
          0,
        );
      }
      frames.push({ bytes: sink.take(), line: frameLine + 1 });
    }
    state = 'none';
    declaredLength = undefined;
    repeatPending = false;
  };

  /** Index of the next data line of the same dump, or of the end offset that closes it; -1 when a heading, a
   * repeat mark or the end of the text comes first. */
  let lookahead = 0;
  const nextLine = (i: number): number => {
    if (lookahead <= i) lookahead = i + 1;
    while (lookahead < lines.length) {
      const k = s.kind[lookahead];
      if (k === DATA || k === DAMAGED || k === END) return lookahead;
      if (k === HEADER || k === ASIDE || k === REPEAT) return -1;
      lookahead++;
    }
    return -1;
  };

  /** Fills an od/hexdump "*" gap by repeating the last line up to `to`; false if it does not divide evenly. */
  const fillRepeat = (to: number): boolean => {
    const lineLength = sink.length - lastLineStart;
    const missing = to - (frameBase + sink.length);
    if (lineLength <= 0 || missing < 0 || missing % lineLength !== 0) return false;
    for (let n = 0; n < missing; n++) sink.push(sink.at(lastLineStart + (n % lineLength)));
    lastLineStart = sink.length - lineLength;
    return true;
  };

  for (let i = 0; i < lines.length; i++) {
    const kind = s.kind[i]!;
    if (kind === BLANK || kind === OTHER) {
      afterBreak = true;
      if (kind === BLANK && state === 'aside') state = 'none';
      // Text before the first dump line is a heading; after it, a line that is none of the dump's is said.
      if (kind === OTHER && frames.length + sink.length > 0) {
        problem('warning', 'not an offset line (expected a hex offset followed by hex bytes); line skipped', i, 0);
      }
      continue;
    }
    if (kind === HEADER) {
      flush();
      afterBreak = true;
      const declared = layout.header?.exec(lines[i]!)?.[1];
      declaredLength = declared === undefined ? undefined : Number(declared);
      continue;
    }
    if (kind === ASIDE) {
      flush();
      state = 'aside';
      continue;
    }
    if (kind === REPEAT) {
      if (state === 'reading') repeatPending = true;
      continue;
    }
    if (state === 'aside') continue;
    const address = s.address[i]!;
    if (kind === END) {
      if (state === 'reading') {
        if (repeatPending) fillRepeat(address);
        const read = frameBase + sink.length;
        // Plain hexdump pads an odd last byte into a whole word; the end offset says which bytes are real.
        if (address < read && read - address < layout.groupDigits / 2) sink.truncate(address - frameBase);
        else if (address !== read)
          problem(
            'warning',
            `the dump ends at offset ${hexNumber(address)}, but the lines above it reach ${hexNumber(read)}`,
            i,
            0,
          );
      }
      flush();
      continue;
    }

    // A data line (or a damaged one). Does it start a new frame?
    const line = lines[i]!;
    const from = s.bytesFrom[i]!;
    const addressColumn = line.length - line.trimStart().length;
    const startsFrame =
      state === 'none' ||
      (layout.frameStart?.test(line) ?? false) ||
      (layout.memory ? afterBreak && address !== expected : address === 0 && (sink.length > 0 || state === 'stopped'));
    afterBreak = false;
    if (kind === DAMAGED) {
      if (state === 'reading' && address === expected) {
        const found = /\S+/.exec(line.slice(from))!;
        problem(
          'error',
          `expected a group of bytes (${layout.groupText}) after the offset, found ${quoted(found[0])}; the frame stops here and ${keptText(sink.length)}`,
          i,
          from + found.index,
        );
        state = 'stopped';
      }
      continue;
    }
    if (startsFrame) {
      flush();
      state = 'reading';
      frameLine = i;
      frameBase = address;
      expected = address;
      lastLineStart = 0;
      if (!layout.memory && address !== 0) {
        problem(
          'warning',
          `this dump starts at offset ${hexNumber(address)}, not 0: the ${plural(address, 'byte')} before it are missing, so the frame is decoded from a later byte than its start`,
          i,
          addressColumn,
        );
      }
    }
    if (state !== 'reading') continue;

    // The line's groups, up to the end of the hex area.
    groups.length = 0;
    let badGroup: Group | undefined;
    TOKEN.lastIndex = from;
    for (let m = TOKEN.exec(line); m; m = TOKEN.exec(line)) {
      if (m.index - from >= hexEnd) {
        sawAscii = true;
        break;
      }
      if (groupBytes(m[0], layout) === 0) {
        // Not a group: the ASCII column if the rest of the line reads as the ASCII of the bytes before it (a short
        // line, or a paste that squeezed the padding out), else a damaged group.
        const k = asciiStart(line, groups, layout, hexEnd === Infinity, m.index);
        if (k >= 0) {
          groups.length = k;
          sawAscii = true;
        } else badGroup = { text: m[0], column: m.index };
        break;
      }
      groups.push({ text: m[0], column: m.index });
    }

    // Where the next line of this frame starts, or where the dump says the frame ends (od's end offset).
    const next = nextLine(i);
    const nextAddress = next >= 0 ? s.address[next]! : undefined;
    const bounded =
      nextAddress !== undefined &&
      nextAddress > address &&
      (s.kind[next] === END || !(layout.frameStart?.test(lines[next]!) ?? false)) &&
      (!layout.memory || nextAddress - address <= (width ?? Infinity));

    // Without a learned ASCII column (a dump of short lines), or on a frame's last line when a paste squeezed the
    // padding out of it, the ASCII column is found by its gap and by matching the bytes.
    if (groups.length > 1 && (hexEnd === Infinity || (!bounded && sawAscii))) {
      const k = asciiStart(line, groups, layout, hexEnd === Infinity);
      if (k >= 0) {
        groups.length = k;
        sawAscii = true;
      }
    }
    let bytesOnLine = 0;
    for (const g of groups) bytesOnLine += groupBytes(g.text, layout);

    // Memory dumps: a frame's first row may start mid-row (blank slots before its first word); it ends where
    // the next row starts.
    let lineAddress = address;
    if (layout.memory && startsFrame && bounded && bytesOnLine < nextAddress - address) {
      lineAddress = nextAddress - bytesOnLine;
      frameBase = lineAddress;
      expected = lineAddress;
    }
    const due = bounded ? nextAddress - lineAddress : undefined;
    // An end offset may stop inside plain hexdump's zero-padded last word: that is not a short line.
    const endsFrame = next >= 0 && s.kind[next] === END;

    if (lineAddress !== expected) {
      if (!(repeatPending && lineAddress > expected && fillRepeat(lineAddress))) {
        const how =
          lineAddress > expected
            ? `skips ${plural(lineAddress - expected, 'byte')}`
            : `repeats ${plural(expected - lineAddress, 'byte')}`;
        problem(
          'error',
          `offset ${hexNumber(lineAddress)} ${how}: after the line before it, ${hexNumber(expected)} was expected; the frame stops here and ${keptText(sink.length)}`,
          i,
          addressColumn,
        );
        state = 'stopped';
        continue;
      }
    }
    repeatPending = false;

    lastLineStart = sink.length;
    const take = Math.min(bytesOnLine, due ?? width ?? Infinity);
    let pushed = 0;
    for (const g of groups) {
      if (pushed >= take) break;
      pushGroup(g.text, layout, (b) => {
        if (pushed < take) sink.push(b);
        pushed++;
      });
    }
    expected = lineAddress + (endsFrame ? take : bytesOnLine);

    if (badGroup) {
      problem(
        'error',
        `expected a group of bytes (${layout.groupText}), found ${quoted(badGroup.text)}; the frame stops here and ${keptText(sink.length)}`,
        i,
        badGroup.column,
      );
      state = 'stopped';
    } else if (due !== undefined && bytesOnLine < due && (endsFrame || bytesOnLine !== width)) {
      const last = groups[groups.length - 1];
      const column = last ? last.column + last.text.length + 1 : from;
      const what = endsFrame
        ? `the end offset on line ${next + 1} is ${hexNumber(nextAddress!)}`
        : `the next line's offset is ${hexNumber(lineAddress + due)}`;
      problem(
        'error',
        `expected ${plural(due, 'byte')} on this line (${what}), found ${bytesOnLine}; the frame stops here and ${keptText(sink.length)}`,
        i,
        column,
      );
      state = 'stopped';
    } else if (due === undefined && width !== undefined && bytesOnLine > width) {
      expected = lineAddress + width;
    }
  }
  flush();
  return { frames, problems, ...(sawAscii ? { variant: 'ascii' } : {}) };
}
