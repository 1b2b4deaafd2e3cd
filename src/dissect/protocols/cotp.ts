// COTP — ISO/IEC 8073 (= ITU-T X.224) connection-oriented transport, as RFC 905 (ISO DP 8073) first published it.
// Clause 13 gives every TPDU the same shape (octet 1 = LI, as the standard numbers octets):
//
//    octet:  1      2               3 ... n            n+1 ... p            p+1 ...
//          +----+----------------+------------------+--------------------+--------------+
//          | LI | code | CDT/0   | rest of fixed    | variable part      | user data    |
//          +----+----------------+------------------+--------------------+--------------+
//          |<------------------------ LI counts these octets ------------>|
//
// Fixed parts after the code octet, by TPDU code (high nibble of octet 2); normal / extended format:
//   CR 1110 CDT, CC 1101 CDT: DST-REF(2) SRC-REF(2) CLASS|OPTIONS(1)
//   DR 1000 0000: DST-REF(2) SRC-REF(2) REASON(1)        DC 1100 0000: DST-REF(2) SRC-REF(2)
//   DT 1111 000y (y = ROA): classes 0/1: EOT|TPDU-NR(1); classes 2-4: DST-REF(2) EOT|TPDU-NR(1 / 4)
//   ED 0001 0000: DST-REF(2) EOT|ED-TPDU-NR(1 / 4)        EA 0010 0000: DST-REF(2) YR-EDTU-NR(1 / 4)
//   AK 0110 CDT: DST-REF(2) YR-TU-NR(1)  / AK 0110 0000: DST-REF(2) YR-TU-NR(4) CDT(2)   (RJ 0101 alike)
//   ER 0111 0000: DST-REF(2) REJECT-CAUSE(1)
// Whether a connection uses extended formats is negotiated in its CR/CC; in a lone TPDU the parity of LI tells:
// "an even (resp. odd) LI always corresponds to the normal (resp. extended) format" (ISO 8073 13.7.4 NOTE).
import type { LayerSink } from '../sink';
import { cite, type Cite } from '../cite';
import { numberAt } from '../build';
import type { Problem } from '../model';
import type { Context, Dissector, Next, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import { u8, type Bytes } from '../reader';
import { problem } from './common';
import { PARAMETER_SPECS, emitParameters, parsesAsParameters, type TpduContext } from './cotp-parameters';
import { hexNumber } from '../format';

const LI_CITE = cite('RFC 905', '13.2.1');
const CODE_CITE = cite('RFC 905', '13.2.2.2');
const CR_FIXED = cite('RFC 905', '13.3.3');
const CC_FIXED = cite('RFC 905', '13.4.3');
const DR_FIXED = cite('ISO/IEC 8073', '13.5.3');
const DC_FIXED = cite('ISO/IEC 8073', '13.6.3');
const DT_FIXED = cite('ISO/IEC 8073', '13.7.3');
const FORMAT_RULE = cite('ISO/IEC 8073', '13.7.4');
const ED_FIXED = cite('ISO/IEC 8073', '13.8.3');
const AK_FIXED = cite('ISO/IEC 8073', '13.9.3');
const EA_FIXED = cite('ISO/IEC 8073', '13.10.3');
const RJ_FIXED = cite('ISO/IEC 8073', '13.11.3');
const ER_FIXED = cite('ISO/IEC 8073', '13.12.3');
const USER_DATA_CITE = cite('RFC 905', '13.2.4');
const CLASS0_ONLY = cite('RFC 1006', '6');

const CR = 0xe,
  CC = 0xd,
  DR = 0x8,
  DC = 0xc,
  DT = 0xf,
  ED = 0x1,
  AK = 0x6,
  EA = 0x2,
  RJ = 0x5,
  ER = 0x7;

export const TPDU_TYPES: Readonly<Record<number, string>> = {
  [ED]: 'ED Expedited Data',
  [EA]: 'EA Expedited Data Acknowledgement',
  [RJ]: 'RJ Reject',
  [AK]: 'AK Data Acknowledgement',
  [ER]: 'ER TPDU Error',
  [DR]: 'DR Disconnect Request',
  [DC]: 'DC Disconnect Confirm',
  [CC]: 'CC Connect Confirm',
  [CR]: 'CR Connect Request',
  [DT]: 'DT Data',
};
const SHORT: Readonly<Record<number, string>> = {
  [ED]: 'ED',
  [EA]: 'EA',
  [RJ]: 'RJ',
  [AK]: 'AK',
  [ER]: 'ER',
  [DR]: 'DR',
  [DC]: 'DC',
  [CC]: 'CC',
  [CR]: 'CR',
  [DT]: 'DT',
};

export const DR_REASONS: Readonly<Record<number, string>> = {
  0: 'Reason not specified',
  1: 'Congestion at TSAP',
  2: 'Session entity not attached to TSAP',
  3: 'Address unknown',
  128: 'Normal disconnect initiated by session entity',
  129: 'Remote transport entity congestion at connect request time',
  130: 'Connection negotiation failed',
  131: 'Duplicate source reference',
  132: 'Mismatched references',
  133: 'Protocol error',
  135: 'Reference overflow',
  136: 'Connection request refused on this network connection',
  138: 'Header or parameter length invalid',
};
export const REJECT_CAUSES: Readonly<Record<number, string>> = {
  0: 'Reason not specified',
  1: 'Invalid parameter code',
  2: 'Invalid TPDU type',
  3: 'Invalid parameter value',
};

// ---- Fixed-part fields. `at` counts from the LI octet.
const LI: FieldSpec = {
  id: 'cotp.li',
  label: 'Length',
  kind: 'uint',
  at: 0,
  size: 1,
  cite: LI_CITE,
  unit: 'octets',
  meaning:
    'Length indicator: the header length in octets, not counting the LI octet itself nor any user data (at most 254; 255 is reserved). An LI that reaches past the data present is a protocol error.',
};
const TYPE: FieldSpec = {
  id: 'cotp.type',
  label: 'PDU Type',
  kind: 'hex',
  at: 1,
  size: 1,
  mask: 0xf0,
  cite: CODE_CITE,
  values: TPDU_TYPES,
  meaning: 'TPDU code: the high four bits of octet 2 say which of the ten TPDU types this is.',
};
const cdt = (c: Cite): FieldSpec => ({
  id: 'cotp.cdt',
  label: 'Credit (CDT)',
  kind: 'uint',
  at: 1,
  size: 1,
  mask: 0x0f,
  cite: c,
  meaning:
    'Credit allocation in bits 4 to 1 of octet 2 (CR, CC, and AK/RJ in normal format). In a CR/CC it is "set to 0000 in classes 0 and 1 when specified as preferred class". Wireshark shows no field for these bits.',
});
const codeReserved = (c: Cite): FieldSpec => ({
  id: 'cotp.code_reserved',
  label: 'Reserved (TPDU code bits 4-1)',
  kind: 'uint',
  at: 1,
  size: 1,
  mask: 0x0f,
  reserved: true,
  cite: c,
  meaning:
    'Bits 4 to 1 of the TPDU code octet, defined as 0000 for this TPDU type. Wireshark shows no field for these bits.',
  rule: {
    expect: 0,
    severity: 'warning',
    code: 'reserved-nonzero',
    message: (v) =>
      `Bits 4-1 of the TPDU code octet are ${v.toString(2).padStart(4, '0')}; for this TPDU type the code is defined with 0000, so the sender is out of line`,
  },
});
const DT_CODE_RESERVED: FieldSpec = {
  id: 'cotp.dt_code_reserved',
  label: 'Reserved (DT code bits 4-2)',
  kind: 'uint',
  at: 1,
  size: 1,
  mask: 0x0e,
  reserved: true,
  cite: DT_FIXED,
  meaning: 'DT code: "bits 8 to 5 shall be set to 1111. Bits 4 to 2 shall be set to zero."',
  rule: {
    expect: 0,
    severity: 'warning',
    code: 'reserved-nonzero',
    message: (v) =>
      `Bits 4-2 of the DT code octet are ${v.toString(2).padStart(3, '0')}; ISO 8073 13.7.3 says they shall be zero`,
  },
};
const ROA: FieldSpec = {
  id: 'cotp.roa',
  label: 'Request of acknowledgement (ROA)',
  kind: 'flag',
  at: 1,
  size: 1,
  mask: 0x01,
  cite: DT_FIXED,
  values: { 0: 'Not requested', 1: 'Requested' },
  meaning:
    'Bit 1 of the DT code: requests an acknowledgement, in classes 1, 3 and 4 when the procedure was agreed at connection time; "shall be set to 0" otherwise.',
};
const destref = (c: Cite, extra = ''): FieldSpec => ({
  id: 'cotp.destref',
  label: 'Destination reference',
  kind: 'hex',
  at: 2,
  size: 2,
  cite: c,
  meaning: `DST-REF: the reference the peer transport entity chose for this connection.${extra}`,
});
const srcref = (c: Cite): FieldSpec => ({
  id: 'cotp.srcref',
  label: 'Source reference',
  kind: 'hex',
  at: 4,
  size: 2,
  cite: c,
  meaning: 'SRC-REF: the reference the sending transport entity chose for this connection.',
});

const classFields = (c: Cite): FieldSpec[] => [
  {
    id: 'cotp.class',
    label: 'Class',
    kind: 'uint',
    at: 6,
    size: 1,
    mask: 0xf0,
    cite: c,
    meaning:
      'Transport protocol class 0 to 4 (preferred class in a CR, selected class in a CC). RFC 1006 carries class 0.',
  },
  {
    id: 'cotp.opts.reserved',
    label: 'Options (unassigned)',
    kind: 'uint',
    at: 6,
    size: 1,
    mask: 0x0c,
    reserved: true,
    cite: c,
    meaning:
      'Bits 4 and 3 of the class/option octet, which ISO 8073 assigns no option to. Wireshark shows no field for them.',
    rule: {
      expect: 0,
      severity: 'warning',
      code: 'reserved-nonzero',
      message: (v) =>
        `Unassigned option bits (mask 0x0c) are ${v.toString(2).padStart(2, '0')}: no option is defined for them; the sender should send 0`,
    },
  },
  {
    id: 'cotp.opts.extended_formats',
    label: 'Extended formats',
    kind: 'flag',
    at: 6,
    size: 1,
    mask: 0x02,
    cite: c,
    values: { 0: 'Normal formats', 1: 'Extended formats' },
    meaning:
      'Use of extended formats (4-octet TPDU numbers, 2-octet credit) in classes 2, 3 and 4: decides the format of every later TPDU on the connection.',
  },
  {
    id: 'cotp.opts.no_explicit_flow_control',
    label: 'No explicit flow control',
    kind: 'flag',
    at: 6,
    size: 1,
    mask: 0x01,
    cite: c,
    values: { 0: 'Explicit flow control', 1: 'No explicit flow control' },
    meaning: 'Non-use of explicit flow control in class 2.',
  },
];

const CAUSE: FieldSpec = {
  id: 'cotp.cause',
  label: 'Cause',
  kind: 'uint',
  at: 6,
  size: 1,
  cite: DR_FIXED,
  values: DR_REASONS,
  meaning:
    'Reason for the disconnect request: 0-3 come from the session entity side, 128 and up from the transport entity.',
};
const REJECT: FieldSpec = {
  id: 'cotp.reject_cause',
  label: 'Reject cause',
  kind: 'uint',
  at: 4,
  size: 1,
  cite: ER_FIXED,
  values: REJECT_CAUSES,
  meaning: 'Why the TPDU named in the Invalid TPDU parameter was rejected.',
};

/** EOT and a TPDU number, in one octet (normal) or four (extended). */
const numbering = (at: number, c: Cite, extended: boolean, what: string): FieldSpec[] => [
  {
    id: extended ? 'cotp.eot.ext' : 'cotp.eot',
    label: 'Last data unit',
    kind: 'flag',
    at,
    size: extended ? 4 : 1,
    mask: extended ? 0x80000000 : 0x80,
    cite: c,
    values: { 0: 'No', 1: 'Yes' },
    meaning: 'EOT: set on the last TPDU of a TSDU (the user message ends here).',
  },
  {
    id: extended ? 'cotp.tpdu-number.ext' : 'cotp.tpdu-number',
    label: 'TPDU number',
    kind: 'hex',
    at,
    size: extended ? 4 : 1,
    mask: extended ? 0x7fffffff : 0x7f,
    cite: c,
    meaning: `${what}: the send sequence number (modulo ${extended ? '2^31' : '128'} in ${extended ? 'extended' : 'normal'} format; zero in class 0 for DT).`,
  },
];
/** YR-TU-NR / YR-EDTU-NR: bit 8 (normal) or bit 32 (extended) is not part of the number. */
const yourNumber = (c: Cite, extended: boolean, what: string): FieldSpec[] => [
  {
    id: extended ? 'cotp.yr_nr_reserved.ext' : 'cotp.yr_nr_reserved',
    label: 'Reserved (bit 8)',
    kind: 'uint',
    at: 4,
    size: extended ? 4 : 1,
    mask: extended ? 0x80000000 : 0x80,
    reserved: true,
    cite: c,
    meaning: 'The top bit of the acknowledgement number field, not part of the number; zero.',
    rule: {
      expect: 0,
      severity: 'warning',
      code: 'reserved-nonzero',
      message: () =>
        'The top bit of the acknowledgement number octet is set; the number has only 7 (normal) or 31 (extended) bits',
    },
  },
  {
    id: extended ? 'cotp.next-tpdu-number.ext' : 'cotp.next-tpdu-number',
    label: 'Your TPDU number',
    kind: 'hex',
    at: 4,
    size: extended ? 4 : 1,
    mask: extended ? 0x7fffffff : 0x7f,
    cite: c,
    meaning: `${what}: the number of the next TPDU the sender of this acknowledgement expects.`,
  },
];
const CREDIT_EXT: FieldSpec = {
  id: 'cotp.credit',
  label: 'Credit',
  kind: 'uint',
  at: 8,
  size: 2,
  cite: AK_FIXED,
  meaning: 'Credit (CDT) in extended format: how many more TPDUs the peer may send.',
};

interface Layout {
  readonly specs: readonly FieldSpec[];
  /** Octets of the fixed part after LI (LI counts from octet 2). */
  readonly fixedLength: number;
  readonly format: 'fixed' | 'class 0/1' | 'normal' | 'extended';
  // The specs of this layout that decisions and Info are read from, where the TPDU type has them.
  readonly cdt?: FieldSpec;
  readonly destref?: FieldSpec;
  readonly srcref?: FieldSpec;
  readonly protocolClass?: FieldSpec;
  readonly cause?: FieldSpec;
  readonly rejectCause?: FieldSpec;
  readonly eot?: FieldSpec;
  readonly tpduNumber?: FieldSpec;
  readonly yourNumber?: FieldSpec;
}

/** A layout and its named specs (found once, here, by the ids the specs above declare). */
function layout(format: Layout['format'], fixedLength: number, specs: readonly FieldSpec[]): Layout {
  const named = (...ids: string[]) => specs.find((s) => ids.includes(s.id));
  const roles: Omit<Layout, 'specs' | 'fixedLength' | 'format'> = {
    cdt: named('cotp.cdt'),
    destref: named('cotp.destref'),
    srcref: named('cotp.srcref'),
    protocolClass: named('cotp.class'),
    cause: named(CAUSE.id),
    rejectCause: named(REJECT.id),
    eot: named('cotp.eot', 'cotp.eot.ext'),
    tpduNumber: named('cotp.tpdu-number', 'cotp.tpdu-number.ext'),
    yourNumber: named('cotp.next-tpdu-number', 'cotp.next-tpdu-number.ext'),
  };
  return { format, fixedLength, specs, ...roles };
}

const CR_LAYOUT = layout('fixed', 6, [
  LI,
  TYPE,
  cdt(CR_FIXED),
  {
    ...destref(CR_FIXED, ' In a CR it is set to zero: the peer has not chosen one yet.'),
    rule: {
      expect: 0,
      severity: 'warning',
      code: 'unexpected-value',
      message: (v) => `DST-REF is ${hexNumber(v, 4)} in a CR; ISO 8073 says "Set to zero"`,
      cite: CR_FIXED,
    },
  },
  srcref(CR_FIXED),
  ...classFields(CR_FIXED),
]);
const CC_LAYOUT = layout('fixed', 6, [
  LI,
  TYPE,
  cdt(CC_FIXED),
  destref(CC_FIXED, ' In a CC it echoes the SRC-REF of the CR.'),
  srcref(CC_FIXED),
  ...classFields(CC_FIXED),
]);
const DR_LAYOUT = layout('fixed', 6, [LI, TYPE, codeReserved(DR_FIXED), destref(DR_FIXED), srcref(DR_FIXED), CAUSE]);
const DC_LAYOUT = layout('fixed', 5, [LI, TYPE, codeReserved(DC_FIXED), destref(DC_FIXED), srcref(DC_FIXED)]);
const ER_LAYOUT = layout('fixed', 4, [LI, TYPE, codeReserved(ER_FIXED), destref(ER_FIXED), REJECT]);
const DT_CLASS01 = layout('class 0/1', 2, [
  LI,
  TYPE,
  DT_CODE_RESERVED,
  ROA,
  ...numbering(2, DT_FIXED, false, 'TPDU-NR'),
]);

/** TPDU types whose format is normal or extended: both layouts. */
const TWO_FORMATS: Readonly<Record<number, { normal: Layout; extended: Layout }>> = {
  [DT]: {
    normal: layout('normal', 4, [
      LI,
      TYPE,
      DT_CODE_RESERVED,
      ROA,
      destref(DT_FIXED),
      ...numbering(4, DT_FIXED, false, 'TPDU-NR'),
    ]),
    extended: layout('extended', 7, [
      LI,
      TYPE,
      DT_CODE_RESERVED,
      ROA,
      destref(DT_FIXED),
      ...numbering(4, DT_FIXED, true, 'TPDU-NR'),
    ]),
  },
  [ED]: {
    normal: layout('normal', 4, [
      LI,
      TYPE,
      codeReserved(ED_FIXED),
      destref(ED_FIXED),
      ...numbering(4, ED_FIXED, false, 'ED-TPDU-NR'),
    ]),
    extended: layout('extended', 7, [
      LI,
      TYPE,
      codeReserved(ED_FIXED),
      destref(ED_FIXED),
      ...numbering(4, ED_FIXED, true, 'ED-TPDU-NR'),
    ]),
  },
  [AK]: {
    normal: layout('normal', 4, [
      LI,
      TYPE,
      cdt(AK_FIXED),
      destref(AK_FIXED),
      ...yourNumber(AK_FIXED, false, 'YR-TU-NR'),
    ]),
    extended: layout('extended', 9, [
      LI,
      TYPE,
      codeReserved(AK_FIXED),
      destref(AK_FIXED),
      ...yourNumber(AK_FIXED, true, 'YR-TU-NR'),
      CREDIT_EXT,
    ]),
  },
  [EA]: {
    normal: layout('normal', 4, [
      LI,
      TYPE,
      codeReserved(EA_FIXED),
      destref(EA_FIXED),
      ...yourNumber(EA_FIXED, false, 'YR-EDTU-NR'),
    ]),
    extended: layout('extended', 7, [
      LI,
      TYPE,
      codeReserved(EA_FIXED),
      destref(EA_FIXED),
      ...yourNumber(EA_FIXED, true, 'YR-EDTU-NR'),
    ]),
  },
  [RJ]: {
    normal: layout('normal', 4, [
      LI,
      TYPE,
      cdt(RJ_FIXED),
      destref(RJ_FIXED),
      ...yourNumber(RJ_FIXED, false, 'YR-TU-NR'),
    ]),
    extended: layout('extended', 9, [
      LI,
      TYPE,
      codeReserved(RJ_FIXED),
      destref(RJ_FIXED),
      ...yourNumber(RJ_FIXED, true, 'YR-TU-NR'),
      { ...CREDIT_EXT, cite: RJ_FIXED },
    ]),
  },
};
const ONE_FORMAT: Readonly<Record<number, Layout>> = {
  [CR]: CR_LAYOUT,
  [CC]: CC_LAYOUT,
  [DR]: DR_LAYOUT,
  [DC]: DC_LAYOUT,
  [ER]: ER_LAYOUT,
};

const USER_DATA: FieldSpec = {
  id: 'cotp.user_data',
  label: 'COTP user data',
  kind: 'bytes',
  cite: USER_DATA_CITE,
  meaning:
    "Data of the transport user after the header (CR, CC, DR, DT, ED) that no protocol above COTP decoded. An ED's data and a DT's that ends its TSDU (EOT; with reassembly on, the TSDU joined from its DTs) go to the protocols above COTP, told apart by their first octets: S7comm, S7comm-plus, RDP's MCS (T.125), the ISO session layer (SES, carrying presentation, ACSE and MMS); -d cotp.data==0,PROTOCOL forces one. What none of them takes, a DT whose TSDU goes on (with --no-reassembly, the start of a session TSDU is decoded as far as it goes), and the data of a CR, CC or DR stay here as bytes.",
};
const WITH_USER_DATA = new Set([CR, CC, DR, DT, ED]);

/**
 * Where a DT's (or ED's) user data goes next: the `cotp.data` dispatch table. Key 0 stands for any TSDU: protocols
 * above COTP (S7comm, S7comm-plus, ISO session) are told apart by their first octets, so they register as
 * `cotp.data` heuristics (dispatch.ts), and a decode-as on key 0 forces one. A TSDU reassembled from several DTs is
 * looked up the same way (stream/frame.ts).
 */
export const COTP_DATA: Next = { table: 'cotp.data', keys: [0] };
/** A DT's user data without EOT, each TPDU dissected on its own (reassembly off): part of a TSDU (dissector.ts). */
const COTP_PART: Next = { table: 'cotp.part', keys: [0] };
const TSDU_CONTINUES = { tsduContinues: true } as const;

/** Per TPDU code, the shortest fixed part (LI value) any of its layouts has: DT's is class 0/1's. */
export const SHORTEST_FIXED_PART: ReadonlyMap<number, number> = new Map([
  ...Object.entries(ONE_FORMAT).map(([code, layout]) => [Number(code), layout.fixedLength] as const),
  ...Object.entries(TWO_FORMATS).map(
    ([code, both]) =>
      [
        Number(code),
        Math.min(
          both.normal.fixedLength,
          both.extended.fixedLength,
          Number(code) === DT ? DT_CLASS01.fixedLength : Infinity,
        ),
      ] as const,
  ),
]);

const ALL_LAYOUTS: Layout[] = [
  CR_LAYOUT,
  CC_LAYOUT,
  DR_LAYOUT,
  DC_LAYOUT,
  ER_LAYOUT,
  DT_CLASS01,
  ...Object.values(TWO_FORMATS).flatMap((t) => [t.normal, t.extended]),
];

export const COTP_TABLE: ProtocolTable = {
  protocol: 'cotp',
  name: 'ISO 8073/X.224 COTP Connection-Oriented Transport Protocol',
  layouts: ALL_LAYOUTS.map((l) => l.specs),
  fields: [...ALL_LAYOUTS.flatMap((l) => l.specs), ...PARAMETER_SPECS, USER_DATA],
};

/** The layer summary of each TPDU type (lean passes show it too). */
const SUMMARIES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(TPDU_TYPES).map(([code, name]) => [
    code,
    `ISO 8073/X.224 COTP Connection-Oriented Transport Protocol, ${name}`,
  ]),
);

/** Which layout, and a note when the format was inferred rather than known or chosen. */
function chooseLayout(
  type: number,
  li: number,
  context: Context,
  at: number,
): { layout: Layout; note?: Problem } | undefined {
  const single = ONE_FORMAT[type];
  if (single) return { layout: single };
  const both = TWO_FORMATS[type];
  if (!both) return undefined;
  if (type === DT && li === 2) return { layout: DT_CLASS01 };
  const chosen = context.options.cotpFormat ?? 'auto';
  if (chosen !== 'auto') return { layout: both[chosen] };
  const extended = li % 2 === 1;
  return {
    layout: extended ? both.extended : both.normal,
    note: problem(
      'note',
      'inferred',
      `${extended ? 'Extended' : 'Normal'} format inferred from the ${extended ? 'odd' : 'even'} length indicator ${li}: the format is negotiated in the connection's CR/CC, which this frame does not show ("an even (resp. odd) LI always corresponds to the normal (resp. extended) format"). Choose the format under decode options if the connection says otherwise.`,
      { fieldId: LI.id, offset: at, cite: FORMAT_RULE },
    ),
  };
}

/**
 * The number `spec` reads from the TPDU whose LI octet is at `offset`, when the layout has the spec and it was emitted:
 * `out.fixed` emits a layout in order up to the first spec that does not fit before `limit`, and in these layouts
 * `at + size` never decreases, so a spec was emitted when it fits.
 */
function valueOf(spec: FieldSpec | undefined, bytes: Bytes, offset: number, limit: number): number | undefined {
  return spec !== undefined && offset + spec.at! + spec.size! <= limit ? numberAt(spec, bytes, offset) : undefined;
}

/** DT and ED Info texts by type, EOT and a TPDU number below 128, made once: most frames of a capture carry one. */
const DATA_INFOS = new Map<number, string>();

function infoText(type: number, layout: Layout, bytes: Bytes, offset: number, limit: number): string {
  const name = SHORT[type]!;
  if (type === DT || type === ED) {
    const nr = valueOf(layout.tpduNumber, bytes, offset, limit);
    const eot = valueOf(layout.eot, bytes, offset, limit) === 1;
    if (nr === undefined || nr >= 128) return `${name} TPDU (${nr ?? '?'})${eot ? ' EOT' : ''}`;
    const key = (type << 8) | (eot ? 128 : 0) | nr;
    let text = DATA_INFOS.get(key);
    if (text === undefined) DATA_INFOS.set(key, (text = `${name} TPDU (${nr})${eot ? ' EOT' : ''}`));
    return text;
  }
  const srcref = valueOf(layout.srcref, bytes, offset, limit);
  const destref = valueOf(layout.destref, bytes, offset, limit);
  const refs =
    srcref !== undefined && destref !== undefined
      ? ` src-ref: ${hexNumber(srcref, 4)} dst-ref: ${hexNumber(destref, 4)}`
      : '';
  switch (type) {
    case DR: {
      const cause = valueOf(layout.cause, bytes, offset, limit);
      return `${name} TPDU${refs}${cause !== undefined ? ` ${DR_REASONS[cause] ?? `reason ${cause}`}` : ''}`;
    }
    case ER: {
      const cause = valueOf(layout.rejectCause, bytes, offset, limit);
      return `${name} TPDU${cause !== undefined ? ` ${REJECT_CAUSES[cause] ?? `cause ${cause}`}` : ''}`;
    }
    case AK:
    case EA:
    case RJ: {
      const nr = valueOf(layout.yourNumber, bytes, offset, limit);
      return `${name} TPDU${nr !== undefined ? ` (${nr})` : ''}`;
    }
    default:
      return `${name} TPDU${refs}`;
  }
}

/** Problems that depend on more than one field, on the field they concern. */
function crossChecks(
  out: LayerSink,
  bytes: Bytes,
  offset: number,
  limit: number,
  type: number,
  layout: Layout,
  context: Context,
): void {
  const name = SHORT[type];
  const protocolClass = valueOf(layout.protocolClass, bytes, offset, limit);
  if (protocolClass !== undefined && protocolClass > 4) {
    const spec = layout.protocolClass!;
    out.problem(
      out.refOf(spec),
      problem(
        'error',
        'unexpected-value',
        `Class ${protocolClass} does not exist: ISO 8073 defines classes 0 to 4; the rest of the TPDU is decoded as far as its format allows`,
        { fieldId: spec.id, offset: offset + 6, cite: CR_FIXED },
      ),
    );
  }
  const credit = valueOf(layout.cdt, bytes, offset, limit);
  if ((type === CR || type === CC) && protocolClass !== undefined && protocolClass <= 1 && credit) {
    const spec = layout.cdt!;
    out.problem(
      out.refOf(spec),
      problem(
        'warning',
        'unexpected-value',
        `CDT is ${credit} in a class ${protocolClass} ${name}: it is "set to 0000 in classes 0 and 1"`,
        { fieldId: spec.id, offset: offset + 1, cite: CR_FIXED },
      ),
    );
  }
  const cause = type === DR ? valueOf(layout.cause, bytes, offset, limit) : undefined;
  if (cause !== undefined && DR_REASONS[cause] === undefined) {
    out.problem(
      out.refOf(CAUSE),
      problem(
        'warning',
        'unknown-value',
        `Disconnect reason ${cause} is not in ISO 8073's table (0-3, 128-138); the TPDU is still a DR`,
        { fieldId: CAUSE.id, offset: offset + 6, cite: DR_FIXED },
      ),
    );
  }
  const rejectCause = type === ER ? valueOf(layout.rejectCause, bytes, offset, limit) : undefined;
  if (rejectCause !== undefined && REJECT_CAUSES[rejectCause] === undefined) {
    out.problem(
      out.refOf(REJECT),
      problem(
        'warning',
        'unknown-value',
        `Reject cause ${rejectCause} is not in ISO 8073's table (0-3); the TPDU is still an ER`,
        { fieldId: REJECT.id, offset: offset + 4, cite: ER_FIXED },
      ),
    );
  }
  // Over TCP (RFC 1006) only class 0 is used, and a class 0 DT has TPDU-NR zero and no ROA.
  if (layout === DT_CLASS01 && context.tcp) {
    const nr = valueOf(layout.tpduNumber, bytes, offset, limit);
    if (nr) {
      const spec = layout.tpduNumber!;
      out.problem(
        out.refOf(spec),
        problem(
          'warning',
          'unexpected-value',
          `TPDU-NR is ${nr} in a class 0 DT: ISO 8073 13.7.3 e) says "TPDU send sequence number (zero in class 0)", and RFC 1006 carries class 0 only`,
          { fieldId: spec.id, offset: offset + 2, cite: DT_FIXED, seeAlso: [CLASS0_ONLY] },
        ),
      );
    }
    if (valueOf(ROA, bytes, offset, limit))
      out.problem(
        out.refOf(ROA),
        problem(
          'warning',
          'unexpected-value',
          'ROA is set in a class 0 DT: the request acknowledgement procedure exists only in classes 1, 3 and 4, so "bit 1 shall be set to 0"',
          { fieldId: ROA.id, offset: offset + 1, cite: DT_FIXED, seeAlso: [CLASS0_ONLY] },
        ),
      );
  }
}

/** What LI itself gets wrong, on the LI field (its handle asked for only then: most TPDUs have no such problem). */
function liProblems(out: LayerSink, li: number, offset: number, tpktEnd: number): void {
  if (li === 0)
    out.problem(
      out.refOf(LI),
      problem('error', 'malformed', 'Length indicator is 0: every TPDU has at least its code octet in the header', {
        fieldId: LI.id,
        offset,
        cite: LI_CITE,
      }),
    );
  if (li === 255)
    out.problem(
      out.refOf(LI),
      problem('error', 'unexpected-value', 'Length indicator 255 is reserved for extension (at most 254)', {
        fieldId: LI.id,
        offset,
        cite: LI_CITE,
      }),
    );
  const headerEnd = offset + 1 + li;
  if (headerEnd > tpktEnd)
    out.problem(
      out.refOf(LI),
      problem(
        'error',
        'length-mismatch',
        `Length indicator ${li} says the header ends at offset ${headerEnd}, but the TPKT ends at ${tpktEnd} (${tpktEnd - offset - 1} octets after LI): "if the length indicated exceeds or is equal to the size of the data present, this is a protocol error"`,
        { fieldId: LI.id, offset, cite: LI_CITE },
      ),
    );
}

/** What the parameters need to know of the TPDU they are in. */
function tpduContext(
  type: number,
  layout: Layout,
  bytes: Bytes,
  offset: number,
  limit: number,
  end: number,
  cutAt: number | undefined,
): TpduContext {
  const protocolClass = valueOf(layout.protocolClass, bytes, offset, limit);
  return {
    type,
    name: SHORT[type]!,
    extended: layout.format === 'extended',
    start: offset,
    end,
    ...(protocolClass !== undefined ? { protocolClass } : {}),
    ...(cutAt !== undefined ? { cutAt } : {}),
  };
}

/** User data no protocol above decodes: COTP's own `cotp.user_data`. */
function emitUserData(out: LayerSink, _bytes: Bytes, start: number, end: number): void {
  out.field(USER_DATA, start, end - start, out.tree ? { display: `${end - start} bytes` } : undefined);
}

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  const available = end - offset;
  if (available < 1) {
    const missing = problem(
      'warning',
      'truncated',
      'The TPKT carries no TPDU: a COTP length indicator was expected here',
      {
        fieldId: LI.id,
        offset,
        cite: LI_CITE,
      },
    );
    return { problems: [missing], summary: 'COTP (missing)', end };
  }
  const li = u8(bytes, offset);
  // The TPKT runs past these bytes: where they end, the TPDU is cut (the TPKT says so), not wrong.
  const tpktEnd = Math.max(end, context.tpktEnd ?? end);
  const cut = tpktEnd > end;
  if (available < 2) {
    out.field(LI, offset, 1);
    if (cut) return { problems: [], summary: 'COTP (cut)', end };
    const truncated = problem(
      'warning',
      'truncated',
      'COTP TPDU cut short: only the length indicator is here, the TPDU code octet is missing',
      { fieldId: TYPE.id, offset: offset + 1, cite: CODE_CITE },
    );
    return { problems: [truncated], summary: 'COTP (truncated)', end };
  }
  const type = numberAt(TYPE, bytes, offset);
  const chosen = chooseLayout(type, li, context, offset);
  if (!chosen) {
    out.field(LI, offset, 1);
    liProblems(out, li, offset, tpktEnd);
    out.problem(
      out.field(TYPE, offset + 1, 1),
      problem(
        'error',
        'unknown-value',
        `TPDU code ${hexNumber(type)} is not one of the ten COTP TPDU types; the rest of the TPDU is shown undecoded`,
        { fieldId: TYPE.id, offset: offset + 1, cite: CODE_CITE },
      ),
    );
    return { problems: [], summary: `ISO 8073/X.224 COTP, unknown TPDU ${hexNumber(type)}`, end };
  }
  const { layout } = chosen;
  const name = SHORT[type]!;
  const headerEnd = offset + 1 + li;
  const headerLimit = Math.min(headerEnd, end);
  const problems: Problem[] = [];
  const missing = out.fixed(layout.specs, offset, headerLimit);
  // LI is always there: it is at offset, and the header reaches at least one octet past it.
  liProblems(out, li, offset, tpktEnd);
  if (chosen.note) out.problem(out.refOf(LI), chosen.note);
  if (missing) {
    const at = offset + missing.at!;
    const truncated = at + missing.size! > end;
    if (!(truncated && cut))
      problems.push(
        problem(
          truncated ? 'warning' : 'error',
          truncated ? 'truncated' : 'malformed',
          truncated
            ? `${name} TPDU cut short: ${missing.label} (${missing.id}) at offset ${at} is missing (the data ends at ${end})`
            : `Length indicator ${li} is too small for a ${name} TPDU in ${layout.format} format: its fixed part needs ${layout.fixedLength} octets after LI, so ${missing.label} (${missing.id}) lies outside the header`,
          { fieldId: missing.id, offset: at, cite: missing.cite },
        ),
      );
  }
  crossChecks(out, bytes, offset, headerLimit, type, layout, context);

  const carriesData = WITH_USER_DATA.has(type);
  const tpduEnd = carriesData ? end : headerLimit;
  const fixedEnd = offset + 1 + layout.fixedLength;
  const summary = SUMMARIES[type]!;
  const info = infoText(type, layout, bytes, offset, headerLimit);

  // A CR/CC variable part that is not ISO parameters is offered to the `cotp.vp` heuristics (RDP's negotiation);
  // if none takes it, COTP claims it back and shows it as parameters, flagged.
  if (
    (type === CR || type === CC) &&
    fixedEnd < headerLimit &&
    !parsesAsParameters(bytes, fixedEnd, headerLimit, type, cut && headerEnd > end)
  ) {
    const claim = (sink: LayerSink, b: Bytes, start: number, stop: number): void => {
      const variableEnd = Math.min(headerLimit, stop);
      if (start < variableEnd)
        emitParameters(
          sink,
          b,
          start,
          variableEnd,
          tpduContext(type, layout, bytes, offset, headerLimit, tpduEnd, cut ? end : undefined),
        );
      const dataStart = Math.max(start, headerLimit);
      if (dataStart < stop) emitUserData(sink, b, dataStart, stop);
    };
    return {
      problems,
      summary,
      info,
      end: tpduEnd,
      payload: { offset: fixedEnd, end: tpduEnd, next: { table: 'cotp.vp', keys: [] } },
      claimUnclaimed: claim,
    };
  }
  if (fixedEnd < headerLimit)
    emitParameters(
      out,
      bytes,
      fixedEnd,
      headerLimit,
      tpduContext(type, layout, bytes, offset, headerLimit, tpduEnd, cut ? end : undefined),
    );
  if (carriesData && headerLimit < end) {
    // An ED's data, and a DT's that ends its TSDU (EOT), go to the protocol above; a DT with more of its TSDU to come
    // keeps its data, which is decoded whole where the TSDU completes (reassembly on) — or, each TPDU on its own
    // (reassembly off), offers it as part of a TSDU, for a protocol that knows the start of its PDU there. Nothing
    // above: COTP keeps it.
    if (type === ED || (type === DT && valueOf(layout.eot, bytes, offset, headerLimit) === 1))
      return {
        problems,
        summary,
        info,
        end: tpduEnd,
        payload: { offset: headerLimit, end, next: COTP_DATA },
        claimUnclaimed: emitUserData,
      };
    if (type === DT && context.options.reassembly === false)
      return {
        problems,
        summary,
        info,
        end: tpduEnd,
        payload: { offset: headerLimit, end, next: COTP_PART },
        context: TSDU_CONTINUES,
        claimUnclaimed: emitUserData,
      };
    emitUserData(out, bytes, headerLimit, end);
  }
  return { problems, summary, info, end: tpduEnd };
};

/** Another TPDU follows in the same TPKT (concatenation) when the rest starts like one. */
const repeat = (bytes: Bytes, offset: number, end: number): boolean => {
  if (end - offset < 2) return false;
  const li = u8(bytes, offset);
  return li > 0 && li + 1 <= end - offset && TPDU_TYPES[u8(bytes, offset + 1) >> 4] !== undefined;
};

export const cotp: Protocol = { protocol: 'cotp', dissect, repeat };
