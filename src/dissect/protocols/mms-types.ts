// The MMS types the services are made of (ISO 9506-2, module ISO-9506-MMS-1): ObjectName, Data, TypeSpecification,
// VariableAccessSpecification, AccessResult, ServiceError — and the services IEC 61850 uses most. Only mms.ts uses
// this file; it is apart so that each reads in one sitting.
import { citing, type Documents } from '../cite';
import type { FieldId } from '../field-ids';
import { hex, uint, type Bytes } from '../reader';
import { CONTEXT, UNIVERSAL, named, tagged, type BerChoice, type BerField, type BerShape, type BerType } from './ber';

export const MMS_DOCUMENTS = {
  'ISO 9506-2': {
    title: 'Industrial automation systems — Manufacturing Message Specification — Part 2: Protocol specification',
    url: 'https://www.iso.org/standard/37080.html',
  },
} as const satisfies Documents;
const cite = citing(MMS_DOCUMENTS);

/** ISO 9506-2 is not freely published: a type is cited by its ASN.1 module and name, not by a clause. */
export const at = (type: string) => cite('ISO 9506-2', `ASN.1 module ISO-9506-MMS-1, ${type}`);

/** An MMS field id without its `mms.` prefix. */
export type MmsId = FieldId extends infer F ? (F extends `mms.${infer S}` ? S : never) : never;

/** The element `[tag]` (context-specific) of a named type. */
export const ctx = (tag: number, type: BerType, index?: number): BerField => tagged(CONTEXT, tag, type, index);
/** A named MMS element (`mms.` + id), cited by its ASN.1 type. */
export const el = (id: MmsId, label: string, type: string, meaning: string, shape: BerShape = {}): BerType =>
  named(`mms.${id}`, label, at(type), meaning, shape);

export const SEQUENCE = 16;
const VISIBLE_STRING = 26;

/** What the Info column takes from a PDU (Wireshark's "invokeID pdu domainId itemId …"). */
export const TAP_INVOKE = 1;
export const TAP_NAME = 2;
export const TAP_FLOAT = 3;

// ---- ObjectName ::= CHOICE { vmd-specific [0] IMPLICIT Identifier, domain-specific [1] IMPLICIT SEQUENCE {
//        domainId Identifier, itemId Identifier }, aa-specific [2] IMPLICIT Identifier }

const ON = 'ObjectName';
export const OBJECT_NAMES = { 0: 'vmd-specific', 1: 'domain-specific', 2: 'aa-specific' };
export const OBJECT_NAME: readonly BerField[] = [
  ctx(0, el('vmd_specific', 'vmd-specific', ON, 'A name valid in the whole VMD (an Identifier).', { value: 'string' })),
  ctx(
    1,
    el('domain_specific_element', 'domain-specific', ON, 'A name inside a domain (IEC 61850: a logical device).', {
      members: [
        tagged(
          UNIVERSAL,
          VISIBLE_STRING,
          el('domainId', 'domainId', ON, 'The domain (IEC 61850: the logical device).', {
            value: 'string',
            tap: TAP_NAME,
          }),
        ),
        tagged(
          UNIVERSAL,
          VISIBLE_STRING,
          el('itemId', 'itemId', ON, 'The item in the domain (IEC 61850: LN$FC$DO$DA).', {
            value: 'string',
            tap: TAP_NAME,
          }),
        ),
      ],
    }),
  ),
  ctx(2, el('aa_specific', 'aa-specific', ON, 'A name valid on this association only.', { value: 'string' })),
];
/** `[n] ObjectName`: a tag around the CHOICE, valued by which name it holds. */
export const objectName = (id: MmsId, label: string, type: string, meaning: string): BerType =>
  el(id, label, type, meaning, { choose: OBJECT_NAMES, members: OBJECT_NAME });

// ---- Data ::= CHOICE { array [1], structure [2], boolean [3], bit-string [4], integer [5], unsigned [6],
//        floating-point [7], octet-string [9], visible-string [10], generalized-time [11], binary-time [12], bcd [13],
//        booleanArray [14], objId [15], mMSString [16], utc-time [17] }

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');
/** A UTC time as Wireshark writes an absolute time: "Feb 11, 2019 02:24:27.248649895 UTC". */
function absoluteTime(seconds: number, nanoseconds: number): string {
  const d = new Date(seconds * 1000);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${MONTHS[d.getUTCMonth()]} ${day}, ${d.getUTCFullYear()} ${time}.${String(nanoseconds).padStart(9, '0')} UTC`;
}
/**
 * UtcTime (IEC 61850-8-1): seconds since 1970 (4 octets), a binary fraction of a second (3 octets), time quality
 * (1 octet). Another length is shown as its octets.
 */
export function utcTime(bytes: Bytes, start: number, length: number): string {
  if (length !== 8) return hex(bytes, start, length);
  const fraction = uint(bytes, start + 4, 3);
  return absoluteTime(uint(bytes, start, 4), Math.floor((fraction * 1e9) / 0x1000000));
}
/** TimeOfDay in its 6-octet form: milliseconds since midnight (4 octets), days since 1984-01-01 (2 octets). */
export function timeOfDay(bytes: Bytes, start: number, length: number): string {
  if (length !== 6) return hex(bytes, start, length);
  const milliseconds = uint(bytes, start, 4);
  const days = uint(bytes, start + 4, 2);
  return absoluteTime((days + 5113) * 86400 + Math.floor(milliseconds / 1000), (milliseconds % 1000) * 1_000_000);
}

// Data and TypeSpecification share these alternatives' names (as Wireshark's fields do): a value, or a type's size.
const INTEGER_MEANING =
  'integer: a signed INTEGER value (in Data), or the size in bits of an INTEGER type (in TypeSpecification).';
const UNSIGNED_MEANING = 'unsigned: an unsigned INTEGER value (in Data), or the size in bits of an unsigned type.';
const BCD_MEANING = 'bcd: a binary-coded decimal value (in Data), or the number of digits of a BCD type.';
const integerEl = (id: MmsId, label: string, type: string, meaning: string) =>
  el(id, label, type, meaning, { value: 'integer' });

/** The number a FloatingPoint holds: an exponent width of 8 (single precision) or 11 (double), then IEEE 754. */
export function floatingPoint(bytes: Bytes, start: number, length: number): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, length);
  if (length === 5 && bytes[start] === 8) return String(view.getFloat32(1));
  if (length === 9 && bytes[start] === 11) return String(view.getFloat64(1));
  return 'not an IEEE 754 single or double';
}

const DATA_NAMES = {
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
};
/** The alternatives of Data (recursive: arrays and structures hold Data). */
export const DATA: BerField[] = [];
const DATA_CHOICE: BerChoice = {
  choice: named('mms.Data', 'Data', at('Data'), 'Data: a value, by its type.', { choose: DATA_NAMES }).spec!,
  alternatives: DATA,
};
const data = (id: MmsId, label: string, meaning: string, shape: BerShape) => el(id, label, 'Data', meaning, shape);
DATA.push(
  ctx(
    1,
    data('array', 'array', 'An array: a SEQUENCE OF Data, all of one type.', { list: true, members: [DATA_CHOICE] }),
  ),
  ctx(
    2,
    data('structure', 'structure', 'A structure: one Data per component.', { list: true, members: [DATA_CHOICE] }),
  ),
  ctx(3, data('boolean', 'boolean', 'A BOOLEAN value.', { value: 'boolean' })),
  ctx(4, data('data_bit-string', 'bit-string', 'A BIT STRING (IEC 61850: quality, options).', { value: 'bits' })),
  ctx(5, data('integer', 'integer', INTEGER_MEANING, { value: 'integer' })),
  ctx(6, data('unsigned', 'unsigned', UNSIGNED_MEANING, { value: 'integer' })),
  ctx(
    7,
    data(
      'floating_point',
      'floating-point',
      'FloatingPoint: the exponent width (8: single precision), then the value.',
      {
        value: 'octets',
        tap: TAP_FLOAT,
        describe: floatingPoint,
      },
    ),
  ),
  ctx(9, data('data.octet-string', 'octet-string', 'An OCTET STRING value.', { value: 'octets' })),
  ctx(10, data('data.visible-string', 'visible-string', 'A VisibleString value.', { value: 'string' })),
  ctx(11, data('generalized_time', 'generalized-time', 'A GeneralizedTime value.', { value: 'string' })),
  ctx(
    12,
    data('data.binary-time', 'binary-time', 'TimeOfDay: milliseconds since midnight (and days since 1984-01-01).', {
      value: 'octets',
      decode: timeOfDay,
    }),
  ),
  ctx(13, data('bcd', 'bcd', BCD_MEANING, { value: 'integer' })),
  ctx(14, data('booleanArray', 'booleanArray', 'An array of BOOLEAN, as bits.', { value: 'bits' })),
  ctx(15, data('objId', 'objId', 'An OBJECT IDENTIFIER value.', { value: 'oid' })),
  ctx(16, data('mMSString', 'mMSString', 'An MMSString (UTF8String) value.', { value: 'string' })),
  ctx(
    17,
    data('utc_time', 'utc-time', 'UtcTime: seconds since 1970, fraction and quality (IEC 61850 time stamps).', {
      value: 'octets',
      decode: utcTime,
    }),
  ),
);
export const LIST_OF_DATA = el('listOfData', 'listOfData', 'Write-Request', 'The data, one per variable.', {
  list: true,
  members: [DATA_CHOICE],
});

// ---- TypeSpecification ::= CHOICE { typeName [0] ObjectName, array [1], structure [2], boolean [3], bit-string [4],
//        integer [5], unsigned [6], floating-point [7], octet-string [9], visible-string [10], generalized-time [11],
//        binary-time [12], bcd [13], objId [15], mMSString [16], utc-time [17] }

const TS = 'TypeSpecification';
const TYPE_NAMES = { 0: 'typeName', ...DATA_NAMES };
/** The alternatives of TypeSpecification (recursive: arrays and structures of types). */
const TYPES: BerField[] = [];
/** `[n] TypeSpecification`: a tag around the CHOICE, valued by which type it holds. */
export const typeSpecification = (id: MmsId, label: string, meaning: string): BerType =>
  el(id, label, TS, meaning, { choose: TYPE_NAMES, members: TYPES });
const PACKED = ctx(0, el('packed', 'packed', TS, 'The elements are packed.', { value: 'boolean' }));
const size = (id: MmsId, label: string, meaning: string) => el(id, label, TS, meaning, { value: 'integer' });
TYPES.push(
  ctx(0, objectName('typeName', 'typeName', TS, 'A named type, by its ObjectName.')),
  ctx(
    1,
    el('array_element', 'array', TS, 'An array type: how many elements, of which type.', {
      members: [
        PACKED,
        ctx(1, size('numberOfElements', 'numberOfElements', 'How many elements the array has.')),
        ctx(2, typeSpecification('elementType', 'elementType', 'The type of each element.')),
      ],
    }),
  ),
  ctx(
    2,
    el('structure_element', 'structure', TS, 'A structure type: its named components.', {
      members: [
        PACKED,
        ctx(
          1,
          el('components', 'components', TS, 'The components, in order.', {
            list: true,
            members: [
              tagged(
                UNIVERSAL,
                SEQUENCE,
                el('components_item_element', 'components item', TS, 'One component: its name and type.', {
                  members: [
                    ctx(
                      0,
                      el('componentName', 'componentName', TS, 'The component (an Identifier).', { value: 'string' }),
                    ),
                    ctx(1, typeSpecification('componentType', 'componentType', 'The type of the component.')),
                  ],
                }),
              ),
            ],
          }),
        ),
      ],
    }),
  ),
  ctx(3, el('boolean_element', 'boolean', TS, 'The BOOLEAN type.', { value: 'null' })),
  ctx(4, size('typeSpecification_bit-string', 'bit-string', 'A BIT STRING type of this many bits (negative: up to).')),
  ctx(5, integerEl('integer', 'integer', 'Data', INTEGER_MEANING)),
  ctx(6, integerEl('unsigned', 'unsigned', 'Data', UNSIGNED_MEANING)),
  ctx(
    7,
    el('floating_point_element', 'floating-point', TS, 'A floating-point type: its format and exponent widths.', {
      members: [
        tagged(UNIVERSAL, 2, size('format_width', 'format-width', 'Bits of the fraction, plus one.')),
        tagged(UNIVERSAL, 2, size('exponent_width', 'exponent-width', 'Bits of the exponent (8: single precision).')),
      ],
    }),
  ),
  ctx(9, size('typeSpecification.octet-string', 'octet-string', 'An OCTET STRING type of this many octets.')),
  ctx(10, size('typeSpecification.visible-string', 'visible-string', 'A VisibleString type of this many characters.')),
  ctx(11, el('generalized_time_element', 'generalized-time', TS, 'The GeneralizedTime type.', { value: 'null' })),
  ctx(
    12,
    el('typeSpecification.binary-time', 'binary-time', TS, 'The TimeOfDay type; TRUE: with the date.', {
      value: 'boolean',
    }),
  ),
  ctx(13, integerEl('bcd', 'bcd', 'Data', BCD_MEANING)),
  ctx(15, el('objId_element', 'objId', TS, 'The OBJECT IDENTIFIER type.', { value: 'null' })),
  ctx(16, size('typeSpecification.mMSString', 'mMSString', 'An MMSString type of this many characters.')),
  ctx(17, el('utc_time_element', 'utc-time', TS, 'The UtcTime type.', { value: 'null' })),
);

// ---- VariableAccessSpecification ::= CHOICE { listOfVariable [0] IMPLICIT SEQUENCE OF SEQUENCE {
//        variableSpecification VariableSpecification, alternateAccess [5] OPTIONAL }, variableListName [1] ObjectName }

const VAS = 'VariableAccessSpecification';
const VARIABLE_SPECIFICATION: BerChoice = {
  choice: el('variableSpecification', 'variableSpecification', VAS, 'A variable: by name, address or description.', {
    choose: { 0: 'name', 1: 'address', 2: 'variableDescription', 3: 'scatteredAccessDescription', 4: 'invalidated' },
  }).spec!,
  alternatives: [
    ctx(0, objectName('name', 'name', VAS, 'The variable, by its ObjectName.')),
    ctx(1, el('address', 'address', VAS, 'The variable, by its address.')),
    ctx(2, el('variableDescription_element', 'variableDescription', VAS, 'The variable, by address and type.')),
    ctx(3, el('scatteredAccessDescription', 'scatteredAccessDescription', VAS, 'A scattered access.')),
    ctx(4, el('invalidated_element', 'invalidated', VAS, 'An invalidated variable.', { value: 'null' })),
  ],
};
export const listOfVariable = (tag: number) =>
  ctx(
    tag,
    el('listOfVariable', 'listOfVariable', VAS, 'The variables, each with an optional alternate access.', {
      list: true,
      members: [
        tagged(
          UNIVERSAL,
          SEQUENCE,
          el('listOfVariable_item_element', 'listOfVariable item', VAS, 'One variable.', {
            members: [
              VARIABLE_SPECIFICATION,
              ctx(5, el('alternateAccess', 'alternateAccess', VAS, 'Part of the variable (components, elements).')),
            ],
          }),
        ),
      ],
    }),
  );
const VARIABLES = 'The variables: a list, or a named variable list (IEC 61850: a data set).';
const VARIABLE_ACCESS_NAMES = { 0: 'listOfVariable', 1: 'variableListName' };
const VARIABLE_ACCESS: readonly BerField[] = [
  listOfVariable(0),
  ctx(1, objectName('variableListName', 'variableListName', VAS, 'A named variable list (IEC 61850: a data set).')),
];
/** `[n] VariableAccessSpecification`: a tag around the CHOICE, valued by which it holds. */
export const variableAccess = (id: MmsId, label: string, meaning: string): BerType =>
  el(id, label, VAS, meaning, { choose: VARIABLE_ACCESS_NAMES, members: VARIABLE_ACCESS });
/** The untagged CHOICE, as a member of a SEQUENCE. */
export const variableAccessChoice = (id: MmsId, label: string): BerChoice => ({
  choice: el(id, label, VAS, VARIABLES, {
    choose: VARIABLE_ACCESS_NAMES,
  }).spec!,
  alternatives: VARIABLE_ACCESS,
});

// ---- AccessResult ::= CHOICE { failure [0] IMPLICIT DataAccessError, success Data }

const DATA_ACCESS_ERRORS = {
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
export const FAILURE = el('failure', 'failure', 'AccessResult', 'DataAccessError: why the variable was not accessed.', {
  value: 'integer',
  values: DATA_ACCESS_ERRORS,
});
const ACCESS_RESULT: BerChoice = {
  choice: el('AccessResult', 'AccessResult', 'AccessResult', 'AccessResult: the data read, or why not.', {
    choose: { 0: 'failure', 1: 'success' },
  }).spec!,
  alternatives: [ctx(0, FAILURE, 0), ...DATA.map((d) => ({ ...d, index: 1 }))],
};
export const listOfAccessResult = (tag: number) =>
  ctx(
    tag,
    el('listOfAccessResult', 'listOfAccessResult', 'AccessResult', 'One AccessResult per variable, in order.', {
      list: true,
      members: [ACCESS_RESULT],
    }),
  );

// ---- ServiceError ::= SEQUENCE { errorClass [0] CHOICE { vmd-state [0] … others [12] }, additionalCode [1],
//        additionalDescription [2], serviceSpecificInformation [3] }

const SE = 'ServiceError';
const ERROR_CLASSES = [
  'vmd-state',
  'application-reference',
  'definition',
  'resource',
  'service',
  'service-preempt',
  'time-resolution',
  'access',
  'initiate',
  'conclude',
  'cancel',
  'file',
  'others',
];
export const serviceError = (id: MmsId, label: string, type: string, meaning: string): BerType =>
  el(id, label, type, meaning, {
    members: [
      ctx(
        0,
        el('errorClass', 'errorClass', SE, 'The class of the error; the code inside says which.', {
          choose: Object.fromEntries(ERROR_CLASSES.map((name, i) => [i, name])),
          members: ERROR_CLASSES.map((name, i) =>
            ctx(
              i,
              el(name.replace(/-/g, '_') as MmsId, name, SE, `Error code of class ${name}.`, { value: 'integer' }),
            ),
          ),
        }),
      ),
      ctx(1, el('additionalCode', 'additionalCode', SE, 'An additional error code.', { value: 'integer' })),
      ctx(2, el('additionalDescription', 'additionalDescription', SE, 'The error, in words.', { value: 'string' })),
      ctx(3, el('serviceSpecificInformation', 'serviceSpecificInformation', SE, 'Service-specific information.')),
    ],
  });

// ---- The services

/** ConfirmedServiceRequest / ConfirmedServiceResponse alternatives, by tag. */
export const SERVICES = [
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
const GNL = 'GetNameList-Request';
/** Request and response elements with one id share one field spec (one citation, one meaning). */
const GET_NAME_LIST = el(
  'getNameList_element',
  'getNameList',
  'GetNameList-Request, GetNameList-Response',
  'GetNameList: the names of a class of objects (request), the names found and whether more follow (response).',
).spec!;
const GET_NAME_LIST_REQUEST: BerType = {
  spec: GET_NAME_LIST,
  members: [
    ctx(
      0,
      el('extendedObjectClass', 'extendedObjectClass', GNL, 'The class of objects asked for.', {
        choose: { 0: 'objectClass' },
        members: [
          ctx(
            0,
            el('objectClass', 'objectClass', GNL, 'ObjectClass: 0 named variable, 2 named variable list, 9 domain, …', {
              value: 'integer',
              values: OBJECT_CLASSES,
            }),
          ),
        ],
      }),
    ),
    ctx(
      1,
      el('objectScope', 'objectScope', GNL, 'Where: the whole VMD, one domain, or this association.', {
        choose: { 0: 'vmdSpecific', 1: 'domainSpecific', 2: 'aaSpecific' },
        members: [
          ctx(0, el('vmdSpecific_element', 'vmdSpecific', GNL, 'The whole VMD.', { value: 'null' })),
          ctx(1, el('domainSpecific', 'domainSpecific', GNL, 'One domain (a logical device).', { value: 'string' })),
          ctx(2, el('aaSpecific_element', 'aaSpecific', GNL, 'This association.', { value: 'null' })),
        ],
      }),
    ),
    ctx(
      2,
      el('getNameList-Request_continueAfter', 'continueAfter', GNL, 'Go on after this name.', { value: 'string' }),
    ),
  ],
};
const GNL_RESPONSE = 'GetNameList-Response';
const GET_NAME_LIST_RESPONSE: BerType = {
  spec: GET_NAME_LIST,
  members: [
    ctx(
      0,
      el('listOfIdentifier', 'listOfIdentifier', GNL_RESPONSE, 'The names found, in order.', {
        list: true,
        members: [
          tagged(
            UNIVERSAL,
            VISIBLE_STRING,
            el('Identifier', 'Identifier', GNL_RESPONSE, 'One name (an Identifier).', { value: 'string' }),
          ),
        ],
      }),
    ),
    ctx(
      1,
      el('moreFollows', 'moreFollows', GNL_RESPONSE, 'More names follow; TRUE when absent.', { value: 'boolean' }),
    ),
  ],
};
const READ = el(
  'read_element',
  'read',
  'Read-Request, Read-Response',
  'Read: the variables to read (request); one AccessResult per variable (response).',
).spec!;
const READ_REQUEST: BerType = {
  spec: READ,
  members: [
    ctx(
      0,
      el('specificationWithResult', 'specificationWithResult', 'Read-Request', 'Return the variables with the data.', {
        value: 'boolean',
      }),
    ),
    ctx(1, variableAccess('variableAccessSpecificatn', 'variableAccessSpecificatn', VARIABLES)),
  ],
};
const READ_RESPONSE: BerType = {
  spec: READ,
  members: [
    ctx(0, variableAccess('variableAccessSpecificatn', 'variableAccessSpecificatn', VARIABLES)),
    listOfAccessResult(1),
  ],
};
const WRITE_REQUEST = el('write_element', 'write', 'Write-Request', 'The variables and the data to write.', {
  members: [variableAccessChoice('variableAccessSpecificatn', 'variableAccessSpecificatn'), ctx(0, LIST_OF_DATA)],
});
const WRITE_RESPONSE = el('write', 'write', 'Write-Response', 'Per variable: written, or why not.', {
  list: true,
  members: [
    {
      choice: el('Write_Response_item', 'Write-Response item', 'Write-Response', 'The outcome for one variable.', {
        choose: { 0: 'failure', 1: 'success' },
      }).spec!,
      alternatives: [
        ctx(0, FAILURE),
        ctx(1, el('success_element', 'success', 'Write-Response', 'The variable was written.', { value: 'null' })),
      ],
    },
  ],
});
const GVAA = 'GetVariableAccessAttributes-Request';
const GET_VARIABLE_ACCESS_ATTRIBUTES_REQUEST = el(
  'getVariableAccessAttributes',
  'getVariableAccessAttributes',
  GVAA,
  'The type of a variable, by its name or address.',
  {
    choose: { 0: 'name', 1: 'address' },
    members: [
      ctx(0, objectName('name', 'name', VAS, 'The variable, by its ObjectName.')),
      ctx(1, el('address', 'address', VAS, 'The variable, by its address.')),
    ],
  },
);
const GVAA_RESPONSE = 'GetVariableAccessAttributes-Response';
const DELETABLE = ctx(
  0,
  el('mmsDeletable', 'mmsDeletable', GVAA_RESPONSE, 'The object can be deleted (by a delete service).', {
    value: 'boolean',
  }),
);
const GET_VARIABLE_ACCESS_ATTRIBUTES_RESPONSE = el(
  'getVariableAccessAttributes_element',
  'getVariableAccessAttributes',
  GVAA_RESPONSE,
  'Whether the variable can be deleted, its address and its type.',
  {
    members: [
      DELETABLE,
      ctx(1, el('address', 'address', VAS, 'The variable, by its address.')),
      ctx(2, typeSpecification('typeSpecification', 'typeSpecification', 'The type of the variable.')),
    ],
  },
);
const GET_NAMED_VARIABLE_LIST_ATTRIBUTES_REQUEST = objectName(
  'getNamedVariableListAttributes',
  'getNamedVariableListAttributes',
  'GetNamedVariableListAttributes-Request',
  'The variables of a named variable list (IEC 61850: a data set), by its ObjectName.',
);
const GNVLA_RESPONSE = 'GetNamedVariableListAttributes-Response';
const GET_NAMED_VARIABLE_LIST_ATTRIBUTES_RESPONSE = el(
  'getNamedVariableListAttributes_element',
  'getNamedVariableListAttributes',
  GNVLA_RESPONSE,
  'Whether the list can be deleted, and its variables.',
  { members: [DELETABLE, listOfVariable(1)] },
);
const ID = 'Identify-Response';
const IDENTIFY = el(
  'identify_element',
  'identify',
  'Identify-Request, Identify-Response',
  'Identify: no parameters (request); who made the server, which model, which revision (response).',
).spec!;
const IDENTIFY_RESPONSE: BerType = {
  spec: IDENTIFY,
  members: [
    ctx(0, el('vendorName', 'vendorName', ID, 'The vendor of the server.', { value: 'string' })),
    ctx(1, el('modelName', 'modelName', ID, 'The model of the server.', { value: 'string' })),
    ctx(2, el('revision', 'revision', ID, 'The revision of the server.', { value: 'string' })),
    ctx(3, el('listOfAbstractSyntaxes', 'listOfAbstractSyntaxes', ID, 'The abstract syntaxes supported.')),
  ],
};

/** The services decoded by name, by tag; the others are shown element by element under the service's name. */
export const REQUESTS: ReadonlyMap<number, BerType> = new Map([
  [1, GET_NAME_LIST_REQUEST],
  [2, { spec: IDENTIFY, value: 'null' }],
  [4, READ_REQUEST],
  [5, WRITE_REQUEST],
  [6, GET_VARIABLE_ACCESS_ATTRIBUTES_REQUEST],
  [12, GET_NAMED_VARIABLE_LIST_ATTRIBUTES_REQUEST],
]);
export const RESPONSES: ReadonlyMap<number, BerType> = new Map([
  [1, GET_NAME_LIST_RESPONSE],
  [2, IDENTIFY_RESPONSE],
  [4, READ_RESPONSE],
  [5, WRITE_RESPONSE],
  [6, GET_VARIABLE_ACCESS_ATTRIBUTES_RESPONSE],
  [12, GET_NAMED_VARIABLE_LIST_ATTRIBUTES_RESPONSE],
]);

/** InformationReport ::= SEQUENCE { variableAccessSpecification, listOfAccessResult [0] }: IEC 61850 reports. */
export const INFORMATION_REPORT = el(
  'informationReport_element',
  'informationReport',
  'InformationReport',
  'Data sent unasked (IEC 61850: a report).',
  {
    members: [
      variableAccessChoice('variableAccessSpecification', 'variableAccessSpecification'),
      listOfAccessResult(0),
    ],
  },
);
