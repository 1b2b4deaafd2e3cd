// The protocols framescope knows, as the words that name them (the CLI's --help): read from the registry, so that a
// protocol registered there is named everywhere at once, with no second list to keep.
import { PROTOCOLS } from './dispatch';
import { REGISTRY } from './registry';
import { NAMED_ETHERTYPE_TABLES } from './protocols/named-ethertypes';

export interface KnownProtocol {
  /** The filter name (Wireshark's): "s7comm". */
  readonly protocol: string;
  /** The tree's name: "S7 Communication". */
  readonly name: string;
}

const NAMED_ONLY = new Set<string>(NAMED_ETHERTYPE_TABLES.map((t) => t.protocol));

/**
 * Each filter name once, in the registry's order (lower layers first), with its table's name — without the part in
 * parentheses when several tables share the name ("Remote Desktop Protocol (fast-path)" and its siblings).
 */
function known(keep: (protocol: string) => boolean): readonly KnownProtocol[] {
  const names = new Map<string, string[]>();
  for (const registration of REGISTRY)
    for (const table of registration.tables ?? [])
      if (keep(table.protocol)) names.set(table.protocol, [...(names.get(table.protocol) ?? []), table.name]);
  return [...names].map(([protocol, [first, ...more]]) => ({
    protocol,
    name: more.length > 0 ? first!.replace(/ \(.*\)$/, '') : first!,
  }));
}

/** The protocols whose headers framescope decodes field by field (data, the layer of undecoded bytes, aside). */
export const DECODED_PROTOCOLS: readonly KnownProtocol[] = known((p) => p !== 'data' && !NAMED_ONLY.has(p));

/** EtherTypes framescope names in the Protocol column (and as a filter) but whose payload it shows as data. */
export const NAMED_ONLY_PROTOCOLS: readonly KnownProtocol[] = known((p) => NAMED_ONLY.has(p));

/** What a decode-as rule may name as its protocol, besides "none". */
export const DECODE_AS_PROTOCOLS: readonly string[] = [...PROTOCOLS.keys()];
