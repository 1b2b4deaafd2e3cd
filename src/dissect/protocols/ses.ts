// ISO 8327-1 / ITU-T X.225 connection-oriented session protocol, as MMS (IEC 61850) and other OSI applications run it
// over COTP. A TSDU holds one SPDU or several concatenated (X.225 §8.1); each SPDU (§8.2) is
//
//   SI (1 octet: which SPDU) | LI (1 octet, or 0xFF + 2 octets: length of the parameter field)
//   | parameter field: PGI units (code, LI, PI units inside) and PI units (code, LI, value)
//   | user information field (DT, EX and TD only: the rest of the TSDU)
//
// A TSDU whose first SPDU has SI 1 or 2 starts with a category 0 SPDU (GIVE TOKENS, PLEASE TOKENS), concatenated with
// the category 2 SPDU after it — in MMS traffic every data TSDU is GT (01 00) + DT (01 00) + the presentation PPDU.
// SS-user data (the presentation layer's PPDU) travels in the User Data PGI (193) of CN, AC, RF, FN, DN, AB, … and in
// the user information field of DT; it goes on to the `ses` dispatch table, with the SPDU's SI in the context.
import { citing, type Cite, type Documents } from '../cite';
import type { Problem } from '../model';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import type { FieldId } from '../field-ids';
import type { FieldRef, LayerSink } from '../sink';
import { u8, type Bytes } from '../reader';
import { problem, tsduLimit } from './common';
import { hexNumber } from '../format';

export const SES_DOCUMENTS = {
  'ITU-T X.225': {
    title: 'Connection-oriented session protocol: Protocol specification (= ISO/IEC 8327-1)',
    url: 'https://www.itu.int/rec/T-REC-X.225/en',
  },
} as const satisfies Documents;
const cite = citing(SES_DOCUMENTS);

const TSDU = cite('ITU-T X.225', '8.1');
const SPDU_STRUCTURE = cite('ITU-T X.225', '8.2');
const SPDU_CODES = cite('ITU-T X.225', '8.3');
const CN_CLAUSE = cite('ITU-T X.225', '8.3.1');
const RF_CLAUSE = cite('ITU-T X.225', '8.3.3');
// The Transport Disconnect PI is cited by the clause of SPDU codes (the ABORT SPDU's own clause was not verified).
const AB_CLAUSE = SPDU_CODES;
const DT_CLAUSE = cite('ITU-T X.225', '8.3.9');
const GT_CLAUSE = cite('ITU-T X.225', '8.3.14');

export const SES_GIVE_TOKENS = 1;
export const SES_DATA_TRANSFER = 1;
export const SES_PLEASE_TOKENS = 2;
const SES_EXPEDITED = 5;
const SES_TYPED_DATA = 33;

/** SPDU identifiers (X.225 §8.3), as Wireshark names them. AI, AIA, AE and AEA share SI with AB, AA, MAP and MAA. */
const SPDU_NAMES: Readonly<Record<number, string>> = {
  0: 'EXCEPTION REPORT (ER) SPDU',
  1: 'DATA TRANSFER (DT) SPDU',
  2: 'PLEASE TOKENS (PT) SPDU',
  5: 'EXPEDITED (EX) SPDU',
  7: 'PREPARE (PR) SPDU',
  8: 'NOT FINISHED (NF) SPDU',
  9: 'FINISH (FN) SPDU',
  10: 'DISCONNECT (DN) SPDU',
  12: 'REFUSE (RF) SPDU',
  13: 'CONNECT (CN) SPDU',
  14: 'ACCEPT (AC) SPDU',
  15: 'CONNECT DATA OVERFLOW (CDO) SPDU',
  16: 'OVERFLOW ACCEPT (OA) SPDU',
  21: 'GIVE TOKENS CONFIRM (GTC) SPDU',
  22: 'GIVE TOKENS ACK (GTA) SPDU',
  25: 'ABORT (AB) SPDU',
  26: 'ABORT ACCEPT (AA) SPDU',
  29: 'ACTIVITY RESUME (AR) SPDU',
  33: 'TYPED DATA (TD) SPDU',
  34: 'RESYNCHRONIZE ACK (RA) SPDU',
  41: 'MAJOR SYNC POINT (MAP) SPDU',
  42: 'MAJOR SYNC ACK (MAA) SPDU',
  45: 'ACTIVITY START (AS) SPDU',
  48: 'EXCEPTION DATA (ED) SPDU',
  49: 'MINOR SYNC POINT (MIP) SPDU',
  50: 'MINOR SYNC ACK (MIA) SPDU',
  53: 'RESYNCHRONIZE (RS) SPDU',
  57: 'ACTIVITY DISCARD (AD) SPDU',
  58: 'ACTIVITY DISCARD ACK (ADA) SPDU',
  61: 'CAPABILITY DATA (CD) SPDU',
  62: 'CAPABILITY DATA ACK (CDA) SPDU',
};
/** Category 0 SPDUs: the first of a TSDU with SI 1 or 2. */
const CATEGORY0_NAMES: Readonly<Record<number, string>> = { 1: 'Give tokens PDU', 2: 'Please tokens PDU' };

/** PGI and PI codes (X.225 §8.3 tables), as Wireshark names them. */
const PARAMETER_NAMES: Readonly<Record<number, string>> = {
  1: 'Connection Identifier',
  5: 'Connect Accept Item',
  9: 'Called SS user Reference',
  10: 'Calling SS user Reference',
  11: 'Common Reference',
  12: 'Additional Reference Information',
  15: 'Sync Type Item',
  16: 'Token Item',
  17: 'Transport Disconnect',
  19: 'Protocol Options',
  20: 'Session Requirement',
  21: 'TSDU Maximum Size',
  22: 'Version Number',
  23: 'Initial Serial Number',
  24: 'Prepare Type',
  25: 'Enclosure Item',
  26: 'Token Setting Item',
  27: 'Resync Type',
  33: 'Linking Information',
  41: 'Activity Identifier',
  42: 'Serial Number',
  49: 'Reflect Parameter',
  50: 'Reason Code',
  51: 'Calling Session Selector',
  52: 'Called Session Selector',
  53: 'Second Resync Type',
  54: 'Second Serial Number',
  55: 'Second Initial Serial Number',
  56: 'Upper Limit Serial Number',
  57: 'Large Initial Serial Number',
  58: 'Large Second Initial Serial Number',
  60: 'Data Overflow',
  193: 'Session user data',
  194: 'Session extended user data',
};
const USER_DATA = 193;
const EXTENDED_USER_DATA = 194;
const REASON_CODE = 50;
/** PGIs whose value is further PI units. */
const GROUPS = new Set([1, 5, 33]);

const REASONS: Readonly<Record<number, string>> = {
  0: 'Rejection by called SS-user; reason not specified',
  1: 'Rejection by called SS-user due to temporary congestion',
  2: 'Rejection by called SS-user',
  129: 'Session Selector unknown',
  130: 'SS-user not attached to SSAP',
  131: 'SPM congestion at connect time',
  132: 'Proposed protocol versions not supported',
  133: 'Rejection by the SPM; reason not specified',
  134: 'Rejection by the SPM; implementation restriction stated in the PICS',
};

// ---- Fields

const SPDU: FieldSpec = {
  id: 'ses.spdu',
  label: 'SPDU',
  kind: 'none',
  cite: TSDU,
  meaning: 'One SPDU of the TSDU: its SI, its LI, its parameter field and (DT, EX, TD) its user information.',
};
const TYPE = {
  id: 'ses.type',
  label: 'SPDU Type',
  kind: 'uint',
  size: 1,
  values: SPDU_NAMES,
  cite: SPDU_CODES,
  meaning: 'SI, the SPDU identifier: which SPDU this is (13 CONNECT, 14 ACCEPT, 1 DATA TRANSFER, 9 FINISH, …).',
} as const satisfies FieldSpec;
const TYPE_CATEGORY0 = {
  ...TYPE,
  values: CATEGORY0_NAMES,
  cite: GT_CLAUSE,
  meaning:
    'SI of the category 0 SPDU that opens a TSDU: 1 GIVE TOKENS, 2 PLEASE TOKENS (the same codes as DT and PT in second place).',
} as const satisfies FieldSpec;
const LENGTH = {
  id: 'ses.length',
  label: 'Length',
  kind: 'uint',
  unit: 'octets',
  cite: SPDU_STRUCTURE,
  meaning:
    'LI: the length of the parameter field that follows (not of the user information). One octet for 0–254; 0xFF then two octets for 255–65535.',
} as const satisfies FieldSpec;
const PARAMETER: FieldSpec = {
  id: 'ses.parameter',
  label: 'Parameter',
  kind: 'none',
  cite: SPDU_STRUCTURE,
  meaning: 'A PGI unit (a group of parameters) or a PI unit (one parameter): its code, its LI and its value.',
};
const PARAMETER_TYPE: FieldSpec = {
  id: 'ses.parameter_type',
  label: 'Parameter type',
  kind: 'uint',
  values: PARAMETER_NAMES,
  cite: SPDU_CODES,
  meaning: 'The PGI or PI code: which parameter (group) this is.',
};
const PARAMETER_LENGTH: FieldSpec = {
  id: 'ses.parameter_length',
  label: 'Parameter length',
  kind: 'uint',
  unit: 'octets',
  cite: SPDU_STRUCTURE,
  meaning: 'LI of the parameter: the length of its value, one octet or 0xFF + two octets like the SPDU LI.',
};
const PARAMETER_VALUE: FieldSpec = {
  id: 'ses.parameter_value',
  label: 'Value',
  kind: 'bytes',
  cite: SPDU_CODES,
  meaning: 'The value of a parameter framescope does not decode further.',
};
const SES_USER_DATA: FieldSpec = {
  id: 'ses.user_data',
  label: 'User data',
  kind: 'bytes',
  cite: SPDU_STRUCTURE,
  meaning: 'SS-user data no presentation PPDU was decoded from.',
};
const UNDECODED: FieldSpec = {
  id: 'ses.undecoded',
  label: 'Undecoded bytes',
  kind: 'bytes',
  cite: SPDU_STRUCTURE,
  meaning: 'Octets of the TSDU that do not read as SPDU fields: a length running past its SPDU or the TSDU.',
};

const flag = (id: FieldId, label: string, mask: number, c: Cite, meaning: string): FieldSpec => ({
  id,
  label,
  kind: 'flag',
  mask,
  cite: c,
  meaning,
});
const bytesOf = (id: FieldId, label: string, meaning: string, c = CN_CLAUSE): FieldSpec => ({
  id,
  label,
  kind: 'bytes',
  cite: c,
  meaning,
});
const textOf = (id: FieldId, label: string, meaning: string): FieldSpec => ({
  id,
  label,
  kind: 'text',
  cite: SPDU_CODES,
  meaning,
});

const PROTOCOL_OPTIONS: FieldSpec = {
  id: 'ses.connect.flags',
  label: 'Flags',
  kind: 'hex',
  size: 1,
  cite: CN_CLAUSE,
  meaning: 'Protocol Options (PI 19): bit 1 says the sender can receive extended concatenated SPDUs.',
  bits: [
    flag(
      'ses.connect.f1',
      'Able to receive extended concatenated SPDU',
      0x01,
      CN_CLAUSE,
      'Bit 1 of Protocol Options: the initiator (or responder) can receive extended concatenated SPDUs.',
    ),
  ],
};
const VERSION: FieldSpec = {
  id: 'ses.version.flags',
  label: 'Flags',
  kind: 'hex',
  size: 1,
  cite: CN_CLAUSE,
  meaning: 'Version Number (PI 22): a bit per session protocol version proposed (CN) or selected (AC).',
  bits: [
    flag('ses.protocol_version2', 'Protocol Version 2', 0x02, CN_CLAUSE, 'Bit 2: session protocol version 2.'),
    flag('ses.protocol_version1', 'Protocol Version 1', 0x01, CN_CLAUSE, 'Bit 1: session protocol version 1.'),
  ],
};
const requirement = (id: FieldId, label: string, mask: number) =>
  flag(
    id,
    label,
    mask,
    CN_CLAUSE,
    `Session User Requirements bit: the ${label.toLowerCase()} is proposed or selected.`,
  );
const REQUIREMENTS: FieldSpec = {
  id: 'ses.req.flags',
  label: 'Flags',
  kind: 'hex',
  size: 2,
  cite: CN_CLAUSE,
  meaning: 'Session User Requirements (PI 20): the functional units the SS-user proposes (CN) or accepts (AC).',
  bits: [
    requirement('ses.exception_report', 'Session exception report', 0x2000),
    requirement('ses.data_sep', 'Data separation function unit', 0x1000),
    requirement('ses.symm_sync', 'Symmetric synchronize function unit', 0x0800),
    requirement('ses.typed_data', 'Typed data function unit', 0x0400),
    requirement('ses.exception_data', 'Exception function unit', 0x0200),
    requirement('ses.capability_data', 'Capability function unit', 0x0100),
    requirement('ses.negotiated_release', 'Negotiated release function unit', 0x0080),
    requirement('ses.activity_management', 'Activity management function unit', 0x0040),
    requirement('ses.resynchronize', 'Resynchronize function unit', 0x0020),
    requirement('ses.major_resynchronize', 'Major resynchronize function unit', 0x0010),
    requirement('ses.minor_resynchronize', 'Minor resynchronize function unit', 0x0008),
    requirement('ses.expedited_data', 'Expedited data function unit', 0x0004),
    requirement('ses.duplex', 'Duplex functional unit', 0x0002),
    requirement('ses.half_duplex', 'Half-duplex functional unit', 0x0001),
  ],
};
const TOKENS: FieldSpec = {
  id: 'ses.tken_item.flags',
  label: 'Flags',
  kind: 'hex',
  size: 1,
  cite: GT_CLAUSE,
  meaning: 'Token Item (PI 16): the tokens given (GT) or asked for (PT).',
  bits: [
    flag('ses.release_token', 'release token', 0x40, GT_CLAUSE, 'The release token.'),
    flag('ses.major.token', 'major/activity token', 0x10, GT_CLAUSE, 'The major/activity token.'),
    flag('ses.synchronize_token', 'synchronize minor token', 0x04, GT_CLAUSE, 'The synchronize-minor token.'),
    flag('ses.data_token', 'data token', 0x01, GT_CLAUSE, 'The data token.'),
  ],
};
const TRANSPORT: FieldSpec = {
  id: 'ses.transport_flags',
  label: 'Flags',
  kind: 'hex',
  size: 1,
  cite: AB_CLAUSE,
  meaning: 'Transport Disconnect (PI 17): whether the transport connection is released, and why the session ended.',
  bits: [
    flag(
      'ses.transport_flags.implementation_restriction',
      'Implementation restriction',
      0x10,
      AB_CLAUSE,
      'Bit 5: an implementation restriction.',
    ),
    flag('ses.transport_flags.no_reason', 'No reason', 0x08, AB_CLAUSE, 'Bit 4: no reason given.'),
    flag('ses.transport_flags.protocol_error', 'Protocol error', 0x04, AB_CLAUSE, 'Bit 3: a protocol error.'),
    flag('ses.transport_flags.user_abort', 'User abort', 0x02, AB_CLAUSE, 'Bit 2: the SS-user aborted.'),
    flag(
      'ses.transport_flags.connection',
      'Transport connection',
      0x01,
      AB_CLAUSE,
      'Bit 1: 1 the transport connection is released, 0 it is kept.',
    ),
  ],
};
const ENCLOSURE: FieldSpec = {
  id: 'ses.enclosure.flags',
  label: 'Flags',
  kind: 'hex',
  size: 1,
  cite: DT_CLAUSE,
  meaning: 'Enclosure Item (PI 25): whether this SPDU begins and/or ends an SSDU segmented over several SPDUs.',
  bits: [
    flag('ses.end_of_SSDU', 'end of SSDU', 0x02, DT_CLAUSE, 'Bit 2: the last SPDU of the SSDU.'),
    flag('ses.beginning_of_SSDU', 'beginning of SSDU', 0x01, DT_CLAUSE, 'Bit 1: the first SPDU of the SSDU.'),
  ],
};
const TOKEN_SETTING_VALUES = {
  0: "initiator's side",
  1: "responder's side",
  2: "called SS user's choice",
  3: 'reserved',
};
const setting = (id: FieldId, label: string, mask: number): FieldSpec => ({
  id,
  label,
  kind: 'hex',
  mask,
  values: TOKEN_SETTING_VALUES,
  cite: CN_CLAUSE,
  meaning: `Token Setting Item: on whose side the ${label.replace(' setting', '')} is initially.`,
});
const TOKEN_SETTING: FieldSpec = {
  id: 'ses.token_setting',
  label: 'Token Setting Item',
  kind: 'hex',
  size: 1,
  cite: CN_CLAUSE,
  meaning: 'Token Setting Item (PI 26): two bits per token, the side each token starts on.',
  bits: [
    setting('ses.release_token_setting', 'release token setting', 0xc0),
    setting('ses.major_activity_token_setting', 'major/activity setting', 0x30),
    setting('ses.synchronize_minor_token_setting', 'synchronize-minor token setting', 0x0c),
    setting('ses.data_token_setting', 'data token setting', 0x03),
  ],
};
const TSDU_I2R: FieldSpec = {
  id: 'ses.proposed_tsdu_maximum_size_i2r',
  label: 'Proposed TSDU Maximum Size, Initiator to Responder',
  kind: 'uint',
  at: 0,
  size: 2,
  unit: 'octets',
  cite: CN_CLAUSE,
  meaning: 'TSDU Maximum Size (PI 21), octets 1–2: the largest TSDU the initiator will send (0: no limit).',
};
const TSDU_R2I: FieldSpec = {
  id: 'ses.proposed_tsdu_maximum_size_r2i',
  label: 'Proposed TSDU Maximum Size, Responder to Initiator',
  kind: 'uint',
  at: 2,
  size: 2,
  unit: 'octets',
  cite: CN_CLAUSE,
  meaning: 'TSDU Maximum Size (PI 21), octets 3–4: the largest TSDU the responder will send (0: no limit).',
};
const REASON: FieldSpec = {
  id: 'ses.reason_code',
  label: 'Reason Code',
  kind: 'uint',
  size: 1,
  values: REASONS,
  cite: RF_CLAUSE,
  meaning: 'Reason Code (PI 50), first octet: why the connection is refused; after reason 2 the SS-user data follows.',
};

/** A PI's value: a layout of fixed fields (exact length), or one field of any length. */
interface ParamDef {
  readonly layout?: readonly FieldSpec[];
  readonly spec?: FieldSpec;
}
const PARAMETERS: ReadonlyMap<number, ParamDef> = new Map<number, ParamDef>([
  [
    9,
    { spec: bytesOf('ses.called_ss_user_reference', 'Called SS User Reference', 'Called SS-user Reference (PI 9).') },
  ],
  [
    10,
    {
      spec: bytesOf('ses.calling_ss_user_reference', 'Calling SS User Reference', 'Calling SS-user Reference (PI 10).'),
    },
  ],
  [11, { spec: bytesOf('ses.common_reference', 'Common Reference', 'Common Reference (PI 11).') }],
  [
    12,
    {
      spec: bytesOf(
        'ses.additional_reference_information',
        'Additional Reference Information',
        'Additional Reference Information (PI 12).',
      ),
    },
  ],
  [16, { layout: [TOKENS] }],
  [17, { layout: [TRANSPORT] }],
  [19, { layout: [PROTOCOL_OPTIONS] }],
  [20, { layout: [REQUIREMENTS] }],
  [21, { layout: [TSDU_I2R, TSDU_R2I] }],
  [22, { layout: [VERSION] }],
  [
    23,
    {
      spec: textOf(
        'ses.initial_serial_number',
        'Initial Serial Number',
        'Initial Serial Number (PI 23), in decimal digits.',
      ),
    },
  ],
  [25, { layout: [ENCLOSURE] }],
  [26, { layout: [TOKEN_SETTING] }],
  [41, { spec: bytesOf('ses.activity_identifier', 'Activity Identifier', 'Activity Identifier (PI 41).') }],
  [42, { spec: textOf('ses.serial_number', 'Serial Number', 'Serial Number (PI 42), in decimal digits.') }],
  [
    51,
    {
      spec: bytesOf(
        'ses.calling_session_selector',
        'Calling Session Selector',
        'Calling Session Selector (PI 51): the calling SSAP selector.',
      ),
    },
  ],
  [
    52,
    {
      spec: bytesOf(
        'ses.called_session_selector',
        'Called Session Selector',
        'Called Session Selector (PI 52): the called (in CN) or responding (in AC) SSAP selector.',
      ),
    },
  ],
  [54, { spec: textOf('ses.second_serial_number', 'Second Serial Number', 'Second Serial Number (PI 54).') }],
  [
    55,
    {
      spec: textOf(
        'ses.second_initial_serial_number',
        'Second Initial Serial Number',
        'Second Initial Serial Number (PI 55).',
      ),
    },
  ],
  [
    57,
    {
      spec: textOf(
        'ses.large_initial_serial_number',
        'Large Initial Serial Number',
        'Large Initial Serial Number (PI 57).',
      ),
    },
  ],
  [
    58,
    {
      spec: textOf(
        'ses.large_second_initial_serial_number',
        'Large Second Initial Serial Number',
        'Large Second Initial Serial Number (PI 58).',
      ),
    },
  ],
]);

export const SES_TABLE: ProtocolTable = {
  protocol: 'ses',
  name: 'ISO 8327-1 OSI Session Protocol',
  fields: [
    SPDU,
    TYPE,
    TYPE_CATEGORY0,
    LENGTH,
    PARAMETER,
    PARAMETER_TYPE,
    PARAMETER_LENGTH,
    ...[...PARAMETERS.values()].flatMap((d) => d.layout ?? [d.spec!]),
    REASON,
    PARAMETER_VALUE,
    SES_USER_DATA,
    UNDECODED,
  ],
  layouts: [[TSDU_I2R, TSDU_R2I]],
};

// ---- Reading

/** An LI (X.225 §8.2): the length it gives, or -1 when the octets end inside it (`lengthOctets`: how many it takes). */
function lengthAt(bytes: Bytes, at: number, end: number): number {
  if (at >= end) return -1;
  const first = bytes[at]!;
  if (first !== 0xff) return first;
  if (at + 3 > end) return -1;
  return (bytes[at + 1]! << 8) | bytes[at + 2]!;
}
const lengthOctets = (bytes: Bytes, at: number): number => (bytes[at] === 0xff ? 3 : 1);

/** What one dissection found: the first SS-user data (handed on) and its SPDU. */
interface Found {
  payloadStart: number;
  payloadEnd: number;
  payloadSpdu: number;
  /** ", " and each SPDU's name (the layer's summary, after the protocol's name). */
  names: string;
  readonly problems: Problem[];
  /** The TSDU goes on past these bytes (its TPKT runs past the segment). */
  readonly cut: boolean;
  readonly end: number;
}

/** An LI field (SPDU's or parameter's): its value field, flagged when it uses three octets for a short length. */
function emitLength(out: LayerSink, spec: FieldSpec, bytes: Bytes, at: number, value: number): FieldRef {
  const octets = lengthOctets(bytes, at);
  if (octets === 1) return out.field(spec, at, 1);
  const ref = out.field(spec, at, 3, { value, ...(out.tree ? { display: `${value} octets (0xFF + 2 octets)` } : {}) });
  if (value < 255)
    out.problem(
      ref,
      problem(
        'warning',
        'unexpected-value',
        `LI uses three octets for the length ${value}: "LI fields indicating lengths within the range 0-254 shall comprise one octet" (X.225 §8.2)`,
        { fieldId: spec.id, offset: at, cite: SPDU_STRUCTURE },
      ),
    );
  return ref;
}

/** The PI/PGI units in [at, end) of an SPDU (or of a PGI); `spdu` is the SI, for the user data handed on. */
function parameters(
  out: LayerSink,
  bytes: Bytes,
  at: number,
  end: number,
  spdu: number,
  found: Found,
  inGroup: boolean,
): void {
  while (at < end) {
    const code = bytes[at]!;
    const li = lengthAt(bytes, at + 1, end);
    if (li < 0) {
      undecoded(
        out,
        at,
        end,
        found,
        `A parameter at offset ${at} is cut short: its code${at + 1 < end ? ' and part of its LI' : ''} are all that is left of the parameter field`,
      );
      return;
    }
    const liOctets = lengthOctets(bytes, at + 1);
    const valueAt = at + 1 + liOctets;
    const valueEnd = valueAt + li;
    const overruns = valueEnd > end;
    const stop = overruns ? end : valueEnd;
    const name = PARAMETER_NAMES[code];
    out.open(PARAMETER, at, stop - at, out.tree ? { display: name ?? `Unknown parameter type (${code})` } : undefined);
    const typeRef = out.field(PARAMETER_TYPE, at, 1);
    const lengthRef = emitLength(out, PARAMETER_LENGTH, bytes, at + 1, li);
    if (overruns) {
      if (!(found.cut && end === found.end))
        out.problem(
          lengthRef,
          problem(
            'error',
            'malformed',
            `Parameter length ${li} runs past the ${inGroup ? 'parameter group' : 'parameter field'}: only ${end - valueAt} octets are left (X.225 §8.2)`,
            { fieldId: PARAMETER_LENGTH.id, offset: at + 1, cite: SPDU_STRUCTURE },
          ),
        );
      if (stop > valueAt) out.field(PARAMETER_VALUE, valueAt, stop - valueAt);
      out.close();
      return;
    }
    if (name === undefined)
      out.problem(
        typeRef,
        problem(
          'warning',
          'unknown-value',
          `Parameter code ${code} is not a session PGI or PI (X.225 §8.3); its value is shown as bytes`,
          { fieldId: PARAMETER_TYPE.id, offset: at, cite: SPDU_CODES },
        ),
      );
    value(out, bytes, code, valueAt, valueEnd, spdu, found, inGroup);
    out.close();
    at = valueEnd;
  }
}

function value(
  out: LayerSink,
  bytes: Bytes,
  code: number,
  at: number,
  end: number,
  spdu: number,
  found: Found,
  inGroup: boolean,
): void {
  if (code === USER_DATA || code === EXTENDED_USER_DATA) {
    userData(out, at, end, spdu, found);
    return;
  }
  if (GROUPS.has(code) && !inGroup) {
    parameters(out, bytes, at, end, spdu, found, true);
    return;
  }
  if (code === REASON_CODE && end > at) {
    out.field(REASON, at, 1);
    // After "rejection by called SS-user", the rest of the value is SS-user data (the presentation CPR-PPDU).
    if (end > at + 1) userData(out, at + 1, end, spdu, found);
    return;
  }
  const def = PARAMETERS.get(code);
  const length = end - at;
  if (def?.layout) {
    const size = def.layout.reduce((n, s) => n + s.size!, 0);
    if (length === size) {
      let p = at;
      for (const spec of def.layout) {
        out.field(spec, p, spec.size!);
        p += spec.size!;
      }
      return;
    }
    const ref = length > 0 ? out.field(PARAMETER_VALUE, at, length) : out.refOf(PARAMETER);
    out.problem(
      ref,
      problem(
        'error',
        'malformed',
        `${PARAMETER_NAMES[code]} (PI ${code}) is ${length} octets long; X.225 §8.3 defines it as ${size} octet${size === 1 ? '' : 's'}`,
        { fieldId: length > 0 ? PARAMETER_VALUE.id : PARAMETER.id, offset: at, cite: SPDU_CODES },
      ),
    );
    return;
  }
  if (length > 0) out.field(def?.spec ?? PARAMETER_VALUE, at, length);
}

/** SS-user data: the first goes on to the presentation layer; any other is shown as bytes. */
function userData(out: LayerSink, at: number, end: number, spdu: number, found: Found): void {
  if (found.payloadStart < 0) {
    found.payloadStart = at;
    found.payloadEnd = end;
    found.payloadSpdu = spdu;
  } else if (end > at) out.field(SES_USER_DATA, at, end - at);
}

function undecoded(out: LayerSink, at: number, end: number, found: Found, why: string): void {
  const ref = out.field(UNDECODED, at, end - at);
  if (!found.cut || end !== found.end)
    out.problem(
      ref,
      problem('error', 'malformed', `${why} (X.225 §8.2)`, { fieldId: UNDECODED.id, offset: at, cite: SPDU_STRUCTURE }),
    );
}

const hasUserInformation = (si: number, category0: boolean): boolean =>
  !category0 && (si === SES_DATA_TRANSFER || si === SES_EXPEDITED || si === SES_TYPED_DATA);

/** Said once per part: with reassembly off, what is decoded of a TSDU sent in several DTs is its first DT's share. */
const FIRST_PART = problem(
  'note',
  'truncated',
  'The first part of a TSDU: its DT has no EOT and each TPDU is dissected on its own (reassembly off), so the SPDUs are decoded as far as its user data goes; the rest of the TSDU follows in later DTs',
  { cite: TSDU },
);

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  const declaredEnd = tsduLimit(context, end);
  const found: Found = {
    payloadStart: -1,
    payloadEnd: -1,
    payloadSpdu: -1,
    names: '',
    problems: context.tsduContinues === true ? [FIRST_PART] : [],
    cut: declaredEnd > end,
    end,
  };
  let at = offset;
  let first = true;
  let lastName = '';
  while (at < end) {
    const si = bytes[at]!;
    const category0 = first && (si === SES_GIVE_TOKENS || si === SES_PLEASE_TOKENS);
    first = false;
    const name = (category0 ? CATEGORY0_NAMES : SPDU_NAMES)[si];
    lastName = name ?? `Unknown SPDU type (${hexNumber(si, 2)})`;
    found.names += `, ${lastName}`;
    const li = lengthAt(bytes, at + 1, end);
    if (li < 0) {
      out.open(SPDU, at, end - at, out.tree ? { display: lastName } : undefined);
      const typeRef = out.field(category0 ? TYPE_CATEGORY0 : TYPE, at, 1);
      if (name === undefined) unknownSpdu(out, typeRef, si, at);
      if (at + 1 < end) undecoded(out, at + 1, end, found, 'The SPDU ends inside its LI');
      else if (!found.cut)
        found.problems.push(
          problem('error', 'malformed', 'The TSDU ends after an SPDU identifier: its LI is missing (X.225 §8.2)', {
            fieldId: LENGTH.id,
            offset: at + 1,
            cite: SPDU_STRUCTURE,
          }),
        );
      out.close();
      break;
    }
    const liOctets = lengthOctets(bytes, at + 1);
    const paramsAt = at + 1 + liOctets;
    const paramsEnd = paramsAt + li;
    const overruns = paramsEnd > end;
    const withInfo = hasUserInformation(si, category0);
    const spduEnd = overruns ? end : withInfo ? end : paramsEnd;
    out.open(SPDU, at, spduEnd - at, out.tree ? { display: lastName } : undefined);
    const typeRef = out.field(category0 ? TYPE_CATEGORY0 : TYPE, at, 1);
    if (name === undefined) unknownSpdu(out, typeRef, si, at);
    const lengthRef = emitLength(out, LENGTH, bytes, at + 1, li);
    if (overruns && !(found.cut && declaredEnd >= paramsEnd))
      out.problem(
        lengthRef,
        problem(
          'error',
          'malformed',
          `LI ${li} says the parameter field runs to offset ${paramsEnd}, past the end of the TSDU at ${end} (X.225 §8.2)`,
          { fieldId: LENGTH.id, offset: at + 1, cite: SPDU_STRUCTURE },
        ),
      );
    parameters(out, bytes, paramsAt, Math.min(paramsEnd, end), si, found, false);
    // The user information field (DT, EX, TD) is the rest of the TSDU: SS-user data, even when empty (nothing to hand on).
    if (withInfo && !overruns && paramsEnd < end) userData(out, paramsEnd, end, si, found);
    out.close();
    at = spduEnd;
  }
  const summary = `ISO 8327-1 OSI Session Protocol${found.names}`;
  if (found.payloadStart < 0) return { problems: found.problems, summary, info: lastName, end };
  return {
    problems: found.problems,
    summary,
    info: lastName,
    end,
    payload: { offset: found.payloadStart, end: found.payloadEnd, next: { table: 'ses', keys: [0] } },
    context: { spdu: found.payloadSpdu },
    claimUnclaimed,
  };
};

/** SS-user data no protocol above took: shown as bytes. */
const claimUnclaimed = (sink: LayerSink, _bytes: Bytes, start: number, stop: number): void => {
  if (stop > start) sink.field(SES_USER_DATA, start, stop - start);
};

function unknownSpdu(out: LayerSink, ref: FieldRef, si: number, at: number): void {
  out.problem(
    ref,
    problem('error', 'unknown-value', `SPDU identifier ${si} is not one X.225 §8.3 defines`, {
      fieldId: TYPE.id,
      offset: at,
      cite: SPDU_CODES,
    }),
  );
}

/**
 * Is this TSDU a session TSDU? Wireshark's test first (`dissect_ses_heur`: a known SI — and after a GIVE TOKENS a known
 * SI second —, the first SPDU's LI inside the TSDU, a known SI after it), then every SPDU of the TSDU: each SI known,
 * each parameter field inside the TSDU, up to the SPDU whose user information ends it. Wireshark stops at the second
 * SPDU, and so takes for SPDUs the tail of a TSDU sent in several DTs, seen alone; this does not.
 */
export function looksLikeSession(bytes: Bytes, offset: number, end: number): boolean {
  return wiresharkWouldTake(bytes, offset, end) && everySpduReads(bytes, offset, end);
}

function wiresharkWouldTake(bytes: Bytes, offset: number, end: number): boolean {
  if (end - offset < 2) return false;
  let si = u8(bytes, offset);
  if (SPDU_NAMES[si] === undefined) return false;
  if (end - offset >= 4 && si === SES_GIVE_TOKENS) {
    si = u8(bytes, offset + 2);
    if (SPDU_NAMES[si] === undefined) return false;
  }
  // S7comm and S7comm-plus PDUs start with 0x32 (MINOR SYNC ACK's SI): then the octet after the LI must be a PI code.
  if (si === 0x32 && end - offset >= 3 && PARAMETER_NAMES[u8(bytes, offset + 2)] === undefined) return false;
  const li = lengthAt(bytes, offset + 1, end);
  if (li < 0) return false;
  const liOctets = lengthOctets(bytes, offset + 1);
  const header = li + liOctets;
  // The parameter field runs past the bytes here (a TPKT cut by its segment): a known first parameter code will do.
  if (end - offset < header)
    return end - offset > 1 + liOctets && PARAMETER_NAMES[u8(bytes, offset + 1 + liOctets)] !== undefined;
  if (end - offset > header + 1 && SPDU_NAMES[u8(bytes, offset + header + 1)] === undefined) return false;
  return true;
}

function everySpduReads(bytes: Bytes, offset: number, end: number): boolean {
  let at = offset;
  let first = true;
  while (at < end) {
    const si = bytes[at]!;
    if (SPDU_NAMES[si] === undefined) return false;
    const category0 = first && (si === SES_GIVE_TOKENS || si === SES_PLEASE_TOKENS);
    first = false;
    const li = lengthAt(bytes, at + 1, end);
    if (li < 0) return false;
    const paramsAt = at + 1 + lengthOctets(bytes, at + 1);
    const paramsEnd = paramsAt + li;
    if (!unitsRead(bytes, paramsAt, paramsEnd, end)) return false;
    // Past the bytes here: the TSDU may be cut (its TPKT runs on in the next segment), when what is here of the
    // parameter field starts with a parameter.
    if (paramsEnd > end) return paramsAt < end;
    if (paramsEnd === end || hasUserInformation(si, category0)) return true;
    at = paramsEnd;
  }
  return true;
}

/**
 * The PI/PGI units of a parameter field [at, stop) have known codes, up to one whose length runs past the field (the
 * dissector says so) or the bytes (cut).
 */
function unitsRead(bytes: Bytes, at: number, stop: number, end: number): boolean {
  const limit = Math.min(stop, end);
  while (at < limit) {
    if (PARAMETER_NAMES[bytes[at]!] === undefined) return false;
    const li = lengthAt(bytes, at + 1, end);
    if (li < 0) return true;
    at += 1 + lengthOctets(bytes, at + 1) + li;
  }
  return true;
}

export const ses: Protocol = { protocol: 'ses', dissect };
