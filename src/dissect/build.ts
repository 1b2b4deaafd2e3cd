// Builds field instances from specs: the one place that turns bytes into value, raw and display. What a value and its
// display are is each spec's compiled form (compiled-spec.ts); this adds the raw bytes, rule problems and bit fields.
import type { Field, FieldValue, Problem } from './model';
import type { FieldSpec } from './spec';
import { fits, hex, text, uint, uintLE, type Bytes } from './reader';
import { compileSpec, type CompiledSpec } from './compiled-spec';
import { merged } from './merged';

export interface FieldOptions {
  readonly value?: FieldValue;
  readonly display?: string;
  readonly children?: readonly Field[];
  readonly problems?: readonly Problem[];
  readonly generated?: true;
}

type Built = { -readonly [K in keyof Field]: Field[K] };

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

/** A new field object: value, raw, display, rule problems and bit fields. */
function build(
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
  const rule = spec.rule;
  if (rule && typeof value === 'number' && value !== rule.expect) {
    const broken: { -readonly [K in keyof Problem]: Problem[K] } = {
      severity: rule.severity,
      code: rule.code,
      message: rule.message(value),
      fieldId: spec.id,
      offset,
      cite: rule.cite ?? spec.cite,
    };
    if (rule.seeAlso) broken.seeAlso = rule.seeAlso;
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
          ? build(bit, bytes, offset + (b.at ?? 0), b.size, undefined)
          : build(bit, bytes, offset, length, undefined),
      );
    }
    children = bits;
  }
  // One object shape for every field (optional keys only when present): no writer depends on key order
  // (src/export/json-frame.ts writes a field's keys in the model's order), but one shape keeps V8's accesses fast.
  const f: Built = { id: spec.id, offset, length, value, raw, display };
  if (problems) f.problems = problems;
  if (children && children.length > 0) f.children = children;
  if (options?.generated) f.generated = true;
  return f;
}

/** A field instance over [offset, offset + length) of the frame. */
export function field(spec: FieldSpec, bytes: Bytes, offset: number, length: number, options?: FieldOptions): Field {
  return build(compiled(spec), bytes, offset, length, options);
}

export function withProblem(f: Field, problem: Problem): Field {
  return merged(f, { problems: [...(f.problems ?? []), problem] });
}

/** `{ ...f, ...changes }`: the field with a new display, children or problems. */
export function amended(f: Field, changes: Partial<Field>): Field {
  return merged(f, changes);
}

/** `amended(f, { display })`. */
export function withDisplay(f: Field, display: string): Field {
  return amended(f, { display });
}

export interface FixedRead {
  readonly fields: Field[];
  /** The first spec that did not fit, if the bytes ended inside the fixed part. */
  readonly missing?: FieldSpec;
}

/** A fixed layout compiled once: its specs that have a place (`at`/`size`), in order. */
const LAYOUTS = new WeakMap<readonly FieldSpec[], readonly CompiledSpec[]>();

function compiledLayout(specs: readonly FieldSpec[]): readonly CompiledSpec[] {
  let layout = LAYOUTS.get(specs);
  if (layout === undefined) {
    layout = specs.filter((spec) => spec.at !== undefined && spec.size !== undefined).map(compiled);
    LAYOUTS.set(specs, layout);
  }
  return layout;
}

/**
 * Reads a fixed layout: each spec with `at`/`size` relative to `base`, up to `end`.
 * Stops at the first field that does not fit; the caller reports the truncation on it.
 */
export function readFixed(specs: readonly FieldSpec[], bytes: Bytes, base: number, end: number): FixedRead {
  const fields: Field[] = [];
  const limit = Math.min(end, bytes.length);
  for (const c of compiledLayout(specs)) {
    const spec = c.spec;
    const offset = base + spec.at!;
    if (offset + spec.size! > limit || !fits(bytes, offset, spec.size!)) return { fields, missing: spec };
    fields.push(build(c, bytes, offset, spec.size!, undefined));
  }
  return { fields };
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

/** `list` with the first field of this id (at any depth) replaced by `update(field)`; undefined when there is none. */
function replaced(list: readonly Field[], id: string, update: (f: Field) => Field): Field[] | undefined {
  for (let i = 0; i < list.length; i++) {
    const f = list[i]!;
    let next: Field | undefined;
    if (f.id === id) next = update(f);
    else if (f.children) {
      const children = replaced(f.children, id, update);
      if (children) next = merged(f, { children });
    }
    if (next) {
      const copy = list.slice();
      copy[i] = next;
      return copy;
    }
  }
  return undefined;
}

/** Replaces the first field with this id (searching children too) by `update(field)`. */
export function updateField(fields: readonly Field[], id: string, update: (f: Field) => Field): Field[] {
  return replaced(fields, id, update) ?? fields.slice();
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
