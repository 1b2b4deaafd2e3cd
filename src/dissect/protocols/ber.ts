// BER, the Basic Encoding Rules of ASN.1 (ITU-T X.690 §8): what the OSI upper layers (presentation, ACSE, MMS) and
// RDP's MCS are made of. Not a protocol of its own but the walker those protocols share: every encoding is
//
//   identifier octets | length octets | contents octets | [end-of-contents octets]         (X.690 §8.1.1)
//
//   identifier (§8.1.2):  8 7   6   5 4 3 2 1
//                         class P/C tag number (0–30; 31 = the number follows in base 128, bit 8 = "more")
//   length (§8.1.3):      0xxxxxxx            definite, short form: 0–127
//                         1nnnnnnn + n octets definite, long form (n = 1–126; 0xFF is reserved)
//                         10000000            indefinite (constructed only): contents end with 00 00 (§8.1.5)
//
// A protocol describes the elements it knows (`BerType`: a field spec, how a primitive's contents read, the members of
// a constructed one); the walker shows each element as its field over the whole encoding, with the identifier, the
// length and the contents (or the elements inside) as its children, so every octet has a field. An element nobody
// named is shown by its tag, its value as its bytes. A length that overruns the element around it is an error, and the
// octets from there are shown undecoded; bytes that stop early because the capture does (a TPKT running past its
// segment) are cut, not wrong. Nothing here throws on bad bytes.
import { citing, type Cite, type Documents } from '../cite';
import type { Problem } from '../model';
import type { FieldSpec, ProtocolTable } from '../spec';
import type { FieldId } from '../field-ids';
import { hex, text, type Bytes } from '../reader';
import type { FieldRef, LayerSink } from '../sink';
import { problem } from './common';
import { hexNumber } from '../format';

export const BER_DOCUMENTS = {
  'ITU-T X.690': {
    title: 'ASN.1 encoding rules: Specification of BER, CER and DER (clause numbers of the 11/2008 edition)',
    url: 'https://www.itu.int/rec/T-REC-X.690-200811-S/en',
  },
} as const satisfies Documents;
const cite = citing(BER_DOCUMENTS);

const STRUCTURE = cite('ITU-T X.690', '8.1.1');
const IDENTIFIER = cite('ITU-T X.690', '8.1.2');
const LENGTH = cite('ITU-T X.690', '8.1.3');
const CONTENTS = cite('ITU-T X.690', '8.1.4');
const EOC = cite('ITU-T X.690', '8.1.5');

export const UNIVERSAL = 0;
export const APPLICATION = 1;
export const CONTEXT = 2;
export const PRIVATE = 3;

const CLASS_NAMES: Readonly<Record<number, string>> = {
  [UNIVERSAL]: 'Universal',
  [APPLICATION]: 'Application',
  [CONTEXT]: 'Context-specific',
  [PRIVATE]: 'Private',
};

/** The universal types' tag numbers (X.680 §8.4, Table 1), as X.690 encodes them. */
const UNIVERSAL_NAMES: Readonly<Record<number, string>> = {
  0: 'end-of-contents',
  1: 'BOOLEAN',
  2: 'INTEGER',
  3: 'BIT STRING',
  4: 'OCTET STRING',
  5: 'NULL',
  6: 'OBJECT IDENTIFIER',
  7: 'ObjectDescriptor',
  8: 'EXTERNAL',
  9: 'REAL',
  10: 'ENUMERATED',
  11: 'EMBEDDED PDV',
  12: 'UTF8String',
  13: 'RELATIVE-OID',
  14: 'TIME',
  16: 'SEQUENCE',
  17: 'SET',
  18: 'NumericString',
  19: 'PrintableString',
  20: 'TeletexString',
  21: 'VideotexString',
  22: 'IA5String',
  23: 'UTCTime',
  24: 'GeneralizedTime',
  25: 'GraphicString',
  26: 'VisibleString',
  27: 'GeneralString',
  28: 'UniversalString',
  29: 'CHARACTER STRING',
  30: 'BMPString',
};

const PC_BIT: FieldSpec = {
  id: 'ber.id.pc',
  label: 'P/C',
  kind: 'flag',
  mask: 0x20,
  values: { 0: 'primitive', 1: 'constructed' },
  cite: IDENTIFIER,
  meaning:
    'Bit 6 of the first identifier octet: 0 a primitive encoding (the contents are the value), 1 a constructed one (the contents are further encodings).',
};
const TAG_BITS: FieldSpec = {
  id: 'ber.id.tag',
  label: 'Tag',
  kind: 'uint',
  mask: 0x1f,
  cite: IDENTIFIER,
  meaning:
    'Bits 5–1 of the first identifier octet: the tag number (0–30); 31 says the number follows in the next octets.',
};
const UNIVERSAL_TAG_BITS: FieldSpec = {
  id: 'ber.id.uni_tag',
  label: 'Tag',
  kind: 'uint',
  mask: 0x1f,
  values: UNIVERSAL_NAMES,
  cite: IDENTIFIER,
  meaning:
    'Bits 5–1 of the first identifier octet of a universal-class element: which ASN.1 type it is (2 INTEGER, 16 SEQUENCE, …).',
};
const CLASS_BITS: FieldSpec = {
  id: 'ber.id.class',
  label: 'Class',
  kind: 'uint',
  mask: 0xc0,
  values: CLASS_NAMES,
  cite: IDENTIFIER,
  meaning:
    'Bits 8–7 of the first identifier octet: universal (0), application (1), context-specific (2) or private (3).',
};

const IDENTIFIER_MEANING =
  'The identifier octet: the class (bits 8–7), primitive or constructed (bit 6) and the tag number (bits 5–1).';
/** The first identifier octet of an element of a non-universal class. */
const ID: FieldSpec = {
  id: 'ber.identifier',
  label: 'Identifier',
  kind: 'hex',
  size: 1,
  cite: IDENTIFIER,
  meaning: IDENTIFIER_MEANING,
  bits: [CLASS_BITS, PC_BIT, TAG_BITS],
};
/** The same octet of a universal-class element: its tag names the ASN.1 type. */
const ID_UNIVERSAL: FieldSpec = { ...ID, bits: [CLASS_BITS, PC_BIT, UNIVERSAL_TAG_BITS] };
const TAG_NUMBER: FieldSpec = {
  id: 'ber.id.tag_number',
  label: 'Tag number',
  kind: 'uint',
  cite: IDENTIFIER,
  meaning:
    'A tag number of 31 or more (high-tag-number form, X.690 §8.1.2.4): base-128 digits in the octets after the first, bit 8 set on all but the last.',
};
const LENGTH_SPEC: FieldSpec = {
  id: 'ber.length',
  label: 'Length',
  kind: 'uint',
  unit: 'octets',
  cite: LENGTH,
  meaning:
    'How many contents octets follow: one octet below 128 (short form), or 0x80 + n then n octets of the number (long form).',
};
const INDEFINITE: FieldSpec = {
  id: 'ber.length.indefinite',
  label: 'Length (indefinite form)',
  kind: 'hex',
  cite: LENGTH,
  meaning:
    'The octet 0x80: the length is not given; the contents are encodings ended by the two end-of-contents octets 00 00 (constructed encodings only).',
};
const CONTENTS_SPEC: FieldSpec = {
  id: 'ber.contents',
  label: 'Contents',
  kind: 'bytes',
  cite: CONTENTS,
  meaning: "The contents octets of a primitive encoding: the value itself, read as the element's type says.",
};
const EOC_SPEC: FieldSpec = {
  id: 'ber.end_of_contents',
  label: 'End-of-contents',
  kind: 'bytes',
  cite: EOC,
  meaning: 'The two zero octets that end the contents of an element whose length was given in the indefinite form.',
};
const UNDECODED: FieldSpec = {
  id: 'ber.undecoded',
  label: 'Undecoded bytes',
  kind: 'bytes',
  cite: STRUCTURE,
  meaning:
    'Octets that do not read as BER encodings: an identifier or length cut short or reserved, or contents a length overruns its enclosing element with.',
};

/** How a primitive element's contents read (X.690 §8.2 – §8.19). */
export type BerValueKind = 'integer' | 'boolean' | 'oid' | 'string' | 'bits' | 'octets' | 'null';

const generic = (id: FieldId, label: string, kind: FieldSpec['kind'], section: string, meaning: string): FieldSpec => ({
  id,
  label,
  kind,
  cite: cite('ITU-T X.690', section),
  meaning,
});

/** Elements no protocol named, by what they are. */
const UNKNOWN = {
  BOOLEAN: generic(
    'ber.unknown.BOOLEAN',
    'BOOLEAN',
    'uint',
    '8.2',
    'A BOOLEAN no protocol here names: 0 false, anything else true.',
  ),
  INTEGER: generic(
    'ber.unknown.INTEGER',
    'INTEGER',
    'uint',
    '8.3',
    "An INTEGER no protocol here names (two's complement, most significant octet first).",
  ),
  ENUMERATED: generic(
    'ber.unknown.ENUMERATED',
    'ENUMERATED',
    'uint',
    '8.4',
    'An ENUMERATED no protocol here names, encoded as an INTEGER.',
  ),
  BITSTRING: generic(
    'ber.unknown.BITSTRING',
    'BITSTRING',
    'bytes',
    '8.6',
    'A BIT STRING no protocol here names: an octet counting the unused bits of the last octet, then the bits.',
  ),
  OCTETSTRING: generic(
    'ber.unknown.OCTETSTRING',
    'OCTETSTRING',
    'bytes',
    '8.7',
    'An OCTET STRING no protocol here names.',
  ),
  NULL: generic('ber.null_tag', 'NULL', 'none', '8.8', 'A NULL: no contents octets.'),
  OID: generic(
    'ber.unknown.OID',
    'OID',
    'text',
    '8.19',
    'An OBJECT IDENTIFIER no protocol here names, as its dotted arcs.',
  ),
  PRIMITIVE: generic(
    'ber.unknown.primitive',
    'Primitive',
    'bytes',
    '8.1.4',
    'A primitive element of a type no protocol here names: its contents shown as bytes.',
  ),
  CONSTRUCTED: generic(
    'ber.unknown.constructed',
    'Constructed',
    'none',
    '8.1.1',
    'A constructed element of a type no protocol here names: the encodings inside it.',
  ),
} as const satisfies Record<string, FieldSpec>;

/** Character strings and times no protocol named, by universal tag, with Wireshark's ids (ber.unknown.VisibleString). */
const STRINGS: Readonly<Record<number, FieldSpec>> = Object.fromEntries(
  (
    [
      [7, 'ObjectDescriptor'],
      [12, 'UTF8String'],
      [18, 'NumericString'],
      [19, 'PrintableString'],
      [20, 'TeletexString'],
      [21, 'VideotexString'],
      [22, 'IA5String'],
      [23, 'UTCTime'],
      [24, 'GeneralizedTime'],
      [25, 'GRAPHICSTRING'],
      [26, 'VisibleString'],
      [27, 'GeneralString'],
    ] as const
  ).map(([tag, name]) => [
    tag,
    generic(`ber.unknown.${name}`, name, 'text', '8.1.4', `A ${UNIVERSAL_NAMES[tag]} no protocol here names, as text.`),
  ]),
);

/** What the universal primitive types' contents are. */
const UNIVERSAL_VALUES: Readonly<Record<number, readonly [FieldSpec, BerValueKind]>> = {
  1: [UNKNOWN.BOOLEAN, 'boolean'],
  2: [UNKNOWN.INTEGER, 'integer'],
  3: [UNKNOWN.BITSTRING, 'bits'],
  4: [UNKNOWN.OCTETSTRING, 'octets'],
  5: [UNKNOWN.NULL, 'null'],
  6: [UNKNOWN.OID, 'oid'],
  10: [UNKNOWN.ENUMERATED, 'integer'],
  ...Object.fromEntries(Object.entries(STRINGS).map(([tag, spec]) => [tag, [spec, 'string'] as const])),
};

export const BER_TABLE: ProtocolTable = {
  protocol: 'ber',
  name: 'Basic Encoding Rules (ASN.1)',
  fields: [
    ID,
    ID_UNIVERSAL,
    TAG_NUMBER,
    LENGTH_SPEC,
    INDEFINITE,
    CONTENTS_SPEC,
    EOC_SPEC,
    UNDECODED,
    ...Object.values(UNKNOWN),
    ...Object.values(STRINGS),
  ],
  layouts: [],
};

// ---- Reading headers

/** An element's header, read by `readHeader` into an object the caller keeps (no allocation per element). */
export interface BerHeader {
  cls: number;
  constructed: boolean;
  tag: number;
  /** Octets of the identifier (1, or more in the high-tag-number form). */
  idLength: number;
  /** Octets of the length. */
  lenLength: number;
  /** Contents octets; -1 for the indefinite form. */
  length: number;
  /** Where the contents start. */
  contentStart: number;
  /** Why the header does not read: 0 it does; see HEADER_* below. */
  status: number;
}

export const HEADER_OK = 0;
/** The bytes end inside the identifier or before the length. */
export const HEADER_CUT = 1;
/** The length octet 0xFF, which X.690 §8.1.3.5 c) reserves. */
export const HEADER_RESERVED_LENGTH = 2;
/** A long-form length of more octets than fit a number here (the contents could not be in any frame). */
export const HEADER_HUGE_LENGTH = 3;
/** A tag number too long to be one (more than 4 base-128 octets). */
export const HEADER_HUGE_TAG = 4;

export function newHeader(): BerHeader {
  return { cls: 0, constructed: false, tag: 0, idLength: 0, lenLength: 0, length: 0, contentStart: 0, status: 0 };
}

/** Reads the identifier and length at `at` (X.690 §8.1.2, §8.1.3); `h.status` says whether they read. */
export function readHeader(bytes: Bytes, at: number, end: number, h: BerHeader): boolean {
  h.idLength = 0;
  h.lenLength = 0;
  h.length = 0;
  if (at >= end) return fail(h, HEADER_CUT);
  const first = bytes[at]!;
  h.cls = first >> 6;
  h.constructed = (first & 0x20) !== 0;
  let p = at + 1;
  let tag = first & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    let octets = 0;
    for (;;) {
      if (p >= end) return fail(h, HEADER_CUT, p - at);
      const b = bytes[p++]!;
      tag = tag * 128 + (b & 0x7f);
      if (++octets > 4) return fail(h, HEADER_HUGE_TAG, p - at);
      if ((b & 0x80) === 0) break;
    }
  }
  h.tag = tag;
  h.idLength = p - at;
  if (p >= end) return fail(h, HEADER_CUT, h.idLength);
  const l = bytes[p++]!;
  if (l < 0x80) {
    h.length = l;
  } else if (l === 0x80) {
    h.length = -1;
  } else if (l === 0xff) {
    h.lenLength = 1;
    return fail(h, HEADER_RESERVED_LENGTH, h.idLength);
  } else {
    const n = l & 0x7f;
    if (n > 6) {
      h.lenLength = 1 + Math.min(n, end - p);
      return fail(h, HEADER_HUGE_LENGTH, h.idLength);
    }
    if (p + n > end) {
      h.lenLength = end - (p - 1);
      return fail(h, HEADER_CUT, h.idLength);
    }
    let length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[p + i]!;
    p += n;
    h.length = length;
  }
  h.lenLength = p - at - h.idLength;
  h.contentStart = p;
  h.status = HEADER_OK;
  return true;
}

function fail(h: BerHeader, status: number, idLength = 0): false {
  h.status = status;
  h.idLength = idLength;
  return false;
}

/** A tag's key in a member list: class and number in one integer. */
export function tagKey(cls: number, tag: number): number {
  return cls * 0x20000000 + tag;
}

/** How a tag reads in text: "[APPLICATION 1]", "[2]", "SEQUENCE". */
export function tagText(cls: number, tag: number): string {
  if (cls === UNIVERSAL) return UNIVERSAL_NAMES[tag] ?? `[UNIVERSAL ${tag}]`;
  if (cls === APPLICATION) return `[APPLICATION ${tag}]`;
  if (cls === PRIVATE) return `[PRIVATE ${tag}]`;
  return `[${tag}]`;
}

/**
 * Where the element at `at` ends: after its end-of-contents octets for the indefinite form (nested ones included), or
 * -1 when that cannot be found in [at, end) (cut, malformed, or nested deeper than `depth` allows).
 */
export function elementEnd(bytes: Bytes, at: number, end: number, h: BerHeader, depth = 0): number {
  if (!readHeader(bytes, at, end, h)) return -1;
  if (h.length >= 0) {
    const stop = h.contentStart + h.length;
    return stop <= end ? stop : -1;
  }
  if (!h.constructed || depth > MAX_DEPTH) return -1;
  let p = h.contentStart;
  for (;;) {
    if (p + 2 <= end && bytes[p] === 0 && bytes[p + 1] === 0) return p + 2;
    const next = elementEnd(bytes, p, end, h, depth + 1);
    if (next < 0) return -1;
    p = next;
  }
}

// ---- Values

/** Two's complement integer of the contents (X.690 §8.3.3); beyond six octets, their hex. */
export function integerValue(bytes: Bytes, start: number, length: number): number | string {
  if (length === 0) return 0;
  if (length > 6) return hex(bytes, start, length);
  let n = bytes[start]! & 0x80 ? -1 : 0;
  for (let i = 0; i < length; i++) n = n * 256 + bytes[start + i]!;
  return n;
}

/** The dotted arcs of an OBJECT IDENTIFIER's contents (X.690 §8.19): the first subidentifier holds two arcs. */
export function oidText(bytes: Bytes, start: number, length: number): string {
  let out = '';
  let value = 0;
  let first = true;
  for (let i = start; i < start + length; i++) {
    const b = bytes[i]!;
    value = value * 128 + (b & 0x7f);
    if (b & 0x80) continue;
    if (first) {
      const x = value < 40 ? 0 : value < 80 ? 1 : 2;
      out = `${x}.${value - 40 * x}`;
      first = false;
    } else out += `.${value}`;
    value = 0;
  }
  return out;
}

/** How each kind of primitive reads (X.690 §8.2 – §8.19). */
const VALUE_OF: Readonly<Record<BerValueKind, (bytes: Bytes, start: number, length: number) => number | string>> = {
  integer: integerValue,
  boolean: (bytes, start, length) => (length > 0 && bytes[start] !== 0 ? 1 : 0),
  oid: oidText,
  string: text,
  bits: (bytes, start, length) => (length > 1 ? hex(bytes, start + 1, length - 1) : ''),
  octets: hex,
  null: () => '',
};

/**
 * `describe` for a named BIT STRING: the names of the bits set (bit 0 is the first octet's bit 8, X.690 §8.6.2), or
 * "none". Its contents start with the octet that counts the unused bits.
 */
export function bitNames(names: readonly string[]): (bytes: Bytes, start: number, length: number) => string {
  return (bytes, start, length) => {
    const set: string[] = [];
    const bits = Math.max(0, (length - 1) * 8 - (length > 1 ? bytes[start]! & 7 : 0));
    for (let bit = 0; bit < bits; bit++)
      if (bytes[start + 1 + (bit >> 3)]! & (0x80 >> (bit & 7))) set.push(names[bit] ?? `bit ${bit}`);
    return set.length > 0 ? set.join(', ') : 'none';
  };
}

/** Object identifiers the OSI stack of MMS names (presentation contexts, ACSE application contexts), as Wireshark does. */
export const OSI_OIDS: Readonly<Record<string, string>> = {
  '2.1.1': 'basic-encoding',
  '2.2.1.0.1': 'id-as-acse',
  '1.0.9506.2.1': 'mms-abstract-syntax-version1(1)',
  '1.0.9506.2.3': 'MMS',
};

// ---- Describing what a protocol knows

/** One ASN.1 type as a protocol shows it. */
export interface BerType {
  /** The element's field (over its whole encoding); absent: shown by its tag, as an element nobody named. */
  readonly spec?: FieldSpec;
  /** A primitive element: how its contents read (the field's value). */
  readonly value?: BerValueKind;
  /** Names of OBJECT IDENTIFIER values, shown after the dotted arcs. */
  readonly names?: Readonly<Record<string, string>>;
  /** A constructed element: the elements it holds. */
  readonly members?: readonly BerMember[];
  /** SEQUENCE OF / SET OF: its members repeat (the field says "N items"). */
  readonly repeated?: true;
  /** The contents are a value of the layer above (a presentation data value): not walked here, handed on. */
  readonly handOff?: true;
  /** An INTEGER the protocol wants back (a presentation context identifier): `BerWalk.recorded` keeps the last. */
  readonly record?: true;
  /** An explicitly tagged type: the element holds one element of this type, whose value the field shows. */
  readonly explicit?: BerType;
  /** A primitive the protocol wants to hear of (for its Info): `BerWalk.onTap` is called with this number. */
  readonly tap?: number;
  /**
   * An explicitly tagged CHOICE: the element holds one of `members`, and its field's value is which (the member's
   * `index`, else its tag number), named by the spec's values.
   */
  readonly chooses?: true;
  /** Text shown after a primitive's value (the number a FloatingPoint's octets hold); tree sinks only. */
  readonly describe?: (bytes: Bytes, start: number, length: number) => string;
  /** A primitive's value read the protocol's way (a time stamp), instead of by `value`'s kind. */
  readonly decode?: (bytes: Bytes, start: number, length: number) => number | string;
}

/** How a named element is shown: `BerType` without its spec, which `named` makes. */
export interface BerShape extends Omit<BerType, 'spec' | 'repeated' | 'chooses'> {
  /** A SEQUENCE OF / SET OF: the field's value is how many items it holds. */
  readonly list?: true;
  /** An explicitly tagged CHOICE: the field's value is which of `members` it holds, named by these. */
  readonly choose?: Readonly<Record<number, string>>;
  /** Names of an INTEGER's values. */
  readonly values?: Readonly<Record<number, string>>;
}

/** The field kind a value of this shape has: counts and choices are numbers, strings and OIDs text, octets bytes. */
function kindOf(shape: BerShape): FieldSpec['kind'] {
  if (shape.list || shape.choose) return 'uint';
  if (shape.decode) return 'text';
  switch (shape.value ?? shape.explicit?.value) {
    case 'integer':
    case 'boolean':
      return 'uint';
    case 'oid':
    case 'string':
      return 'text';
    case 'bits':
    case 'octets':
      return 'bytes';
    default:
      return 'none';
  }
}

/** An element a protocol names: its field (id, label, citation, meaning) and how it reads. */
export function named(id: FieldId, label: string, c: Cite, meaning: string, shape: BerShape = {}): BerType {
  const { list, choose, values, ...rest } = shape;
  const names = choose ?? values;
  return {
    ...rest,
    spec: { id, label, kind: kindOf(shape), cite: c, meaning, ...(names ? { values: names } : {}) },
    ...(list ? { repeated: true as const } : {}),
    ...(choose ? { chooses: true as const } : {}),
  };
}

/** A member of a constructed type: the element with this tag (`tagKey`). */
export interface BerField {
  readonly tag: number;
  readonly type: BerType;
  /** In a CHOICE: the value its field takes for this alternative, when it is not the tag number. */
  readonly index?: number;
}

/** The member `[cls tag] type` (`index`: its alternative's number in a CHOICE, when not the tag number). */
export function tagged(cls: number, tag: number, type: BerType, index?: number): BerField {
  return index === undefined ? { tag: tagKey(cls, tag), type } : { tag: tagKey(cls, tag), type, index };
}

/** An untagged CHOICE among the members: its field (value: the chosen alternative's tag number) over the alternative. */
export interface BerChoice {
  readonly choice: FieldSpec;
  readonly alternatives: readonly BerField[];
}

export type BerMember = BerField | BerChoice;

/** A member list's members by tag, worked out once per list: its alternatives flattened, in order. */
interface MemberEntry {
  /** Position of the member in the list (a CHOICE's alternatives share theirs). */
  readonly position: number;
  readonly field: BerField;
  readonly choice: FieldSpec | undefined;
}
type MemberTable = ReadonlyMap<number, readonly MemberEntry[]>;
const MEMBER_TABLES = new WeakMap<readonly BerMember[], MemberTable>();

function tableOf(members: readonly BerMember[]): MemberTable {
  let table = MEMBER_TABLES.get(members);
  if (table === undefined) {
    const byTag = new Map<number, MemberEntry[]>();
    const add = (field: BerField, position: number, choice: FieldSpec | undefined) => {
      const list = byTag.get(field.tag) ?? [];
      list.push({ position, field, choice });
      byTag.set(field.tag, list);
    };
    members.forEach((m, position) => {
      if ('choice' in m) for (const alt of m.alternatives) add(alt, position, m.choice);
      else add(m, position, undefined);
    });
    MEMBER_TABLES.set(members, (table = byTag));
  }
  return table;
}

/** The member an element's tag selects: the first at or after `from` (position tells same-tag members apart), else the first. */
function memberFor(table: MemberTable, key: number, from: number): MemberEntry | undefined {
  const list = table.get(key);
  if (list === undefined) return undefined;
  for (const entry of list) if (entry.position >= from) return entry;
  return list[0];
}

/** Every spec a member list names, once each, in order. */
export function specsOf(members: readonly BerMember[]): FieldSpec[] {
  const seen = new Set<FieldSpec>();
  const visited = new Set<readonly BerMember[]>();
  const visit = (list: readonly BerMember[]) => {
    // Lists are shared and recursive (Data holds Data): each is walked once.
    if (visited.has(list)) return;
    visited.add(list);
    for (const m of list) {
      if ('choice' in m) {
        seen.add(m.choice);
        for (const a of m.alternatives) type(a.type);
      } else type(m.type);
    }
  };
  const type = (t: BerType) => {
    if (t.spec) seen.add(t.spec);
    if (t.explicit) type(t.explicit);
    if (t.members) visit(t.members);
  };
  visit(members);
  return [...seen];
}

// ---- The walk

/** Nesting deeper than this is shown undecoded (a fuzzed frame could nest one level per two octets). */
const MAX_DEPTH = 48;

/** One walk over a layer's BER: where the fields go, and what it found. */
export interface BerWalk {
  readonly out: LayerSink;
  readonly bytes: Bytes;
  /** Where the bytes at hand end. */
  readonly dataEnd: number;
  /** The PDU goes on past `dataEnd` (the capture, or the segment, stops first): reaching past it is not an error. */
  readonly cut: boolean;
  /** The first contents handed on (`BerType.handOff`): [handOffStart, handOffEnd); -1 while none. */
  handOffStart: number;
  handOffEnd: number;
  /** The last INTEGER of a `record` type read, and its value when the first contents were handed on. */
  recorded: number;
  handOffKey: number;
  /** An error was reported (a length overrunning its element, a header that does not read). */
  malformed: boolean;
  readonly h: BerHeader;
  /** For the element inside an explicit tag. */
  readonly inner: BerHeader;
  /** For counting elements. */
  readonly count: BerHeader;
  /** Called with each primitive of a type with a `tap`, and its contents [start, end). */
  onTap?: (tap: number, start: number, end: number) => void;
}

export function berWalk(out: LayerSink, bytes: Bytes, dataEnd: number, cut: boolean): BerWalk {
  return {
    out,
    bytes,
    dataEnd,
    cut,
    handOffStart: -1,
    handOffEnd: -1,
    recorded: -1,
    handOffKey: -1,
    malformed: false,
    h: newHeader(),
    inner: newHeader(),
    count: newHeader(),
  };
}

/**
 * Shows the encodings in [start, end) as fields: the elements `members` names by their specs, the others by their
 * tags. Returns where the walk stopped.
 */
export function walkElements(
  w: BerWalk,
  start: number,
  end: number,
  members: readonly BerMember[] | undefined,
  repeated = false,
  depth = 0,
): number {
  let at = start;
  let position = 0;
  const table = members !== undefined ? tableOf(members) : undefined;
  while (at < end) {
    let chosen: MemberEntry | undefined;
    const read = table !== undefined && readHeader(w.bytes, at, end, w.h);
    if (read) {
      chosen = memberFor(table, tagKey(w.h.cls, w.h.tag), position);
      if (chosen && !repeated) position = chosen.position + 1;
    }
    at = element(w, at, end, chosen?.field.type, chosen?.choice, depth, chosen?.field.index, read);
  }
  return at;
}

/** One element at `at` inside [.., end): its fields; returns where it ends. */
function element(
  w: BerWalk,
  at: number,
  end: number,
  type: BerType | undefined,
  choice: FieldSpec | undefined,
  depth: number,
  alternative?: number,
  /** `w.h` already holds this element's header (the walk read it to choose the member). */
  read = false,
): number {
  const { out, bytes, h } = w;
  if (!read && !readHeader(bytes, at, end, h)) return badHeader(w, at, end);
  const cls = h.cls;
  const tag = h.tag;
  const constructed = h.constructed;
  const idLength = h.idLength;
  const lenLength = h.lenLength;
  const contentStart = h.contentStart;
  const length = h.length;
  const definite = length >= 0;
  let contentEnd: number;
  let tlvEnd: number;
  /** The contents run past `end`: the element is cut (the capture stops) or overruns the one around it (an error). */
  let overrun = false;
  if (definite) {
    contentEnd = contentStart + length;
    overrun = contentEnd > end;
    tlvEnd = overrun ? end : contentEnd;
  } else {
    const found = constructed && depth < MAX_DEPTH ? elementEnd(bytes, at, end, h) : -1;
    overrun = found < 0;
    tlvEnd = found < 0 ? end : found;
    contentEnd = found < 0 ? end : found - 2;
  }
  const cutHere = overrun && w.cut && end === w.dataEnd && (definite || constructed);
  /** Where the contents at hand stop. */
  const limit = overrun ? end : contentEnd;
  const spec = type?.spec ?? genericSpec(cls, tag, constructed);
  let kind: BerValueKind | undefined = constructed
    ? undefined
    : (type?.value ?? (type?.spec ? undefined : cls === UNIVERSAL ? UNIVERSAL_VALUES[tag]?.[1] : undefined));
  // The element's field, valued by its contents when they read — an explicitly tagged one by the element inside it.
  let readable = !constructed && !overrun && kind !== undefined;
  let valueStart = contentStart;
  const explicit = type?.explicit;
  if (explicit && constructed && definite && !overrun) {
    const inner = w.inner;
    if (
      readHeader(bytes, contentStart, contentEnd, inner) &&
      !inner.constructed &&
      inner.contentStart + inner.length === contentEnd
    ) {
      kind = explicit.value ?? (inner.cls === UNIVERSAL ? UNIVERSAL_VALUES[inner.tag]?.[1] : undefined);
      readable = kind !== undefined;
      valueStart = inner.contentStart;
    }
  }
  // A primitive whose contents do not read as its type (cut short, or of a type no protocol named): their octets.
  // A SEQUENCE OF counts its items; an explicitly tagged CHOICE is the alternative inside, as Wireshark values them.
  let value: number | string | undefined;
  if (readable) value = (type?.decode ?? VALUE_OF[kind!])(bytes, valueStart, contentEnd - valueStart);
  else if (!constructed) value = hex(bytes, contentStart, Math.max(0, limit - contentStart));
  else if (type?.repeated) value = countElements(w, contentStart, limit, definite);
  else if (type?.chooses && readHeader(bytes, contentStart, limit, w.inner))
    value = chosenAlternative(type.members, w.inner.cls, w.inner.tag);
  if (type?.record && typeof value === 'number') w.recorded = value;
  if (type?.tap !== undefined && !constructed && w.onTap) w.onTap(type.tap, contentStart, limit);

  if (choice) {
    const chosen = alternative ?? tag;
    out.open(
      choice,
      at,
      tlvEnd - at,
      out.tree ? { value: chosen, display: choiceDisplay(choice, chosen) } : { value: chosen },
    );
  }
  const display = out.tree
    ? readable
      ? valueDisplay(w, type, spec, kind!, value!, valueStart, contentEnd) +
        (type?.describe ? ` (${type.describe(bytes, valueStart, contentEnd - valueStart)})` : '')
      : type?.chooses && typeof value === 'number'
        ? choiceDisplay(spec, value)
        : structureDisplay(w, type, cls, tag, constructed, contentStart, limit, definite, value)
    : undefined;
  out.open(spec, at, tlvEnd - at, value !== undefined || display !== undefined ? { value, display } : undefined);

  out.field(
    cls === UNIVERSAL ? ID_UNIVERSAL : ID,
    at,
    1,
    out.tree
      ? { display: `${hexNumber(bytes[at]!, 2)} (${tagText(cls, tag)}, ${constructed ? 'constructed' : 'primitive'})` }
      : undefined,
  );
  if (idLength > 1) out.field(TAG_NUMBER, at + 1, idLength - 1, { value: tag });
  const lengthAt = at + idLength;
  let lengthRef: FieldRef;
  if (!definite) lengthRef = out.field(INDEFINITE, lengthAt, 1);
  else if (lenLength === 1) lengthRef = out.field(LENGTH_SPEC, lengthAt, 1);
  else
    lengthRef = out.field(
      LENGTH_SPEC,
      lengthAt,
      lenLength,
      out.tree
        ? {
            value: length,
            display: `${length} octets (long form: ${lenLength - 1} octet${lenLength === 2 ? '' : 's'} after 0x${(0x80 + lenLength - 1).toString(16)})`,
          }
        : { value: length },
    );

  if (!definite && !constructed) {
    // X.690 §8.1.3.2 a): a primitive encoding uses the definite form.
    report(
      w,
      lengthRef,
      INDEFINITE,
      'error',
      'malformed',
      `A primitive element (${tagText(cls, tag)}) has the indefinite length form, which X.690 §8.1.3.2 allows only for constructed encodings; its contents cannot be delimited and are shown undecoded`,
      lengthAt,
      LENGTH,
    );
    emitUndecoded(out, contentStart, end);
  } else if (overrun && !cutHere) {
    const message = definite
      ? `Length ${length} overruns the enclosing element: only ${end - contentStart} octets are left in it (X.690 §8.1.3: the length counts the contents octets); the rest is shown undecoded`
      : `Indefinite-length element ${tagText(cls, tag)} has no end-of-contents octets (00 00) before its enclosing element ends (X.690 §8.1.5); the rest is shown undecoded`;
    report(
      w,
      lengthRef,
      definite ? LENGTH_SPEC : INDEFINITE,
      'error',
      'malformed',
      message,
      lengthAt,
      definite ? LENGTH : EOC,
    );
    emitUndecoded(out, contentStart, end);
  } else if (type?.handOff) {
    if (w.handOffStart < 0) {
      w.handOffStart = contentStart;
      w.handOffEnd = limit;
      w.handOffKey = w.recorded;
    } else walkElements(w, contentStart, limit, undefined, false, depth + 1);
  } else if (constructed) {
    if (depth >= MAX_DEPTH) {
      report(
        w,
        lengthRef,
        definite ? LENGTH_SPEC : INDEFINITE,
        'warning',
        'undecoded',
        `Elements nested more than ${MAX_DEPTH} deep: the contents are shown undecoded`,
        lengthAt,
        STRUCTURE,
      );
      emitUndecoded(out, contentStart, limit);
    } else if (explicit) {
      const next = element(w, contentStart, limit, explicit, undefined, depth + 1);
      if (next < limit) walkElements(w, next, limit, undefined, false, depth + 1);
    } else walkElements(w, contentStart, limit, type?.members, type?.repeated === true, depth + 1);
    // The indefinite form's end-of-contents octets (elementEnd found them, so they are here).
    if (!definite && !overrun) out.field(EOC_SPEC, contentEnd, 2);
  } else if (limit > contentStart) {
    out.field(CONTENTS_SPEC, contentStart, limit - contentStart);
  }
  out.close();
  if (choice) out.close();
  return tlvEnd;
}

/** A header that does not read: the octets from `at` on are shown undecoded, with why. */
function badHeader(w: BerWalk, at: number, end: number): number {
  const { out, h } = w;
  const cut = h.status === HEADER_CUT && w.cut && end === w.dataEnd;
  const ref = out.field(UNDECODED, at, end - at);
  if (!cut) {
    const why =
      h.status === HEADER_RESERVED_LENGTH
        ? 'its length octet is 0xFF, which X.690 §8.1.3.5 c) reserves'
        : h.status === HEADER_HUGE_LENGTH
          ? 'its long-form length has more octets than any length in a frame needs'
          : h.status === HEADER_HUGE_TAG
            ? 'its tag number runs on for more than four octets'
            : 'the octets end inside its identifier or length';
    report(
      w,
      ref,
      UNDECODED,
      'error',
      'malformed',
      `${end - at} octets do not read as a BER element: ${why}`,
      at,
      h.status === HEADER_CUT ? STRUCTURE : LENGTH,
    );
  }
  return end;
}

function report(
  w: BerWalk,
  ref: FieldRef,
  spec: FieldSpec,
  severity: Problem['severity'],
  code: Problem['code'],
  message: string,
  offset: number,
  citation: Cite,
): void {
  if (severity === 'error') w.malformed = true;
  w.out.problem(ref, problem(severity, code, message, { fieldId: spec.id, offset, cite: citation }));
}

function emitUndecoded(out: LayerSink, start: number, end: number): void {
  if (end > start) out.field(UNDECODED, start, end - start);
}

/** Shows [start, end) as BER elements nobody named (a value no protocol here decodes). */
export function walkUnnamed(out: LayerSink, bytes: Bytes, start: number, end: number, cut: boolean): void {
  walkElements(berWalk(out, bytes, end, cut), start, end, undefined);
}

function genericSpec(cls: number, tag: number, constructed: boolean): FieldSpec {
  if (constructed) return UNKNOWN.CONSTRUCTED;
  if (cls === UNIVERSAL) return UNIVERSAL_VALUES[tag]?.[0] ?? UNKNOWN.PRIMITIVE;
  return UNKNOWN.PRIMITIVE;
}

function choiceDisplay(choice: FieldSpec, chosen: number): string {
  const name = choice.values?.[chosen];
  return name === undefined ? String(chosen) : `${name} (${chosen})`;
}

/** The text of an element's field whose value reads (tree sinks only). */
function valueDisplay(
  w: BerWalk,
  type: BerType | undefined,
  spec: FieldSpec,
  kind: BerValueKind,
  value: number | string,
  start: number,
  end: number,
): string {
  switch (kind) {
    case 'oid': {
      const name = (type?.names ?? type?.explicit?.names)?.[value as string];
      return `${value}${name ? ` (${name})` : ''}`;
    }
    case 'string':
      return `"${value}"`;
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'null':
      return 'NULL';
    case 'bits': {
      const unused = end > start ? w.bytes[start]! : 0;
      return `${value === '' ? '(empty)' : value}${unused ? ` (${unused} unused bit${unused === 1 ? '' : 's'})` : ''}`;
    }
    case 'integer': {
      const name = typeof value === 'number' ? spec.values?.[value] : undefined;
      return name !== undefined ? `${name} (${value})` : String(value);
    }
    default:
      return value === '' ? '(empty)' : String(value);
  }
}

/** The text of an element's field shown by its structure: its elements, or its size (tree sinks only). */
function structureDisplay(
  w: BerWalk,
  type: BerType | undefined,
  cls: number,
  tag: number,
  constructed: boolean,
  start: number,
  end: number,
  definite: boolean,
  /** The element's value: a SEQUENCE OF's is its count already. */
  value: number | string | undefined,
): string {
  const what = type?.spec !== undefined ? '' : `${tagText(cls, tag)} `;
  if (!constructed) return `${what}${end - start} octet${end - start === 1 ? '' : 's'}`;
  const n = type?.repeated && typeof value === 'number' ? value : countElements(w, start, end, definite);
  const count = type?.repeated ? `${n} item${n === 1 ? '' : 's'}` : `${n} element${n === 1 ? '' : 's'}`;
  return type?.spec !== undefined ? count : `${what}(${count})`;
}

/** Which alternative of `members` the tag [cls tag] is: its `index`, else the tag number. */
function chosenAlternative(members: readonly BerMember[] | undefined, cls: number, tag: number): number {
  const list = members !== undefined ? tableOf(members).get(tagKey(cls, tag)) : undefined;
  if (list !== undefined) for (const entry of list) if (entry.choice === undefined) return entry.field.index ?? tag;
  return tag;
}

/** How many elements [start, end) holds (for "3 items"); stops at whatever does not read. */
function countElements(w: BerWalk, start: number, end: number, definite: boolean): number {
  const h = w.count;
  let n = 0;
  let p = start;
  while (p < end) {
    if (!definite && p + 2 <= end && w.bytes[p] === 0 && w.bytes[p + 1] === 0) break;
    const next = elementEnd(w.bytes, p, end, h);
    if (next < 0) return n + 1;
    n++;
    p = next;
  }
  return n;
}

/** isOneElement's header: the test runs to its end before another can start (no allocation per frame). */
const PROBE = newHeader();

/** True when [start, end) is exactly one BER element (the plausibility test of a protocol built on BER). */
export function isOneElement(bytes: Bytes, start: number, end: number, cut: boolean): boolean {
  const h = PROBE;
  if (!readHeader(bytes, start, end, h)) return cut && h.status === HEADER_CUT;
  if (h.length < 0) return h.constructed && (elementEnd(bytes, start, end, h) === end || cut);
  const stop = h.contentStart + h.length;
  return stop === end || (cut && stop > end);
}
