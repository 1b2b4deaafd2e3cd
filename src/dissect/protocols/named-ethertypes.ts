// EtherTypes framescope names but does not decode: industrial and LAN protocols that share a capture with TCP
// (IEC 61850 GOOSE and Sampled Values, PROFINET, LLDP, PTP …). Each is a layer of its own, without fields — so the
// Protocol column names it as Wireshark users expect ("GOOSE", "LLDP"), and a display filter finds it (`goose`,
// `lldp`) — and its payload follows as data, every byte shown, none interpreted. tshark decodes them; where its column
// depends on the payload (PROFINET: PNIO, PN-DCP, PN-PTCP …), framescope says what the EtherType alone says.
import type { Dissector, Protocol } from '../dissector';
import type { ProtocolTable } from '../spec';

interface Named {
  /** The EtherType (IEEE Registration Authority). */
  readonly type: number;
  /** Wireshark's protocol (filter) name. */
  readonly protocol: string;
  /** The Protocol column. */
  readonly column: string;
  /** The layer's line in the tree. */
  readonly name: string;
}

/** In EtherType order. Their names in the Ethernet header's Type field come from ethertypes.ts. */
const NAMED: readonly Named[] = [
  { type: 0x886d, protocol: 'ans', column: 'Intel ANS probe', name: 'Intel Advanced Networking Services probe' },
  { type: 0x888e, protocol: 'eapol', column: 'EAPOL', name: '802.1X Authentication (EAPOL)' },
  { type: 0x8892, protocol: 'pn_rt', column: 'PN-RT', name: 'PROFINET Real-Time Protocol' },
  { type: 0x88a4, protocol: 'ecat', column: 'ECAT', name: 'EtherCAT' },
  { type: 0x88b8, protocol: 'goose', column: 'GOOSE', name: 'IEC 61850 GOOSE' },
  { type: 0x88ba, protocol: 'sv', column: 'IEC61850 Sampled Values', name: 'IEC 61850 Sampled Values' },
  { type: 0x88cc, protocol: 'lldp', column: 'LLDP', name: 'Link Layer Discovery Protocol' },
  { type: 0x88e3, protocol: 'pn_mrp', column: 'PN-MRP', name: 'PROFINET Media Redundancy Protocol' },
  { type: 0x88f7, protocol: 'ptp', column: 'PTPv2', name: 'Precision Time Protocol (IEEE 1588)' },
];

function named(n: Named): Protocol {
  const summary = `${n.name} (not decoded by framescope)`;
  const dissect: Dissector = ({ offset, end }) => ({
    problems: [],
    summary,
    info: n.name,
    column: n.column,
    end: offset,
    payload: { offset, end },
  });
  return { protocol: n.protocol, dissect };
}

/** Each EtherType with its protocol, for the dispatch table. */
export const NAMED_ETHERTYPES: readonly { readonly type: number; readonly protocol: Protocol }[] = NAMED.map((n) => ({
  type: n.type,
  protocol: named(n),
}));

/** One table each, without fields: what makes the name a protocol a display filter knows. */
export const NAMED_ETHERTYPE_TABLES: readonly ProtocolTable[] = NAMED.map((n) => ({
  protocol: n.protocol,
  name: n.name,
  fields: [],
  layouts: [],
}));
