// COTP variable part (ISO 8073 / X.224 13.2.3 and each TPDU's 13.x.4): code(1) length(1) value(length). Which codes
// are allowed, and what they mean, depends on the TPDU: 0xC1 is the calling TSAP in a CR/CC and the invalid TPDU in
// an ER. Codes ISO 8073 does not define for the TPDU are shown raw and flagged (in a CR they are to be ignored).
import type { FieldId } from '../field-ids';
import { cite, type Cite } from '../cite';
import { compiled, numberAt } from '../build';
import type { Problem } from '../model';
import type { FieldSpec } from '../spec';
import type { LayerSink } from '../sink';
import { u8, uint, type Bytes } from '../reader';
import { problem } from './common';
import { verifyIsoChecksum } from './iso-checksum';
import { hexByte, hexNumber } from '../format';

const VARIABLE = cite('RFC 905', '13.2.3');
const CR_VARIABLE = cite('RFC 905', '13.3.4');
const CHECKSUM_CITE = cite('RFC 905', '13.2.3.1');
const DR_VARIABLE = cite('ISO/IEC 8073', '13.5.4');
const DT_VARIABLE = cite('ISO/IEC 8073', '13.7.4');
const AK_VARIABLE = cite('ISO/IEC 8073', '13.9.4');
const ER_VARIABLE = cite('ISO/IEC 8073', '13.12.4');
const S7_TSAP = cite('Snap7: S7 TSAPs', '');

/** What a parameter decoder knows of the TPDU around it. */
export interface TpduContext {
  readonly type: number;
  readonly name: string;
  readonly protocolClass?: number;
  readonly extended: boolean;
  /** The whole TPDU, LI to the end of its user data: what the checksum covers. */
  readonly start: number;
  readonly end: number;
  /**
   * The bytes end here, inside the TPDU (its TPKT runs past the segment): a parameter reaching this point is cut, not
   * wrong, and the checksum cannot be verified.
   */
  readonly cutAt?: number;
}

/** What a parameter decoder read from a value: everything optional, the value field's own reading otherwise. */
interface Decoded {
  readonly value?: number | string;
  /** Text for the tree; decoders make it only when `tree` is asked. */
  readonly display?: string;
  readonly problems?: readonly Problem[];
  /** Use this spec instead of the parameter's own (a TSAP that is not text is shown as bytes). */
  readonly spec?: FieldSpec;
  /** Fields inside the value, from its first octet: at their `at` when they have one, else one after another. */
  readonly parts?: readonly FieldSpec[];
  /** A generated field inside the value: what framescope computed (the checksum the TPDU should carry). */
  readonly computed?: { readonly spec: FieldSpec; readonly value: number };
}

const AS_IS: Decoded = {};

export interface ParamDef {
  readonly name: string;
  readonly spec: FieldSpec;
  /** Allowed value lengths; any length when absent. */
  readonly lengths?: readonly number[];
  /** `tree`: text only a reader sees (displays) is wanted. */
  readonly decode?: (bytes: Bytes, at: number, len: number, tpdu: TpduContext, tree: boolean) => Decoded;
}

const spec = (
  id: FieldId,
  label: string,
  kind: FieldSpec['kind'],
  c: Cite,
  meaning: string,
  extra: Partial<FieldSpec> = {},
): FieldSpec => ({ id, label, kind, cite: c, meaning, ...extra });
const sub = (id: FieldId, label: string, size: number, c: Cite, meaning: string, unit?: string): FieldSpec => ({
  id,
  label,
  kind: 'uint',
  size,
  cite: c,
  meaning,
  ...(unit ? { unit } : {}),
});

const TPDU_SIZES: Readonly<Record<number, number>> = {
  0x07: 128,
  0x08: 256,
  0x09: 512,
  0x0a: 1024,
  0x0b: 2048,
  0x0c: 4096,
  0x0d: 8192,
};
const TSAP_MEANING =
  "Transport service access point identifier: an octet string with no defined type, often readable text chosen by configuration (an X.400 MTA's TSAP) or two octets (S7: connection type, rack and slot).";

const S7_CONNECTION_TYPES: Readonly<Record<number, string>> = {
  1: 'PG (programming device)',
  2: 'OP (operator panel)',
  3: 'S7 basic / other',
};
const S7_TSAP_SPECS = [
  {
    id: 'cotp.tsap.s7.connection_type',
    label: 'S7 connection type',
    kind: 'uint',
    at: 0,
    size: 1,
    cite: S7_TSAP,
    values: S7_CONNECTION_TYPES,
    meaning:
      'First octet of a 2-octet S7 TSAP: the connection resource (1 PG, 2 OP, 3 S7 basic; other values are vendor specific).',
  },
  {
    id: 'cotp.tsap.s7.rack',
    label: 'S7 rack',
    kind: 'uint',
    at: 1,
    size: 1,
    mask: 0xe0,
    cite: S7_TSAP,
    meaning: 'Rack number: bits 8-6 of the second octet.',
  },
  {
    id: 'cotp.tsap.s7.slot',
    label: 'S7 slot',
    kind: 'uint',
    at: 1,
    size: 1,
    mask: 0x1f,
    cite: S7_TSAP,
    meaning: 'Slot number of the CPU: bits 5-1 of the second octet.',
  },
] as const satisfies readonly FieldSpec[];
const [, S7_RACK, S7_SLOT] = S7_TSAP_SPECS;

function tsap(id: FieldId, label: string, what: string): ParamDef {
  const text = spec(
    id,
    label,
    'text',
    CR_VARIABLE,
    `${what} TSAP-ID (Wireshark: "${label === 'Calling TSAP' ? 'Source' : 'Destination'} TSAP"). ${TSAP_MEANING}`,
  );
  const bytesSpec: FieldSpec = { ...text, kind: 'bytes' };
  const asBytes: Decoded = { spec: bytesSpec };
  const asS7: Decoded = { spec: bytesSpec, parts: S7_TSAP_SPECS };
  return {
    name: label,
    spec: text,
    decode: (bytes, at, len, _tpdu, tree) => {
      if (printable(bytes, at, len)) return AS_IS;
      const s7 = len === 2;
      if (!tree) return s7 ? asS7 : asBytes;
      const named = s7
        ? ` (S7: ${S7_CONNECTION_TYPES[u8(bytes, at)] ?? 'Unknown'}, rack ${numberAt(S7_RACK, bytes, at)}, slot ${numberAt(S7_SLOT, bytes, at)})`
        : '';
      return {
        ...(s7 ? asS7 : asBytes),
        display: `${Array.from(bytes.subarray(at, at + len), hexByte).join(' ')}${named}`,
      };
    },
  };
}

function printable(bytes: Bytes, at: number, len: number): boolean {
  if (len === 0) return false;
  for (let i = at; i < at + len; i++) if (u8(bytes, i) < 0x20 || u8(bytes, i) >= 0x7f) return false;
  return true;
}

const CHECKSUM_SPEC = spec(
  'cotp.checksum',
  'Checksum',
  'hex',
  CHECKSUM_CITE,
  'Class 4 checksum: two octets chosen so that the ISO 8073 arithmetic sums (modulo 255) over the whole TPDU are zero. Wireshark 4.0 sums only two octets and reports correct checksums as bad.',
);
const CHECKSUM_CALCULATED = spec(
  'cotp.checksum_calculated',
  'Calculated Checksum',
  'hex',
  CHECKSUM_CITE,
  'The two checksum octets framescope computed for this TPDU (generated; not in the bytes).',
);

const CHECKSUM: ParamDef = {
  name: 'Checksum',
  spec: CHECKSUM_SPEC,
  lengths: [2],
  decode: (bytes, at, _len, tpdu, tree) => {
    const stored = uint(bytes, at, 2);
    if (tpdu.cutAt !== undefined)
      return tree ? { display: `${hexNumber(stored, 4)} [unverified: the TPDU is not all here]` } : AS_IS;
    const { valid, expected } = verifyIsoChecksum(bytes, tpdu.start, tpdu.end, at);
    const problems = valid
      ? []
      : [
          problem(
            'error',
            'checksum-bad',
            `COTP checksum ${hexNumber(stored, 4)} does not make the ISO 8073 sums over the ${tpdu.end - tpdu.start}-octet TPDU zero; ${hexNumber(expected, 4)} would. The TPDU was altered after the sender computed it, or the sender computed it wrongly.`,
            { fieldId: CHECKSUM_SPEC.id, offset: at, cite: CHECKSUM_CITE },
          ),
        ];
    if (tpdu.protocolClass !== undefined && tpdu.protocolClass !== 4) {
      problems.push(
        problem(
          'note',
          'unexpected-value',
          `A checksum parameter in a class ${tpdu.protocolClass} ${tpdu.name}: ISO 8073 uses it in class 4 only`,
          { fieldId: CHECKSUM_SPEC.id, offset: at, cite: CHECKSUM_CITE },
        ),
      );
    }
    return {
      ...(tree
        ? {
            display: `${hexNumber(stored, 4)} [${valid ? 'correct' : `incorrect, should be ${hexNumber(expected, 4)}`}]`,
          }
        : {}),
      computed: { spec: CHECKSUM_CALCULATED, value: valid ? stored : expected },
      problems,
    };
  },
};

const ADDITIONAL_OPTIONS_SPEC = spec(
  'cotp.additional_options',
  'Additional option selection',
  'hex',
  CR_VARIABLE,
  'Options beyond those of the class/option octet; bits 8-5 shall be zero.',
  {
    size: 1,
    bits: [
      spec(
        'cotp.additional_options.reserved',
        'Reserved',
        'uint',
        CR_VARIABLE,
        'Bits 8 to 5: "shall be set to zero".',
        {
          mask: 0xf0,
          reserved: true,
          rule: {
            expect: 0,
            severity: 'warning',
            code: 'reserved-nonzero',
            message: (v) =>
              `Bits 8-5 of the additional option selection are ${v.toString(2).padStart(4, '0')}; ISO 8073 says they shall be zero`,
          },
        },
      ),
      spec(
        'cotp.network_expedited_data',
        'Use of network expedited data',
        'flag',
        CR_VARIABLE,
        'Class 1: use the network expedited data service.',
        { mask: 0x08, values: { 0: 'Not used', 1: 'Used' } },
      ),
      spec(
        'cotp.vp_opt_sel_class1_use',
        'Use',
        'flag',
        CR_VARIABLE,
        'Class 1: receipt confirmation (1) or explicit AK variant (0).',
        { mask: 0x04, values: { 0: 'explicit AK variant', 1: 'Receipt confirmation' } },
      ),
      spec('cotp.use_16_bit_checksum', '16 bit checksum', 'flag', CR_VARIABLE, 'Class 4: use of the checksum.', {
        mask: 0x02,
        values: { 0: 'Not used', 1: 'Used' },
      }),
      spec(
        'cotp.transport_expedited_data_transfer',
        'Transport expedited data transfer',
        'flag',
        CR_VARIABLE,
        'Use of the transport expedited data transfer service.',
        { mask: 0x01, values: { 0: 'Not used', 1: 'Used' } },
      ),
    ],
  },
);

const RES_ERROR = [
  sub(
    'cotp.res_error_rate.target_value',
    'Residual error rate, target value',
    1,
    CR_VARIABLE,
    'Target residual error rate, as a power of ten (10^-n).',
  ),
  sub(
    'cotp.res_error_rate.min_accept',
    'Residual error rate, minimum acceptable',
    1,
    CR_VARIABLE,
    'Minimum acceptable residual error rate (10^-n).',
  ),
  sub(
    'cotp.res_error_rate.tdsu',
    'Residual error rate, TSDU size of interest',
    1,
    CR_VARIABLE,
    'TSDU size of interest, as a power of two (2^n octets).',
  ),
];
const TRANSIT_DELAY = [
  sub(
    'cotp.transit_delay.targ_calling_called',
    'Transit delay, target value, calling-called (ms)',
    2,
    CR_VARIABLE,
    'Target transit delay from calling to called, in milliseconds.',
  ),
  sub(
    'cotp.transit_delay.max_accept_calling_called',
    'Transit delay, maximum acceptable, calling-called (ms)',
    2,
    CR_VARIABLE,
    'Maximum acceptable transit delay from calling to called, in milliseconds.',
  ),
  sub(
    'cotp.transit_delay.targ_called_calling',
    'Transit delay, target value, called-calling (ms)',
    2,
    CR_VARIABLE,
    'Target transit delay from called to calling, in milliseconds.',
  ),
  sub(
    'cotp.transit_delay.max_accept_called_calling',
    'Transit delay, maximum acceptable, called-calling (ms)',
    2,
    CR_VARIABLE,
    'Maximum acceptable transit delay from called to calling, in milliseconds.',
  ),
];
const THROUGHPUT = [
  sub(
    'cotp.max_throughput.targ_calling_called',
    'Maximum throughput, target value, calling-called (o/s)',
    3,
    CR_VARIABLE,
    'Target maximum throughput calling to called, octets per second.',
  ),
  sub(
    'cotp.max_throughput.min_accept_calling_called',
    'Maximum throughput, minimum acceptable, calling-called (o/s)',
    3,
    CR_VARIABLE,
    'Minimum acceptable maximum throughput calling to called.',
  ),
  sub(
    'cotp.max_throughput.targ_called_calling',
    'Maximum throughput, target value, called-calling (o/s)',
    3,
    CR_VARIABLE,
    'Target maximum throughput called to calling.',
  ),
  sub(
    'cotp.max_throughput.min_accept_called_calling',
    'Maximum throughput, minimum acceptable, called-calling (o/s)',
    3,
    CR_VARIABLE,
    'Minimum acceptable maximum throughput called to calling.',
  ),
  sub(
    'cotp.avg_throughput.targ_calling_called',
    'Average throughput, target value, calling-called (o/s)',
    3,
    CR_VARIABLE,
    'Target average throughput calling to called.',
  ),
  sub(
    'cotp.avg_throughput.min_accept_calling_called',
    'Average throughput, minimum acceptable, calling-called (o/s)',
    3,
    CR_VARIABLE,
    'Minimum acceptable average throughput calling to called.',
  ),
  sub(
    'cotp.avg_throughput.targ_called_calling',
    'Average throughput, target value, called-calling (o/s)',
    3,
    CR_VARIABLE,
    'Target average throughput called to calling.',
  ),
  sub(
    'cotp.avg_throughput.min_accept_called_calling',
    'Average throughput, minimum acceptable, called-calling (o/s)',
    3,
    CR_VARIABLE,
    'Minimum acceptable average throughput called to calling.',
  ),
];
const FLOW_CONTROL = [
  sub(
    'cotp.lower_window_edge',
    'Lower window edge',
    4,
    AK_VARIABLE,
    'Flow control confirmation: the lower window edge (YR-TU-NR) being confirmed.',
  ),
  sub(
    'cotp.sequence_number',
    'Sequence number',
    2,
    AK_VARIABLE,
    'Flow control confirmation: the subsequence number being confirmed.',
  ),
  sub('cotp.credit', 'Credit', 2, AK_VARIABLE, 'Flow control confirmation: the credit being confirmed.'),
];

const TPDU_SIZE = spec(
  'cotp.tpdu_size',
  'TPDU size',
  'uint',
  CR_VARIABLE,
  'Proposed (CR) or selected (CC) maximum TPDU size: 2^value octets, 128 (0x07) to 8192 (0x0D); 4096 and 8192 are not allowed in class 0. 128 if absent.',
  { unit: 'octets' },
);
const ED_TPDU_NR = spec(
  'cotp.ed_tpdu_nr',
  'ED-TPDU-NR',
  'uint',
  DT_VARIABLE,
  'Class 4 non-blocking expedited data: the number of the ED TPDU sent just before this DT. Two octets in normal format, four in extended.',
);

const RES_ERROR_PARTS: Decoded = { parts: RES_ERROR };
const TRANSIT_DELAY_PARTS: Decoded = { parts: TRANSIT_DELAY };
/** 12 octets: the maximum throughput only; 24: the average throughput too. */
const MAXIMUM_THROUGHPUT_PARTS: Decoded = { parts: THROUGHPUT.slice(0, 4) };
const THROUGHPUT_PARTS: Decoded = { parts: THROUGHPUT };
const FLOW_CONTROL_PARTS: Decoded = { parts: FLOW_CONTROL };

/** Parameter definitions by code, with the TPDU types (high nibble of the code octet) that may carry each. */
const DEFS: ReadonlyArray<{ code: number; types: readonly number[]; def: ParamDef }> = [
  {
    code: 0xc0,
    types: [0xe, 0xd],
    def: {
      name: 'TPDU size',
      lengths: [1],
      spec: TPDU_SIZE,
      decode: (bytes, at, _len, tpdu, tree) => {
        const code = u8(bytes, at);
        const size = TPDU_SIZES[code];
        const codeHex = hexNumber(code, 2);
        if (size === undefined)
          return {
            value: code,
            ...(tree ? { display: `Unknown (${codeHex})` } : {}),
            problems: [
              problem(
                'error',
                'unexpected-value',
                `TPDU size code ${codeHex} is outside 0x07-0x0D (128 to 8192 octets)`,
                { fieldId: TPDU_SIZE.id, offset: at, cite: CR_VARIABLE },
              ),
            ],
          };
        const problems =
          tpdu.protocolClass === 0 && size > 2048
            ? [
                problem(
                  'warning',
                  'unexpected-value',
                  `TPDU size ${size} is not allowed in class 0 (at most 2048 octets)`,
                  { fieldId: TPDU_SIZE.id, offset: at, cite: CR_VARIABLE },
                ),
              ]
            : [];
        return { value: size, ...(tree ? { display: `${size} octets (${codeHex})` } : {}), problems };
      },
    },
  },
  { code: 0xc1, types: [0xe, 0xd], def: tsap('cotp.src-tsap', 'Calling TSAP', 'Calling') },
  { code: 0xc2, types: [0xe, 0xd], def: tsap('cotp.dst-tsap', 'Called TSAP', 'Called') },
  {
    code: 0xc1,
    types: [0x7],
    def: {
      name: 'Invalid TPDU',
      spec: spec(
        'cotp.invalid_tpdu',
        'Invalid TPDU',
        'bytes',
        ER_VARIABLE,
        'The header of the rejected TPDU, up to and including the octet that caused the rejection. Wireshark labels this parameter "Source TSAP".',
      ),
    },
  },
  { code: 0xc3, types: [0xe, 0xd, 0x8, 0xc, 0xf, 0x1, 0x6, 0x2, 0x5, 0x7], def: CHECKSUM },
  {
    code: 0xc4,
    types: [0xe, 0xd],
    def: {
      name: 'Version number',
      lengths: [1],
      spec: spec(
        'cotp.vp_version_nr',
        'Version',
        'uint',
        CR_VARIABLE,
        'Version of the transport protocol: 0000 0001; not used in class 0.',
      ),
    },
  },
  {
    code: 0xc5,
    types: [0xe, 0xd],
    def: {
      name: 'Protection parameters',
      spec: spec(
        'cotp.protection',
        'Protection parameters',
        'bytes',
        CR_VARIABLE,
        'User-defined protection parameters.',
      ),
    },
  },
  {
    code: 0xc6,
    types: [0xe, 0xd],
    def: { name: 'Additional option selection', lengths: [1], spec: ADDITIONAL_OPTIONS_SPEC },
  },
  {
    code: 0xc7,
    types: [0xe],
    def: {
      name: 'Alternative protocol classes',
      spec: spec(
        'cotp.alternative_classes',
        'Alternative protocol classes',
        'bytes',
        CR_VARIABLE,
        'One octet per alternative class the initiator would accept (class in bits 8-5, bits 4-1 zero).',
      ),
      decode: (bytes, at, len, _tpdu, tree) =>
        tree
          ? { display: Array.from(bytes.subarray(at, at + len), (b) => `class ${b >> 4}`).join(', ') || '(none)' }
          : AS_IS,
    },
  },
  {
    code: 0x85,
    types: [0xe, 0xd],
    def: {
      name: 'Acknowledge time',
      lengths: [2],
      spec: spec(
        'cotp.ack_time',
        'Ack time (ms)',
        'uint',
        CR_VARIABLE,
        'Maximum time the entity takes to acknowledge, in milliseconds (class 4).',
      ),
    },
  },
  {
    code: 0x86,
    types: [0xe, 0xd],
    def: {
      name: 'Residual error rate',
      lengths: [3],
      spec: spec(
        'cotp.res_error_rate',
        'Residual error rate',
        'bytes',
        CR_VARIABLE,
        'Target and minimum acceptable residual error rate, and the TSDU size of interest.',
      ),
      decode: () => RES_ERROR_PARTS,
    },
  },
  {
    code: 0x87,
    types: [0xe, 0xd],
    def: {
      name: 'Priority',
      lengths: [2],
      spec: spec('cotp.vp_priority', 'Priority', 'uint', CR_VARIABLE, 'Priority of the connection; 0 is the highest.'),
    },
  },
  {
    code: 0x88,
    types: [0xe, 0xd],
    def: {
      name: 'Transit delay',
      lengths: [8],
      spec: spec(
        'cotp.transit_delay',
        'Transit delay',
        'bytes',
        CR_VARIABLE,
        'Target and maximum acceptable transit delay in both directions, in milliseconds.',
      ),
      decode: () => TRANSIT_DELAY_PARTS,
    },
  },
  {
    code: 0x89,
    types: [0xe, 0xd],
    def: {
      name: 'Throughput',
      lengths: [12, 24],
      spec: spec(
        'cotp.throughput',
        'Throughput',
        'bytes',
        CR_VARIABLE,
        'Maximum (and optionally average) throughput, target and minimum acceptable, in both directions, octets per second.',
      ),
      decode: (_bytes, _at, len) => (len === 12 ? MAXIMUM_THROUGHPUT_PARTS : THROUGHPUT_PARTS),
    },
  },
  {
    code: 0x8a,
    types: [0x6],
    def: {
      name: 'Subsequence number',
      lengths: [2],
      spec: spec(
        'cotp.subsequence_number',
        'Subsequence number',
        'uint',
        AK_VARIABLE,
        'AK subsequence number: orders AKs that carry the same YR-TU-NR (class 4).',
      ),
    },
  },
  {
    code: 0x8b,
    types: [0xe, 0xd],
    def: {
      name: 'Reassignment time',
      lengths: [2],
      spec: spec(
        'cotp.reassignment_time',
        'Reassignment time (secs)',
        'uint',
        CR_VARIABLE,
        'Time the entity waits for reassignment after a network failure, in seconds (classes 1 and 3).',
      ),
    },
  },
  {
    code: 0x8c,
    types: [0x6],
    def: {
      name: 'Flow control confirmation',
      lengths: [8],
      spec: spec(
        'cotp.flow_control_confirmation',
        'Flow control confirmation',
        'bytes',
        AK_VARIABLE,
        'Echoes the lower window edge, subsequence number and credit of the AK being confirmed (class 4).',
      ),
      decode: () => FLOW_CONTROL_PARTS,
    },
  },
  {
    code: 0x90,
    types: [0xf],
    def: {
      name: 'ED-TPDU-NR',
      lengths: [2, 4],
      spec: ED_TPDU_NR,
      decode: (bytes, at, len, tpdu) =>
        len === (tpdu.extended ? 4 : 2)
          ? AS_IS
          : {
              problems: [
                problem(
                  'warning',
                  'length-mismatch',
                  `ED-TPDU-NR parameter of ${len} octets in ${tpdu.extended ? 'extended' : 'normal'} format, which uses ${tpdu.extended ? 4 : 2}`,
                  { fieldId: ED_TPDU_NR.id, offset: at, cite: DT_VARIABLE },
                ),
              ],
            },
    },
  },
  {
    code: 0xe0,
    types: [0x8],
    def: {
      name: 'Additional information',
      spec: spec(
        'cotp.additional_info',
        'Additional information',
        'bytes',
        DR_VARIABLE,
        'Additional information on the connection clearing, user defined.',
      ),
    },
  },
  {
    code: 0xf0,
    types: [0xe, 0xd],
    def: {
      name: 'Preferred maximum TPDU size',
      lengths: [1, 2, 3, 4],
      spec: spec(
        'cotp.preferred_maximum_tpdu_size',
        'Preferred maximum TPDU size',
        'uint',
        CR_VARIABLE,
        'Preferred maximum TPDU size, in multiples of 128 octets (later editions of ISO 8073).',
      ),
      decode: (bytes, at, len, _tpdu, tree) => {
        const n = uint(bytes, at, len);
        return { value: n * 128, ...(tree ? { display: `${n * 128} octets (${n} × 128)` } : {}) };
      },
    },
  },
  {
    code: 0xf2,
    types: [0xe, 0xd],
    def: {
      name: 'Inactivity timer',
      lengths: [4],
      spec: spec(
        'cotp.inactivity_timer',
        'Inactivity timer (ms)',
        'uint',
        CR_VARIABLE,
        'Inactivity time in milliseconds (later editions of ISO 8073).',
      ),
    },
  },
];

export const PARAMETER = spec(
  'cotp.parameter',
  'Parameter',
  'none',
  VARIABLE,
  'One variable-part parameter: code, length, value.',
);
export const PARAM_CODE = spec(
  'cotp.parameter_code',
  'Parameter code',
  'hex',
  VARIABLE,
  'Which parameter follows; its meaning depends on the TPDU it is in (0xC1 is the calling TSAP in a CR/CC, the invalid TPDU in an ER).',
  {
    size: 1,
    values: {
      0xc0: 'tpdu-size',
      0xc1: 'src-tsap',
      0xc2: 'dst-tsap',
      0xc3: 'checksum',
      0xc4: 'version',
      0xc5: 'protection',
      0xc6: 'options',
      0xc7: 'proto class',
      0x85: 'ack time',
      0x86: 'res error',
      0x87: 'priority',
      0x88: 'transit delay',
      0x89: 'throughput',
      0x8a: 'seq number',
      0x8b: 'reassignment',
      0x8c: 'flow control',
      0x90: 'ED-TPDU-NR',
      0xe0: 'additional connection clearing info',
      0xf0: 'preferred max TPDU size',
      0xf2: 'inactivity timer',
      0x08: 'ATN extended checksum - 32 bit',
      0x09: 'ATN extended checksum - 16 bit',
    },
  },
);
export const PARAM_LENGTH = spec(
  'cotp.parameter_length',
  'Parameter length',
  'uint',
  VARIABLE,
  'Length of the parameter value in octets.',
  { size: 1, unit: 'octets' },
);
const PARAM_VALUE = spec(
  'cotp.parameter_value',
  'Parameter value',
  'bytes',
  VARIABLE,
  'The value of a parameter framescope does not decode further, shown raw.',
);

export const PARAMETER_SPECS: readonly FieldSpec[] = [
  PARAMETER,
  PARAM_CODE,
  PARAM_LENGTH,
  PARAM_VALUE,
  CHECKSUM_CALCULATED,
  ...S7_TSAP_SPECS,
  ...DEFS.map((d) => d.def.spec),
  { ...DEFS[1]!.def.spec, kind: 'bytes' },
  ...RES_ERROR,
  ...TRANSIT_DELAY,
  ...THROUGHPUT,
  ...FLOW_CONTROL,
];

function defFor(code: number, type: number): ParamDef | undefined {
  return DEFS.find((d) => d.code === code && d.types.includes(type))?.def;
}

/**
 * Whether [start, end) parses as parameters this TPDU may carry, each fitting. Used to tell ISO parameters from RDP's
 * bytes. `cut`: the bytes end at `end` inside the variable part, so the last parameter may reach past it.
 */
export function parsesAsParameters(bytes: Bytes, start: number, end: number, type: number, cut = false): boolean {
  let at = start;
  while (at < end) {
    if (!defFor(u8(bytes, at), type)) return false;
    if (at + 2 > end) return cut;
    at += 2 + u8(bytes, at + 1);
  }
  return at === end || cut;
}

/** The variable part [start, end) as parameters on `out`: each a `cotp.parameter` holding its code, length and value. */
export function emitParameters(out: LayerSink, bytes: Bytes, start: number, end: number, tpdu: TpduContext): void {
  // Cut where the bytes end, before the header's end by LI: the last parameter continues in the bytes not here.
  const cut = tpdu.cutAt === end && tpdu.start + 1 + u8(bytes, tpdu.start) > end;
  let at = start;
  while (at < end) {
    const code = u8(bytes, at);
    const def = defFor(code, tpdu.type);
    if (at + 2 > end) {
      const ref = out.open(
        PARAMETER,
        at,
        1,
        out.tree
          ? {
              display: cut
                ? `${def?.name ?? 'Unknown parameter'} (${hexNumber(code, 2)}), cut here`
                : `${hexNumber(code, 2)} without a length octet`,
            }
          : undefined,
      );
      emitCode(out, def, code, at);
      out.close();
      if (!cut)
        out.problem(
          ref,
          problem(
            'error',
            'malformed',
            `Parameter ${hexNumber(code, 2)} at offset ${at} has no length octet before the header ends (LI)`,
            { fieldId: PARAMETER.id, offset: at, cite: VARIABLE },
          ),
        );
      break;
    }
    const len = u8(bytes, at + 1);
    const valueAt = at + 2;
    const overrun = valueAt + len > end;
    const valueLength = overrun ? end - valueAt : len;
    const lengthOk = !overrun && (!def?.lengths || def.lengths.includes(len));
    const hasValue = valueLength > 0 || !def;
    const decoded: Decoded =
      hasValue && def?.decode && lengthOk ? def.decode(bytes, valueAt, valueLength, tpdu, out.tree) : AS_IS;
    const valueSpec = hasValue ? specOfValue(def, decoded, lengthOk, valueLength) : undefined;

    let display: string | undefined;
    if (out.tree) {
      const valueText = valueSpec ? valueDisplay(valueSpec, decoded, bytes, valueAt, valueLength) : '';
      display = `${def?.name ?? 'Unknown parameter'} (${hexNumber(code, 2)}), ${len} octet${len === 1 ? '' : 's'}${overrun && cut ? `, cut after ${valueLength}` : ''}${valueText ? `: ${valueText}` : ''}`;
    }
    const ref = out.open(PARAMETER, at, 2 + valueLength, display !== undefined ? { display } : undefined);
    emitCode(out, def, code, at);
    out.field(PARAM_LENGTH, at + 1, 1);
    if (valueSpec) emitValue(out, valueSpec, decoded, valueAt, valueLength);
    out.close();

    if (overrun && !cut) {
      out.problem(
        ref,
        problem(
          'error',
          'length-mismatch',
          `Parameter ${hexNumber(code, 2)} says ${len} octets, but the header (LI) ends after ${valueLength}: the value is cut at the LI boundary`,
          { fieldId: PARAMETER.id, offset: at, cite: VARIABLE },
        ),
      );
    }
    if (!def) {
      const inCr = tpdu.type === 0xe;
      out.problem(
        ref,
        problem(
          inCr ? 'note' : 'warning',
          'unknown-value',
          `Parameter code ${hexNumber(code, 2)} is not defined for a ${tpdu.name} TPDU; shown raw${inCr ? ' (in a CR, unknown parameters are to be ignored)' : ''}`,
          { fieldId: PARAM_CODE.id, offset: at, cite: VARIABLE },
        ),
      );
    } else if (def.lengths && !overrun && !def.lengths.includes(len)) {
      out.problem(
        ref,
        problem(
          'error',
          'length-mismatch',
          `${def.name} parameter has length ${len}; ISO 8073 gives it ${def.lengths.join(' or ')} octet${def.lengths.length === 1 && def.lengths[0] === 1 ? '' : 's'}`,
          { fieldId: PARAMETER.id, offset: at, cite: def.spec.cite },
        ),
      );
    }
    at = valueAt + valueLength;
  }
}

function emitCode(out: LayerSink, def: ParamDef | undefined, code: number, at: number): void {
  out.field(PARAM_CODE, at, 1, out.tree && def ? { display: `${def.name} (${hexNumber(code, 2)})` } : undefined);
}

/** The spec a parameter's value is shown with: its own, or raw bytes where its length makes it unreadable. */
function specOfValue(def: ParamDef | undefined, decoded: Decoded, lengthOk: boolean, valueLength: number): FieldSpec {
  const spec =
    decoded.spec ??
    (def && (lengthOk || def.spec.kind === 'bytes' || def.spec.kind === 'text') ? def.spec : PARAM_VALUE);
  // An integer value wider than 6 octets cannot be exact: those lengths were flagged and are shown raw.
  return valueLength > 6 && (spec.kind === 'uint' || spec.kind === 'hex') && !spec.bits ? PARAM_VALUE : spec;
}

/** The value field's display, as the field itself will show it (the parameter's line repeats it). */
function valueDisplay(spec: FieldSpec, decoded: Decoded, bytes: Bytes, at: number, length: number): string {
  if (decoded.display !== undefined) return decoded.display;
  const c = compiled(spec);
  return c.display(decoded.value ?? c.value(bytes, at, length), length);
}

function emitValue(out: LayerSink, spec: FieldSpec, decoded: Decoded, at: number, length: number): void {
  const options =
    decoded.value !== undefined || decoded.display !== undefined
      ? {
          ...(decoded.value !== undefined ? { value: decoded.value } : {}),
          ...(decoded.display !== undefined ? { display: decoded.display } : {}),
        }
      : undefined;
  const { parts, computed } = decoded;
  let ref: number;
  if (parts || computed) {
    ref = out.open(spec, at, length, options);
    let next = at;
    for (const part of parts ?? []) {
      const offset = part.at !== undefined ? at + part.at : next;
      out.field(part, offset, part.size!);
      next = offset + part.size!;
    }
    if (computed) out.field(computed.spec, at, length, { value: computed.value, generated: true });
    out.close();
  } else {
    ref = out.field(spec, at, length, options);
  }
  for (const p of decoded.problems ?? []) out.problem(ref, p);
}
