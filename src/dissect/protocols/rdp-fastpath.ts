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

const INPUT_HEADER = {
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
} as const satisfies FieldSpec;
const UPDATE_HEADER = {
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
} as const satisfies FieldSpec;
const LENGTH = {
  id: 'rdp.fastpathPDULength',
  label: 'PDU length',
  kind: 'uint',
  cite: INPUT,
  unit: 'bytes',
  meaning:
    "The whole PDU's length, header included: length1 alone when its high bit is 0 (up to 127), else the low 7 bits of length1 and the 8 bits of length2 (up to 32 767).",
} as const satisfies FieldSpec;
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
const SIGNATURE = {
  id: 'rdp.dataSignature',
  label: 'Data signature',
  kind: 'bytes',
  cite: INPUT,
  meaning: 'dataSignature: the 8-octet MAC of the unencrypted data, present when the ENCRYPTED flag is set.',
} as const satisfies FieldSpec;
const NUM_EVENTS = {
  id: 'rdp.fastpath.numevents2',
  label: 'Number of events',
  kind: 'uint',
  cite: INPUT,
  meaning: 'numEvents: the number of input events, present when the header says 0 (more than 15 events).',
} as const satisfies FieldSpec;
const ENCRYPTED = {
  id: 'rdp.encryptedData',
  label: 'Encrypted data',
  kind: 'bytes',
  cite: INPUT,
  meaning: "The PDU's events or updates, encrypted with the session's Standard RDP Security keys: opaque without them.",
} as const satisfies FieldSpec;
const EVENTS = {
  id: 'rdp.fastpath.events',
  label: 'Input events',
  kind: 'bytes',
  cite: INPUT,
  meaning: 'fpInputEvents: keyboard, mouse, synchronize and other input events (framescope does not decode them).',
} as const satisfies FieldSpec;
const UPDATES = {
  id: 'rdp.fastpath.updates',
  label: 'Updates',
  kind: 'bytes',
  cite: UPDATE,
  meaning: 'fpOutputUpdates: bitmap, pointer, orders and other updates (framescope does not decode them).',
} as const satisfies FieldSpec;

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

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  const output = fromServer(context);
  const kind = output ? 'Update' : 'Input';
  const summary = `Remote Desktop Protocol, Fast-Path ${kind} PDU`;
  out.field(output ? UPDATE_HEADER : INPUT_HEADER, offset, 1);
  const header = u8(bytes, offset);
  const declared = fastPathLength(bytes, offset, end);
  if (declared === undefined) {
    const missing = end - offset < 2 ? 'length1' : 'length2';
    return {
      problems: [
        truncatedAt({ ...LENGTH, at: 1, size: missing === 'length1' ? 1 : 2 }, offset, end, 'RDP fast-path header'),
      ],
      summary,
      end,
    };
  }
  const headerLength = fastPathHeaderLength(bytes, offset);
  // The length is 15 bits over one or two octets: its value is given, not read from the span.
  const length = out.field(
    LENGTH,
    offset + 1,
    headerLength - 1,
    out.tree
      ? {
          value: declared,
          display: `${declared}${end - offset < declared ? ` (${end - offset} here; the rest follows in the next TCP segment)` : ''}`,
        }
      : { value: declared },
  );
  if (declared < headerLength)
    out.problem(
      length,
      problem(
        'error',
        'malformed',
        `Fast-path PDU length ${declared} is shorter than its own ${headerLength}-octet header: the length covers the whole PDU, header included. The rest of the segment is shown in this PDU.`,
        { fieldId: LENGTH.id, offset: offset + 1, cite: output ? UPDATE : INPUT },
      ),
    );
  const pduEnd = declared < headerLength ? end : Math.min(end, offset + declared);
  let at = offset + headerLength;
  const encrypted = ((header >> 6) & FLAG_ENCRYPTED) !== 0;
  if (encrypted) {
    if (looksLikeFips(bytes, at, pduEnd)) {
      out.fixed(FIPS_FIELDS, at, pduEnd);
      at += FIPS_LENGTH;
    }
    const signature = Math.min(SIGNATURE_LENGTH, pduEnd - at);
    if (signature > 0) out.field(SIGNATURE, at, signature);
    at += signature;
    if (at < pduEnd) out.field(ENCRYPTED, at, pduEnd - at, out.tree ? { display: `${pduEnd - at} bytes` } : undefined);
  } else {
    if (!output && ((header >> 2) & 0x0f) === 0 && at < pduEnd) {
      out.field(NUM_EVENTS, at, 1);
      at++;
    }
    if (at < pduEnd)
      out.field(output ? UPDATES : EVENTS, at, pduEnd - at, out.tree ? { display: `${pduEnd - at} bytes` } : undefined);
  }
  const events = output ? undefined : (header >> 2) & 0x0f || undefined;
  return {
    problems: [],
    summary,
    info: `Fast-Path ${kind} PDU${events ? `, ${events} event${events === 1 ? '' : 's'}` : ''}${encrypted ? ', encrypted' : ''}`,
    end: pduEnd,
  };
};

export const rdpFastPath: Protocol = { protocol: 'rdp', dissect, accepts, repeat: fastPathStarts };
