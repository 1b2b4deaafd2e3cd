// T.124 GCC (Generic Conference Control) as RDP uses it: the user data of the MCS Connect-Initial and Connect-Response
// (T.125) is a ConnectData whose connectPDU is a GCC Conference Create Request or Response (T.124 §8.7; MS-RDPBCGR
// 2.2.1.3, 2.2.1.4), ALIGNED PER (X.691):
//
//   ConnectData ::= SEQUENCE { t124Identifier Key, connectPDU OCTET STRING }      00 05 00 14 7c 00 01 | 81 26 | …
//     Key ::= CHOICE { object OBJECT IDENTIFIER, h221NonStandard H221NonStandardIdentifier }   object 0.0.20.124.0.1
//   connectPDU: ConnectGCCPDU ::= CHOICE { conferenceCreateRequest, conferenceCreateResponse, …, ... }
//     conferenceCreateRequest: conferenceName (numeric "1"), lockedConference, listedConference, conductibleConference,
//       terminationMethod, userData: SET OF { key h221NonStandard "Duca", value: the client data blocks }
//     conferenceCreateResponse: nodeID, tag, result, userData: { key "McDn", value: the server data blocks }
//
// PER packs these fields at bit positions that move with what precedes them (the conference name's length shifts
// every field after it), so each is given as its value over the octets that hold its bits, without a mask. The data
// blocks go to the `t124.h221` table by their H.221 key (rdp-gcc.ts).
import type { FieldId } from '../field-ids';
import { citing, type Documents } from '../cite';
import type { Dissector, LayerOutput, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import { u8, type Bytes } from '../reader';
import { NO_FIELD, type FieldRef, type LayerSink } from '../sink';
import { problem, tpktLimit, undecodedSpec } from './common';
import {
  X691_DOCUMENTS,
  perAlign,
  perBits,
  perConstrained,
  perLength,
  perOctet,
  perOctetEnd,
  perReader,
  type PerReader,
} from './per';

const DOCS = {
  ...X691_DOCUMENTS,
  'ITU-T T.124': {
    title: 'Generic Conference Control',
    url: 'https://www.itu.int/rec/T-REC-T.124/en',
  },
} as const satisfies Documents;
export const T124_DOCUMENTS: Documents = DOCS;
const cite = citing(DOCS);

const CREATE = cite('ITU-T T.124', '8.7');
const PER_LENGTH_CITE = cite('ITU-T X.691', '11.9');

/** The T.124 object identifier {itu-t recommendation t 124 version(0) 1}, BER contents 00 14 7c 00 01, as PER sends it. */
const T124_CONNECT_DATA = [0x00, 0x05, 0x00, 0x14, 0x7c, 0x00, 0x01];

const GCC_PDUS: Readonly<Record<number, string>> = {
  0: 'conferenceCreateRequest',
  1: 'conferenceCreateResponse',
  2: 'conferenceQueryRequest',
  3: 'conferenceQueryResponse',
  4: 'conferenceJoinRequest',
  5: 'conferenceJoinResponse',
  6: 'conferenceInviteRequest',
  7: 'conferenceInviteResponse',
};
const CREATE_REQUEST = 0;
const CREATE_RESPONSE = 1;
/** ConferenceCreateRequest's OPTIONAL components, in order: its preamble's bits, most significant first. */
const REQUEST_OPTIONALS = [
  'convenerPassword',
  'password',
  'conductorPrivileges',
  'conductedPrivileges',
  'nonConductedPrivileges',
  'conferenceDescription',
  'callerIdentifier',
  'userData',
];
/** T.124: UserID ::= DynamicChannelID ::= INTEGER (1001..65535). */
const USER_ID_BASE = 1001;

const IDENTIFIER = {
  id: 't124.t124Identifier',
  label: 't124Identifier',
  kind: 'uint',
  cite: CREATE,
  values: { 0: 'object', 1: 'h221NonStandard' },
  meaning: 'Which Key names the connect data: an object identifier (0.0.20.124.0.1 for T.124) or an H.221 key.',
} as const satisfies FieldSpec;
const OBJECT = {
  id: 't124.object',
  label: 'object',
  kind: 'text',
  cite: CREATE,
  meaning: 'An OBJECT IDENTIFIER key; 0.0.20.124.0.1 says the connect PDU is T.124 GCC.',
} as const satisfies FieldSpec;
const LENGTH = {
  id: 't124.length',
  label: 'Length',
  kind: 'uint',
  cite: PER_LENGTH_CITE,
  meaning:
    'A PER length: a length determinant (octets of an OCTET STRING or OBJECT IDENTIFIER, items of a SET OF) or the constrained length of a sized string.',
} as const satisfies FieldSpec;
const CONNECT_PDU = {
  id: 't124.connectPDU',
  label: 'connectPDU',
  kind: 'none',
  cite: CREATE,
  meaning: 'The OCTET STRING holding the ConnectGCCPDU.',
} as const satisfies FieldSpec;
const GCC_PDU = {
  id: 't124.connectGCCPDU',
  label: 'connectGCCPDU',
  kind: 'uint',
  cite: CREATE,
  values: GCC_PDUS,
  meaning:
    'Which ConnectGCCPDU this is (an extension bit and a 3-bit choice index, at the start of connectPDU); it spans the PDU.',
} as const satisfies FieldSpec;
const PREAMBLE = {
  id: 't124.preamble',
  label: 'Preamble',
  kind: 'hex',
  cite: cite('ITU-T X.691', '19'),
  meaning:
    "A SEQUENCE's extension bit and one bit per OPTIONAL component, saying which are present; the value is the bitmap.",
} as const satisfies FieldSpec;
const NUMERIC = {
  id: 't124.numeric',
  label: 'numeric',
  kind: 'text',
  cite: CREATE,
  meaning: 'The conference name: a NumericString of 1 to 255 digits, 4 bits each (RDP sends "1").',
} as const satisfies FieldSpec;
const flag = (id: string, meaning: string): FieldSpec => ({
  id: `t124.${id}` as FieldId, // field-ids.ts lists each
  label: id,
  kind: 'flag',
  cite: CREATE,
  values: { 0: 'False', 1: 'True' },
  meaning,
});
const LOCKED = flag('lockedConference', 'A BOOLEAN: whether nodes may join without being invited.');
const LISTED = flag('listedConference', 'A BOOLEAN: whether the conference shows in conference queries.');
const CONDUCTIBLE = flag('conductibleConference', 'A BOOLEAN: whether the conference may have a conductor.');
const TERMINATION = {
  id: 't124.terminationMethod',
  label: 'terminationMethod',
  kind: 'uint',
  cite: CREATE,
  values: { 0: 'automatic', 1: 'manual' },
  meaning: 'Whether the conference ends when its last node leaves (automatic) or on request (manual).',
} as const satisfies FieldSpec;
const USER_DATA = {
  id: 't124.userData',
  label: 'userData',
  kind: 'uint',
  cite: CREATE,
  meaning: 'UserData: a SET OF (key, value) pairs; the value is how many pairs follow.',
} as const satisfies FieldSpec;
const KEY = {
  id: 't124.key',
  label: 'key',
  kind: 'uint',
  cite: CREATE,
  values: { 0: 'object', 1: 'h221NonStandard' },
  meaning: 'A user data pair\'s key: an object identifier or an H.221 non-standard key (RDP: "Duca", "McDn").',
} as const satisfies FieldSpec;
const H221 = {
  id: 't124.h221NonStandard',
  label: 'h221NonStandard',
  kind: 'bytes',
  cite: CREATE,
  meaning:
    'An H.221 non-standard key (4 to 255 octets): "Duca" on the client\'s data blocks, "McDn" on the server\'s (MS-RDPBCGR 2.2.1.3, 2.2.1.4).',
} as const satisfies FieldSpec;
const VALUE = {
  id: 't124.value',
  label: 'value',
  kind: 'bytes',
  cite: CREATE,
  meaning: "A user data pair's value (an OCTET STRING): RDP's client or server data blocks.",
} as const satisfies FieldSpec;
const NODE_ID = {
  id: 't124.nodeID',
  label: 'nodeID',
  kind: 'uint',
  cite: CREATE,
  meaning: "The responder's node id, a UserID (1001..65535): two octets above 1001.",
} as const satisfies FieldSpec;
const TAG = {
  id: 't124.tag',
  label: 'tag',
  kind: 'uint',
  cite: CREATE,
  meaning: 'An INTEGER the responder chose to tag the conference.',
} as const satisfies FieldSpec;
const RESULT = {
  id: 't124.result',
  label: 'result',
  kind: 'uint',
  cite: CREATE,
  values: {
    0: 'success',
    1: 'userRejected',
    2: 'resourcesNotAvailable',
    3: 'rejectedForSymmetryBreaking',
    4: 'lockedConferenceNotSupported',
  },
  meaning: 'The outcome of the conference create request (an extensible ENUMERATED: an extension bit and 3 bits).',
} as const satisfies FieldSpec;
const UNDECODED = undecodedSpec('t124', 'T.124', CREATE);

export const T124_TABLE: ProtocolTable = {
  protocol: 't124',
  name: 'GENERIC-CONFERENCE-CONTROL T.124',
  fields: [
    IDENTIFIER,
    OBJECT,
    LENGTH,
    CONNECT_PDU,
    GCC_PDU,
    PREAMBLE,
    NUMERIC,
    LOCKED,
    LISTED,
    CONDUCTIBLE,
    TERMINATION,
    USER_DATA,
    KEY,
    H221,
    VALUE,
    NODE_ID,
    TAG,
    RESULT,
  ],
  layouts: [],
};

/** A BER OBJECT IDENTIFIER's contents as dotted text (X.690 8.19): the first octet holds the first two arcs. */
function oidText(bytes: Bytes, at: number, length: number): string {
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < length; i++) {
    const b = u8(bytes, at + i);
    value = value * 128 + (b & 0x7f);
    if (b & 0x80) continue;
    if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
    else arcs.push(value);
    value = 0;
  }
  return arcs.join('.');
}

/** Walks one PDU: the reader, the sink, and how a PDU that ends too soon is reported. */
interface Walk {
  readonly out: LayerSink;
  readonly r: PerReader;
  /** Where the TPKT says the data ends (past the reader's end when the rest is in a later segment). */
  readonly limit: number;
}

/** `spec` with `value` over the octets holding the bits from `startBit` to where the reader is now. */
function bitsField(w: Walk, spec: FieldSpec, startBit: number, value: number, display?: string): FieldRef {
  const first = startBit >> 3;
  return w.out.field(spec, first, perOctetEnd(w.r) - first, display === undefined ? { value } : { value, display });
}

/** True when displays are wanted. */
const displaying = (w: Walk): boolean => w.out.tree;

/**
 * The PDU ends before `what`: what is left is undecoded. Silent when the TPKT runs on into a later segment (it says
 * so itself) and the length at fault, if any (`reach`), stays inside it; otherwise malformed.
 */
function cutShort(w: Walk, what: string, fieldId: FieldId, reach?: number): void {
  const at = perOctet(w.r);
  const ref = at < w.r.end ? w.out.field(UNDECODED, at, w.r.end - at) : NO_FIELD;
  w.r.bit = w.r.end * 8;
  if (w.limit > w.r.end && (reach === undefined || reach <= w.limit)) return;
  w.out.problem(
    ref,
    problem('error', 'malformed', `T.124 is malformed: ${what} runs past the end of its TPKT`, {
      fieldId,
      offset: at,
      cite: CREATE,
    }),
  );
}

/** The rest of the PDU, which framescope does not decode (components RDP never sends). */
function rest(w: Walk): void {
  perAlign(w.r);
  const at = perOctet(w.r);
  if (at < w.r.end) w.out.field(UNDECODED, at, w.r.end - at);
  w.r.bit = w.r.end * 8;
}

/** A length determinant field; -1 (reported) when it is not here. */
function length(w: Walk, what: string): number {
  perAlign(w.r);
  const at = perOctet(w.r);
  const n = perLength(w.r);
  if (n === -2) {
    rest(w); // the fragmented form: legal, never sent here, not decoded
    return -1;
  }
  if (n < 0) {
    cutShort(w, `the length of ${what}`, LENGTH.id);
    return -1;
  }
  w.out.field(LENGTH, at, perOctet(w.r) - at, { value: n });
  return n;
}

/** `n` octets, aligned; their offset, or -1 (reported) when they are not all here. */
function octets(w: Walk, n: number, what: string, fieldId: FieldId): number {
  perAlign(w.r);
  const at = perOctet(w.r);
  if (at + n > w.r.end) {
    cutShort(w, `${what} (${n} octets)`, fieldId, at + n);
    return -1;
  }
  w.r.bit = (at + n) * 8;
  return at;
}

/** The value handed on: the data blocks of the last user data pair, keyed by their H.221 key. */
interface Handoff {
  readonly offset: number;
  readonly end: number;
  readonly key: number;
}

/** UserData ::= SET OF SEQUENCE { key Key, value OCTET STRING OPTIONAL }. */
function userData(w: Walk): Handoff | undefined {
  // The SET OF's count: a length determinant, shown as userData (Wireshark's field for it).
  perAlign(w.r);
  const countAt = perOctet(w.r);
  const count = perLength(w.r);
  if (count === -2) return (rest(w), undefined);
  if (count < 0) return (cutShort(w, 'the userData count', USER_DATA.id), undefined);
  w.out.field(USER_DATA, countAt, perOctet(w.r) - countAt, { value: count });
  let handoff: Handoff | undefined;
  for (let i = 0; i < count; i++) {
    const start = w.r.bit;
    const present = perBits(w.r, 1);
    const key = perBits(w.r, 1);
    if (key < 0) return (cutShort(w, 'a user data key', KEY.id), undefined);
    bitsField(w, KEY, start, key);
    let h221 = -1;
    if (key === 1) {
      const lengthStart = w.r.bit;
      const size = perConstrained(w.r, 252);
      if (size < 0) return (cutShort(w, 'the length of an H.221 key', LENGTH.id), undefined);
      bitsField(w, LENGTH, lengthStart, size + 4);
      const at = octets(w, size + 4, 'an H.221 key', H221.id);
      if (at < 0) return undefined;
      w.out.field(H221, at, size + 4);
      if (size === 0)
        h221 =
          ((u8(w.r.bytes, at) << 24) |
            (u8(w.r.bytes, at + 1) << 16) |
            (u8(w.r.bytes, at + 2) << 8) |
            u8(w.r.bytes, at + 3)) >>>
          0;
    } else {
      const n = length(w, 'an object key');
      if (n < 0) return undefined;
      const at = octets(w, n, 'an object key', OBJECT.id);
      if (at < 0) return undefined;
      w.out.field(OBJECT, at, n, { value: oidText(w.r.bytes, at, n) });
    }
    if (!present) continue;
    const n = length(w, 'a user data value');
    if (n < 0) return undefined;
    perAlign(w.r);
    const at = perOctet(w.r);
    const end = Math.min(at + n, w.r.end);
    if (at + n > w.limit)
      w.out.problem(
        w.out.refOf(LENGTH),
        problem('error', 'malformed', `The user data value says ${n} octets, past the end of its TPKT`, {
          fieldId: LENGTH.id,
          offset: at,
          cite: CREATE,
        }),
      );
    w.r.bit = end * 8;
    // The last pair's value goes to its key's protocol (RDP's data blocks); earlier ones stay bytes here.
    if (i === count - 1 && h221 >= 0) handoff = { offset: at, end, key: h221 };
    else if (end > at) w.out.field(VALUE, at, end - at);
  }
  return handoff;
}

function createRequest(w: Walk): Handoff | undefined {
  const r = w.r;
  // An extension bit, then one bit per OPTIONAL component (REQUEST_OPTIONALS).
  const preambleStart = r.bit;
  const preamble = perBits(r, 9);
  if (preamble < 0) return (cutShort(w, 'the request preamble', PREAMBLE.id), undefined);
  const bitmap = preamble & 0xff;
  const present = displaying(w) ? REQUEST_OPTIONALS.filter((_, i) => bitmap & (0x80 >> i)) : [];
  bitsField(
    w,
    PREAMBLE,
    preambleStart,
    bitmap,
    displaying(w)
      ? `0x${bitmap.toString(16).padStart(2, '0')} (${present.join(', ') || 'no optional component'} present)`
      : undefined,
  );
  // conferenceName ::= SEQUENCE { numeric, text OPTIONAL, ... }: an extension bit, a preamble bit, then the digits.
  const nameStart = r.bit;
  const namePreamble = perBits(r, 2);
  const digits = namePreamble < 0 ? -1 : perConstrained(r, 255);
  if (digits < 0) return (cutShort(w, 'the conference name', NUMERIC.id), undefined);
  bitsField(w, LENGTH, nameStart, digits + 1);
  perAlign(r);
  const at = perOctet(r);
  if (perBits(r, 4 * (digits + 1)) < 0) return (cutShort(w, 'the conference name digits', NUMERIC.id), undefined);
  let name = '';
  for (let i = 0; i <= digits; i++) name += String((u8(r.bytes, at + (i >> 1)) >> (i & 1 ? 0 : 4)) & 0x0f);
  w.out.field(NUMERIC, at, perOctetEnd(r) - at, { value: name });
  if (namePreamble & 1) return (rest(w), undefined);
  for (const spec of [LOCKED, LISTED, CONDUCTIBLE]) {
    const start = r.bit;
    const value = perBits(r, 1);
    if (value < 0) return (cutShort(w, spec.label, spec.id), undefined);
    bitsField(w, spec, start, value);
  }
  const terminationStart = r.bit;
  const termination = perBits(r, 2);
  if (termination < 0) return (cutShort(w, 'terminationMethod', TERMINATION.id), undefined);
  bitsField(w, TERMINATION, terminationStart, termination & 1);
  // Components before userData that RDP never sends are not decoded.
  if (bitmap & 0xfe) return (rest(w), undefined);
  return bitmap & 1 ? userData(w) : undefined;
}

function createResponse(w: Walk): Handoff | undefined {
  const r = w.r;
  const preambleStart = r.bit;
  const bitmap = perBits(r, 2);
  if (bitmap < 0) return (cutShort(w, 'the response preamble', PREAMBLE.id), undefined);
  bitsField(w, PREAMBLE, preambleStart, bitmap & 1);
  perAlign(r);
  const nodeAt = perOctet(r);
  const node = perConstrained(r, 65535 - USER_ID_BASE + 1);
  if (node < 0) return (cutShort(w, 'nodeID', NODE_ID.id), undefined);
  const nodeID = node + USER_ID_BASE;
  w.out.field(
    NODE_ID,
    nodeAt,
    2,
    w.out.tree ? { value: nodeID, display: `${nodeID} (${node} above ${USER_ID_BASE})` } : { value: nodeID },
  );
  const n = length(w, 'tag');
  if (n < 0) return undefined;
  const tagAt = octets(w, n, 'tag', TAG.id);
  if (tagAt < 0) return undefined;
  let tag = 0;
  for (let i = 0; i < n && i < 6; i++) tag = tag * 256 + u8(r.bytes, tagAt + i);
  if (n > 0 && n <= 6 && u8(r.bytes, tagAt) & 0x80) tag -= 2 ** (8 * n);
  w.out.field(TAG, tagAt, n, { value: tag });
  const resultStart = r.bit;
  const result = perBits(r, 4);
  if (result < 0) return (cutShort(w, 'result', RESULT.id), undefined);
  bitsField(w, RESULT, resultStart, result & 0x07);
  return bitmap & 1 ? userData(w) : undefined;
}

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  const w: Walk = { out, r: perReader(bytes, offset, end), limit: tpktLimit(context, end) };
  const r = w.r;
  const key = perBits(r, 1);
  out.field(IDENTIFIER, offset, 1, { value: key });
  let summary = 'T.124 GCC';
  if (key === 0) {
    const n = length(w, 'the object identifier');
    const at = n < 0 ? -1 : octets(w, n, 'the object identifier', OBJECT.id);
    if (at >= 0) out.field(OBJECT, at, n, { value: oidText(bytes, at, n) });
  } else {
    const start = r.bit;
    const size = perConstrained(r, 252);
    if (size >= 0) {
      bitsField(w, LENGTH, start, size + 4);
      const at = octets(w, size + 4, 'the H.221 key', H221.id);
      if (at >= 0) out.field(H221, at, size + 4);
    } else cutShort(w, 'the length of the H.221 key', LENGTH.id);
  }
  const declared = r.bit < r.end * 8 ? length(w, 'connectPDU') : -1;
  let output: LayerOutput = { problems: [], summary, column: 'T.124', end };
  if (declared < 0) return output;
  const lengthRef = out.refOf(LENGTH);
  const start = perOctet(r);
  const available = end - start;
  if (start + declared > w.limit)
    out.problem(
      lengthRef,
      problem('error', 'malformed', `connectPDU says ${declared} octets, past the end of its TPKT`, {
        fieldId: LENGTH.id,
        offset: start,
        cite: CREATE,
      }),
    );
  // RDP servers send a connectPDU length that leaves out their data blocks (42 for a response of hundreds of octets);
  // RDP clients and Wireshark read the ConnectGCCPDU to the end of the MCS user data, and so does framescope. Normal
  // traffic: said in the display, not flagged.
  const display =
    declared < available
      ? `${available} octets (its length says ${declared}; read to the end of the MCS user data)`
      : `${available} octets`;
  out.open(CONNECT_PDU, start, available, out.tree ? { display } : undefined);
  const ext = perBits(r, 1);
  const index = perBits(r, 3);
  let handoff: Handoff | undefined;
  if (index < 0) cutShort(w, 'the ConnectGCCPDU choice', GCC_PDU.id);
  else {
    // The CHOICE spans the PDU (as Wireshark's connectGCCPDU does); the fields inside own its octets.
    const value = ext ? 8 + index : index;
    out.open(GCC_PDU, start, available, { value });
    const name = ext ? `ConnectGCCPDU extension ${index}` : (GCC_PDUS[index] ?? '');
    summary = `T.124 GCC, ${name}`;
    output = { ...output, summary, info: name };
    if (!ext && index === CREATE_REQUEST) handoff = createRequest(w);
    else if (!ext && index === CREATE_RESPONSE) handoff = createResponse(w);
    else {
      r.bit = start * 8;
      rest(w);
    }
    out.close();
  }
  out.close();
  if (!handoff) {
    perAlign(r);
    if (perOctet(r) < end) out.field(UNDECODED, perOctet(r), end - perOctet(r));
    return output;
  }
  return {
    ...output,
    payload: { offset: handoff.offset, end: handoff.end, next: { table: 't124.h221', keys: [handoff.key] } },
    claimUnclaimed: claimValue,
    claimTrailer: claimRest,
  };
};

/** Octets after the data blocks handed on (or after what their protocol read): not decoded. */
function claimRest(out: LayerSink, _bytes: Bytes, start: number, end: number): void {
  if (end > start) out.field(UNDECODED, start, end - start);
}

/** A user data value no protocol took: its bytes. */
function claimValue(out: LayerSink, _bytes: Bytes, start: number, end: number): void {
  if (end > start) out.field(VALUE, start, end - start);
}

/** MCS user data that is T.124's ConnectData: the object key 0.0.20.124.0.1, as Wireshark's heuristic checks. */
export function looksLikeT124(bytes: Bytes, offset: number, end: number): boolean {
  if (end - offset < T124_CONNECT_DATA.length) return false;
  for (let i = 0; i < T124_CONNECT_DATA.length; i++) if (u8(bytes, offset + i) !== T124_CONNECT_DATA[i]) return false;
  return true;
}

export const t124: Protocol = { protocol: 't124', dissect };
