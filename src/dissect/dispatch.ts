// One table says what comes next (STYLE.md §7): "lower field = value → next layer", plus named heuristics and
// the user's "decode as". Nothing registers itself at import time; protocol files never import each other.
import type { DecodeAs, DispatchTableName, Protocol } from './dissector';
import type { Bytes } from './reader';
import { ethernet } from './protocols/ethernet';
import { ipv4 } from './protocols/ipv4';
import { tcp } from './protocols/tcp';
import { tpkt, looksLikeTpkt } from './protocols/tpkt';
import { cotp } from './protocols/cotp';
import { rdpNegotiation, looksLikeRdpNegotiation } from './protocols/rdp';

export const LINKTYPE_ETHERNET = 1;
/** LINKTYPE_RAW (101) and LINKTYPE_IPV4 (228): the frame starts with the IPv4 header. */
export const LINKTYPE_RAW = 101;
export const LINKTYPE_IPV4 = 228;

export const DISPATCH: Readonly<Record<DispatchTableName, ReadonlyMap<number, Protocol>>> = {
  link: new Map([[LINKTYPE_ETHERNET, ethernet], [LINKTYPE_RAW, ipv4], [LINKTYPE_IPV4, ipv4]]),
  'eth.type': new Map([[0x0800, ipv4]]),
  'ip.proto': new Map([[6, tcp]]),
  // 102: ISO-TSAP, "reserved for hosts which implement this standard" (RFC 1006). 3389: RDP's X.224 handshake.
  'tcp.port': new Map([[102, tpkt], [3389, tpkt]]),
  tpkt: new Map([[0, cotp]]),
  'cotp.vp': new Map(),
  'cotp.data': new Map(),
};

export interface Heuristic {
  readonly name: string;
  readonly table: DispatchTableName;
  readonly protocol: Protocol;
  readonly test: (bytes: Bytes, offset: number, end: number) => boolean;
}

/** Tried in order when no key of the table matches. */
export const HEURISTICS: readonly Heuristic[] = [
  { name: 'tpkt-over-tcp', table: 'tcp.port', protocol: tpkt, test: looksLikeTpkt },
  { name: 'rdp-negotiation', table: 'cotp.vp', protocol: rdpNegotiation, test: looksLikeRdpNegotiation },
];

/** Every protocol a "decode as" may name. */
export const PROTOCOLS: ReadonlyMap<string, Protocol> = new Map(
  [ethernet, ipv4, tcp, tpkt, cotp, rdpNegotiation].map((p) => [p.protocol, p]),
);

export type Lookup = { readonly protocol: Protocol } | { readonly protocol?: undefined; readonly note?: string };

export function lookup(
  table: DispatchTableName,
  keys: readonly number[],
  bytes: Bytes,
  offset: number,
  end: number,
  decodeAs: readonly DecodeAs[] = [],
): Lookup {
  for (const key of keys) {
    const forced = decodeAs.find((d) => d.table === table && d.key === key);
    if (forced) {
      const protocol = PROTOCOLS.get(forced.protocol);
      return protocol ? { protocol } : { note: `Decode as: ${table} ${key} is set to ${forced.protocol === 'none' ? 'no protocol' : `"${forced.protocol}", which framescope does not know`}; shown as data` };
    }
  }
  for (const key of keys) {
    const found = DISPATCH[table].get(key);
    if (!found) continue;
    const verdict = found.accepts?.(bytes, offset, end) ?? true;
    if (verdict === true) return { protocol: found };
    return { note: `${table} ${key} is ${found.protocol.toUpperCase()}'s, but ${verdict}; shown as data` };
  }
  const heuristic = HEURISTICS.find((h) => h.table === table && h.test(bytes, offset, end));
  return heuristic ? { protocol: heuristic.protocol } : {};
}
