// Field-by-field difference of two dissected frames: fields aligned by id and by their position among fields of
// that id (the second cotp.parameter_code of A against the second of B). Only values read from the bytes are
// compared: generated values (computed checksums, segment lengths) follow from the others.
import type { Field, FieldValue, Frame } from './model';
import { SCHEMA } from './schema';
import type { Cite } from './cite';

export interface Difference {
  readonly id: string;
  readonly label: string;
  /** Value in A and in B; absent where that frame has no such field. */
  readonly a?: FieldValue;
  readonly b?: FieldValue;
  readonly aRaw?: string;
  readonly bRaw?: string;
  readonly aOffset?: number;
  readonly bOffset?: number;
  readonly cite?: Cite;
}

interface Entry {
  readonly field: Field;
  /** Keys of its children read from the bytes. */
  readonly children: readonly string[];
}

/** Fields in wire order, keyed by id and occurrence ("cotp.parameter_code#1"), each with its children's keys. */
function entries(frame: Frame): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const seen = new Map<string, number>();
  const visit = (fields: readonly Field[]): string[] => {
    const keys: string[] = [];
    for (const f of fields) {
      if (f.generated) continue;
      const n = seen.get(f.id) ?? 0;
      seen.set(f.id, n + 1);
      const key = `${f.id}#${n}`;
      keys.push(key);
      const entry: { field: Field; children: string[] } = { field: f, children: [] };
      out.set(key, entry);
      if (f.children) entry.children = visit(f.children);
    }
    return keys;
  };
  for (const layer of frame.layers) visit(layer.fields);
  return out;
}

export function diffFrames(a: Frame, b: Frame): Difference[] {
  const left = entries(a);
  const right = entries(b);
  const differs = (key: string) => {
    const x = left.get(key)?.field;
    const y = right.get(key)?.field;
    return !x || !y || x.raw !== y.raw || x.value !== y.value;
  };
  const out: Difference[] = [];
  for (const key of new Set([...left.keys(), ...right.keys()])) {
    if (!differs(key)) continue;
    const x = left.get(key);
    const y = right.get(key);
    // A container (a parameter, a flags octet) whose children already show the difference is not listed again.
    if (x && y && x.children.some(differs)) continue;
    const field = (x ?? y)!.field;
    const schema = SCHEMA[field.id];
    out.push({
      id: field.id,
      label: schema?.label ?? field.id,
      ...(x ? { a: x.field.value, aRaw: x.field.raw, aOffset: x.field.offset } : {}),
      ...(y ? { b: y.field.value, bRaw: y.field.raw, bOffset: y.field.offset } : {}),
      ...(schema ? { cite: schema.cite } : {}),
    });
  }
  return out;
}
