// TLS record layer, RFC 8446 §5.1 (TLS 1.3) and RFC 5246 §6.2.1 (TLS 1.2, which RDP mostly runs):
//
//   struct {
//       ContentType type;                       /* 1 octet: 20 change_cipher_spec, 21 alert, 22 handshake,
//                                                  23 application_data, 24 heartbeat (RFC 6520) */
//       ProtocolVersion legacy_record_version;  /* 2 octets: 0x0300 SSL 3.0 … 0x0303 TLS 1.2 (TLS 1.3 sends 0x0303) */
//       uint16 length;                          /* octets of fragment: at most 2^14 in plaintext, 2^14 + 2048 once
//                                                  protected (RFC 5246 §6.2.3; TLS 1.3 allows 2^14 + 256) */
//       opaque fragment[TLSPlaintext.length];
//   } TLSPlaintext;
//
// Handshake messages in a plaintext record: msg_type (1) length (uint24) body (RFC 5246 §7.4, RFC 8446 §4). After a
// ChangeCipherSpec the records are protected: their fragment is opaque (RFC 8446 §5.2). One layer holds every record of
// the bytes it is given, as Wireshark's one "Transport Layer Security" tree does, so a ChangeCipherSpec earlier in the
// same segment marks the handshake records after it as protected. Where that is not known (the CCS came in another
// segment), a handshake record counts as plaintext only when its messages' headers tile it exactly — 4 octets of
// header plus the length they state, message after message, to the record's end — which ciphertext does not do.
import { cite } from '../cite';
import { numberAt } from '../build';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import type { LayerSink } from '../sink';
import { hex, u8, uint, type Bytes } from '../reader';
import { problem } from './common';
import { hexNumber } from '../format';

const RECORD = cite('RFC 5246', '6.2.1');
const RECORD_13 = cite('RFC 8446', '5.1');
const PROTECTED = cite('RFC 8446', '5.2');
const CIPHERTEXT_LIMIT = cite('RFC 5246', '6.2.3');
const CCS = cite('RFC 5246', '7.1');
const ALERT = cite('RFC 5246', '7.2');
const HANDSHAKE = cite('RFC 5246', '7.4');
const HANDSHAKE_13 = cite('RFC 8446', '4');
const HEARTBEAT = cite('RFC 6520', '3');

export const TLS_RECORD_HEADER_LENGTH = 5;
/** The largest fragment any TLS version allows: a TLSCiphertext of 2^14 + 2048 octets (RFC 5246 §6.2.3). */
export const TLS_MAX_FRAGMENT_LENGTH = 2 ** 14 + 2048;

const CHANGE_CIPHER_SPEC = 20;
const ALERT_TYPE = 21;
const HANDSHAKE_TYPE = 22;
const APPLICATION_DATA = 23;
const HEARTBEAT_TYPE = 24;

const CONTENT_TYPES: Readonly<Record<number, string>> = {
  [CHANGE_CIPHER_SPEC]: 'Change Cipher Spec',
  [ALERT_TYPE]: 'Alert',
  [HANDSHAKE_TYPE]: 'Handshake',
  [APPLICATION_DATA]: 'Application Data',
  [HEARTBEAT_TYPE]: 'Heartbeat',
};
const VERSIONS: Readonly<Record<number, string>> = {
  0x0300: 'SSL 3.0',
  0x0301: 'TLS 1.0',
  0x0302: 'TLS 1.1',
  0x0303: 'TLS 1.2',
  0x0304: 'TLS 1.3',
};
/** The packet list's Protocol column, as Wireshark names the versions. */
const COLUMN: Readonly<Record<number, string>> = {
  0x0300: 'SSLv3',
  0x0301: 'TLSv1',
  0x0302: 'TLSv1.1',
  0x0303: 'TLSv1.2',
  0x0304: 'TLSv1.3',
};
const HANDSHAKE_TYPES: Readonly<Record<number, string>> = {
  0: 'Hello Request',
  1: 'Client Hello',
  2: 'Server Hello',
  4: 'New Session Ticket',
  5: 'End of Early Data',
  8: 'Encrypted Extensions',
  11: 'Certificate',
  12: 'Server Key Exchange',
  13: 'Certificate Request',
  14: 'Server Hello Done',
  15: 'Certificate Verify',
  16: 'Client Key Exchange',
  20: 'Finished',
  21: 'Certificate URL',
  22: 'Certificate Status',
  24: 'Key Update',
  254: 'Message Hash',
};
const CLIENT_HELLO = 1;
const SERVER_HELLO = 2;
const ALERT_LEVELS: Readonly<Record<number, string>> = { 1: 'Warning', 2: 'Fatal' };
const ALERT_DESCRIPTIONS: Readonly<Record<number, string>> = {
  0: 'Close Notify',
  10: 'Unexpected Message',
  20: 'Bad Record MAC',
  21: 'Decryption Failed',
  22: 'Record Overflow',
  30: 'Decompression Failure',
  40: 'Handshake Failure',
  41: 'No Certificate',
  42: 'Bad Certificate',
  43: 'Unsupported Certificate',
  44: 'Certificate Revoked',
  45: 'Certificate Expired',
  46: 'Certificate Unknown',
  47: 'Illegal Parameter',
  48: 'Unknown CA',
  49: 'Access Denied',
  50: 'Decode Error',
  51: 'Decrypt Error',
  60: 'Export Restriction',
  70: 'Protocol Version',
  71: 'Insufficient Security',
  80: 'Internal Error',
  86: 'Inappropriate Fallback',
  90: 'User Canceled',
  100: 'No Renegotiation',
  109: 'Missing Extension',
  110: 'Unsupported Extension',
  112: 'Unrecognized Name',
  113: 'Bad Certificate Status Response',
  115: 'Unknown PSK Identity',
  116: 'Certificate Required',
  120: 'No Application Protocol',
};

export const TLS_RECORD_FIELDS = [
  {
    id: 'tls.record.content_type',
    label: 'Content Type',
    kind: 'uint',
    at: 0,
    size: 1,
    cite: RECORD_13,
    values: CONTENT_TYPES,
    meaning:
      'What the fragment carries: 20 ChangeCipherSpec, 21 alert, 22 handshake, 23 application data (RFC 8446 §5.1), 24 heartbeat (RFC 6520).',
  },
  {
    id: 'tls.record.version',
    label: 'Version',
    kind: 'hex',
    at: 1,
    size: 2,
    cite: RECORD_13,
    values: VERSIONS,
    meaning:
      'legacy_record_version: the TLS version of the record layer (0x0301 TLS 1.0 … 0x0303 TLS 1.2; TLS 1.3 also sends 0x0303, and a first ClientHello may say 0x0301).',
  },
  {
    id: 'tls.record.length',
    label: 'Length',
    kind: 'uint',
    at: 3,
    size: 2,
    cite: RECORD,
    unit: 'bytes',
    meaning:
      'Octets of the fragment after this 5-octet header: at most 2^14 in plaintext, 2^14 + 2048 in a protected record (RFC 5246 §6.2.3).',
  },
] as const satisfies readonly FieldSpec[];

const RECORD_NODE = {
  id: 'tls.record',
  label: 'Record Layer',
  kind: 'none',
  cite: RECORD_13,
  meaning: 'One TLS record: a 5-octet header (content type, version, length) and the fragment it announces.',
} as const satisfies FieldSpec;
const HANDSHAKE_NODE = {
  id: 'tls.handshake',
  label: 'Handshake Protocol',
  kind: 'none',
  cite: HANDSHAKE,
  meaning:
    'A handshake message (type, length, body); after ChangeCipherSpec the handshake records are protected and shown whole as "Encrypted Handshake Message".',
} as const satisfies FieldSpec;
export const TLS_HANDSHAKE_FIELDS = [
  {
    id: 'tls.handshake.type',
    label: 'Handshake Type',
    kind: 'uint',
    at: 0,
    size: 1,
    cite: HANDSHAKE_13,
    values: HANDSHAKE_TYPES,
    meaning: 'msg_type: which handshake message this is (1 ClientHello, 2 ServerHello, 11 Certificate, …).',
  },
  {
    id: 'tls.handshake.length',
    label: 'Length',
    kind: 'uint',
    at: 1,
    size: 3,
    cite: HANDSHAKE,
    unit: 'bytes',
    meaning: 'Octets of the message body after this 4-octet header (uint24).',
  },
] as const satisfies readonly FieldSpec[];
/** ClientHello and ServerHello start with the version and the 32-octet random (RFC 5246 §7.4.1.2, §7.4.1.3). */
const HELLO_FIELDS = [
  {
    id: 'tls.handshake.version',
    label: 'Version',
    kind: 'hex',
    at: 0,
    size: 2,
    cite: cite('RFC 5246', '7.4.1.2'),
    values: VERSIONS,
    meaning:
      'client_version: the highest version the client supports; in a ServerHello, server_version: the version chosen (TLS 1.3 says 0x0303 here and names itself in an extension).',
  },
  {
    id: 'tls.handshake.random',
    label: 'Random',
    kind: 'bytes',
    at: 2,
    size: 32,
    cite: cite('RFC 5246', '7.4.1.2'),
    meaning: '32 octets the hello sender chose at random (the first 4 were gmt_unix_time before TLS 1.3).',
  },
] as const satisfies readonly FieldSpec[];
const HANDSHAKE_BODY = {
  id: 'tls.handshake.body',
  label: 'Message body',
  kind: 'bytes',
  cite: HANDSHAKE,
  meaning:
    'The rest of the handshake message (cipher suites, extensions, certificates, key exchange values): framescope does not decode it.',
} as const satisfies FieldSpec;
const CCS_NODE = {
  id: 'tls.change_cipher_spec',
  label: 'Change Cipher Spec Message',
  kind: 'none',
  cite: CCS,
  meaning: 'One octet, 1: from the next record on, the sender protects its records with the keys just negotiated.',
} as const satisfies FieldSpec;
const ALERT_NODE = {
  id: 'tls.alert_message',
  label: 'Alert Message',
  kind: 'none',
  cite: ALERT,
  meaning: 'An alert: level and description in plaintext; once records are protected, an "Encrypted Alert".',
} as const satisfies FieldSpec;
export const TLS_ALERT_FIELDS = [
  {
    id: 'tls.alert_message.level',
    label: 'Level',
    kind: 'uint',
    at: 0,
    size: 1,
    cite: ALERT,
    values: ALERT_LEVELS,
    meaning: 'AlertLevel: 1 warning, 2 fatal (a fatal alert ends the connection).',
  },
  {
    id: 'tls.alert_message.desc',
    label: 'Description',
    kind: 'uint',
    at: 1,
    size: 1,
    cite: ALERT,
    values: ALERT_DESCRIPTIONS,
    meaning: 'AlertDescription: why (0 close_notify, 40 handshake_failure, 48 unknown_ca, …).',
  },
] as const satisfies readonly FieldSpec[];
const APP_DATA = {
  id: 'tls.app_data',
  label: 'Encrypted Application Data',
  kind: 'bytes',
  cite: PROTECTED,
  meaning:
    'The protected fragment of an application_data record: ciphertext and its integrity check, opaque without the session keys. On RDP it carries CredSSP and then RDP itself.',
} as const satisfies FieldSpec;
const HEARTBEAT_NODE = {
  id: 'tls.heartbeat_message',
  label: 'Heartbeat Message',
  kind: 'none',
  cite: HEARTBEAT,
  meaning: 'A heartbeat request or response (RFC 6520); shown whole, protected once the handshake is done.',
} as const satisfies FieldSpec;
const UNKNOWN_RECORD = {
  id: 'tls.ignored_unknown_record',
  label: 'Ignored Unknown Record',
  kind: 'bytes',
  cite: RECORD_13,
  meaning:
    'Bytes where a TLS record header should start but whose first octets are no content type and version a TLS record can have.',
} as const satisfies FieldSpec;

export const TLS_TABLE: ProtocolTable = {
  protocol: 'tls',
  name: 'Transport Layer Security',
  fields: [
    RECORD_NODE,
    ...TLS_RECORD_FIELDS,
    HANDSHAKE_NODE,
    ...TLS_HANDSHAKE_FIELDS,
    ...HELLO_FIELDS,
    HANDSHAKE_BODY,
    CCS_NODE,
    ALERT_NODE,
    ...TLS_ALERT_FIELDS,
    APP_DATA,
    HEARTBEAT_NODE,
    UNKNOWN_RECORD,
  ],
  layouts: [TLS_RECORD_FIELDS, TLS_HANDSHAKE_FIELDS, HELLO_FIELDS, TLS_ALERT_FIELDS],
};

const knownType = (type: number) => type >= CHANGE_CIPHER_SPEC && type <= HEARTBEAT_TYPE;

/**
 * The octets at `offset` can begin a TLS record: content type 20–24, major version 3, minor 0–4, and (when the header
 * is all here) a length no TLS version exceeds. Judged on the octets present, so a header cut by the segment's end
 * still counts.
 */
export function tlsRecordStarts(bytes: Bytes, offset: number, end: number): boolean {
  return (
    typeAndVersion(bytes, offset, end) &&
    (end - offset < TLS_RECORD_HEADER_LENGTH || uint(bytes, offset + 3, 2) <= TLS_MAX_FRAGMENT_LENGTH)
  );
}

/** Content type 20–24, major version 3, minor 0–4, as far as those octets are here. */
function typeAndVersion(bytes: Bytes, offset: number, end: number): boolean {
  const available = end - offset;
  if (available < 1 || !knownType(u8(bytes, offset))) return false;
  if (available >= 2 && u8(bytes, offset + 1) !== 3) return false;
  return available < 3 || u8(bytes, offset + 2) <= 4;
}

/** The whole record's length (header + fragment) from a header that is all here. */
export const tlsRecordLength = (bytes: Bytes, offset: number): number =>
  TLS_RECORD_HEADER_LENGTH + uint(bytes, offset + 3, 2);

/**
 * For a port that may carry TLS (RDP's 3389): a whole record header that can begin a record. Fewer than 5 octets are
 * too few to judge, and say nothing (false).
 */
const accepts = (bytes: Bytes, offset: number, end: number): boolean | string => {
  if (end - offset < TLS_RECORD_HEADER_LENGTH) return false;
  if (tlsRecordStarts(bytes, offset, end)) return true;
  return `its first octets 0x${hex(bytes, offset, 3)} begin no TLS record (content type 20–24, version 0x0300–0x0304)`;
};

/** Handshake messages tile [start, start + declared) exactly (judged on their headers, as far as the bytes go). */
function plaintextHandshake(bytes: Bytes, start: number, available: number, declared: number): boolean {
  if (declared < 4) return false;
  let at = 0;
  while (at < declared) {
    if (at + 4 > available) return at + 4 <= declared; // the rest is in a later segment: nothing contradicts it yet
    if (HANDSHAKE_TYPES[u8(bytes, start + at)] === undefined) return false;
    at += 4 + uint(bytes, start + at + 1, 3);
  }
  return at === declared;
}

/** What the records of one segment say, gathered as they are emitted. */
interface Records {
  /** Each record's Info text, in order. */
  readonly infos: string[];
  /** The version the first record header names. */
  recordVersion: number | undefined;
  /** The version the first hello names, which Wireshark's Protocol column follows. */
  helloVersion: number | undefined;
}

const [RECORD_TYPE, RECORD_VERSION, RECORD_LENGTH] = TLS_RECORD_FIELDS;
const [HANDSHAKE_TYPE_FIELD, HANDSHAKE_LENGTH] = TLS_HANDSHAKE_FIELDS;
const [HELLO_VERSION, HELLO_RANDOM] = HELLO_FIELDS;
const [ALERT_LEVEL, ALERT_DESCRIPTION] = TLS_ALERT_FIELDS;
const HANDSHAKE_HEADER_LENGTH = HANDSHAKE_LENGTH.at + HANDSHAKE_LENGTH.size;

/** Where the handshake message at `at` ends: where its length says, within `end`; `end` when its header is cut. */
const messageEnd = (bytes: Bytes, at: number, end: number): number =>
  at + HANDSHAKE_HEADER_LENGTH <= end
    ? Math.min(end, at + HANDSHAKE_HEADER_LENGTH + numberAt(HANDSHAKE_LENGTH, bytes, at))
    : end;

const handshakeName = (type: number): string => HANDSHAKE_TYPES[type] ?? `Handshake type ${type}`;

/** The names of the handshake messages in [start, end), for the Info column and the record's display. */
function handshakeNames(bytes: Bytes, start: number, end: number): string {
  let names = '';
  for (let at = start; at < end; at = messageEnd(bytes, at, end)) {
    const name = handshakeName(numberAt(HANDSHAKE_TYPE_FIELD, bytes, at));
    names = names ? `${names}, ${name}` : name;
  }
  return names;
}

/** The handshake messages in [start, end) as fields; a hello's version goes to `records`. */
function handshakeMessages(out: LayerSink, bytes: Bytes, start: number, end: number, records: Records): void {
  for (let at = start; at < end;) {
    const type = numberAt(HANDSHAKE_TYPE_FIELD, bytes, at);
    const next = messageEnd(bytes, at, end);
    out.open(HANDSHAKE_NODE, at, next - at, out.tree ? { display: handshakeName(type) } : undefined);
    if (out.fixed(TLS_HANDSHAKE_FIELDS, at, end) === undefined) {
      let bodyAt = at + HANDSHAKE_HEADER_LENGTH;
      if (type === CLIENT_HELLO || type === SERVER_HELLO) {
        const missing = out.fixed(HELLO_FIELDS, bodyAt, next);
        if (missing !== HELLO_VERSION) records.helloVersion ??= numberAt(HELLO_VERSION, bytes, bodyAt);
        // The version and the random, as far as they are here.
        bodyAt +=
          missing === HELLO_VERSION
            ? 0
            : missing === HELLO_RANDOM
              ? HELLO_VERSION.size
              : HELLO_RANDOM.at + HELLO_RANDOM.size;
      }
      if (bodyAt < next)
        out.field(HANDSHAKE_BODY, bodyAt, next - bodyAt, out.tree ? { display: `${next - bodyAt} bytes` } : undefined);
    }
    out.close();
    at = next;
  }
}

const ENCRYPTED_HANDSHAKE = 'Encrypted Handshake Message';
const ENCRYPTED_ALERT = 'Encrypted Alert';
const SHOWN_ENCRYPTED_HANDSHAKE = { display: ENCRYPTED_HANDSHAKE } as const;
const SHOWN_ENCRYPTED_ALERT = { display: ENCRYPTED_ALERT } as const;

/** What a record's fragment holds, decided from its header and the bytes here. */
type Content = 'handshake' | 'encrypted-handshake' | 'alert' | 'encrypted-alert' | 'ccs' | 'app-data' | 'heartbeat';

function contentOf(
  bytes: Bytes,
  type: number,
  protectedNow: boolean,
  bodyStart: number,
  available: number,
  declared: number,
): Content {
  switch (type) {
    case HANDSHAKE_TYPE:
      return !protectedNow && plaintextHandshake(bytes, bodyStart, available, declared)
        ? 'handshake'
        : 'encrypted-handshake';
    case ALERT_TYPE:
      return !protectedNow && declared === 2 && available === 2 ? 'alert' : 'encrypted-alert';
    case CHANGE_CIPHER_SPEC:
      return 'ccs';
    case APPLICATION_DATA:
      return 'app-data';
    default:
      return 'heartbeat';
  }
}

/** A plaintext alert's level and description, as named in its display and Info text. */
const alertLevel = (bytes: Bytes, at: number): string => {
  const level = numberAt(ALERT_LEVEL, bytes, at);
  return ALERT_LEVELS[level] ?? `level ${level}`;
};
const alertDescription = (bytes: Bytes, at: number): string => {
  const description = numberAt(ALERT_DESCRIPTION, bytes, at);
  return ALERT_DESCRIPTIONS[description] ?? `description ${description}`;
};

/** One record at `at` (its content type known, 20–24) as a field with its header and fragment; returns where it ends. */
function record(
  out: LayerSink,
  bytes: Bytes,
  at: number,
  end: number,
  protectedNow: boolean,
  records: Records,
): number {
  const type = numberAt(RECORD_TYPE, bytes, at);
  const typeName = CONTENT_TYPES[type]!;
  if (end - at < TLS_RECORD_HEADER_LENGTH) {
    // A header cut by the end of the segment: the rest of the record is in the next one.
    out.open(
      RECORD_NODE,
      at,
      end - at,
      out.tree
        ? {
            display: `${typeName} record, header cut by the end of the segment (${end - at} of 5 octets here; the rest follows in the next TCP segment)`,
          }
        : undefined,
    );
    out.fixed(TLS_RECORD_FIELDS, at, end);
    out.close();
    records.infos.push(typeName);
    return end;
  }
  const version = numberAt(RECORD_VERSION, bytes, at);
  const declared = numberAt(RECORD_LENGTH, bytes, at);
  const bodyStart = at + TLS_RECORD_HEADER_LENGTH;
  const overflow = declared > TLS_MAX_FRAGMENT_LENGTH;
  const bodyEnd = overflow ? end : Math.min(end, bodyStart + declared);
  const available = bodyEnd - bodyStart;
  const content = available > 0 ? contentOf(bytes, type, protectedNow, bodyStart, available, declared) : undefined;
  const info = infoOf(bytes, content, typeName, bodyStart, bodyEnd);
  records.infos.push(info);

  if (out.tree) {
    const cut =
      !overflow && available < declared
        ? ` (${available} of ${declared} fragment octets here; the rest follows in the next TCP segment)`
        : '';
    const display = `${COLUMN[version] ?? `version ${hexNumber(version, 4)}`}, ${contentDisplay(bytes, content, info, bodyStart)}${cut}`;
    out.open(RECORD_NODE, at, bodyEnd - at, { display });
  } else out.open(RECORD_NODE, at, bodyEnd - at);
  out.fixed(TLS_RECORD_FIELDS, at, end);
  if (overflow)
    out.problem(
      out.refOf(RECORD_LENGTH),
      problem(
        'error',
        'malformed',
        `TLS record length ${declared} exceeds 2^14 + 2048 (${TLS_MAX_FRAGMENT_LENGTH}), the most any TLS version allows: a receiver ends the connection with a record_overflow alert. The rest of the segment is shown in this record.`,
        { fieldId: RECORD_LENGTH.id, offset: at + RECORD_LENGTH.at, cite: CIPHERTEXT_LIMIT },
      ),
    );
  else if (declared === 0 && type !== APPLICATION_DATA)
    out.problem(
      out.refOf(RECORD_LENGTH),
      problem(
        'warning',
        'malformed',
        `A zero-length ${typeName} record: RFC 5246 §6.2.1 says implementations MUST NOT send zero-length fragments of Handshake, Alert or ChangeCipherSpec records (application data may be empty)`,
        { fieldId: RECORD_LENGTH.id, offset: at + RECORD_LENGTH.at, cite: RECORD },
      ),
    );

  switch (content) {
    case 'handshake':
      handshakeMessages(out, bytes, bodyStart, bodyEnd, records);
      break;
    case 'encrypted-handshake':
      out.field(HANDSHAKE_NODE, bodyStart, available, SHOWN_ENCRYPTED_HANDSHAKE);
      break;
    case 'alert':
      out.open(
        ALERT_NODE,
        bodyStart,
        2,
        out.tree ? { display: `${alertLevel(bytes, bodyStart)}, ${alertDescription(bytes, bodyStart)}` } : undefined,
      );
      out.fixed(TLS_ALERT_FIELDS, bodyStart, bodyEnd);
      out.close();
      break;
    case 'encrypted-alert':
      out.field(ALERT_NODE, bodyStart, available, SHOWN_ENCRYPTED_ALERT);
      break;
    case 'ccs':
      out.field(CCS_NODE, bodyStart, available);
      break;
    case 'app-data':
      out.field(APP_DATA, bodyStart, available, out.tree ? { display: `${available} bytes` } : undefined);
      break;
    case 'heartbeat':
      out.field(HEARTBEAT_NODE, bodyStart, available, out.tree ? { display: `${available} bytes` } : undefined);
      break;
    case undefined:
      break;
  }
  out.close();
  return bodyEnd;
}

/** A record's Info text: its handshake messages, its alert, or its content type. */
function infoOf(
  bytes: Bytes,
  content: Content | undefined,
  typeName: string,
  bodyStart: number,
  bodyEnd: number,
): string {
  switch (content) {
    case 'handshake':
      return handshakeNames(bytes, bodyStart, bodyEnd);
    case 'encrypted-handshake':
      return ENCRYPTED_HANDSHAKE;
    case 'alert':
      return `Alert (Level: ${alertLevel(bytes, bodyStart)}, Description: ${alertDescription(bytes, bodyStart)})`;
    case 'encrypted-alert':
      return ENCRYPTED_ALERT;
    default:
      return typeName;
  }
}

/** The protocol a record's display names with what it holds ("Handshake Protocol: Client Hello"). */
function contentDisplay(bytes: Bytes, content: Content | undefined, info: string, bodyStart: number): string {
  switch (content) {
    case 'handshake':
    case 'encrypted-handshake':
      return `Handshake Protocol: ${info}`;
    case 'alert':
      return `Alert Protocol: ${alertLevel(bytes, bodyStart)}, ${alertDescription(bytes, bodyStart)}`;
    case 'encrypted-alert':
      return `Alert Protocol: ${info}`;
    case 'ccs':
      return 'Change Cipher Spec Protocol: Change Cipher Spec';
    case 'app-data':
      return 'Application Data Protocol';
    case 'heartbeat':
      return 'Heartbeat Protocol';
    case undefined:
      return info;
  }
}

const dissect: Dissector = ({ bytes, offset, end, out }) => {
  const records: Records = { infos: [], recordVersion: undefined, helloVersion: undefined };
  let protectedNow = false;
  let at = offset;
  while (at < end) {
    // A length past the limit is still a record, flagged on its length field.
    if (!typeAndVersion(bytes, at, end)) {
      const unknown = out.field(UNKNOWN_RECORD, at, end - at, out.tree ? { display: `${end - at} bytes` } : undefined);
      out.problem(
        unknown,
        problem(
          'note',
          'undecoded',
          `These ${end - at} bytes do not begin a TLS record (first octets 0x${hex(bytes, at, Math.min(3, end - at))}; a record starts with content type 20–24 and version 0x0300–0x0304): the record boundaries are lost here (bytes not captured, or not TLS), so they are not decoded`,
          { fieldId: UNKNOWN_RECORD.id, offset: at, cite: RECORD_13 },
        ),
      );
      records.infos.push('Ignored Unknown Record');
      break;
    }
    if (end - at >= RECORD_VERSION.at + RECORD_VERSION.size)
      records.recordVersion ??= numberAt(RECORD_VERSION, bytes, at);
    const type = numberAt(RECORD_TYPE, bytes, at);
    at = record(out, bytes, at, end, protectedNow, records);
    if (type === CHANGE_CIPHER_SPEC) protectedNow = true;
  }
  // Wireshark names the version the session runs; a hello says it, else the record header does.
  const column = COLUMN[records.helloVersion ?? -1] ?? COLUMN[records.recordVersion ?? -1];
  return {
    problems: [],
    summary: `Transport Layer Security${column ? ` (${column})` : ''}`,
    info: records.infos.join(', '),
    ...(column ? { column } : {}),
    end,
  };
};

export const tls: Protocol = { protocol: 'tls', dissect, accepts };
