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

/** Text of shared fields, kept while the field object lives. */
const SHARED_TEXT = new WeakMap<Field, string>();

function fieldText(f: Field): string {
  if (isSharedField(f)) {
    let text = SHARED_TEXT.get(f);
    if (text === undefined) SHARED_TEXT.set(f, (text = JSON.stringify(f)));
    return text;
  }
  // The usual field: the six keys every field has, in the order every field is built with (build.ts; a copy that
  // changes a value keeps the order), written from a template, three times as fast as the native writer.
  if (f.problems === undefined && f.children === undefined && f.generated === undefined) {
    return `{"id":${stringText(f.id)},"offset":${f.offset},"length":${f.length},"value":${valueText(f.value)},"raw":${stringText(f.raw)},"display":${stringText(f.display)}}`;
  }
  // Only children can hold shared fields; without them the native writer does it all.
  return f.children === undefined ? JSON.stringify(f) : objectText(f, 'children', fieldsText);
}

function fieldsText(fields: readonly Field[]): string {
  let text = '[';
  for (let i = 0; i < fields.length; i++) text += i === 0 ? fieldText(fields[i]!) : `,${fieldText(fields[i]!)}`;
  return `${text}]`;
}

function layerText(layer: Layer): string {
  return objectText(layer, 'fields', fieldsText);
}

/** `JSON.stringify(frame)`, the same text. */
export function frameJson(frame: Frame): string {
  return objectText(frame, 'layers', layersText);
}

function layersText(layers: readonly Layer[]): string {
  let text = '[';
  for (let i = 0; i < layers.length; i++) text += i === 0 ? layerText(layers[i]!) : `,${layerText(layers[i]!)}`;
  return `${text}]`;
}
