// RDP's connection negotiation, carried inside the X.224 (COTP) CR and CC on TCP 3389 — not as ISO 8073 parameters
// but as raw bytes that the TPDU's length indicator counts (MS-RDPBCGR 2.2.1.1, 2.2.1.2):
//
//   CR: [routingToken or "Cookie: mstshash=IDENTIFIER" CR LF] [RDP_NEG_REQ (8) [RDP_NEG_CORRELATION_INFO (36)]]
//   CC: [RDP_NEG_RSP (8) | RDP_NEG_FAILURE (8)]
//
//   RDP_NEG_* : type(1) flags(1) length(2, little-endian, = 8) value(4, little-endian)
// Integers here are little-endian. Flag bits are shown on the one octet that holds them.
import type { FieldId } from '../field-ids';
import { cite } from '../cite';
import { compiled, numberAt } from '../build';
import type { Problem } from '../model';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import { text, type Bytes } from '../reader';
import type { LayerSink } from '../sink';
import { problem } from './common';

const CR_PDU = cite('MS-RDPBCGR', '2.2.1.1');
const NEG_REQ = cite('MS-RDPBCGR', '2.2.1.1.1');
const CORRELATION = cite('MS-RDPBCGR', '2.2.1.1.2');
const NEG_RSP = cite('MS-RDPBCGR', '2.2.1.2.1');
const NEG_FAILURE = cite('MS-RDPBCGR', '2.2.1.2.2');

const TYPE_NEG_REQ = 0x01;
const TYPE_NEG_RSP = 0x02;
const TYPE_NEG_FAILURE = 0x03;
const TYPE_CORRELATION_INFO = 0x06;

const NEG_TYPES: Readonly<Record<number, string>> = {
  [TYPE_NEG_REQ]: 'RDP Negotiation Request',
  [TYPE_NEG_RSP]: 'RDP Negotiation Response',
  [TYPE_NEG_FAILURE]: 'RDP Negotiation Failure',
  [TYPE_CORRELATION_INFO]: 'RDP Correlation Info',
};
const PROTOCOLS: Readonly<Record<number, string>> = {
  0: 'PROTOCOL_RDP (standard RDP security)',
  1: 'PROTOCOL_SSL (TLS)',
  2: 'PROTOCOL_HYBRID (CredSSP)',
  4: 'PROTOCOL_RDSTLS',
  8: 'PROTOCOL_HYBRID_EX (CredSSP + early user authorization)',
};
const FAILURE_CODES: Readonly<Record<number, string>> = {
  1: 'SSL_REQUIRED_BY_SERVER',
  2: 'SSL_NOT_ALLOWED_BY_SERVER',
  3: 'SSL_CERT_NOT_ON_SERVER',
  4: 'INCONSISTENT_FLAGS',
  5: 'HYBRID_REQUIRED_BY_SERVER',
  6: 'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER',
};

const COOKIE = {
  id: 'rdp.rt_cookie',
  label: 'Routing Token/Cookie',
  kind: 'text',
  cite: CR_PDU,
  meaning:
    'Optional routing token, or the text "Cookie: mstshash=IDENTIFIER" (often the user name), ended by CR LF; load balancers read it, the server ignores it.',
} as const satisfies FieldSpec;
const COOKIE_END = {
  id: 'rdp.rt_cookie_terminator',
  label: 'CR LF',
  kind: 'bytes',
  cite: CR_PDU,
  meaning: 'The carriage return and line feed that end the routing token or cookie.',
} as const satisfies FieldSpec;
const NEG_TYPE = {
  id: 'rdp.neg_type',
  label: 'Type',
  kind: 'hex',
  at: 0,
  size: 1,
  cite: NEG_REQ,
  values: NEG_TYPES,
  meaning: 'Which negotiation structure this is: 0x01 request, 0x02 response, 0x03 failure, 0x06 correlation info.',
} as const satisfies FieldSpec;
const NEG_LENGTH = {
  id: 'rdp.neg_length',
  label: 'Length',
  kind: 'uint',
  at: 2,
  size: 2,
  littleEndian: true,
  cite: NEG_REQ,
  unit: 'bytes',
  meaning: 'Size of the structure; MUST be 8 (36 for correlation info).',
} as const satisfies FieldSpec;
const REQ_FLAGS = {
  id: 'rdp.negReq.flags',
  label: 'Flags',
  kind: 'hex',
  at: 1,
  size: 1,
  cite: NEG_REQ,
  meaning: 'Request flags.',
  bits: [
    {
      id: 'rdp.negReq.flags.restricted_admin_mode_req',
      label: 'Restricted admin mode required',
      kind: 'flag',
      mask: 0x01,
      cite: NEG_REQ,
      meaning: 'RESTRICTED_ADMIN_MODE_REQUIRED: the client requires restricted admin mode.',
    },
    {
      id: 'rdp.negReq.flags.redirected_auth_req',
      label: 'Redirected authentication required',
      kind: 'flag',
      mask: 0x02,
      cite: NEG_REQ,
      meaning: 'REDIRECTED_AUTHENTICATION_MODE_REQUIRED.',
    },
    {
      id: 'rdp.negReq.flags.correlation_info_present',
      label: 'Correlation info present',
      kind: 'flag',
      mask: 0x08,
      cite: NEG_REQ,
      meaning: 'CORRELATION_INFO_PRESENT: an RDP_NEG_CORRELATION_INFO structure follows.',
    },
  ],
} as const satisfies FieldSpec;
const protocolBit = (id: FieldId, label: string, mask: number, c = NEG_REQ): FieldSpec => ({
  id,
  label,
  kind: 'flag',
  at: 0,
  size: 1,
  mask,
  cite: c,
  meaning: `${label}.`,
});
const REQUESTED = {
  id: 'rdp.negReq.requestedProtocols',
  label: 'requestedProtocols',
  kind: 'hex',
  at: 4,
  size: 4,
  littleEndian: true,
  cite: NEG_REQ,
  meaning: 'Security protocols the client supports (flags; 0 = standard RDP security only).',
  bits: [
    protocolBit('rdp.negReq.requestedProtocols.ssl', 'TLS security supported', 0x01),
    protocolBit('rdp.negReq.requestedProtocols.hybrid', 'CredSSP supported', 0x02),
    protocolBit('rdp.negReq.requestedProtocols.rdstls', 'RDSTLS supported', 0x04),
    protocolBit(
      'rdp.negReq.requestedProtocols.hybrid_ex',
      'CredSSP with Early User Authorization Result PDU supported',
      0x08,
    ),
  ],
} as const satisfies FieldSpec;
const RSP_FLAGS = {
  id: 'rdp.negRsp.flags',
  label: 'Flags',
  kind: 'hex',
  at: 1,
  size: 1,
  cite: NEG_RSP,
  meaning: 'Response flags.',
  bits: [
    {
      id: 'rdp.negRsp.flags.extended_client_data_supported',
      label: 'Extended Client Data Blocks supported',
      kind: 'flag',
      mask: 0x01,
      cite: NEG_RSP,
      meaning: 'EXTENDED_CLIENT_DATA_SUPPORTED.',
    },
    {
      id: 'rdp.negRsp.flags.dynvc_gfx_protocol_supported',
      label: 'Graphics Pipeline Extension Protocol supported',
      kind: 'flag',
      mask: 0x02,
      cite: NEG_RSP,
      meaning: 'DYNVC_GFX_PROTOCOL_SUPPORTED.',
    },
    {
      id: 'rdp.negRsp.flags.restricted_admin_mode_supported',
      label: 'Restricted admin mode supported',
      kind: 'flag',
      mask: 0x08,
      cite: NEG_RSP,
      meaning: 'RESTRICTED_ADMIN_MODE_SUPPORTED.',
    },
    {
      id: 'rdp.negRsp.flags.restricted_authentication_mode_supported',
      label: 'Restricted authentication mode supported',
      kind: 'flag',
      mask: 0x10,
      cite: NEG_RSP,
      meaning: 'REDIRECTED_AUTHENTICATION_MODE_SUPPORTED.',
    },
  ],
} as const satisfies FieldSpec;
const SELECTED = {
  id: 'rdp.negReq.selectedProtocol',
  label: 'selectedProtocol',
  kind: 'hex',
  at: 4,
  size: 4,
  littleEndian: true,
  cite: NEG_RSP,
  values: PROTOCOLS,
  meaning: 'The security protocol the server selected.',
} as const satisfies FieldSpec;
const FAIL_FLAGS = {
  id: 'rdp.negFailure.flags',
  label: 'Flags',
  kind: 'hex',
  at: 1,
  size: 1,
  cite: NEG_FAILURE,
  meaning: 'No flags are defined; MUST be 0.',
} as const satisfies FieldSpec;
const FAILURE = {
  id: 'rdp.negFailure.failureCode',
  label: 'failureCode',
  kind: 'hex',
  at: 4,
  size: 4,
  littleEndian: true,
  cite: NEG_FAILURE,
  values: FAILURE_CODES,
  meaning: "Why the server refused the client's security protocols.",
} as const satisfies FieldSpec;
const CORR_FLAGS = {
  id: 'rdp.correlationInfo.flags',
  label: 'Flags',
  kind: 'hex',
  at: 1,
  size: 1,
  cite: CORRELATION,
  meaning: 'No flags are defined; MUST be 0.',
} as const satisfies FieldSpec;
const CORR_ID = {
  id: 'rdp.correlationInfo.correlationId',
  label: 'correlationId',
  kind: 'bytes',
  at: 4,
  size: 16,
  cite: CORRELATION,
  meaning: 'Identifier that lets server-side diagnostics follow this connection.',
} as const satisfies FieldSpec;
const CORR_RESERVED = {
  id: 'rdp.correlationInfo.reserved',
  label: 'Reserved',
  kind: 'bytes',
  at: 20,
  size: 16,
  reserved: true,
  cite: CORRELATION,
  meaning: 'Reserved; MUST be zero.',
} as const satisfies FieldSpec;
const NEG = {
  id: 'rdp.negotiation',
  label: 'Negotiation',
  kind: 'none',
  cite: NEG_REQ,
  meaning: 'One RDP negotiation structure: type, flags, length and value.',
} as const satisfies FieldSpec;
const TRAILING = {
  id: 'rdp.undecoded',
  label: 'Undecoded bytes',
  kind: 'bytes',
  cite: CR_PDU,
  meaning: 'Bytes in the X.224 header after the RDP negotiation structures.',
} as const satisfies FieldSpec;

/** Each negotiation structure's layout (MS-RDPBCGR 2.2.1.1.1, 2.2.1.1.2, 2.2.1.2.1, 2.2.1.2.2), by its type. */
const REQUEST = [NEG_TYPE, REQ_FLAGS, NEG_LENGTH, REQUESTED] as const satisfies readonly FieldSpec[];
const RESPONSE = [NEG_TYPE, RSP_FLAGS, NEG_LENGTH, SELECTED] as const satisfies readonly FieldSpec[];
const FAILURE_LAYOUT = [NEG_TYPE, FAIL_FLAGS, NEG_LENGTH, FAILURE] as const satisfies readonly FieldSpec[];
const CORRELATION_LAYOUT = [
  NEG_TYPE,
  CORR_FLAGS,
  NEG_LENGTH,
  CORR_ID,
  CORR_RESERVED,
] as const satisfies readonly FieldSpec[];
const LAYOUTS: Readonly<Record<number, readonly FieldSpec[]>> = {
  [TYPE_NEG_REQ]: REQUEST,
  [TYPE_NEG_RSP]: RESPONSE,
  [TYPE_NEG_FAILURE]: FAILURE_LAYOUT,
  [TYPE_CORRELATION_INFO]: CORRELATION_LAYOUT,
};

export const RDP_TABLE: ProtocolTable = {
  protocol: 'rdp',
  name: 'Remote Desktop Protocol (X.224 connection negotiation)',
  fields: [
    COOKIE,
    COOKIE_END,
    NEG,
    NEG_TYPE,
    REQ_FLAGS,
    RSP_FLAGS,
    FAIL_FLAGS,
    CORR_FLAGS,
    NEG_LENGTH,
    REQUESTED,
    SELECTED,
    FAILURE,
    CORR_ID,
    CORR_RESERVED,
    TRAILING,
  ],
  layouts: [REQUEST, RESPONSE, FAILURE_LAYOUT, CORRELATION_LAYOUT],
};

const NEG_SIZE = 8;
const CORRELATION_SIZE = 36;
const CR = 0x0d;
const LF = 0x0a;

function cookieEnd(bytes: Bytes, offset: number, end: number): number | undefined {
  for (let i = offset; i + 1 < end; i++) if (bytes[i] === CR && bytes[i + 1] === LF) return i + 2;
  return undefined;
}

function startsWithText(bytes: Bytes, offset: number, end: number, textValue: string): boolean {
  if (end - offset < textValue.length) return false;
  for (let i = 0; i < textValue.length; i++) if (bytes[offset + i] !== textValue.charCodeAt(i)) return false;
  return true;
}

/** A whole negotiation structure at `at`: known type and its little-endian length matching. */
function negotiationAt(bytes: Bytes, at: number, end: number): boolean {
  if (end - at < NEG_SIZE) return false;
  const type = numberAt(NEG_TYPE, bytes, at);
  const length = numberAt(NEG_LENGTH, bytes, at);
  const known =
    (type >= TYPE_NEG_REQ && type <= TYPE_NEG_FAILURE && length === NEG_SIZE) ||
    (type === TYPE_CORRELATION_INFO && length === CORRELATION_SIZE);
  // All of it inside the X.224 header: a correlation info cut short is left as undecoded bytes.
  return known && end - at >= length;
}

/** The variable part of a CR/CC is RDP's when it starts with a cookie/routing token or a negotiation structure. */
export function looksLikeRdpNegotiation(bytes: Bytes, offset: number, end: number): boolean {
  if (startsWithText(bytes, offset, end, 'Cookie: ')) return cookieEnd(bytes, offset, end) !== undefined;
  return negotiationAt(bytes, offset, end);
}

/** How the field of a fixed-layout `spec` shows where its layout starts at `base` ("PROTOCOL_SSL (TLS) (0x00000001)"). */
function shownAt(spec: FieldSpec, bytes: Bytes, base: number): string {
  const c = compiled(spec);
  return c.display(c.value(bytes, base + spec.at!, spec.size!), spec.size!);
}

/** One negotiation structure at `at` (negotiationAt said so) as a field with its parts; returns its size. */
function negotiation(out: LayerSink, bytes: Bytes, at: number, problems: Problem[]): number {
  const type = numberAt(NEG_TYPE, bytes, at);
  const layout = LAYOUTS[type]!;
  const size = type === TYPE_CORRELATION_INFO ? CORRELATION_SIZE : NEG_SIZE;
  // The structure shows as its name and its last part.
  if (out.tree)
    out.open(NEG, at, size, { display: `${NEG_TYPES[type]!}: ${shownAt(layout[layout.length - 1]!, bytes, at)}` });
  else out.open(NEG, at, size);
  out.fixed(layout, at, at + size);
  const reservedAt = at + CORR_RESERVED.at;
  if (
    type === TYPE_CORRELATION_INFO &&
    !bytes.subarray(reservedAt, reservedAt + CORR_RESERVED.size).every((b) => b === 0)
  )
    out.problem(
      out.refOf(CORR_RESERVED),
      problem(
        'warning',
        'reserved-nonzero',
        'Correlation info reserved bytes are not zero: MS-RDPBCGR 2.2.1.1.2 says they MUST be',
        { fieldId: CORR_RESERVED.id, offset: reservedAt, cite: CORRELATION },
      ),
    );
  out.close();
  if (type === TYPE_NEG_FAILURE)
    problems.push(
      problem(
        'note',
        'unexpected-value',
        `The server refused the client's security protocols: ${shownAt(FAILURE, bytes, at)}`,
        { fieldId: FAILURE.id, offset: at + FAILURE.at, cite: NEG_FAILURE },
      ),
    );
  return size;
}

const dissect: Dissector = ({ bytes, offset, end, out }) => {
  const problems: Problem[] = [];
  let at = offset;
  let info = '';
  const tokenEnd = startsWithText(bytes, at, end, 'Cookie: ') ? cookieEnd(bytes, at, end) : undefined;
  if (tokenEnd !== undefined) {
    out.field(COOKIE, at, tokenEnd - 2 - at);
    out.field(COOKIE_END, tokenEnd - 2, 2);
    info = text(bytes, at, tokenEnd - 2 - at);
    at = tokenEnd;
  }
  while (negotiationAt(bytes, at, end)) {
    const name = NEG_TYPES[numberAt(NEG_TYPE, bytes, at)]!;
    info = info ? `${info}, ${name}` : name;
    at += negotiation(out, bytes, at, problems);
  }
  if (at < end) out.field(TRAILING, at, end - at, out.tree ? { display: `${end - at} bytes` } : undefined);
  return {
    problems,
    summary: 'Remote Desktop Protocol, X.224 connection negotiation',
    ...(info ? { info } : {}),
    end,
  };
};

export const rdpNegotiation: Protocol = { protocol: 'rdp', dissect };
