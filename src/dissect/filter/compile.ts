// Turns a parsed display filter into a predicate over one dissected frame, checking every field name and every
// value against the field's kind first, so a bad filter is refused with a reason before it runs.
//
// A filter reads a frame's record (`FrameRecord`: layers, problems, and the values of the fields it names, `ids`), so a
// bulk pass dissects with the lean sink (`dissectLean(…, new LeanWants(filter.ids))`); a tree frame is read through
// `recordOf`, which gives the same record.
//
// Semantics follow Wireshark 4.0: a comparison is true when ANY occurrence of the field matches, except "!=",
// which is true when the field occurs and ALL occurrences differ ("~=" is any-not-equal); a comparison with a
// field the frame lacks is false, so `!cotp` and `cotp.type != 0x0d` differ.
import type { Frame, Problem } from '../model';
import type { FieldKind } from '../spec';
import type { FrameRecord } from '../sink';
import { recordOf } from '../record';
import { allSpecs, TABLES } from '../schema';
import { parseFilter, type CompareOp, type FieldName, type FilterError, type FilterExpr, type Literal } from './parse';
import { GROUP_NAMES, PROBLEM_GROUP, SEVERITY_LEVEL, SEVERITY_NAMES } from '../expert';
import { hexByte } from '../format';

/** What a filter sees of one frame: its dissection, its bytes, and what the capture file said about it. */
export interface FilterTarget<F extends FrameRecord | Frame = FrameRecord | Frame> {
  /**
   * The frame dissected: a lean record holding at least the values of the filter's `ids` (a bulk pass), or a tree
   * frame (one frame on screen, the CLI's tree output, tests), read through `recordOf`.
   */
  readonly frame: F;
  readonly bytes: Uint8Array;
  /** Problems with the frame's record in the capture file (counted by `_ws.expert`). */
  readonly recordProblems?: readonly Problem[];
  readonly capture?: {
    readonly originalLength: number;
    readonly interface: number;
    readonly comments: readonly string[];
    /** Seconds since the first frame, and since the epoch (absent when the record has no timestamp). */
    readonly relative?: number;
    readonly epoch?: number;
  };
}

export interface CompiledFilter {
  readonly text: string;
  readonly test: (target: FilterTarget) => boolean;
  /** False when the filter names only frame.* facts: no dissection is needed to run it. */
  readonly needsDissection: boolean;
  /**
   * The field ids whose values the filter reads (Wireshark's "interesting fields"; `tcp.port` names both ports): what
   * a lean dissection must record for `test`. Protocols, `frame.*` and `_ws.expert.*` need none (layers, problems).
   */
  readonly ids: ReadonlySet<string>;
}

export type Compiled =
  | { readonly ok: true; readonly filter: CompiledFilter | undefined }
  | { readonly ok: false; readonly error: FilterError };

export type Kind = FieldKind | 'number';
type Value = number | string;

/** A target as the accessors read it: the frame as a record. */
interface Seen {
  readonly record: FrameRecord;
  readonly target: FilterTarget;
}

/** One nameable thing: how to read its values from a target, and the kind that says how literals parse. */
interface Accessor {
  readonly kind: Kind;
  readonly values: (seen: Seen) => readonly Value[];
  readonly frameOnly?: true;
  readonly names?: Readonly<Record<number, string>>;
}

const SPECS = new Map<string, { kind: FieldKind; values?: Readonly<Record<number, string>> }>();
for (const spec of allSpecs())
  if (!SPECS.has(spec.id)) SPECS.set(spec.id, { kind: spec.kind, ...(spec.values ? { values: spec.values } : {}) });

/** Layer protocols the engine can produce, beyond those with a table of their own. */
const PROTOCOLS = new Set([...TABLES.map((t) => t.protocol), 'raw', 'frame']);

/** Names that stand for several fields: `tcp.port` is either port, as in Wireshark. */
export const FIELD_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'tcp.port': ['tcp.srcport', 'tcp.dstport'],
  'ip.addr': ['ip.src', 'ip.dst'],
  'ipv6.addr': ['ipv6.src', 'ipv6.dst'],
  'eth.addr': ['eth.src', 'eth.dst'],
};

const allProblems = ({ record, target }: Seen): readonly Problem[] =>
  target.recordProblems && target.recordProblems.length > 0
    ? [...target.recordProblems, ...record.problems]
    : record.problems;

const FRAME_FIELDS: Readonly<Record<string, Accessor>> = {
  'frame.number': { kind: 'uint', frameOnly: true, values: ({ record }) => [record.number] },
  'frame.len': {
    kind: 'uint',
    frameOnly: true,
    values: ({ record, target }) => [target.capture?.originalLength ?? record.length],
  },
  'frame.cap_len': { kind: 'uint', frameOnly: true, values: ({ record }) => [record.length] },
  'frame.interface_id': {
    kind: 'uint',
    frameOnly: true,
    values: ({ target }) => (target.capture ? [target.capture.interface] : []),
  },
  'frame.time_relative': {
    kind: 'number',
    frameOnly: true,
    values: ({ target }) => (target.capture?.relative !== undefined ? [target.capture.relative] : []),
  },
  'frame.time_epoch': {
    kind: 'number',
    frameOnly: true,
    values: ({ target }) => (target.capture?.epoch !== undefined ? [target.capture.epoch] : []),
  },
  'frame.comment': { kind: 'text', frameOnly: true, values: ({ target }) => target.capture?.comments ?? [] },
  'frame.protocols': { kind: 'text', values: ({ record }) => [record.layers.map((l) => l.protocol).join(':')] },
  // Wireshark's expert info: here, every problem framescope found in the frame or its record. Severity and group are
  // Wireshark's numbers, so `_ws.expert.severity >= warning` and `_ws.expert.severity == 0x400000` work as in tshark.
  '_ws.expert': { kind: 'none', values: (s) => (allProblems(s).length > 0 ? [''] : []) },
  '_ws.expert.severity': {
    kind: 'uint',
    names: SEVERITY_NAMES,
    values: (s) => allProblems(s).map((p) => SEVERITY_LEVEL[p.severity]),
  },
  '_ws.expert.group': {
    kind: 'uint',
    names: GROUP_NAMES,
    values: (s) => allProblems(s).map((p) => PROBLEM_GROUP[p.code]),
  },
  '_ws.expert.message': { kind: 'text', values: (s) => allProblems(s).map((p) => p.message) },
};

class CompileError extends Error {
  constructor(
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

/** The accessor for a name; the field ids it reads are added to `ids`. */
function accessorFor(name: FieldName, ids: Set<string>): Accessor {
  const frameField = FRAME_FIELDS[name.name];
  if (frameField) return frameField;
  const named = FIELD_ALIASES[name.name] ?? (SPECS.has(name.name) ? [name.name] : undefined);
  if (named) {
    const spec = SPECS.get(named[0]!)!;
    for (const id of named) ids.add(id);
    return {
      kind: spec.kind,
      ...(spec.values ? { names: spec.values } : {}),
      values: ({ record }) => {
        const out: Value[] = [];
        // Values of PDUs reassembled into the frame count as the frame's (tshark's filters see them in their frame).
        for (const v of record.values) if (named.includes(v.id)) out.push(v.value);
        return out;
      },
    };
  }
  if (PROTOCOLS.has(name.name)) {
    // A protocol's "value" is its bytes, so `tpkt contains 03:00` searches them, as Wireshark does.
    return {
      kind: 'bytes',
      values: ({ record, target }) => {
        if (name.name === 'frame') return [hexOf(target.bytes, 0, target.bytes.length)];
        return record.layers
          .filter((l) => l.protocol === name.name)
          .map((l) => hexOf(target.bytes, l.offset, l.offset + l.length));
      },
    };
  }
  throw new CompileError(
    name.column,
    `"${name.name}" is neither a field nor a protocol framescope knows. Field names are Wireshark's: tcp.port, ip.addr, tpkt.reserved, cotp.type …`,
  );
}

/** Whether the frame, or a PDU reassembled into it, has a layer of this protocol. */
function hasLayer(record: FrameRecord, protocol: string): boolean {
  return (
    record.layers.some((l) => l.protocol === protocol) ||
    (record.sources?.some((s) => s.layers.some((l) => l.protocol === protocol)) ?? false)
  );
}

function hexOf(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = Math.max(0, start); i < Math.min(end, bytes.length); i++) s += hexByte(bytes[i]!);
  return s;
}

// ---- Literals, parsed once per comparison by the field's kind.

function parseNumber(text: string): number | undefined {
  if (/^-?0x[0-9a-f]+$/i.test(text))
    return text.startsWith('-') ? -parseInt(text.slice(3), 16) : parseInt(text.slice(2), 16);
  if (/^0b[01]+$/i.test(text)) return parseInt(text.slice(2), 2);
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true' ? 1 : 0;
  return undefined;
}

/** "10.0.0.1" or "10.0.0.0/8": the address as a number and the prefix length; undefined when it is not one. */
export function parseIpv4(text: string): { value: number; prefix: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (prefix > 32) return undefined;
  return { value: octets.reduce((n, o) => n * 256 + o, 0), prefix };
}
const ipv4Number = (text: string): number => text.split('.').reduce((n, o) => n * 256 + Number(o), 0);

/** "2001:db8::1" (optionally "/64"): the address's 16 bytes and the prefix length; undefined when it is not one. */
export function parseIpv6(text: string): { bytes: number[]; prefix: number } | undefined {
  const [address, prefixText] = text.split('/');
  const prefix = prefixText === undefined ? 128 : Number(prefixText);
  if (!address || !(prefix >= 0 && prefix <= 128) || (address.match(/::/g) ?? []).length > 1) return undefined;
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  if ([...h, ...t].some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const missing = 8 - h.length - t.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const words = [...h, ...new Array(tail === undefined ? 0 : missing).fill('0'), ...t].map((g) => parseInt(g, 16));
  return { bytes: words.flatMap((w) => [w >> 8, w & 0xff]), prefix };
}

function parseMac(text: string): string | undefined {
  const plain = text.replace(/[:\-.]/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(plain)) return undefined;
  return plain.match(/../g)!.join(':');
}

/** Bytes as lowercase hex: "03:00:00:16", "03-00", "0300" (even length), or a quoted string's characters. */
function parseBytes(literal: Literal): string | undefined {
  if (literal.quoted) return Array.from(literal.text, (c) => hexByte(c.charCodeAt(0))).join('');
  const separated = /^[0-9a-f]{1,2}([:\-.][0-9a-f]{1,2})*$/i.test(literal.text);
  if (separated && /[:\-.]/.test(literal.text))
    return literal.text
      .split(/[:\-.]/)
      .map((b) => b.padStart(2, '0').toLowerCase())
      .join('');
  if (/^([0-9a-f]{2})+$/i.test(literal.text)) return literal.text.toLowerCase();
  if (/^[0-9a-f]{1,2}$/i.test(literal.text)) return literal.text.padStart(2, '0').toLowerCase();
  return undefined;
}

const KIND_WORDS: Readonly<Record<Kind, string>> = {
  uint: 'a number',
  hex: 'a number',
  flag: '0 or 1 (or true/false)',
  number: 'a number',
  mac: 'a MAC address (00:1b:1b:00:00:01)',
  ipv4: 'an IPv4 address (10.0.0.1 or 10.0.0.0/8)',
  ipv6: 'an IPv6 address (2001:db8::1)',
  text: 'a string',
  bytes: 'bytes (03:00:00:16) or a "string"',
  none: 'bytes (03:00) or a "string"',
};

/** A test of one value against one literal, by kind; throws CompileError when the literal does not fit the kind. */
function valueTest(
  accessor: Accessor,
  field: FieldName,
  op: CompareOp | 'eq-any',
  literal: Literal,
): (value: Value) => boolean {
  const bad = (): never => {
    throw new CompileError(
      literal.column,
      `"${literal.text}" is not ${KIND_WORDS[accessor.kind]}, which ${field.name} ${accessor.kind === 'text' ? 'holds' : 'compares with'}.`,
    );
  };
  const relation = op === 'eq-any' ? '==' : op;
  const ordered = (a: number, b: number) => {
    switch (relation) {
      case '==':
        return a === b;
      case '!=':
      case '~=':
        return a !== b;
      case '<':
        return a < b;
      case '>':
        return a > b;
      case '<=':
        return a <= b;
      case '>=':
        return a >= b;
    }
  };
  switch (accessor.kind) {
    case 'uint':
    case 'hex':
    case 'flag':
    case 'number': {
      let n = literal.quoted ? undefined : parseNumber(literal.text);
      if (n === undefined && accessor.names) {
        // A value-table name, as Wireshark accepts them: "CC Connect Confirm", or its first word, CC.
        const wanted = literal.text.toLowerCase();
        const hits = Object.entries(accessor.names).filter(
          ([, name]) => name.toLowerCase() === wanted || name.toLowerCase().split(' ')[0] === wanted,
        );
        if (hits.length === 1) n = Number(hits[0]![0]);
      }
      if (n === undefined) return bad();
      const want = n;
      return (v) => typeof v === 'number' && ordered(v, want);
    }
    case 'ipv4': {
      const parsed = parseIpv4(literal.text);
      if (!parsed) return bad();
      const size = 2 ** (32 - parsed.prefix);
      const low = Math.floor(parsed.value / size) * size;
      if (parsed.prefix < 32 && (relation === '==' || relation === '!=' || relation === '~=')) {
        const inside = (v: Value) => typeof v === 'string' && ipv4Number(v) >= low && ipv4Number(v) < low + size;
        return relation === '==' ? inside : (v) => !inside(v);
      }
      return (v) => typeof v === 'string' && ordered(ipv4Number(v), parsed.value);
    }
    case 'ipv6': {
      const parsed = parseIpv6(literal.text);
      if (!parsed) return bad();
      const matchesPrefix = (v: Value) => {
        const candidate = typeof v === 'string' ? parseIpv6(v) : undefined;
        if (!candidate) return false;
        for (let bit = 0; bit < parsed.prefix; bit++) {
          const byte = bit >> 3;
          const mask = 0x80 >> (bit & 7);
          if ((candidate.bytes[byte]! & mask) !== (parsed.bytes[byte]! & mask)) return false;
        }
        return true;
      };
      if (relation === '==') return matchesPrefix;
      if (relation === '!=' || relation === '~=') return (v) => !matchesPrefix(v);
      throw new CompileError(literal.column, `IPv6 addresses compare only with == and !=.`);
    }
    case 'mac': {
      const mac = parseMac(literal.text);
      if (!mac) return bad();
      if (relation === '==') return (v) => v === mac;
      if (relation === '!=' || relation === '~=') return (v) => v !== mac;
      throw new CompileError(literal.column, `MAC addresses compare only with == and !=.`);
    }
    case 'text': {
      const want = literal.text;
      const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      return (v) => typeof v === 'string' && ordered(order(v, want), 0);
    }
    case 'bytes':
    case 'none': {
      const want = parseBytes(literal);
      if (want === undefined) return bad();
      const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      return (v) => typeof v === 'string' && ordered(order(v, want), 0);
    }
  }
}

function containsTest(accessor: Accessor, field: FieldName, literal: Literal): (value: Value) => boolean {
  if (accessor.kind === 'text') {
    const want = literal.text;
    return (v) => typeof v === 'string' && v.includes(want);
  }
  if (accessor.kind === 'bytes' || accessor.kind === 'none' || accessor.kind === 'mac') {
    const want = parseBytes(literal);
    if (want === undefined)
      throw new CompileError(
        literal.column,
        `"${literal.text}" is not bytes (03:00:00:16) or a "string", which "contains" looks for in ${field.name}.`,
      );
    return (v) => {
      if (typeof v !== 'string') return false;
      const hex = accessor.kind === 'mac' ? v.replace(/:/g, '') : v;
      for (let at = hex.indexOf(want); at >= 0; at = hex.indexOf(want, at + 1)) if (at % 2 === 0) return true;
      return false;
    };
  }
  throw new CompileError(
    field.column,
    `"contains" works on strings and bytes; ${field.name} is ${KIND_WORDS[accessor.kind].replace(/ \(.*\)$/, '')}.`,
  );
}

function matchesTest(accessor: Accessor, field: FieldName, literal: Literal): (value: Value) => boolean {
  if (accessor.kind !== 'text')
    throw new CompileError(field.column, `"matches" works on strings; ${field.name} is not one.`);
  let regex: RegExp;
  try {
    regex = new RegExp(literal.text, 'i');
  } catch (error) {
    throw new CompileError(
      literal.column,
      `"${literal.text}" is not a valid regular expression (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  return (v) => typeof v === 'string' && regex.test(v);
}

interface Node {
  readonly test: (seen: Seen) => boolean;
  readonly frameOnly: boolean;
}

/** The node for `expr`; the field ids it reads are added to `ids`. */
function compileExpr(expr: FilterExpr, ids: Set<string>): Node {
  switch (expr.kind) {
    case 'or':
    case 'and': {
      const left = compileExpr(expr.left, ids);
      const right = compileExpr(expr.right, ids);
      const frameOnly = left.frameOnly && right.frameOnly;
      return expr.kind === 'or'
        ? { frameOnly, test: (s) => left.test(s) || right.test(s) }
        : { frameOnly, test: (s) => left.test(s) && right.test(s) };
    }
    case 'not': {
      const inner = compileExpr(expr.expr, ids);
      return { frameOnly: inner.frameOnly, test: (s) => !inner.test(s) };
    }
    case 'present': {
      const accessor = accessorFor(expr.field, ids);
      const protocol = PROTOCOLS.has(expr.field.name) && !SPECS.has(expr.field.name);
      if (protocol)
        return {
          frameOnly: expr.field.name === 'frame',
          test: (s) => expr.field.name === 'frame' || hasLayer(s.record, expr.field.name),
        };
      return { frameOnly: accessor.frameOnly === true, test: (s) => accessor.values(s).length > 0 };
    }
    case 'compare': {
      const accessor = accessorFor(expr.field, ids);
      const one = valueTest(accessor, expr.field, expr.op, expr.value);
      const frameOnly = accessor.frameOnly === true;
      // Wireshark 4.0: "!=" is all-not-equal (and the field must occur); everything else is "any".
      if (expr.op === '!=')
        return {
          frameOnly,
          test: (s) => {
            const vs = accessor.values(s);
            return vs.length > 0 && vs.every(one);
          },
        };
      return { frameOnly, test: (s) => accessor.values(s).some(one) };
    }
    case 'contains':
    case 'matches': {
      const accessor = accessorFor(expr.field, ids);
      const one =
        expr.kind === 'contains'
          ? containsTest(accessor, expr.field, expr.value)
          : matchesTest(accessor, expr.field, expr.value);
      return { frameOnly: accessor.frameOnly === true, test: (s) => accessor.values(s).some(one) };
    }
    case 'in': {
      const accessor = accessorFor(expr.field, ids);
      const tests = expr.values.map((v) => valueTest(accessor, expr.field, 'eq-any', v));
      return {
        frameOnly: accessor.frameOnly === true,
        test: (s) => accessor.values(s).some((v) => tests.some((one) => one(v))),
      };
    }
  }
}

/** Parses and checks a display filter; a blank one compiles to `undefined` (every frame passes). */
export function compileFilter(text: string): Compiled {
  const parsed = parseFilter(text);
  if (!parsed.ok) return parsed;
  if (!parsed.value) return { ok: true, filter: undefined };
  try {
    const ids = new Set<string>();
    const root = compileExpr(parsed.value, ids);
    const test = (target: FilterTarget) => {
      const { frame } = target;
      const record = 'values' in frame ? frame : recordOf(frame, ids);
      return root.test({ record, target });
    };
    return { ok: true, filter: { text, needsDissection: !root.frameOnly, ids, test } };
  } catch (error) {
    if (error instanceof CompileError) return { ok: false, error: { message: error.message, column: error.column } };
    return {
      ok: false,
      error: {
        message: `framescope's filter compiler failed (${error instanceof Error ? error.message : String(error)}); this is a framescope bug`,
        column: 1,
      },
    };
  }
}

/**
 * The kind a name's values compare as ('uint', 'hex', 'text' …), 'protocol' for a protocol's name, undefined for a
 * name filters do not know: what "Apply as Filter" needs to write a value the way this parser reads it back.
 */
export function filterKindOf(name: string): Kind | 'protocol' | undefined {
  const known =
    FRAME_FIELDS[name] ??
    (SPECS.has(name) || name in FIELD_ALIASES ? accessorFor({ name, column: 1 }, new Set()) : undefined);
  if (known) return known.kind;
  return PROTOCOLS.has(name) ? 'protocol' : undefined;
}

/** The field names a filter can use beyond the protocol tables' ids: aliases, frame facts, expert info. */
export const EXTRA_FILTER_FIELDS: readonly string[] = [...Object.keys(FIELD_ALIASES), ...Object.keys(FRAME_FIELDS)];
