// ISO 9506-2 MMS (Manufacturing Message Specification), the application protocol of IEC 61850 client/server traffic:
// one MMSpdu per presentation data value (or per ACSE user-information EXTERNAL, for the initiate PDUs), in BER.
// ISO 9506-2 is not freely published: its types are cited by the ASN.1 module (ISO-9506-MMS-1) and type name, not by
// clause. Tags are context-specific:
//
//   MMSpdu ::= CHOICE { confirmed-RequestPDU [0], confirmed-ResponsePDU [1], confirmed-ErrorPDU [2], unconfirmed-PDU [3],
//                       rejectPDU [4], cancel-RequestPDU [5], cancel-ResponsePDU [6], cancel-ErrorPDU [7],
//                       initiate-RequestPDU [8], initiate-ResponsePDU [9], initiate-ErrorPDU [10],
//                       conclude-RequestPDU [11], conclude-ResponsePDU [12], conclude-ErrorPDU [13] }
//   Confirmed-RequestPDU ::= SEQUENCE { invokeID Unsigned32, listOfModifier SEQUENCE OF Modifier OPTIONAL,
//                       confirmedServiceRequest ConfirmedServiceRequest (a CHOICE, [0] status … [77] fileDirectory) }
//   Confirmed-ResponsePDU ::= SEQUENCE { invokeID Unsigned32, confirmedServiceResponse ConfirmedServiceResponse }
//
// What a user needs to tell frames apart is named: the PDU, the invokeID, the service and, for the services IEC 61850
// uses most (mms-types.ts), their object names, types and data; anything else inside is shown element by element.
import type { Dissector, Protocol } from '../dissector';
import type { ProtocolTable } from '../spec';
import { text, type Bytes } from '../reader';
import {
  CONTEXT,
  UNIVERSAL,
  berWalk,
  bitNames,
  integerValue,
  isOneElement,
  newHeader,
  readHeader,
  specsOf,
  tagged,
  walkElements,
  type BerChoice,
  type BerMember,
  type BerShape,
  type BerType,
} from './ber';
import {
  INFORMATION_REPORT,
  REQUESTS,
  RESPONSES,
  SEQUENCE,
  SERVICES,
  TAP_FLOAT,
  TAP_INVOKE,
  TAP_NAME,
  ctx,
  el,
  serviceError,
  type MmsId,
} from './mms-types';
import { tsduLimit } from './common';

export { MMS_DOCUMENTS } from './mms-types';

const SERVICE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(SERVICES.map((name, i) => [i, name]));

/** A service CHOICE: the services decoded by name where known, the others element by element under their name. */
function services(id: MmsId, type: string, meaning: string, known: ReadonlyMap<number, BerType>): BerChoice {
  return {
    choice: el(id, id, type, meaning, { choose: SERVICE_NAMES }).spec!,
    alternatives: SERVICES.map((_, tag) => ctx(tag, known.get(tag) ?? {})),
  };
}
const CONFIRMED_SERVICE_REQUEST = services(
  'confirmedServiceRequest',
  'ConfirmedServiceRequest',
  'The service asked for (4 read, 5 write, 1 getNameList, …).',
  REQUESTS,
);
const CONFIRMED_SERVICE_RESPONSE = services(
  'confirmedServiceResponse',
  'ConfirmedServiceResponse',
  'The service answered (4 read, 5 write, 1 getNameList, …).',
  RESPONSES,
);

const CRQ = 'Confirmed-RequestPDU';
const INVOKE = el('invokeID', 'invokeID', CRQ, 'InvokeID: pairs a response (or error) with its request.', {
  value: 'integer',
  tap: TAP_INVOKE,
});
const DETAIL = ctx(79, el('cs_request_detail', 'cs-request-detail', CRQ, 'Companion-standard request detail.'));

/** ParameterSupportOptions and ServiceSupportOptions: the bits by name (bit 8 of the first octet is bit 0). */
const PARAMETER_CBBS = ['str1', 'str2', 'vnam', 'valt', 'vadr', 'vsca', 'tpy', 'vlis', 'real', 'spare_bit9', 'cei'];
const SERVICE_BITS = [
  ...SERVICES,
  'unsolicitedStatus',
  'informationReport',
  'eventNotification',
  'attachToEventCondition',
  'attachToSemaphore',
  'conclude',
  'cancel',
];

/** Initiate-RequestPDU and Initiate-ResponsePDU: the same parameters, proposed then negotiated. */
function initiate(request: boolean): BerType {
  const type = request ? 'Initiate-RequestPDU' : 'Initiate-ResponsePDU';
  const side = request ? 'proposed' : 'negociated';
  const party = request ? 'Calling' : 'Called';
  const number = (id: MmsId, meaning: string) => el(id, id, type, meaning, { value: 'integer' });
  const bits = (id: MmsId, meaning: string, names: readonly string[]) =>
    el(id, id, type, meaning, { value: 'bits', describe: bitNames(names) });
  return el(
    request ? 'initiate_RequestPDU_element' : 'initiate_ResponsePDU_element',
    request ? 'initiate-RequestPDU' : 'initiate-ResponsePDU',
    type,
    request
      ? 'The MMS association the client proposes (in the ACSE AARQ).'
      : 'The MMS association the server accepts (in the ACSE AARE).',
    {
      members: [
        ctx(0, number(`localDetail${party}`, 'The largest MMS PDU the sender accepts, in octets.')),
        ctx(1, number(`${side}MaxServOutstandingCalling`, 'How many requests the calling side may have outstanding.')),
        ctx(2, number(`${side}MaxServOutstandingCalled`, 'How many requests the called side may have outstanding.')),
        ctx(3, number(`${side}DataStructureNestingLevel`, 'How deep structured data may nest.')),
        ctx(
          4,
          el(
            `mmsInit${request ? 'Request' : 'Response'}Detail_element`,
            `mmsInit${request ? 'Request' : 'Response'}Detail`,
            type,
            'The version, the parameter CBBs and the services supported.',
            {
              members: [
                ctx(0, number(`${side}VersionNumber`, 'The MMS version.')),
                ctx(
                  1,
                  bits(
                    `${side}ParameterCBB`,
                    'ParameterSupportOptions: the building blocks supported.',
                    PARAMETER_CBBS,
                  ),
                ),
                ctx(
                  2,
                  bits(
                    `servicesSupported${party}`,
                    'ServiceSupportOptions: a bit per service supported.',
                    SERVICE_BITS,
                  ),
                ),
              ],
            },
          ),
        ),
      ],
    },
  );
}

const ORIGINAL_INVOKE_ID = el(
  'originalInvokeID',
  'originalInvokeID',
  'RejectPDU, Cancel-ErrorPDU',
  'The invokeID of the PDU rejected, or of the request that could not be cancelled.',
  { value: 'integer' },
);
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
const REJECT_REASON: BerChoice = {
  choice: el('rejectReason', 'rejectReason', 'RejectPDU', 'Which kind of PDU was rejected; the code says why.', {
    choose: Object.fromEntries(REJECT_REASONS.map((name, i) => [i + 1, name])),
  }).spec!,
  alternatives: REJECT_REASONS.map((name, i) =>
    ctx(
      i + 1,
      el(name.replace(/-/g, '_') as MmsId, name, 'RejectPDU', `Why the ${name} was rejected.`, { value: 'integer' }),
    ),
  ),
};
const UNCONFIRMED_SERVICE: BerChoice = {
  choice: el('unconfirmedService', 'unconfirmedService', 'UnconfirmedService', 'The service, unasked.', {
    choose: { 0: 'informationReport', 1: 'unsolicitedStatus', 2: 'eventNotification' },
  }).spec!,
  alternatives: [
    ctx(0, INFORMATION_REPORT),
    ctx(1, el('unsolicitedStatus_element', 'unsolicitedStatus', 'UnconfirmedService', 'The VMD status, unasked.')),
    ctx(2, el('eventNotification_element', 'eventNotification', 'UnconfirmedService', 'An event condition changed.')),
  ],
};

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
/** An MMSpdu alternative: its field (`mms.` + id), cited by its ASN.1 type (the PDU's name, capitalised). */
const pdu = (tag: number, id: MmsId, meaning: string, shape: BerShape) => {
  const name = PDU_NAMES[tag]!;
  return ctx(tag, el(id, name, name[0]!.toUpperCase() + name.slice(1), meaning, shape));
};
const MMS_PDUS: readonly BerMember[] = [
  pdu(0, 'confirmed_RequestPDU_element', 'A request the server answers, with its invokeID and service.', {
    members: [
      tagged(UNIVERSAL, 2, INVOKE),
      tagged(
        UNIVERSAL,
        SEQUENCE,
        el('listOfModifier', 'listOfModifier', CRQ, 'Attach the request to an event or semaphore.'),
      ),
      CONFIRMED_SERVICE_REQUEST,
      DETAIL,
    ],
  }),
  pdu(1, 'confirmed_ResponsePDU_element', 'The answer to the request with the same invokeID.', {
    members: [tagged(UNIVERSAL, 2, INVOKE), CONFIRMED_SERVICE_RESPONSE, DETAIL],
  }),
  pdu(2, 'confirmed_ErrorPDU_element', 'The request with this invokeID failed.', {
    members: [
      ctx(0, INVOKE),
      ctx(
        1,
        el('modifierPosition', 'modifierPosition', 'Confirmed-ErrorPDU', 'Which modifier failed.', {
          value: 'integer',
        }),
      ),
      ctx(
        2,
        serviceError('serviceError_element', 'serviceError', 'ServiceError', 'The error: its class, code and detail.'),
      ),
    ],
  }),
  pdu(3, 'unconfirmed_PDU_element', 'A service not answered (IEC 61850 reports).', {
    members: [UNCONFIRMED_SERVICE, DETAIL],
  }),
  pdu(4, 'rejectPDU_element', 'A PDU the receiver could not accept, and why.', {
    members: [ctx(0, ORIGINAL_INVOKE_ID), REJECT_REASON],
  }),
  pdu(5, 'cancel_RequestPDU', 'Cancel the request with this invokeID.', { value: 'integer' }),
  pdu(6, 'cancel_ResponsePDU', 'The request with this invokeID is cancelled.', { value: 'integer' }),
  pdu(7, 'cancel_ErrorPDU_element', 'The cancel failed.', {
    members: [
      ctx(0, ORIGINAL_INVOKE_ID),
      ctx(
        1,
        serviceError('serviceError_element', 'serviceError', 'ServiceError', 'The error: its class, code and detail.'),
      ),
    ],
  }),
  ctx(8, initiate(true)),
  ctx(9, initiate(false)),
  ctx(
    10,
    serviceError('initiate_ErrorPDU_element', 'initiate-ErrorPDU', 'Initiate-ErrorPDU', 'The association was refused.'),
  ),
  pdu(11, 'conclude_RequestPDU_element', 'End the MMS association (before the ACSE release).', { value: 'null' }),
  pdu(12, 'conclude_ResponsePDU_element', 'The association may end.', { value: 'null' }),
  ctx(
    13,
    serviceError(
      'conclude_ErrorPDU_element',
      'conclude-ErrorPDU',
      'Conclude-ErrorPDU',
      'The association cannot end yet.',
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
  const value = new DataView(bytes.buffer, bytes.byteOffset + start + 1, 4).getFloat32(0);
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return value.toFixed(6);
}

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  const cut = tsduLimit(context, end) > end;
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
  const h = FIRST;
  const pdu = readHeader(bytes, offset, end, h) && h.cls === CONTEXT ? h.tag : -1;
  const name = PDU_NAMES[pdu];
  return {
    problems: [],
    summary: PDU_SUMMARIES[pdu] ?? 'MMS',
    info: `${invoke}${name ?? 'MMS'}${more}`,
    end,
  };
};

/** The first element's header, read after the walk (no allocation per frame). */
const FIRST = newHeader();
/** The layer's summary per MMSpdu tag, made once. */
const PDU_SUMMARIES: readonly string[] = PDU_NAMES.map((name) => `MMS, ${name}`);

const PDU_FIRST_OCTETS = new Set([0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0x85, 0x86, 0xa7, 0xa8, 0xa9, 0xaa, 0x8b, 0x8c, 0xad]);

/**
 * A presentation data value is an MMS PDU when it is one element with an MMSpdu tag ([0]–[13], constructed or
 * primitive as the alternative is). Wireshark knows it from the presentation context (1.0.9506.2.1) the CP declared.
 */
export function looksLikeMms(bytes: Bytes, offset: number, end: number): boolean {
  return end > offset && PDU_FIRST_OCTETS.has(bytes[offset]!) && isOneElement(bytes, offset, end, true);
}

export const mms: Protocol = { protocol: 'mms', dissect };
