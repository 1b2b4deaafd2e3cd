// Builds field instances from specs: the one place that turns bytes into value, raw and display. What a value and its
// display are is each spec's compiled form (compiled-spec.ts); this adds the raw bytes, rule problems and bit fields.
import type { Field, FieldValue, Problem } from './model';
import type { FieldSpec } from './spec';
import { hex, text, uint, uintLE, type Bytes } from './reader';
import { compileSpec, type CompiledSpec } from './compiled-spec';

export interface FieldOptions {
  readonly value?: FieldValue;
  readonly display?: string;
  readonly children?: readonly Field[];
  readonly problems?: readonly Problem[];
  readonly generated?: true;
}

export function compiled(spec: FieldSpec): CompiledSpec {
  return compileSpec(spec);
}

export function inBounds(bytes: Bytes, offset: number, length: number): boolean {
  return offset >= 0 && length >= 0 && offset + length <= bytes.length;
}

/**
 * A span outside the bytes is a programmer error: the reader throws what it throws for the read that would have
 * failed first (the value's, then the raw bytes'), and the engine's guard reports it.
 */
export function outOfBounds(
  spec: FieldSpec,
  bytes: Bytes,
  offset: number,
  length: number,
  options: { readonly value?: FieldValue } | undefined,
): never {
  if (options?.value === undefined) {
    const span = Math.min(length, 6);
    if (spec.kind === 'uint' || spec.kind === 'hex' || spec.kind === 'flag')
      (spec.littleEndian && spec.mask === undefined ? uintLE : uint)(bytes, offset, span);
    else if (spec.kind === 'text') text(bytes, offset, length);
  }
  hex(bytes, offset, length);
  throw new RangeError(`field ${spec.id} of ${length} bytes at ${offset} outside ${bytes.length} bytes`);
}

/** A new field object of a compiled spec: value, raw, display, rule problems and bit fields. */
export function fieldOf(
  c: CompiledSpec,
  bytes: Bytes,
  offset: number,
  length: number,
  options: FieldOptions | undefined,
): Field {
  const spec = c.spec;
  if (!inBounds(bytes, offset, length)) outOfBounds(spec, bytes, offset, length, options);
  const given = options?.value;
  const value = given ?? c.value(bytes, offset, length);
  const raw = c.valueIsRaw && given === undefined ? (value as string) : hex(bytes, offset, length);
  const display = options?.display ?? c.display(value, length);
  let problems: Problem[] | undefined =
    options?.problems && options.problems.length > 0 ? [...options.problems] : undefined;
  const broken = ruleProblem(spec, value, offset);
  if (broken) {
    if (problems) problems.push(broken);
    else problems = [broken];
  }
  let children = options?.children;
  // A bit field shares its parent's span unless it names a narrower one (relative `at`/`size`).
  if (children === undefined && c.bits !== undefined) {
    const bits: Field[] = [];
    for (const bit of c.bits) {
      const b = bit.spec;
      bits.push(
        b.size !== undefined
          ? fieldOf(bit, bytes, offset + (b.at ?? 0), b.size, undefined)
          : fieldOf(bit, bytes, offset, length, undefined),
      );
    }
    children = bits;
  }
  return fieldObject(
    spec.id,
    offset,
    length,
    value,
    raw,
    display,
    problems,
    children && children.length > 0 ? children : undefined,
    options?.generated,
  );
}

/**
 * A field object, in the one shape every field has: all nine keys in the model's order, those a field lacks set to
 * undefined (JSON.stringify and structured clone leave them out alike). Readers of a frame's fields (the JSON writer,
 * -V, the app) then meet one hidden class, and V8 reads each key at a fixed place instead of looking it up.
 */
export function fieldObject(
  id: string,
  offset: number,
  length: number,
  value: FieldValue,
  raw: string,
  display: string,
  problems: readonly Problem[] | undefined,
  children: readonly Field[] | undefined,
  generated: true | undefined,
): Field {
  return { id, offset, length, value, raw, display, problems, children, generated };
}

/** A field instance over [offset, offset + length) of the frame. */
export function field(spec: FieldSpec, bytes: Bytes, offset: number, length: number, options?: FieldOptions): Field {
  return fieldOf(compiled(spec), bytes, offset, length, options);
}

export function find(fields: readonly Field[], id: string): Field | undefined {
  for (const f of fields) {
    if (f.id === id) return f;
    if (f.children) {
      const inner = find(f.children, id);
      if (inner) return inner;
    }
  }
  return undefined;
}

export function numberOf(fields: readonly Field[], id: string): number | undefined {
  const v = find(fields, id)?.value;
  return typeof v === 'number' ? v : undefined;
}

/**
 * A fixed-layout spec's number where the layout starts at `base` (its `at`/`size`), read as its field would read it:
 * what a dissector decides from (it never reads its fields back). The caller has checked the bytes are there.
 */
export function numberAt(spec: FieldSpec, bytes: Bytes, base: number): number {
  return compiled(spec).value(bytes, base + spec.at!, spec.size!) as number;
}

/** The number a spec reads from the span [offset, offset + length). */
export function numberIn(spec: FieldSpec, bytes: Bytes, offset: number, length: number = spec.size!): number {
  return compiled(spec).value(bytes, offset, length) as number;
}

/** The problem a spec's value rule finds with `value` at `offset`, or undefined (both sinks report it alike). */
export function ruleProblem(spec: FieldSpec, value: FieldValue, offset: number): Problem | undefined {
  const rule = spec.rule;
  if (!rule || typeof value !== 'number' || value === rule.expect) return undefined;
  const broken: { -readonly [K in keyof Problem]: Problem[K] } = {
    severity: rule.severity,
    code: rule.code,
    message: rule.message(value),
    fieldId: spec.id,
    offset,
    cite: rule.cite ?? spec.cite,
  };
  if (rule.seeAlso) broken.seeAlso = rule.seeAlso;
  return broken;
}
