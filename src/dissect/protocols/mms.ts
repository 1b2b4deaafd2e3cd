// ISO 9506-2 MMS (Manufacturing Message Specification), the application protocol of IEC 61850 client/server traffic:
// one MMSpdu per presentation data value (or per ACSE user-information EXTERNAL, for the initiate PDUs), in BER.
// ISO 9506-2 is not freely published: the clauses are cited by the ASN.1 module and type (ISO-9506-MMS-1), whose tags
// follow. Tags are context-specific:
//
//   MMSpdu ::= CHOICE { confirmed-RequestPDU [0], confirmed-ResponsePDU [1], confirmed-ErrorPDU [2], unconfirmed-PDU [3],
//                       rejectPDU [4], cancel-RequestPDU [5], cancel-ResponsePDU [6], cancel-ErrorPDU [7],
//                       initiate-RequestPDU [8], initiate-ResponsePDU [9], initiate-ErrorPDU [10],
//                       conclude-RequestPDU [11], conclude-ResponsePDU [12], conclude-ErrorPDU [13] }
//   Confirmed-RequestPDU ::= SEQUENCE { invokeID Unsigned32, listOfModifier SEQUENCE OF Modifier OPTIONAL,
//                       confirmedServiceRequest ConfirmedServiceRequest (a CHOICE, [0] status … [77] fileDirectory) }
//   Confirmed-ResponsePDU ::= SEQUENCE { invokeID Unsigned32, confirmedServiceResponse ConfirmedServiceResponse }
//
// What a user needs to tell frames apart is shown by name: the PDU, the invokeID, the service and, for the services
// IEC 61850 uses most (getNameList, read, write, getVariableAccessAttributes, getNamedVariableListAttributes,
// identify, informationReport), their object names and data; anything else inside is shown element by element.
import { citing, type Documents } from '../cite';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import { text, type Bytes } from '../reader';
import {
  CONTEXT,
  UNIVERSAL,
  berWalk,
  integerValue,
  isOneElement,
  newHeader,
  readHeader,
  specsOf,
  tagged,
  walkElements,
  type BerChoice,
  type BerField,
  type BerMember,
  type BerType,
} from './ber';

export const MMS_DOCUMENTS = {
  'ISO 9506-2': {
    title: 'Industrial automation systems — Manufacturing Message Specification — Part 2: Protocol specification',
    url: 'https://www.iso.org/standard/37080.html',
  },
} as const satisfies Documents;
const cite = citing(MMS_DOCUMENTS);

const at = (type: string) => cite('ISO 9506-2', `ASN.1 module ISO-9506-MMS-1, ${type}`);
const MMS_PDU = at('MMSpdu');

const spec = (
  id: string,
  label: string,
  kind: FieldSpec['kind'],
  meaning: string,
  c = MMS_PDU,
  extra: Partial<FieldSpec> = {},
): FieldSpec => ({
  id,
  label,
  kind,
  cite: c,
  meaning,
  ...extra,
});
const node = (id: string, label: string, meaning: string, c = MMS_PDU): BerType => ({
  spec: spec(id, label, 'none', meaning, c),
});
const integer = (
  id: string,
  label: string,
  meaning: string,
  c = MMS_PDU,
  values?: Readonly<Record<number, string>>,
): BerType => ({
  spec: spec(id, label, 'uint', meaning, c, values ? { values } : {}),
  value: 'integer',
});
const string = (id: string, label: string, meaning: string, c = MMS_PDU, tap?: number): BerType => ({
  spec: spec(id, label, 'text', meaning, c),
  value: 'string',
  ...(tap !== undefined ? { tap } : {}),
});
const boolean = (id: string, label: string, meaning: string, c = MMS_PDU): BerType => ({
  spec: spec(id, label, 'uint', meaning, c),
  value: 'boolean',
});
const bits = (id: string, label: string, meaning: string, c = MMS_PDU): BerType => ({
  spec: spec(id, label, 'bytes', meaning, c),
  value: 'bits',
});
const octets = (id: string, label: string, meaning: string, c = MMS_PDU, tap?: number): BerType => ({
  spec: spec(id, label, 'bytes', meaning, c),
  value: 'octets',
  ...(tap !== undefined ? { tap } : {}),
});
const nil = (id: string, label: string, meaning: string, c = MMS_PDU): BerType => ({
  spec: spec(id, label, 'none', meaning, c),
  value: 'null',
});
const ctx = (tag: number, type: BerType, index?: number): BerField => tagged(CONTEXT, tag, type, index);
const constructed = (type: BerType, members: readonly BerMember[], repeated?: true): BerType => ({
  ...type,
  members,
  ...(repeated ? { repeated } : {}),
});

/** What the Info column takes from a PDU (Wireshark's "invokeID pdu domainId itemId …"). */
const TAP_INVOKE = 1;
const TAP_NAME = 2;
const TAP_FLOAT = 3;

const SEQUENCE = 16;
const VISIBLE_STRING = 26;

// ---- Common types

const OBJECT_NAME_CITE = at('ObjectName');
const objectName = (id: string, label: string): BerChoice => ({
  choice: spec(
    id,
    label,
    'uint',
    'ObjectName: a VMD-specific, domain-specific or association-specific name.',
    OBJECT_NAME_CITE,
    {
      values: { 0: 'vmd-specific', 1: 'domain-specific', 2: 'aa-specific' },
    },
  ),
  alternatives: [
    ctx(0, string('mms.vmd_specific', 'vmd-specific', 'A name valid in the whole VMD (Identifier).', OBJECT_NAME_CITE)),
    ctx(
      1,
      constructed(
        node(
          'mms.domain_specific_element',
          'domain-specific',
          'A name inside a domain (an IEC 61850 logical device).',
          OBJECT_NAME_CITE,
        ),
        [
          tagged(
            UNIVERSAL,
            VISIBLE_STRING,
            string(
              'mms.domainId',
              'domainId',
              'The domain (IEC 61850: the logical device).',
              OBJECT_NAME_CITE,
              TAP_NAME,
            ),
          ),
          tagged(
            UNIVERSAL,
            VISIBLE_STRING,
            string(
              'mms.itemId',
              'itemId',
              'The item in the domain (IEC 61850: LN$FC$DO$DA).',
              OBJECT_NAME_CITE,
              TAP_NAME,
            ),
          ),
        ],
      ),
    ),
    ctx(2, string('mms.aa_specific', 'aa-specific', 'A name valid on this association only.', OBJECT_NAME_CITE)),
  ],
});
const OBJECT_NAME = objectName('mms.ObjectName', 'ObjectName');

const DATA_CITE = at('Data');
/** Data ::= CHOICE (recursive: arrays and structures of Data). */
const DATA: BerMember[] = [];
const dataChoice = (id: string, label: string): BerChoice => ({
  choice: spec(id, label, 'uint', 'Data: a value, by its type.', DATA_CITE, {
    values: {
      1: 'array',
      2: 'structure',
      3: 'boolean',
      4: 'bit-string',
      5: 'integer',
      6: 'unsigned',
      7: 'floating-point',
      9: 'octet-string',
      10: 'visible-string',
      11: 'generalized-time',
      12: 'binary-time',
      13: 'bcd',
      14: 'booleanArray',
      15: 'objId',
      16: 'mMSString',
      17: 'utc-time',
    },
  }),
  alternatives: DATA_ALTERNATIVES,
});
const DATA_ALTERNATIVES: BerField[] = [];
const DATA_VALUE = dataChoice('mms.Data', 'Data');
DATA.push(DATA_VALUE);
DATA_ALTERNATIVES.push(
  ctx(
    1,
    constructed(node('mms.array', 'array', 'An array: a SEQUENCE OF Data, all of one type.', DATA_CITE), DATA, true),
  ),
  ctx(
    2,
    constructed(
      node('mms.structure', 'structure', 'A structure: a SEQUENCE OF Data, one per component.', DATA_CITE),
      DATA,
      true,
    ),
  ),
  ctx(3, boolean('mms.boolean', 'boolean', 'A BOOLEAN value.', DATA_CITE)),
  ctx(4, bits('mms.data_bit-string', 'bit-string', 'A BIT STRING (IEC 61850: quality, options).', DATA_CITE)),
  ctx(5, integer('mms.integer', 'integer', 'A signed INTEGER value.', DATA_CITE)),
  ctx(6, integer('mms.unsigned', 'unsigned', 'An unsigned INTEGER.', DATA_CITE)),
  ctx(
    7,
    octets(
      'mms.floating_point',
      'floating-point',
      'FloatingPoint: an octet giving the exponent width (8: single precision), then the IEEE 754 value.',
      DATA_CITE,
      TAP_FLOAT,
    ),
  ),
  ctx(9, octets('mms.data.octet-string', 'octet-string', 'An OCTET STRING.', DATA_CITE)),
  ctx(10, string('mms.data.visible-string', 'visible-string', 'A VisibleString.', DATA_CITE)),
  ctx(11, string('mms.generalized_time', 'generalized-time', 'A GeneralizedTime.', DATA_CITE)),
  ctx(
    12,
    octets(
      'mms.data.binary-time',
      'binary-time',
      'TimeOfDay: milliseconds since midnight, and days since 1984-01-01 in the 6-octet form.',
      DATA_CITE,
    ),
  ),
  ctx(13, integer('mms.bcd', 'bcd', 'A binary-coded decimal, as an INTEGER.', DATA_CITE)),
  ctx(14, bits('mms.booleanArray', 'booleanArray', 'An array of BOOLEAN, as bits.', DATA_CITE)),
  ctx(15, { spec: spec('mms.objId', 'objId', 'text', 'An OBJECT IDENTIFIER.', DATA_CITE), value: 'oid' }),
  ctx(16, string('mms.mMSString', 'mMSString', 'An MMSString (UTF8String).', DATA_CITE)),
  ctx(
    17,
    octets(
      'mms.utc_time',
      'utc-time',
      'UtcTime: seconds since 1970, fraction and quality (IEC 61850 time stamps).',
      DATA_CITE,
    ),
  ),
);

const ACCESS_CITE = at('AccessResult');
const DATA_ACCESS_ERRORS: Readonly<Record<number, string>> = {
  0: 'object-invalidated',
  1: 'hardware-fault',
  2: 'temporarily-unavailable',
  3: 'object-access-denied',
  4: 'object-undefined',
  5: 'invalid-address',
  6: 'type-unsupported',
  7: 'type-inconsistent',
  8: 'object-attribute-inconsistent',
  9: 'object-access-unsupported',
  10: 'object-non-existent',
  11: 'object-value-invalid',
};
const FAILURE = integer(
  'mms.failure',
  'failure',
  'DataAccessError: why the variable could not be accessed.',
  ACCESS_CITE,
  DATA_ACCESS_ERRORS,
);
/** AccessResult ::= CHOICE { failure [0] IMPLICIT DataAccessError, success Data }. */
const ACCESS_RESULT: BerChoice = {
  choice: spec('mms.AccessResult', 'AccessResult', 'uint', 'AccessResult: the data read, or why not.', ACCESS_CITE, {
    values: { 0: 'failure', 1: 'success' },
  }),
  alternatives: [ctx(0, FAILURE, 0), ...DATA_ALTERNATIVES.map((a) => ({ ...a, index: 1 }))],
};
const LIST_OF_ACCESS_RESULT = (tag: number) =>
  ctx(
    tag,
    constructed(
      node('mms.listOfAccessResult', 'listOfAccessResult', 'One AccessResult per variable, in order.', ACCESS_CITE),
      [ACCESS_RESULT],
      true,
    ),
  );

const VARIABLE_CITE = at('VariableAccessSpecification');
const VARIABLE_SPECIFICATION: BerChoice = {
  choice: spec(
    'mms.variableSpecification',
    'variableSpecification',
    'uint',
    'VariableSpecification: a variable by name, by address, by description, or invalidated.',
    VARIABLE_CITE,
    {
      values: { 0: 'name', 1: 'address', 2: 'variableDescription', 3: 'scatteredAccessDescription', 4: 'invalidated' },
    },
  ),
  alternatives: [
    ctx(0, constructed(node('mms.name', 'name', 'The variable, by its ObjectName.', VARIABLE_CITE), [OBJECT_NAME])),
    ctx(1, node('mms.address', 'address', 'The variable, by its address.', VARIABLE_CITE)),
    ctx(
      2,
      node(
        'mms.variableDescription_element',
        'variableDescription',
        'The variable, by address and type.',
        VARIABLE_CITE,
      ),
    ),
    ctx(3, node('mms.scatteredAccessDescription', 'scatteredAccessDescription', 'A scattered access.', VARIABLE_CITE)),
    ctx(4, nil('mms.invalidated_element', 'invalidated', 'An invalidated variable.', VARIABLE_CITE)),
  ],
};
const LIST_OF_VARIABLE = (tag: number) =>
  ctx(
    tag,
    constructed(
      node(
        'mms.listOfVariable',
        'listOfVariable',
        'The variables, each with an optional alternate access.',
        VARIABLE_CITE,
      ),
      [
        tagged(
          UNIVERSAL,
          SEQUENCE,
          constructed(node('mms.listOfVariable_item_element', 'listOfVariable item', 'One variable.', VARIABLE_CITE), [
            VARIABLE_SPECIFICATION,
            ctx(
              5,
              node(
                'mms.alternateAccess',
                'alternateAccess',
                'Part of the variable (components, array elements).',
                VARIABLE_CITE,
              ),
            ),
          ]),
        ),
      ],
      true,
    ),
  );
/** VariableAccessSpecification ::= CHOICE { listOfVariable [0] IMPLICIT SEQUENCE OF …, variableListName [1] ObjectName }. */
const VARIABLE_ACCESS: BerChoice = {
  choice: spec(
    'mms.variableAccessSpecification',
    'variableAccessSpecification',
    'uint',
    'VariableAccessSpecification: a list of variables, or a named variable list (IEC 61850: a data set).',
    VARIABLE_CITE,
    {
      values: { 0: 'listOfVariable', 1: 'variableListName' },
    },
  ),
  alternatives: [
    LIST_OF_VARIABLE(0),
    ctx(
      1,
      constructed(
        node('mms.variableListName', 'variableListName', 'A named variable list, by its ObjectName.', VARIABLE_CITE),
        [OBJECT_NAME],
      ),
    ),
  ],
};

const SERVICE_ERROR_CITE = at('ServiceError');
const ERROR_CLASSES = [
  'vmd_state',
  'application_reference',
  'definition',
  'resource',
  'service',
  'service_preempt',
  'time_resolution',
  'access',
  'initiate',
  'conclude',
  'cancel',
  'file',
  'others',
];
const SERVICE_ERROR = (spec_: FieldSpec): BerType =>
  constructed({ spec: spec_ }, [
    ctx(
      0,
      constructed(
        node('mms.errorClass', 'errorClass', 'The class of the error, each with its own codes.', SERVICE_ERROR_CITE),
        ERROR_CLASSES.map((name, i) =>
          ctx(
            i,
            integer(
              `mms.${name}`,
              name.replace(/_/g, '-'),
              `Error code of class ${name.replace(/_/g, '-')}.`,
              SERVICE_ERROR_CITE,
            ),
          ),
        ),
      ),
    ),
    ctx(1, integer('mms.additionalCode', 'additionalCode', 'An additional error code.', SERVICE_ERROR_CITE)),
    ctx(
      2,
      string('mms.additionalDescription', 'additionalDescription', 'A text describing the error.', SERVICE_ERROR_CITE),
    ),
    ctx(
      3,
      node(
        'mms.serviceSpecificInformation',
        'serviceSpecificInformation',
        'Service-specific error information.',
        SERVICE_ERROR_CITE,
      ),
    ),
  ]);
const SERVICE_ERROR_SPEC = spec(
  'mms.serviceError_element',
  'serviceError',
  'none',
  'ServiceError: the error class and code, and more detail.',
  SERVICE_ERROR_CITE,
);

// ---- Services

const SERVICES = [
  'status',
  'getNameList',
  'identify',
  'rename',
  'read',
  'write',
  'getVariableAccessAttributes',
  'defineNamedVariable',
  'defineScatteredAccess',
  'getScatteredAccessAttributes',
  'deleteVariableAccess',
  'defineNamedVariableList',
  'getNamedVariableListAttributes',
  'deleteNamedVariableList',
  'defineNamedType',
  'getNamedTypeAttributes',
  'deleteNamedType',
  'input',
  'output',
  'takeControl',
  'relinquishControl',
  'defineSemaphore',
  'deleteSemaphore',
  'reportSemaphoreStatus',
  'reportPoolSemaphoreStatus',
  'reportSemaphoreEntryStatus',
  'initiateDownloadSequence',
  'downloadSegment',
  'terminateDownloadSequence',
  'initiateUploadSequence',
  'uploadSegment',
  'terminateUploadSequence',
  'requestDomainDownload',
  'requestDomainUpload',
  'loadDomainContent',
  'storeDomainContent',
  'deleteDomain',
  'getDomainAttributes',
  'createProgramInvocation',
  'deleteProgramInvocation',
  'start',
  'stop',
  'resume',
  'reset',
  'kill',
  'getProgramInvocationAttributes',
  'obtainFile',
  'defineEventCondition',
  'deleteEventCondition',
  'getEventConditionAttributes',
  'reportEventConditionStatus',
  'alterEventConditionMonitoring',
  'triggerEvent',
  'defineEventAction',
  'deleteEventAction',
  'getEventActionAttributes',
  'reportEventActionStatus',
  'defineEventEnrollment',
  'deleteEventEnrollment',
  'alterEventEnrollment',
  'reportEventEnrollmentStatus',
  'getEventEnrollmentAttributes',
  'acknowledgeEventNotification',
  'getAlarmSummary',
  'getAlarmEnrollmentSummary',
  'readJournal',
  'writeJournal',
  'initializeJournal',
  'reportJournalStatus',
  'createJournal',
  'deleteJournal',
  'getCapabilityList',
  'fileOpen',
  'fileRead',
  'fileClose',
  'fileRename',
  'fileDelete',
  'fileDirectory',
];
const SERVICE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(SERVICES.map((name, i) => [i, name]));

const REQUEST_CITE = at('ConfirmedServiceRequest');
const RESPONSE_CITE = at('ConfirmedServiceResponse');

const OBJECT_CLASSES = {
  0: 'nammedVariable',
  1: 'scatteredAccess',
  2: 'namedVariableList',
  3: 'namedType',
  4: 'semaphore',
  5: 'eventCondition',
  6: 'eventAction',
  7: 'eventEnrollment',
  8: 'journal',
  9: 'domain',
  10: 'programInvocation',
  11: 'operatorStation',
};
const GET_NAME_LIST_REQUEST = constructed(
  node(
    'mms.getNameList_element',
    'getNameList',
    'GetNameList-Request: the names of the objects of one class in one scope.',
    at('GetNameList-Request'),
  ),
  [
    ctx(
      0,
      constructed(
        node(
          'mms.extendedObjectClass',
          'extendedObjectClass',
          'The class of objects asked for.',
          at('GetNameList-Request'),
        ),
        [
          ctx(
            0,
            integer(
              'mms.objectClass',
              'objectClass',
              'ObjectClass: 0 named variable, 2 named variable list, 9 domain, …',
              at('GetNameList-Request'),
              OBJECT_CLASSES,
            ),
          ),
        ],
      ),
    ),
    ctx(
      1,
      constructed(
        node(
          'mms.objectScope',
          'objectScope',
          'Where: the whole VMD, one domain, or this association.',
          at('GetNameList-Request'),
        ),
        [
          ctx(0, nil('mms.vmdSpecific_element', 'vmdSpecific', 'The whole VMD.', at('GetNameList-Request'))),
          ctx(
            1,
            string(
              'mms.domainSpecific',
              'domainSpecific',
              'One domain (IEC 61850: a logical device).',
              at('GetNameList-Request'),
            ),
          ),
          ctx(2, nil('mms.aaSpecific_element', 'aaSpecific', 'This association.', at('GetNameList-Request'))),
        ],
      ),
    ),
    ctx(
      2,
      string(
        'mms.getNameList-Request_continueAfter',
        'continueAfter',
        'Go on after this name (the previous response had more to follow).',
        at('GetNameList-Request'),
      ),
    ),
  ],
);
const GET_NAME_LIST_RESPONSE = constructed(
  node(
    'mms.getNameList_element',
    'getNameList',
    'GetNameList-Response: the names, and whether more follow.',
    at('GetNameList-Response'),
  ),
  [
    ctx(
      0,
      constructed(
        node('mms.listOfIdentifier', 'listOfIdentifier', 'The names found, in order.', at('GetNameList-Response')),
        [
          tagged(
            UNIVERSAL,
            VISIBLE_STRING,
            string('mms.Identifier', 'Identifier', 'One name (an Identifier).', at('GetNameList-Response')),
          ),
        ],
        true,
      ),
    ),
    ctx(
      1,
      boolean(
        'mms.moreFollows',
        'moreFollows',
        'More names follow (ask again with continueAfter); TRUE when absent.',
        at('GetNameList-Response'),
      ),
    ),
  ],
);
const READ_REQUEST = constructed(
  node('mms.read_element', 'read', 'Read-Request: the variables to read.', at('Read-Request')),
  [
    ctx(
      0,
      boolean(
        'mms.specificationWithResult',
        'specificationWithResult',
        'Return the variable access specification with the result.',
        at('Read-Request'),
      ),
    ),
    ctx(
      1,
      constructed(
        node(
          'mms.variableAccessSpecificatn',
          'variableAccessSpecificatn',
          'The variables to read.',
          at('Read-Request'),
        ),
        [VARIABLE_ACCESS],
      ),
    ),
  ],
);
const READ_RESPONSE = constructed(
  node('mms.read_element', 'read', 'Read-Response: one AccessResult per variable.', at('Read-Response')),
  [
    ctx(
      0,
      constructed(
        node(
          'mms.variableAccessSpecificatn',
          'variableAccessSpecificatn',
          'The variables read (when asked for).',
          at('Read-Response'),
        ),
        [VARIABLE_ACCESS],
      ),
    ),
    LIST_OF_ACCESS_RESULT(1),
  ],
);
const WRITE_REQUEST = constructed(
  node(
    'mms.write_element',
    'write',
    'Write-Request: the variables and the data to write to them.',
    at('Write-Request'),
  ),
  [
    VARIABLE_ACCESS,
    ctx(
      0,
      constructed(node('mms.listOfData', 'listOfData', 'The data, one per variable.', at('Write-Request')), DATA, true),
    ),
  ],
);
const WRITE_RESPONSE = constructed(
  node('mms.write', 'write', 'Write-Response: per variable, success or why not.', at('Write-Response')),
  [
    {
      choice: spec(
        'mms.Write_Response_item',
        'Write-Response item',
        'uint',
        'The outcome for one variable.',
        at('Write-Response'),
        { values: { 0: 'failure', 1: 'success' } },
      ),
      alternatives: [
        ctx(0, FAILURE),
        ctx(1, nil('mms.success_element', 'success', 'The variable was written.', at('Write-Response'))),
      ],
    },
  ],
  true,
);
const GET_VARIABLE_ACCESS_ATTRIBUTES_REQUEST = constructed(
  node(
    'mms.getVariableAccessAttributes_element',
    'getVariableAccessAttributes',
    'GetVariableAccessAttributes-Request: the type of a variable, by name or address.',
    at('GetVariableAccessAttributes-Request'),
  ),
  [
    ctx(0, constructed(node('mms.name', 'name', 'The variable, by its ObjectName.', VARIABLE_CITE), [OBJECT_NAME])),
    ctx(1, node('mms.address', 'address', 'The variable, by its address.', VARIABLE_CITE)),
  ],
);
const GET_VARIABLE_ACCESS_ATTRIBUTES_RESPONSE = constructed(
  node(
    'mms.getVariableAccessAttributes_element',
    'getVariableAccessAttributes',
    'GetVariableAccessAttributes-Response: whether it can be deleted, its address and its type.',
    at('GetVariableAccessAttributes-Response'),
  ),
  [
    ctx(
      0,
      boolean(
        'mms.mmsDeletable',
        'mmsDeletable',
        'The object can be deleted.',
        at('GetVariableAccessAttributes-Response'),
      ),
    ),
    ctx(1, node('mms.address', 'address', 'The variable, by its address.', VARIABLE_CITE)),
    ctx(
      2,
      node(
        'mms.typeSpecification',
        'typeSpecification',
        'The type of the variable (TypeSpecification).',
        at('GetVariableAccessAttributes-Response'),
      ),
    ),
  ],
);
const GET_NAMED_VARIABLE_LIST_ATTRIBUTES_REQUEST = constructed(
  node(
    'mms.getNamedVariableListAttributes_element',
    'getNamedVariableListAttributes',
    'GetNamedVariableListAttributes-Request: the variables of a named variable list (IEC 61850: a data set).',
    at('GetNamedVariableListAttributes-Request'),
  ),
  [OBJECT_NAME],
);
const GET_NAMED_VARIABLE_LIST_ATTRIBUTES_RESPONSE = constructed(
  node(
    'mms.getNamedVariableListAttributes_element',
    'getNamedVariableListAttributes',
    'GetNamedVariableListAttributes-Response: whether it can be deleted, and its variables.',
    at('GetNamedVariableListAttributes-Response'),
  ),
  [
    ctx(
      0,
      boolean(
        'mms.mmsDeletable',
        'mmsDeletable',
        'The object can be deleted.',
        at('GetNamedVariableListAttributes-Response'),
      ),
    ),
    LIST_OF_VARIABLE(1),
  ],
);
const IDENTIFY_RESPONSE = constructed(
  node(
    'mms.identify_element',
    'identify',
    'Identify-Response: who made the server, which model, which revision.',
    at('Identify-Response'),
  ),
  [
    ctx(0, string('mms.vendorName', 'vendorName', 'The vendor of the server.', at('Identify-Response'))),
    ctx(1, string('mms.modelName', 'modelName', 'The model of the server.', at('Identify-Response'))),
    ctx(2, string('mms.revision', 'revision', 'The revision of the server.', at('Identify-Response'))),
    ctx(
      3,
      node(
        'mms.listOfAbstractSyntaxes',
        'listOfAbstractSyntaxes',
        'The abstract syntaxes supported.',
        at('Identify-Response'),
      ),
    ),
  ],
);

/** A service CHOICE: the named alternatives where known, the others shown element by element under the service's name. */
function services(
  id: string,
  label: string,
  meaning: string,
  c: FieldSpec['cite'],
  known: ReadonlyMap<number, BerType>,
): BerChoice {
  return {
    choice: spec(id, label, 'uint', meaning, c, { values: SERVICE_NAMES }),
    alternatives: SERVICES.map((_, tag) => ctx(tag, known.get(tag) ?? {})),
  };
}
const CONFIRMED_SERVICE_REQUEST = services(
  'mms.confirmedServiceRequest',
  'confirmedServiceRequest',
  'The service asked for (4 read, 5 write, 1 getNameList, …).',
  REQUEST_CITE,
  new Map([
    [1, GET_NAME_LIST_REQUEST],
    [2, nil('mms.identify_element', 'identify', 'Identify-Request: no parameters.', at('Identify-Request'))],
    [4, READ_REQUEST],
    [5, WRITE_REQUEST],
    [6, GET_VARIABLE_ACCESS_ATTRIBUTES_REQUEST],
    [12, GET_NAMED_VARIABLE_LIST_ATTRIBUTES_REQUEST],
  ]),
);
const CONFIRMED_SERVICE_RESPONSE = services(
  'mms.confirmedServiceResponse',
  'confirmedServiceResponse',
  'The service answered (4 read, 5 write, 1 getNameList, …).',
  RESPONSE_CITE,
  new Map([
    [1, GET_NAME_LIST_RESPONSE],
    [2, IDENTIFY_RESPONSE],
    [4, READ_RESPONSE],
    [5, WRITE_RESPONSE],
    [6, GET_VARIABLE_ACCESS_ATTRIBUTES_RESPONSE],
    [12, GET_NAMED_VARIABLE_LIST_ATTRIBUTES_RESPONSE],
  ]),
);
const INVOKE_ID = integer(
  'mms.invokeID',
  'invokeID',
  'InvokeID: the number that pairs a response (or error) with its request.',
  at('Confirmed-RequestPDU'),
);
const INVOKE: BerType = { ...INVOKE_ID, tap: TAP_INVOKE };

const INFORMATION_REPORT = constructed(
  node(
    'mms.informationReport_element',
    'informationReport',
    'InformationReport: data sent unasked (IEC 61850: a report).',
    at('InformationReport'),
  ),
  [VARIABLE_ACCESS, LIST_OF_ACCESS_RESULT(0)],
);

// ---- PDUs

const INITIATE = at('Initiate-RequestPDU');
const INITIATE_RESPONSE = at('Initiate-ResponsePDU');
const initiate = (request: boolean): BerType => {
  const c = request ? INITIATE : INITIATE_RESPONSE;
  const side = request ? 'proposed' : 'negociated';
  return constructed(
    node(
      request ? 'mms.initiate_RequestPDU_element' : 'mms.initiate_ResponsePDU_element',
      request ? 'initiate-RequestPDU' : 'initiate-ResponsePDU',
      request
        ? 'Initiate-RequestPDU: the MMS association the client proposes (in the ACSE AARQ).'
        : 'Initiate-ResponsePDU: the MMS association the server accepts (in the ACSE AARE).',
      c,
    ),
    [
      ctx(
        0,
        integer(
          request ? 'mms.localDetailCalling' : 'mms.localDetailCalled',
          request ? 'localDetailCalling' : 'localDetailCalled',
          'The largest MMS PDU the sender accepts, in octets.',
          c,
        ),
      ),
      ctx(
        1,
        integer(
          `mms.${side}MaxServOutstandingCalling`,
          `${side}MaxServOutstandingCalling`,
          'How many requests the calling side may have outstanding.',
          c,
        ),
      ),
      ctx(
        2,
        integer(
          `mms.${side}MaxServOutstandingCalled`,
          `${side}MaxServOutstandingCalled`,
          'How many requests the called side may have outstanding.',
          c,
        ),
      ),
      ctx(
        3,
        integer(
          `mms.${side}DataStructureNestingLevel`,
          `${side}DataStructureNestingLevel`,
          'How deep structured data may nest.',
          c,
        ),
      ),
      ctx(
        4,
        constructed(
          node(
            request ? 'mms.mmsInitRequestDetail_element' : 'mms.mmsInitResponseDetail_element',
            request ? 'mmsInitRequestDetail' : 'mmsInitResponseDetail',
            'The version, the parameter CBBs and the services supported.',
            c,
          ),
          [
            ctx(0, integer(`mms.${side}VersionNumber`, `${side}VersionNumber`, 'The MMS version.', c)),
            ctx(
              1,
              bits(
                `mms.${side}ParameterCBB`,
                `${side}ParameterCBB`,
                'ParameterSupportOptions: the conformance building blocks supported (str1, str2, vnam, …).',
                c,
              ),
            ),
            ctx(
              2,
              bits(
                request ? 'mms.servicesSupportedCalling' : 'mms.servicesSupportedCalled',
                request ? 'servicesSupportedCalling' : 'servicesSupportedCalled',
                'ServiceSupportOptions: a bit per service supported (bit 4 read, 5 write, …).',
                c,
              ),
            ),
          ],
        ),
      ),
    ],
  );
};

const REJECT = at('RejectPDU');
const REJECT_REASONS = [
  'confirmed-requestPDU',
  'confirmed-responsePDU',
  'confirmed-errorPDU',
  'unconfirmedPDU',
  'pdu-error',
  'cancel-requestPDU',
  'cancel-responsePDU',
  'cancel-errorPDU',
  'conclude-requestPDU',
  'conclude-responsePDU',
  'conclude-errorPDU',
];

/** The MMSpdu alternatives, by tag, with Wireshark's names. */
const PDU_NAMES = [
  'confirmed-RequestPDU',
  'confirmed-ResponsePDU',
  'confirmed-ErrorPDU',
  'unconfirmed-PDU',
  'rejectPDU',
  'cancel-RequestPDU',
  'cancel-ResponsePDU',
  'cancel-ErrorPDU',
  'initiate-RequestPDU',
  'initiate-ResponsePDU',
  'initiate-ErrorPDU',
  'conclude-RequestPDU',
  'conclude-ResponsePDU',
  'conclude-ErrorPDU',
];
const MMS_PDUS: readonly BerMember[] = [
  ctx(
    0,
    constructed(
      node(
        'mms.confirmed_RequestPDU_element',
        'confirmed-RequestPDU',
        'Confirmed-RequestPDU: a request the server answers, with its invokeID and service.',
        at('Confirmed-RequestPDU'),
      ),
      [
        tagged(UNIVERSAL, 2, INVOKE),
        tagged(
          UNIVERSAL,
          SEQUENCE,
          node(
            'mms.listOfModifier',
            'listOfModifier',
            'Modifiers: attach the request to an event condition or semaphore.',
            at('Confirmed-RequestPDU'),
          ),
        ),
        CONFIRMED_SERVICE_REQUEST,
        ctx(
          79,
          node(
            'mms.cs_request_detail',
            'cs-request-detail',
            'Companion-standard request detail.',
            at('Confirmed-RequestPDU'),
          ),
        ),
      ],
    ),
  ),
  ctx(
    1,
    constructed(
      node(
        'mms.confirmed_ResponsePDU_element',
        'confirmed-ResponsePDU',
        'Confirmed-ResponsePDU: the answer to the request with the same invokeID.',
        at('Confirmed-ResponsePDU'),
      ),
      [
        tagged(UNIVERSAL, 2, INVOKE),
        CONFIRMED_SERVICE_RESPONSE,
        ctx(
          79,
          node(
            'mms.cs_request_detail',
            'cs-request-detail',
            'Companion-standard request detail.',
            at('Confirmed-ResponsePDU'),
          ),
        ),
      ],
    ),
  ),
  ctx(
    2,
    constructed(
      node(
        'mms.confirmed_ErrorPDU_element',
        'confirmed-ErrorPDU',
        'Confirmed-ErrorPDU: the request with this invokeID failed.',
        at('Confirmed-ErrorPDU'),
      ),
      [
        ctx(0, INVOKE),
        ctx(1, integer('mms.modifierPosition', 'modifierPosition', 'Which modifier failed.', at('Confirmed-ErrorPDU'))),
        ctx(2, SERVICE_ERROR(SERVICE_ERROR_SPEC)),
      ],
    ),
  ),
  ctx(
    3,
    constructed(
      node(
        'mms.unconfirmed_PDU_element',
        'unconfirmed-PDU',
        'Unconfirmed-PDU: a service not answered (IEC 61850 reports).',
        at('Unconfirmed-PDU'),
      ),
      [
        {
          choice: spec(
            'mms.unconfirmedService',
            'unconfirmedService',
            'uint',
            'The unconfirmed service: 0 informationReport, 1 unsolicitedStatus, 2 eventNotification.',
            at('UnconfirmedService'),
            { values: { 0: 'informationReport', 1: 'unsolicitedStatus', 2: 'eventNotification' } },
          ),
          alternatives: [
            ctx(0, INFORMATION_REPORT),
            ctx(
              1,
              node(
                'mms.unsolicitedStatus_element',
                'unsolicitedStatus',
                'UnsolicitedStatus: the VMD status, unasked.',
                at('UnconfirmedService'),
              ),
            ),
            ctx(
              2,
              node(
                'mms.eventNotification_element',
                'eventNotification',
                'EventNotification: an event condition changed.',
                at('UnconfirmedService'),
              ),
            ),
          ],
        },
        ctx(
          79,
          node(
            'mms.cs_request_detail',
            'cs-request-detail',
            'Companion-standard request detail.',
            at('Unconfirmed-PDU'),
          ),
        ),
      ],
    ),
  ),
  ctx(
    4,
    constructed(
      node('mms.rejectPDU_element', 'rejectPDU', 'RejectPDU: a PDU the receiver could not accept, and why.', REJECT),
      [
        ctx(0, integer('mms.originalInvokeID', 'originalInvokeID', 'The invokeID of the rejected PDU.', REJECT)),
        {
          choice: spec(
            'mms.rejectReason',
            'rejectReason',
            'uint',
            'Which kind of PDU was rejected; the code inside says why.',
            REJECT,
            { values: Object.fromEntries(REJECT_REASONS.map((n, i) => [i + 1, n])) },
          ),
          alternatives: REJECT_REASONS.map((name, i) =>
            ctx(
              i + 1,
              integer(
                `mms.${name.replace(/-/g, '_')}`,
                name,
                `Why the ${name.replace('PDU', ' PDU')} was rejected.`,
                REJECT,
              ),
            ),
          ),
        },
      ],
    ),
  ),
  ctx(
    5,
    integer(
      'mms.cancel_RequestPDU',
      'cancel-RequestPDU',
      'Cancel-RequestPDU: cancel the request with this invokeID.',
      at('Cancel-RequestPDU'),
    ),
  ),
  ctx(
    6,
    integer(
      'mms.cancel_ResponsePDU',
      'cancel-ResponsePDU',
      'Cancel-ResponsePDU: the request with this invokeID is cancelled.',
      at('Cancel-ResponsePDU'),
    ),
  ),
  ctx(
    7,
    constructed(
      node(
        'mms.cancel_ErrorPDU_element',
        'cancel-ErrorPDU',
        'Cancel-ErrorPDU: the cancel failed.',
        at('Cancel-ErrorPDU'),
      ),
      [
        ctx(
          0,
          integer(
            'mms.originalInvokeID',
            'originalInvokeID',
            'The invokeID of the request to cancel.',
            at('Cancel-ErrorPDU'),
          ),
        ),
        ctx(1, SERVICE_ERROR(SERVICE_ERROR_SPEC)),
      ],
    ),
  ),
  ctx(8, initiate(true)),
  ctx(9, initiate(false)),
  ctx(
    10,
    SERVICE_ERROR(
      spec(
        'mms.initiate_ErrorPDU_element',
        'initiate-ErrorPDU',
        'none',
        'Initiate-ErrorPDU: the association was refused (a ServiceError).',
        at('Initiate-ErrorPDU'),
      ),
    ),
  ),
  ctx(
    11,
    nil(
      'mms.conclude_RequestPDU_element',
      'conclude-RequestPDU',
      'Conclude-RequestPDU: end the MMS association (before the ACSE release).',
      at('Conclude-RequestPDU'),
    ),
  ),
  ctx(
    12,
    nil(
      'mms.conclude_ResponsePDU_element',
      'conclude-ResponsePDU',
      'Conclude-ResponsePDU: the association may end.',
      at('Conclude-ResponsePDU'),
    ),
  ),
  ctx(
    13,
    SERVICE_ERROR(
      spec(
        'mms.conclude_ErrorPDU_element',
        'conclude-ErrorPDU',
        'none',
        'Conclude-ErrorPDU: the association cannot end yet (a ServiceError).',
        at('Conclude-ErrorPDU'),
      ),
    ),
  ),
];

export const MMS_TABLE: ProtocolTable = {
  protocol: 'mms',
  name: 'MMS (ISO 9506 Manufacturing Message Specification)',
  fields: specsOf(MMS_PDUS),
  layouts: [],
};

/** C's "%f" of the single-precision value in a FloatingPoint's contents (after its exponent-width octet). */
function floatText(bytes: Bytes, start: number, end: number): string {
  if (end - start < 5) return '';
  const view = new DataView(bytes.buffer, bytes.byteOffset + start + 1, 4);
  const value = view.getFloat32(0);
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return value.toFixed(6);
}

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  const cut = (context.tpktEnd ?? end) > end;
  const w = berWalk(out, bytes, end, cut);
  // Wireshark's Info: "%02d " of the invokeID, the PDU's name, then " domainId itemId" of each ObjectName (or the
  // last floating-point value, which replaces them).
  let invoke = '';
  let more = '';
  w.onTap = (tap, start, stop) => {
    if (tap === TAP_INVOKE) {
      const id = integerValue(bytes, start, stop - start);
      invoke = `${typeof id === 'number' && id >= 0 && id < 10 ? '0' : ''}${id} `;
    } else if (tap === TAP_NAME) more += ` ${text(bytes, start, stop - start)}`;
    else if (tap === TAP_FLOAT) more = ` ${floatText(bytes, start, stop)}`;
  };
  walkElements(w, offset, end, MMS_PDUS);
  const h = newHeader();
  const pdu = readHeader(bytes, offset, end, h) && h.cls === CONTEXT ? PDU_NAMES[h.tag] : undefined;
  const name = pdu ?? 'MMS';
  return {
    problems: [],
    summary: `MMS${pdu ? `, ${pdu}` : ''}`,
    info: `${invoke}${name}${more}`,
    end,
  };
};

const PDU_FIRST_OCTETS = new Set([0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0x85, 0x86, 0xa7, 0xa8, 0xa9, 0xaa, 0x8b, 0x8c, 0xad]);

/**
 * A presentation data value is an MMS PDU when it is one element with an MMSpdu tag ([0]–[13], constructed or
 * primitive as the alternative is). Wireshark knows it from the presentation context (1.0.9506.2.1) the CP declared.
 */
export function looksLikeMms(bytes: Bytes, offset: number, end: number): boolean {
  return end > offset && PDU_FIRST_OCTETS.has(bytes[offset]!) && isOneElement(bytes, offset, end, true);
}

export const mms: Protocol = { protocol: 'mms', dissect };
