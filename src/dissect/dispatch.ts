// One table says what comes next (STYLE.md §7): "lower field = value → next layer", plus named heuristics and
// the user's "decode as". Nothing registers itself at import time; protocol files never import each other.
import type { DecodeAs, DispatchTableName, Protocol } from './dissector';
import type { Bytes } from './reader';
import { ethernet } from './protocols/ethernet';
import { ipv4 } from './protocols/ipv4';
import { tcp } from './protocols/tcp';
import { tpkt, tpktByLength, looksLikeTpkt } from './protocols/tpkt';
import { tls } from './protocols/tls';
import { rdpFastPath } from './protocols/rdp-fastpath';
import { cotp } from './protocols/cotp';
import { rdpNegotiation, looksLikeRdpNegotiation } from './protocols/rdp';
import { ieee8021ad, vlan } from './protocols/vlan';
import { ipv6 } from './protocols/ipv6';
import { sll, sll2 } from './protocols/sll';
import { LINKTYPE_LOOP, LINKTYPE_NULL, nullLoopback } from './protocols/null';
import { LINKTYPE_RAW, raw } from './protocols/raw';

export const LINKTYPE_ETHERNET = 1;
/** LINKTYPE_RAW (101) starts with an IPv4 or IPv6 header (a "raw" layer reads which); LINKTYPE_IPV4 (228) and LINKTYPE_IPV6 (229) say which. */
export { LINKTYPE_RAW };
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_LINUX_SLL2 = 276;

/** One protocol, or several tried in order: the first whose `accepts` takes the bytes decodes them. */
type Entry = Protocol | readonly Protocol[];

export const DISPATCH: Readonly<Record<DispatchTableName, ReadonlyMap<number, Entry>>> = {
  link: new Map([
    [LINKTYPE_NULL, nullLoopback],
    [LINKTYPE_ETHERNET, ethernet],
    [LINKTYPE_RAW, raw],
    [LINKTYPE_LOOP, nullLoopback],
    [LINKTYPE_LINUX_SLL, sll],
    [LINKTYPE_IPV4, ipv4],
    [LINKTYPE_IPV6, ipv6],
    [LINKTYPE_LINUX_SLL2, sll2],
  ]),
  // 0x9100: the pre-standard Q-in-Q outer tag some switches still send; Wireshark reads it as 802.1Q.
  'eth.type': new Map([
    [0x0800, ipv4],
    [0x86dd, ipv6],
    [0x8100, vlan],
    [0x88a8, ieee8021ad],
    [0x9100, vlan],
  ]),
  'ip.version': new Map([
    [4, ipv4],
    [6, ipv6],
  ]),
  // 4: IPv4 in IP, 41: IPv6 in IP (6in4), as IPv6's Next Header uses the same numbers.
  'ip.proto': new Map([
    [4, ipv4],
    [6, tcp],
    [41, ipv6],
  ]),
  // 102: ISO-TSAP, "reserved for hosts which implement this standard" (RFC 1006). 3389: RDP, whose X.224 handshake
  // is TPKT and whose later bytes are TLS records (TLS or CredSSP chosen) or TPKTs and fast-path PDUs (Standard RDP
  // Security). Without the conversation's history the first octets decide, in this order (docs/architecture.md):
  //   TPKT       octet 0 is 3 (the fast-path action 3 means exactly this)
  //   TLS        octets 0–4 a record header: type 20–24, version 3.0–3.4, length ≤ 2^14 + 2048
  //   fast-path  action bits 0, and whole PDUs that fill the payload exactly (one octet says too little alone)
  //   TPKT       a wrong version whose length field matches the payload exactly (flagged)
  // 0x14 (TLS ChangeCipherSpec; fast-path with 5 events) and 0x18 (heartbeat; 6 events) begin both a TLS record and a
  // fast-path PDU: a TLS header wins, as a fast-path PDU would need 03 0x as its length and a next PDU. A lone octet
  // (a keep-alive) is judged by none of them and stays TCP's. With reassembly on, the stream layer knows instead.
  'tcp.port': new Map<number, Entry>([
    [102, [tpkt, tpktByLength]],
    [3389, [tpkt, tls, rdpFastPath, tpktByLength]],
  ]),
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
export const PROTOCOLS: ReadonlyMap<string, Protocol> = new Map([
  ...[ethernet, ipv4, tcp, tpkt, cotp, rdpNegotiation, vlan, ieee8021ad, ipv6, nullLoopback, raw, tls].map(
    (p) => [p.protocol, p] as const,
  ),
  // Fast-path PDUs are RDP's too (their layer is "rdp"); decode-as names them apart from the X.224 negotiation.
  ['rdp-fastpath', rdpFastPath],
]);

export type Lookup = { readonly protocol: Protocol } | { readonly protocol?: undefined; readonly note?: string };

const candidatesOf = (entry: Entry): readonly Protocol[] => ('dissect' in entry ? [entry] : entry);

/**
 * The protocol for bytes at a table's key(s): the user's decode-as first, then what the conversation is known to carry
 * (`carried`: the stream layer's word, e.g. TLS after RDP chose it), then the table, then the named heuristics.
 */
export function lookup(
  table: DispatchTableName,
  keys: readonly number[],
  bytes: Bytes,
  offset: number,
  end: number,
  decodeAs: readonly DecodeAs[] = [],
  carried?: string,
): Lookup {
  for (const key of keys) {
    const forced = decodeAs.find((d) => d.table === table && d.key === key);
    if (forced) {
      const protocol = PROTOCOLS.get(forced.protocol);
      return protocol
        ? { protocol }
        : {
            note: `Decode as: ${table} ${key} is set to ${forced.protocol === 'none' ? 'no protocol' : `"${forced.protocol}", which framescope does not know`}; shown as data`,
          };
    }
  }
  const known = carried !== undefined ? PROTOCOLS.get(carried) : undefined;
  if (known) return { protocol: known };
  for (const key of keys) {
    const entry = DISPATCH[table].get(key);
    if (!entry) continue;
    const candidates = candidatesOf(entry);
    const why: string[] = [];
    for (const candidate of candidates) {
      const verdict = candidate.accepts?.(bytes, offset, end) ?? true;
      if (verdict === true) return { protocol: candidate };
      if (typeof verdict === 'string') why.push(verdict);
    }
    // Too few octets for any of them to judge (a keep-alive's one octet): no protocol, and nothing to say.
    if (why.length === 0) return {};
    const names = [...new Set(candidates.map((c) => c.protocol.toUpperCase()))];
    const owner =
      names.length === 1
        ? `${names[0]}'s, but`
        : `for ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}, but the payload is none of them:`;
    return { note: `${table} ${key} is ${owner} ${why.join('; ')}; shown as data` };
  }
  const heuristic = HEURISTICS.find((h) => h.table === table && h.test(bytes, offset, end));
  return heuristic ? { protocol: heuristic.protocol } : {};
}
