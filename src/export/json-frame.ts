// One frame as JSON text, written faster than JSON.stringify. A field's keys are written in the model's order (id,
// offset, length, value, raw, display, then problems, children, generated when present), whatever order the object
// has them in: the document's field layout is this file's, not the dissector's. Frames, layers, sources and problems
// are written with their own keys in their own order, as JSON.stringify writes them. json-frame.test.ts holds the
// text to JSON.stringify's on every frame of every shared capture, fields taken in the model's order.
import type { Field, Frame, FrameSource, Layer } from '../dissect';

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

/** Writers for the keys whose values hold fields; any other key's value is written as JSON.stringify writes it. */
type Writers = Readonly<Record<string, (value: never) => string>>;

/** Each own key with a value, in the object's order, as JSON.stringify writes an object. */
function objectText(object: object, writers: Writers): string {
  let text = '{';
  for (const key in object) {
    const value = (object as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const write = writers[key];
    text += `${text.length > 1 ? ',' : ''}${keyText(key)}${write ? write(value as never) : valueText(value)}`;
  }
  return `${text}}`;
}

/** `{"id":"ip.src","offset":` for each id: ids come from the tables, a few hundred of them. */
const ID_TEXT = new Map<string, string>();

/** Where the ids of the fields written go (for the JSON schema), or undefined. */
let usedIds: Set<string> | undefined;

/** A field, its keys in the model's order. `raw` is lowercase hex by definition (model.ts): nothing in it to escape. */
function fieldText(f: Field): string {
  usedIds?.add(f.id);
  let id = ID_TEXT.get(f.id);
  if (id === undefined) ID_TEXT.set(f.id, (id = `{"id":${stringText(f.id)},"offset":`));
  let text = `${id}${f.offset},"length":${f.length},"value":${valueText(f.value)},"raw":"${f.raw}","display":${stringText(f.display)}`;
  if (f.problems !== undefined) text += `,"problems":${JSON.stringify(f.problems)}`;
  if (f.children !== undefined) text += `,"children":${fieldsText(f.children)}`;
  if (f.generated !== undefined) text += `,"generated":${JSON.stringify(f.generated)}`;
  return `${text}}`;
}

function listText<T>(list: readonly T[], write: (item: T) => string): string {
  let text = '[';
  for (let i = 0; i < list.length; i++) text += i === 0 ? write(list[i]!) : `,${write(list[i]!)}`;
  return `${text}]`;
}

function fieldsText(fields: readonly Field[]): string {
  return listText(fields, fieldText);
}

const LAYER: Writers = { fields: fieldsText };
const layerText = (layer: Layer): string => objectText(layer, LAYER);
const layersText = (layers: readonly Layer[]): string => listText(layers, layerText);

const SOURCE: Writers = { layers: layersText };
const sourcesText = (sources: readonly FrameSource[]): string =>
  listText(sources, (source) => objectText(source, SOURCE));

const FRAME: Writers = { layers: layersText, sources: sourcesText };

/**
 * The frame as JSON: JSON.stringify's text, fields with their keys in the model's order. `ids`, if given, gets the id
 * of every field written (a reassembled source's included).
 */
export function frameJson(frame: Frame, ids?: Set<string>): string {
  usedIds = ids;
  try {
    return objectText(frame, FRAME);
  } finally {
    usedIds = undefined;
  }
}
