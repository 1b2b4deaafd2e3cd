// What a field's value and display text are: the one definition, compiled once per spec. Each FieldSpec gets a value
// reader specialised for its kind, size, mask and byte order, and a display formatter specialised for its kind, unit
// and value table. The tables stay the one declaration of every field; this decides, ahead of the first frame, which
// steps apply to a spec, so a frame pays for none of the others. build.ts builds fields with these; dissectors read
// their numbers through them (`numberAt`, `numberIn`).
import type { FieldValue } from './model';
import type { FieldSpec } from './spec';
import { hex, text, type Bytes } from './reader';
import { hexByte, hexDigits, hexNumber } from './format';

export interface CompiledSpec {
  readonly spec: FieldSpec;
  /** The value of an in-bounds span (the caller has checked the bounds). */
  readonly value: (bytes: Bytes, offset: number, length: number) => FieldValue;
  /** The display text of a value over a span of `length` bytes. */
  readonly display: (value: FieldValue, length: number) => string;
  /** bytes / none: the value is the span's hex, so `raw` is the same string. */
  readonly valueIsRaw: boolean;
  readonly bits: readonly CompiledSpec[] | undefined;
}

const DECIMAL = Array.from({ length: 256 }, (_, i) => String(i));

/** Position of the lowest set bit and number of bits of a contiguous mask (arithmetic: masks may exceed 32 bits). */
export function maskShape(mask: number): { shift: number; width: number } {
  let shift = 0;
  let m = mask;
  while (m > 0 && m % 2 === 0) {
    m /= 2;
    shift++;
  }
  let width = 0;
  while (m % 2 === 1) {
    m = (m - 1) / 2;
    width++;
  }
  return { shift, width };
}

function bigEndian(bytes: Bytes, offset: number, span: number): number {
  switch (span) {
    case 1:
      return bytes[offset]!;
    case 2:
      return (bytes[offset]! << 8) | bytes[offset + 1]!;
    case 4:
      return bytes[offset]! * 0x1000000 + ((bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!);
    default: {
      let n = 0;
      for (let i = 0; i < span; i++) n = n * 256 + bytes[offset + i]!;
      return n;
    }
  }
}

function littleEndian(bytes: Bytes, offset: number, span: number): number {
  let n = 0;
  for (let i = span - 1; i >= 0; i--) n = n * 256 + bytes[offset + i]!;
  return n;
}

/** uint / hex / flag: the big-endian (or little-endian) integer of at most 6 bytes, masked, shifted down, scaled. */
function integerReader(spec: FieldSpec): CompiledSpec['value'] {
  const scale = spec.scale ?? 1;
  if (spec.mask === undefined) {
    const read = spec.littleEndian ? littleEndian : bigEndian;
    if (scale === 1) return (bytes, offset, length) => read(bytes, offset, length < 6 ? length : 6);
    return (bytes, offset, length) => read(bytes, offset, length < 6 ? length : 6) * scale;
  }
  // Masks stay over the big-endian span whatever the byte order (spec.ts).
  const { shift, width } = maskShape(spec.mask);
  const divisor = 2 ** shift;
  const modulus = 2 ** width;
  const low = width >= 32 ? -1 : modulus - 1;
  return (bytes, offset, length) => {
    const span = length < 6 ? length : 6;
    const whole = bigEndian(bytes, offset, span);
    // Within 32 bits, shifts are exact; wider spans take the arithmetic of the definition.
    const bits =
      span <= 4 && shift < 32
        ? width >= 32
          ? whole >>> shift
          : (whole >>> shift) & low
        : Math.floor(whole / divisor) % modulus;
    return scale === 1 ? bits : bits * scale;
  };
}

/**
 * Address texts made before, by the address as a number: a capture's frames name the same few hosts again and again,
 * and every pass (the packet list's columns, the summaries, a conversation's key) needs the text. Bounded: emptied
 * when full.
 */
const MAC_TEXTS = new Map<number, string>();
const IPV4_TEXTS = new Map<number, string>();
const ADDRESS_TEXTS_MAX = 4096;

/** The text of the address at [offset, offset + length), from `texts` when it was made before. */
function addressText(
  texts: Map<number, string>,
  make: (bytes: Bytes, offset: number, length: number) => string,
  bytes: Bytes,
  offset: number,
  length: number,
): string {
  const key = bigEndian(bytes, offset, length);
  let s = texts.get(key);
  if (s === undefined) {
    if (texts.size >= ADDRESS_TEXTS_MAX) texts.clear();
    texts.set(key, (s = make(bytes, offset, length)));
  }
  return s;
}

function macText(bytes: Bytes, offset: number, length: number): string {
  return length === 6
    ? addressText(MAC_TEXTS, hexBytesJoined, bytes, offset, 6)
    : hexBytesJoined(bytes, offset, length);
}

function hexBytesJoined(bytes: Bytes, offset: number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += i === 0 ? hexByte(bytes[offset]!) : `:${hexByte(bytes[offset + i]!)}`;
  return s;
}

function dottedQuad(bytes: Bytes, offset: number, length: number): string {
  return length === 4
    ? addressText(IPV4_TEXTS, decimalsJoined, bytes, offset, 4)
    : decimalsJoined(bytes, offset, length);
}

function decimalsJoined(bytes: Bytes, offset: number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += i === 0 ? DECIMAL[bytes[offset]!]! : `.${DECIMAL[bytes[offset + i]!]!}`;
  return s;
}

/** RFC 5952 §4: lowercase, no leading zeros, the longest run of two or more zero groups (the first of equals) as "::". */
export function ipv6Text(address: Bytes): string {
  const groups = Array.from(
    { length: Math.floor(address.length / 2) },
    (_, i) => (address[2 * i]! << 8) | address[2 * i + 1]!,
  );
  let best = { at: -1, length: 0 };
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { at: i, length: j - i };
    i = j;
  }
  const text = (list: number[]) => list.map((g) => hexDigits(g)).join(':');
  if (best.at < 0) return text(groups);
  return `${text(groups.slice(0, best.at))}::${text(groups.slice(best.at + best.length))}`;
}

function ipv6Value(bytes: Bytes, offset: number, length: number): string {
  return ipv6Text(bytes.subarray(offset, offset + length));
}

/** The value of a span, by kind: a number for integers, text for addresses and strings, hex for byte strings. */
function valueReader(spec: FieldSpec): CompiledSpec['value'] {
  switch (spec.kind) {
    case 'uint':
    case 'hex':
    case 'flag':
      return integerReader(spec);
    case 'mac':
      return macText;
    case 'ipv4':
      return dottedQuad;
    case 'ipv6':
      return ipv6Value;
    case 'text':
      return text;
    case 'bytes':
    case 'none':
      return hex;
  }
}

// ---- Display: one formatter per kind (STYLE.md §4)

type Shown<V> = (value: V, length: number) => string;

/** Byte strings: whole up to 24 bytes, else the first 16 and the length (the value keeps them all). */
function bytesDisplay(hexValue: string, length: number): string {
  if (length === 0) return '(empty)';
  return length <= 24 ? hexValue : `${hexValue.slice(0, 32)}… (${length} bytes)`;
}

/** A text value: quoted for text fields, cut for byte strings, as it is for addresses (and numbers given as text). */
function stringDisplay(spec: FieldSpec): Shown<string> {
  if (spec.kind === 'text') return (value) => `"${value}"`;
  if (spec.kind === 'bytes' || spec.kind === 'none') return bytesDisplay;
  return (value) => value;
}

/** "Name (shown)" from the spec's value table, "Unknown (shown)" for a value it lacks; `shown` without a table. */
function withSymbol(spec: FieldSpec, shown: Shown<number>): Shown<number> {
  const values = spec.values;
  if (values === undefined) return shown;
  return (value, length) => {
    const name = values[value];
    return name === undefined ? `Unknown (${shown(value, length)})` : `${name} (${shown(value, length)})`;
  };
}

/** Hex padded to the mask's byte, or to the span's width without a mask. */
function hexShown(spec: FieldSpec): Shown<number> {
  return spec.mask !== undefined ? (value) => hexNumber(value, 2) : (value, length) => hexNumber(value, length * 2);
}

/** A numeric value, whatever the kind (a value given to a field of another kind is a number too). */
function numberDisplay(spec: FieldSpec): Shown<number> {
  switch (spec.kind) {
    case 'flag': {
      const values = spec.values;
      return (value) => values?.[value] ?? (value ? 'Set' : 'Not set');
    }
    case 'hex':
      return withSymbol(spec, hexShown(spec));
    default: {
      // Lengths counted in words show both: "20 bytes (5)", as Wireshark does.
      const scale = spec.scale;
      if (scale !== undefined && scale !== 1) {
        const unit = spec.unit ?? '';
        return (value) => `${value} ${unit} (${value / scale})`.replace('  ', ' ');
      }
      const hexForm = hexShown(spec);
      const shown: Shown<number> = spec.showHex
        ? (value, length) => `${value} (${hexForm(value, length)})`
        : (value) => String(value);
      if (spec.values !== undefined) return withSymbol(spec, shown);
      const unit = spec.unit;
      if (!unit) return shown;
      // "1 byte", "2 bytes".
      const one = unit.endsWith('s') ? unit.slice(0, -1) : unit;
      return (value, length) => `${shown(value, length)} ${value === 1 ? one : unit}`;
    }
  }
}

/**
 * Whether a number's display depends on the span's length: only where a hex form is padded to the span
 * (`hex` without a mask, `showHex` without a mask).
 */
function lengthMatters(spec: FieldSpec): boolean {
  return spec.mask === undefined && (spec.kind === 'hex' || (spec.showHex === true && spec.kind !== 'flag'));
}

/**
 * The display formatter, with the texts of small values remembered (a flag's "Set", a version's "4", a value-table
 * name): they are the same text every time for the same spec and value.
 */
function displayFormatter(spec: FieldSpec): CompiledSpec['display'] {
  const ofString = stringDisplay(spec);
  const ofNumber = numberDisplay(spec);
  const cache: (string | undefined)[] = [];
  const fixedLength = lengthMatters(spec) ? spec.size : undefined;
  const cacheable = !lengthMatters(spec) || fixedLength !== undefined;
  return (value, length) => {
    if (typeof value === 'string') return ofString(value, length);
    if (!cacheable || value >>> 0 !== value || value > 255 || (fixedLength !== undefined && length !== fixedLength)) {
      return ofNumber(value, length);
    }
    return (cache[value] ??= ofNumber(value, length));
  };
}

const COMPILED = new WeakMap<FieldSpec, CompiledSpec>();

/** The compiled form of a spec, made on first use and kept as long as the spec. */
export function compileSpec(spec: FieldSpec): CompiledSpec {
  let compiled = COMPILED.get(spec);
  if (compiled === undefined) {
    compiled = {
      spec,
      value: valueReader(spec),
      display: displayFormatter(spec),
      valueIsRaw: spec.kind === 'bytes' || spec.kind === 'none',
      bits: spec.bits?.map(compileSpec),
    };
    COMPILED.set(spec, compiled);
  }
  return compiled;
}
