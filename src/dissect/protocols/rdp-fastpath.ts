// RDP fast-path PDUs, which replace the slow path's TPKT, X.224 and MCS headers with one bit-packed octet and a
// length: TS_FP_INPUT_PDU, client to server (MS-RDPBCGR 2.2.8.1.2), and TS_FP_UPDATE_PDU, server to client
// (2.2.9.1.2). They run on 3389 beside TPKTs when the connection uses Standard RDP Security; with TLS or CredSSP they
// travel inside TLS records and are not seen.
//
//   fpInputHeader / fpOutputHeader (1 octet), least significant bits first:
//     action (2 bits)      0 = fast-path; 3 = the octet is a TPKT's version (the slow path)
//     numEvents (4 bits)   input: events in the PDU (0: a numEvents octet follows); output: reserved
//     flags (2 bits)       0x1 secure checksum (salted MAC), 0x2 encrypted (an 8-octet MAC follows, the rest is encrypted)
//   length1 (1 octet)      high bit 0: the PDU's whole length (at most 127); high bit 1: 15 bits with length2
//   length2 (1 octet, optional)
//   fipsInformation (4, optional: FIPS encryption)  dataSignature (8, optional: encrypted)
//   numEvents (1, optional: input, header numEvents 0)  fpInputEvents / fpOutputUpdates (variable)
// Which side is the client is told by the port: the side on 3389 is the server (else the lower port).
import { cite } from '../cite';
import { field, withProblem } from '../build';
import type { Field } from '../model';
import type { Context, Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import { u8, uintLE, type Bytes } from '../reader';
import { problem, truncatedAt } from './common';

const INPUT = cite('MS-RDPBCGR', '2.2.8.1.2');
const UPDATE = cite('MS-RDPBCGR', '2.2.9.1.2');
const FIPS = cite('MS-RDPBCGR', '2.2.8.1.2.1');

const RDP_PORT = 3389;
const ACTION_FASTPATH = 0;
const FLAG_ENCRYPTED = 0x2;
const SIGNATURE_LENGTH = 8;
const FIPS_LENGTH = 4;
/** TS_FP_FIPS_INFO.length: "MUST be set to 0x0010 (16 bytes)"; version TSFIPS_VERSION1. */
const FIPS_HEADER_LENGTH = 0x10;
const FIPS_VERSION1 = 0x01;

const ACTIONS: Readonly<Record<number, string>> = {
  0: 'FASTPATH_ACTION_FASTPATH',
  3: 'FASTPATH_ACTION_X224 (a TPKT)',
};
const FLAGS: Readonly<Record<number, string>> = {
  0: 'none',
  1: 'secure checksum',
  2: 'encrypted',
  3: 'encrypted, secure checksum',
};

const flagsBits = (c: typeof INPUT): FieldSpec => ({
  id: 'rdp.fastpath.flags',
  label: 'Flags',
  kind: 'uint',
  mask: 0xc0,
  cite: c,
  values: FLAGS,
  meaning:
    'Security flags: 0x1 SECURE_CHECKSUM (the MAC was made with the salted technique), 0x2 ENCRYPTED (an 8-octet MAC signature follows and the rest of the PDU is encrypted).',
});
const actionBits = (c: typeof INPUT): FieldSpec => ({
  id: 'rdp.fastpath.action',
  label: 'Action',
  kind: 'uint',
  mask: 0x03,
  cite: c,
  values: ACTIONS,
  meaning: 'FASTPATH_ACTION_FASTPATH (0) for a fast-path PDU; 3 would make the octet a TPKT version (the slow path).',
});

const INPUT_HEADER: FieldSpec = {
  id: 'rdp.fastpath.header',
  label: 'Header',
  kind: 'hex',
  size: 1,
  cite: INPUT,
  meaning: 'fpInputHeader: security flags, number of events and action in one octet.',
  bits: [
    flagsBits(INPUT),
    {
      id: 'rdp.fastpath.numevents',
      label: 'Number of events',
      kind: 'uint',
      mask: 0x3c,
      cite: INPUT,
      meaning: 'Input events in the PDU (1–15); 0 means a numEvents octet after the header says how many.',
    },
    actionBits(INPUT),
  ],
};
const UPDATE_HEADER: FieldSpec = {
  id: 'rdp.fastpath.header',
  label: 'Header',
  kind: 'hex',
  size: 1,
  cite: UPDATE,
  meaning: 'fpOutputHeader: security flags, four unused bits and action in one octet.',
  bits: [
    flagsBits(UPDATE),
    {
      id: 'rdp.fastpath.reserved',
      label: 'Reserved',
      kind: 'hex',
      mask: 0x3c,
      reserved: true,
      cite: UPDATE,
      meaning: 'Four bits the update header leaves unused.',
    },
    actionBits(UPDATE),
  ],
};
const LENGTH: FieldSpec = {
  id: 'rdp.fastpathPDULength',
  label: 'PDU length',
  kind: 'uint',
  cite: INPUT,
  unit: 'bytes',
  meaning:
    "The whole PDU's length, header included: length1 alone when its high bit is 0 (up to 127), else the low 7 bits of length1 and the 8 bits of length2 (up to 32 767).",
};
const FIPS_FIELDS = [
  {
    id: 'rdp.fipsLength',
    label: 'FIPS header length',
    kind: 'uint',
    at: 0,
    size: 2,
    littleEndian: true,
    cite: FIPS,
    unit: 'bytes',
    meaning: 'TS_FP_FIPS_INFO.length: MUST be 16; present only when the server chose FIPS encryption.',
  },
  {
    id: 'rdp.fipsVersion',
    label: 'FIPS version',
    kind: 'hex',
    at: 2,
    size: 1,
    cite: FIPS,
    meaning: 'TSFIPS_VERSION1 (0x01).',
  },
  {
    id: 'rdp.padlen',
    label: 'Padding length',
    kind: 'uint',
    at: 3,
    size: 1,
    cite: FIPS,
    unit: 'bytes',
    meaning: 'Padding added before 3DES encryption to reach a multiple of 8 octets.',
  },
] as const satisfies readonly FieldSpec[];
const SIGNATURE: FieldSpec = {
  id: 'rdp.dataSignature',
  label: 'Data signature',
  kind: 'bytes',
  cite: INPUT,
  meaning: 'dataSignature: the 8-octet MAC of the unencrypted data, present when the ENCRYPTED flag is set.',
};
const NUM_EVENTS: FieldSpec = {
  id: 'rdp.fastpath.numevents2',
  label: 'Number of events',
  kind: 'uint',
  cite: INPUT,
  meaning: 'numEvents: the number of input events, present when the header says 0 (more than 15 events).',
};
const ENCRYPTED: FieldSpec = {
  id: 'rdp.encryptedData',
  label: 'Encrypted data',
  kind: 'bytes',
  cite: INPUT,
  meaning: "The PDU's events or updates, encrypted with the session's Standard RDP Security keys: opaque without them.",
};
const EVENTS: FieldSpec = {
  id: 'rdp.fastpath.events',
  label: 'Input events',
  kind: 'bytes',
  cite: INPUT,
  meaning: 'fpInputEvents: keyboard, mouse, synchronize and other input events (framescope does not decode them).',
};
const UPDATES: FieldSpec = {
  id: 'rdp.fastpath.updates',
  label: 'Updates',
  kind: 'bytes',
  cite: UPDATE,
  meaning: 'fpOutputUpdates: bitmap, pointer, orders and other updates (framescope does not decode them).',
};

export const RDP_FASTPATH_TABLE: ProtocolTable = {
  protocol: 'rdp',
  name: 'Remote Desktop Protocol (fast-path)',
  fields: [INPUT_HEADER, UPDATE_HEADER, LENGTH, ...FIPS_FIELDS, SIGNATURE, NUM_EVENTS, ENCRYPTED, EVENTS, UPDATES],
  layouts: [FIPS_FIELDS],
};

/** The length field's size: 2 octets when length1's high bit is set. */
const lengthSize = (bytes: Bytes, offset: number) => (u8(bytes, offset + 1) & 0x80 ? 2 : 1);

/** The PDU's declared length, from the 2 or 3 octets of header that are here; undefined when they are not. */
export function fastPathLength(bytes: Bytes, offset: number, end: number): number | undefined {
  if (end - offset < 2) return undefined;
  const first = u8(bytes, offset + 1);
  if (!(first & 0x80)) return first;
  return end - offset < 3 ? undefined : ((first & 0x7f) << 8) | u8(bytes, offset + 2);
}

/** The header octets before any optional field: 2, or 3 with a two-octet length. */
export const fastPathHeaderLength = (bytes: Bytes, offset: number): number => 1 + lengthSize(bytes, offset);

/**
 * A fast-path PDU can start at `offset`: action 0, and a length that covers at least its own header (and the MAC when
 * the encrypted flag is set).
 */
export function fastPathStarts(bytes: Bytes, offset: number, end: number): boolean {
  const length = fastPathLength(bytes, offset, end);
  if (length === undefined || (u8(bytes, offset) & 0x03) !== ACTION_FASTPATH) return false;
  const encrypted = (u8(bytes, offset) >> 6) & FLAG_ENCRYPTED;
  return length >= fastPathHeaderLength(bytes, offset) + (encrypted ? SIGNATURE_LENGTH : 0);
}

/**
 * Without the conversation (a lone frame, reassembly off), fast-path is the last guess on 3389 and one octet says
 * little: any octet with its two low bits clear could start one. So whole PDUs must fill the payload exactly, one after
 * another. The first segment of a PDU that spans segments, or the middle of one, is left as data with a note.
 */
const accepts = (bytes: Bytes, offset: number, end: number): boolean | string => {
  if (end - offset < 2) return false;
  if ((u8(bytes, offset) & 0x03) !== ACTION_FASTPATH) return 'its action bits are not 0 (fast-path)';
  let at = offset;
  while (at < end && fastPathStarts(bytes, at, end)) at += fastPathLength(bytes, at, end)!;
  return at === end || `no run of whole fast-path PDUs fills it (a PDU continued from or into another segment?)`;
};

/** The server is on 3389 (else on the lower port): updates flow from it, input to it. */
function fromServer(context: Context): boolean {
  const tcp = context.tcp;
  if (!tcp) return false;
  const server = tcp.srcport === RDP_PORT || tcp.dstport === RDP_PORT ? RDP_PORT : Math.min(tcp.srcport, tcp.dstport);
  return tcp.srcport === server && tcp.dstport !== server;
}

const looksLikeFips = (bytes: Bytes, at: number, end: number) =>
  end - at >= FIPS_LENGTH && uintLE(bytes, at, 2) === FIPS_HEADER_LENGTH && u8(bytes, at + 2) === FIPS_VERSION1;

const dissect: Dissector = ({ bytes, offset, end, context }) => {
  const output = fromServer(context);
  const kind = output ? 'Update' : 'Input';
  const summary = `Remote Desktop Protocol, Fast-Path ${kind} PDU`;
  const fields: Field[] = [field(output ? UPDATE_HEADER : INPUT_HEADER, bytes, offset, 1)];
  const header = u8(bytes, offset);
  const declared = fastPathLength(bytes, offset, end);
  if (declared === undefined) {
    const missing = end - offset < 2 ? 'length1' : 'length2';
    return {
      fields,
      problems: [
        truncatedAt({ ...LENGTH, at: 1, size: missing === 'length1' ? 1 : 2 }, offset, end, 'RDP fast-path header'),
      ],
      summary,
      end,
    };
  }
  const headerLength = fastPathHeaderLength(bytes, offset);
  let length = field(LENGTH, bytes, offset + 1, headerLength - 1, {
    value: declared,
    display: `${declared}${end - offset < declared ? ` (${end - offset} here; the rest follows in the next TCP segment)` : ''}`,
  });
  if (declared < headerLength)
    length = withProblem(
      length,
      problem(
        'error',
        'malformed',
        `Fast-path PDU length ${declared} is shorter than its own ${headerLength}-octet header: the length covers the whole PDU, header included. The rest of the segment is shown in this PDU.`,
        { fieldId: LENGTH.id, offset: offset + 1, cite: output ? UPDATE : INPUT },
      ),
    );
  fields.push(length);
  const pduEnd = declared < headerLength ? end : Math.min(end, offset + declared);
  let at = offset + headerLength;
  const encrypted = ((header >> 6) & FLAG_ENCRYPTED) !== 0;
  if (encrypted) {
    if (looksLikeFips(bytes, at, pduEnd)) {
      for (const spec of FIPS_FIELDS) fields.push(field(spec, bytes, at + spec.at, spec.size));
      at += FIPS_LENGTH;
    }
    const signature = Math.min(SIGNATURE_LENGTH, pduEnd - at);
    if (signature > 0) fields.push(field(SIGNATURE, bytes, at, signature));
    at += signature;
    if (at < pduEnd) fields.push(field(ENCRYPTED, bytes, at, pduEnd - at, { display: `${pduEnd - at} bytes` }));
  } else {
    if (!output && ((header >> 2) & 0x0f) === 0 && at < pduEnd) {
      fields.push(field(NUM_EVENTS, bytes, at, 1));
      at++;
    }
    if (at < pduEnd)
      fields.push(field(output ? UPDATES : EVENTS, bytes, at, pduEnd - at, { display: `${pduEnd - at} bytes` }));
  }
  const events = output ? undefined : (header >> 2) & 0x0f || undefined;
  return {
    fields,
    problems: [],
    summary,
    info: `Fast-Path ${kind} PDU${events ? `, ${events} event${events === 1 ? '' : 's'}` : ''}${encrypted ? ', encrypted' : ''}`,
    end: pduEnd,
  };
};

export const rdpFastPath: Protocol = { protocol: 'rdp', dissect, accepts, repeat: fastPathStarts };
