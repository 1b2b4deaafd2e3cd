// S7 Communication (S7comm), Siemens' protocol for S7-300/400 (and S7-1200/1500 in "PUT/GET" mode) PLCs, carried as
// the user data of ISO 8073 DT TPDUs (COTP over TPKT, TCP port 102). Siemens publishes no specification: the layout
// below is the one reverse-engineered by the Wireshark dissector (packet-s7comm.c, Wireshark 4.0) and the Snap7 project,
// and every field id is Wireshark's.
//
//   Header, 10 octets (12 in Ack and Ack_Data):
//   +------+--------+-----------------+-----------------+-----------------+-----------------+--------+--------+
//   | 0x32 | ROSCTR | redundancy id   | PDU reference   | parameter length| data length     | errcls | errcod |
//   +------+--------+-----------------+-----------------+-----------------+-----------------+--------+--------+
//     ROSCTR: 1 Job (request), 2 Ack, 3 Ack_Data (response), 7 Userdata.
//   Parameter part (parameter length octets), then data part (data length octets); the PDU is exactly the TSDU.
//     Job / Ack_Data: function (1) ...  Read/Write Var: item count (1), then per item (Job) a variable specification:
//       0x12, length, syntax id (0x10 S7ANY: transport size, length (2), DB (2), area, address (3) = byte << 3 | bit).
//     Data items (Write Var Job, Read Var Ack_Data): return code, transport size, length (2, in bits for sizes 3-5),
//       the data, and a fill octet after an odd-length item that is not the last.
//     Userdata: 00 01 12, length (4 or 8), method (0x11 request / 0x12 response), type (high nibble) and function
//       group (low nibble), subfunction, sequence number, [data unit reference, last data unit, error code (2)];
//       data: return code, transport size, length (2), then what the function group defines.
import { citing, type Documents } from '../cite';
import { numberAt } from '../build';
import type { Dissector, Protocol } from '../dissector';
import type { Problem } from '../model';
import type { FieldSpec, ProtocolTable } from '../spec';
import { text, u8, u16, type Bytes } from '../reader';
import type { LayerSink } from '../sink';
import { problem, undecodedSpec } from './common';
import { hexNumber } from '../format';

/** What S7comm cites. Siemens publishes no specification; both documents describe a layout read from traffic. */
export const S7COMM_DOCUMENTS = {
  'Wireshark packet-s7comm.c': {
    title:
      "Wireshark 4.0's S7 Communication dissector (packet-s7comm.c, Thomas Wiens): the S7comm layout as reverse-engineered from traffic — not a published standard (Siemens publishes no S7 specification)",
    url: 'https://gitlab.com/wireshark/wireshark/-/blob/release-4.0/epan/dissectors/packet-s7comm.c',
    whole: true,
  },
  'Snap7: S7 protocol': {
    title:
      'Siemens communications overview (Snap7 project): the S7 PDU — header, parameters, data — and its length negotiated at connection setup, as reverse-engineered by Snap7 — not a published standard',
    url: 'https://snap7.sourceforge.net/siemens_comm.html',
    whole: true,
  },
} as const satisfies Documents;
const cite = citing(S7COMM_DOCUMENTS);

const LAYOUT = cite('Wireshark packet-s7comm.c', '');
const PDU = cite('Snap7: S7 protocol', '');

export const S7COMM_PROTOCOL_ID = 0x32;
/** Wireshark's heuristic: 10 octets at least (the shortest header), 0x32, and a ROSCTR between 1 and 7. */
const MIN_LENGTH = 10;

const JOB = 1;
const ACK = 2;
const ACK_DATA = 3;
const USERDATA = 7;

const ROSCTR_NAMES: Readonly<Record<number, string>> = { 1: 'Job', 2: 'Ack', 3: 'Ack_Data', 7: 'Userdata' };
const ERROR_CLASSES: Readonly<Record<number, string>> = {
  0x00: 'No error',
  0x81: 'Application relationship',
  0x82: 'Object definition',
  0x83: 'No resources available',
  0x84: 'Error on service processing',
  0x85: 'Error on supplies',
  0x87: 'Access error',
};

const READ_VAR = 0x04;
const WRITE_VAR = 0x05;
const REQUEST_DOWNLOAD = 0x1a;
const DOWNLOAD_BLOCK = 0x1b;
const DOWNLOAD_ENDED = 0x1c;
const START_UPLOAD = 0x1d;
const UPLOAD = 0x1e;
const END_UPLOAD = 0x1f;
const PI_SERVICE = 0x28;
const PLC_STOP = 0x29;
const SETUP_COMMUNICATION = 0xf0;

const FUNCTIONS: Readonly<Record<number, string>> = {
  0x00: 'CPU services',
  [SETUP_COMMUNICATION]: 'Setup communication',
  [READ_VAR]: 'Read Var',
  [WRITE_VAR]: 'Write Var',
  [REQUEST_DOWNLOAD]: 'Request download',
  [DOWNLOAD_BLOCK]: 'Download block',
  [DOWNLOAD_ENDED]: 'Download ended',
  [START_UPLOAD]: 'Start upload',
  [UPLOAD]: 'Upload',
  [END_UPLOAD]: 'End upload',
  [PI_SERVICE]: 'PI-Service',
  [PLC_STOP]: 'PLC Stop',
};

const AREA_DATA_RECORD = 0x01;
const AREA_DB = 0x84;
const AREA_DI = 0x85;
const AREA_COUNTER = 0x1c;
const AREA_TIMER = 0x1d;
const AREAS: Readonly<Record<number, string>> = {
  [AREA_DATA_RECORD]: 'Data record',
  0x03: 'System info of 200 family',
  0x05: 'System flags of 200 family',
  0x06: 'Analog inputs of 200 family',
  0x07: 'Analog outputs of 200 family',
  0x80: 'Direct peripheral access (P)',
  0x81: 'Inputs (I)',
  0x82: 'Outputs (Q)',
  0x83: 'Flags (M)',
  [AREA_DB]: 'Data blocks (DB)',
  [AREA_DI]: 'Instance data blocks (DI)',
  0x86: 'Local data (L)',
  0x87: 'Unknown yet (V)',
  [AREA_COUNTER]: 'S7 counters (C)',
  [AREA_TIMER]: 'S7 timers (T)',
  0x1e: 'IEC counters (200 family)',
  0x1f: 'IEC timers (200 family)',
};
/** The area as an address prefix ("DB 1.DBX 0.0"). */
const AREA_SHORT: Readonly<Record<number, string>> = {
  [AREA_DATA_RECORD]: 'RECORD',
  0x03: 'SI200',
  0x05: 'SF200',
  0x06: 'AI200',
  0x07: 'AO',
  0x80: 'P',
  0x81: 'I',
  0x82: 'Q',
  0x83: 'M',
  [AREA_DB]: 'DB',
  [AREA_DI]: 'DI',
  0x86: 'L',
  0x87: 'V',
  [AREA_COUNTER]: 'C',
  [AREA_TIMER]: 'T',
  0x1e: 'C200',
  0x1f: 'T200',
};
const ITEM_TRANSPORT_SIZES: Readonly<Record<number, string>> = {
  1: 'BIT',
  2: 'BYTE',
  3: 'CHAR',
  4: 'WORD',
  5: 'INT',
  6: 'DWORD',
  7: 'DINT',
  8: 'REAL',
  10: 'TOD',
  11: 'TIME',
  12: 'S5TIME',
  15: 'DATE_AND_TIME',
  28: 'COUNTER',
  29: 'TIMER',
  30: 'IEC TIMER',
  31: 'IEC COUNTER',
  32: 'HS COUNTER',
};

const SYNTAX_S7ANY = 0x10;
const SYNTAX_NCK = 0x82;
const SYNTAX_NCK_METRIC = 0x83;
const SYNTAX_NCK_INCH = 0x84;
const SYNTAX_DRIVEESANY = 0xa2;
const SYNTAX_DBREAD = 0xb0;
const SYNTAX_1200SYM = 0xb2;
const SYNTAX_IDS: Readonly<Record<number, string>> = {
  [SYNTAX_S7ANY]: 'S7ANY',
  0x13: 'PBC-R_ID',
  0x15: 'ALARM_LOCKFREE',
  0x16: 'ALARM_IND',
  0x19: 'ALARM_ACK',
  0x1a: 'ALARM_QUERYREQ',
  0x1c: 'NOTIFY_IND',
  [SYNTAX_NCK]: 'NCK',
  [SYNTAX_NCK_METRIC]: 'NCK_M',
  [SYNTAX_NCK_INCH]: 'NCK_I',
  [SYNTAX_DRIVEESANY]: 'DRIVEESANY',
  [SYNTAX_1200SYM]: '1200SYM',
  [SYNTAX_DBREAD]: 'DBREAD',
};

/** Data transport sizes 3, 4 and 5 count their length in bits; the others in octets. */
const SIZE_BIT = 3;
const SIZE_BYTE = 4;
const SIZE_INT = 5;
const SIZE_NCK_ADDRESS_1 = 0x11;
const SIZE_NCK_ADDRESS_2 = 0x12;
const DATA_TRANSPORT_SIZES: Readonly<Record<number, string>> = {
  0: 'NULL',
  [SIZE_BIT]: 'BIT',
  [SIZE_BYTE]: 'BYTE/WORD/DWORD',
  [SIZE_INT]: 'INTEGER',
  6: 'DINTEGER',
  7: 'REAL',
  9: 'OCTET STRING',
  [SIZE_NCK_ADDRESS_1]: 'NCK ADDRESS1',
  [SIZE_NCK_ADDRESS_2]: 'NCK ADDRESS2',
};

const RETURN_RESERVED = 0x00;
const RETURN_OBJECT_DOES_NOT_EXIST = 0x0a;
const RETURN_SUCCESS = 0xff;
const RETURN_CODES: Readonly<Record<number, string>> = {
  [RETURN_RESERVED]: 'Reserved',
  0x01: 'Hardware error',
  0x03: 'Accessing the object not allowed',
  0x05: 'Invalid address',
  0x06: 'Data type not supported',
  0x07: 'Data type inconsistent',
  [RETURN_OBJECT_DOES_NOT_EXIST]: 'Object does not exist',
  [RETURN_SUCCESS]: 'Success',
};

// Userdata: the type (high nibble), the function group (low nibble) and each group's subfunctions.
const UD_PUSH = 0x0;
const UD_NC_PUSH = 0x3;
const UD_REQUEST = 0x4;
const UD_RESPONSE = 0x8;
const UD_TYPES: Readonly<Record<number, string>> = {
  [UD_PUSH]: 'Push',
  [UD_REQUEST]: 'Request',
  [UD_RESPONSE]: 'Response',
  [UD_NC_PUSH]: 'NC Push',
  0x7: 'NC Request',
  0xb: 'NC Response',
};
const UD_METHODS: Readonly<Record<number, string>> = { 0x00: 'Undef', 0x11: 'Req', 0x12: 'Res' };

const GROUP_MODE_TRANSITION = 0x0;
const GROUP_PROGRAMMER = 0x1;
const GROUP_CYCLIC = 0x2;
const GROUP_BLOCK = 0x3;
const GROUP_CPU = 0x4;
const GROUP_SECURITY = 0x5;
const GROUP_TIME = 0x7;
const GROUP_NC_PROGRAMMING = 0xf;
const UD_GROUPS: Readonly<Record<number, string>> = {
  [GROUP_MODE_TRANSITION]: 'Mode-transition',
  [GROUP_PROGRAMMER]: 'Programmer commands',
  [GROUP_CYCLIC]: 'Cyclic services',
  [GROUP_BLOCK]: 'Block functions',
  [GROUP_CPU]: 'CPU functions',
  [GROUP_SECURITY]: 'Security',
  0x6: 'PBC BSEND/BRECV',
  [GROUP_TIME]: 'Time functions',
  [GROUP_NC_PROGRAMMING]: 'NC programming',
};

const CYCLIC_TRANSFER = 0x01;
const CYCLIC_UNSUBSCRIBE = 0x04;
const CYCLIC_CHANGE_DRIVEN = 0x05;
const CYCLIC_CHANGE_DRIVEN_MODIFY = 0x07;
const CYCLIC_RDREC = 0x08;
const BLOCK_LIST_OF_TYPE = 0x02;
const BLOCK_INFO = 0x03;
const CPU_READ_SZL = 0x01;
const CPU_MESSAGE_SERVICE = 0x02;

const SUBFUNCTIONS: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  [GROUP_PROGRAMMER]: {
    0x01: 'Block status',
    0x02: 'Variable status',
    0x03: 'Output ISTACK',
    0x04: 'Output BSTACK',
    0x05: 'Output LSTACK',
    0x06: 'Time measurement from to',
    0x07: 'Force selection',
    0x08: 'Modify variable',
    0x09: 'Force',
    0x0a: 'Breakpoint',
    0x0b: 'Exit HOLD',
    0x0c: 'Memory reset',
    0x0d: 'Disable job',
    0x0e: 'Enable job',
    0x0f: 'Delete job',
    0x10: 'Read job list',
    0x11: 'Read job',
    0x12: 'Replace job',
    0x13: 'Block status v2',
    0x16: 'Flash LED',
  },
  [GROUP_CYCLIC]: {
    [CYCLIC_TRANSFER]: 'Cyclic transfer',
    [CYCLIC_UNSUBSCRIBE]: 'Unsubscribe',
    [CYCLIC_CHANGE_DRIVEN]: 'Change driven transfer',
    [CYCLIC_CHANGE_DRIVEN_MODIFY]: 'Change driven transfer modify',
    [CYCLIC_RDREC]: 'RDREC',
  },
  [GROUP_BLOCK]: { 0x01: 'List blocks', [BLOCK_LIST_OF_TYPE]: 'List blocks of type', [BLOCK_INFO]: 'Get block info' },
  [GROUP_CPU]: {
    [CPU_READ_SZL]: 'Read SZL',
    [CPU_MESSAGE_SERVICE]: 'Message service',
    0x03: 'Diagnostic message',
    0x05: 'ALARM_8 indication',
    0x06: 'NOTIFY indication',
    0x07: 'ALARM_8 lock',
    0x08: 'ALARM_8 unlock',
    0x09: 'SCAN indication',
    0x0b: 'ALARM ack',
    0x0c: 'ALARM ack indication',
    0x0d: 'ALARM lock indication',
    0x0e: 'ALARM unlock indication',
    0x11: 'ALARM_SQ indication',
    0x12: 'ALARM_S indication',
    0x13: 'ALARM query',
    0x16: 'NOTIFY_8 indication',
  },
  [GROUP_SECURITY]: { 0x01: 'PLC password' },
  [GROUP_TIME]: { 0x01: 'Read clock', 0x02: 'Set clock', 0x03: 'Read clock (following)', 0x04: 'Set clock' },
  [GROUP_NC_PROGRAMMING]: {
    1: 'Request download',
    2: 'Download block',
    3: 'Continue download',
    4: 'Download ended',
    6: 'Start upload',
    7: 'Upload',
    8: 'Continue upload',
  },
};
const MODES: Readonly<Record<number, string>> = {
  0: 'STOP',
  1: 'Warm Restart',
  2: 'RUN',
  3: 'Hot Restart',
  4: 'HOLD',
  6: 'Cold Restart',
  9: 'RUN_R (H-System redundant)',
  11: 'LINK-UP',
  12: 'UPDATE',
};
const LAST_DATA_UNIT_YES = 0x00;
const LAST_DATA_UNIT_NO = 0x01;

/** Block types written as two ASCII hex digits ("0A" = DB). */
const BLOCK_TYPES: Readonly<Record<string, string>> = {
  '08': 'OB',
  '09': 'CMod',
  '0A': 'DB',
  '0B': 'SDB',
  '0C': 'FC',
  '0D': 'SFC',
  '0E': 'FB',
  '0F': 'SFB',
};
/** Sub-block types written as one octet (a block info response). */
const SUB_BLOCK_TYPES: Readonly<Record<number, string>> = {
  0x08: 'OB',
  0x0a: 'DB',
  0x0b: 'SDB',
  0x0c: 'FC',
  0x0d: 'SFC',
  0x0e: 'FB',
  0x0f: 'SFB',
};

const named = (table: Readonly<Record<number, string>>, n: number, unknown: string): string =>
  table[n] ?? `${unknown}: ${hexNumber(n, 2)}`;

// ---- Header

const HEADER_NODE = {
  id: 's7comm.header',
  label: 'Header',
  kind: 'none',
  cite: LAYOUT,
  meaning: 'The S7 PDU header: protocol id, ROSCTR, references and the lengths of the parameter and data parts.',
} as const satisfies FieldSpec;

const PROTID = {
  id: 's7comm.header.protid',
  label: 'Protocol Id',
  kind: 'hex',
  at: 0,
  size: 1,
  cite: LAYOUT,
  meaning: 'Protocol identification: always 0x32 for S7comm (0x72 is S7comm-plus).',
} as const satisfies FieldSpec;
const ROSCTR = {
  id: 's7comm.header.rosctr',
  label: 'ROSCTR',
  kind: 'uint',
  at: 1,
  size: 1,
  values: ROSCTR_NAMES,
  cite: LAYOUT,
  meaning:
    'Remote Operating Service Control, the PDU type: 1 Job (a request), 2 Ack, 3 Ack_Data (the response to a Job), 7 Userdata (programming, diagnostics, SZL, cyclic data).',
} as const satisfies FieldSpec;
const REDID = {
  id: 's7comm.header.redid',
  label: 'Redundancy Identification (Reserved)',
  kind: 'hex',
  at: 2,
  size: 2,
  reserved: true,
  cite: LAYOUT,
  meaning: 'Redundancy identification, reserved: 0x0000 in every known implementation.',
  rule: {
    expect: 0,
    severity: 'note',
    code: 'reserved-nonzero',
    message: (v) =>
      `Redundancy identification is ${hexNumber(v, 4)}: every known implementation sends 0x0000 here. No published specification defines the field, so nobody is shown to be wrong.`,
  },
} as const satisfies FieldSpec;
const PDUREF = {
  id: 's7comm.header.pduref',
  label: 'Protocol Data Unit Reference',
  kind: 'uint',
  at: 4,
  size: 2,
  cite: LAYOUT,
  meaning: 'Chosen by the requester and echoed in the response: pairs an Ack_Data with its Job.',
} as const satisfies FieldSpec;
const PARLG = {
  id: 's7comm.header.parlg',
  label: 'Parameter length',
  kind: 'uint',
  at: 6,
  size: 2,
  cite: PDU,
  meaning: 'Octets in the parameter part, which follows the header.',
} as const satisfies FieldSpec;
const DATLG = {
  id: 's7comm.header.datlg',
  label: 'Data length',
  kind: 'uint',
  at: 8,
  size: 2,
  cite: PDU,
  meaning: 'Octets in the data part, which follows the parameter part. Header, parameters and data make up the PDU.',
} as const satisfies FieldSpec;
const ERRCLS = {
  id: 's7comm.header.errcls',
  label: 'Error class',
  kind: 'hex',
  at: 10,
  size: 1,
  values: ERROR_CLASSES,
  cite: LAYOUT,
  meaning: 'In Ack and Ack_Data only: the class of the error the responder reports (0 = no error).',
} as const satisfies FieldSpec;
const ERRCOD = {
  id: 's7comm.header.errcod',
  label: 'Error code',
  kind: 'hex',
  at: 11,
  size: 1,
  cite: LAYOUT,
  meaning: 'In Ack and Ack_Data only: the error within its class; class and code together read as a 2-octet code.',
} as const satisfies FieldSpec;

const HEADER = [PROTID, ROSCTR, REDID, PDUREF, PARLG, DATLG] as const satisfies readonly FieldSpec[];
const ACK_HEADER = [...HEADER, ERRCLS, ERRCOD] as const satisfies readonly FieldSpec[];
const HEADER_LENGTH = 10;
const ACK_HEADER_LENGTH = 12;

/** The error class and code read as one number (Wireshark adds it, generated, when it is not 0). */
const PARAM_ERRCOD = {
  id: 's7comm.param.errcod',
  label: 'Error code',
  kind: 'hex',
  cite: LAYOUT,
  meaning: "A 2-octet error code: in a userdata parameter, or the header's error class and code read together.",
} as const satisfies FieldSpec;

// ---- Parameter part

const PARAM_NODE = {
  id: 's7comm.param',
  label: 'Parameter',
  kind: 'none',
  cite: PDU,
  meaning: 'The parameter part: the function and what it needs (items to read or write, the PDU length offered, …).',
} as const satisfies FieldSpec;
const FUNC = {
  id: 's7comm.param.func',
  label: 'Function',
  kind: 'hex',
  at: 0,
  size: 1,
  values: FUNCTIONS,
  cite: LAYOUT,
  meaning: 'The function of a Job, echoed in its Ack_Data: 0x04 Read Var, 0x05 Write Var, 0xf0 Setup communication, …',
} as const satisfies FieldSpec;
const ITEMCOUNT = {
  id: 's7comm.param.itemcount',
  label: 'Item count',
  kind: 'uint',
  at: 1,
  size: 1,
  cite: LAYOUT,
  meaning: 'Number of items in the parameter part (variable specifications) and in the data part (their values).',
} as const satisfies FieldSpec;
const SETUP_RESERVED = {
  id: 's7comm.param.setup_reserved1',
  label: 'Reserved',
  kind: 'hex',
  at: 1,
  size: 1,
  reserved: true,
  cite: LAYOUT,
  meaning: 'Reserved octet of Setup communication; 0x00 in every known implementation.',
  rule: {
    expect: 0,
    severity: 'note',
    code: 'reserved-nonzero',
    message: (v) =>
      `Setup communication's reserved octet is ${hexNumber(v, 2)}: every known implementation sends 0x00. No published specification defines it.`,
  },
} as const satisfies FieldSpec;
const MAXAMQ_CALLING = {
  id: 's7comm.param.maxamq_calling',
  label: 'Max AmQ (parallel jobs with ack) calling',
  kind: 'uint',
  at: 2,
  size: 2,
  cite: LAYOUT,
  meaning: 'How many Jobs the calling side may have outstanding (awaiting their Ack_Data) at once.',
} as const satisfies FieldSpec;
const MAXAMQ_CALLED = {
  id: 's7comm.param.maxamq_called',
  label: 'Max AmQ (parallel jobs with ack) called',
  kind: 'uint',
  at: 4,
  size: 2,
  cite: LAYOUT,
  meaning: 'How many Jobs the called side may have outstanding at once.',
} as const satisfies FieldSpec;
const PDU_LENGTH = {
  id: 's7comm.param.pdu_length',
  label: 'PDU length',
  kind: 'uint',
  at: 6,
  size: 2,
  cite: PDU,
  meaning:
    'The largest PDU the sender accepts. The Job proposes one; the Ack_Data states the one negotiated, which no PDU of the connection may exceed.',
} as const satisfies FieldSpec;
const PARAM_DATA = {
  id: 's7comm.param.data',
  label: 'Parameter data',
  kind: 'bytes',
  cite: LAYOUT,
  meaning: 'Parameter octets framescope does not break down further.',
} as const satisfies FieldSpec;
const PARAM_FILL = {
  id: 's7comm.param.fillbyte',
  label: 'Fill byte',
  kind: 'hex',
  cite: LAYOUT,
  meaning:
    'The octet after an odd-length variable specification that is not the last one, to keep the next on an even offset.',
} as const satisfies FieldSpec;

const SETUP = [FUNC, SETUP_RESERVED, MAXAMQ_CALLING, MAXAMQ_CALLED, PDU_LENGTH] as const satisfies readonly FieldSpec[];
const VAR = [FUNC, ITEMCOUNT] as const satisfies readonly FieldSpec[];

// ---- Variable specification (a parameter item), relative to the item's start

const ITEM_NODE = {
  id: 's7comm.param.item',
  label: 'Item',
  kind: 'none',
  cite: LAYOUT,
  meaning: 'One variable specification: what to read or write, and where.',
} as const satisfies FieldSpec;
const VARSPEC = {
  id: 's7comm.param.item.varspec',
  label: 'Variable specification',
  kind: 'hex',
  at: 0,
  size: 1,
  cite: LAYOUT,
  meaning: 'Variable specification type; 0x12 in every known implementation.',
} as const satisfies FieldSpec;
const VARSPEC_LENGTH = {
  id: 's7comm.param.item.varspec_length',
  label: 'Length of following address specification',
  kind: 'uint',
  at: 1,
  size: 1,
  cite: LAYOUT,
  meaning: 'Octets after this one in the item (10 for an S7ANY address).',
} as const satisfies FieldSpec;
const SYNTAXID = {
  id: 's7comm.param.item.syntaxid',
  label: 'Syntax Id',
  kind: 'hex',
  at: 2,
  size: 1,
  values: SYNTAX_IDS,
  cite: LAYOUT,
  meaning: 'How the address that follows is written: 0x10 S7ANY (area, DB, byte and bit), 0xb2 S7-1200 symbolic, …',
} as const satisfies FieldSpec;
const TRANSP_SIZE = {
  id: 's7comm.param.item.transp_size',
  label: 'Transport size',
  kind: 'uint',
  at: 3,
  size: 1,
  values: ITEM_TRANSPORT_SIZES,
  cite: LAYOUT,
  meaning: 'The type of the elements addressed (BIT, BYTE, WORD, …); the length counts elements of this type.',
} as const satisfies FieldSpec;
const ITEM_LENGTH = {
  id: 's7comm.param.item.length',
  label: 'Length',
  kind: 'uint',
  at: 4,
  size: 2,
  cite: LAYOUT,
  meaning: 'Number of elements of the transport size to read or write.',
} as const satisfies FieldSpec;
const ITEM_DB = {
  id: 's7comm.param.item.db',
  label: 'DB number',
  kind: 'uint',
  at: 6,
  size: 2,
  cite: LAYOUT,
  meaning: 'The data block number (for areas DB and DI; 0 otherwise).',
} as const satisfies FieldSpec;
const ITEM_AREA = {
  id: 's7comm.param.item.area',
  label: 'Area',
  kind: 'hex',
  at: 8,
  size: 1,
  values: AREAS,
  cite: LAYOUT,
  meaning: 'The memory area: 0x81 inputs, 0x82 outputs, 0x83 flags, 0x84 data blocks, 0x1c counters, 0x1d timers, …',
} as const satisfies FieldSpec;
const ADDRESS_BITS = [
  {
    id: 's7comm.param.item.address.byte',
    label: 'Byte Address',
    kind: 'uint',
    mask: 0x7fff8,
    cite: LAYOUT,
    meaning: 'The byte offset in the area (the address shifted right by 3).',
  },
  {
    id: 's7comm.param.item.address.bit',
    label: 'Bit Address',
    kind: 'uint',
    mask: 0x7,
    cite: LAYOUT,
    meaning: 'The bit in that byte (the low 3 bits of the address).',
  },
] as const satisfies readonly FieldSpec[];
const ITEM_ADDRESS = {
  id: 's7comm.param.item.address',
  label: 'Address',
  kind: 'hex',
  at: 9,
  size: 3,
  bits: ADDRESS_BITS,
  cite: LAYOUT,
  meaning: 'The start address: byte offset × 8 + bit number (for counters and timers, their number).',
} as const satisfies FieldSpec;
const ITEM_NUMBERED_ADDRESS = {
  ...ITEM_ADDRESS,
  bits: [
    {
      id: 's7comm.param.item.address.number',
      label: 'Number (T/C/BLOCK)',
      kind: 'uint',
      mask: 0xffff,
      cite: LAYOUT,
      meaning: 'The number of the first counter or timer addressed.',
    },
  ],
} as const satisfies FieldSpec;
const READREC_MLEN = {
  id: 's7comm.readrec.mlen',
  label: 'Rdrec Mlen',
  kind: 'uint',
  at: 4,
  size: 2,
  cite: LAYOUT,
  meaning: 'Area "data record": the most octets of the data record to read (MLEN).',
} as const satisfies FieldSpec;
const READREC_INDEX = {
  id: 's7comm.readrec.index',
  label: 'Rdrec Index',
  kind: 'hex',
  at: 6,
  size: 2,
  cite: LAYOUT,
  meaning: 'Area "data record": the data record number (INDEX).',
} as const satisfies FieldSpec;
const READREC_ID = {
  id: 's7comm.readrec.id',
  label: 'Rdrec ID',
  kind: 'uint',
  at: 9,
  size: 3,
  cite: LAYOUT,
  meaning: 'Area "data record": the diagnostic address of the module (ID).',
} as const satisfies FieldSpec;
const DBREAD_NUMAREAS = {
  id: 's7comm.param.item.dbread.numareas',
  label: 'Number of areas',
  kind: 'uint',
  at: 3,
  size: 1,
  cite: LAYOUT,
  meaning: 'Syntax DBREAD: the number of area specifications that follow (5 octets each).',
} as const satisfies FieldSpec;
const SUBITEM_NODE = {
  id: 's7comm.param.subitem',
  label: 'Subitem',
  kind: 'none',
  cite: LAYOUT,
  meaning: 'Syntax DBREAD: one area to read, its length, DB number and start address.',
} as const satisfies FieldSpec;
const DBREAD_AREA = [
  {
    id: 's7comm.param.item.dbread.length',
    label: 'Bytes to read',
    kind: 'uint',
    at: 0,
    size: 1,
    cite: LAYOUT,
    meaning: 'Octets to read from this area.',
  },
  {
    id: 's7comm.param.item.dbread.db',
    label: 'DB number',
    kind: 'uint',
    at: 1,
    size: 2,
    cite: LAYOUT,
    meaning: 'The data block read.',
  },
  {
    id: 's7comm.param.item.dbread.startaddress',
    label: 'Start address',
    kind: 'uint',
    at: 3,
    size: 2,
    cite: LAYOUT,
    meaning: 'The first octet read.',
  },
] as const satisfies readonly FieldSpec[];
const NCK_LAYOUT = [
  {
    id: 's7comm.param.item.nck.area_unit',
    label: 'NCK Area/Unit',
    kind: 'hex',
    at: 3,
    size: 1,
    cite: LAYOUT,
    meaning: 'Sinumerik NCK access: area (3 bits) and unit (5 bits).',
    bits: [
      {
        id: 's7comm.param.item.nck.area',
        label: 'NCK Area',
        kind: 'uint',
        mask: 0xe0,
        cite: LAYOUT,
        meaning: 'The NCK area (N, mode group, channel, axis, tool, …).',
      },
      {
        id: 's7comm.param.item.nck.unit',
        label: 'NCK Unit',
        kind: 'uint',
        mask: 0x1f,
        cite: LAYOUT,
        meaning: 'The unit within the area.',
      },
    ],
  },
  {
    id: 's7comm.param.item.nck.column',
    label: 'NCK Column number',
    kind: 'uint',
    at: 4,
    size: 2,
    cite: LAYOUT,
    meaning: 'The column (variable) number.',
  },
  {
    id: 's7comm.param.item.nck.line',
    label: 'NCK Line number',
    kind: 'uint',
    at: 6,
    size: 2,
    cite: LAYOUT,
    meaning: 'The line (index) number.',
  },
  {
    id: 's7comm.param.item.nck.module',
    label: 'NCK Module',
    kind: 'hex',
    at: 8,
    size: 1,
    cite: LAYOUT,
    meaning: 'The NCK data module.',
  },
  {
    id: 's7comm.param.item.nck.linecount',
    label: 'NCK Linecount',
    kind: 'uint',
    at: 9,
    size: 1,
    cite: LAYOUT,
    meaning: 'The number of lines to access.',
  },
] as const satisfies readonly FieldSpec[];
const DRIVEESANY_LAYOUT = [
  {
    id: 's7comm.param.item.driveesany.unknown1',
    label: 'DriveES Unknown 1',
    kind: 'uint',
    at: 3,
    size: 1,
    cite: LAYOUT,
    meaning: 'Drive ES routing: an octet of unknown meaning.',
  },
  {
    id: 's7comm.param.item.driveesany.unknown2',
    label: 'DriveES Unknown 2',
    kind: 'uint',
    at: 4,
    size: 2,
    cite: LAYOUT,
    meaning: 'Drive ES routing: two octets of unknown meaning.',
  },
  {
    id: 's7comm.param.item.driveesany.unknown3',
    label: 'DriveES Unknown 3',
    kind: 'hex',
    at: 6,
    size: 2,
    cite: LAYOUT,
    meaning: 'Drive ES routing: two octets of unknown meaning.',
  },
  {
    id: 's7comm.param.item.driveesany.parameternr',
    label: 'DriveES Parameter number',
    kind: 'uint',
    at: 8,
    size: 2,
    cite: LAYOUT,
    meaning: 'The drive parameter number.',
  },
  {
    id: 's7comm.param.item.driveesany.parameteridx',
    label: 'DriveES Parameter index',
    kind: 'uint',
    at: 10,
    size: 2,
    cite: LAYOUT,
    meaning: 'The drive parameter index.',
  },
] as const satisfies readonly FieldSpec[];
const TIA_HEAD = [
  {
    id: 's7comm.tiap.item.reserved1',
    label: '1200 sym Reserved',
    kind: 'hex',
    at: 3,
    size: 1,
    cite: LAYOUT,
    meaning: 'S7-1200 symbolic address: first octet, 0xff in every known implementation.',
  },
  {
    id: 's7comm.tiap.item.area1',
    label: '1200 sym root area 1',
    kind: 'hex',
    at: 4,
    size: 2,
    values: { 0x8a0e: 'DB', 0x0000: 'IQMCT' },
    cite: LAYOUT,
    meaning:
      'S7-1200 symbolic address: 0x8a0e a data block (its number follows), 0x0000 inputs, outputs, flags, counters or timers.',
  },
] as const satisfies readonly FieldSpec[];
const TIA_AREA1_DB = 0x8a0e;
const TIA_AREA1_IQMCT = 0x0000;
const TIA_AREA2 = {
  id: 's7comm.tiap.item.area2',
  label: '1200 sym root area 2',
  kind: 'hex',
  at: 6,
  size: 2,
  values: { 0x50: 'Inputs (I)', 0x51: 'Outputs (Q)', 0x52: 'Flags (M)', 0x53: 'Counter (C)', 0x54: 'Timer (T)' },
  cite: LAYOUT,
  meaning: 'S7-1200 symbolic address: which of inputs, outputs, flags, counters, timers.',
} as const satisfies FieldSpec;
const TIA_DB = {
  id: 's7comm.tiap.item.dbnumber',
  label: '1200 sym root DB number',
  kind: 'uint',
  at: 6,
  size: 2,
  cite: LAYOUT,
  meaning: 'S7-1200 symbolic address: the data block.',
} as const satisfies FieldSpec;
const TIA_AREA2_UNKNOWN = {
  id: 's7comm.tiap.item.area2unknown',
  label: '1200 sym root area 2 unknown',
  kind: 'hex',
  at: 6,
  size: 2,
  cite: LAYOUT,
  meaning: 'S7-1200 symbolic address: an area specification of a kind not known.',
} as const satisfies FieldSpec;
const TIA_CRC = {
  id: 's7comm.tiap.item.crc',
  label: '1200 sym CRC',
  kind: 'hex',
  at: 8,
  size: 4,
  cite: LAYOUT,
  meaning: 'S7-1200 symbolic address: a CRC of the symbolic name.',
} as const satisfies FieldSpec;
const TIA_SUBSTRUCTURE = {
  id: 's7comm.tiap.item.substructure',
  label: 'Substructure',
  kind: 'none',
  cite: LAYOUT,
  meaning: 'S7-1200 symbolic address: one step of the path (LID flags and value).',
} as const satisfies FieldSpec;
const TIA_STEP = [
  {
    id: 's7comm.tiap.item.lid_flags',
    label: 'LID flags',
    kind: 'uint',
    at: 0,
    size: 1,
    mask: 0xf0,
    cite: LAYOUT,
    meaning: 'How the value is used: 2 encapsulated LID, 3 encapsulated index, 4 obtain by LID, 5 by index, 6/7 part.',
  },
  {
    id: 's7comm.tiap.item.value',
    label: 'Value',
    kind: 'uint',
    at: 0,
    size: 4,
    mask: 0xfffffff,
    cite: LAYOUT,
    meaning: 'The LID or index.',
  },
] as const satisfies readonly FieldSpec[];
const SPEC_DATA = {
  id: 's7comm.param.item.spec_data',
  label: 'Address specification',
  kind: 'bytes',
  cite: LAYOUT,
  meaning: 'The rest of a variable specification whose syntax framescope does not break down (Wireshark skips it).',
} as const satisfies FieldSpec;

const ITEM_HEAD = [VARSPEC, VARSPEC_LENGTH, SYNTAXID] as const satisfies readonly FieldSpec[];
const S7ANY = [TRANSP_SIZE, ITEM_LENGTH, ITEM_DB, ITEM_AREA, ITEM_ADDRESS] as const satisfies readonly FieldSpec[];
const S7ANY_NUMBERED = [
  TRANSP_SIZE,
  ITEM_LENGTH,
  ITEM_DB,
  ITEM_AREA,
  ITEM_NUMBERED_ADDRESS,
] as const satisfies readonly FieldSpec[];
const S7ANY_RECORD = [
  TRANSP_SIZE,
  READREC_MLEN,
  READREC_INDEX,
  ITEM_AREA,
  READREC_ID,
] as const satisfies readonly FieldSpec[];

// ---- Data part

const DATA_NODE = {
  id: 's7comm.data',
  label: 'Data',
  kind: 'none',
  cite: PDU,
  meaning: 'The data part: the values written or read, or what a userdata function returns.',
} as const satisfies FieldSpec;
const DATA_ITEM_NODE = {
  id: 's7comm.data.item',
  label: 'Item',
  kind: 'none',
  cite: LAYOUT,
  meaning: 'One item of the data part: its return code, transport size, length and value.',
} as const satisfies FieldSpec;
const RETURNCODE = {
  id: 's7comm.data.returncode',
  label: 'Return code',
  kind: 'hex',
  at: 0,
  size: 1,
  values: RETURN_CODES,
  cite: LAYOUT,
  meaning: 'The outcome for this item: 0xff success; 0x05 invalid address, 0x0a object does not exist, …',
} as const satisfies FieldSpec;
const TRANSPORTSIZE = {
  id: 's7comm.data.transportsize',
  label: 'Transport size',
  kind: 'hex',
  at: 1,
  size: 1,
  values: DATA_TRANSPORT_SIZES,
  cite: LAYOUT,
  meaning: 'How the length counts: in bits for 3 (BIT), 4 (BYTE/WORD/DWORD) and 5 (INTEGER); in octets otherwise.',
} as const satisfies FieldSpec;
const DATA_LENGTH = {
  id: 's7comm.data.length',
  label: 'Length',
  kind: 'uint',
  at: 2,
  size: 2,
  cite: LAYOUT,
  meaning: 'Length of the value, in bits or octets as the transport size says.',
} as const satisfies FieldSpec;
const RESP_DATA = {
  id: 's7comm.resp.data',
  label: 'Data',
  kind: 'bytes',
  cite: LAYOUT,
  meaning: 'The value read or written.',
} as const satisfies FieldSpec;
const FILLBYTE = {
  id: 's7comm.data.fillbyte',
  label: 'Fill byte',
  kind: 'hex',
  cite: LAYOUT,
  meaning: 'The octet after an odd-length value that is not the last, to keep the next item on an even offset.',
} as const satisfies FieldSpec;
const USERDATA_DATA = {
  id: 's7comm.data.userdata',
  label: 'Data',
  kind: 'bytes',
  cite: LAYOUT,
  meaning: 'Userdata octets framescope does not break down further.',
} as const satisfies FieldSpec;

const DATA_ITEM = [RETURNCODE, TRANSPORTSIZE, DATA_LENGTH] as const satisfies readonly FieldSpec[];

// ---- Userdata parameter, relative to the parameter part's start

const UD_HEAD = {
  id: 's7comm.param.userdata.head',
  label: 'Parameter head',
  kind: 'hex',
  at: 0,
  size: 3,
  cite: LAYOUT,
  meaning: 'Constant 0x000112 before the userdata parameter.',
} as const satisfies FieldSpec;
const UD_LENGTH = {
  id: 's7comm.param.userdata.length',
  label: 'Parameter length',
  kind: 'uint',
  at: 3,
  size: 1,
  cite: LAYOUT,
  meaning: 'Octets of userdata parameter after this one: 4, or 8 with the fragmentation fields and error code.',
} as const satisfies FieldSpec;
const UD_METHOD = {
  id: 's7comm.param.userdata.reqres1',
  label: 'Method (Request/Response)',
  kind: 'hex',
  at: 4,
  size: 1,
  values: UD_METHODS,
  cite: LAYOUT,
  meaning: 'Request (0x11) or response (0x12) again; what tells a push from the PLC apart.',
} as const satisfies FieldSpec;
const UD_TYPE = {
  id: 's7comm.param.userdata.type',
  label: 'Type',
  kind: 'uint',
  at: 5,
  size: 1,
  mask: 0xf0,
  values: UD_TYPES,
  cite: LAYOUT,
  meaning: 'Push (0), request (4) or response (8); 3, 7 and 11 in Sinumerik NC programming.',
} as const satisfies FieldSpec;
const UD_GROUP = {
  id: 's7comm.param.userdata.funcgroup',
  label: 'Function group',
  kind: 'uint',
  at: 5,
  size: 1,
  mask: 0x0f,
  values: UD_GROUPS,
  cite: LAYOUT,
  meaning: 'The group of the function: programmer commands, cyclic services, block functions, CPU functions (SZL), …',
} as const satisfies FieldSpec;
const subfunction = (values: Readonly<Record<number, string>> | undefined): FieldSpec => ({
  id: 's7comm.param.userdata.subfunc',
  label: 'Subfunction',
  kind: 'uint',
  at: 6,
  size: 1,
  ...(values ? { values } : {}),
  cite: LAYOUT,
  meaning: 'The function within its group (Read SZL, List blocks, Cyclic transfer, …).',
});
const SUBFUNCTION_SPECS: ReadonlyMap<number, FieldSpec> = new Map(
  Object.entries(SUBFUNCTIONS).map(([group, values]) => [Number(group), subfunction(values)]),
);
const SUBFUNCTION_PLAIN = subfunction(undefined);
const MODETRANS_SUBFUNC = {
  id: 's7comm.param.modetrans.subfunc',
  label: 'Current mode',
  kind: 'uint',
  at: 6,
  size: 1,
  values: MODES,
  cite: LAYOUT,
  meaning: 'Function group "mode transition": the CPU mode entered (STOP, RUN, …).',
} as const satisfies FieldSpec;
const UD_SEQ = {
  id: 's7comm.param.userdata.seq_num',
  label: 'Sequence number',
  kind: 'uint',
  at: 7,
  size: 1,
  cite: LAYOUT,
  meaning: 'Sequence number; in cyclic services the job id.',
} as const satisfies FieldSpec;
const UD_DATA_UNIT_REF = {
  id: 's7comm.param.userdata.dataunitref',
  label: 'Data unit reference number',
  kind: 'uint',
  at: 8,
  size: 1,
  cite: LAYOUT,
  meaning: 'Not 0 when the userdata is fragmented over several PDUs: all fragments of one carry the same number.',
} as const satisfies FieldSpec;
const UD_LAST_DATA_UNIT = {
  id: 's7comm.param.userdata.lastdataunit',
  label: 'Last data unit',
  kind: 'hex',
  at: 9,
  size: 1,
  values: { [LAST_DATA_UNIT_YES]: 'Yes', [LAST_DATA_UNIT_NO]: 'No' },
  cite: LAYOUT,
  meaning: '0x00: this PDU ends the userdata; 0x01: more fragments follow.',
} as const satisfies FieldSpec;
const UD_ERRCOD = {
  ...PARAM_ERRCOD,
  at: 10,
  size: 2,
} as const satisfies FieldSpec;

const UD_FIXED = [UD_HEAD, UD_LENGTH, UD_METHOD, UD_TYPE, UD_GROUP] as const satisfies readonly FieldSpec[];
const UD_FRAGMENTATION = [UD_DATA_UNIT_REF, UD_LAST_DATA_UNIT, UD_ERRCOD] as const satisfies readonly FieldSpec[];
const UD_SHORT_LENGTH = 8;
const UD_LONG_LENGTH = 12;

// ---- Userdata data

const SZL_ID = {
  id: 's7comm.data.userdata.szl_id',
  label: 'SZL-ID',
  kind: 'hex',
  at: 4,
  size: 2,
  cite: LAYOUT,
  meaning: 'Which system status list (SZL) is read: diagnostic type, partial list extract and partial list number.',
  bits: [
    {
      id: 's7comm.data.userdata.szl_id.diag_type',
      label: 'Diagnostic type',
      kind: 'hex',
      mask: 0xf000,
      cite: LAYOUT,
      meaning: 'The module class the list concerns (0 CPU, 4 IM, 8 FM, 0xc CP).',
    },
    {
      id: 's7comm.data.userdata.szl_id.partlist_ex',
      label: 'Number of the partial list extract',
      kind: 'hex',
      mask: 0xffff,
      cite: LAYOUT,
      meaning: 'The partial list extract (as Wireshark reads it, the whole SZL-ID).',
    },
    {
      id: 's7comm.data.userdata.szl_id.partlist_num',
      label: 'Number of the partial list',
      kind: 'hex',
      mask: 0x00ff,
      cite: LAYOUT,
      meaning: 'The partial list (0x11 module identification, 0x1c component identification, …).',
    },
  ],
} as const satisfies FieldSpec;
const SZL_INDEX = {
  id: 's7comm.data.userdata.szl_index',
  label: 'SZL-Index',
  kind: 'hex',
  at: 6,
  size: 2,
  cite: LAYOUT,
  meaning: 'Which record of the list is read.',
} as const satisfies FieldSpec;
const SZL_LIST_LENGTH = {
  id: 's7comm.data.userdata.szl_id.partlist_len',
  label: 'SZL partial list length in bytes',
  kind: 'uint',
  at: 8,
  size: 2,
  cite: LAYOUT,
  meaning: 'Octets of one record of the list.',
} as const satisfies FieldSpec;
const SZL_LIST_COUNT = {
  id: 's7comm.data.userdata.szl_id.partlist_cnt',
  label: 'SZL partial list count',
  kind: 'uint',
  at: 10,
  size: 2,
  cite: LAYOUT,
  meaning: 'Number of records in the response.',
} as const satisfies FieldSpec;
const SZL_DATA = {
  id: 's7comm.param.userdata.szl_part_list',
  label: 'SZL partial list data',
  kind: 'bytes',
  cite: LAYOUT,
  meaning: 'The records of the system status list read.',
} as const satisfies FieldSpec;
const SZL_REQUEST = [SZL_ID, SZL_INDEX] as const satisfies readonly FieldSpec[];
const SZL_RESPONSE = [SZL_ID, SZL_INDEX, SZL_LIST_LENGTH, SZL_LIST_COUNT] as const satisfies readonly FieldSpec[];

const CYCLIC_REQUEST = [
  {
    id: 's7comm.cyclic.interval_timebase',
    label: 'Interval timebase',
    kind: 'uint',
    at: 6,
    size: 1,
    values: { 0: '100 milliseconds', 1: '1 second', 2: '10 seconds' },
    cite: LAYOUT,
    meaning: 'The unit of the interval: 100 ms, 1 s or 10 s.',
  },
  {
    id: 's7comm.cyclic.interval_time',
    label: 'Interval time factor',
    kind: 'uint',
    at: 7,
    size: 1,
    cite: LAYOUT,
    meaning: 'The interval, in units of the timebase.',
  },
] as const satisfies readonly FieldSpec[];
/** Cyclic services, RDREC (read a data record): reserved octet and item count, as Wireshark reads them. */
const READREC_RESERVED = {
  id: 's7comm.readrec.reserved1',
  label: 'Rdrec reserved',
  kind: 'bytes',
  cite: LAYOUT,
  meaning: 'RDREC: a reserved octet before the item count.',
} as const satisfies FieldSpec;
const READREC_STATUS_LENGTH = {
  id: 's7comm.readrec.statuslen',
  label: 'Rdrec Status Len',
  kind: 'uint',
  cite: LAYOUT,
  meaning: 'RDREC response: octets of optional status data (as the STATUS output of SFB 52 RDREC).',
} as const satisfies FieldSpec;
const READREC_STATUS = {
  id: 's7comm.readrec.status',
  label: 'Rdrec Status',
  kind: 'bytes',
  cite: LAYOUT,
  meaning: 'RDREC response: the status data.',
} as const satisfies FieldSpec;
const READREC_LENGTH = {
  id: 's7comm.readrec.len',
  label: 'Rdrec Len',
  kind: 'uint',
  cite: LAYOUT,
  meaning: 'RDREC response: octets of the data record read.',
} as const satisfies FieldSpec;
const READREC_DATA = {
  id: 's7comm.readrec.data',
  label: 'Rdrec Data',
  kind: 'bytes',
  cite: LAYOUT,
  meaning: 'RDREC response: the data record read.',
} as const satisfies FieldSpec;
const CYCLIC_UNSUBSCRIBE_REQUEST = [
  {
    id: 's7comm.cyclic.function',
    label: 'Function',
    kind: 'uint',
    at: 4,
    size: 1,
    cite: LAYOUT,
    meaning: 'Cyclic services: the function to apply to the job.',
  },
  {
    id: 's7comm.cyclic.job_id',
    label: 'Job-ID',
    kind: 'uint',
    at: 5,
    size: 1,
    cite: LAYOUT,
    meaning: 'Cyclic services: the job unsubscribed.',
  },
] as const satisfies readonly FieldSpec[];

// ---- Block control (up/download) and PI services in Job parameters

const FUNCTION_STATUS = {
  id: 's7comm.param.blockcontrol.functionstatus',
  label: 'Function Status',
  kind: 'hex',
  at: 1,
  size: 1,
  cite: LAYOUT,
  meaning: 'Block transfer status: more data follows, or an error occurred.',
  bits: [
    {
      id: 's7comm.param.blockcontrol.functionstatus.more',
      label: 'More data following',
      kind: 'flag',
      mask: 0x01,
      cite: LAYOUT,
      meaning: 'More of the block can be fetched with another request.',
    },
    {
      id: 's7comm.param.blockcontrol.functionstatus.error',
      label: 'Error',
      kind: 'flag',
      mask: 0x02,
      cite: LAYOUT,
      meaning: 'An error occurred.',
    },
  ],
} as const satisfies FieldSpec;
const BLOCKCONTROL_UNKNOWN = {
  id: 's7comm.data.blockcontrol.unknown1',
  label: 'Unknown byte(s) in blockcontrol',
  kind: 'bytes',
  cite: LAYOUT,
  meaning: 'Block transfer octets of unknown meaning.',
} as const satisfies FieldSpec;
const BLOCKCONTROL_ERRORCODE = {
  id: 's7comm.data.blockcontrol.errorcode',
  label: 'Errorcode',
  kind: 'hex',
  at: 2,
  size: 2,
  cite: LAYOUT,
  meaning: 'Download ended: 0 on success.',
} as const satisfies FieldSpec;
const UPLOAD_ID = {
  id: 's7comm.data.blockcontrol.uploadid',
  label: 'UploadID',
  kind: 'hex',
  at: 4,
  size: 4,
  cite: LAYOUT,
  meaning: 'Identifies an upload across its Start upload, Upload and End upload.',
} as const satisfies FieldSpec;
const FILENAME_LENGTH = {
  id: 's7comm.param.blockcontrol.filename_len',
  label: 'Filename Length',
  kind: 'uint',
  size: 1,
  cite: LAYOUT,
  meaning: 'Octets of the file name that follows.',
} as const satisfies FieldSpec;
const FILENAME = {
  id: 's7comm.param.blockcontrol.filename',
  label: 'Filename',
  kind: 'text',
  cite: LAYOUT,
  meaning: 'The block as a file name: "_", block type, 5-digit block number, destination file system.',
} as const satisfies FieldSpec;
const FILENAME_PARTS = [
  {
    id: 's7comm.data.blockcontrol.file_identifier',
    label: 'File identifier',
    kind: 'text',
    at: 0,
    size: 1,
    cite: LAYOUT,
    meaning: '"_" a complete module, "$" a module header for uploading.',
  },
  {
    id: 's7comm.data.blockcontrol.block_type',
    label: 'Block type',
    kind: 'text',
    at: 1,
    size: 2,
    cite: LAYOUT,
    meaning: 'Two hex digits: 08 OB, 0A DB, 0B SDB, 0C FC, 0D SFC, 0E FB, 0F SFB.',
  },
  {
    id: 's7comm.data.blockcontrol.block_number',
    label: 'Block number',
    kind: 'text',
    at: 3,
    size: 5,
    cite: LAYOUT,
    meaning: 'The block number, five decimal digits.',
  },
  {
    id: 's7comm.data.blockcontrol.dest_filesys',
    label: 'Destination filesystem',
    kind: 'text',
    at: 8,
    size: 1,
    cite: LAYOUT,
    meaning: '"P" passive (copied, not chained), "A" active, "B" both.',
  },
] as const satisfies readonly FieldSpec[];
/** A block name without the leading file identifier (in a PI service's parameter block). */
const BLOCK_NAME_PARTS = FILENAME_PARTS.slice(1).map((s) => ({ ...s, at: s.at - 1 }));
const FILENAME_SIZE = 9;
const BLOCK_NAME_SIZE = 8;
const PART2 = [
  {
    id: 's7comm.data.blockcontrol.part2_len',
    label: 'Length part 2',
    kind: 'uint',
    at: 0,
    size: 1,
    cite: LAYOUT,
    meaning: 'Request download: octets of part 2 (the lengths that follow).',
  },
  {
    id: 's7comm.data.blockcontrol.part2_unknown',
    label: 'Unknown char before load mem',
    kind: 'text',
    at: 1,
    size: 1,
    cite: LAYOUT,
    meaning: 'Request download: a character of unknown meaning.',
  },
  {
    id: 's7comm.data.blockcontrol.loadmem_len',
    label: 'Length of load memory',
    kind: 'text',
    at: 2,
    size: 6,
    cite: LAYOUT,
    meaning: "Request download: the block's size in load memory, in decimal digits.",
  },
  {
    id: 's7comm.data.blockcontrol.mc7code_len',
    label: 'Length of MC7 code',
    kind: 'text',
    at: 8,
    size: 6,
    cite: LAYOUT,
    meaning: 'Request download: the size of its MC7 code, in decimal digits.',
  },
] as const satisfies readonly FieldSpec[];
const UPLOAD_LENGTH_STRING_LENGTH = {
  id: 's7comm.param.blockcontrol.upl_lenstring_len',
  label: 'Blocklengthstring Length',
  kind: 'uint',
  size: 1,
  cite: LAYOUT,
  meaning: 'Start upload response: octets of the block length that follows.',
} as const satisfies FieldSpec;
const UPLOAD_LENGTH_STRING = {
  id: 's7comm.param.blockcontrol.upl_lenstring',
  label: 'Blocklength',
  kind: 'text',
  cite: LAYOUT,
  meaning: 'Start upload response: the length of the whole block, in decimal digits.',
} as const satisfies FieldSpec;
const PI_UNKNOWN = {
  id: 's7comm.param.pistart.unknown1',
  label: 'Unknown bytes',
  kind: 'bytes',
  cite: LAYOUT,
  meaning: 'PI service and PLC stop: octets of unknown meaning.',
} as const satisfies FieldSpec;
const PI_BLOCK_LENGTH = {
  id: 's7comm.param.pistart.parameterblock_len',
  label: 'Parameter block length',
  kind: 'uint',
  size: 2,
  cite: LAYOUT,
  meaning: 'PI service: octets of the parameter block.',
} as const satisfies FieldSpec;
const PI_BLOCK = {
  id: 's7comm.param.pistart.parameterblock',
  label: 'Parameter block',
  kind: 'none',
  cite: LAYOUT,
  meaning: 'PI service: the arguments of the service.',
} as const satisfies FieldSpec;
const PI_BLOCK_COUNT = {
  id: 's7comm.data.plccontrol.block_cnt',
  label: 'Number of blocks',
  kind: 'uint',
  size: 1,
  cite: LAYOUT,
  meaning: 'PI service _INSE/_INS2/_DELE: the number of block names that follow.',
} as const satisfies FieldSpec;
const PI_INSE_UNKNOWN = {
  id: 's7comm.param.pi.inse.unknown',
  label: 'Unknown byte',
  kind: 'hex',
  size: 1,
  cite: LAYOUT,
  meaning: 'PI service _INSE/_INS2/_DELE: an octet of unknown meaning, 0x00.',
} as const satisfies FieldSpec;
const PI_ARGUMENT = {
  id: 's7comm.param.pistart.argument',
  label: 'Argument',
  kind: 'text',
  cite: LAYOUT,
  meaning: 'PI service: the argument, as text.',
} as const satisfies FieldSpec;
const PI_STRING_LENGTH = {
  id: 's7comm.param.pi.n_x.string_len',
  label: 'String length',
  kind: 'uint',
  size: 1,
  cite: LAYOUT,
  meaning: 'Octets of the string that follows.',
} as const satisfies FieldSpec;
const PI_SERVICE_NAME = {
  id: 's7comm.param.pistart.servicename',
  label: 'PI (program invocation) Service',
  kind: 'text',
  cite: LAYOUT,
  meaning:
    'The program invocation service: _INSE activates a block, _DELE deletes one, P_PROGRAM starts, _MODU copies RAM to ROM, …',
} as const satisfies FieldSpec;
const PART2_LENGTH = {
  id: 's7comm.data.plccontrol.part2_len',
  label: 'Length part 2',
  kind: 'uint',
  size: 1,
  cite: LAYOUT,
  meaning: 'PLC stop: octets of the service name that follows.',
} as const satisfies FieldSpec;

// Layouts of one or two fields, made once (a sink caches what it learns about a layout by its identity).
const STATUS = [FUNC, FUNCTION_STATUS] as const satisfies readonly FieldSpec[];
const ERRORCODE = [BLOCKCONTROL_ERRORCODE] as const satisfies readonly FieldSpec[];
const UPLOAD_ID_LAYOUT = [UPLOAD_ID] as const satisfies readonly FieldSpec[];
const DBREAD_HEAD = [DBREAD_NUMAREAS] as const satisfies readonly FieldSpec[];
const TIA_IQMCT = [TIA_AREA2, TIA_CRC] as const satisfies readonly FieldSpec[];
const TIA_DB_LAYOUT = [TIA_DB, TIA_CRC] as const satisfies readonly FieldSpec[];
const TIA_UNKNOWN = [TIA_AREA2_UNKNOWN, TIA_CRC] as const satisfies readonly FieldSpec[];
const NCK_DATA_HEAD = [RETURNCODE, TRANSPORTSIZE] as const satisfies readonly FieldSpec[];
const DATA_ITEM_REST = [TRANSPORTSIZE, DATA_LENGTH] as const satisfies readonly FieldSpec[];
const BLOCK_DATA_LENGTH = [{ ...DATA_LENGTH, at: 0 }] as const satisfies readonly FieldSpec[];
const UD_SUBFUNC_SEQ = [UD_SEQ] as const satisfies readonly FieldSpec[];

/** Octets after the PDU that its lengths do not count. */
const UNDECODED = undecodedSpec('s7comm', 'S7 Communication', PDU);

export const S7COMM_TABLE: ProtocolTable = {
  protocol: 's7comm',
  name: 'S7 Communication',
  fields: [
    HEADER_NODE,
    ...ACK_HEADER,
    PARAM_NODE,
    PARAM_ERRCOD,
    ...SETUP,
    ITEMCOUNT,
    PARAM_DATA,
    PARAM_FILL,
    ITEM_NODE,
    ...ITEM_HEAD,
    ...S7ANY,
    ITEM_NUMBERED_ADDRESS,
    READREC_MLEN,
    READREC_INDEX,
    READREC_ID,
    DBREAD_NUMAREAS,
    SUBITEM_NODE,
    ...DBREAD_AREA,
    ...NCK_LAYOUT,
    ...DRIVEESANY_LAYOUT,
    ...TIA_HEAD,
    TIA_AREA2,
    TIA_DB,
    TIA_AREA2_UNKNOWN,
    TIA_CRC,
    TIA_SUBSTRUCTURE,
    ...TIA_STEP,
    SPEC_DATA,
    DATA_NODE,
    DATA_ITEM_NODE,
    ...DATA_ITEM,
    RESP_DATA,
    FILLBYTE,
    USERDATA_DATA,
    ...UD_FIXED,
    ...SUBFUNCTION_SPECS.values(),
    SUBFUNCTION_PLAIN,
    MODETRANS_SUBFUNC,
    UD_SEQ,
    ...UD_FRAGMENTATION,
    ...SZL_RESPONSE,
    SZL_DATA,
    ...CYCLIC_REQUEST,
    ...CYCLIC_UNSUBSCRIBE_REQUEST,
    READREC_RESERVED,
    READREC_STATUS_LENGTH,
    READREC_STATUS,
    READREC_LENGTH,
    READREC_DATA,
    FUNCTION_STATUS,
    BLOCKCONTROL_UNKNOWN,
    BLOCKCONTROL_ERRORCODE,
    UPLOAD_ID,
    FILENAME_LENGTH,
    FILENAME,
    ...FILENAME_PARTS,
    ...PART2,
    UPLOAD_LENGTH_STRING_LENGTH,
    UPLOAD_LENGTH_STRING,
    PI_UNKNOWN,
    PI_BLOCK_LENGTH,
    PI_BLOCK,
    PI_BLOCK_COUNT,
    PI_INSE_UNKNOWN,
    PI_ARGUMENT,
    PI_STRING_LENGTH,
    PI_SERVICE_NAME,
    PART2_LENGTH,
  ],
  layouts: [
    ACK_HEADER,
    SETUP,
    VAR,
    STATUS,
    ITEM_HEAD,
    S7ANY,
    S7ANY_NUMBERED,
    S7ANY_RECORD,
    DBREAD_AREA,
    NCK_LAYOUT,
    DRIVEESANY_LAYOUT,
    TIA_HEAD,
    TIA_IQMCT,
    TIA_DB_LAYOUT,
    TIA_UNKNOWN,
    TIA_STEP,
    DATA_ITEM,
    UD_FIXED,
    UD_FRAGMENTATION,
    SZL_RESPONSE,
    CYCLIC_REQUEST,
    CYCLIC_UNSUBSCRIBE_REQUEST,
    FILENAME_PARTS,
    BLOCK_NAME_PARTS,
    PART2,
  ],
};

// ---- Dissection

/** One PDU's walk: the sink, the bytes, and the Info text so far. */
interface Walk {
  readonly out: LayerSink;
  readonly bytes: Bytes;
  info: string;
  /**
   * The PDU's lengths agree with the TPDU and all its octets are here: a part that ends before its items do is then
   * the sender's fault (an error). Otherwise the header's lengths already say what is wrong or missing.
   */
  whole: boolean;
}

/** Bytes [at, stop) as one field of `spec`, its size shown in the tree. */
function raw(walk: Walk, spec: FieldSpec, at: number, stop: number): void {
  if (stop > at) walk.out.field(spec, at, stop - at, walk.out.tree ? { display: `${stop - at} bytes` } : undefined);
}

/** A fixed layout (relative to `base`) as far as the octets go; returns where the fields emitted end. */
function fixedTo(walk: Walk, layout: readonly FieldSpec[], base: number, stop: number): number {
  const missing = walk.out.fixed(layout, base, stop);
  if (missing) return Math.min(stop, base + missing.at!);
  const last = layout[layout.length - 1]!;
  return base + last.at! + last.size!;
}

/** [length][text] at `at`, as far as the octets go; returns where it ends. */
function lengthPrefixed(walk: Walk, lengthSpec: FieldSpec, textSpec: FieldSpec, at: number, stop: number): number {
  if (at >= stop) return at;
  walk.out.field(lengthSpec, at, 1);
  const end = Math.min(stop, at + 1 + u8(walk.bytes, at));
  if (end > at + 1) walk.out.field(textSpec, at + 1, end - at - 1);
  return end;
}

/** "DB1", "SDB 0": a block type in two ASCII hex digits and a 5-digit number, as Wireshark's Info writes them. */
function blockName(bytes: Bytes, at: number, separator: string): string {
  const type = text(bytes, at, 2);
  const digits = text(bytes, at + 2, 5);
  const number = /^\s*[+-]?\d+$/.test(digits) ? String(parseInt(digits, 10)) : 'NaN';
  return `${BLOCK_TYPES[type] ?? `Unknown Block type: ${hexNumber(u16(bytes, at), 4)}`}${separator}${number}`;
}

/** Fewer items than the item count fit in their part of a whole PDU: an error on the item count. */
function fewerItems(walk: Walk, count: number, found: number, part: string): void {
  if (!walk.whole || found >= count) return;
  const ref = walk.out.refOf(ITEMCOUNT);
  walk.out.problem(
    ref,
    problem(
      'error',
      'malformed',
      `Item count ${count}, but the ${part} part holds ${found === 0 ? 'no item' : `only ${found}`}: the PDU is malformed`,
      { fieldId: ITEMCOUNT.id, cite: LAYOUT },
    ),
  );
}

/** A PLC's answer other than success: a note on the return code's field. */
function notSuccess(out: LayerSink, at: number, code: number, index: number): void {
  out.problem(
    out.field(RETURNCODE, at, 1),
    problem(
      'note',
      'unexpected-value',
      `Item ${index + 1}: the PLC answers ${named(RETURN_CODES, code, 'return code')} (${hexNumber(code, 2)}), not success`,
      { fieldId: RETURNCODE.id, offset: at, cite: LAYOUT },
    ),
  );
}

// -- Variable specifications

/** One variable specification at `at`; returns where it ends (at most `stop`). */
function paramItem(walk: Walk, at: number, stop: number, index: number): number {
  const { out, bytes } = walk;
  if (stop - at < 3) {
    raw(walk, SPEC_DATA, at, stop);
    return stop;
  }
  const type = u8(bytes, at);
  const length = u8(bytes, at + 1);
  const syntax = u8(bytes, at + 2);
  const itemEnd = Math.min(stop, at + 2 + length);
  const overrun = walk.whole && at + 2 + length > stop;
  out.open(
    ITEM_NODE,
    at,
    itemEnd - at,
    out.tree ? { display: `[${index + 1}]: ${itemAddress(bytes, at, itemEnd, type, length, syntax)}` } : undefined,
  );
  let done = fixedTo(walk, ITEM_HEAD, at, itemEnd);
  if (overrun)
    out.problem(
      out.refOf(VARSPEC_LENGTH),
      problem(
        'error',
        'malformed',
        `Variable specification ${index + 1} has ${length} octets after its length, but its part ends ${stop - at - 2} octets after it`,
        { fieldId: VARSPEC_LENGTH.id, offset: at + 1, cite: LAYOUT },
      ),
    );
  if (type === 0x12 && length === 10 && syntax === SYNTAX_S7ANY) {
    const area = itemEnd - at > ITEM_AREA.at ? u8(bytes, at + ITEM_AREA.at) : -1;
    const layout =
      area === AREA_DATA_RECORD ? S7ANY_RECORD : area === AREA_COUNTER || area === AREA_TIMER ? S7ANY_NUMBERED : S7ANY;
    done = fixedTo(walk, layout, at, itemEnd);
  } else if (type === 0x12 && length >= 7 && syntax === SYNTAX_DBREAD) {
    done = fixedTo(walk, DBREAD_HEAD, at, itemEnd);
    const areas = done > at + 3 ? u8(bytes, at + 3) : 0;
    for (let i = 0; i < areas && done + 5 <= itemEnd; i++, done += 5) {
      const sub = done;
      out.open(
        SUBITEM_NODE,
        sub,
        5,
        out.tree
          ? {
              display: `[${i + 1}]: (DB${numberAt(DBREAD_AREA[1], bytes, sub)}.DBB ${numberAt(DBREAD_AREA[2], bytes, sub)} BYTE ${numberAt(DBREAD_AREA[0], bytes, sub)})`,
            }
          : undefined,
      );
      out.fixed(DBREAD_AREA, sub, itemEnd);
      out.close();
    }
  } else if (type === 0x12 && length >= 14 && syntax === SYNTAX_1200SYM) {
    done = tiaAddress(walk, at, itemEnd, length);
  } else if (
    type === 0x12 &&
    length === 8 &&
    (syntax === SYNTAX_NCK || syntax === SYNTAX_NCK_METRIC || syntax === SYNTAX_NCK_INCH)
  ) {
    done = fixedTo(walk, NCK_LAYOUT, at, itemEnd);
  } else if (type === 0x12 && length === 10 && syntax === SYNTAX_DRIVEESANY) {
    done = fixedTo(walk, DRIVEESANY_LAYOUT, at, itemEnd);
  }
  raw(walk, SPEC_DATA, done, itemEnd);
  out.close();
  return itemEnd;
}

/** The S7-1200 symbolic address of an item (syntax 0xb2); returns where framescope stops reading it. */
function tiaAddress(walk: Walk, at: number, itemEnd: number, length: number): number {
  const { out, bytes } = walk;
  const head = fixedTo(walk, TIA_HEAD, at, itemEnd);
  if (head < at + 6) return head;
  const area1 = numberAt(TIA_HEAD[1], bytes, at);
  const layout = area1 === TIA_AREA1_IQMCT ? TIA_IQMCT : area1 === TIA_AREA1_DB ? TIA_DB_LAYOUT : TIA_UNKNOWN;
  let done = fixedTo(walk, layout, at, itemEnd);
  const steps = Math.floor((length - 10) / 4);
  for (let i = 0; i < steps && done === at + 12 + 4 * i && done + 4 <= itemEnd; i++, done += 4) {
    const step = done;
    out.open(
      TIA_SUBSTRUCTURE,
      step,
      4,
      out.tree ? { display: `[${i + 1}]: Value: ${numberAt(TIA_STEP[1], bytes, step)}` } : undefined,
    );
    out.fixed(TIA_STEP, step, itemEnd);
    out.close();
  }
  return done;
}

/** How an item's address reads ("(DB 1.DBX 0.0 BYTE 64)"), as Wireshark shows it: tree text only. */
function itemAddress(bytes: Bytes, at: number, end: number, type: number, length: number, syntax: number): string {
  if (type !== 0x12 || length !== 10 || syntax !== SYNTAX_S7ANY || end - at < 12)
    return `(${named(SYNTAX_IDS, syntax, 'Syntax Id')})`;
  const area = numberAt(ITEM_AREA, bytes, at);
  const address = numberAt(ITEM_ADDRESS, bytes, at);
  const count = numberAt(ITEM_LENGTH, bytes, at);
  const db = numberAt(ITEM_DB, bytes, at);
  const prefix = AREA_SHORT[area] ?? `unknown area ${hexNumber(area, 2)}`;
  if (area === AREA_DATA_RECORD) return `(RECORD MLEN=${count} INDEX=${hexNumber(db, 4)} ID=${address})`;
  if (area === AREA_COUNTER || area === AREA_TIMER) return `(${prefix} ${address})`;
  const block = area === AREA_DB ? ` ${db}.DBX` : area === AREA_DI ? ` ${db}.DIX` : '';
  const size = named(ITEM_TRANSPORT_SIZES, numberAt(TRANSP_SIZE, bytes, at), 'Unknown transport size');
  return `(${prefix}${block} ${address >> 3}.${address & 7} ${size} ${count})`;
}

/** `count` variable specifications from `at`, a fill octet after an odd one that is not the last; returns the end. */
function paramItems(walk: Walk, at: number, stop: number, count: number, part = 'parameter'): number {
  let i = 0;
  for (; i < count && at < stop; i++) {
    const start = at;
    at = paramItem(walk, at, stop, i);
    if ((at - start) % 2 === 1 && i < count - 1 && at < stop) {
      walk.out.field(PARAM_FILL, at, 1);
      at += 1;
    }
  }
  fewerItems(walk, count, i, part);
  return at;
}

// -- Data items

/** Transport sizes 3, 4 and 5 count a value's length in bits; the others in octets. */
const countsBits = (size: number): boolean => size === SIZE_BIT || size === SIZE_BYTE || size === SIZE_INT;

/** Octets of a value: its length in bits rounded up to octets, or its length in octets. */
const valueOctets = (size: number, length: number): number => (countsBits(size) ? Math.ceil(length / 8) : length);

/**
 * `count` data items (a read response, a write request, cyclic data) from `at`; returns where they end. Each has a
 * return code, transport size and length; a value follows when the code is success (or 0, as Wireshark reads it), and
 * a value of odd length that is not the last is followed by a fill octet. In an `answer` (a response, pushed data) a
 * return code other than success is a note.
 */
function dataItems(walk: Walk, at: number, stop: number, count: number, answer: boolean): number {
  const { out, bytes } = walk;
  if (stop - at >= 2) {
    // Sinumerik NCK: transport size 0x11/0x12 at the start, then the items as variable specifications.
    const size = u8(bytes, at + 1);
    if (size === SIZE_NCK_ADDRESS_1 || size === SIZE_NCK_ADDRESS_2) {
      out.fixed(NCK_DATA_HEAD, at, stop);
      return paramItems(walk, at + 2, stop, count, 'data');
    }
  }
  let i = 0;
  for (; i < count && at < stop; i++) {
    const code = u8(bytes, at);
    const headerEnd = Math.min(stop, at + 4);
    const whole = headerEnd === at + 4;
    const octets = whole ? valueOctets(u8(bytes, at + 1), u16(bytes, at + 2)) : 0;
    const withValue = whole && (code === RETURN_SUCCESS || code === RETURN_RESERVED);
    const valueEnd = withValue ? Math.min(stop, headerEnd + octets) : headerEnd;
    const fill = withValue && octets % 2 === 1 && i < count - 1 && valueEnd === headerEnd + octets && valueEnd < stop;
    const itemEnd = valueEnd + (fill ? 1 : 0);
    out.open(
      DATA_ITEM_NODE,
      at,
      itemEnd - at,
      out.tree ? { display: `[${i + 1}]: (${named(RETURN_CODES, code, 'Unknown code')})` } : undefined,
    );
    if (code === RETURN_SUCCESS || !answer) out.field(RETURNCODE, at, 1);
    else notSuccess(out, at, code, i);
    if (whole) {
      out.field(TRANSPORTSIZE, at + 1, 1);
      const size = u8(bytes, at + 1);
      const length = u16(bytes, at + 2);
      // Wireshark shows a length in bits as the octets it makes; framescope keeps the wire value and says both.
      const inBits = out.tree && countsBits(size);
      out.field(DATA_LENGTH, at + 2, 2, inBits ? { display: `${length} bits (${octets} octets)` } : undefined);
    } else raw(walk, UNDECODED, fixedTo(walk, DATA_ITEM_REST, at, headerEnd), headerEnd);
    if (valueEnd > headerEnd) out.field(RESP_DATA, headerEnd, valueEnd - headerEnd);
    if (fill) out.field(FILLBYTE, valueEnd, 1);
    if (walk.whole && (!whole || (withValue && headerEnd + octets > stop)))
      out.problem(
        whole ? out.refOf(DATA_LENGTH) : out.refOf(RETURNCODE),
        problem('error', 'malformed', `Data item ${i + 1} runs past the end of its part: the PDU is malformed`, {
          fieldId: whole ? DATA_LENGTH.id : RETURNCODE.id,
          offset: whole ? at + 2 : at,
          cite: LAYOUT,
        }),
      );
    out.close();
    at = itemEnd;
  }
  fewerItems(walk, count, i, 'data');
  return at;
}

/** `count` return codes of a write response from `at`; returns where they end. */
function writeResults(walk: Walk, at: number, stop: number, count: number): number {
  const { out, bytes } = walk;
  let i = 0;
  for (; i < count && at < stop; i++, at++) {
    const code = u8(bytes, at);
    out.open(
      DATA_ITEM_NODE,
      at,
      1,
      out.tree ? { display: `[${i + 1}]: (${named(RETURN_CODES, code, 'Unknown code')})` } : undefined,
    );
    if (code === RETURN_SUCCESS) out.field(RETURNCODE, at, 1);
    else notSuccess(out, at, code, i);
    out.close();
  }
  fewerItems(walk, count, i, 'data');
  return at;
}

/** Opens the data part over [at, end). */
function openData(walk: Walk, at: number, end: number): void {
  walk.out.open(DATA_NODE, at, end - at, walk.out.tree ? { display: `${end - at} bytes` } : undefined);
}

/** Ends the data part opened over [.., end): the octets from `done` that nothing read are `rest`. */
function closeData(walk: Walk, done: number, end: number, rest: FieldSpec): void {
  raw(walk, rest, done, end);
  walk.out.close();
}

// -- Job and Ack_Data

/** What a Job or an Ack_Data decodes from its parameter part (for its data part). */
interface JobParameters {
  readonly func: number;
  readonly itemCount: number;
}

/** The parameter part of a Job or an Ack_Data; the Info text gets its function. */
function jobParameters(walk: Walk, rosctr: number, at: number, end: number): JobParameters {
  const { out, bytes } = walk;
  const func = u8(bytes, at);
  const funcName = named(FUNCTIONS, func, 'Unknown function');
  walk.info += ` Function:[${funcName}]`;
  out.open(PARAM_NODE, at, end - at, out.tree ? { display: `(${funcName})` } : undefined);
  let done: number;
  let itemCount = 0;
  if (func === READ_VAR || func === WRITE_VAR) {
    done = fixedTo(walk, VAR, at, end);
    if (done === at + 2) {
      itemCount = u8(bytes, at + 1);
      if (rosctr === JOB) done = paramItems(walk, done, end, itemCount);
    }
  } else if (func === SETUP_COMMUNICATION) done = fixedTo(walk, SETUP, at, end);
  else if (func >= REQUEST_DOWNLOAD && func <= END_UPLOAD)
    done = rosctr === JOB ? blockControlJob(walk, func, at, end) : blockControlAck(walk, func, at, end);
  else if (func === PI_SERVICE && rosctr === JOB) done = piService(walk, at, end);
  else if (func === PLC_STOP && rosctr === JOB) done = plcStop(walk, at, end);
  else if (func === PI_SERVICE) done = fixedTo(walk, STATUS, at, end);
  else {
    out.field(FUNC, at, 1);
    done = at + 1;
  }
  raw(walk, PARAM_DATA, done, end);
  out.close();
  return { func, itemCount };
}

/** The data part of a Job or an Ack_Data. */
function jobData(walk: Walk, rosctr: number, p: JobParameters, at: number, end: number): void {
  openData(walk, at, end);
  let done = at;
  if ((p.func === READ_VAR && rosctr === ACK_DATA) || (p.func === WRITE_VAR && rosctr === JOB))
    done = dataItems(walk, at, end, p.itemCount, rosctr === ACK_DATA);
  else if (p.func === WRITE_VAR && rosctr === ACK_DATA) done = writeResults(walk, at, end, p.itemCount);
  else if (p.func >= REQUEST_DOWNLOAD && p.func <= END_UPLOAD) {
    // A block's bytes (Download block, Upload): their length, two unknown octets, the bytes.
    done = fixedTo(walk, BLOCK_DATA_LENGTH, at, end);
    if (done === at + 2 && end - at >= 4) {
      raw(walk, BLOCKCONTROL_UNKNOWN, at + 2, at + 4);
      done = at + 4;
    }
  }
  closeData(walk, done, end, RESP_DATA);
}

/** A Job's block control parameter (Request download … End upload); returns where framescope stops reading it. */
function blockControlJob(walk: Walk, func: number, at: number, end: number): number {
  const { bytes } = walk;
  let done = fixedTo(walk, STATUS, at, end);
  if (done < at + 2 || end - at < 8) return done;
  if (func === DOWNLOAD_ENDED || func === END_UPLOAD) fixedTo(walk, ERRORCODE, at, end);
  else raw(walk, BLOCKCONTROL_UNKNOWN, at + 2, at + 4);
  if (func === START_UPLOAD || func === UPLOAD || func === END_UPLOAD) fixedTo(walk, UPLOAD_ID_LAYOUT, at, end);
  else raw(walk, BLOCKCONTROL_UNKNOWN, at + 4, at + 8);
  done = at + 8;
  if (done >= end) return done;
  const nameAt = done + 1;
  done = fileName(walk, done, end);
  if (done - nameAt === FILENAME_SIZE) walk.info += ` -> Block:[${blockName(bytes, nameAt + 1, '')}]`;
  if (func === REQUEST_DOWNLOAD && done < end) done = fixedTo(walk, PART2, done, end);
  return done;
}

/** [length][file name] at `at`, the name in its parts when it has the 9 characters of a block; returns its end. */
function fileName(walk: Walk, at: number, end: number): number {
  const { out, bytes } = walk;
  out.field(FILENAME_LENGTH, at, 1);
  const nameEnd = Math.min(end, at + 1 + u8(bytes, at));
  if (nameEnd - at - 1 === FILENAME_SIZE) {
    out.open(
      FILENAME,
      at + 1,
      FILENAME_SIZE,
      out.tree ? { display: `${text(bytes, at + 1, FILENAME_SIZE)} [${blockName(bytes, at + 2, '')}]` } : undefined,
    );
    out.fixed(FILENAME_PARTS, at + 1, nameEnd);
    out.close();
  } else if (nameEnd > at + 1) out.field(FILENAME, at + 1, nameEnd - at - 1);
  return nameEnd;
}

/** An Ack_Data's block control parameter: the function status, and for Start upload the upload id and length. */
function blockControlAck(walk: Walk, func: number, at: number, end: number): number {
  const done = fixedTo(walk, STATUS, at, end);
  if (func !== START_UPLOAD || end - at < 8) return done;
  raw(walk, BLOCKCONTROL_UNKNOWN, at + 2, at + 4);
  fixedTo(walk, UPLOAD_ID_LAYOUT, at, end);
  return lengthPrefixed(walk, UPLOAD_LENGTH_STRING_LENGTH, UPLOAD_LENGTH_STRING, at + 8, end);
}

/** Services whose parameter block lists block names. */
const BLOCK_LIST_SERVICES = new Set(['_INSE', '_INS2', '_DELE']);
/** Services whose parameter block is one text argument. */
const ARGUMENT_SERVICES = new Set(['P_PROGRAM', '_MODU', '_GARB']);

/** A PI service Job: 7 unknown octets, the parameter block, the service's name; returns where it stops. */
function piService(walk: Walk, at: number, end: number): number {
  const { out, bytes } = walk;
  out.field(FUNC, at, 1);
  const lengthAt = Math.min(end, at + 8);
  raw(walk, PI_UNKNOWN, at + 1, lengthAt);
  if (end - lengthAt < 2) return lengthAt;
  out.field(PI_BLOCK_LENGTH, lengthAt, 2);
  const blockAt = lengthAt + 2;
  const blockEnd = Math.min(end, blockAt + u16(bytes, lengthAt));
  const name =
    blockEnd < end ? text(bytes, blockEnd + 1, Math.min(end, blockEnd + 1 + u8(bytes, blockEnd)) - blockEnd - 1) : '';
  if (blockEnd > blockAt) {
    out.open(PI_BLOCK, blockAt, blockEnd - blockAt);
    let done = blockAt;
    if (BLOCK_LIST_SERVICES.has(name) && blockEnd - blockAt >= 2) {
      const count = u8(bytes, blockAt);
      out.field(PI_BLOCK_COUNT, blockAt, 1);
      out.field(PI_INSE_UNKNOWN, blockAt + 1, 1);
      done = blockAt + 2;
      let names = '';
      for (let i = 0; i < count && done + BLOCK_NAME_SIZE <= blockEnd; i++, done += BLOCK_NAME_SIZE) {
        names += `${i > 0 ? ', ' : ''}${blockName(bytes, done, '')}`;
        out.open(
          FILENAME,
          done,
          BLOCK_NAME_SIZE,
          out.tree ? { display: `${text(bytes, done, BLOCK_NAME_SIZE)} [${blockName(bytes, done, ' ')}]` } : undefined,
        );
        out.fixed(BLOCK_NAME_PARTS, done, blockEnd);
        out.close();
      }
      walk.info += ` -> ${name}(${names})`;
    } else if (ARGUMENT_SERVICES.has(name)) {
      out.field(PI_ARGUMENT, blockAt, blockEnd - blockAt);
      walk.info += ` -> ${name}("${text(bytes, blockAt, blockEnd - blockAt)}")`;
      done = blockEnd;
    }
    raw(walk, PI_UNKNOWN, done, blockEnd);
    out.close();
  } else if (ARGUMENT_SERVICES.has(name)) walk.info += ` -> ${name}()`;
  return lengthPrefixed(walk, PI_STRING_LENGTH, PI_SERVICE_NAME, blockEnd, end);
}

/** PLC stop: 5 unknown octets, then [length][service name]. */
function plcStop(walk: Walk, at: number, end: number): number {
  walk.out.field(FUNC, at, 1);
  const nameAt = Math.min(end, at + 6);
  raw(walk, PI_UNKNOWN, at + 1, nameAt);
  return lengthPrefixed(walk, PART2_LENGTH, PI_SERVICE_NAME, nameAt, end);
}

// -- Userdata

/** What the userdata parameter says the data part holds. */
interface UserdataFunction {
  readonly type: number;
  readonly group: number;
  readonly subfunc: number;
  readonly seq: number;
  readonly dataUnitRef: number;
  readonly lastDataUnit: number;
}

/** A userdata PDU's parameter part; undefined when it is shorter than its 8-octet head. */
function userdataParameters(walk: Walk, at: number, end: number): UserdataFunction | undefined {
  const { out, bytes } = walk;
  const length = end - at;
  if (length < UD_SHORT_LENGTH) {
    // The type and function group may be here, the rest is not: nothing after them can be read.
    if (length > 0) {
      out.open(PARAM_NODE, at, length);
      raw(walk, PARAM_DATA, fixedTo(walk, UD_FIXED, at, end), end);
      out.close();
    }
    return undefined;
  }
  const method = u8(bytes, at + 4);
  const type = u8(bytes, at + 5) >> 4;
  const group = u8(bytes, at + 5) & 0x0f;
  const subfunc = u8(bytes, at + 6);
  const typeName = named(UD_TYPES, type, 'Unknown type');
  const groupName = named(UD_GROUPS, group, 'Unknown function');
  const names = group === GROUP_MODE_TRANSITION ? MODES : SUBFUNCTIONS[group];
  const subfuncName = names ? named(names, subfunc, 'Unknown subfunc') : undefined;
  walk.info +=
    type === UD_PUSH || type === UD_NC_PUSH
      ? ` Function:[${typeName}-${named(UD_METHODS, method, 'Unknown method')}] -> [${groupName}]`
      : ` Function:[${typeName}] -> [${groupName}]`;
  if (subfuncName !== undefined) walk.info += ` -> [${subfuncName}]`;
  out.open(
    PARAM_NODE,
    at,
    length,
    out.tree ? { display: `(${typeName}) ->(${groupName})${subfuncName ? ` ->(${subfuncName})` : ''}` } : undefined,
  );
  out.fixed(UD_FIXED, at, end);
  const subfuncSpec =
    group === GROUP_MODE_TRANSITION ? MODETRANS_SUBFUNC : (SUBFUNCTION_SPECS.get(group) ?? SUBFUNCTION_PLAIN);
  out.field(subfuncSpec, at + 6, 1);
  out.fixed(UD_SUBFUNC_SEQ, at, end);
  let dataUnitRef = 0;
  let lastDataUnit = LAST_DATA_UNIT_YES;
  let done = at + UD_SHORT_LENGTH;
  if (length >= UD_LONG_LENGTH) {
    out.fixed(UD_FRAGMENTATION, at, end);
    dataUnitRef = u8(bytes, at + 8);
    lastDataUnit = u8(bytes, at + 9);
    const errorCode = u16(bytes, at + 10);
    if (errorCode !== 0) {
      walk.info += ` -> Errorcode:[${hexNumber(errorCode, 4)}]`;
      out.problem(
        out.refOf(UD_ERRCOD),
        problem('note', 'unexpected-value', `The PLC answers with error code ${hexNumber(errorCode, 4)}`, {
          fieldId: UD_ERRCOD.id,
          offset: at + UD_ERRCOD.at,
          cite: LAYOUT,
        }),
      );
    }
    done = at + UD_LONG_LENGTH;
  }
  raw(walk, PARAM_DATA, done, end);
  out.close();
  return { type, group, subfunc, seq: u8(bytes, at + 7), dataUnitRef, lastDataUnit };
}

/**
 * A userdata PDU's data part: return code, transport size and length, then what the function defines. A fragment of
 * userdata split over several PDUs (a data unit reference other than 0) is shown as it is: framescope does not join
 * S7 fragments.
 */
function userdataData(walk: Walk, f: UserdataFunction | undefined, at: number, end: number): void {
  const { bytes } = walk;
  openData(walk, at, end);
  let done = at;
  if (end - at >= 4) {
    done = fixedTo(walk, DATA_ITEM, at, end);
    const length = u16(bytes, at + 2);
    if (f !== undefined && length >= 2) {
      if (f.dataUnitRef > 0)
        walk.info +=
          f.lastDataUnit === LAST_DATA_UNIT_NO
            ? ` (S7COMM fragment id=${f.dataUnitRef})`
            : ` (S7COMM fragment id=${f.dataUnitRef}, last)`;
      else if (f.lastDataUnit === LAST_DATA_UNIT_YES && done < end) done = userdataFunction(walk, f, at, end);
    }
  }
  closeData(walk, done, end, USERDATA_DATA);
}

/** What a function group puts after the data part's 4-octet head; returns where framescope stops reading it. */
function userdataFunction(walk: Walk, f: UserdataFunction, at: number, end: number): number {
  const { bytes } = walk;
  const body = at + 4;
  const code = u8(bytes, at);
  if (f.group === GROUP_CPU && f.subfunc === CPU_READ_SZL) {
    if (code !== RETURN_SUCCESS || (f.type !== UD_REQUEST && f.type !== UD_RESPONSE)) return body;
    const done = fixedTo(walk, f.type === UD_REQUEST ? SZL_REQUEST : SZL_RESPONSE, at, end);
    if (done >= body + 4)
      walk.info += ` ID=${hexNumber(u16(bytes, body), 4)} Index=${hexNumber(u16(bytes, body + 2), 4)}`;
    if (f.type === UD_RESPONSE && done === body + 8) {
      raw(walk, SZL_DATA, done, end);
      return end;
    }
    return done;
  }
  if (f.group === GROUP_CPU && f.subfunc === CPU_MESSAGE_SERVICE && f.type === UD_REQUEST)
    walk.info += ` SubscribedEvents=(${subscribedEvents(u8(bytes, body))})`;
  else if (f.group === GROUP_CYCLIC) return cyclic(walk, f, at, end);
  else if (f.group === GROUP_BLOCK && f.type === UD_REQUEST && u8(bytes, at + 1) !== 0) {
    if (f.subfunc === BLOCK_LIST_OF_TYPE && end - body >= 2) {
      const type = text(bytes, body, 2);
      walk.info += ` Type:[${BLOCK_TYPES[type] ?? `Unknown Block type: ${hexNumber(u16(bytes, body), 4)}`}]`;
    } else if (f.subfunc === BLOCK_INFO && end - body >= 7) walk.info += ` -> Block:[${blockName(bytes, body, ' ')}]`;
  } else if (
    f.group === GROUP_BLOCK &&
    f.type === UD_RESPONSE &&
    f.subfunc === BLOCK_INFO &&
    code === RETURN_SUCCESS &&
    end - body >= 14
  )
    walk.info += ` -> Block:[${named(SUB_BLOCK_TYPES, u8(bytes, body + 11), 'Unknown Subblk type')} ${u16(bytes, body + 12)}]`;
  return body;
}

/** Message service: the events a client subscribes to, as Wireshark lists them ("MODE,SYS"). */
function subscribedEvents(events: number): string {
  const names = ['MODE', 'SYS', 'USR', '-4-', '-5-', '-6-', '-7-', 'ALM'];
  return names.filter((_, i) => events & (1 << i)).join(',');
}

/** Cyclic services: subscriptions (their variable specifications) and the data pushed for them. */
function cyclic(walk: Walk, f: UserdataFunction, at: number, end: number): number {
  const { out, bytes } = walk;
  const body = at + 4;
  if (
    f.subfunc === CYCLIC_TRANSFER ||
    f.subfunc === CYCLIC_CHANGE_DRIVEN ||
    f.subfunc === CYCLIC_CHANGE_DRIVEN_MODIFY
  ) {
    if (f.subfunc === CYCLIC_CHANGE_DRIVEN_MODIFY && f.type === UD_REQUEST) walk.info += ` JobID=${f.seq}`;
    if (end - body < 2) return body;
    // The item count spans two octets, its value in the second, as Wireshark reads it.
    const count = u8(bytes, body + 1);
    out.field(ITEMCOUNT, body, 2, { value: count });
    if (f.type === UD_REQUEST) {
      const done = fixedTo(walk, CYCLIC_REQUEST, at, end);
      return done === body + 4 ? paramItems(walk, done, end, count) : done;
    }
    if (f.type === UD_RESPONSE || f.type === UD_PUSH) {
      walk.info += ` JobID=${f.seq}`;
      return dataItems(walk, body + 2, end, count, true);
    }
    return body + 2;
  }
  if (f.subfunc === CYCLIC_RDREC) return readRecord(walk, f, body, end);
  if (f.subfunc === CYCLIC_UNSUBSCRIBE) {
    if (f.type === UD_REQUEST) {
      const done = fixedTo(walk, CYCLIC_UNSUBSCRIBE_REQUEST, at, end);
      if (done === body + 2) walk.info += ` JobID=${u8(bytes, body + 1)}`;
      return done;
    }
    if (f.type === UD_RESPONSE) walk.info += ` JobID=${f.seq}`;
  }
  return body;
}

/**
 * RDREC, reading a data record: a reserved octet and the item count, then (request) the record's variable specification
 * or (response) its return code, transport size, optional status and the record. One item at most, as Wireshark reads it.
 */
function readRecord(walk: Walk, f: UserdataFunction, body: number, end: number): number {
  const { out, bytes } = walk;
  if (end - body < 2 || (f.type !== UD_REQUEST && f.type !== UD_RESPONSE)) return body;
  raw(walk, READREC_RESERVED, body, body + 1);
  const count = u8(bytes, body + 1);
  out.field(ITEMCOUNT, body + 1, 1);
  let at = body + 2;
  if (count === 0 || at >= end) return at;
  if (f.type === UD_REQUEST) return paramItem(walk, at, end, 0);
  const code = u8(bytes, at);
  if (code === RETURN_SUCCESS) out.field(RETURNCODE, at, 1);
  else notSuccess(out, at, code, 0);
  at += 1;
  if (code === RETURN_SUCCESS && at < end) out.field(TRANSPORTSIZE, at++, 1);
  if (at >= end) return at;
  const statusLength = u8(bytes, at);
  out.field(READREC_STATUS_LENGTH, at++, 1);
  const statusEnd = Math.min(end, at + Math.max(1, statusLength));
  if (statusLength > 0) raw(walk, READREC_STATUS, at, statusEnd);
  else if (at < end) out.field(FILLBYTE, at, 1);
  at = statusEnd;
  if (code !== RETURN_SUCCESS || end - at < 2) return at;
  const length = u16(bytes, at);
  out.field(READREC_LENGTH, at, 2);
  at += 2;
  const recordEnd = Math.min(end, at + length);
  raw(walk, READREC_DATA, at, recordEnd);
  return recordEnd;
}

// -- The PDU

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  const walk: Walk = { out, bytes, info: '', whole: false };
  const problems: Problem[] = [];
  const summary = 'S7 Communication';
  // The heuristic saw 10 octets at least; a decode-as may hand over fewer.
  const rosctr = end - offset > 1 ? u8(bytes, offset + 1) : 0;
  const acked = rosctr === ACK || rosctr === ACK_DATA;
  const headerLength = acked ? ACK_HEADER_LENGTH : HEADER_LENGTH;
  const rosctrName = named(ROSCTR_NAMES, rosctr, 'Unknown');
  walk.info = `ROSCTR:[${rosctrName.padEnd(8)}]`;
  // The TPDU's user data may run on past the bytes here (the TPKT continues in a later segment, or was cut).
  const tsduEnd = context.tpktEnd !== undefined && context.tpktEnd > end ? context.tpktEnd : end;

  const headerEnd = Math.min(end, offset + headerLength);
  out.open(HEADER_NODE, offset, headerEnd - offset, out.tree ? { display: `(${rosctrName})` } : undefined);
  const missing = out.fixed(acked ? ACK_HEADER : HEADER, offset, end);
  // A header cut inside a field: its octets here are the header's, undecoded.
  if (missing) raw(walk, UNDECODED, offset + missing.at!, headerEnd);
  // Error class and code read together, as Wireshark adds them (generated) when they are not 0.
  const errorCode = acked && !missing ? u16(bytes, offset + ERRCLS.at) : 0;
  if (errorCode !== 0) out.field(PARAM_ERRCOD, offset + ERRCLS.at, 2, { generated: true });
  out.close();
  if (missing) {
    const cut = tsduEnd > end;
    problems.push(
      problem(
        cut ? 'note' : 'error',
        'truncated',
        `The S7 header of an ${rosctrName} has ${headerLength} octets; ${end - offset} are here${cut ? ': the rest follows in a later TCP segment or was not captured' : ', and the TPDU ends there'}`,
        { fieldId: missing.id, offset: offset + missing.at!, cite: LAYOUT },
      ),
    );
    return { problems, summary, info: walk.info, end };
  }
  const parlg = numberAt(PARLG, bytes, offset);
  const datlg = numberAt(DATLG, bytes, offset);
  const pduEnd = offset + headerLength + parlg + datlg;
  lengthProblems(out, offset, headerLength, parlg, datlg, pduEnd, end, tsduEnd);
  walk.whole = pduEnd === end && tsduEnd === end;

  const paramAt = offset + headerLength;
  const paramEnd = Math.min(end, paramAt + parlg);
  const dataEnd = Math.min(end, paramEnd + datlg);
  if (errorCode !== 0) {
    out.problem(
      out.refOf(ERRCLS),
      problem(
        'note',
        'unexpected-value',
        `The ${rosctrName} reports error ${hexNumber(errorCode, 4)} (class ${hexNumber(errorCode >> 8, 2)}${ERROR_CLASSES[errorCode >> 8] ? `, ${ERROR_CLASSES[errorCode >> 8]!}` : ''}; code ${hexNumber(errorCode & 0xff, 2)}): the PLC refused or failed the job`,
        { fieldId: ERRCLS.id, offset: offset + ERRCLS.at, cite: LAYOUT },
      ),
    );
  }

  if ((rosctr === JOB || rosctr === ACK_DATA) && paramEnd > paramAt) {
    const parameters = jobParameters(walk, rosctr, paramAt, paramEnd);
    if (dataEnd > paramEnd) jobData(walk, rosctr, parameters, paramEnd, dataEnd);
  } else if (rosctr === USERDATA) {
    const f = userdataParameters(walk, paramAt, paramEnd);
    if (f === undefined)
      out.problem(
        out.refOf(PARLG),
        problem(
          'error',
          'malformed',
          `A userdata parameter part has at least 8 octets (head, length, method, type and group, subfunction, sequence number); ${paramEnd - paramAt} are here`,
          { fieldId: PARLG.id, offset: offset + PARLG.at, cite: LAYOUT },
        ),
      );
    if (dataEnd > paramEnd) userdataData(walk, f, paramEnd, dataEnd);
  } else {
    if (rosctr !== ACK && rosctr !== JOB && rosctr !== ACK_DATA)
      out.problem(
        out.refOf(ROSCTR),
        problem(
          'note',
          'unknown-value',
          `ROSCTR ${rosctr} is none of the PDU types known (1 Job, 2 Ack, 3 Ack_Data, 7 Userdata); Wireshark's heuristic takes 1 to 7 as S7comm. No published specification lists the values, so the sender is not shown wrong, but the parameter and data parts cannot be read`,
          { fieldId: ROSCTR.id, offset: offset + 1, cite: LAYOUT },
        ),
      );
    if (paramEnd > paramAt) {
      out.open(PARAM_NODE, paramAt, paramEnd - paramAt);
      raw(walk, PARAM_DATA, paramAt, paramEnd);
      out.close();
    }
    if (dataEnd > paramEnd) {
      openData(walk, paramEnd, dataEnd);
      closeData(walk, paramEnd, dataEnd, RESP_DATA);
    }
  }
  if (errorCode !== 0) walk.info += ` -> Errorcode:[${hexNumber(errorCode, 4)}]`;
  raw(walk, UNDECODED, dataEnd, end);
  return { problems, summary, info: walk.info, end };
};

/** Header, parameter and data part make up the TPDU's user data exactly: more or fewer octets are an error. */
function lengthProblems(
  out: LayerSink,
  offset: number,
  headerLength: number,
  parlg: number,
  datlg: number,
  pduEnd: number,
  end: number,
  tsduEnd: number,
): void {
  const sum = `Header (${headerLength}) + parameter length (${parlg}) + data length (${datlg}) = ${pduEnd - offset} octets`;
  let said: Problem | undefined;
  if (pduEnd > tsduEnd)
    said = problem(
      'error',
      'length-mismatch',
      `${sum}, but the TPDU's user data has only ${tsduEnd - offset}: the PDU is malformed, and what is here is decoded`,
      { fieldId: DATLG.id, offset: offset + DATLG.at, cite: PDU },
    );
  else if (pduEnd < tsduEnd)
    said = problem(
      'error',
      'length-mismatch',
      `${sum}, but the TPDU's user data has ${tsduEnd - offset}: ${tsduEnd - pduEnd} octets follow the PDU that its lengths do not count`,
      { fieldId: DATLG.id, offset: offset + DATLG.at, cite: PDU },
    );
  else if (pduEnd > end)
    said = problem(
      'note',
      'truncated',
      `The PDU has ${pduEnd - offset} octets; ${end - offset} are here: the rest follows in a later TCP segment or was not captured`,
      { fieldId: DATLG.id, offset: offset + DATLG.at, cite: PDU },
    );
  if (said) out.problem(out.refOf(DATLG), said);
}

/**
 * The `cotp.data` heuristic, as Wireshark's: at least 10 octets, protocol id 0x32, and a ROSCTR from 1 to 7 (the
 * unassigned 4–6 included, as Wireshark takes them).
 */
export function looksLikeS7comm(bytes: Bytes, offset: number, end: number): boolean {
  if (end - offset < MIN_LENGTH || u8(bytes, offset) !== S7COMM_PROTOCOL_ID) return false;
  const rosctr = u8(bytes, offset + 1);
  return rosctr >= 1 && rosctr <= 7;
}

export const s7comm: Protocol = { protocol: 's7comm', dissect };
