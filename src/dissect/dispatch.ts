// One table says what comes next (STYLE.md §7): "lower field = value → next layer", plus named heuristics and
// the user's "decode as". Nothing registers itself at import time; protocol files never import each other.
import type { DecodeAs, DispatchTableName, Protocol } from './dissector';
import type { Bytes } from './reader';
import { REGISTRY, type Heuristic } from './registry';

export {
  LINKTYPE_ETHERNET,
  LINKTYPE_IPV4,
  LINKTYPE_IPV6,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_LINUX_SLL2,
  LINKTYPE_RAW,
  type Heuristic,
} from './registry';

/** One protocol, or several tried in order: the first whose `accepts` takes the bytes decodes them. */
type Entry = Protocol | readonly Protocol[];

const TABLE_NAMES: readonly DispatchTableName[] = [
  'link',
  'eth.type',
  'ip.version',
  'ip.proto',
  'tcp.port',
  'tpkt',
  'tpkt.port',
  'cotp.vp',
  'cotp.data',
  'cotp.part',
  't125.data',
  't124.h221',
  'ses',
  'pres.data',
];

/** The registry's rows as lookup tables: per table, per key, the protocols in rank order. */
export const DISPATCH: Readonly<Record<DispatchTableName, ReadonlyMap<number, Entry>>> = (() => {
  const ranked = new Map<DispatchTableName, Map<number, { protocol: Protocol; rank: number }[]>>(
    TABLE_NAMES.map((t) => [t, new Map()]),
  );
  for (const registration of REGISTRY)
    for (const r of registration.rows ?? []) {
      const keys = ranked.get(r.table)!;
      const list = keys.get(r.key) ?? [];
      list.push({ protocol: r.protocol, rank: r.rank ?? 0 });
      keys.set(r.key, list);
    }
  const tables = {} as Record<DispatchTableName, Map<number, Entry>>;
  for (const [table, keys] of ranked) {
    const entries = new Map<number, Entry>();
    for (const [key, list] of keys) {
      const sorted = list.map((x, i) => ({ ...x, i })).sort((a, b) => a.rank - b.rank || a.i - b.i);
      entries.set(key, sorted.length === 1 ? sorted[0]!.protocol : sorted.map((x) => x.protocol));
    }
    tables[table] = entries;
  }
  return tables;
})();

/** Tried in order when no key of the table matches. */
export const HEURISTICS: readonly Heuristic[] = REGISTRY.flatMap((r) => r.heuristics ?? []);

/** Every protocol a "decode as" may name. */
export const PROTOCOLS: ReadonlyMap<string, Protocol> = new Map(
  REGISTRY.flatMap((r) =>
    (r.decodeAs ?? []).map((p) => ('dissect' in p ? ([p.protocol, p] as const) : ([p[0], p[1]] as const))),
  ),
);

export type Lookup = { readonly protocol: Protocol } | { readonly protocol?: undefined; readonly note?: string };

/**
 * Per table, per key, the candidates as a list (one protocol too): what `lookup` reads, in one Map per table, the
 * tables by name in one more (a table name looked up as an object key costs a dictionary probe on every call).
 */
const CANDIDATES: ReadonlyMap<DispatchTableName, ReadonlyMap<number, readonly Protocol[]>> = new Map(
  TABLE_NAMES.map((table) => [
    table,
    new Map([...DISPATCH[table]].map(([key, entry]) => [key, 'dissect' in entry ? [entry] : entry] as const)),
  ]),
);

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
  decodeAs: readonly DecodeAs[] = NO_DECODE_AS,
  carried?: string,
): Lookup {
  if (decodeAs.length > 0)
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
  if (known) return found(known);
  // Indexed loops: called several times a frame, no iterator is made.
  const dispatch = CANDIDATES.get(table)!;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const candidates = dispatch.get(key);
    if (candidates === undefined) continue;
    let why: string[] | undefined;
    for (let c = 0; c < candidates.length; c++) {
      const candidate = candidates[c]!;
      const verdict = candidate.accepts?.(bytes, offset, end) ?? true;
      if (verdict === true) return found(candidate);
      if (typeof verdict === 'string') (why ??= []).push(verdict);
    }
    // Too few octets for any of them to judge (a keep-alive's one octet): no protocol, and nothing to say.
    if (why === undefined) return NOTHING;
    const names = [...new Set(candidates.map((c) => c.protocol.toUpperCase()))];
    const owner =
      names.length === 1
        ? `${names[0]}'s, but`
        : `for ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}, but the payload is none of them:`;
    return { note: `${table} ${key} is ${owner} ${why.join('; ')}; shown as data` };
  }
  for (let i = 0; i < HEURISTICS.length; i++) {
    const h = HEURISTICS[i]!;
    if (h.table === table && h.test(bytes, offset, end)) return found(h.protocol);
  }
  return NOTHING;
}

// Every frame looks protocols up several times: the answers are made once, not per lookup.
const NO_DECODE_AS: readonly DecodeAs[] = [];
const NOTHING: Lookup = {};
const FOUND = new Map<Protocol, Lookup>();
function found(protocol: Protocol): Lookup {
  let answer = FOUND.get(protocol);
  if (answer === undefined) FOUND.set(protocol, (answer = { protocol }));
  return answer;
}
