// ISO 8650-1 / ITU-T X.227 ACSE, the association control of the OSI application layer: its APDUs travel as
// presentation data values (X.227 §8) of the context whose abstract syntax is ACSE's (2.2.1.0.1). The ASN.1 (module
// ACSE-1, X.227 §9.1; tags explicit unless IMPLICIT), reduced to what the walker needs:
//
//   ACSE-apdu ::= CHOICE { aarq [APPLICATION 0], aare [APPLICATION 1], rlrq [APPLICATION 2], rlre [APPLICATION 3],
//                          abrt [APPLICATION 4], adt [APPLICATION 5], acrq [APPLICATION 6], acrp [APPLICATION 7] }
//   AARQ-apdu ::= [APPLICATION 0] IMPLICIT SEQUENCE { protocol-version [0] IMPLICIT BIT STRING DEFAULT {version1},
//                 aSO-context-name [1] OID, called-AP-title [2], called-AE-qualifier [3], called-AP-invocation-
//                 identifier [4], called-AE-invocation-identifier [5], calling-AP-title [6], calling-AE-qualifier [7],
//                 calling-AP-invocation-identifier [8], calling-AE-invocation-identifier [9], sender-acse-requirements
//                 [10] IMPLICIT BIT STRING, mechanism-name [11] IMPLICIT OID, calling-authentication-value [12],
//                 aSO-context-name-list [13], implementation-information [29] IMPLICIT GraphicString,
//                 user-information [30] IMPLICIT SEQUENCE OF EXTERNAL }
//   AARE-apdu ::= [APPLICATION 1] IMPLICIT SEQUENCE { protocol-version [0], aSO-context-name [1], result [2] INTEGER,
//                 result-source-diagnostic [3], responding-AP-title [4] … responding-AE-invocation-identifier [7],
//                 responder-acse-requirements [8], mechanism-name [9], responding-authentication-value [10],
//                 aSO-context-name-list [11], implementation-information [29], user-information [30] }
//   RLRQ-apdu / RLRE-apdu ::= [APPLICATION 2 / 3] IMPLICIT SEQUENCE { reason [0] IMPLICIT INTEGER, user-information [30] }
//   ABRT-apdu ::= [APPLICATION 4] IMPLICIT SEQUENCE { abort-source [0] IMPLICIT INTEGER, abort-diagnostic [1]
//                 IMPLICIT ENUMERATED, user-information [30] }
//
// The user-information's first EXTERNAL value (an MMS initiate PDU, for MMS) goes on to the `pres.data` table, keyed by
// its indirect-reference (the presentation context it is a value of).
import { citing, type Documents } from '../cite';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import type { FieldId } from '../field-ids';
import type { Bytes } from '../reader';
import {
  APPLICATION,
  CONTEXT,
  OSI_OIDS,
  UNIVERSAL,
  berWalk,
  bitNames,
  integerValue,
  isOneElement,
  named,
  newHeader,
  readHeader,
  specsOf,
  tagged,
  walkElements,
  walkUnnamed,
  type BerMember,
  type BerShape,
  type BerType,
} from './ber';
import { tsduLimit } from './common';

export const ACSE_DOCUMENTS = {
  'ITU-T X.227': {
    title: 'Connection-oriented protocol for the Association Control Service Element (= ISO/IEC 8650-1)',
    url: 'https://www.itu.int/rec/T-REC-X.227/en',
  },
} as const satisfies Documents;
const cite = citing(ACSE_DOCUMENTS);

const APDUS = cite('ITU-T X.227', '9.1');
const AARQ_FIELDS = cite('ITU-T X.227', '7.1.4');
const AARE_FIELDS = cite('ITU-T X.227', '7.1.5');
const RLRQ_FIELDS = cite('ITU-T X.227', '7.2.4');
const RLRE_FIELDS = cite('ITU-T X.227', '7.2.5');
const ABRT_FIELDS = cite('ITU-T X.227', '7.3.4');

const spec = (
  id: FieldId,
  label: string,
  kind: FieldSpec['kind'],
  meaning: string,
  extra: Partial<FieldSpec> = {},
): FieldSpec => ({
  id,
  label,
  kind,
  cite: APDUS,
  meaning,
  ...extra,
});
/** A named ACSE element (X.227 §9.1 unless said); its field's kind follows from its shape. */
const el = (id: FieldId, label: string, meaning: string, shape: BerShape = {}, c = APDUS) =>
  named(id, label, c, meaning, shape);
const node = (id: FieldId, label: string, meaning: string, c = APDUS) => el(id, label, meaning, {}, c).spec!;
/** An explicitly tagged CHOICE: its field's value is which alternative it holds. */
const choice = (id: FieldId, label: string, meaning: string, values: Readonly<Record<number, string>>) =>
  el(id, label, meaning, { choose: values }).spec!;
/** A SEQUENCE OF: its field's value is how many items it holds. */
const count = (id: FieldId, label: string, meaning: string) => el(id, label, meaning, { list: true }).spec!;
const integer = (id: FieldId, label: string, meaning: string, values?: Readonly<Record<number, string>>, c = APDUS) =>
  el(id, label, meaning, { value: 'integer', ...(values ? { values } : {}) }, c);
const oid = (id: FieldId, label: string, meaning: string) => el(id, label, meaning, { value: 'oid', names: OSI_OIDS });
/** A BIT STRING; with `names`, the tree lists the bits set. */
const bits = (id: FieldId, label: string, meaning: string, names?: readonly string[]) =>
  el(id, label, meaning, { value: 'bits', ...(names ? { describe: bitNames(names) } : {}) });
/** `[n] T`, explicitly tagged: one field with the value of the element inside. */
const explicit = (
  id: FieldId,
  label: string,
  meaning: string,
  inner: BerType,
  values?: Readonly<Record<number, string>>,
) => el(id, label, meaning, { explicit: inner, ...(values ? { values } : {}) });

const INTEGER: BerType = { value: 'integer' };
const OID: BerType = { value: 'oid', names: OSI_OIDS };
const SEQUENCE = 16;

const PROTOCOL_VERSION = tagged(
  CONTEXT,
  0,
  bits('acse.protocol_version', 'protocol-version', 'Protocol-version: bit 0, version1 (the default when absent).', [
    'version1',
  ]),
);
const CONTEXT_NAME = tagged(
  CONTEXT,
  1,
  explicit(
    'acse.aSO_context_name',
    'aSO-context-name',
    'Application-context-name: the OBJECT IDENTIFIER of the application context (1.0.9506.2.3: MMS).',
    OID,
  ),
);
/** AP-title: form 2, an OBJECT IDENTIFIER, in practice; form 1 a directory name. */
const apTitle = (tag: number, id: FieldId, label: string) =>
  tagged(
    CONTEXT,
    tag,
    named(id, label, APDUS, `${label}: the application-process title (an OBJECT IDENTIFIER in form 2).`, {
      choose: { 0: 'ap-title-form1', 1: 'ap-title-form2' },
      members: [
        tagged(
          UNIVERSAL,
          SEQUENCE,
          { spec: node('acse.ap_title_form1', 'ap-title-form1', 'AP-title form 1: a directory name.') },
          0,
        ),
        tagged(UNIVERSAL, 6, oid('acse.ap_title_form2', 'ap-title-form2', 'AP-title form 2: an OBJECT IDENTIFIER.'), 1),
      ],
    }),
  );
const aeQualifier = (tag: number, id: FieldId, label: string) =>
  tagged(
    CONTEXT,
    tag,
    named(id, label, APDUS, `${label}: the application-entity qualifier (an INTEGER in form 2).`, {
      choose: { 0: 'aso-qualifier-form1', 1: 'aso-qualifier-form2' },
      members: [
        tagged(
          UNIVERSAL,
          17,
          {
            spec: node(
              'acse.aso_qualifier_form1',
              'aso-qualifier-form1',
              'AE-qualifier form 1: a relative distinguished name.',
            ),
          },
          0,
        ),
        tagged(
          UNIVERSAL,
          2,
          integer('acse.aso_qualifier_form2', 'aso-qualifier-form2', 'AE-qualifier form 2: an INTEGER.'),
          1,
        ),
      ],
    }),
  );
const invocation = (tag: number, id: FieldId, label: string) =>
  tagged(CONTEXT, tag, explicit(id, label, `${label}: an INTEGER.`, INTEGER));
const REQUIREMENTS = (tag: number, id: FieldId, label: string) =>
  tagged(
    CONTEXT,
    tag,
    bits(
      id,
      label,
      `${label}: bit 0 authentication, bit 1 aSO-context-negotiation, bit 2 higher-level-association, bit 3 nested-association.`,
      ['authentication', 'aSO-context-negotiation', 'higher-level-association', 'nested-association'],
    ),
  );
const MECHANISM = (tag: number) =>
  tagged(
    CONTEXT,
    tag,
    oid('acse.mechanism_name', 'mechanism-name', 'Mechanism-name: the authentication mechanism (2.2.3.1: password).'),
  );
const AUTHENTICATION = (tag: number, id: FieldId, label: string) =>
  tagged(CONTEXT, tag, {
    spec: choice(
      id,
      label,
      `${label}: the credentials, as a string (a password), bits, an EXTERNAL or another value.`,
      {
        0: 'charstring',
        1: 'bitstring',
        2: 'external',
        3: 'other',
      },
    ),
    chooses: true,
    members: [
      tagged(CONTEXT, 0, {
        spec: spec('acse.charstring', 'charstring', 'text', 'Authentication value as a GraphicString (a password).'),
        value: 'string',
      }),
      tagged(CONTEXT, 1, bits('acse.bitstring', 'bitstring', 'Authentication value as a bit string.')),
      tagged(CONTEXT, 2, { spec: node('acse.external_element', 'external', 'Authentication value as an EXTERNAL.') }),
      tagged(CONTEXT, 3, { spec: node('acse.other_element', 'other', "Another mechanism's authentication value.") }),
    ],
  });
const CONTEXT_NAME_LIST = (tag: number) =>
  tagged(CONTEXT, tag, {
    spec: node(
      'acse.aSO_context_name_list',
      'aSO-context-name-list',
      'Other application contexts the sender supports.',
    ),
  });
const IMPLEMENTATION = tagged(CONTEXT, 29, {
  spec: spec(
    'acse.implementation_information',
    'implementation-information',
    'text',
    'Implementation-data: free text about the implementation.',
  ),
  value: 'string',
});
const EXTERNAL: BerType = {
  spec: node(
    'acse.EXTERNALt_element',
    'Association-data',
    'One EXTERNAL of the user information: a value of another abstract syntax (an MMS PDU).',
  ),
  members: [
    tagged(
      UNIVERSAL,
      6,
      oid(
        'acse.direct_reference',
        'direct-reference',
        'Direct-reference: the OBJECT IDENTIFIER of the abstract syntax the value belongs to.',
      ),
    ),
    tagged(UNIVERSAL, 2, {
      ...integer(
        'acse.indirect_reference',
        'indirect-reference',
        'Indirect-reference: the presentation context identifier the value belongs to (3: MMS in IEC 61850).',
      ),
      record: true,
    }),
    tagged(UNIVERSAL, 7, {
      spec: spec(
        'acse.data_value_descriptor',
        'data-value-descriptor',
        'text',
        'Data-value-descriptor: a text describing the value.',
      ),
      value: 'string',
    }),
    {
      choice: spec(
        'acse.encoding',
        'encoding',
        'uint',
        'How the value is encoded: one ASN.1 value, octet-aligned, or arbitrary bits.',
        {
          values: { 0: 'single-ASN1-type', 1: 'octet-aligned', 2: 'arbitrary' },
        },
      ),
      alternatives: [
        tagged(CONTEXT, 0, {
          spec: node(
            'acse.single_ASN1_type_element',
            'single-ASN1-type',
            'The value: one encoding of the abstract syntax (an MMS PDU).',
          ),
          handOff: true,
        }),
        tagged(CONTEXT, 1, {
          spec: spec('acse.octet_aligned', 'octet-aligned', 'bytes', 'The value as octets of its transfer syntax.'),
          handOff: true,
        }),
        tagged(CONTEXT, 2, bits('acse.arbitrary', 'arbitrary', 'The value as a bit string.')),
      ],
    },
  ],
};
const USER_INFORMATION = tagged(CONTEXT, 30, {
  spec: count(
    'acse.user_information',
    'user-information',
    'User-information: the EXTERNAL values of the application protocol carried with the APDU.',
  ),
  members: [tagged(UNIVERSAL, 8, EXTERNAL)],
  repeated: true,
});

const AARQ: BerType = {
  spec: node(
    'acse.aarq_element',
    'aarq',
    'AARQ APDU: A-ASSOCIATE request, the association the initiator proposes.',
    AARQ_FIELDS,
  ),
  members: [
    PROTOCOL_VERSION,
    CONTEXT_NAME,
    apTitle(2, 'acse.called_AP_title', 'called-AP-title'),
    aeQualifier(3, 'acse.called_AE_qualifier', 'called-AE-qualifier'),
    invocation(4, 'acse.called_AP_invocation_identifier', 'called-AP-invocation-identifier'),
    invocation(5, 'acse.called_AE_invocation_identifier', 'called-AE-invocation-identifier'),
    apTitle(6, 'acse.calling_AP_title', 'calling-AP-title'),
    aeQualifier(7, 'acse.calling_AE_qualifier', 'calling-AE-qualifier'),
    invocation(8, 'acse.calling_AP_invocation_identifier', 'calling-AP-invocation-identifier'),
    invocation(9, 'acse.calling_AE_invocation_identifier', 'calling-AE-invocation-identifier'),
    REQUIREMENTS(10, 'acse.sender_acse_requirements', 'sender-acse-requirements'),
    MECHANISM(11),
    AUTHENTICATION(12, 'acse.calling_authentication_value', 'calling-authentication-value'),
    CONTEXT_NAME_LIST(13),
    IMPLEMENTATION,
    USER_INFORMATION,
  ],
};
const RESULTS = { 0: 'accepted', 1: 'rejected-permanent', 2: 'rejected-transient' };
const SERVICE_USER = {
  0: 'null',
  1: 'no-reason-given',
  2: 'application-context-name-not-supported',
  3: 'calling-AP-title-not-recognized',
  4: 'calling-AP-invocation-identifier-not-recognized',
  5: 'calling-AE-qualifier-not-recognized',
  6: 'calling-AE-invocation-identifier-not-recognized',
  7: 'called-AP-title-not-recognized',
  8: 'called-AP-invocation-identifier-not-recognized',
  9: 'called-AE-qualifier-not-recognized',
  10: 'called-AE-invocation-identifier-not-recognized',
  11: 'authentication-mechanism-name-not-recognized',
  12: 'authentication-mechanism-name-required',
  13: 'authentication-failure',
  14: 'authentication-required',
};
const AARE: BerType = {
  spec: node(
    'acse.aare_element',
    'aare',
    'AARE APDU: A-ASSOCIATE response, the association accepted or rejected.',
    AARE_FIELDS,
  ),
  members: [
    PROTOCOL_VERSION,
    CONTEXT_NAME,
    tagged(
      CONTEXT,
      2,
      explicit(
        'acse.result',
        'result',
        'Associate-result: 0 accepted, 1 rejected (permanent), 2 rejected (transient).',
        INTEGER,
        RESULTS,
      ),
    ),
    tagged(CONTEXT, 3, {
      spec: choice(
        'acse.result_source_diagnostic',
        'result-source-diagnostic',
        'Who decided the result (the ACSE service user or provider), and why.',
        { 1: 'service-user', 2: 'service-provider' },
      ),
      chooses: true,
      members: [
        tagged(
          CONTEXT,
          1,
          explicit('acse.service_user', 'service-user', 'Diagnostic of the ACSE service user.', INTEGER, SERVICE_USER),
        ),
        tagged(
          CONTEXT,
          2,
          explicit('acse.service_provider', 'service-provider', 'Diagnostic of the ACSE service provider.', INTEGER, {
            0: 'null',
            1: 'no-reason-given',
            2: 'no-common-acse-version',
          }),
        ),
      ],
    }),
    apTitle(4, 'acse.responding_AP_title', 'responding-AP-title'),
    aeQualifier(5, 'acse.responding_AE_qualifier', 'responding-AE-qualifier'),
    invocation(6, 'acse.responding_AP_invocation_identifier', 'responding-AP-invocation-identifier'),
    invocation(7, 'acse.responding_AE_invocation_identifier', 'responding-AE-invocation-identifier'),
    REQUIREMENTS(8, 'acse.responder_acse_requirements', 'responder-acse-requirements'),
    MECHANISM(9),
    AUTHENTICATION(10, 'acse.responding_authentication_value', 'responding-authentication-value'),
    CONTEXT_NAME_LIST(11),
    IMPLEMENTATION,
    USER_INFORMATION,
  ],
};
const RLRQ_REASONS = { 0: 'normal', 1: 'urgent', 30: 'user-defined' };
const RLRE_REASONS = { 0: 'normal', 1: 'not-finished', 30: 'user-defined' };
const ABRT_SOURCES = { 0: 'acse-service-user', 1: 'acse-service-provider' };
const RLRQ: BerType = {
  spec: node(
    'acse.rlrq_element',
    'rlrq',
    'RLRQ APDU: A-RELEASE request, the orderly end of the association.',
    RLRQ_FIELDS,
  ),
  members: [
    tagged(
      CONTEXT,
      0,
      integer(
        'acse.reason',
        'reason',
        'Release-request-reason: 0 normal, 1 urgent, 30 user-defined.',
        RLRQ_REASONS,
        RLRQ_FIELDS,
      ),
    ),
    USER_INFORMATION,
  ],
};
const RLRE: BerType = {
  spec: node('acse.rlre_element', 'rlre', 'RLRE APDU: A-RELEASE response.', RLRE_FIELDS),
  members: [
    tagged(
      CONTEXT,
      0,
      integer(
        'acse.reason',
        'reason',
        'Release-response-reason: 0 normal, 1 not-finished, 30 user-defined.',
        RLRE_REASONS,
        RLRE_FIELDS,
      ),
    ),
    USER_INFORMATION,
  ],
};
const ABRT: BerType = {
  spec: node('acse.abrt_element', 'abrt', 'ABRT APDU: A-ABORT, the association ended abruptly.', ABRT_FIELDS),
  members: [
    tagged(
      CONTEXT,
      0,
      integer(
        'acse.abort_source',
        'abort-source',
        'ABRT-source: 0 the ACSE service user, 1 the ACSE service provider.',
        ABRT_SOURCES,
        ABRT_FIELDS,
      ),
    ),
    tagged(
      CONTEXT,
      1,
      integer(
        'acse.abort_diagnostic',
        'abort-diagnostic',
        'ABRT-diagnostic: why.',
        {
          1: 'no-reason-given',
          2: 'protocol-error',
          3: 'authentication-mechanism-name-not-recognized',
          4: 'authentication-mechanism-name-required',
          5: 'authentication-failure',
          6: 'authentication-required',
        },
        ABRT_FIELDS,
      ),
    ),
    USER_INFORMATION,
  ],
};
const ACSE_APDU: readonly BerMember[] = [
  tagged(APPLICATION, 0, AARQ),
  tagged(APPLICATION, 1, AARE),
  tagged(APPLICATION, 2, RLRQ),
  tagged(APPLICATION, 3, RLRE),
  tagged(APPLICATION, 4, ABRT),
  tagged(APPLICATION, 5, { spec: node('acse.adt_element', 'adt', 'A-DT APDU: data on a connectionless association.') }),
  tagged(APPLICATION, 6, {
    spec: node('acse.acrq_element', 'acrq', 'ACRQ APDU: A-CONTEXT-REQUEST (context negotiation).'),
  }),
  tagged(APPLICATION, 7, { spec: node('acse.acrp_element', 'acrp', 'ACRP APDU: A-CONTEXT-RESPONSE.') }),
];

export const ACSE_TABLE: ProtocolTable = {
  protocol: 'acse',
  name: 'ISO 8650-1 OSI Association Control Service',
  fields: specsOf(ACSE_APDU),
  layouts: [],
};

const NAMES = [
  'A-Associate-Request',
  'A-Associate-Response',
  'Release-Request',
  'Release-Response',
  'Abort',
  'A-DT',
  'A-Context-Request',
  'A-Context-Response',
];
const SHORT = ['AARQ', 'AARE', 'RLRQ', 'RLRE', 'ABRT', 'ADT', 'ACRQ', 'ACRP'];

/** Wireshark's Info: the APDU's name, and the reason (release) or source (abort) in brackets when given. */
function infoOf(bytes: Bytes, offset: number, end: number): string {
  const h = newHeader();
  if (!readHeader(bytes, offset, end, h)) return 'ACSE';
  const apdu = h.tag;
  const name = NAMES[apdu] ?? `[APPLICATION ${apdu}]`;
  const values = apdu === 2 ? RLRQ_REASONS : apdu === 3 ? RLRE_REASONS : apdu === 4 ? ABRT_SOURCES : undefined;
  if (values === undefined || h.length < 0) return name;
  const stop = Math.min(end, h.contentStart + h.length);
  if (!readHeader(bytes, h.contentStart, stop, h) || h.cls !== CONTEXT || h.tag !== 0 || h.length < 0) return name;
  if (h.contentStart + h.length > stop) return name;
  const n = integerValue(bytes, h.contentStart, h.length);
  const text = typeof n === 'number' ? values[n as keyof typeof values] : undefined;
  return `${name} (${text ?? `${apdu === 4 ? 'source' : 'reason'}(${n})`})`;
}

/** The first element's header, read after the walk (no allocation per frame). */
const FIRST = newHeader();

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  const cut = tsduLimit(context, end) > end;
  const w = berWalk(out, bytes, end, cut);
  walkElements(w, offset, end, ACSE_APDU);
  const h = FIRST;
  const apdu = readHeader(bytes, offset, end, h) ? h.tag : -1;
  const summary = `ISO 8650-1 OSI Association Control Service${SHORT[apdu] ? `, ${SHORT[apdu]}` : ''}`;
  const info = infoOf(bytes, offset, end);
  if (w.handOffStart < 0) return { problems: [], summary, info, end };
  return {
    problems: [],
    summary,
    info,
    end,
    payload: {
      offset: w.handOffStart,
      end: w.handOffEnd,
      next: { table: 'pres.data', keys: w.handOffKey >= 0 ? [w.handOffKey] : [] },
    },
    claimUnclaimed: (sink, b, from, to) => walkUnnamed(sink, b, from, to, cut && to === end),
  };
};

/**
 * A presentation data value is an ACSE APDU when it is one element tagged [APPLICATION 0–7], constructed. Wireshark
 * knows it from the presentation context the CP declared for ACSE's abstract syntax; a frame alone has only its tag.
 */
export function looksLikeAcse(bytes: Bytes, offset: number, end: number): boolean {
  if (end <= offset) return false;
  const first = bytes[offset]!;
  return first >= 0x60 && first <= 0x67 && isOneElement(bytes, offset, end, true);
}

export const acse: Protocol = { protocol: 'acse', dissect };
