// ISO 8823-1 / ITU-T X.226 connection-oriented presentation protocol: the PPDU in a session SPDU's user data, in BER.
// Which PPDU it is follows from the SPDU that carries it (X.226 §7): CP-type in a CONNECT, CPA-PPDU in an ACCEPT,
// CPR-PPDU in a REFUSE, Abort-type (ARU/ARP) in an ABORT, Typed-data-type in a TYPED DATA, and User-data — the
// presentation data values — in DATA TRANSFER, FINISH, DISCONNECT and the rest. The ASN.1 (module
// ISO8823-PRESENTATION, X.226 §8.2), reduced to what the walker needs:
//
//   CP-type  ::= SET { mode-selector [0], x410-mode-parameters [1] OPTIONAL, normal-mode-parameters [2] SEQUENCE {
//                  protocol-version [0], calling-/called-presentation-selector [1]/[2], presentation-context-definition-
//                  list [4], default-context-name [6], presentation-requirements [8], user-session-requirements [9],
//                  protocol-options [11], initiators-nominated-context [12], extensions [14], User-data } }
//   CPA-PPDU ::= SET { mode-selector [0], x410-mode-parameters [1], normal-mode-parameters [2] SEQUENCE {
//                  protocol-version [0], responding-presentation-selector [3], presentation-context-definition-result-
//                  list [5], presentation-requirements [8], user-session-requirements [9], protocol-options [11],
//                  responders-nominated-context [13], User-data } }
//   User-data ::= CHOICE { simply-encoded-data [APPLICATION 0] OCTET STRING,
//                          fully-encoded-data [APPLICATION 1] SEQUENCE OF PDV-list }
//   PDV-list ::= SEQUENCE { transfer-syntax-name OID OPTIONAL, presentation-context-identifier INTEGER,
//                presentation-data-values CHOICE { single-ASN1-type [0] ANY, octet-aligned [1] OCTET STRING,
//                arbitrary [2] BIT STRING } }
//
// The first presentation data value goes on to the `pres.data` table, keyed by its presentation context identifier;
// ACSE and MMS recognise their APDUs there by their tags (the context's abstract syntax is named only in the CP).
import { citing, type Documents } from '../cite';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import type { FieldId } from '../field-ids';
import {
  APPLICATION,
  CONTEXT,
  OSI_OIDS,
  UNIVERSAL,
  berWalk,
  bitNames,
  named,
  specsOf,
  tagKey,
  tagged,
  tagText,
  newHeader,
  readHeader,
  walkElements,
  walkUnnamed,
  type BerChoice,
  type BerMember,
  type BerShape,
  type BerType,
} from './ber';
import { problem, tsduLimit } from './common';

export const PRES_DOCUMENTS = {
  'ITU-T X.226': {
    title: 'Connection-oriented presentation protocol: Protocol specification (= ISO/IEC 8823-1)',
    url: 'https://www.itu.int/rec/T-REC-X.226/en',
  },
} as const satisfies Documents;
const cite = citing(PRES_DOCUMENTS);

const PPDUS = cite('ITU-T X.226', '8.2');
const MAPPING = cite('ITU-T X.226', '7');

/** Session SI codes (X.225 §8.3) that select the PPDU. */
const CN = 13;
const AC = 14;
const RF = 12;
const AB = 25;
const AA = 26;
const TD = 33;

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
  cite: PPDUS,
  meaning,
  ...extra,
});
/** A named presentation element (X.226 §8.2); its field's kind follows from its shape. */
const el = (id: FieldId, label: string, meaning: string, shape: BerShape = {}) =>
  named(id, label, PPDUS, meaning, shape);
const node = (id: FieldId, label: string, meaning: string) => el(id, label, meaning).spec!;
/** A SEQUENCE OF: its field's value is how many items it holds. */
const count = (id: FieldId, label: string, meaning: string) => el(id, label, meaning, { list: true }).spec!;
const integer = (id: FieldId, label: string, meaning: string, values?: Readonly<Record<number, string>>) =>
  el(id, label, meaning, { value: 'integer', ...(values ? { values } : {}) });
const oid = (id: FieldId, label: string, meaning: string) => el(id, label, meaning, { value: 'oid', names: OSI_OIDS });
const octets = (id: FieldId, label: string, meaning: string) => el(id, label, meaning, { value: 'octets' });
/** A BIT STRING; with `names`, the tree lists the bits set. */
const bits = (id: FieldId, label: string, meaning: string, names?: readonly string[]) =>
  el(id, label, meaning, { value: 'bits', ...(names ? { describe: bitNames(names) } : {}) });

const SEQUENCE = 16;
const SET = 17;

const CONTEXT_ID = integer(
  'pres.presentation_context_identifier',
  'presentation-context-identifier',
  'Presentation-context-identifier: an odd integer naming a presentation context (an abstract syntax and its transfer syntax) agreed in the CP/CPA.',
);
const RECORDED_CONTEXT_ID: BerType = { ...CONTEXT_ID, record: true };
const TRANSFER_SYNTAX = oid(
  'pres.transfer_syntax_name',
  'transfer-syntax-name',
  'Transfer-syntax-name: the OBJECT IDENTIFIER of an encoding (2.1.1: BER).',
);
const ABSTRACT_SYNTAX = oid(
  'pres.abstract_syntax_name',
  'abstract-syntax-name',
  'Abstract-syntax-name: the OBJECT IDENTIFIER of the ASN.1 module the context carries (2.2.1.0.1 ACSE, 1.0.9506.2.1 MMS).',
);
const PROVIDER_REASON = integer(
  'pres.provider_reason',
  'provider-reason',
  'Provider-reason: why the presentation provider rejected a context or aborted.',
  {
    0: 'reason-not-specified',
    1: 'temporary-congestion',
    2: 'local-limit-exceeded',
    3: 'called-presentation-address-unknown',
    4: 'protocol-version-not-supported',
    5: 'default-context-not-supported',
    6: 'user-data-not-readable',
    7: 'no-PSAP-available',
  },
);

const PDV_LIST: BerType = {
  spec: node(
    'pres.PDV_list_element',
    'PDV-list',
    'One presentation data value: its context, and the value in that context.',
  ),
  members: [
    tagged(UNIVERSAL, 6, TRANSFER_SYNTAX),
    tagged(UNIVERSAL, 2, RECORDED_CONTEXT_ID),
    {
      choice: spec(
        'pres.presentation_data_values',
        'presentation-data-values',
        'uint',
        'How the value is encoded: one ASN.1 value, octet-aligned, or arbitrary bits.',
        {
          values: { 0: 'single-ASN1-type', 1: 'octet-aligned', 2: 'arbitrary' },
        },
      ),
      alternatives: [
        tagged(CONTEXT, 0, {
          spec: node(
            'pres.single_ASN1_type_element',
            'single-ASN1-type',
            'The value: one encoding of the abstract syntax the context names (an ACSE APDU, an MMS PDU).',
          ),
          handOff: true,
        }),
        tagged(CONTEXT, 1, {
          spec: spec('pres.octet_aligned', 'octet-aligned', 'bytes', 'The value as octets of its transfer syntax.'),
          handOff: true,
        }),
        tagged(CONTEXT, 2, bits('pres.arbitrary', 'arbitrary', 'The value as a bit string.')),
      ],
    },
  ],
};
const USER_DATA: BerChoice = {
  choice: spec(
    'pres.user_data',
    'user-data',
    'uint',
    'User-data: the presentation data values, simply encoded (one octet string) or fully encoded (a PDV list).',
    {
      values: { 0: 'simply-encoded-data', 1: 'fully-encoded-data' },
    },
  ),
  alternatives: [
    tagged(
      APPLICATION,
      0,
      octets(
        'pres.simply_encoded_data',
        'simply-encoded-data',
        'Simply-encoded-data: values of the single (default) context, as octets.',
      ),
    ),
    tagged(APPLICATION, 1, {
      spec: count(
        'pres.fully_encoded_data',
        'fully-encoded-data',
        'Fully-encoded-data: a list of PDVs, each naming its presentation context.',
      ),
      members: [tagged(UNIVERSAL, SEQUENCE, PDV_LIST)],
      repeated: true,
    }),
  ],
};

const MODE_SELECTOR = tagged(CONTEXT, 0, {
  spec: node(
    'pres.mode_selector_element',
    'mode-selector',
    'Mode-selector: normal mode, or X.410-1984 mode (for MHS).',
  ),
  members: [
    tagged(
      CONTEXT,
      0,
      integer('pres.mode_value', 'mode-value', 'Mode-value: 0 x410-1984-mode, 1 normal-mode.', {
        0: 'x410-1984-mode',
        1: 'normal-mode',
      }),
    ),
  ],
});
const X410_MODE = tagged(CONTEXT, 1, {
  spec: node(
    'pres.x410_mode_parameters_element',
    'x410-mode-parameters',
    'The X.410-1984 mode parameters (RTSE), used for MHS only.',
  ),
});
const PROTOCOL_VERSION = tagged(
  CONTEXT,
  0,
  bits('pres.protocol_version', 'protocol-version', 'Protocol-version: bit 0 version-1 (the default when absent).', [
    'version-1',
  ]),
);
const SESSION_REQUIREMENTS = [
  'half-duplex',
  'duplex',
  'expedited-data',
  'minor-synchronize',
  'major-synchronize',
  'resynchronize',
  'activity-management',
  'negotiated-release',
  'capability-data',
  'exceptions',
  'typed-data',
  'symmetric-synchronize',
  'data-separation',
];
const REQUIREMENTS = [
  tagged(
    CONTEXT,
    8,
    bits(
      'pres.presentation_requirements',
      'presentation-requirements',
      'Presentation-requirements: bit 0 context-management, bit 1 restoration.',
      ['context-management', 'restoration'],
    ),
  ),
  tagged(
    CONTEXT,
    9,
    bits(
      'pres.user_session_requirements',
      'user-session-requirements',
      'User-session-requirements: the session functional units the PS-user asks for.',
      SESSION_REQUIREMENTS,
    ),
  ),
  tagged(
    CONTEXT,
    11,
    bits(
      'pres.protocol_options',
      'protocol-options',
      'Protocol-options: nominated-context, short-encoding, packed-encoding-rules.',
      ['nominated-context', 'short-encoding', 'packed-encoding-rules'],
    ),
  ),
];
const CONTEXT_LIST_ITEM: BerType = {
  spec: node(
    'pres.Context_list_item_element',
    'Context-list item',
    'One proposed presentation context: its identifier, abstract syntax and transfer syntaxes.',
  ),
  members: [
    tagged(UNIVERSAL, 2, CONTEXT_ID),
    tagged(UNIVERSAL, 6, ABSTRACT_SYNTAX),
    tagged(UNIVERSAL, SEQUENCE, {
      spec: count(
        'pres.transfer_syntax_name_list',
        'transfer-syntax-name-list',
        'The transfer syntaxes proposed for the context.',
      ),
      members: [
        tagged(UNIVERSAL, 6, oid('pres.Transfer_syntax_name', 'Transfer-syntax-name', 'A proposed transfer syntax.')),
      ],
      repeated: true,
    }),
  ],
};
const RESULT_LIST_ITEM: BerType = {
  spec: node('pres.Result_list_item_element', 'Result-list item', "The responder's answer for one proposed context."),
  members: [
    tagged(
      CONTEXT,
      0,
      integer('pres.result', 'result', 'Result: 0 acceptance, 1 user-rejection, 2 provider-rejection.', {
        0: 'acceptance',
        1: 'user-rejection',
        2: 'provider-rejection',
      }),
    ),
    tagged(CONTEXT, 1, TRANSFER_SYNTAX),
    tagged(CONTEXT, 2, PROVIDER_REASON),
  ],
};
const RESULT_LIST = (tag: number) =>
  tagged(CONTEXT, tag, {
    spec: count(
      'pres.presentation_context_definition_result_list',
      'presentation-context-definition-result-list',
      'The result for each context the CP proposed, in order.',
    ),
    members: [tagged(UNIVERSAL, SEQUENCE, RESULT_LIST_ITEM)],
    repeated: true,
  });
const RESPONDING_SELECTOR = tagged(
  CONTEXT,
  3,
  octets('pres.responding_presentation_selector', 'responding-presentation-selector', 'The responding PSAP selector.'),
);
const NORMAL_MODE = (meaning: string, members: readonly BerMember[]): BerType => ({
  spec: node('pres.normal_mode_parameters_element', 'normal-mode-parameters', meaning),
  members,
});

const CP_TYPE: BerType = {
  spec: node('pres.cptype', 'CP-type', 'CP PPDU: the connect request, in the user data of a session CONNECT SPDU.'),
  members: [
    MODE_SELECTOR,
    X410_MODE,
    tagged(
      CONTEXT,
      2,
      NORMAL_MODE('The CP parameters in normal mode.', [
        PROTOCOL_VERSION,
        tagged(
          CONTEXT,
          1,
          octets('pres.calling_presentation_selector', 'calling-presentation-selector', 'The calling PSAP selector.'),
        ),
        tagged(
          CONTEXT,
          2,
          octets('pres.called_presentation_selector', 'called-presentation-selector', 'The called PSAP selector.'),
        ),
        tagged(CONTEXT, 4, {
          spec: count(
            'pres.presentation_context_definition_list',
            'presentation-context-definition-list',
            'The presentation contexts proposed: identifier, abstract syntax, transfer syntaxes.',
          ),
          members: [tagged(UNIVERSAL, SEQUENCE, CONTEXT_LIST_ITEM)],
          repeated: true,
        }),
        tagged(CONTEXT, 6, {
          spec: node(
            'pres.default_context_name_element',
            'default-context-name',
            'The default context: its abstract and transfer syntax.',
          ),
          members: [tagged(CONTEXT, 0, ABSTRACT_SYNTAX), tagged(CONTEXT, 1, TRANSFER_SYNTAX)],
        }),
        ...REQUIREMENTS,
        tagged(
          CONTEXT,
          12,
          integer(
            'pres.initiators_nominated_context',
            'initiators-nominated-context',
            "The initiator's nominated context.",
          ),
        ),
        tagged(CONTEXT, 14, { spec: node('pres.extensions_element', 'extensions', 'Extensions (none defined).') }),
        USER_DATA,
      ]),
    ),
  ],
};
const CPA_PPDU: BerType = {
  spec: node('pres.cpapdu', 'CPA-PPDU', 'CPA PPDU: the connect accept, in the user data of a session ACCEPT SPDU.'),
  members: [
    MODE_SELECTOR,
    X410_MODE,
    tagged(
      CONTEXT,
      2,
      NORMAL_MODE('The CPA parameters in normal mode.', [
        PROTOCOL_VERSION,
        RESPONDING_SELECTOR,
        RESULT_LIST(5),
        ...REQUIREMENTS,
        tagged(
          CONTEXT,
          13,
          integer(
            'pres.responders_nominated_context',
            'responders-nominated-context',
            "The responder's nominated context.",
          ),
        ),
        USER_DATA,
      ]),
    ),
  ],
};
/** The X.410-1984 mode alternative of a CPR (its RTORJ) or an ARU (its RTAB): shown by its tags. */
const X400_MODE = tagged(
  UNIVERSAL,
  SET,
  {
    spec: node(
      'pres.x400_mode_parameters_element',
      'x400-mode-parameters',
      'The X.410-1984 mode parameters: an RTORJ in a CPR PPDU, an RTAB in an ARU PPDU.',
    ),
  },
  0,
);
const CPR_PPDU: BerChoice = {
  choice: spec(
    'pres.cprtype',
    'CPR-PPDU',
    'uint',
    'CPR PPDU: the connect reject, in the user data of a session REFUSE SPDU.',
    {
      values: { 0: 'x400-mode-parameters', 1: 'normal-mode-parameters' },
    },
  ),
  alternatives: [
    X400_MODE,
    tagged(
      UNIVERSAL,
      SEQUENCE,
      NORMAL_MODE('The CPR parameters in normal mode.', [
        PROTOCOL_VERSION,
        RESPONDING_SELECTOR,
        RESULT_LIST(5),
        tagged(
          CONTEXT,
          7,
          integer(
            'pres.default_context_result',
            'default-context-result',
            'The result for the proposed default context.',
          ),
        ),
        tagged(CONTEXT, 10, PROVIDER_REASON),
        USER_DATA,
      ]),
      1,
    ),
  ],
};
const ABORT_TYPE: BerChoice = {
  choice: spec(
    'pres.aborttype',
    'Abort type',
    'uint',
    'Abort-type: an ARU PPDU (the user aborts) or an ARP PPDU (the provider does).',
    {
      values: { 0: 'aru-ppdu', 1: 'arp-ppdu' },
    },
  ),
  alternatives: [
    X400_MODE,
    tagged(
      CONTEXT,
      0,
      NORMAL_MODE('The ARU parameters in normal mode.', [
        tagged(CONTEXT, 0, {
          spec: node(
            'pres.presentation_context_identifier_list',
            'presentation-context-identifier-list',
            'The contexts the user data below uses, with their transfer syntaxes.',
          ),
          members: [
            tagged(UNIVERSAL, SEQUENCE, {
              spec: count(
                'pres.Presentation_context_identifier_list_item_element',
                'Presentation-context-identifier-list item',
                'A context and its transfer syntax.',
              ),
              members: [tagged(UNIVERSAL, 2, CONTEXT_ID), tagged(UNIVERSAL, 6, TRANSFER_SYNTAX)],
            }),
          ],
          repeated: true,
        }),
        USER_DATA,
      ]),
      0,
    ),
    tagged(
      UNIVERSAL,
      SEQUENCE,
      {
        spec: node('pres.arp_ppdu_element', 'arp-ppdu', 'ARP PPDU: the presentation provider aborts, with a reason.'),
        members: [
          tagged(CONTEXT, 0, PROVIDER_REASON),
          tagged(
            CONTEXT,
            1,
            integer('pres.event_identifier', 'event-identifier', 'The PPDU (or event) the abort is about.'),
          ),
        ],
      },
      1,
    ),
  ],
};
const TYPED_DATA: BerChoice = {
  choice: spec(
    'pres.Typed_data_type',
    'Typed data type',
    'uint',
    'Typed-data-type: an AC or ACA PPDU (context alteration), or typed user data.',
    {
      values: { 0: 'acPPDU', 1: 'acaPPDU', 2: 'ttdPPDU' },
    },
  ),
  alternatives: [
    tagged(CONTEXT, 0, { spec: node('pres.acPPDU_element', 'acPPDU', 'AC PPDU: alter context.') }),
    tagged(CONTEXT, 1, { spec: node('pres.acaPPDU_element', 'acaPPDU', 'ACA PPDU: alter context acknowledge.') }),
  ],
};

interface Ppdu {
  readonly name: string;
  readonly members: readonly BerMember[];
  /** The layer's summary, made once. */
  readonly summary: string;
  /** The tags (`tagKey`) the PPDU may start with. */
  readonly firstTags: ReadonlySet<number>;
}
function ppdu(name: string, members: readonly BerMember[]): Ppdu {
  const firstTags = new Set(members.flatMap((m) => ('choice' in m ? m.alternatives.map((a) => a.tag) : [m.tag])));
  return { name, members, summary: `ISO 8823 OSI Presentation Protocol, ${name}`, firstTags };
}
const CP = ppdu('CP-type', [tagged(UNIVERSAL, SET, CP_TYPE)]);
const CPA = ppdu('CPA-PPDU', [tagged(UNIVERSAL, SET, CPA_PPDU)]);
const CPR = ppdu('CPR-PPDU', [CPR_PPDU]);
const ABORT = ppdu('Abort-type', [ABORT_TYPE]);
const TYPED = ppdu('Typed-data-type', [TYPED_DATA, USER_DATA]);
const DATA = ppdu('User-data', [USER_DATA]);

/** What the user data of each SPDU is (X.226 §7); anything else carries User-data. */
function ppduOf(spdu: number | undefined): Ppdu {
  switch (spdu) {
    case CN:
      return CP;
    case AC:
      return CPA;
    case RF:
      return CPR;
    case AB:
    case AA:
      return ABORT;
    case TD:
      return TYPED;
    default:
      return DATA;
  }
}

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  const ppdu = ppduOf(context.spdu);
  const cut = tsduLimit(context, end) > end;
  const summary = ppdu.summary;
  if (end <= offset) {
    return {
      problems: [
        problem(
          'error',
          'malformed',
          `The session SPDU carries no SS-user data, where its ${ppdu.name} belongs (X.226 §7)`,
          { offset, cite: MAPPING },
        ),
      ],
      summary: `ISO 8823 OSI Presentation Protocol (no ${ppdu.name})`,
      end,
    };
  }
  const w = berWalk(out, bytes, end, cut);
  const h = FIRST;
  const problems = [];
  // The PPDU the SPDU calls for (X.226 §7): anything else is shown by its tags, and flagged.
  if (readHeader(bytes, offset, end, h) && !ppdu.firstTags.has(tagKey(h.cls, h.tag)))
    problems.push(
      problem(
        'error',
        'unexpected-value',
        `The SS-user data starts with ${tagText(h.cls, h.tag)}, not the ${ppdu.name} PPDU this SPDU carries (X.226 §7, §8.2)`,
        { offset, cite: PPDUS },
      ),
    );
  walkElements(w, offset, end, ppdu.members);
  if (w.handOffStart < 0) return { problems, summary, end };
  const start = w.handOffStart;
  const stop = w.handOffEnd;
  return {
    problems,
    summary,
    end,
    payload: { offset: start, end: stop, next: { table: 'pres.data', keys: w.handOffKey >= 0 ? [w.handOffKey] : [] } },
    claimUnclaimed: (sink, b, from, to) => walkUnnamed(sink, b, from, to, cut && to === end),
  };
};

/** The first element's header, read before the walk (no allocation per frame). */
const FIRST = newHeader();

export const PRES_TABLE: ProtocolTable = {
  protocol: 'pres',
  name: 'ISO 8823 OSI Presentation Protocol',
  fields: specsOf([
    tagged(UNIVERSAL, SET, CP_TYPE),
    tagged(UNIVERSAL, SET, CPA_PPDU),
    CPR_PPDU,
    ABORT_TYPE,
    TYPED_DATA,
    USER_DATA,
  ]),
  layouts: [],
};

export const pres: Protocol = { protocol: 'pres', dissect };
