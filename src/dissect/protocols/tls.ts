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
import { field, readFixed, withProblem } from '../build';
import type { Field, Problem } from '../model';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
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

const RECORD_NODE: FieldSpec = {
  id: 'tls.record',
  label: 'Record Layer',
  kind: 'none',
  cite: RECORD_13,
  meaning: 'One TLS record: a 5-octet header (content type, version, length) and the fragment it announces.',
};
const HANDSHAKE_NODE: FieldSpec = {
  id: 'tls.handshake',
  label: 'Handshake Protocol',
  kind: 'none',
  cite: HANDSHAKE,
  meaning:
    'A handshake message (type, length, body); after ChangeCipherSpec the handshake records are protected and shown whole as "Encrypted Handshake Message".',
};
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
const HANDSHAKE_BODY: FieldSpec = {
  id: 'tls.handshake.body',
  label: 'Message body',
  kind: 'bytes',
  cite: HANDSHAKE,
  meaning:
    'The rest of the handshake message (cipher suites, extensions, certificates, key exchange values): framescope does not decode it.',
};
const CCS_NODE: FieldSpec = {
  id: 'tls.change_cipher_spec',
  label: 'Change Cipher Spec Message',
  kind: 'none',
  cite: CCS,
  meaning: 'One octet, 1: from the next record on, the sender protects its records with the keys just negotiated.',
};
const ALERT_NODE: FieldSpec = {
  id: 'tls.alert_message',
  label: 'Alert Message',
  kind: 'none',
  cite: ALERT,
  meaning: 'An alert: level and description in plaintext; once records are protected, an "Encrypted Alert".',
};
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
const APP_DATA: FieldSpec = {
  id: 'tls.app_data',
  label: 'Encrypted Application Data',
  kind: 'bytes',
  cite: PROTECTED,
  meaning:
    'The protected fragment of an application_data record: ciphertext and its integrity check, opaque without the session keys. On RDP it carries CredSSP and then RDP itself.',
};
const HEARTBEAT_NODE: FieldSpec = {
  id: 'tls.heartbeat_message',
  label: 'Heartbeat Message',
  kind: 'none',
  cite: HEARTBEAT,
  meaning: 'A heartbeat request or response (RFC 6520); shown whole, protected once the handshake is done.',
};
const UNKNOWN_RECORD: FieldSpec = {
  id: 'tls.ignored_unknown_record',
  label: 'Ignored Unknown Record',
  kind: 'bytes',
  cite: RECORD_13,
  meaning:
    'Bytes where a TLS record header should start but whose first octets are no content type and version a TLS record can have.',
};

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

interface RecordOut {
  readonly node: Field;
  readonly info: string;
  /** The version a hello names, which Wireshark's Protocol column follows. */
  readonly helloVersion?: number;
}

function handshakeMessages(
  bytes: Bytes,
  start: number,
  end: number,
): { fields: Field[]; names: string[]; hello?: number } {
  const fields: Field[] = [];
  const names: string[] = [];
  let hello: number | undefined;
  let at = start;
  while (at < end) {
    const header = readFixed(TLS_HANDSHAKE_FIELDS, bytes, at, end);
    const children = [...header.fields];
    const type = u8(bytes, at);
    const name = HANDSHAKE_TYPES[type] ?? `Handshake type ${type}`;
    names.push(name);
    let messageEnd = end;
    if (!header.missing) {
      messageEnd = Math.min(end, at + 4 + uint(bytes, at + 1, 3));
      let bodyAt = at + 4;
      if (type === CLIENT_HELLO || type === SERVER_HELLO) {
        const version = readFixed(HELLO_FIELDS, bytes, bodyAt, messageEnd);
        children.push(...version.fields);
        if (version.fields.length > 0) hello ??= uint(bytes, bodyAt, 2);
        bodyAt += version.fields.reduce((n, f) => n + f.length, 0);
      }
      if (bodyAt < messageEnd)
        children.push(
          field(HANDSHAKE_BODY, bytes, bodyAt, messageEnd - bodyAt, { display: `${messageEnd - bodyAt} bytes` }),
        );
    }
    fields.push(field(HANDSHAKE_NODE, bytes, at, messageEnd - at, { display: name, children }));
    at = messageEnd;
  }
  return { fields, names, ...(hello !== undefined ? { hello } : {}) };
}

function record(bytes: Bytes, at: number, end: number, protectedNow: boolean): RecordOut {
  const header = readFixed(TLS_RECORD_FIELDS, bytes, at, end);
  const children: Field[] = [...header.fields];
  const type = u8(bytes, at);
  const typeName = CONTENT_TYPES[type]!;
  if (header.missing) {
    // A header cut by the end of the segment: the rest of the record is in the next one.
    const node = field(RECORD_NODE, bytes, at, end - at, {
      display: `${typeName} record, header cut by the end of the segment (${end - at} of 5 octets here; the rest follows in the next TCP segment)`,
      children,
    });
    return { node, info: typeName };
  }
  const version = uint(bytes, at + 1, 2);
  const declared = uint(bytes, at + 3, 2);
  const bodyStart = at + TLS_RECORD_HEADER_LENGTH;
  const overflow = declared > TLS_MAX_FRAGMENT_LENGTH;
  const bodyEnd = overflow ? end : Math.min(end, bodyStart + declared);
  const available = bodyEnd - bodyStart;
  const problems: Problem[] = [];
  if (overflow)
    problems.push(
      problem(
        'error',
        'malformed',
        `TLS record length ${declared} exceeds 2^14 + 2048 (${TLS_MAX_FRAGMENT_LENGTH}), the most any TLS version allows: a receiver ends the connection with a record_overflow alert. The rest of the segment is shown in this record.`,
        { fieldId: 'tls.record.length', offset: at + 3, cite: CIPHERTEXT_LIMIT },
      ),
    );
  else if (declared === 0 && type !== APPLICATION_DATA)
    problems.push(
      problem(
        'warning',
        'malformed',
        `A zero-length ${typeName} record: RFC 5246 §6.2.1 says implementations MUST NOT send zero-length fragments of Handshake, Alert or ChangeCipherSpec records (application data may be empty)`,
        { fieldId: 'tls.record.length', offset: at + 3, cite: RECORD },
      ),
    );
  if (problems.length > 0) children[2] = problems.reduce(withProblem, children[2]!);

  let info: string = typeName;
  let content = typeName;
  let hello: number | undefined;
  if (available > 0) {
    if (type === HANDSHAKE_TYPE && !protectedNow && plaintextHandshake(bytes, bodyStart, available, declared)) {
      const messages = handshakeMessages(bytes, bodyStart, bodyEnd);
      children.push(...messages.fields);
      info = messages.names.join(', ');
      content = `Handshake Protocol: ${info}`;
      hello = messages.hello;
    } else if (type === HANDSHAKE_TYPE) {
      info = 'Encrypted Handshake Message';
      content = `Handshake Protocol: ${info}`;
      children.push(field(HANDSHAKE_NODE, bytes, bodyStart, available, { display: info }));
    } else if (type === ALERT_TYPE && !protectedNow && declared === 2 && available === 2) {
      const levels = readFixed(TLS_ALERT_FIELDS, bytes, bodyStart, bodyEnd).fields;
      const level = ALERT_LEVELS[u8(bytes, bodyStart)] ?? `level ${u8(bytes, bodyStart)}`;
      const description = ALERT_DESCRIPTIONS[u8(bytes, bodyStart + 1)] ?? `description ${u8(bytes, bodyStart + 1)}`;
      info = `Alert (Level: ${level}, Description: ${description})`;
      content = `Alert Protocol: ${level}, ${description}`;
      children.push(field(ALERT_NODE, bytes, bodyStart, 2, { display: `${level}, ${description}`, children: levels }));
    } else if (type === ALERT_TYPE) {
      info = 'Encrypted Alert';
      content = `Alert Protocol: ${info}`;
      children.push(field(ALERT_NODE, bytes, bodyStart, available, { display: info }));
    } else if (type === CHANGE_CIPHER_SPEC) {
      content = 'Change Cipher Spec Protocol: Change Cipher Spec';
      children.push(field(CCS_NODE, bytes, bodyStart, available));
    } else if (type === APPLICATION_DATA) {
      content = 'Application Data Protocol';
      children.push(field(APP_DATA, bytes, bodyStart, available, { display: `${available} bytes` }));
    } else {
      content = 'Heartbeat Protocol';
      children.push(field(HEARTBEAT_NODE, bytes, bodyStart, available, { display: `${available} bytes` }));
    }
  }
  const cut =
    !overflow && available < declared
      ? ` (${available} of ${declared} fragment octets here; the rest follows in the next TCP segment)`
      : '';
  const node = field(RECORD_NODE, bytes, at, bodyEnd - at, {
    display: `${COLUMN[version] ?? `version ${hexNumber(version, 4)}`}, ${content}${cut}`,
    children,
  });
  return { node, info, ...(hello !== undefined ? { helloVersion: hello } : {}) };
}

const dissect: Dissector = ({ bytes, offset, end }) => {
  const fields: Field[] = [];
  const infos: string[] = [];
  let recordVersion: number | undefined;
  let helloVersion: number | undefined;
  let protectedNow = false;
  let at = offset;
  while (at < end) {
    const type = u8(bytes, at);
    // A length past the limit is still a record, flagged on its length field.
    if (!typeAndVersion(bytes, at, end)) {
      const unknown = field(UNKNOWN_RECORD, bytes, at, end - at, { display: `${end - at} bytes` });
      fields.push(
        withProblem(
          unknown,
          problem(
            'note',
            'undecoded',
            `These ${end - at} bytes do not begin a TLS record (first octets 0x${hex(bytes, at, Math.min(3, end - at))}; a record starts with content type 20–24 and version 0x0300–0x0304): the record boundaries are lost here (bytes not captured, or not TLS), so they are not decoded`,
            { fieldId: UNKNOWN_RECORD.id, offset: at, cite: RECORD_13 },
          ),
        ),
      );
      infos.push('Ignored Unknown Record');
      break;
    }
    const out = record(bytes, at, end, protectedNow);
    fields.push(out.node);
    infos.push(out.info);
    if (type === CHANGE_CIPHER_SPEC) protectedNow = true;
    if (end - at >= 3) recordVersion ??= uint(bytes, at + 1, 2);
    helloVersion ??= out.helloVersion;
    at += Math.max(out.node.length, 1);
  }
  // Wireshark names the version the session runs; a hello says it, else the record header does.
  const column = COLUMN[helloVersion ?? -1] ?? COLUMN[recordVersion ?? -1];
  return {
    fields,
    problems: [],
    summary: `Transport Layer Security${column ? ` (${column})` : ''}`,
    info: infos.join(', '),
    ...(column ? { column } : {}),
    end,
  };
};

export const tls: Protocol = { protocol: 'tls', dissect, accepts };
