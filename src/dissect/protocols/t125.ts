// T.125 MCS (Multipoint Communication Service) as RDP runs it after the X.224 handshake, in the user data of X.224
// class 0 DT TPDUs (MS-RDPBCGR 2.2.1.3–2.2.1.9). The ASN.1 is T.125 §7; two encodings share the DT:
//
//   Connect PDUs, BER (X.690): [APPLICATION 101] Connect-Initial, [APPLICATION 102] Connect-Response (…103, …104)
//     7f 65 | 82 01 90 | 04 01 01  04 01 01  01 01 ff  30 19 …  30 19 …  30 1c …  04 82 01 2f <userData: T.124>
//     ident.  length     calling…  called…   upward    target   minimum  maximum  userData
//   Domain PDUs, ALIGNED PER (X.691): a DomainMCSPDU CHOICE of 43 alternatives, so a 6-bit index first
//     octet 0:  i i i i i i . .   the index (mask 0xfc), then each PDU's own fields:
//       attachUserConfirm 0x2e 00 00 06:  index 11 | preamble 1 (initiator present) | result 4 bits | pad | initiator
//       channelJoinRequest 0x38 00 06 03 ef:  index 14 | pad | initiator (2 octets) | channelId (2 octets)
//       sendDataRequest 0x64 00 06 03 eb 70 80 48 …:  index 25 | initiator | channelId | priority 2 bits,
//         segmentation 2 bits, pad 4 | userData: length determinant, octets
//
// Bit-level fields: where a PDU type fixes a field's bits within an octet (the choice index, the preamble bit,
// dataPriority, segmentation, the disconnect reason) the field carries a mask, as Wireshark's bit fields do. result,
// whose 4 bits straddle two octets and whose name the BER Connect-Response shares, is given as a value over the two
// octets holding it. Numbers over whole octets are read as X.691 says: a UserId (initiator) is 1001 + the 16 bits
// (T.125 §7: UserId ::= DynamicChannelId (1001..65535)).
import type { FieldId } from '../field-ids';
import { citing, type Documents } from '../cite';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import { hex, u8, type Bytes } from '../reader';
import { NO_FIELD, type LayerSink } from '../sink';
import { problem, tpktLimit, undecodedSpec } from './common';
import { X691_DOCUMENTS, perAlign, perBits, perLength, perOctet, perReader, type PerReader } from './per';

const DOCS = {
  ...X691_DOCUMENTS,
  'ITU-T T.125': {
    title: 'Multipoint communication service protocol specification',
    url: 'https://www.itu.int/rec/T-REC-T.125-199802-I/en',
  },
  'ITU-T X.690': {
    title: 'ASN.1 encoding rules: Specification of Basic Encoding Rules (BER), CER and DER',
    url: 'https://www.itu.int/rec/T-REC-X.690/en',
  },
} as const satisfies Documents;
export const T125_DOCUMENTS: Documents = DOCS;
const cite = citing(DOCS);

const ASN1 = cite('ITU-T T.125', '7');
const BER_IDENTIFIER = cite('ITU-T X.690', '8.1.2');
const BER_LENGTH_CITE = cite('ITU-T X.690', '8.1.3');
const PER_LENGTH_CITE = cite('ITU-T X.691', '11.9');
const PER_CHOICE = cite('ITU-T X.691', '23');
const PER_SEQUENCE = cite('ITU-T X.691', '19');

/** The ConnectMCSPDU alternatives: BER application tags 101–104 (T.125 §7, part 2). */
const CONNECT_PDUS: Readonly<Record<number, string>> = {
  101: 'connect-initial',
  102: 'connect-response',
  103: 'connect-additional',
  104: 'connect-result',
};
const CONNECT_INITIAL = 101;
const CONNECT_RESPONSE = 102;

/** DomainMCSPDU's alternatives in order (T.125 §7, part 10): the PER choice index. */
const DOMAIN_PDUS: readonly string[] = [
  'plumbDomainIndication',
  'erectDomainRequest',
  'mergeChannelsRequest',
  'mergeChannelsConfirm',
  'purgeChannelsIndication',
  'mergeTokensRequest',
  'mergeTokensConfirm',
  'purgeTokensIndication',
  'disconnectProviderUltimatum',
  'rejectMCSPDUUltimatum',
  'attachUserRequest',
  'attachUserConfirm',
  'detachUserRequest',
  'detachUserIndication',
  'channelJoinRequest',
  'channelJoinConfirm',
  'channelLeaveRequest',
  'channelConveneRequest',
  'channelConveneConfirm',
  'channelDisbandRequest',
  'channelDisbandIndication',
  'channelAdmitRequest',
  'channelAdmitIndication',
  'channelExpelRequest',
  'channelExpelIndication',
  'sendDataRequest',
  'sendDataIndication',
  'uniformSendDataRequest',
  'uniformSendDataIndication',
  'tokenGrabRequest',
  'tokenGrabConfirm',
  'tokenInhibitRequest',
  'tokenInhibitConfirm',
  'tokenGiveRequest',
  'tokenGiveIndication',
  'tokenGiveResponse',
  'tokenGiveConfirm',
  'tokenPleaseRequest',
  'tokenPleaseIndication',
  'tokenReleaseRequest',
  'tokenReleaseConfirm',
  'tokenTestRequest',
  'tokenTestConfirm',
];
const ERECT_DOMAIN_REQUEST = 1;
const DISCONNECT_PROVIDER_ULTIMATUM = 8;
const ATTACH_USER_REQUEST = 10;
const ATTACH_USER_CONFIRM = 11;
const CHANNEL_JOIN_REQUEST = 14;
const CHANNEL_JOIN_CONFIRM = 15;
const SEND_DATA_REQUEST = 25;
const SEND_DATA_INDICATION = 26;
/** The domain PDUs RDP sends, which framescope decodes, and which Wireshark's heuristic also takes. */
const RDP_DOMAIN_PDUS: ReadonlySet<number> = new Set([
  ERECT_DOMAIN_REQUEST,
  DISCONNECT_PROVIDER_ULTIMATUM,
  ATTACH_USER_REQUEST,
  ATTACH_USER_CONFIRM,
  CHANNEL_JOIN_REQUEST,
  CHANNEL_JOIN_CONFIRM,
  SEND_DATA_REQUEST,
  SEND_DATA_INDICATION,
]);
/** T.125 §7, part 1: UserId ::= DynamicChannelId ::= ChannelId (1001..65535). */
const USER_ID_BASE = 1001;

const RESULTS: Readonly<Record<number, string>> = {
  0: 'rt-successful',
  1: 'rt-domain-merging',
  2: 'rt-domain-not-hierarchical',
  3: 'rt-no-such-channel',
  4: 'rt-no-such-domain',
  5: 'rt-no-such-user',
  6: 'rt-not-admitted',
  7: 'rt-other-user-id',
  8: 'rt-parameters-unacceptable',
  9: 'rt-token-not-available',
  10: 'rt-token-not-possessed',
  11: 'rt-too-many-channels',
  12: 'rt-too-many-tokens',
  13: 'rt-too-many-users',
  14: 'rt-unspecified-failure',
  15: 'rt-user-rejected',
};

// ---- Connect PDUs (BER)

const CONNECT_MCSPDU = {
  id: 't125.ConnectMCSPDU',
  label: 'ConnectMCSPDU',
  kind: 'uint',
  cite: ASN1,
  values: CONNECT_PDUS,
  meaning:
    'The connect PDU, by the BER application tag of its identifier octets (101 Connect-Initial, 102 Connect-Response, 103 Connect-Additional, 104 Connect-Result); it spans the whole PDU.',
} as const satisfies FieldSpec;
const BER_LENGTH = {
  id: 't125.length',
  label: 'Length',
  kind: 'uint',
  unit: 'octets',
  cite: BER_LENGTH_CITE,
  meaning:
    'The BER length octets of a connect PDU element: the contents length in octets (short form up to 127, else 0x8n and n octets).',
} as const satisfies FieldSpec;
const PER_LENGTH = {
  id: 't125.lengthDeterminant',
  label: 'Length determinant',
  kind: 'uint',
  unit: 'octets',
  cite: PER_LENGTH_CITE,
  meaning:
    'The PER length determinant of a domain PDU field: how many octets follow (one octet up to 127, two octets 10xxxxxx xxxxxxxx up to 16K).',
} as const satisfies FieldSpec;
const IDENTIFIER = {
  id: 't125.identifier',
  label: 'Identifier',
  kind: 'uint',
  cite: BER_IDENTIFIER,
  meaning:
    'The BER identifier octets of a structured or long element (class, primitive or constructed, tag number); the value is the tag number.',
} as const satisfies FieldSpec;
const integer = (id: string, label: string, meaning: string): FieldSpec => ({
  id: `t125.${id}` as FieldId, // field-ids.ts lists each
  label,
  kind: 'uint',
  cite: ASN1,
  meaning: `${meaning} An INTEGER (0..MAX), shown with its BER identifier and length; read as unsigned, as RDP peers and Wireshark read it (clients send 65535 as ff ff, which X.690 §8.3 would read as −1).`,
});
const PARAMETERS = [
  integer('maxChannelIds', 'maxChannelIds', 'Most channels the domain may use at once.'),
  integer('maxUserIds', 'maxUserIds', 'Most user ids (attachments) the domain may have.'),
  integer('maxTokenIds', 'maxTokenIds', 'Most tokens the domain may have.'),
  integer('numPriorities', 'numPriorities', 'Data priorities in use (RDP: 1).'),
  integer('minThroughput', 'minThroughput', 'Minimum throughput in octets per second.'),
  integer('maxHeight', 'maxHeight', 'Most levels of the domain hierarchy (RDP: 1).'),
  integer('maxMCSPDUsize', 'maxMCSPDUsize', 'Largest MCS PDU size in octets.'),
  integer('protocolVersion', 'protocolVersion', 'MCS protocol version (2).'),
];
const parametersGroup = (id: string, label: string, meaning: string): FieldSpec => ({
  id: `t125.${id}` as FieldId, // field-ids.ts lists each
  label,
  kind: 'none',
  cite: ASN1,
  meaning: `${meaning} DomainParameters: a SEQUENCE of eight integers.`,
});
const TARGET = parametersGroup('targetParameters_element', 'targetParameters', 'Domain parameters the caller wants.');
const MINIMUM = parametersGroup('minimumParameters_element', 'minimumParameters', 'The least the caller accepts.');
const MAXIMUM = parametersGroup('maximumParameters_element', 'maximumParameters', 'The most the caller accepts.');
const DOMAIN_PARAMETERS = parametersGroup(
  'domainParameters_element',
  'domainParameters',
  'The parameters the responder settled on.',
);
const CALLING = {
  id: 't125.callingDomainSelector',
  label: 'callingDomainSelector',
  kind: 'bytes',
  cite: ASN1,
  meaning: "An OCTET STRING naming the caller's domain (RDP sends 01; the server ignores it).",
} as const satisfies FieldSpec;
const CALLED = {
  ...CALLING,
  id: 't125.calledDomainSelector',
  label: 'calledDomainSelector',
  meaning: 'An OCTET STRING naming the called domain (RDP sends 01; the server ignores it).',
} as const satisfies FieldSpec;
const UPWARD = {
  id: 't125.upwardFlag',
  label: 'upwardFlag',
  kind: 'flag',
  cite: ASN1,
  values: { 0: 'False', 1: 'True' },
  meaning: 'A BOOLEAN: TRUE when the called provider is to be the top of the domain hierarchy (RDP sends TRUE).',
} as const satisfies FieldSpec;
const RESULT = {
  id: 't125.result',
  label: 'result',
  kind: 'uint',
  cite: ASN1,
  values: RESULTS,
  meaning: 'The outcome of the request: rt-successful (0), or why not.',
} as const satisfies FieldSpec;
const CALLED_CONNECT_ID = integer(
  'calledConnectId',
  'calledConnectId',
  'Identifies the new connection for Connect-Additional PDUs (RDP clients ignore it).',
);
const USER_DATA = {
  id: 't125.userData',
  label: 'userData',
  kind: 'bytes',
  cite: ASN1,
  meaning:
    'Data the MCS users exchange: in a connect PDU the GCC (T.124) conference request or response, in a send-data PDU the RDP PDU.',
} as const satisfies FieldSpec;

// ---- Domain PDUs (ALIGNED PER)

const DOMAIN_PDU = {
  id: 't125.DomainMCSPDU',
  label: 'DomainMCSPDU',
  kind: 'uint',
  size: 1,
  mask: 0xfc,
  cite: PER_CHOICE,
  values: Object.fromEntries(DOMAIN_PDUS.map((name, i) => [i, name])),
  meaning: 'Which domain PDU this is: the 6-bit index of the DomainMCSPDU CHOICE (43 alternatives, T.125 §7 part 10).',
} as const satisfies FieldSpec;
const PREAMBLE = {
  id: 't125.preamble',
  label: 'Optional field present',
  kind: 'flag',
  size: 1,
  mask: 0x02,
  cite: PER_SEQUENCE,
  values: { 0: 'No', 1: 'Yes' },
  meaning:
    "The SEQUENCE's preamble: one bit per OPTIONAL component — initiator in attachUserConfirm, channelId in channelJoinConfirm.",
} as const satisfies FieldSpec;
const DOMAIN_RESULT = {
  ...RESULT,
  cite: cite('ITU-T X.691', '14'),
  meaning: `${RESULT.meaning} In a domain PDU a 4-bit ENUMERATED across two octets; shown on those octets.`,
} as const satisfies FieldSpec;
const REASON = {
  id: 't125.reason',
  label: 'reason',
  kind: 'uint',
  size: 2,
  mask: 0x0380,
  cite: ASN1,
  values: {
    0: 'rn-domain-disconnected',
    1: 'rn-provider-initiated',
    2: 'rn-token-purged',
    3: 'rn-user-requested',
    4: 'rn-channel-purged',
  },
  meaning: 'Why the provider disconnects (a 3-bit ENUMERATED right after the choice index).',
} as const satisfies FieldSpec;
const SUB_HEIGHT = {
  id: 't125.subHeight',
  label: 'subHeight',
  kind: 'uint',
  cite: ASN1,
  meaning: 'Height of the domain below the sender (an INTEGER (0..MAX): a length determinant, then octets).',
} as const satisfies FieldSpec;
const SUB_INTERVAL = {
  ...SUB_HEIGHT,
  id: 't125.subInterval',
  label: 'subInterval',
  meaning: 'Throughput enforcement interval in milliseconds (an INTEGER (0..MAX)).',
} as const satisfies FieldSpec;
const INITIATOR = {
  id: 't125.initiator',
  label: 'initiator',
  kind: 'uint',
  size: 2,
  cite: ASN1,
  meaning:
    'The user id of the sender or requester — in RDP its user channel. A UserId (1001..65535) is sent as two octets above 1001 (X.691 §11.5), so 00 06 is 1007; Wireshark shows the 6.',
} as const satisfies FieldSpec;
const CHANNEL_ID = {
  id: 't125.channelId',
  label: 'channelId',
  kind: 'uint',
  size: 2,
  cite: ASN1,
  meaning: 'The channel: joined, or carrying the data (ChannelId (0..65535): two octets).',
} as const satisfies FieldSpec;
const REQUESTED = {
  ...CHANNEL_ID,
  id: 't125.requested',
  label: 'requested',
  meaning: 'The channel the join request asked for (ChannelId: two octets).',
} as const satisfies FieldSpec;
const DATA_PRIORITY = {
  id: 't125.dataPriority',
  label: 'dataPriority',
  kind: 'uint',
  size: 1,
  mask: 0xc0,
  cite: ASN1,
  values: { 0: 'top', 1: 'high', 2: 'medium', 3: 'low' },
  meaning: 'DataPriority: a 2-bit ENUMERATED (RDP sends high).',
} as const satisfies FieldSpec;
const SEGMENTATION = {
  id: 't125.segmentation',
  label: 'segmentation',
  kind: 'hex',
  size: 1,
  mask: 0x30,
  cite: ASN1,
  meaning: 'Segmentation ::= BIT STRING {begin(0), end(1)} (SIZE (2)): where this piece falls in the user data.',
  bits: [
    {
      id: 't125.Segmentation.begin',
      label: 'begin',
      kind: 'flag',
      mask: 0x20,
      cite: ASN1,
      values: { 0: 'False', 1: 'True' },
      meaning: 'Set on the first piece of the user data.',
    },
    {
      id: 't125.Segmentation.end',
      label: 'end',
      kind: 'flag',
      mask: 0x10,
      cite: ASN1,
      values: { 0: 'False', 1: 'True' },
      meaning: 'Set on the last piece of the user data.',
    },
  ],
} as const satisfies FieldSpec;

const UNDECODED = undecodedSpec('t125', 'T.125', ASN1);

export const T125_TABLE: ProtocolTable = {
  protocol: 't125',
  name: 'MULTIPOINT-COMMUNICATION-SERVICE T.125',
  fields: [
    CONNECT_MCSPDU,
    BER_LENGTH,
    PER_LENGTH,
    IDENTIFIER,
    CALLING,
    CALLED,
    UPWARD,
    TARGET,
    MINIMUM,
    MAXIMUM,
    DOMAIN_PARAMETERS,
    ...PARAMETERS,
    RESULT,
    CALLED_CONNECT_ID,
    USER_DATA,
    DOMAIN_PDU,
    PREAMBLE,
    DOMAIN_RESULT,
    REASON,
    SUB_HEIGHT,
    SUB_INTERVAL,
    INITIATOR,
    CHANNEL_ID,
    REQUESTED,
    DATA_PRIORITY,
    SEGMENTATION,
  ],
  layouts: [],
};

/** A PDU being walked: where its fields go, its name for problems, and where its TPKT says the data ends. */
interface Ending {
  readonly out: LayerSink;
  readonly name: string;
  /** The bytes end before the TPKT does (the rest is in a later segment): running out of them is no one's fault. */
  readonly cut: boolean;
  readonly limit: number;
}

/**
 * The PDU needs more than the bytes here: silent when the TPKT runs on (it says so itself) and, when known, the
 * length at fault (`reach`: where it says the PDU extends to) stays inside the TPKT; otherwise malformed.
 */
function cutShort(e: Ending, ref: number, fieldId: FieldId, offset: number, what: string, reach?: number): void {
  if (e.cut && (reach === undefined || reach <= e.limit)) return;
  e.out.problem(
    ref,
    problem('error', 'malformed', `${e.name} is malformed: ${what}, past the end of its TPKT`, {
      fieldId,
      offset,
      cite: ASN1,
    }),
  );
}

// ---- BER, just what the connect PDUs need (X.690 8.1)

/** The last identifier and length read (one PDU at a time, so one scratch record, not an object per element). */
const tl = { tag: 0, universal: false, constructed: false, identifier: 0, header: 0, length: 0 };

/** Reads the identifier and length octets at `at` into `tl`; false when they are malformed or not all here. */
function readTl(bytes: Bytes, at: number, end: number): boolean {
  if (at >= end) return false;
  const first = u8(bytes, at);
  let pos = at + 1;
  let tag = first & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (;;) {
      if (pos >= end || pos - at > 4) return false;
      const b = u8(bytes, pos++);
      tag = tag * 128 + (b & 0x7f);
      if (!(b & 0x80)) break;
    }
  }
  if (pos >= end) return false;
  const identifier = pos - at;
  const lengthOctet = u8(bytes, pos++);
  let length = lengthOctet;
  if (lengthOctet & 0x80) {
    const n = lengthOctet & 0x7f;
    // 0x80 is the indefinite form, which these definite-length PDUs never use; more than 4 octets is absurd here.
    if (n === 0 || n > 4 || pos + n > end) return false;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + u8(bytes, pos++);
  }
  tl.tag = tag;
  tl.universal = (first & 0xc0) === 0;
  tl.constructed = (first & 0x20) !== 0;
  tl.identifier = identifier;
  tl.header = pos - at;
  tl.length = length;
  return true;
}

const TAG_BOOLEAN = 1;
const TAG_INTEGER = 2;
const TAG_OCTET_STRING = 4;
const TAG_ENUMERATED = 10;
const TAG_SEQUENCE = 16;
const UNIVERSAL_NAMES: Readonly<Record<number, string>> = {
  [TAG_BOOLEAN]: 'BOOLEAN',
  [TAG_INTEGER]: 'INTEGER',
  [TAG_OCTET_STRING]: 'OCTET STRING',
  [TAG_ENUMERATED]: 'ENUMERATED',
  [TAG_SEQUENCE]: 'SEQUENCE',
};

/** The contents as an unsigned number (T.125's integers are all 0..MAX). */
function unsigned(bytes: Bytes, at: number, length: number): number {
  let value = 0;
  for (let i = 0; i < length && i < 6; i++) value = value * 256 + u8(bytes, at + i);
  return value;
}

type Element =
  | { readonly kind: 'octets' | 'boolean' | 'integer'; readonly spec: FieldSpec; readonly tag: number }
  | { readonly kind: 'parameters'; readonly spec: FieldSpec }
  | { readonly kind: 'userData' };

const CONNECT_INITIAL_ELEMENTS: readonly Element[] = [
  { kind: 'octets', spec: CALLING, tag: TAG_OCTET_STRING },
  { kind: 'octets', spec: CALLED, tag: TAG_OCTET_STRING },
  { kind: 'boolean', spec: UPWARD, tag: TAG_BOOLEAN },
  { kind: 'parameters', spec: TARGET },
  { kind: 'parameters', spec: MINIMUM },
  { kind: 'parameters', spec: MAXIMUM },
  { kind: 'userData' },
];
const CONNECT_RESPONSE_ELEMENTS: readonly Element[] = [
  { kind: 'integer', spec: RESULT, tag: TAG_ENUMERATED },
  { kind: 'integer', spec: CALLED_CONNECT_ID, tag: TAG_INTEGER },
  { kind: 'parameters', spec: DOMAIN_PARAMETERS },
  { kind: 'userData' },
];
const tagOf = (e: Element): number =>
  e.kind === 'parameters' ? TAG_SEQUENCE : e.kind === 'userData' ? TAG_OCTET_STRING : e.tag;
const nameOf = (e: Element): string => (e.kind === 'userData' ? USER_DATA.label : e.spec.label);

/** The identifier octets as text: "UNIVERSAL 16 (SEQUENCE), constructed". */
function identifierText(bytes: Bytes, at: number): string {
  const first = u8(bytes, at);
  const cls = ['UNIVERSAL', 'APPLICATION', 'CONTEXT', 'PRIVATE'][first >> 6]!;
  const universal = tl.universal ? UNIVERSAL_NAMES[tl.tag] : undefined;
  return `${cls} ${tl.tag}${universal ? ` (${universal})` : ''}, ${tl.constructed ? 'constructed' : 'primitive'}`;
}

/** Where a connect PDU's userData contents lie, when the walk got that far: the bytes handed to T.124. */
interface Span {
  readonly offset: number;
  readonly end: number;
}

/** The elements of a Connect-Initial or Connect-Response, in order, from `at` to `end`. */
function elements(e: Ending, bytes: Bytes, list: readonly Element[], start: number, end: number): Span | undefined {
  const out = e.out;
  let at = start;
  for (const element of list) {
    if (!readTl(bytes, at, end)) {
      const ref = at < end ? out.field(UNDECODED, at, end - at) : NO_FIELD;
      if (ref >= 0) cutShort(e, ref, UNDECODED.id, at, `the BER header of ${nameOf(element)} is not all here`);
      else cutShort(e, NO_FIELD, IDENTIFIER.id, at, `${nameOf(element)} is missing`);
      return undefined;
    }
    if (!tl.universal || tl.tag !== tagOf(element)) {
      const ref = out.field(
        IDENTIFIER,
        at,
        tl.header,
        out.tree ? { value: tl.tag, display: identifierText(bytes, at) } : { value: tl.tag },
      );
      out.problem(
        ref,
        problem(
          'error',
          'malformed',
          `${e.name}: expected ${nameOf(element)} (UNIVERSAL ${tagOf(element)}), found tag ${tl.tag}; the rest is not decoded`,
          { fieldId: IDENTIFIER.id, offset: at, cite: ASN1 },
        ),
      );
      if (at + tl.header < end) out.field(UNDECODED, at + tl.header, end - at - tl.header);
      return undefined;
    }
    const header = tl.header;
    const contents = at + header;
    const declaredEnd = contents + tl.length;
    const elementEnd = Math.min(declaredEnd, end);
    if (element.kind === 'userData') {
      out.field(
        IDENTIFIER,
        at,
        1,
        out.tree ? { value: tl.tag, display: `${identifierText(bytes, at)}: userData` } : { value: tl.tag },
      );
      const length = out.field(BER_LENGTH, at + 1, header - 1, { value: tl.length });
      if (declaredEnd > end)
        cutShort(e, length, BER_LENGTH.id, at + 1, `userData says ${tl.length} octets`, declaredEnd);
      return { offset: contents, end: elementEnd };
    }
    if (element.kind === 'parameters') {
      out.open(element.spec, at, elementEnd - at, out.tree ? { display: 'DomainParameters (8 INTEGERs)' } : undefined);
      out.field(
        IDENTIFIER,
        at,
        1,
        out.tree ? { value: tl.tag, display: identifierText(bytes, at) } : { value: tl.tag },
      );
      out.field(BER_LENGTH, at + 1, header - 1, { value: tl.length });
      const inner = contents;
      let p = inner;
      for (const spec of PARAMETERS) {
        const here = readTl(bytes, p, elementEnd);
        const integer = here && tl.universal && tl.tag === TAG_INTEGER;
        if (!integer || p + tl.header + tl.length > elementEnd) {
          const ref = p < elementEnd ? out.field(UNDECODED, p, elementEnd - p) : NO_FIELD;
          out.close();
          if (here && !integer)
            out.problem(
              ref,
              problem('error', 'malformed', `${e.name}: ${spec.label} in ${element.spec.label} is not an INTEGER`, {
                fieldId: UNDECODED.id,
                offset: p,
                cite: ASN1,
              }),
            );
          else cutShort(e, ref, UNDECODED.id, p, `${spec.label} in ${element.spec.label} is not all here`, declaredEnd);
          // What follows the parameters is not read either.
          if (elementEnd < end) out.field(UNDECODED, elementEnd, end - elementEnd);
          return undefined;
        }
        out.field(spec, p, tl.header + tl.length, { value: unsigned(bytes, p + tl.header, tl.length) });
        p += tl.header + tl.length;
      }
      if (p < elementEnd) out.field(UNDECODED, p, elementEnd - p);
      out.close();
    } else {
      const value =
        element.kind === 'octets'
          ? hex(bytes, contents, elementEnd - contents)
          : element.kind === 'boolean'
            ? elementEnd > contents && u8(bytes, contents) !== 0
              ? 1
              : 0
            : unsigned(bytes, contents, elementEnd - contents);
      out.field(element.spec, at, elementEnd - at, { value });
    }
    if (declaredEnd > end) {
      cutShort(
        e,
        out.refOf(element.spec),
        element.spec.id,
        at,
        `${element.spec.label} says ${declaredEnd - contents} octets`,
        declaredEnd,
      );
      return undefined;
    }
    at = declaredEnd;
  }
  return undefined;
}

function connectPdu(e: Ending, bytes: Bytes, offset: number, end: number) {
  const out = e.out;
  if (!readTl(bytes, offset, end)) {
    const ref = out.field(UNDECODED, offset, end - offset);
    cutShort(e, ref, UNDECODED.id, offset, 'the BER identifier and length of the connect PDU are not all here');
    return { problems: [], summary: 'T.125 (truncated)', column: 'T.125', end };
  }
  const tag = tl.tag;
  const name = CONNECT_PDUS[tag] ?? `[APPLICATION ${tag}]`;
  const header = tl.header;
  const lengthOctets = tl.length;
  const idSize = tl.identifier;
  const contents = offset + header;
  const pduEnd = Math.min(contents + lengthOctets, end);
  // The CHOICE spans the PDU, as Wireshark's ConnectMCSPDU does; its identifier and length octets come first.
  out.open(CONNECT_MCSPDU, offset, pduEnd - offset, { value: tag });
  const identifier = out.field(
    IDENTIFIER,
    offset,
    idSize,
    out.tree ? { value: tag, display: identifierText(bytes, offset) } : { value: tag },
  );
  const length = out.field(BER_LENGTH, offset + idSize, header - idSize, { value: lengthOctets });
  const ending = { ...e, name };
  if (!(u8(bytes, offset) & 0x20))
    out.problem(
      identifier,
      problem(
        'error',
        'malformed',
        `${name} is a SEQUENCE, so its identifier must be constructed (0x7f), not primitive`,
        {
          fieldId: IDENTIFIER.id,
          offset,
          cite: BER_IDENTIFIER,
        },
      ),
    );
  if (contents + lengthOctets > end)
    cutShort(ending, length, BER_LENGTH.id, offset + idSize, `it says ${lengthOctets} octets`, contents + lengthOctets);
  const list =
    tag === CONNECT_INITIAL
      ? CONNECT_INITIAL_ELEMENTS
      : tag === CONNECT_RESPONSE
        ? CONNECT_RESPONSE_ELEMENTS
        : undefined;
  const userData = list ? elements(ending, bytes, list, contents, pduEnd) : undefined;
  if (!list && contents < pduEnd) out.field(UNDECODED, contents, pduEnd - contents);
  out.close();
  const base = { problems: [], summary: `T.125 MCS, ${name}`, info: name, column: 'T.125', end: pduEnd };
  return userData
    ? {
        ...base,
        payload: { offset: userData.offset, end: userData.end, next: { table: 't125.data' as const, keys: [] } },
        claimUnclaimed: claimUserData,
        claimTrailer: claimTrailer,
      }
    : base;
}

/**
 * Octets after the user data but inside the connect PDU's length (or after what T.124 read of it): BER gives them no
 * place in a Connect-Initial or Connect-Response, whose user data is the last element.
 */
function claimTrailer(out: LayerSink, _bytes: Bytes, start: number, end: number): void {
  if (end <= start) return;
  const ref = out.field(UNDECODED, start, end - start);
  out.problem(
    ref,
    problem('error', 'malformed', `${end - start} octets after the user data, inside the connect PDU's length`, {
      fieldId: UNDECODED.id,
      offset: start,
      cite: ASN1,
    }),
  );
}

/** Connect PDU user data no protocol above (T.124) took: shown as the OCTET STRING it is. */
function claimUserData(out: LayerSink, _bytes: Bytes, start: number, end: number): void {
  if (end > start) out.field(USER_DATA, start, end - start);
}

// ---- Domain PDUs (ALIGNED PER)

/** Reads an aligned 16-bit field; emits it; -1 when cut short (reported). */
function twoOctets(e: Ending, r: PerReader, spec: FieldSpec, base: number): number {
  perAlign(r);
  const at = perOctet(r);
  const raw = perBits(r, 16);
  if (raw < 0) {
    const ref = at < r.end ? e.out.field(UNDECODED, at, r.end - at) : NO_FIELD;
    cutShort(e, ref, spec.id, at, `${spec.label} needs 2 octets`);
    return -1;
  }
  const value = raw + base;
  e.out.field(
    spec,
    at,
    2,
    base !== 0 && e.out.tree
      ? { value, display: `${value} (${raw} above ${base})` }
      : base !== 0
        ? { value }
        : undefined,
  );
  return value;
}

/** An INTEGER (0..MAX): a length determinant, then that many octets (X.691 §11.7, §11.9). */
function semiConstrained(e: Ending, r: PerReader, spec: FieldSpec): boolean {
  perAlign(r);
  const at = perOctet(r);
  const n = perLength(r);
  if (n < 0) {
    // -2: the fragmented form, legal but never sent here: not decoded.
    if (n === -2) e.out.field(UNDECODED, at, r.end - at);
    else cutShort(e, NO_FIELD, spec.id, at, `${spec.label} is missing`);
    r.bit = r.end * 8;
    return false;
  }
  e.out.field(PER_LENGTH, at, perOctet(r) - at, { value: n });
  const start = perOctet(r);
  if (start + n > r.end) {
    const ref = start < r.end ? e.out.field(UNDECODED, start, r.end - start) : NO_FIELD;
    cutShort(e, ref, spec.id, start, `${spec.label} says ${n} octets`, start + n);
    return false;
  }
  e.out.field(spec, start, n, { value: unsigned(r.bytes, start, n) });
  r.bit = (start + n) * 8;
  return true;
}

function domainPdu(e0: Ending, bytes: Bytes, offset: number, end: number) {
  const out = e0.out;
  const r = perReader(bytes, offset, end);
  const index = perBits(r, 6);
  const name = DOMAIN_PDUS[index] ?? `DomainMCSPDU ${index}`;
  const e = { ...e0, name };
  out.field(DOMAIN_PDU, offset, 1);
  let info = name;
  switch (index) {
    case ERECT_DOMAIN_REQUEST:
      if (semiConstrained(e, r, SUB_HEIGHT)) semiConstrained(e, r, SUB_INTERVAL);
      break;
    case ATTACH_USER_REQUEST:
      break;
    case ATTACH_USER_CONFIRM:
    case CHANNEL_JOIN_CONFIRM: {
      const present = perBits(r, 1);
      out.field(PREAMBLE, offset, 1);
      const result = perBits(r, 4);
      if (result < 0) {
        cutShort(
          e,
          out.refOf(PREAMBLE),
          DOMAIN_RESULT.id,
          offset + 1,
          'result runs into a second octet that is not here',
        );
        break;
      }
      out.field(DOMAIN_RESULT, offset, 2, { value: result });
      if (twoOctets(e, r, INITIATOR, USER_ID_BASE) < 0) break;
      if (index === ATTACH_USER_CONFIRM) break;
      const requested = twoOctets(e, r, REQUESTED, 0);
      if (requested < 0) break;
      info = `${name} ${requested}`;
      if (present) twoOctets(e, r, CHANNEL_ID, 0);
      break;
    }
    case CHANNEL_JOIN_REQUEST: {
      if (twoOctets(e, r, INITIATOR, USER_ID_BASE) < 0) break;
      const channel = twoOctets(e, r, CHANNEL_ID, 0);
      if (channel >= 0) info = `${name} ${channel}`;
      break;
    }
    case SEND_DATA_REQUEST:
    case SEND_DATA_INDICATION: {
      if (twoOctets(e, r, INITIATOR, USER_ID_BASE) < 0) break;
      const channel = twoOctets(e, r, CHANNEL_ID, 0);
      if (channel < 0) break;
      info = `${name} ${channel}`;
      const at = perOctet(r);
      if (perBits(r, 4) < 0) {
        cutShort(e, out.refOf(CHANNEL_ID), DATA_PRIORITY.id, at, 'dataPriority and segmentation are not here');
        break;
      }
      out.field(DATA_PRIORITY, at, 1);
      out.field(SEGMENTATION, at, 1);
      userData(e, r);
      break;
    }
    case DISCONNECT_PROVIDER_ULTIMATUM:
      if (perBits(r, 3) < 0) {
        cutShort(e, out.refOf(DOMAIN_PDU), REASON.id, offset + 1, 'reason runs into a second octet that is not here');
        break;
      }
      out.field(REASON, offset, 2);
      break;
    default:
      // A PDU RDP does not use: only reached when the user forces T.125; its fields are not decoded.
      perAlign(r);
      if (perOctet(r) < end) out.field(UNDECODED, perOctet(r), end - perOctet(r));
      r.bit = end * 8;
  }
  perAlign(r);
  return {
    problems: [],
    summary: `T.125 MCS, ${name}`,
    info,
    column: 'T.125',
    end: Math.max(offset + 1, Math.min(perOctet(r), end)),
  };
}

/** Send data's userData: an OCTET STRING, a length determinant then the octets (X.691 §17, §11.9). */
function userData(e: Ending, r: PerReader): void {
  perAlign(r);
  const at = perOctet(r);
  const n = perLength(r);
  if (n < 0) {
    // -2: the fragmented form (user data of 16K octets or more), which RDP does not send: not decoded.
    if (n === -2) e.out.field(UNDECODED, at, r.end - at);
    else cutShort(e, e.out.refOf(SEGMENTATION), PER_LENGTH.id, at, 'the userData length determinant is not here');
    r.bit = r.end * 8;
    return;
  }
  const length = e.out.field(PER_LENGTH, at, perOctet(r) - at, { value: n });
  const start = perOctet(r);
  const stop = Math.min(start + n, r.end);
  if (stop > start) e.out.field(USER_DATA, start, stop - start);
  if (start + n > r.end) cutShort(e, length, PER_LENGTH.id, at, `userData says ${n} octets`, start + n);
  r.bit = stop * 8;
}

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  const limit = tpktLimit(context, end);
  const e: Ending = { out, name: 'T.125', cut: limit > end, limit };
  return isBerApplication(bytes, offset, end) ? connectPdu(e, bytes, offset, end) : domainPdu(e, bytes, offset, end);
};

/** BER identifier octets of class APPLICATION with a tag of 31 or more (the form 101–104 take). */
const isBerApplication = (bytes: Bytes, offset: number, end: number): boolean =>
  end > offset && (u8(bytes, offset) & 0xdf) === 0x5f;

/**
 * How long the domain PDU at `offset` is by its own encoding, or -1 when the bytes end before that can be told. Only
 * for the PDUs RDP sends (RDP_DOMAIN_PDUS).
 */
function domainPduLength(bytes: Bytes, offset: number, end: number): number {
  const index = u8(bytes, offset) >> 2;
  const at = (i: number) => (offset + i < end ? u8(bytes, offset + i) : -1);
  switch (index) {
    case ATTACH_USER_REQUEST:
      return 1;
    case DISCONNECT_PROVIDER_ULTIMATUM:
      return 2;
    case CHANNEL_JOIN_REQUEST:
      return 5;
    case ATTACH_USER_CONFIRM:
    case CHANNEL_JOIN_CONFIRM:
      // The preamble bit says whether the optional last field (initiator, channelId) is there.
      return (index === ATTACH_USER_CONFIRM ? 2 : 6) + (u8(bytes, offset) & 0x02 ? 2 : 0);
    case ERECT_DOMAIN_REQUEST: {
      const height = at(1);
      const interval = height < 0 ? -1 : at(2 + height);
      return interval < 0 ? -1 : 3 + height + interval;
    }
    default: {
      // sendDataRequest, sendDataIndication: 6 octets, then userData's length determinant and octets.
      const first = at(6);
      if (first < 0) return -1;
      if (first < 0x80) return 7 + first;
      const second = at(7);
      return first >= 0xc0 || second < 0 ? -1 : 8 + (((first & 0x3f) << 8) | second);
    }
  }
}

/**
 * X.224 user data that is an MCS PDU: it starts as one does — the BER identifier of [APPLICATION 101–104], or the
 * DomainMCSPDU choice index of a PDU RDP sends (erect domain, disconnect, attach user, channel join, send data), the
 * first octets Wireshark's t125 heuristic looks at — and its own length fills the data exactly (RDP sends one MCS PDU
 * per DT), or, for send data, runs on past it (a TPKT cut by the TCP segment). That last test keeps other traffic
 * out: an MMS continuation whose first octet happens to be 0x38 is not a 5-octet channelJoinRequest. Data too short to
 * tell is not taken.
 */
export function looksLikeMcs(bytes: Bytes, offset: number, end: number): boolean {
  const available = end - offset;
  if (available < 1) return false;
  if (isBerApplication(bytes, offset, end)) {
    if (available < 2) return false;
    const tag = u8(bytes, offset + 1);
    if (tag < CONNECT_INITIAL || tag > 104 || !readTl(bytes, offset, end)) return false;
    return tl.header + tl.length >= available;
  }
  if (!RDP_DOMAIN_PDUS.has(u8(bytes, offset) >> 2)) return false;
  const length = domainPduLength(bytes, offset, end);
  const variable = u8(bytes, offset) >> 2 >= SEND_DATA_REQUEST;
  return length === available || (variable && length > available);
}

export const t125: Protocol = { protocol: 't125', dissect };
