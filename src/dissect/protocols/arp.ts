// ARP, RFC 826 "Packet format" (the RFC's parts are not numbered), on EtherType 0x0806 — and RARP's 0x8035, whose
// packets have the same layout (RFC 903):
//
//   16.bit: (ar$hrd) Hardware address space (e.g., Ethernet, Packet Radio Net.)
//   16.bit: (ar$pro) Protocol address space.  For Ethernet hardware, this is from the set of type fields ether_typ$<protocol>.
//    8.bit: (ar$hln) byte length of each hardware address
//    8.bit: (ar$pln) byte length of each protocol address
//   16.bit: (ar$op)  opcode (ares_op$REQUEST | ares_op$REPLY)
//   nbytes: (ar$sha) Hardware address of sender of this packet, n from the ar$hln field.
//   mbytes: (ar$spa) Protocol address of sender of this packet, m from the ar$pln field.
//   nbytes: (ar$tha) Hardware address of target of this packet (if known).
//   mbytes: (ar$tpa) Protocol address of target.
//
// Addresses are shown as MAC and IPv4 addresses when the sizes say Ethernet (6) and IPv4 (4), as raw bytes otherwise,
// under Wireshark's two ids for each (arp.src.hw_mac / arp.src.hw, arp.src.proto_ipv4 / arp.src.proto). The Info and
// Protocol columns are Wireshark's (packet-arp.c): "Who has 10.0.0.1? Tell 10.0.0.2", "10.0.0.1 is at aa:bb:…",
// gratuitous ARPs, probes and announcements (RFC 5227) named, RARP and Inverse ARP by their opcodes.
import { citing, type Documents } from '../cite';
import { compiled, numberAt } from '../build';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import type { FieldId } from '../field-ids';
import { fits, type Bytes } from '../reader';
import type { LayerSink } from '../sink';
import { allZero, truncatedHeader } from './common';
import { ETHER_TYPES } from './ethertypes';
import { hexDigits } from '../format';

export const ARP_DOCUMENTS = {
  'RFC 826': {
    title: 'An Ethernet Address Resolution Protocol',
    rfc: 826,
    whole: true,
  },
  'RFC 5227': { title: 'IPv4 Address Conflict Detection', rfc: 5227 },
} as const satisfies Documents;
const cite = citing(ARP_DOCUMENTS);

const PACKET_FORMAT = cite('RFC 826', '');

/** Hardware types (IANA), as Wireshark names them. */
const HARDWARE_TYPES: Readonly<Record<number, string>> = {
  1: 'Ethernet',
  6: 'IEEE 802',
  15: 'Frame Relay',
  16: 'ATM',
  18: 'Fibre Channel',
  19: 'ATM',
  20: 'Serial Line',
  24: 'IEEE 1394.1995',
  32: 'InfiniBand',
};

const OP = {
  request: 1,
  reply: 2,
  reverseRequest: 3,
  reverseReply: 4,
  drarpRequest: 5,
  drarpReply: 6,
  drarpError: 7,
  inverseRequest: 8,
  inverseReply: 9,
} as const;

/** Operation codes (IANA), in Wireshark's words. */
const OPCODES: Readonly<Record<number, string>> = {
  1: 'request',
  2: 'reply',
  3: 'reverse request',
  4: 'reverse reply',
  5: 'drarp-request',
  6: 'drarp-reply',
  7: 'drarp-error',
  8: 'inverse request',
  9: 'inverse reply',
  10: 'arp-nak',
};

/** The Protocol column by opcode, as Wireshark writes it (ARP for the rest). */
const COLUMNS: Readonly<Record<number, string>> = {
  3: 'RARP',
  4: 'RARP',
  5: 'DRARP',
  6: 'DRARP',
  7: 'DRARP',
  8: 'Inverse ARP',
  9: 'Inverse ARP',
};

export const ARP_FIELDS = [
  {
    id: 'arp.hw.type',
    label: 'Hardware type',
    kind: 'uint',
    at: 0,
    size: 2,
    values: HARDWARE_TYPES,
    cite: PACKET_FORMAT,
    meaning: 'ar$hrd: the hardware address space (1 = Ethernet); the numbers are IANA\'s "Hardware Types".',
  },
  {
    id: 'arp.proto.type',
    label: 'Protocol type',
    kind: 'hex',
    at: 2,
    size: 2,
    values: ETHER_TYPES,
    cite: PACKET_FORMAT,
    meaning: 'ar$pro: the protocol address space, as an EtherType (0x0800 = IPv4).',
  },
  {
    id: 'arp.hw.size',
    label: 'Hardware size',
    kind: 'uint',
    at: 4,
    size: 1,
    cite: PACKET_FORMAT,
    meaning: 'ar$hln: octets in each hardware address (6 for Ethernet).',
  },
  {
    id: 'arp.proto.size',
    label: 'Protocol size',
    kind: 'uint',
    at: 5,
    size: 1,
    cite: PACKET_FORMAT,
    meaning: 'ar$pln: octets in each protocol address (4 for IPv4).',
  },
  {
    id: 'arp.opcode',
    label: 'Opcode',
    kind: 'uint',
    at: 6,
    size: 2,
    values: OPCODES,
    cite: PACKET_FORMAT,
    meaning:
      'ar$op: 1 request, 2 reply (RFC 826); 3 and 4 reverse ARP (RFC 903), 8 and 9 inverse ARP (RFC 2390); the numbers are IANA\'s "Operation Codes".',
  },
] as const satisfies readonly FieldSpec[];
const [HW_TYPE, PROTO_TYPE, HW_SIZE, PROTO_SIZE, OPCODE] = ARP_FIELDS;

const address = (id: FieldId, label: string, kind: 'mac' | 'ipv4' | 'bytes', meaning: string): FieldSpec => ({
  id,
  label,
  kind,
  cite: PACKET_FORMAT,
  meaning,
});
const SRC_MAC = address('arp.src.hw_mac', 'Sender MAC address', 'mac', 'ar$sha: the hardware address of the sender.');
const SRC_HW = address(
  'arp.src.hw',
  'Sender hardware address',
  'bytes',
  'ar$sha: the hardware address of the sender (not a 6-octet Ethernet address).',
);
const SRC_IPV4 = address(
  'arp.src.proto_ipv4',
  'Sender IP address',
  'ipv4',
  'ar$spa: the protocol address of the sender.',
);
const SRC_PROTO = address(
  'arp.src.proto',
  'Sender protocol address',
  'bytes',
  'ar$spa: the protocol address of the sender (not a 4-octet IPv4 address).',
);
const DST_MAC = address(
  'arp.dst.hw_mac',
  'Target MAC address',
  'mac',
  'ar$tha: the hardware address of the target, if known (a request leaves it zero: that is what it asks for).',
);
const DST_HW = address(
  'arp.dst.hw',
  'Target hardware address',
  'bytes',
  'ar$tha: the hardware address of the target, if known (not a 6-octet Ethernet address).',
);
const DST_IPV4 = address(
  'arp.dst.proto_ipv4',
  'Target IP address',
  'ipv4',
  'ar$tpa: the protocol address of the target.',
);
const DST_PROTO = address(
  'arp.dst.proto',
  'Target protocol address',
  'bytes',
  'ar$tpa: the protocol address of the target (not a 4-octet IPv4 address).',
);

const PROBE_DETAILS = cite('RFC 5227', '2.1.1');
const ANNOUNCING = cite('RFC 5227', '2.3');
const kindOf = (id: FieldId, label: string, c: typeof PROBE_DETAILS, meaning: string): FieldSpec => ({
  id,
  label,
  kind: 'flag',
  cite: c,
  values: { 1: 'True' },
  meaning,
});
const GRATUITOUS = kindOf(
  'arp.isgratuitous',
  'Is gratuitous',
  ANNOUNCING,
  'A request or reply whose sender and target protocol addresses are equal: a host announcing its own address rather than asking for another (generated, as Wireshark gives it).',
);
const PROBE = kindOf(
  'arp.isprobe',
  'Is probe',
  PROBE_DETAILS,
  'A request with sender IP 0.0.0.0 and an all-zero target hardware address: a host checking that an address is free before it uses it, an ARP Probe (generated).',
);
const ANNOUNCEMENT = kindOf(
  'arp.isannouncement',
  'Is announcement',
  ANNOUNCING,
  'A gratuitous request with an all-zero target hardware address: a host claiming the address it probed, an ARP Announcement (generated).',
);

export const ARP_TABLE: ProtocolTable = {
  protocol: 'arp',
  name: 'Address Resolution Protocol',
  layouts: [ARP_FIELDS],
  fields: [
    ...ARP_FIELDS,
    GRATUITOUS,
    PROBE,
    ANNOUNCEMENT,
    SRC_MAC,
    SRC_HW,
    SRC_IPV4,
    SRC_PROTO,
    DST_MAC,
    DST_HW,
    DST_IPV4,
    DST_PROTO,
  ],
};

const FIXED_LENGTH = 8;
const ETHERNET_TYPES = new Set([1, 6]);
const IPV4 = 0x0800;
const GENERATED_TRUE = { value: 1, generated: true } as const;

/** An address as the Info column writes it: MAC or IPv4 text when the sizes say so, hex otherwise. */
function addressText(spec: FieldSpec, bytes: Bytes, offset: number, length: number): string {
  return String(compiled(spec).value(bytes, offset, length));
}

function equalBytes(bytes: Bytes, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[a + i] !== bytes[b + i]) return false;
  return true;
}

/** Emits one address when it has octets and they are there; true when it was emitted. */
function emitAddress(out: LayerSink, spec: FieldSpec, offset: number, length: number, end: number): boolean {
  if (length === 0 || offset + length > end) return false;
  out.field(spec, offset, length);
  return true;
}

const dissect: Dissector = ({ bytes, offset, end, out }) => {
  if (end - offset < FIXED_LENGTH || !fits(bytes, offset, FIXED_LENGTH))
    return truncatedHeader(
      out,
      ARP_FIELDS,
      offset,
      end,
      'ARP header (8 bytes)',
      'Address Resolution Protocol (truncated)',
    );
  out.fixed(ARP_FIELDS, offset, end);
  const hrd = numberAt(HW_TYPE, bytes, offset);
  const pro = numberAt(PROTO_TYPE, bytes, offset);
  const hln = numberAt(HW_SIZE, bytes, offset);
  const pln = numberAt(PROTO_SIZE, bytes, offset);
  const op = numberAt(OPCODE, bytes, offset);
  const sha = offset + FIXED_LENGTH;
  const spa = sha + hln;
  const tha = spa + pln;
  const tpa = tha + hln;
  const packetEnd = tpa + pln;
  const column = COLUMNS[op];
  const ethernet = ETHERNET_TYPES.has(hrd) && hln === 6;
  const ipv4 = pro === IPV4 && pln === 4;
  const hwSpec = ethernet ? SRC_MAC : SRC_HW;
  const protoSpec = ipv4 ? SRC_IPV4 : SRC_PROTO;
  const targetHwSpec = ethernet ? DST_MAC : DST_HW;
  const targetProtoSpec = ipv4 ? DST_IPV4 : DST_PROTO;
  if (packetEnd > end || !fits(bytes, offset, packetEnd - offset)) {
    const opName = OPCODES[op] ?? `opcode 0x${hexDigits(op, 4)}`;
    const need = packetEnd - offset;
    // The addresses that fit stay, up to the first that does not.
    if (emitAddress(out, hwSpec, sha, hln, end) && emitAddress(out, protoSpec, spa, pln, end))
      emitAddress(out, targetHwSpec, tha, hln, end);
    return {
      problems: [
        {
          severity: 'warning',
          code: 'truncated',
          message: `ARP packet cut short: its sizes (hardware ${hln}, protocol ${pln}) make it ${need} bytes, ${end - offset} are present`,
          offset: Math.min(end, offset + FIXED_LENGTH),
          cite: PACKET_FORMAT,
        },
      ],
      summary: `Address Resolution Protocol (${opName}, truncated)`,
      ...(column !== undefined ? { column } : {}),
      end,
    };
  }
  const request = op === OP.request;
  const gratuitous = (request || op === OP.reply) && equalBytes(bytes, spa, tpa, pln);
  const targetHwZero = allZero(bytes, tha, tha + hln);
  const announcement = gratuitous && request && targetHwZero;
  const probe = !gratuitous && request && targetHwZero && allZero(bytes, spa, spa + pln);

  if (gratuitous) out.field(GRATUITOUS, offset, 0, GENERATED_TRUE);
  if (probe) out.field(PROBE, offset, 0, GENERATED_TRUE);
  if (announcement) out.field(ANNOUNCEMENT, offset, 0, GENERATED_TRUE);
  emitAddress(out, hwSpec, sha, hln, end);
  emitAddress(out, protoSpec, spa, pln, end);
  emitAddress(out, targetHwSpec, tha, hln, end);
  emitAddress(out, targetProtoSpec, tpa, pln, end);

  // tshark's Info (packet-arp.c), its addresses as their fields read them.
  let info: string;
  if (request) {
    const target = addressText(protoSpec, bytes, tpa, pln);
    info = announcement
      ? `ARP Announcement for ${target}`
      : gratuitous
        ? `Gratuitous ARP for ${target} (Request)`
        : probe
          ? `Who has ${target}? (ARP Probe)`
          : `Who has ${target}? Tell ${addressText(protoSpec, bytes, spa, pln)}`;
  } else if (op === OP.reply) {
    const sender = addressText(protoSpec, bytes, spa, pln);
    info = gratuitous
      ? `Gratuitous ARP for ${sender} (Reply)`
      : `${sender} is at ${addressText(hwSpec, bytes, sha, hln)}`;
  } else if (op === OP.reverseRequest || op === OP.inverseRequest || op === OP.drarpRequest) {
    info = `Who is ${addressText(hwSpec, bytes, tha, hln)}? Tell ${addressText(hwSpec, bytes, sha, hln)}`;
  } else if (op === OP.reverseReply || op === OP.drarpReply) {
    info = `${addressText(hwSpec, bytes, tha, hln)} is at ${addressText(protoSpec, bytes, tpa, pln)}`;
  } else if (op === OP.inverseReply) {
    info = `${addressText(hwSpec, bytes, sha, hln)} is at ${addressText(protoSpec, bytes, spa, pln)}`;
  } else if (op === OP.drarpError) {
    info = 'DRARP Error';
  } else if (op === 0 || op === 0xffff) {
    info = `Reserved opcode ${op}`;
  } else {
    info = `Unknown ARP opcode 0x${hexDigits(op, 4)}`;
  }

  const opName = OPCODES[op];
  const what =
    opName === undefined
      ? `opcode 0x${hexDigits(op, 4)}`
      : probe
        ? 'ARP Probe'
        : announcement
          ? 'ARP Announcement'
          : gratuitous
            ? `${opName}/gratuitous ARP`
            : opName;
  return {
    problems: [],
    summary: `Address Resolution Protocol (${what})`,
    info,
    ...(column !== undefined ? { column } : {}),
    // The packet ends after the target protocol address: what follows in the frame is the link layer's padding.
    end: packetEnd,
  };
};

export const arp: Protocol = { protocol: 'arp', dissect };
