// One frame as JSON text, written straight into UTF-8 bytes, faster than JSON.stringify and its encoding. A field's
// keys are written in the model's order (id, offset, length, value, raw, display, then problems, children, generated
// when present), whatever order the object has them in: the document's field layout is this file's, not the
// dissector's. Frames, layers, sources and any other object are written with their own keys in their own order, as
// JSON.stringify writes them. json-frame.test.ts holds the text to JSON.stringify's on every frame of every shared
// capture, fields taken in the model's order.
//
// Why bytes: a 100 000-frame document is 846 MB. Built as strings, every piece was concatenated, flattened, then
// encoded to UTF-8 on its way out; written here, ASCII text (nearly all of it) goes once into a buffer the output
// copies as it is, and only text JSON escapes or that is more than ASCII takes JSON.stringify's way.
import type { Field, Frame, FrameSource, Layer } from '../dissect';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const ZERO = 0x30;

/** "00" to "99", two digits a number. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = ZERO + ((i / 10) | 0);
  PAIRS[2 * i + 1] = ZERO + (i % 10);
}

/** `"key":` for each key of a model object, as JSON (a key that is more than ASCII goes the careful way). */
const KEYS = new Map<string, string>();
function keyText(key: string): string {
  let text = KEYS.get(key);
  if (text === undefined) KEYS.set(key, (text = `${JSON.stringify(key)}:`));
  return text;
}

/**
 * A field id's opening, `{"id":"ip.src","offset":`, and a small number of its own (ids come from the tables). `next`
 * is the id written after it last time: fields come in the same order frame after frame, so the next entry is
 * nearly always found there, without a lookup by its text.
 */
interface IdEntry {
  readonly id: string;
  readonly opening: Chunk;
  readonly index: number;
  next: IdEntry | undefined;
}
const IDS = new Map<string, IdEntry>();

function idEntry(id: string): IdEntry {
  let entry = IDS.get(id);
  if (entry === undefined) {
    entry = { id, opening: chunkOf(`{"id":${JSON.stringify(id)},"offset":`), index: IDS.size, next: undefined };
    IDS.set(id, entry);
  }
  return entry;
}

/** Where the guesses start: its `next` is the first field of a frame. */
const START = idEntry('');

const LENGTH = chunkOf(',"length":');
const VALUE = chunkOf(',"value":');
const RAW = chunkOf(',"raw":"');
const DISPLAY = chunkOf('","display":');
const PROBLEMS = ',"problems":';
const CHILDREN = ',"children":';
const GENERATED = ',"generated":true}';
const NULL = 'null';
const TRUE = 'true';
const FALSE = 'false';

type Writer = (out: JsonBytes, value: never) => void;

/**
 * A kind of model object (frame, layer, source, any other): a writer for each key whose value holds fields (any other
 * key's value is written as JSON.stringify writes it), and the keys met last time in the order met, with their text
 * and writer. Objects of a kind have the same keys in the same order, nearly always: then nothing is looked up by key.
 */
class Kind {
  private readonly keys: string[] = [];
  readonly texts: string[] = [];
  readonly writes: (Writer | undefined)[] = [];
  constructor(private readonly writers: Readonly<Record<string, Writer>> = {}) {}

  /** Learns that the `i`th key written is `key`. */
  at(i: number, key: string): void {
    if (this.keys[i] === key) return;
    this.keys[i] = key;
    this.texts[i] = keyText(key);
    this.writes[i] = Object.hasOwn(this.writers, key) ? this.writers[key] : undefined;
  }
}

/**
 * Text written again and again (a field's keys, its id's opening: two thirds of the document), kept as its UTF-8 in
 * little-endian 32-bit words: written four bytes a store, nearly three times as fast as one by one.
 */
interface Chunk {
  readonly words: Int32Array;
  /** The last length % 4 bytes. */
  readonly tail: Uint8Array;
  readonly length: number;
}

function chunkOf(text: string): Chunk {
  const utf8 = new TextEncoder().encode(text);
  const whole = utf8.length & ~3;
  const words = new Int32Array(whole / 4);
  for (let i = 0; i < whole; i += 4)
    words[i / 4] = utf8[i]! | (utf8[i + 1]! << 8) | (utf8[i + 2]! << 16) | (utf8[i + 3]! << 24);
  return { words, tail: utf8.slice(whole), length: utf8.length };
}

// The writers below put text at `at` in `bytes`, which has room for it, and return where it ends.

function putChunk(view: DataView, bytes: Uint8Array, at: number, chunk: Chunk): number {
  const { words, tail } = chunk;
  for (let i = 0; i < words.length; i++, at += 4) view.setInt32(at, words[i]!, true);
  for (let i = 0; i < tail.length; i++) bytes[at++] = tail[i]!;
  return at;
}

/** ASCII text with nothing JSON escapes in it. */
function putAscii(bytes: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
  return at;
}

/** A string as JSON.stringify writes it, when that is its ASCII characters between quotes; else -1 (nothing written). */
function putString(bytes: Uint8Array, at: number, text: string): number {
  bytes[at++] = QUOTE;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // What JSON escapes (quote, backslash, controls), and what is not one byte in UTF-8.
    if (c < 0x20 || c === QUOTE || c === BACKSLASH || c > 0x7e) return -1;
    bytes[at++] = c;
  }
  bytes[at++] = QUOTE;
  return at;
}

/** A number as JSON.stringify writes it (not finite: null), in at most 24 characters. */
function putNumber(bytes: Uint8Array, at: number, value: number): number {
  // Offsets, lengths, values, 32-bit sequence numbers: whole and not negative, their digits from a table of pairs, no
  // string made. Below 10 ** 15 every whole number is exact and JSON.stringify writes it digit for digit.
  if (!(value >= 0 && value < 1e15 && Math.floor(value) === value))
    return putAscii(bytes, at, Number.isFinite(value) ? String(value) : 'null');
  if (value < 10) {
    bytes[at] = ZERO + value;
    return at + 1;
  }
  let digits = 2;
  for (let scale = 100; scale <= value; scale *= 10) digits++;
  const end = at + digits;
  let rest = value;
  for (at = end; rest >= 100;) {
    const high = Math.floor(rest / 100);
    const low = rest - 100 * high;
    bytes[--at] = PAIRS[2 * low + 1]!;
    bytes[--at] = PAIRS[2 * low]!;
    rest = high;
  }
  if (rest < 10) bytes[--at] = ZERO + rest;
  else {
    bytes[--at] = PAIRS[2 * rest + 1]!;
    bytes[--at] = PAIRS[2 * rest]!;
  }
  return end;
}

/**
 * JSON text as UTF-8 in one growing buffer: `bytes.subarray(0, length)` is what was written since the last `clear()`.
 * A document writer (json.ts) hands that on and clears it between frames.
 */
export class JsonBytes {
  bytes = new Uint8Array(1 << 16);
  private view = new DataView(this.bytes.buffer);
  length = 0;
  /** By an id's index: 1 when a field with that id was written (for a document's schema). */
  private readonly written: number[] = [];
  /** The entry of the field written last. */
  private last = START;

  clear(): void {
    this.length = 0;
  }

  /** Room for `n` more bytes. */
  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
    this.view = new DataView(bigger.buffer);
  }

  /** Text that is JSON already (a key, a field's opening): copied as it is, as UTF-8. */
  json(text: string): void {
    const n = text.length;
    this.room(n);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c > 0x7f) return this.utf8(text);
      bytes[at++] = c;
    }
    this.length = at;
  }

  byte(b: number): void {
    this.room(1);
    this.bytes[this.length++] = b;
  }

  /** Text known to be ASCII with nothing JSON escapes in it (lowercase hex, a number's text). */
  plain(text: string): void {
    this.room(text.length);
    this.length = putAscii(this.bytes, this.length, text);
  }

  /** A string as JSON.stringify writes it. */
  string(text: string): void {
    this.room(text.length + 2);
    const end = putString(this.bytes, this.length, text);
    if (end >= 0) this.length = end;
    else this.careful(text);
  }

  /** A string with something JSON escapes, or that is more than ASCII: JSON.stringify's text, as UTF-8. */
  private careful(text: string): void {
    this.utf8(JSON.stringify(text));
  }

  /**
   * Text as UTF-8. JSON.stringify's output has no lone surrogate (it escapes them), so every surrogate here is half
   * of a pair.
   */
  utf8(text: string): void {
    const n = text.length;
    this.room(3 * n);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < n; i++) {
      let c = text.charCodeAt(i);
      if (c < 0x80) bytes[at++] = c;
      else if (c < 0x800) {
        bytes[at++] = 0xc0 | (c >> 6);
        bytes[at++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        c = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
        bytes[at++] = 0xf0 | (c >> 18);
        bytes[at++] = 0x80 | ((c >> 12) & 0x3f);
        bytes[at++] = 0x80 | ((c >> 6) & 0x3f);
        bytes[at++] = 0x80 | (c & 0x3f);
      } else {
        bytes[at++] = 0xe0 | (c >> 12);
        bytes[at++] = 0x80 | ((c >> 6) & 0x3f);
        bytes[at++] = 0x80 | (c & 0x3f);
      }
    }
    this.length = at;
  }

  /** A number as JSON.stringify writes it (not finite: null). */
  number(value: number): void {
    this.room(24);
    this.length = putNumber(this.bytes, this.length, value);
  }

  /** Any value of a model object, as JSON.stringify writes it; `undefined` and functions as null (an array's items). */
  value(value: unknown): void {
    if (typeof value === 'number') this.number(value);
    else if (typeof value === 'string') this.string(value);
    else if (typeof value === 'boolean') this.json(value ? TRUE : FALSE);
    else if (Array.isArray(value)) this.list(value);
    else if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype)
      this.object(value, OTHER);
    else if (value === undefined || typeof value === 'function' || typeof value === 'symbol') this.json(NULL);
    else this.utf8(JSON.stringify(value));
  }

  /** Each own key with a value, in the object's order, as JSON.stringify writes an object. */
  object(object: object, kind: Kind): void {
    this.byte(0x7b);
    let i = 0;
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue;
      const value = (object as Record<string, unknown>)[key];
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
      if (i > 0) this.byte(COMMA);
      kind.at(i, key);
      this.json(kind.texts[i]!);
      const write = kind.writes[i++];
      if (write) write(this, value as never);
      else this.value(value);
    }
    this.byte(0x7d);
  }

  /** An array's items, as JSON.stringify writes them. */
  list(list: readonly unknown[]): void {
    this.byte(0x5b);
    for (let i = 0; i < list.length; i++) {
      if (i > 0) this.byte(COMMA);
      this.value(list[i]);
    }
    this.byte(0x5d);
  }

  fields(fields: readonly Field[]): void {
    this.byte(0x5b);
    for (let i = 0; i < fields.length; i++) {
      if (i > 0) this.byte(COMMA);
      this.field(fields[i]!);
    }
    this.byte(0x5d);
  }

  /** Layers, sources: objects of one kind. */
  objects(objects: readonly object[], kind: Kind): void {
    this.byte(0x5b);
    for (let i = 0; i < objects.length; i++) {
      if (i > 0) this.byte(COMMA);
      this.object(objects[i]!, kind);
    }
    this.byte(0x5d);
  }

  /**
   * A field, its keys in the model's order. `raw` is lowercase hex by definition (model.ts): nothing to escape. The
   * hottest code of the document (75 fields a frame in the bench capture): room is made once, and the pieces are
   * written with the place kept in a local.
   */
  field(f: Field): void {
    const { id, raw, display, value } = f;
    let entry = this.last.next;
    if (entry === undefined || entry.id !== id) this.last.next = entry = idEntry(id);
    this.last = entry;
    const written = this.written;
    while (written.length <= entry.index) written.push(0);
    written[entry.index] = 1;
    const opening = entry.opening;
    // Three numbers of at most 24 characters, the keys between them, quotes: 130 is more than enough.
    this.room(opening.length + 130 + raw.length + display.length + (typeof value === 'string' ? value.length : 0));
    let bytes = this.bytes;
    let view = this.view;
    let at = putChunk(view, bytes, this.length, opening);
    at = putNumber(bytes, at, f.offset);
    at = putChunk(view, bytes, at, LENGTH);
    at = putNumber(bytes, at, f.length);
    at = putChunk(view, bytes, at, VALUE);
    if (typeof value === 'number') at = putNumber(bytes, at, value);
    else {
      const end = putString(bytes, at, value);
      if (end >= 0) at = end;
      else {
        this.length = at;
        this.careful(value);
        this.room(130 + raw.length + display.length);
        bytes = this.bytes;
        view = this.view;
        at = this.length;
      }
    }
    at = putChunk(view, bytes, at, RAW);
    at = putAscii(bytes, at, raw);
    at = putChunk(view, bytes, at, DISPLAY);
    const end = putString(bytes, at, display);
    if (end >= 0) this.length = end;
    else {
      this.length = at;
      this.careful(display);
    }
    if (f.problems !== undefined) {
      this.json(PROBLEMS);
      this.value(f.problems);
    }
    if (f.children !== undefined) {
      this.json(CHILDREN);
      this.fields(f.children);
    }
    if (f.generated === true) this.json(GENERATED);
    else {
      if (f.generated !== undefined) {
        this.json(keyText('generated'));
        this.value(f.generated);
      }
      this.byte(0x7d);
    }
  }

  /** Whether this writer wrote a field with this id. */
  wrote(id: string): boolean {
    const entry = IDS.get(id);
    return entry !== undefined && this.written[entry.index] === 1;
  }

  /** The frame, fields with their keys in the model's order. */
  frame(frame: Frame): void {
    this.last = START;
    this.object(frame, FRAME);
  }
}

const OTHER = new Kind();
const LAYER = new Kind({ fields: (out, fields: readonly Field[]) => out.fields(fields) });
const SOURCE = new Kind({ layers: (out, layers: readonly Layer[]) => out.objects(layers, LAYER) });
const SUMMARY = new Kind();
const CAPTURE = new Kind();
const FRAME = new Kind({
  layers: (out, layers: readonly Layer[]) => out.objects(layers, LAYER),
  summary: (out, summary: object) => out.object(summary, SUMMARY),
  capture: (out, capture: object) => out.object(capture, CAPTURE),
  sources: (out, sources: readonly FrameSource[]) => out.objects(sources, SOURCE),
});

const decoder = new TextDecoder();

/** The frame as JSON: JSON.stringify's text, fields with their keys in the model's order. */
export function frameJson(frame: Frame): string {
  const out = new JsonBytes();
  out.frame(frame);
  return decoder.decode(out.bytes.subarray(0, out.length));
}
