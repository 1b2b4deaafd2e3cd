// COTP — ISO/IEC 8073 (= ITU-T X.224) connection-oriented transport, as RFC 905 (ISO DP 8073) first published it.
// Clause 13 of both gives each TPDU the same shape (octet 1 = LI, as the standard numbers octets):
//
//    octet:  1      2               3 ... n            n+1 ... p            p+1 ...
//          +----+----------------+------------------+--------------------+--------------+
//          | LI | code | CDT/0   | rest of fixed    | variable part      | user data    |
//          +----+----------------+------------------+--------------------+--------------+
//          |<------------------------ LI counts these octets ------------>|
//
// Fixed parts (normal format), by TPDU code in the high nibble of octet 2:
//   CR 1110 / CC 1101: DST-REF(2) SRC-REF(2) CLASS|OPTIONS(1)     DR 1000: DST-REF(2) SRC-REF(2) REASON(1)
//   DC 1100: DST-REF(2) SRC-REF(2)      ER 0111: DST-REF(2) REJECT-CAUSE(1)
//   DT 1111, classes 0/1: EOT|TPDU-NR(1)      DT 1111, classes 2-4: DST-REF(2) EOT|TPDU-NR(1)
// Variable part: parameters code(1) length(1) value(length), their meaning depending on the TPDU.
import { cite, type Cite } from '../cite';
import { field, withProblem } from '../build';
import type { Field, Problem } from '../model';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import { u8, type Bytes } from '../reader';
import { problem } from './common';

const LI_CITE = cite('RFC 905', '13.2.1');
const CODE_CITE = cite('RFC 905', '13.2.2.2');
const CR_FIXED = cite('RFC 905', '13.3.3');
const CR_VARIABLE = cite('RFC 905', '13.3.4');
const CC_FIXED = cite('RFC 905', '13.4.3');
const DR_FIXED = cite('ISO/IEC 8073', '13.5.3');
const DC_FIXED = cite('ISO/IEC 8073', '13.6.3');
const DT_FIXED = cite('ISO/IEC 8073', '13.7.3');
const ER_FIXED = cite('ISO/IEC 8073', '13.12.3');
const ER_VARIABLE = cite('ISO/IEC 8073', '13.12.4');
const VARIABLE = cite('RFC 905', '13.2.3');
const USER_DATA = cite('RFC 905', '13.2.4');

export const TPDU_TYPES: Readonly<Record<number, string>> = {
  0x1: 'ED Expedited Data', 0x2: 'EA Expedited Data Acknowledgement', 0x5: 'RJ Reject', 0x6: 'AK Data Acknowledgement',
  0x7: 'ER TPDU Error', 0x8: 'DR Disconnect Request', 0xc: 'DC Disconnect Confirm', 0xd: 'CC Connect Confirm',
  0xe: 'CR Connect Request', 0xf: 'DT Data',
};
const SHORT_NAME: Readonly<Record<number, string>> = { 0x1: 'ED', 0x2: 'EA', 0x5: 'RJ', 0x6: 'AK', 0x7: 'ER', 0x8: 'DR', 0xc: 'DC', 0xd: 'CC', 0xe: 'CR', 0xf: 'DT' };

export const DR_REASONS: Readonly<Record<number, string>> = {
  0: 'Reason not specified', 1: 'Congestion at TSAP', 2: 'Session entity not attached to TSAP', 3: 'Address unknown',
  128: 'Normal disconnect initiated by session entity', 129: 'Remote transport entity congestion at connect request time',
  130: 'Connection negotiation failed', 131: 'Duplicate source reference', 132: 'Mismatched references', 133: 'Protocol error',
  135: 'Reference overflow', 136: 'Connection request refused on this network connection', 138: 'Header or parameter length invalid',
};
export const REJECT_CAUSES: Readonly<Record<number, string>> = {
  0: 'Reason not specified', 1: 'Invalid parameter code', 2: 'Invalid TPDU type', 3: 'Invalid parameter value',
};

// ---- The fixed-part fields, one spec per id. Offsets (`at`) are from the LI octet.
const LI: FieldSpec = {
  id: 'cotp.li', label: 'Length', kind: 'uint', at: 0, size: 1, cite: LI_CITE, unit: 'octets',
  meaning: 'Length indicator: the header length in octets, not counting the LI octet itself nor any user data (at most 254; 255 is reserved).',
};
const TYPE: FieldSpec = {
  id: 'cotp.type', label: 'PDU Type', kind: 'hex', at: 1, size: 1, mask: 0xf0, cite: CODE_CITE, values: TPDU_TYPES,
  meaning: 'TPDU code: the high four bits of octet 2 say which of the ten TPDU types this is.',
};
const CDT: FieldSpec = {
  id: 'cotp.cdt', label: 'Credit (CDT)', kind: 'uint', at: 1, size: 1, mask: 0x0f, cite: CR_FIXED,
  meaning: 'Initial credit allocation, bits 4 to 1 of octet 2: "set to 0000 in classes 0 and 1 when specified as preferred class". Wireshark shows no field for these bits.',
};
const CODE_LOW: FieldSpec = {
  id: 'cotp.code_reserved', label: 'Reserved (TPDU code bits 4-1)', kind: 'uint', at: 1, size: 1, mask: 0x0f, reserved: true, cite: CODE_CITE,
  meaning: 'Bits 4 to 1 of the TPDU code octet, which are 0000 for this TPDU type. Wireshark shows no field for these bits.',
  rule: { expect: 0, severity: 'warning', code: 'reserved-nonzero', message: (v) => `Bits 4-1 of the TPDU code octet are ${v.toString(2).padStart(4, '0')}; for this TPDU type the code is defined with 0000` },
};
const DSTREF = (c: Cite, extra = ''): FieldSpec => ({ id: 'cotp.destref', label: 'Destination reference', kind: 'hex', at: 2, size: 2, cite: c, meaning: `DST-REF: the reference the peer transport entity chose for this connection.${extra}` });
const SRCREF = (c: Cite): FieldSpec => ({ id: 'cotp.srcref', label: 'Source reference', kind: 'hex', at: 4, size: 2, cite: c, meaning: 'SRC-REF: the reference the sending transport entity chose for this connection.' });

const classFields = (c: Cite): FieldSpec[] => [
  {
    id: 'cotp.class', label: 'Class', kind: 'uint', at: 6, size: 1, mask: 0xf0, cite: c,
    meaning: 'Transport protocol class 0 to 4 (preferred class in a CR, selected class in a CC). RFC 1006 carries class 0.',
  },
  {
    id: 'cotp.opts.reserved', label: 'Options (unassigned)', kind: 'uint', at: 6, size: 1, mask: 0x0c, reserved: true, cite: c,
    meaning: 'Bits 4 and 3 of the class/option octet, which ISO 8073 assigns no option to. Wireshark shows no field for them.',
    rule: { expect: 0, severity: 'warning', code: 'reserved-nonzero', message: (v) => `Unassigned option bits (mask 0x0c) are ${v.toString(2).padStart(2, '0')}: no option is defined for them; the sender should send 0` },
  },
  {
    id: 'cotp.opts.extended_formats', label: 'Extended formats', kind: 'flag', at: 6, size: 1, mask: 0x02, cite: c,
    values: { 0: 'Normal formats', 1: 'Extended formats' },
    meaning: 'Use of extended formats (4-octet TPDU numbers, 2-octet credit) in classes 2, 3 and 4.',
  },
  {
    id: 'cotp.opts.no_explicit_flow_control', label: 'No explicit flow control', kind: 'flag', at: 6, size: 1, mask: 0x01, cite: c,
    values: { 0: 'Explicit flow control', 1: 'No explicit flow control' },
    meaning: 'Non-use of explicit flow control in class 2.',
  },
];

const CR_SPECS: FieldSpec[] = [LI, TYPE, CDT, { ...DSTREF(CR_FIXED, ' In a CR it is set to zero: the peer has not chosen one yet.'), rule: { expect: 0, severity: 'warning', code: 'unexpected-value', message: (v) => `DST-REF is 0x${v.toString(16).padStart(4, '0')} in a CR; ISO 8073 says "Set to zero"`, cite: CR_FIXED } }, SRCREF(CR_FIXED), ...classFields(CR_FIXED)];
const CC_SPECS: FieldSpec[] = [LI, TYPE, { ...CDT, cite: CC_FIXED }, DSTREF(CC_FIXED, ' In a CC it echoes the SRC-REF of the CR.'), SRCREF(CC_FIXED), ...classFields(CC_FIXED)];
const CAUSE: FieldSpec = {
  id: 'cotp.cause', label: 'Cause', kind: 'uint', at: 6, size: 1, cite: DR_FIXED, values: DR_REASONS,
  meaning: 'Reason for the disconnect request: 0-3 come from the session entity side, 128 and up from the transport entity.',
};
const DR_SPECS: FieldSpec[] = [LI, TYPE, CODE_LOW, DSTREF(DR_FIXED), SRCREF(DR_FIXED), CAUSE];
const DC_SPECS: FieldSpec[] = [LI, TYPE, CODE_LOW, DSTREF(DC_FIXED), SRCREF(DC_FIXED)];
const EOT = (at: number): FieldSpec => ({ id: 'cotp.eot', label: 'Last data unit', kind: 'flag', at, size: 1, mask: 0x80, cite: DT_FIXED, values: { 0: 'No', 1: 'Yes' }, meaning: 'EOT: set on the last DT TPDU of a TSDU (the user message ends here).' });
const TPDU_NR = (at: number): FieldSpec => ({ id: 'cotp.tpdu-number', label: 'TPDU number', kind: 'hex', at, size: 1, mask: 0x7f, cite: DT_FIXED, meaning: 'TPDU-NR: the send sequence number of this DT TPDU (modulo 128 in normal format).' });
const DT01_SPECS: FieldSpec[] = [LI, TYPE, CODE_LOW, EOT(2), TPDU_NR(2)];
const DT_NORMAL_SPECS: FieldSpec[] = [LI, TYPE, CODE_LOW, DSTREF(DT_FIXED), EOT(4), TPDU_NR(4)];
const REJECT: FieldSpec = { id: 'cotp.reject_cause', label: 'Reject cause', kind: 'uint', at: 4, size: 1, cite: ER_FIXED, values: REJECT_CAUSES, meaning: 'Why the TPDU named in the Invalid TPDU parameter was rejected.' };
const ER_SPECS: FieldSpec[] = [LI, TYPE, CODE_LOW, DSTREF(ER_FIXED), REJECT];

// ---- Variable part
const PARAMETER: FieldSpec = { id: 'cotp.parameter', label: 'Parameter', kind: 'none', cite: VARIABLE, meaning: 'One variable-part parameter: code, length, value.' };
const PARAM_CODE: FieldSpec = {
  id: 'cotp.parameter_code', label: 'Parameter code', kind: 'hex', size: 1, cite: VARIABLE,
  values: { 0xc0: 'tpdu-size', 0xc1: 'src-tsap', 0xc2: 'dst-tsap', 0xc3: 'checksum', 0xc4: 'version', 0xc5: 'protection', 0xc6: 'options', 0xc7: 'proto class', 0x85: 'ack time', 0x86: 'res error', 0x87: 'priority', 0x88: 'transit delay', 0x89: 'throughput', 0x8a: 'seq number', 0x8b: 'reassignment', 0x8c: 'flow control', 0xe0: 'additional connection clearing info', 0xf0: 'preferred max TPDU size', 0xf2: 'inactivity timer' },
  meaning: 'Which parameter follows; its meaning depends on the TPDU it is in (0xC1 is the calling TSAP in a CR/CC, the invalid TPDU in an ER).',
};
const PARAM_LENGTH: FieldSpec = { id: 'cotp.parameter_length', label: 'Parameter length', kind: 'uint', size: 1, cite: VARIABLE, unit: 'octets', meaning: 'Length of the parameter value in octets.' };
const PARAM_VALUE: FieldSpec = { id: 'cotp.parameter_value', label: 'Parameter value', kind: 'bytes', cite: VARIABLE, meaning: 'The value of a parameter framescope does not decode further, shown raw.' };

const TSAP_MEANING = 'Transport service access point identifier: an octet string with no defined type, often readable text chosen by configuration (S7: rack/slot; X.400: the MTA\'s TSAP).';
const TPDU_SIZES: Readonly<Record<number, number>> = { 0x07: 128, 0x08: 256, 0x09: 512, 0x0a: 1024, 0x0b: 2048, 0x0c: 4096, 0x0d: 8192 };

interface ParamDef {
  readonly name: string;
  readonly spec: FieldSpec;
  /** Decode the value: returns the value field (or undefined to show it raw) and its problems. */
  readonly decode?: (bytes: Bytes, at: number, len: number, tpdu: TpduInfo) => { value?: number | string; display?: string; problems?: Problem[] };
}

interface TpduInfo {
  readonly type: number;
  readonly protocolClass?: number;
}

const TPDU_SIZE_SPEC: FieldSpec = { id: 'cotp.tpdu_size', label: 'TPDU size', kind: 'uint', cite: CR_VARIABLE, unit: 'octets', meaning: 'Proposed (CR) or selected (CC) maximum TPDU size: 2^value octets, 128 (0x07) to 8192 (0x0D); 4096 and 8192 are not allowed in class 0. 128 if absent.' };

const CONNECT_PARAMS: Readonly<Record<number, ParamDef>> = {
  0xc0: {
    name: 'TPDU size', spec: TPDU_SIZE_SPEC,
    decode: (bytes, at, len, tpdu) => {
      if (len !== 1) return { problems: [problem('error', 'malformed', `TPDU size parameter has length ${len}; it is one octet`, { fieldId: 'cotp.tpdu_size', offset: at, cite: CR_VARIABLE })] };
      const code = u8(bytes, at);
      const size = TPDU_SIZES[code];
      if (size === undefined) {
        return { value: code, display: `Unknown (0x${code.toString(16).padStart(2, '0')})`, problems: [problem('error', 'unexpected-value', `TPDU size code 0x${code.toString(16).padStart(2, '0')} is outside 0x07-0x0D (128 to 8192 octets)`, { fieldId: 'cotp.tpdu_size', offset: at, cite: CR_VARIABLE })] };
      }
      const problems = tpdu.protocolClass === 0 && size > 2048
        ? [problem('warning', 'unexpected-value', `TPDU size ${size} is not allowed in class 0 (at most 2048 octets)`, { fieldId: 'cotp.tpdu_size', offset: at, cite: CR_VARIABLE })]
        : [];
      return { value: size, display: `${size} octets (0x${code.toString(16).padStart(2, '0')})`, problems };
    },
  },
  0xc1: { name: 'Calling TSAP', spec: { id: 'cotp.src-tsap', label: 'Calling TSAP', kind: 'text', cite: CR_VARIABLE, meaning: `Calling TSAP-ID (Wireshark: "Source TSAP"). ${TSAP_MEANING}` } },
  0xc2: { name: 'Called TSAP', spec: { id: 'cotp.dst-tsap', label: 'Called TSAP', kind: 'text', cite: CR_VARIABLE, meaning: `Called TSAP-ID (Wireshark: "Destination TSAP"). ${TSAP_MEANING}` } },
  0xc3: { name: 'Checksum', spec: { id: 'cotp.checksum', label: 'Checksum', kind: 'hex', cite: cite('RFC 905', '13.2.3.1'), meaning: 'Class 4 checksum over the whole TPDU (ISO 8073 arithmetic checksum, modulo 255).' } },
  0xc4: { name: 'Version number', spec: { id: 'cotp.vp_version_nr', label: 'Version', kind: 'uint', cite: CR_VARIABLE, meaning: 'Version of the transport protocol; not used in class 0.' } },
  0xc5: { name: 'Protection parameters', spec: { id: 'cotp.protection', label: 'Protection parameters', kind: 'bytes', cite: CR_VARIABLE, meaning: 'User-defined protection parameters.' } },
  0xc6: { name: 'Additional option selection', spec: { id: 'cotp.additional_options', label: 'Additional option selection', kind: 'hex', cite: CR_VARIABLE, meaning: 'Bits 8-5 zero; 0x08 network expedited, 0x04 receipt confirmation (class 1), 0x02 checksum (class 4), 0x01 transport expedited data.' } },
  0xc7: { name: 'Alternative protocol classes', spec: { id: 'cotp.alternative_classes', label: 'Alternative protocol classes', kind: 'bytes', cite: CR_VARIABLE, meaning: 'One octet per alternative class the initiator would accept (class in bits 8-5).' } },
  0x85: { name: 'Acknowledge time', spec: { id: 'cotp.ack_time', label: 'Ack time (ms)', kind: 'uint', cite: CR_VARIABLE, meaning: 'Maximum time the entity takes to acknowledge, in milliseconds (class 4).' } },
  0x87: { name: 'Priority', spec: { id: 'cotp.vp_priority', label: 'Priority', kind: 'uint', cite: CR_VARIABLE, meaning: 'Priority of the connection; 0 is the highest.' } },
  0x8b: { name: 'Reassignment time', spec: { id: 'cotp.reassignment_time', label: 'Reassignment time (secs)', kind: 'uint', cite: CR_VARIABLE, meaning: 'Time the entity waits for reassignment after a network failure, in seconds (class 1 and 3).' } },
  0xf0: { name: 'Preferred maximum TPDU size', spec: { id: 'cotp.preferred_maximum_tpdu_size', label: 'Preferred maximum TPDU size', kind: 'uint', cite: CR_VARIABLE, meaning: 'Preferred maximum TPDU size in multiples of 128 octets (later editions of ISO 8073).' } },
  0xf2: { name: 'Inactivity timer', spec: { id: 'cotp.inactivity_timer', label: 'Inactivity timer (ms)', kind: 'uint', cite: CR_VARIABLE, meaning: 'Inactivity time in milliseconds (later editions of ISO 8073).' } },
};
const DR_PARAMS: Readonly<Record<number, ParamDef>> = {
  0xe0: { name: 'Additional information', spec: { id: 'cotp.additional_info', label: 'Additional information', kind: 'bytes', cite: cite('ISO/IEC 8073', '13.5.4'), meaning: 'Additional information on the connection clearing, user defined.' } },
  0xc3: CONNECT_PARAMS[0xc3]!,
};
const ER_PARAMS: Readonly<Record<number, ParamDef>> = {
  0xc1: { name: 'Invalid TPDU', spec: { id: 'cotp.invalid_tpdu', label: 'Invalid TPDU', kind: 'bytes', cite: ER_VARIABLE, meaning: 'The header of the rejected TPDU, up to and including the octet that caused the rejection. Wireshark labels this parameter "Source TSAP".' } },
  0xc3: CONNECT_PARAMS[0xc3]!,
};
const OTHER_PARAMS: Readonly<Record<number, ParamDef>> = { 0xc3: CONNECT_PARAMS[0xc3]! };

function paramsFor(type: number): Readonly<Record<number, ParamDef>> {
  if (type === 0xe || type === 0xd) return CONNECT_PARAMS;
  if (type === 0x8) return DR_PARAMS;
  if (type === 0x7) return ER_PARAMS;
  return OTHER_PARAMS;
}

const USER_DATA_SPEC: FieldSpec = { id: 'cotp.user_data', label: 'User data', kind: 'bytes', cite: USER_DATA, meaning: 'Data of the transport user after the header (CR, CC, DR, DT, ED); framescope does not decode the session layer above.' };

export const COTP_TABLE: ProtocolTable = {
  protocol: 'cotp', name: 'ISO 8073/X.224 COTP Connection-Oriented Transport Protocol',
  layouts: [CR_SPECS, CC_SPECS, DR_SPECS, DC_SPECS, DT01_SPECS, DT_NORMAL_SPECS, ER_SPECS],
  fields: [
    LI, TYPE, CDT, CODE_LOW, DSTREF(CR_FIXED), SRCREF(CR_FIXED), ...classFields(CR_FIXED), CAUSE, EOT(2), TPDU_NR(2), REJECT,
    PARAMETER, PARAM_CODE, PARAM_LENGTH, PARAM_VALUE, TPDU_SIZE_SPEC,
    ...[CONNECT_PARAMS, DR_PARAMS, ER_PARAMS].flatMap((table) => Object.values(table).map((p) => p.spec)),
    USER_DATA_SPEC,
  ],
};

function readParameters(bytes: Bytes, start: number, end: number, tpdu: TpduInfo): { fields: Field[]; problems: Problem[] } {
  const defs = paramsFor(tpdu.type);
  const fields: Field[] = [];
  const problems: Problem[] = [];
  let at = start;
  while (at < end) {
    const code = u8(bytes, at);
    const def = defs[code];
    const codeField = field(PARAM_CODE, bytes, at, 1, def ? { display: `${def.name} (0x${code.toString(16)})` } : {});
    if (at + 2 > end) {
      fields.push(field(PARAMETER, bytes, at, 1, { display: `0x${code.toString(16)} without a length octet`, children: [codeField] }));
      problems.push(problem('error', 'malformed', `Parameter 0x${code.toString(16)} at offset ${at} has no length octet before the header ends (LI)`, { fieldId: PARAMETER.id, offset: at, cite: VARIABLE }));
      break;
    }
    const len = u8(bytes, at + 1);
    const valueAt = at + 2;
    const overrun = valueAt + len > end;
    const valueLength = overrun ? end - valueAt : len;
    const children: Field[] = [codeField, field(PARAM_LENGTH, bytes, at + 1, 1)];
    const paramProblems: Problem[] = [];
    if (overrun) {
      paramProblems.push(problem('error', 'length-mismatch', `Parameter 0x${code.toString(16)} says ${len} octets, but the header (LI) ends after ${valueLength}: the value is cut at the LI boundary`, { fieldId: PARAMETER.id, offset: at, cite: VARIABLE }));
    }
    if (!def) {
      paramProblems.push(problem('warning', 'unknown-value', `Parameter code 0x${code.toString(16).padStart(2, '0')} is not defined for a ${SHORT_NAME[tpdu.type] ?? 'this'} TPDU; shown raw`, { fieldId: 'cotp.parameter_code', offset: at, cite: VARIABLE }));
    }
    if (valueLength > 0 || !def) {
      const spec = def?.spec ?? PARAM_VALUE;
      const decoded = def?.decode && !overrun ? def.decode(bytes, valueAt, valueLength, tpdu) : {};
      children.push(field(spec, bytes, valueAt, valueLength, {
        ...(decoded.value !== undefined ? { value: decoded.value } : {}),
        ...(decoded.display !== undefined ? { display: decoded.display } : {}),
        ...(decoded.problems ? { problems: decoded.problems } : {}),
      }));
    }
    const valueText = children[2]?.display ?? '';
    fields.push(field(PARAMETER, bytes, at, 2 + valueLength, {
      display: `${def?.name ?? 'Unknown parameter'} (0x${code.toString(16)}), ${len} octet${len === 1 ? '' : 's'}${valueText ? `: ${valueText}` : ''}`,
      children,
      problems: paramProblems,
    }));
    at = valueAt + valueLength;
  }
  return { fields, problems };
}

const WITH_USER_DATA = new Set([0xe, 0xd, 0x8, 0xf, 0x1]);

function fixedSpecsFor(type: number, li: number): { specs: FieldSpec[]; fixedLength: number } | undefined {
  switch (type) {
    case 0xe: return { specs: CR_SPECS, fixedLength: 6 };
    case 0xd: return { specs: CC_SPECS, fixedLength: 6 };
    case 0x8: return { specs: DR_SPECS, fixedLength: 6 };
    case 0xc: return { specs: DC_SPECS, fixedLength: 5 };
    // DT: LI 2 is the class 0/1 format (no DST-REF); larger LI is the class 2-4 normal format.
    case 0xf: return li === 2 ? { specs: DT01_SPECS, fixedLength: 2 } : { specs: DT_NORMAL_SPECS, fixedLength: 4 };
    case 0x7: return { specs: ER_SPECS, fixedLength: 4 };
    default: return undefined;
  }
}

function hex16(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}

const dissect: Dissector = ({ bytes, offset, end }) => {
  const available = end - offset;
  const problems: Problem[] = [];
  if (available < 1) {
    problems.push(problem('error', 'truncated', 'The TPKT carries no TPDU: a COTP length indicator was expected here', { fieldId: 'cotp.li', offset, cite: LI_CITE }));
    return { fields: [], problems, summary: 'COTP (missing)', end };
  }
  const liField = field(LI, bytes, offset, 1);
  const li = u8(bytes, offset);
  if (available < 2) {
    problems.push(problem('error', 'truncated', `COTP TPDU cut short: only the length indicator is here, the TPDU code octet is missing`, { fieldId: 'cotp.type', offset: offset + 1, cite: CODE_CITE }));
    return { fields: [liField], problems, summary: 'COTP (truncated)', end };
  }
  const type = (u8(bytes, offset + 1) >> 4) & 0x0f;
  const name = SHORT_NAME[type];
  const liProblems: Problem[] = [];
  if (li === 0) liProblems.push(problem('error', 'malformed', 'Length indicator is 0: every TPDU has at least its code octet in the header', { fieldId: 'cotp.li', offset, cite: LI_CITE }));
  if (li === 255) liProblems.push(problem('error', 'unexpected-value', 'Length indicator 255 is reserved for extension (at most 254)', { fieldId: 'cotp.li', offset, cite: LI_CITE }));
  const headerEnd = offset + 1 + li;
  if (headerEnd > end) {
    liProblems.push(problem('error', 'length-mismatch', `Length indicator ${li} says the header ends at offset ${headerEnd}, but the TPKT ends at ${end} (${available - 1} octets after LI): LI is larger than the TPDU`, { fieldId: 'cotp.li', offset, cite: LI_CITE }));
  }
  const layout = fixedSpecsFor(type, li);
  if (!layout) {
    const typeField = field(TYPE, bytes, offset + 1, 1, {
      problems: [problem('error', 'unknown-value', `TPDU code 0x${type.toString(16)} is not one of the ten COTP TPDU types (or it is a type framescope does not decode yet); the rest of the TPDU is shown undecoded`, { fieldId: 'cotp.type', offset: offset + 1, cite: CODE_CITE })],
    });
    return { fields: [field(LI, bytes, offset, 1, { problems: liProblems }), typeField], problems, summary: `ISO 8073/X.224 COTP, unknown TPDU 0x${type.toString(16)}`, end };
  }
  const headerLimit = Math.min(headerEnd, end);
  const fields: Field[] = [];
  const values: Record<string, number> = {};
  for (const spec of layout.specs) {
    const at = offset + spec.at!;
    if (at + spec.size! > headerLimit) {
      const cause = at + spec.size! > end ? 'truncated' : 'malformed';
      problems.push(problem('error', cause, cause === 'truncated'
        ? `${name} TPDU cut short: ${spec.label} (${spec.id}) at offset ${at} is missing (the data ends at ${end})`
        : `Length indicator ${li} is too small for a ${name} TPDU: its fixed part needs ${layout.fixedLength} octets after LI, so ${spec.label} (${spec.id}) lies outside the header`, { fieldId: spec.id, offset: at, cite: spec.cite }));
      break;
    }
    const f = spec === LI ? field(LI, bytes, offset, 1, { problems: liProblems }) : field(spec, bytes, at, spec.size!);
    fields.push(f);
    if (typeof f.value === 'number') values[f.id] = f.value;
    for (const c of f.children ?? []) if (typeof c.value === 'number') values[c.id] = c.value;
  }
  const protocolClass = values['cotp.class'];
  // Class-dependent checks on CR/CC fixed part.
  if (protocolClass !== undefined) {
    const classIndex = fields.findIndex((f) => f.id === 'cotp.class');
    if (protocolClass > 4) {
      fields[classIndex] = withProblem(fields[classIndex]!, problem('error', 'unexpected-value', `Class ${protocolClass} does not exist: ISO 8073 defines classes 0 to 4; the rest of the TPDU is decoded as far as its format allows`, { fieldId: 'cotp.class', offset: offset + 6, cite: CR_FIXED }));
    }
    const cdtIndex = fields.findIndex((f) => f.id === 'cotp.cdt');
    const cdt = values['cotp.cdt'];
    if (cdtIndex >= 0 && cdt !== undefined && cdt !== 0 && protocolClass <= 1) {
      fields[cdtIndex] = withProblem(fields[cdtIndex]!, problem('warning', 'unexpected-value', `CDT is ${cdt} in a class ${protocolClass} ${name}: it is "set to 0000 in classes 0 and 1"`, { fieldId: 'cotp.cdt', offset: offset + 1, cite: CR_FIXED }));
    }
  }

  const fixedEnd = offset + 1 + layout.fixedLength;
  if (fixedEnd < headerLimit) {
    const params = readParameters(bytes, fixedEnd, headerLimit, { type, ...(protocolClass !== undefined ? { protocolClass } : {}) });
    fields.push(...params.fields);
    problems.push(...params.problems);
  }

  const carriesData = WITH_USER_DATA.has(type);
  const tpduEnd = carriesData ? end : headerLimit;
  if (carriesData && headerLimit < end) {
    fields.push(field(USER_DATA_SPEC, bytes, headerLimit, end - headerLimit, { display: `${end - headerLimit} bytes` }));
  }

  const refs = values['cotp.srcref'] !== undefined && values['cotp.destref'] !== undefined
    ? ` src-ref: ${hex16(values['cotp.srcref'])} dst-ref: ${hex16(values['cotp.destref'])}`
    : '';
  let info = `${name} TPDU${refs}`;
  if (type === 0xf) {
    const nr = values['cotp.tpdu-number'];
    info = `DT TPDU (${nr ?? '?'}) ${values['cotp.eot'] === 1 ? 'EOT' : ''}`.trimEnd();
  }
  if (type === 0x8 && values['cotp.cause'] !== undefined) info += ` ${DR_REASONS[values['cotp.cause']] ?? `reason ${values['cotp.cause']}`}`;
  return {
    fields,
    problems,
    summary: `ISO 8073/X.224 COTP Connection-Oriented Transport Protocol, ${TPDU_TYPES[type]}`,
    info,
    end: tpduEnd,
  };
};

/** Several TPDUs may follow one another in one TPKT (ISO 8073 concatenation); user data ends that. */
const repeat = (_bytes: Bytes, offset: number, end: number): boolean => end - offset >= 2;

export const cotp: Protocol = { protocol: 'cotp', dissect, repeat };
