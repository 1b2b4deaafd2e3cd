// Q.931 call signalling as H.323 carries it: H.225.0 call signalling messages are Q.931 messages (H.225.0 §7.1),
// sent in TPKTs (RFC 1006) on TCP port 1720. ITU-T Q.931 (05/1998) §4, "General message format and information
// elements coding":
//
//        8   7   6   5   4   3   2   1
//      +-------------------------------+
//      |    Protocol discriminator     |  octet 1                §4.2
//      +---------------+---------------+
//      | 0   0   0   0 | length of CR  |  octet 2                §4.3, Figure 4-3
//      +---+-----------+---------------+
//      |flag|  call reference value    |  octets 3 ... (length)  §4.3
//      +---+---------------------------+
//      | 0 |        message type       |                         §4.4, Figure 4-6
//      +---+---------------------------+
//      |  other information elements   |                         §4.5
//
// Information elements (§4.5.1, Figure 4-7): a single-octet element has bit 8 set and no length (type 1: identifier
// in bits 7-5, contents in bits 4-1; type 2: the whole octet identifies it); a variable-length element is an
// identifier octet (bit 8 clear), a length octet and the contents. H.225.0 §7.2.2 differs for the User-user element:
// its length of contents takes two octets, as the H.323-UserInformation (PER-encoded ASN.1, shown here as bytes)
// may exceed 255 octets. Like Wireshark, the two-octet length is read when the element's protocol discriminator
// (the octet after those two) is 0x05, "X.208 and X.209 coded user information".
import type { FieldId } from '../field-ids';
import { citing, type Documents } from '../cite';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import { hex, u8, type Bytes } from '../reader';
import type { LayerSink } from '../sink';
import { problem, tpktLimit, truncatedAt } from './common';
import { hexNumber } from '../format';

const DOCS = {
  'ITU-T Q.931': {
    title: 'ISDN user-network interface layer 3 specification for basic call control',
    url: 'https://www.itu.int/rec/T-REC-Q.931-199805-I/en',
  },
  'ITU-T H.225.0': {
    title: 'Call signalling protocols and media stream packetization for packet-based multimedia communication systems',
    url: 'https://www.itu.int/rec/T-REC-H.225.0/en',
  },
} as const satisfies Documents;
export const Q931_DOCUMENTS: Documents = DOCS;
const cite = citing(DOCS);

const DISCRIMINATOR = cite('ITU-T Q.931', '4.2');
const CALL_REFERENCE = cite('ITU-T Q.931', '4.3');
const MESSAGE_TYPE_CITE = cite('ITU-T Q.931', '4.4');
const CODING_RULES = cite('ITU-T Q.931', '4.5.1');
const USER_USER_CITE = cite('ITU-T Q.931', '4.5.30');
const H225_ELEMENTS = cite('ITU-T H.225.0', '7.2.2');

/** Q.931 user-network call control messages (Table 4-1); the only discriminator H.225.0 uses. */
export const Q931_DISCRIMINATOR = 0x08;
/** The User-user element's identifier (Table 4-3), and its "X.208 and X.209 coded" protocol discriminator. */
const USER_USER = 0x7e;
const ASN1_CODED = 0x05;

/** Table 4-2, with the FACILITY message of Q.932 that H.225.0 uses. Names as Wireshark shows them. */
const MESSAGE_TYPES: Readonly<Record<number, string>> = {
  0x00: 'ESCAPE',
  0x01: 'ALERTING',
  0x02: 'CALL PROCEEDING',
  0x03: 'PROGRESS',
  0x05: 'SETUP',
  0x07: 'CONNECT',
  0x0d: 'SETUP ACKNOWLEDGE',
  0x0f: 'CONNECT ACKNOWLEDGE',
  0x20: 'USER INFORMATION',
  0x21: 'SUSPEND REJECT',
  0x22: 'RESUME REJECT',
  0x25: 'SUSPEND',
  0x26: 'RESUME',
  0x2d: 'SUSPEND ACKNOWLEDGE',
  0x2e: 'RESUME ACKNOWLEDGE',
  0x45: 'DISCONNECT',
  0x46: 'RESTART',
  0x4d: 'RELEASE',
  0x4e: 'RESTART ACKNOWLEDGE',
  0x5a: 'RELEASE COMPLETE',
  0x60: 'SEGMENT',
  0x62: 'FACILITY',
  0x6e: 'NOTIFY',
  0x75: 'STATUS ENQUIRY',
  0x79: 'CONGESTION CONTROL',
  0x7b: 'INFORMATION',
  0x7d: 'STATUS',
};

/** Codeset 0 variable-length element identifiers (Table 4-3), with the Facility and Connected number of Q.932/Q.951. */
const ELEMENTS: Readonly<Record<number, string>> = {
  0x00: 'Segmented message',
  0x04: 'Bearer capability',
  0x08: 'Cause',
  0x10: 'Call identity',
  0x14: 'Call state',
  0x18: 'Channel identification',
  0x1c: 'Facility',
  0x1e: 'Progress indicator',
  0x20: 'Network-specific facilities',
  0x27: 'Notification indicator',
  0x28: 'Display',
  0x29: 'Date/time',
  0x2c: 'Keypad facility',
  0x34: 'Signal',
  0x40: 'Information rate',
  0x42: 'End-to-end transit delay',
  0x43: 'Transit delay selection and indication',
  0x44: 'Packet layer binary parameters',
  0x45: 'Packet layer window size',
  0x46: 'Packet size',
  0x47: 'Closed user group',
  0x4a: 'Reverse charge indication',
  0x4c: 'Connected number',
  0x4d: 'Connected subaddress',
  0x6c: 'Calling party number',
  0x6d: 'Calling party subaddress',
  0x70: 'Called party number',
  0x71: 'Called party subaddress',
  0x74: 'Redirecting number',
  0x78: 'Transit network selection',
  0x79: 'Restart indicator',
  0x7c: 'Low layer compatibility',
  0x7d: 'High layer compatibility',
  0x7e: 'User-user',
  0x7f: 'Escape for extension',
  // Single-octet type 2 elements (the whole octet identifies them).
  0xa0: 'More data',
  0xa1: 'Sending complete',
};

/** Single-octet type 1 elements: the identifier is bits 7-5 (Table 4-3). */
const TYPE1_ELEMENTS: Readonly<Record<number, string>> = {
  0x90: 'Shift',
  0xb0: 'Congestion level',
  0xd0: 'Repeat indicator',
};

const HEADER = [
  {
    id: 'q931.disc',
    label: 'Protocol discriminator',
    kind: 'hex',
    at: 0,
    size: 1,
    cite: DISCRIMINATOR,
    values: { [Q931_DISCRIMINATOR]: 'Q.931' },
    meaning:
      'The first octet of every message: 0x08 for Q.931 user-network call control messages, the value H.225.0 call signalling always uses.',
  },
  {
    id: 'q931.call_ref_spare',
    label: 'Spare',
    kind: 'uint',
    at: 1,
    size: 1,
    mask: 0xf0,
    reserved: true,
    cite: CALL_REFERENCE,
    meaning: 'Bits 8-5 of the call reference octet, shown as 0000 in Figure 4-3.',
    rule: {
      expect: 0,
      severity: 'warning',
      code: 'reserved-nonzero',
      message: (v) =>
        `Bits 8-5 of the call reference length octet are ${v.toString(2).padStart(4, '0')}, not the 0000 of Q.931 Figure 4-3; the length is read from bits 4-1 regardless`,
    },
  },
  {
    id: 'q931.call_ref_len',
    label: 'Call reference value length',
    kind: 'uint',
    at: 1,
    size: 1,
    mask: 0x0f,
    unit: 'octets',
    cite: CALL_REFERENCE,
    meaning:
      'Length of the call reference value in octets (bits 4-1 of octet 2); 0 is the dummy call reference. H.225.0 uses two octets.',
  },
] as const satisfies readonly FieldSpec[];
const [, , CALL_REF_LEN] = HEADER;

const CALL_REF_FLAG = {
  id: 'q931.call_ref_flag',
  label: 'Call reference flag',
  kind: 'flag',
  size: 1,
  mask: 0x80,
  cite: CALL_REFERENCE,
  values: { 0: 'Message sent from originating side', 1: 'Message sent to originating side' },
  meaning:
    'Bit 8 of the first call reference octet: 0 in messages from the side that assigned the call reference, 1 in messages to it — so both ends can use the same value for calls they each started.',
} as const satisfies FieldSpec;
const CALL_REF = {
  id: 'q931.call_ref',
  label: 'Call reference value',
  kind: 'bytes',
  cite: CALL_REFERENCE,
  meaning:
    'Identifies the call at this interface; assigned by the side that originated the call. Shown without the flag bit, as Wireshark does.',
} as const satisfies FieldSpec;
const MESSAGE_TYPE = {
  id: 'q931.message_type',
  label: 'Message type',
  kind: 'hex',
  size: 1,
  cite: MESSAGE_TYPE_CITE,
  values: MESSAGE_TYPES,
  meaning:
    'What the message does (Table 4-2): SETUP, CALL PROCEEDING, ALERTING, CONNECT, RELEASE COMPLETE... Bit 8 is reserved for an extension.',
} as const satisfies FieldSpec;
const ELEMENT = {
  id: 'q931.ie',
  label: 'Information element',
  kind: 'none',
  cite: CODING_RULES,
  meaning:
    'One information element: identifier, length and contents (a variable-length element), or one octet (a single-octet element).',
} as const satisfies FieldSpec;
const ELEMENT_ID = {
  id: 'q931.information_element',
  label: 'Information element',
  kind: 'uint',
  size: 1,
  cite: CODING_RULES,
  values: ELEMENTS,
  meaning:
    'Identifier octet (Table 4-3). Bit 8 set: a single-octet element (type 1 carries its contents in bits 4-1); bit 8 clear: a length and contents follow.',
} as const satisfies FieldSpec;
const ELEMENT_LENGTH = {
  id: 'q931.information_element_len',
  label: 'Length',
  kind: 'uint',
  unit: 'octets',
  cite: CODING_RULES,
  meaning:
    'Length of the contents, not counting the identifier and length octets: one octet in Q.931, two octets for the User-user element of H.225.0 (§7.2.2).',
} as const satisfies FieldSpec;
const ELEMENT_DATA = {
  id: 'q931.ie.data',
  label: 'Contents',
  kind: 'bytes',
  cite: CODING_RULES,
  meaning: "The element's contents (framescope does not decode them further).",
} as const satisfies FieldSpec;
const USER_DISCRIMINATOR = {
  id: 'q931.user.protocol_discriminator',
  label: 'Protocol discriminator',
  kind: 'hex',
  size: 1,
  cite: USER_USER_CITE,
  values: {
    0x00: 'User-specific protocol',
    0x01: 'OSI high layer protocols',
    0x02: 'X.244',
    0x04: 'IA5 characters',
    [ASN1_CODED]: 'X.208 and X.209 coded user information',
    0x07: 'V.120 rate adaption',
    0x08: 'Q.931/I.451 user-network call control messages',
  },
  meaning:
    'First octet of the User-user contents: how the rest is coded. H.225.0 uses 0x05: the rest is an ASN.1 H323-UserInformation.',
} as const satisfies FieldSpec;
const USER_INFORMATION = {
  id: 'q931.user.bytes',
  label: 'User information',
  kind: 'bytes',
  cite: H225_ELEMENTS,
  meaning:
    'The user-user information: for H.225.0, the H323-UserInformation in ASN.1 PER (framescope shows it as bytes).',
} as const satisfies FieldSpec;

export const Q931_TABLE: ProtocolTable = {
  protocol: 'q931',
  name: 'Q.931',
  fields: [
    ...HEADER,
    CALL_REF_FLAG,
    CALL_REF,
    MESSAGE_TYPE,
    ELEMENT,
    ELEMENT_ID,
    ELEMENT_LENGTH,
    ELEMENT_DATA,
    USER_DISCRIMINATOR,
    USER_INFORMATION,
  ],
  layouts: [HEADER],
};

/** What the packet list shows for a message type, as Wireshark's Q.931 does ("SETUP"). */
const messageName = (type: number): string => MESSAGE_TYPES[type] ?? `Unknown (${hexNumber(type, 2)})`;

function elementName(id: number, codeset: number): string {
  if (codeset !== 0) return `Unknown information element (${hexNumber(id, 2)}) in codeset ${codeset}`;
  if (id & 0x80) {
    const name = ELEMENTS[id] ?? TYPE1_ELEMENTS[id & 0xf0];
    if (name === undefined) return `Unknown single-octet information element (${hexNumber(id, 2)})`;
    if ((id & 0xf0) !== 0x90) return name;
    return `${id & 0x08 ? 'Non-locking' : 'Locking'} shift to codeset ${id & 0x07}`;
  }
  return ELEMENTS[id] ?? `Unknown information element (${hexNumber(id, 2)})`;
}

/** Where the message's bytes end, and where its TPKT says it ends (later when the rest is in a later segment). */
interface Bounds {
  readonly end: number;
  readonly limit: number;
}

/**
 * The message needs more than the bytes here. When the TPKT runs on into a later segment it says so itself, and a
 * length that stays inside the TPKT (`reach`) is no one's fault; otherwise the message is malformed.
 */
function cutShort(
  out: LayerSink,
  ref: number,
  what: string,
  fieldId: FieldId,
  at: number,
  b: Bounds,
  reach?: number,
): void {
  if (b.limit > b.end && (reach === undefined || reach <= b.limit)) return;
  out.problem(
    ref,
    problem('error', 'malformed', `${what}, past the end of its TPKT: the message is malformed`, {
      fieldId,
      offset: at,
      cite: CODING_RULES,
    }),
  );
}

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  const b: Bounds = { end, limit: tpktLimit(context, end) };
  const missing = out.fixed(HEADER, offset, end);
  if (missing) {
    // Cut by the segment (TPKT says so), or a TPKT too short for a Q.931 header.
    const cut = truncatedAt(missing, offset, end, 'Q.931 message header');
    return { problems: b.limit > end ? [] : [cut], summary: 'Q.931 (truncated)', column: 'Q.931', end };
  }
  const refLength = u8(bytes, offset + 1) & 0x0f;
  let at = offset + 2;
  if (refLength > 0) {
    if (at + refLength > end) {
      cutShort(
        out,
        out.refOf(CALL_REF_LEN),
        `The call reference value is ${refLength} octets long`,
        CALL_REF_LEN.id,
        at,
        b,
        at + refLength,
      );
      if (at < end) out.field(CALL_REF, at, end - at);
      return { problems: [], summary: 'Q.931 (truncated)', column: 'Q.931', end };
    }
    out.field(CALL_REF_FLAG, at, 1);
    const first = u8(bytes, at);
    // The value without the flag bit: a string only when the flag is set (otherwise the raw bytes are the value).
    out.field(
      CALL_REF,
      at,
      refLength,
      first & 0x80 ? { value: hexNumber(first & 0x7f, 2).slice(2) + hex(bytes, at + 1, refLength - 1) } : undefined,
    );
    at += refLength;
  }
  if (at >= end) {
    const ref = out.refOf(refLength > 0 ? CALL_REF : CALL_REF_LEN);
    cutShort(out, ref, 'The message ends before its message type octet', MESSAGE_TYPE.id, at, b);
    return { problems: [], summary: 'Q.931 (truncated)', column: 'Q.931', end };
  }
  const type = u8(bytes, at);
  out.field(MESSAGE_TYPE, at, 1);
  at += 1;
  elements(out, bytes, at, b);
  const name = messageName(type);
  return {
    problems: [],
    summary: `Q.931, ${name}`,
    info: name,
    column: 'Q.931',
    end,
  };
};

/** The information elements from `at` to the end of the message (§4.5.1), codeset shifts followed (§4.5.3, §4.5.4). */
function elements(out: LayerSink, bytes: Bytes, start: number, b: Bounds): void {
  const end = b.end;
  let at = start;
  let locked = 0;
  let codeset = 0;
  while (at < end) {
    const id = u8(bytes, at);
    if (id & 0x80) {
      out.field(
        ELEMENT_ID,
        at,
        1,
        out.tree ? { display: `${elementName(id, codeset)} (${hexNumber(id, 2)})` } : undefined,
      );
      at += 1;
      if ((id & 0xf0) === 0x90) {
        // Shift: bit 4 set is non-locking (the next element only), clear is locking (§4.5.3, §4.5.4).
        codeset = id & 0x07;
        if (!(id & 0x08)) locked = codeset;
      } else codeset = locked;
      continue;
    }
    const h225 = codeset === 0 && id === USER_USER && at + 3 < end && u8(bytes, at + 3) === ASN1_CODED;
    const lengthSize = h225 ? 2 : 1;
    const contents = at + 1 + lengthSize;
    if (contents > end) {
      const group = out.open(ELEMENT, at, end - at, out.tree ? { display: elementName(id, codeset) } : undefined);
      out.field(ELEMENT_ID, at, 1);
      out.close();
      cutShort(
        out,
        group,
        "The message ends inside an information element's identifier and length",
        ELEMENT_LENGTH.id,
        at + 1,
        b,
      );
      return;
    }
    const length = h225 ? (u8(bytes, at + 1) << 8) | u8(bytes, at + 2) : u8(bytes, at + 1);
    const elementEnd = Math.min(contents + length, end);
    out.open(ELEMENT, at, elementEnd - at, out.tree ? { display: elementName(id, codeset) } : undefined);
    out.field(ELEMENT_ID, at, 1, codeset !== 0 && out.tree ? { display: elementName(id, codeset) } : undefined);
    const lengthRef = out.field(
      ELEMENT_LENGTH,
      at + 1,
      lengthSize,
      h225 && out.tree ? { display: `${length} (two octets: H.225.0 §7.2.2)` } : undefined,
    );
    if (codeset === 0 && id === USER_USER && elementEnd > contents) {
      out.field(USER_DISCRIMINATOR, contents, 1);
      if (elementEnd > contents + 1) out.field(USER_INFORMATION, contents + 1, elementEnd - contents - 1);
    } else if (elementEnd > contents) out.field(ELEMENT_DATA, contents, elementEnd - contents);
    out.close();
    if (contents + length > end)
      cutShort(
        out,
        lengthRef,
        `The ${elementName(id, codeset)} element says ${length} octets of contents`,
        ELEMENT_LENGTH.id,
        at + 1,
        b,
        contents + length,
      );
    at = elementEnd;
    codeset = locked;
  }
}

/**
 * The port (1720) says H.225.0 call signalling; the first octet must still be Q.931's protocol discriminator. One
 * octet is enough to judge; none is too few.
 */
const accepts = (bytes: Bytes, offset: number, end: number): boolean | string => {
  if (end - offset < 1) return false;
  const discriminator = u8(bytes, offset);
  return (
    discriminator === Q931_DISCRIMINATOR ||
    `octet 1 (${hexNumber(discriminator, 2)}) is not the Q.931 protocol discriminator ${hexNumber(Q931_DISCRIMINATOR, 2)}`
  );
};

export const q931: Protocol = { protocol: 'q931', dissect, accepts };
