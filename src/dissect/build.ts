// Builds field instances from specs: the one place that turns bytes into value, raw and display.
import type { Field, FieldValue, Problem } from './model';
import type { FieldSpec } from './spec';
import { fits, hex, text, uint, uintLE, type Bytes } from './reader';

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

/** The integer a spec reads from a span: masked, shifted down, scaled. */
function integerOf(spec: FieldSpec, bytes: Bytes, offset: number, length: number): number {
  const span = Math.min(length, 6);
  if (spec.mask === undefined) return (spec.littleEndian ? uintLE(bytes, offset, span) : uint(bytes, offset, span)) * (spec.scale ?? 1);
  const whole = uint(bytes, offset, span);
  const { shift, width } = maskShape(spec.mask);
  const bits = Math.floor(whole / 2 ** shift) % 2 ** width;
  return bits * (spec.scale ?? 1);
}

function hexText(n: number, width: number): string {
  return `0x${n.toString(16).padStart(width * 2, '0')}`;
}

function withSymbol(spec: FieldSpec, n: number, shown: string): string {
  if (spec.values === undefined) return shown;
  const name = spec.values[n];
  return name === undefined ? `Unknown (${shown})` : `${name} (${shown})`;
}

/** RFC 5952 §4: lowercase, no leading zeros, the longest run of two or more zero groups (the first of equals) as "::". */
export function ipv6Text(address: Bytes): string {
  const groups = Array.from({ length: Math.floor(address.length / 2) }, (_, i) => (address[2 * i]! << 8) | address[2 * i + 1]!);
  let best = { at: -1, length: 0 };
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { at: i, length: j - i };
    i = j;
  }
  const text = (list: number[]) => list.map((g) => g.toString(16)).join(':');
  if (best.at < 0) return text(groups);
  return `${text(groups.slice(0, best.at))}::${text(groups.slice(best.at + best.length))}`;
}

export function valueOf(spec: FieldSpec, bytes: Bytes, offset: number, length: number): FieldValue {
  switch (spec.kind) {
    case 'uint':
    case 'hex':
    case 'flag':
      return integerOf(spec, bytes, offset, length);
    case 'mac':
      return Array.from(bytes.subarray(offset, offset + length), (b) => b.toString(16).padStart(2, '0')).join(':');
    case 'ipv4':
      return Array.from(bytes.subarray(offset, offset + length)).join('.');
    case 'ipv6':
      return ipv6Text(bytes.subarray(offset, offset + length));
    case 'text':
      return text(bytes, offset, length);
    case 'bytes':
    case 'none':
      return hex(bytes, offset, length);
  }
}

/** Byte strings: whole up to 24 bytes, else the first 16 and the length (the value keeps them all). */
function bytesDisplay(hexValue: string, length: number): string {
  if (length === 0) return '(empty)';
  return length <= 24 ? hexValue : `${hexValue.slice(0, 32)}… (${length} bytes)`;
}

/** One formatter per kind (STYLE.md §4). */
export function displayOf(spec: FieldSpec, value: FieldValue, length: number): string {
  if (typeof value === 'string') {
    if (spec.kind === 'text') return `"${value}"`;
    if (spec.kind === 'bytes' || spec.kind === 'none') return bytesDisplay(value, length);
    return value;
  }
  switch (spec.kind) {
    case 'flag':
      return spec.values?.[value] ?? (value ? 'Set' : 'Not set');
    case 'hex':
      return withSymbol(spec, value, hexText(value, spec.mask !== undefined ? 1 : length));
    default: {
      // Lengths counted in words show both: "20 bytes (5)", as Wireshark does.
      if (spec.scale !== undefined && spec.scale !== 1) return `${value} ${spec.unit ?? ''} (${value / spec.scale})`.replace('  ', ' ');
      const shown = spec.showHex ? `${value} (${hexText(value, spec.mask !== undefined ? 1 : length)})` : String(value);
      if (spec.values !== undefined) return withSymbol(spec, value, shown);
      if (!spec.unit) return shown;
      return `${shown} ${value === 1 && spec.unit.endsWith('s') ? spec.unit.slice(0, -1) : spec.unit}`;
    }
  }
}

export interface FieldOptions {
  readonly value?: FieldValue;
  readonly display?: string;
  readonly children?: readonly Field[];
  readonly problems?: readonly Problem[];
  readonly generated?: true;
}

/** A field instance over [offset, offset + length) of the frame. */
export function field(spec: FieldSpec, bytes: Bytes, offset: number, length: number, options: FieldOptions = {}): Field {
  const value = options.value ?? valueOf(spec, bytes, offset, length);
  const display = options.display ?? displayOf(spec, value, length);
  const problems = [...(options.problems ?? [])];
  if (spec.rule && typeof value === 'number' && value !== spec.rule.expect) {
    problems.push({
      severity: spec.rule.severity,
      code: spec.rule.code,
      message: spec.rule.message(value),
      fieldId: spec.id,
      offset,
      cite: spec.rule.cite ?? spec.cite,
      ...(spec.rule.seeAlso ? { seeAlso: spec.rule.seeAlso } : {}),
    });
  }
  // A bit field shares its parent's span unless it names a narrower one (relative `at`/`size`).
  const children =
    options.children ??
    spec.bits?.map((bit) =>
      bit.size !== undefined ? field(bit, bytes, offset + (bit.at ?? 0), bit.size) : field(bit, bytes, offset, length),
    );
  return {
    id: spec.id,
    offset,
    length,
    value,
    raw: hex(bytes, offset, length),
    display,
    ...(problems.length > 0 ? { problems } : {}),
    ...(children && children.length > 0 ? { children } : {}),
    ...(options.generated ? { generated: true as const } : {}),
  };
}

export function withProblem(f: Field, problem: Problem): Field {
  return { ...f, problems: [...(f.problems ?? []), problem] };
}

export interface FixedRead {
  readonly fields: Field[];
  /** The first spec that did not fit, if the bytes ended inside the fixed part. */
  readonly missing?: FieldSpec;
}

/**
 * Reads a fixed layout: each spec with `at`/`size` relative to `base`, up to `end`.
 * Stops at the first field that does not fit; the caller reports the truncation on it.
 */
export function readFixed(specs: readonly FieldSpec[], bytes: Bytes, base: number, end: number): FixedRead {
  const fields: Field[] = [];
  const limit = Math.min(end, bytes.length);
  for (const spec of specs) {
    if (spec.at === undefined || spec.size === undefined) continue;
    const offset = base + spec.at;
    if (offset + spec.size > limit || !fits(bytes, offset, spec.size)) return { fields, missing: spec };
    fields.push(field(spec, bytes, offset, spec.size));
  }
  return { fields };
}

export function find(fields: readonly Field[], id: string): Field | undefined {
  for (const f of fields) {
    if (f.id === id) return f;
    const inner = f.children ? find(f.children, id) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

export function numberOf(fields: readonly Field[], id: string): number | undefined {
  const v = find(fields, id)?.value;
  return typeof v === 'number' ? v : undefined;
}

/** Replaces the first field with this id (searching children too) by `update(field)`. */
export function updateField(fields: readonly Field[], id: string, update: (f: Field) => Field): Field[] {
  let done = false;
  const visit = (list: readonly Field[]): Field[] =>
    list.map((f) => {
      if (done) return f;
      if (f.id === id) {
        done = true;
        return update(f);
      }
      return f.children ? { ...f, children: visit(f.children) } : f;
    });
  return visit(fields);
}
