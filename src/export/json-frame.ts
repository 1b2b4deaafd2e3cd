// One frame as JSON text: exactly `JSON.stringify(frame)`, written faster. Most of a frame's fields are shared
// objects (src/dissect/build.ts: the same version, flags, ports at the same offset in frame after frame); their
// text is made once and remembered, the rest is written as JSON.stringify writes it. Keys come in each object's own
// order, as JSON.stringify takes them; json-frame.test.ts holds the two to the same text on every shared capture.
import type { Field, Frame, Layer } from '../dissect';
import { isSharedField } from '../dissect/build';

/** Characters JSON.stringify escapes (quote, backslash, controls) or checks (surrogates). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_CARE = /["\\\u0000-\u001f\ud800-\udfff]/;

function stringText(value: string): string {
  return NEEDS_CARE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** JSON.stringify of a value, with numbers and plain strings written directly. */
function valueText(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'string') return stringText(value);
  return JSON.stringify(value);
}

/** A key of a model object, quoted, with its colon: `"key":`. */
const KEYS = new Map<string, string>();
function keyText(key: string): string {
  let text = KEYS.get(key);
  if (text === undefined) KEYS.set(key, (text = `${valueText(key)}:`));
  return text;
}

/** Each own key with a value, in order, as JSON.stringify writes an object; `special` writes the value of one key. */
function objectText<T extends object>(object: T, special: string, write: (value: never) => string): string {
  let text = '{';
  for (const key in object) {
    const value = (object as Record<string, unknown>)[key];
    if (value === undefined) continue;
    text += `${text.length > 1 ? ',' : ''}${keyText(key)}${key === special ? write(value as never) : valueText(value)}`;
  }
  return `${text}}`;
}

/** Text of shared fields, and the ids in them, kept while the field object lives. */
const SHARED_TEXT = new WeakMap<Field, { readonly text: string; readonly ids: readonly string[] }>();

/** `"id":"ip.src","offset":` for each id: ids come from the tables, a few hundred of them. */
const ID_TEXT = new Map<string, string>();

/** Where the ids of the fields written go (for the JSON schema), or undefined. */
let usedIds: Set<string> | undefined;

function idsOf(f: Field, into: string[]): string[] {
  into.push(f.id);
  if (f.children) for (const child of f.children) idsOf(child, into);
  return into;
}

function fieldText(f: Field): string {
  if (isSharedField(f)) {
    let shared = SHARED_TEXT.get(f);
    if (shared === undefined) SHARED_TEXT.set(f, (shared = { text: JSON.stringify(f), ids: idsOf(f, []) }));
    if (usedIds) for (const id of shared.ids) usedIds.add(id);
    return shared.text;
  }
  usedIds?.add(f.id);
  // The usual field: the six keys every field has, in the order every field is built with (build.ts; a copy that
  // changes a value keeps the order), written from a template, three times as fast as the native writer. `raw` is
  // lowercase hex by definition (model.ts): nothing in it to escape.
  if (f.problems === undefined && f.children === undefined && f.generated === undefined) {
    let id = ID_TEXT.get(f.id);
    if (id === undefined) ID_TEXT.set(f.id, (id = `{"id":${stringText(f.id)},"offset":`));
    return `${id}${f.offset},"length":${f.length},"value":${valueText(f.value)},"raw":"${f.raw}","display":${stringText(f.display)}}`;
  }
  if (f.children === undefined) return JSON.stringify(f);
  // Children may hold shared fields, and their ids are wanted too.
  return objectText(f, 'children', fieldsText);
}

function fieldsText(fields: readonly Field[]): string {
  let text = '[';
  for (let i = 0; i < fields.length; i++) text += i === 0 ? fieldText(fields[i]!) : `,${fieldText(fields[i]!)}`;
  return `${text}]`;
}

function layerText(layer: Layer): string {
  return objectText(layer, 'fields', fieldsText);
}

/**
 * `JSON.stringify(frame)`, the same text. `ids`, if given, gets the id of every field in the frame's layers (a
 * reassembled source's fields are not walked here: the caller adds those).
 */
export function frameJson(frame: Frame, ids?: Set<string>): string {
  usedIds = ids;
  try {
    return objectText(frame, 'layers', layersText);
  } finally {
    usedIds = undefined;
  }
}

function layersText(layers: readonly Layer[]): string {
  let text = '[';
  for (let i = 0; i < layers.length; i++) text += i === 0 ? layerText(layers[i]!) : `,${layerText(layers[i]!)}`;
  return `${text}]`;
}
