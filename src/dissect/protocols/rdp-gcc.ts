// RDP's settings data blocks, carried as the value of the GCC Conference Create Request (client, H.221 key "Duca")
// and Response (server, "McDn") user data (MS-RDPBCGR 2.2.1.3, 2.2.1.4). Each block starts with a User Data Header,
// TS_UD_HEADER (2.2.1.3.1), little-endian:
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |              type             |             length            |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// type names the block (CS_CORE 0xC001 … from the client, SC_CORE 0x0C01 … from the server); length counts the whole
// block, header included. framescope shows each block's header and its contents as bytes; the order of the blocks
// may vary, as each says what it is.
import { cite } from '../cite';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import { uintLE, type Bytes } from '../reader';
import { problem, tpktLimit } from './common';
import { hexNumber } from '../format';

const CLIENT = cite('MS-RDPBCGR', '2.2.1.3');
const SERVER = cite('MS-RDPBCGR', '2.2.1.4');
const HEADER = cite('MS-RDPBCGR', '2.2.1.3.1');

/** The H.221 non-standard keys of the user data: client "Duca", server "McDn" (as big-endian numbers). */
export const H221_CLIENT = 0x44756361;
export const H221_SERVER = 0x4d63446e;
const HEADER_LENGTH = 4;

const BLOCK_TYPES: Readonly<Record<number, string>> = {
  0xc001: 'CS_CORE',
  0xc002: 'CS_SECURITY',
  0xc003: 'CS_NET',
  0xc004: 'CS_CLUSTER',
  0xc005: 'CS_MONITOR',
  0xc006: 'CS_MCS_MSGCHANNEL',
  0xc008: 'CS_MONITOR_EX',
  0xc00a: 'CS_MULTITRANSPORT',
  0xc00c: 'CS_UNUSED1',
  0x0c01: 'SC_CORE',
  0x0c02: 'SC_SECURITY',
  0x0c03: 'SC_NET',
  0x0c04: 'SC_MCS_MSGCHANNEL',
  0x0c08: 'SC_MULTITRANSPORT',
};

const CLIENT_DATA = {
  id: 'rdp.clientData',
  label: 'ClientData',
  kind: 'none',
  cite: CLIENT,
  meaning: "The client's settings data blocks (core, security, network, cluster, monitor…), each with its header.",
} as const satisfies FieldSpec;
const SERVER_DATA = {
  ...CLIENT_DATA,
  id: 'rdp.serverData',
  label: 'ServerData',
  cite: SERVER,
  meaning: "The server's settings data blocks (core, security, network…), each with its header.",
} as const satisfies FieldSpec;
const BLOCK = {
  id: 'rdp.dataBlock',
  label: 'Data block',
  kind: 'none',
  cite: HEADER,
  meaning: 'One settings data block: its TS_UD_HEADER and its contents.',
} as const satisfies FieldSpec;
const TYPE = {
  id: 'rdp.header.type',
  label: 'headerType',
  kind: 'hex',
  size: 2,
  littleEndian: true,
  cite: HEADER,
  values: BLOCK_TYPES,
  meaning: 'What the block holds: CS_* from the client, SC_* from the server.',
} as const satisfies FieldSpec;
const LENGTH = {
  id: 'rdp.header.length',
  label: 'headerLength',
  kind: 'uint',
  size: 2,
  littleEndian: true,
  unit: 'bytes',
  cite: HEADER,
  meaning: "The block's length in bytes, this 4-byte header included.",
} as const satisfies FieldSpec;
const CONTENTS = {
  id: 'rdp.dataBlock.data',
  label: 'Block data',
  kind: 'bytes',
  cite: HEADER,
  meaning: "The block's contents after its header (framescope does not decode them further).",
} as const satisfies FieldSpec;

export const RDP_GCC_TABLE: ProtocolTable = {
  protocol: 'rdp',
  name: 'Remote Desktop Protocol (GCC user data)',
  fields: [CLIENT_DATA, SERVER_DATA, BLOCK, TYPE, LENGTH, CONTENTS],
  layouts: [],
};

/** The blocks' type names, in order (for the summary, which lean passes read too). */
function blockNames(bytes: Bytes, offset: number, end: number): string[] {
  const names: string[] = [];
  for (let at = offset; at + HEADER_LENGTH <= end;) {
    const type = uintLE(bytes, at, 2);
    names.push(BLOCK_TYPES[type] ?? hexNumber(type, 4));
    const length = uintLE(bytes, at + 2, 2);
    if (length < HEADER_LENGTH) break;
    at += length;
  }
  return names;
}

const blocks =
  (group: FieldSpec, name: string): Dissector =>
  ({ bytes, offset, end, context, out }) => {
    // The bytes may end before the TPKT does (the rest is in a later segment, which TPKT says): only what reaches past
    // the TPKT is wrong.
    const limit = tpktLimit(context, end);
    const types = blockNames(bytes, offset, end);
    out.open(group, offset, end - offset, out.tree ? { display: types.join(', ') } : undefined);
    let at = offset;
    while (at < end) {
      if (end - at < HEADER_LENGTH) {
        const ref = out.field(CONTENTS, at, end - at);
        if (limit === end)
          out.problem(
            ref,
            problem(
              'error',
              'malformed',
              `${end - at} bytes after the last data block: too few for a 4-byte TS_UD_HEADER`,
              { fieldId: CONTENTS.id, offset: at, cite: HEADER },
            ),
          );
        break;
      }
      const type = uintLE(bytes, at, 2);
      const length = uintLE(bytes, at + 2, 2);
      const stop = length < HEADER_LENGTH ? end : Math.min(at + length, end);
      const typeName = BLOCK_TYPES[type] ?? hexNumber(type, 4);
      out.open(BLOCK, at, stop - at, out.tree ? { display: typeName } : undefined);
      out.field(TYPE, at, 2);
      const lengthRef = out.field(LENGTH, at + 2, 2);
      if (stop > at + HEADER_LENGTH) out.field(CONTENTS, at + HEADER_LENGTH, stop - at - HEADER_LENGTH);
      out.close();
      if (length < HEADER_LENGTH)
        out.problem(
          lengthRef,
          problem(
            'error',
            'malformed',
            `Data block length ${length} is shorter than its own 4-byte header; the rest of the user data is shown in this block`,
            { fieldId: LENGTH.id, offset: at + 2, cite: HEADER },
          ),
        );
      else if (at + length > limit)
        out.problem(
          lengthRef,
          problem(
            'error',
            'malformed',
            `Data block length ${length} runs past the user data (${end - at} bytes left)`,
            { fieldId: LENGTH.id, offset: at + 2, cite: HEADER },
          ),
        );
      at = stop;
    }
    out.close();
    return {
      problems: [],
      summary: `Remote Desktop Protocol, ${name}: ${types.join(', ')}`,
      info: name,
      column: 'RDP',
      end,
    };
  };

export const rdpClientData: Protocol = { protocol: 'rdp', dissect: blocks(CLIENT_DATA, 'ClientData') };
export const rdpServerData: Protocol = { protocol: 'rdp', dissect: blocks(SERVER_DATA, 'ServerData') };
