// "Decode as", written as Wireshark writes it on its command line: `tcp.port==102,tpkt` (or `,none`).
import type { DecodeAs, DispatchTableName } from './dissector';

/**
 * The tables a rule may change: Wireshark's (`eth.type`, `ip.proto`, `tcp.port`), and `cotp.data`, the user data of a
 * COTP DT or ED TPDU (or a TSDU joined from DTs), whose one key is 0 — framescope's own: Wireshark has no table there,
 * only heuristics (S7comm, S7comm-plus, MCS are framescope's heuristics on it too), so a rule overrides them.
 */
const TABLES: readonly DispatchTableName[] = ['eth.type', 'ip.proto', 'tcp.port', 'cotp.data'];

export type DecodeAsParse =
  { readonly ok: true; readonly value: DecodeAs } | { readonly ok: false; readonly error: string };

/** Never throws; the error says what was expected. */
export function parseDecodeAs(text: string): DecodeAsParse {
  const m = /^\s*([a-z.]+)\s*==\s*(0x[0-9a-f]+|\d+)\s*,\s*([a-z0-9_.-]+)\s*$/i.exec(text);
  if (!m)
    return {
      ok: false,
      error: `"${text}" is not a decode-as rule: expected TABLE==VALUE,PROTOCOL such as tcp.port==3390,tpkt or tcp.port==102,none`,
    };
  const table = m[1]!.toLowerCase() as DispatchTableName;
  if (!TABLES.includes(table))
    return { ok: false, error: `"${m[1]}" is not a table decode-as can change (one of ${TABLES.join(', ')})` };
  const key = m[2]!.toLowerCase().startsWith('0x') ? parseInt(m[2]!, 16) : Number(m[2]);
  if (table === 'cotp.data' && key !== 0)
    return { ok: false, error: `cotp.data has one value, 0 (COTP's user data): "cotp.data==0,${m[3]}"` };
  return { ok: true, value: { table, key, protocol: m[3]!.toLowerCase() } };
}

export function decodeAsText(rule: DecodeAs): string {
  return `${rule.table}==${rule.key},${rule.protocol}`;
}
