// IEEE 802.1Q C-VLAN tag (EtherType 0x8100), after the source address of an Ethernet frame or another tag.
// IEEE 802.1Q §9.5 (Tag Protocol Identification) and §9.6 (VLAN Tag Control Information):
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   | (TPID 0x8100: the Ethernet type before us)  PCP |D|    VID    |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |       Type (or length)        |  payload ...
//
// This layer is the 4 bytes after the TPID: the TCI (PCP, DEI, VID) and the Type of what follows, which may be
// another tag. The S-VLAN tag of IEEE 802.1ad (0x88a8, "Q-in-Q", now part of 802.1Q) has the same shape; Wireshark
// calls it another protocol (ieee8021ad), so it gets its own table here, in the same file as the header it shares.
import { cite } from '../cite';
import { numberAt } from '../build';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import type { Bytes } from '../reader';
import type { LayerSink } from '../sink';
import { problem, truncatedAt } from './common';
import { ETHER_TYPES } from './ethertypes';

const TPID = cite('IEEE 802.1Q', '9.5');
const TCI = cite('IEEE 802.1Q', '9.6');

/** Priority Code Point names, as Wireshark shows them (IEEE 802.1Q's recommended traffic types). */
export const PRIORITIES: Readonly<Record<number, string>> = {
  0: 'Best Effort (default)',
  1: 'Background',
  2: 'Excellent Effort',
  3: 'Critical Applications',
  4: 'Video, < 100ms latency and jitter',
  5: 'Voice, < 10ms latency and jitter',
  6: 'Internetwork Control',
  7: 'Network Control',
};

/** VID 0xFFF is reserved; VID 0 marks a priority-tagged frame that belongs to no VLAN. */
export const VID_RESERVED = 0xfff;

export const VLAN_FIELDS = [
  {
    id: 'vlan.priority',
    label: 'Priority',
    kind: 'uint',
    at: 0,
    size: 2,
    mask: 0xe000,
    cite: TCI,
    values: PRIORITIES,
    meaning: "PCP: the frame's priority, 0 (lowest, default) to 7 (network control).",
  },
  {
    id: 'vlan.dei',
    label: 'DEI',
    kind: 'flag',
    at: 0,
    size: 2,
    mask: 0x1000,
    cite: TCI,
    values: { 0: 'Not eligible', 1: 'Eligible' },
    meaning:
      'Drop Eligible Indicator: set on frames a bridge may drop first under congestion (the CFI bit of older editions).',
  },
  {
    id: 'vlan.id',
    label: 'ID',
    kind: 'uint',
    at: 0,
    size: 2,
    mask: 0x0fff,
    cite: TCI,
    meaning:
      'VLAN Identifier (VID): the VLAN the frame belongs to, 1 to 4094. 0 means a priority-tagged frame in no VLAN; 4095 is reserved.',
  },
  {
    id: 'vlan.etype',
    label: 'Type',
    kind: 'hex',
    at: 2,
    size: 2,
    cite: TPID,
    values: ETHER_TYPES,
    meaning:
      'EtherType of what follows the tag (0x0800 = IPv4, 0x8100 = another C-VLAN tag). Values of 1500 and less are an 802.3 length instead.',
  },
] as const satisfies readonly FieldSpec[];

const TRAILER: FieldSpec = {
  id: 'vlan.trailer',
  label: 'Trailer',
  kind: 'bytes',
  cite: cite('IEEE 802.3', '3.2.8'),
  meaning: 'Bytes after the tagged payload: padding to the minimum frame size, an FCS, or a capture device trailer.',
};

export const VLAN_TABLE: ProtocolTable = {
  protocol: 'vlan',
  name: '802.1Q Virtual LAN',
  fields: [...VLAN_FIELDS, TRAILER],
  layouts: [VLAN_FIELDS],
};

/** One tag's fields in wire order: priority, DEI, VID (sharing two octets), then the type of what follows. */
type TagFields = readonly [priority: FieldSpec, dei: FieldSpec, vid: FieldSpec, etype: FieldSpec];

/**
 * Reads one tag's TCI and type, the same for 802.1Q and 802.1ad: `specs` are the protocol's own four fields in
 * VLAN_FIELDS order, `trailer` its spec for bytes after the tagged payload.
 */
function dissectTag(
  specs: TagFields,
  name: string,
  summary: (pcp: number, dei: number, vid: number) => string,
  trailer: FieldSpec,
): Dissector {
  const [PRIORITY, DEI, VID, ETYPE] = specs;
  const claimTrailer = (out: LayerSink, _bytes: Bytes, start: number, end: number): void => {
    out.field(trailer, start, end - start);
  };
  return ({ bytes, offset, end, out }) => {
    const missing = out.fixed(specs, offset, end);
    if (missing)
      return {
        problems: [truncatedAt(missing, offset, end, `${name} tag (4 bytes)`)],
        summary: `${name} (truncated)`,
        end,
      };
    const vid = numberAt(VID, bytes, offset);
    if (vid === VID_RESERVED)
      out.problem(
        out.refOf(VID),
        problem(
          'warning',
          'unexpected-value',
          `VID 4095 (0xFFF) is reserved by IEEE 802.1Q §9.6 and is not to be sent in a tag: the sender is out of line`,
          { fieldId: VID.id, offset, cite: TCI },
        ),
      );
    const type = numberAt(ETYPE, bytes, offset);
    return {
      problems: [],
      summary: summary(numberAt(PRIORITY, bytes, offset), numberAt(DEI, bytes, offset), vid),
      end: offset + 4,
      payload: { offset: offset + 4, end, ...(type > 1500 ? { next: { table: 'eth.type', keys: [type] } } : {}) },
      claimTrailer,
    };
  };
}

const dissect = dissectTag(
  VLAN_FIELDS,
  '802.1Q',
  (pcp, dei, vid) => `802.1Q Virtual LAN, PRI: ${pcp}, DEI: ${dei}, ID: ${vid}`,
  TRAILER,
);

export const vlan: Protocol = { protocol: 'vlan', dissect };

// ---- IEEE 802.1ad S-VLAN tag (EtherType 0x88a8): the service provider's outer tag, then usually a C-VLAN tag.

export const IEEE8021AD_FIELDS = [
  {
    id: 'ieee8021ad.priority',
    label: 'Priority',
    kind: 'uint',
    at: 0,
    size: 2,
    mask: 0xe000,
    cite: TCI,
    values: PRIORITIES,
    meaning: "PCP of the service (S-VLAN) tag: the priority the provider's bridges give the frame.",
  },
  {
    id: 'ieee8021ad.dei',
    label: 'DEI',
    kind: 'flag',
    at: 0,
    size: 2,
    mask: 0x1000,
    cite: TCI,
    values: { 0: 'Not eligible', 1: 'Eligible' },
    meaning: 'Drop Eligible Indicator of the service tag.',
  },
  {
    id: 'ieee8021ad.id',
    label: 'ID',
    kind: 'uint',
    at: 0,
    size: 2,
    mask: 0x0fff,
    cite: TCI,
    meaning: "S-VLAN identifier (S-VID): the provider's VLAN, 1 to 4094; 4095 is reserved.",
  },
  {
    // Wireshark 4.0 names this field ieee8021ah.etype; the id here keeps the protocol's own prefix.
    id: 'ieee8021ad.etype',
    label: 'Type',
    kind: 'hex',
    at: 2,
    size: 2,
    cite: TPID,
    values: ETHER_TYPES,
    meaning: "EtherType of what follows the service tag: usually 0x8100, the customer's C-VLAN tag.",
  },
] as const satisfies readonly FieldSpec[];

const SERVICE_TRAILER: FieldSpec = { ...TRAILER, id: 'ieee8021ad.trailer' };

export const IEEE8021AD_TABLE: ProtocolTable = {
  protocol: 'ieee8021ad',
  name: 'IEEE 802.1ad',
  fields: [...IEEE8021AD_FIELDS, SERVICE_TRAILER],
  layouts: [IEEE8021AD_FIELDS],
};

const dissectServiceTag = dissectTag(
  IEEE8021AD_FIELDS,
  '802.1ad',
  (pcp, dei, vid) => `IEEE 802.1ad, PRI: ${pcp}, DEI: ${dei}, ID: ${vid}`,
  SERVICE_TRAILER,
);

export const ieee8021ad: Protocol = { protocol: 'ieee8021ad', dissect: dissectServiceTag };
