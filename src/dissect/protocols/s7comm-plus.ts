// S7 Communication Plus (S7comm-plus), the protocol of Siemens S7-1200/1500 PLCs and TIA Portal, carried like S7comm as
// the user data of ISO 8073 DT TPDUs but with protocol id 0x72. Siemens publishes no specification and Wireshark 4.0
// has no dissector for it; framescope identifies it at the depth of its frame, as the s7commwireshark plugin reads it:
//
//   header  +------+---------+---------------+   data (data length octets)   trailer  +------+---------+---------+
//           | 0x72 | version | data length   |   ...                                  | 0x72 | version | 0x0000  |
//           +------+---------+---------------+                                        +------+---------+---------+
//   version: 1 V1, 2 V2, 3 V3 (the data starts with an integrity digest), 0xfe system event, 0xff keep-alive.
//   A PDU too large for one TSDU is sent in fragments, each with a header; only the last carries the trailer.
//
// Field ids are in the style of Wireshark's s7comm ids and of the plugin's (which names the version "pdutype").
import { citing, type Documents } from '../cite';
import { numberAt } from '../build';
import type { Dissector, Protocol } from '../dissector';
import type { Problem } from '../model';
import type { FieldSpec, ProtocolTable } from '../spec';
import { u8, type Bytes } from '../reader';
import type { LayerSink } from '../sink';
import { problem, undecodedSpec } from './common';
import { hexNumber } from '../format';

/** What S7comm-plus cites: no published specification exists. */
export const S7COMM_PLUS_DOCUMENTS = {
  'S7comm-plus Wireshark plugin': {
    title:
      'S7 Communication Plus dissector plugin for Wireshark (s7commwireshark, Thomas Wiens): the S7comm-plus header and trailer as reverse-engineered from traffic — not a published standard (Siemens publishes none; Wireshark 4.0 has no S7comm-plus dissector)',
    url: 'https://sourceforge.net/projects/s7commwireshark/',
    whole: true,
  },
} as const satisfies Documents;
const cite = citing(S7COMM_PLUS_DOCUMENTS);
const LAYOUT = cite('S7comm-plus Wireshark plugin', '');

export const S7COMM_PLUS_PROTOCOL_ID = 0x72;
const HEADER_LENGTH = 4;
const TRAILER_LENGTH = 4;

const VERSIONS: Readonly<Record<number, string>> = {
  0x01: 'V1',
  0x02: 'V2',
  0x03: 'V3',
  0xfe: 'System event',
  0xff: 'Keep alive',
};

const HEADER_NODE = {
  id: 's7comm-plus.header',
  label: 'Header',
  kind: 'none',
  cite: LAYOUT,
  meaning: 'The S7comm-plus header: protocol id, protocol version and the length of the data that follows.',
} as const satisfies FieldSpec;
const PROTID = {
  id: 's7comm-plus.header.protid',
  label: 'Protocol Id',
  kind: 'hex',
  at: 0,
  size: 1,
  cite: LAYOUT,
  meaning: 'Protocol identification: 0x72 for S7comm-plus (0x32 is S7comm).',
} as const satisfies FieldSpec;
const VERSION = {
  id: 's7comm-plus.header.version',
  label: 'Protocol version',
  kind: 'hex',
  at: 1,
  size: 1,
  values: VERSIONS,
  cite: LAYOUT,
  meaning:
    'Protocol version: 1, 2 or 3 (version 3 protects each PDU with an integrity digest), 0xfe a system event, 0xff a keep-alive. The plugin calls this octet the PDU type (s7comm-plus.header.pdutype).',
} as const satisfies FieldSpec;
const DATLG = {
  id: 's7comm-plus.header.datlg',
  label: 'Data length',
  kind: 'uint',
  at: 2,
  size: 2,
  cite: LAYOUT,
  meaning: 'Octets of data after the header (the trailer not counted).',
} as const satisfies FieldSpec;
const DATA = {
  id: 's7comm-plus.data',
  label: 'Data',
  kind: 'bytes',
  cite: LAYOUT,
  meaning:
    "The PDU's data: an opcode, function, sequence number and session id, then the objects and values (in version 3 after an integrity digest). framescope does not break it down.",
} as const satisfies FieldSpec;
const TRAILER_NODE = {
  id: 's7comm-plus.trailer',
  label: 'Trailer',
  kind: 'none',
  cite: LAYOUT,
  meaning: 'The trailer that ends the last (or only) fragment of a PDU: protocol id, version, and a data length of 0.',
} as const satisfies FieldSpec;
const TRAILER_PROTID = {
  ...PROTID,
  id: 's7comm-plus.trailer.protid',
  meaning: 'Protocol identification again: 0x72.',
} as const satisfies FieldSpec;
const TRAILER_VERSION = {
  ...VERSION,
  id: 's7comm-plus.trailer.version',
  meaning: 'The protocol version again, as in the header.',
} as const satisfies FieldSpec;
const TRAILER_DATLG = {
  ...DATLG,
  id: 's7comm-plus.trailer.datlg',
  meaning: 'Data length 0: nothing follows the trailer.',
} as const satisfies FieldSpec;

const HEADER = [PROTID, VERSION, DATLG] as const satisfies readonly FieldSpec[];
const TRAILER = [TRAILER_PROTID, TRAILER_VERSION, TRAILER_DATLG] as const satisfies readonly FieldSpec[];
const UNDECODED = undecodedSpec('s7comm-plus', 'S7 Communication Plus', LAYOUT);

export const S7COMM_PLUS_TABLE: ProtocolTable = {
  protocol: 's7comm-plus',
  name: 'S7 Communication Plus',
  fields: [HEADER_NODE, ...HEADER, DATA, TRAILER_NODE, ...TRAILER],
  layouts: [HEADER, TRAILER],
};

const versionText = (version: number): string => VERSIONS[version] ?? hexNumber(version, 2);

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  const problems: Problem[] = [];
  const summary = 'S7 Communication Plus';
  // The heuristic saw the whole header; a decode-as may hand over less.
  const version = end - offset > 1 ? u8(bytes, offset + 1) : 0;
  const versionName = versionText(version);
  // The TPDU's user data may run on past the bytes here (the TPKT continues in a later segment, or was cut).
  const tsduEnd = context.tpktEnd !== undefined && context.tpktEnd > end ? context.tpktEnd : end;
  out.open(
    HEADER_NODE,
    offset,
    Math.min(end, offset + HEADER_LENGTH) - offset,
    out.tree ? { display: `(${versionName})` } : undefined,
  );
  const missing = out.fixed(HEADER, offset, end);
  if (missing && end > offset + missing.at!) out.field(UNDECODED, offset + missing.at!, end - offset - missing.at!);
  out.close();
  if (missing) {
    const cut = tsduEnd > end;
    problems.push(
      problem(
        cut ? 'note' : 'error',
        'truncated',
        `The S7comm-plus header has ${HEADER_LENGTH} octets; ${end - offset} are here${cut ? ': the rest follows in a later TCP segment or was not captured' : ', and the TPDU ends there'}`,
        { fieldId: missing.id, offset: offset + missing.at!, cite: LAYOUT },
      ),
    );
    return { problems, summary, info: `Version:[${versionName}]`, end };
  }
  const datlg = numberAt(DATLG, bytes, offset);
  const dataAt = offset + HEADER_LENGTH;
  const dataEnd = Math.min(end, dataAt + datlg);
  if (dataEnd > dataAt)
    out.field(DATA, dataAt, dataEnd - dataAt, out.tree ? { display: `${dataEnd - dataAt} bytes` } : undefined);
  const after = tsduEnd - (dataAt + datlg);
  let info = `Version:[${versionName}] Data length:[${datlg}]`;
  if (after === 0) info += ' (fragment, no trailer)';
  else if (after !== TRAILER_LENGTH)
    out.problem(
      out.refOf(DATLG),
      problem(
        'error',
        'length-mismatch',
        after < 0
          ? `Data length ${datlg}, but the TPDU's user data has only ${tsduEnd - dataAt} octets after the header: the PDU is malformed, and what is here is decoded`
          : `Data length ${datlg} leaves ${after} octets after the data: a trailer has ${TRAILER_LENGTH}, and a fragment without one none`,
        { fieldId: DATLG.id, offset: offset + DATLG.at, cite: LAYOUT },
      ),
    );
  if (after >= TRAILER_LENGTH && dataEnd === dataAt + datlg) {
    const trailerAt = dataEnd;
    out.open(
      TRAILER_NODE,
      trailerAt,
      Math.min(end, trailerAt + TRAILER_LENGTH) - trailerAt,
      out.tree && end - trailerAt >= 2 ? { display: `(${versionText(u8(bytes, trailerAt + 1))})` } : undefined,
    );
    const cut = out.fixed(TRAILER, trailerAt, end);
    if (cut && end > trailerAt + cut.at!) out.field(UNDECODED, trailerAt + cut.at!, end - trailerAt - cut.at!);
    out.close();
    if (!cut) trailerProblems(out, bytes, trailerAt, version);
    if (end > trailerAt + TRAILER_LENGTH)
      out.field(UNDECODED, trailerAt + TRAILER_LENGTH, end - trailerAt - TRAILER_LENGTH);
  }
  return { problems, summary, info, end };
};

/** The trailer repeats the protocol id and the header's version, and says 0 octets follow. */
function trailerProblems(out: LayerSink, bytes: Bytes, at: number, version: number): void {
  const checks: readonly [FieldSpec, number][] = [
    [TRAILER_PROTID, S7COMM_PLUS_PROTOCOL_ID],
    [TRAILER_VERSION, version],
    [TRAILER_DATLG, 0],
  ];
  for (const [spec, expected] of checks) {
    const value = numberAt(spec, bytes, at);
    if (value !== expected)
      out.problem(
        out.refOf(spec),
        problem(
          'note',
          'unexpected-value',
          `The trailer's ${spec.label.toLowerCase()} is ${hexNumber(value, 2)}, where every known implementation sends ${hexNumber(expected, 2)} (${spec === TRAILER_VERSION ? "the header's version" : spec === TRAILER_PROTID ? 'the protocol id' : 'nothing follows'}). No published specification defines the trailer`,
          { fieldId: spec.id, offset: at + spec.at!, cite: LAYOUT },
        ),
      );
  }
}

/**
 * The `cotp.data` heuristic: protocol id 0x72, a known protocol version, and a whole header (4 octets). S7comm-plus
 * only: S7comm (0x32) has its own.
 */
export function looksLikeS7commPlus(bytes: Bytes, offset: number, end: number): boolean {
  return (
    end - offset >= HEADER_LENGTH &&
    u8(bytes, offset) === S7COMM_PLUS_PROTOCOL_ID &&
    VERSIONS[u8(bytes, offset + 1)] !== undefined
  );
}

export const s7commPlus: Protocol = { protocol: 's7comm-plus', dissect };
