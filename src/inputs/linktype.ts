// Guessing the link layer of pasted bytes, which carry no link-type header of their own. One table: each link
// type that can be guessed says how much evidence the bytes give for it (0 = none); the most evidence wins, ties
// go to the earlier row. Evidence is what a header's own fields promise about the bytes after it: an IPv4 header
// whose checksum is right and whose total length matches what follows is hard to get by chance.
// Values are pcap LINKTYPE_* numbers (https://www.tcpdump.org/linktypes.html).
import { fits, onesComplementSum, u16, u8, uint, uintLE, type Bytes } from '../dissect/reader';

export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LINUX_SLL = 113;
/** LINKTYPE_IPV4: raw IPv4, no link header. */
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;
/** OpenBSD loopback: the address family in network byte order. */
export const LINKTYPE_LOOP = 108;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = [0x8100, 0x88a8, 0x9100];
/** Ethertypes seen on industrial and office LANs that are not IP: ARP, PROFINET, GOOSE, SV, LLDP, PTP, MRP… */
const ETHERTYPE_OTHER = new Set([
  0x0806, 0x8035, 0x8892, 0x88b8, 0x88ba, 0x88cc, 0x88e3, 0x88f7, 0x88e5, 0x8809, 0x888e, 0x8863, 0x8864,
]);
/** BSD address families in the 4-byte null/loopback header: AF_INET, and AF_INET6 on NetBSD/OpenBSD, FreeBSD, macOS. */
const AF_INET = 2;
const AF_INET6 = new Set([24, 28, 30]);

export interface LinkType {
  readonly value: number;
  /** As Wireshark's capture-file properties name it, shortened. */
  readonly name: string;
  /** How much the bytes say they start with this link layer; 0 = not at all. Absent: chosen by hand, never guessed. */
  readonly evidence?: (bytes: Bytes) => number;
}

/** In tie-break order: Ethernet first, as most pastes are Ethernet frames. */
export const LINK_TYPES: readonly LinkType[] = [
  { value: LINKTYPE_ETHERNET, name: 'Ethernet II', evidence: ethernetEvidence },
  { value: LINKTYPE_IPV4, name: 'Raw IPv4', evidence: (b) => ipv4Evidence(b, 0) },
  { value: LINKTYPE_IPV6, name: 'Raw IPv6', evidence: (b) => ipv6Evidence(b, 0) },
  { value: LINKTYPE_LINUX_SLL, name: 'Linux cooked (SLL)', evidence: sllEvidence },
  { value: LINKTYPE_LINUX_SLL2, name: 'Linux cooked v2 (SLL2)', evidence: sll2Evidence },
  { value: LINKTYPE_NULL, name: 'BSD null/loopback', evidence: nullEvidence },
  { value: LINKTYPE_RAW, name: 'Raw IP (IPv4 or IPv6)' },
  { value: LINKTYPE_LOOP, name: 'OpenBSD loopback' },
];

/** Below this much evidence the guess is a default, not a finding: the bytes looked like none of the table. */
const SURE = 4;

export interface LinkTypeGuess {
  readonly linkType: number;
  /** False when nothing in the bytes supported any link type and Ethernet was assumed. */
  readonly sure: boolean;
}

export function guessLinkType(bytes: Uint8Array): LinkTypeGuess {
  let best = LINKTYPE_ETHERNET;
  let most = 0;
  for (const type of LINK_TYPES) {
    const score = type.evidence?.(bytes) ?? 0;
    if (score > most) {
      best = type.value;
      most = score;
    }
  }
  return { linkType: best, sure: most >= SURE };
}

export function detectLinkType(bytes: Uint8Array): number {
  return guessLinkType(bytes).linkType;
}

/** "Ethernet II": how the app and the paste summary name a link type. */
export function linkTypeName(value: number): string {
  return LINK_TYPES.find((t) => t.value === value)?.name ?? `link type ${value}`;
}

/** The LINKTYPE_ names of the link types framescope decodes, and a few common others (tcpdump.org's list). */
const LINKTYPE_IDS: Readonly<Record<number, string>> = {
  0: 'NULL',
  1: 'ETHERNET',
  9: 'PPP',
  101: 'RAW',
  104: 'C_HDLC',
  105: 'IEEE802_11',
  108: 'LOOP',
  113: 'LINUX_SLL',
  127: 'IEEE802_11_RADIOTAP',
  147: 'USER0',
  228: 'IPV4',
  229: 'IPV6',
  276: 'LINUX_SLL2',
};

/** "LINKTYPE_ETHERNET (1)": the registry's identifier, as a capture file's header gives it (tshark -V, capture properties). */
export function linkTypeId(value: number): string {
  const name = LINKTYPE_IDS[value];
  return name ? `LINKTYPE_${name} (${value})` : `link type ${value}`;
}

function ipv4Evidence(b: Bytes, at: number): number {
  if (!fits(b, at, 20) || u8(b, at) >> 4 !== 4) return 0;
  const headerLength = (u8(b, at) & 0x0f) * 4;
  const total = u16(b, at + 2);
  if (headerLength < 20 || total < headerLength || !fits(b, at, headerLength)) return 0;
  const remaining = b.length - at;
  // Equal: the whole packet; shorter: Ethernet padding or a trailer; longer: a capture cut at its snap length.
  const lengthScore = total === remaining ? 2 : total < remaining ? 1 : 0;
  const checksumScore = onesComplementSum(b, at, headerLength) === 0xffff ? 3 : 0;
  return 2 + lengthScore + checksumScore;
}

function ipv6Evidence(b: Bytes, at: number): number {
  if (!fits(b, at, 40) || u8(b, at) >> 4 !== 6) return 0;
  const payload = u16(b, at + 4);
  const remaining = b.length - at - 40;
  return 2 + (payload === remaining ? 3 : payload < remaining ? 1 : 0);
}

/** Evidence for what an ethertype (or SLL protocol) announces at `at`. */
function payloadEvidence(b: Bytes, type: number, at: number): number {
  if (type === ETHERTYPE_IPV4) return 1 + ipv4Evidence(b, at);
  if (type === ETHERTYPE_IPV6) return 1 + ipv6Evidence(b, at);
  // A known non-IP ethertype is two exact bytes at the one place they must be: enough to call it found.
  return ETHERTYPE_OTHER.has(type) ? SURE : 0;
}

function ethernetEvidence(b: Bytes): number {
  if (!fits(b, 0, 14)) return 0;
  let at = 12;
  while (ETHERTYPE_VLAN.includes(u16(b, at)) && fits(b, at + 4, 2)) at += 4;
  const type = u16(b, at);
  // 802.3 with a length field: plausible when the length fits what follows.
  if (type <= 1500) return type <= b.length - at - 2 ? 1 : 0;
  return Math.max(1, payloadEvidence(b, type, at + 2));
}

/** Linux cooked capture v1: packet type, ARPHRD type, address length, 8 address bytes, protocol; 16 bytes. */
function sllEvidence(b: Bytes): number {
  if (!fits(b, 0, 16) || u16(b, 0) > 4 || u16(b, 4) > 8) return 0;
  return payloadEvidence(b, u16(b, 14), 16);
}

/** Linux cooked capture v2: protocol, reserved (0), interface index, ARPHRD type, packet type, address length,
 * 8 address bytes; 20 bytes. */
function sll2Evidence(b: Bytes): number {
  if (!fits(b, 0, 20) || u16(b, 2) !== 0 || u8(b, 10) > 4 || u8(b, 11) > 8) return 0;
  return payloadEvidence(b, u16(b, 0), 20);
}

/** BSD loopback: the address family as a 4-byte integer in the capturing host's byte order. */
function nullEvidence(b: Bytes): number {
  if (!fits(b, 0, 4)) return 0;
  for (const family of [uintLE(b, 0, 4), uint(b, 0, 4)]) {
    if (family === AF_INET) return 1 + ipv4Evidence(b, 4);
    if (AF_INET6.has(family)) return 1 + ipv6Evidence(b, 4);
  }
  return 0;
}
