// The one place a protocol is registered (Wireshark's proto_register / proto_reg_handoff, as data): its field table,
// the names "decode as" may use for it, and the dispatch rows where lower layers find it. The dispatch table
// (dispatch.ts), the schema (schema.ts) and the list of decode-as names are all derived from this list; a protocol
// file never registers itself at import time, and never imports another protocol file.
//
// Adding a protocol: one file in protocols/ (its table and dissector), one entry here (docs/adding-a-protocol.md).
import type { DispatchTableName, Protocol } from './dissector';
import type { ProtocolTable } from './spec';
import type { Documents } from './cite';
import type { Bytes } from './reader';
import { ETH_TABLE, ethernet } from './protocols/ethernet';
import { IP_TABLE, ipv4 } from './protocols/ipv4';
import { TCP_TABLE, tcp } from './protocols/tcp';
import { TCP_ANALYSIS_DOCUMENTS } from './protocols/tcp-analysis';
import { TPKT_TABLE, looksLikeTpkt, tpkt, tpktByLength } from './protocols/tpkt';
import { TLS_TABLE, tls } from './protocols/tls';
import { RDP_FASTPATH_TABLE, rdpFastPath } from './protocols/rdp-fastpath';
import { COTP_TABLE, cotp } from './protocols/cotp';
import { RDP_TABLE, looksLikeRdpNegotiation, rdpNegotiation } from './protocols/rdp';
import { IEEE8021AD_TABLE, VLAN_TABLE, ieee8021ad, vlan } from './protocols/vlan';
import { IPV6_TABLE, ipv6 } from './protocols/ipv6';
import { SLL_TABLE, sll, sll2 } from './protocols/sll';
import { LINKTYPE_LOOP, LINKTYPE_NULL, NULL_TABLE, nullLoopback } from './protocols/null';
import { LINKTYPE_RAW, raw } from './protocols/raw';
import { DATA_TABLE } from './protocols/data';
import { ARP_DOCUMENTS, ARP_TABLE, arp } from './protocols/arp';
import { ICMP_DOCUMENTS, ICMP_TABLE, icmp } from './protocols/icmp';
import { ICMPV6_DOCUMENTS, ICMPV6_TABLE, icmpv6 } from './protocols/icmpv6';
import { UDP_DOCUMENTS, UDP_TABLE, udp } from './protocols/udp';
import { NAMED_ETHERTYPES, NAMED_ETHERTYPE_TABLES } from './protocols/named-ethertypes';
import { S7COMM_DOCUMENTS, S7COMM_TABLE, looksLikeS7comm, s7comm } from './protocols/s7comm';
import { S7COMM_PLUS_DOCUMENTS, S7COMM_PLUS_TABLE, looksLikeS7commPlus, s7commPlus } from './protocols/s7comm-plus';
import { Q931_DOCUMENTS, Q931_TABLE, q931 } from './protocols/q931';
import { T125_DOCUMENTS, T125_TABLE, looksLikeMcs, t125 } from './protocols/t125';
import { T124_DOCUMENTS, T124_TABLE, looksLikeT124, t124 } from './protocols/t124';
import { H221_CLIENT, H221_SERVER, RDP_GCC_TABLE, rdpClientData, rdpServerData } from './protocols/rdp-gcc';
import { BER_DOCUMENTS, BER_TABLE } from './protocols/ber';
import { SES_DOCUMENTS, SES_TABLE, looksLikeSession, ses } from './protocols/ses';
import { PRES_DOCUMENTS, PRES_TABLE, pres } from './protocols/pres';
import { ACSE_DOCUMENTS, ACSE_TABLE, acse, looksLikeAcse } from './protocols/acse';
import { MMS_DOCUMENTS, MMS_TABLE, looksLikeMms, mms } from './protocols/mms';

export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_LINUX_SLL2 = 276;
export { LINKTYPE_RAW };

/**
 * "`table` = `key` → `protocol`". Where one key lists several protocols they are tried in `rank` order (lowest first,
 * then the order here), the first whose `accepts` takes the bytes decoding them.
 */
export interface DispatchRow {
  readonly table: DispatchTableName;
  readonly key: number;
  readonly protocol: Protocol;
  readonly rank?: number;
}

/** A named heuristic: tried, in the order listed, when no key of its table matches. */
export interface Heuristic {
  readonly name: string;
  readonly table: DispatchTableName;
  readonly protocol: Protocol;
  readonly test: (bytes: Bytes, offset: number, end: number) => boolean;
}

export interface Registration {
  /** Its field tables, in the schema's order. */
  readonly tables?: readonly ProtocolTable[];
  /** The protocols "decode as" may name (`tcp.port==3390,tpkt`), by `protocol` (or the name given). */
  readonly decodeAs?: readonly (Protocol | readonly [string, Protocol])[];
  readonly rows?: readonly DispatchRow[];
  readonly heuristics?: readonly Heuristic[];
  /** Documents only this protocol cites (its file's `citing`); the shared ones are in cite.ts. */
  readonly documents?: Documents;
}

const row = (table: DispatchTableName, key: number, protocol: Protocol, rank?: number): DispatchRow =>
  rank === undefined ? { table, key, protocol } : { table, key, protocol, rank };

/** 102: ISO-TSAP, "reserved for hosts which implement this standard" (RFC 1006). 3389: RDP (see the ranks below). */
const ISO_TSAP = 102;
const RDP = 3389;
/** H.323 call signalling (H.225.0): Q.931 messages in TPKTs. */
const H323_CALL_SIGNALLING = 1720;

// On 3389, RDP's X.224 handshake is TPKT and its later bytes are TLS records (TLS or CredSSP chosen) or TPKTs and
// fast-path PDUs (Standard RDP Security). Without the conversation's history the first octets decide, in rank order
// (docs/architecture.md):
//   0 TPKT       octet 0 is 3 (the fast-path action 3 means exactly this)
//   1 TLS        octets 0–4 a record header: type 20–24, version 3.0–3.4, length ≤ 2^14 + 2048
//   2 fast-path  action bits 0, and whole PDUs that fill the payload exactly (one octet says too little alone)
//   3 TPKT       a wrong version whose length field matches the payload exactly (flagged)
// 0x14 (TLS ChangeCipherSpec; fast-path with 5 events) and 0x18 (heartbeat; 6 events) begin both a TLS record and a
// fast-path PDU: a TLS header wins, as a fast-path PDU would need 03 0x as its length and a next PDU. A lone octet
// (a keep-alive) is judged by none of them and stays TCP's. With reassembly on, the stream layer knows instead.
export const REGISTRY: readonly Registration[] = [
  { tables: [ETH_TABLE], decodeAs: [ethernet], rows: [row('link', LINKTYPE_ETHERNET, ethernet)] },
  {
    tables: [NULL_TABLE],
    decodeAs: [nullLoopback],
    rows: [row('link', LINKTYPE_NULL, nullLoopback), row('link', LINKTYPE_LOOP, nullLoopback)],
  },
  { tables: [SLL_TABLE], rows: [row('link', LINKTYPE_LINUX_SLL, sll), row('link', LINKTYPE_LINUX_SLL2, sll2)] },
  // 0x9100: the pre-standard Q-in-Q outer tag some switches still send; Wireshark reads it as 802.1Q.
  { tables: [VLAN_TABLE], decodeAs: [vlan], rows: [row('eth.type', 0x8100, vlan), row('eth.type', 0x9100, vlan)] },
  { tables: [IEEE8021AD_TABLE], decodeAs: [ieee8021ad], rows: [row('eth.type', 0x88a8, ieee8021ad)] },
  {
    tables: [IP_TABLE],
    decodeAs: [ipv4],
    // 4: IPv4 in IP.
    rows: [
      row('link', LINKTYPE_IPV4, ipv4),
      row('eth.type', 0x0800, ipv4),
      row('ip.version', 4, ipv4),
      row('ip.proto', 4, ipv4),
    ],
  },
  {
    tables: [IPV6_TABLE],
    decodeAs: [ipv6],
    // 41: IPv6 in IP (6in4), as IPv6's Next Header uses the same numbers.
    rows: [
      row('link', LINKTYPE_IPV6, ipv6),
      row('eth.type', 0x86dd, ipv6),
      row('ip.version', 6, ipv6),
      row('ip.proto', 41, ipv6),
    ],
  },
  { decodeAs: [raw], rows: [row('link', LINKTYPE_RAW, raw)] },
  { tables: [TCP_TABLE], decodeAs: [tcp], rows: [row('ip.proto', 6, tcp)], documents: TCP_ANALYSIS_DOCUMENTS },
  { tables: [UDP_TABLE], decodeAs: [udp], rows: [row('ip.proto', 17, udp)], documents: UDP_DOCUMENTS },
  { tables: [ICMP_TABLE], decodeAs: [icmp], rows: [row('ip.proto', 1, icmp)], documents: ICMP_DOCUMENTS },
  { tables: [ICMPV6_TABLE], decodeAs: [icmpv6], rows: [row('ip.proto', 58, icmpv6)], documents: ICMPV6_DOCUMENTS },
  // 0x8035: RARP, whose packets are ARP's (RFC 903).
  {
    tables: [ARP_TABLE],
    decodeAs: [arp],
    rows: [row('eth.type', 0x0806, arp), row('eth.type', 0x8035, arp)],
    documents: ARP_DOCUMENTS,
  },
  // EtherTypes named in the Protocol column, their payload shown as data (named-ethertypes.ts).
  { tables: NAMED_ETHERTYPE_TABLES, rows: NAMED_ETHERTYPES.map((n) => row('eth.type', n.type, n.protocol)) },
  {
    tables: [TPKT_TABLE],
    decodeAs: [tpkt],
    rows: [
      row('tcp.port', ISO_TSAP, tpkt, 0),
      row('tcp.port', ISO_TSAP, tpktByLength, 3),
      row('tcp.port', RDP, tpkt, 0),
      row('tcp.port', RDP, tpktByLength, 3),
    ],
    heuristics: [{ name: 'tpkt-over-tcp', table: 'tcp.port', protocol: tpkt, test: looksLikeTpkt }],
  },
  { tables: [COTP_TABLE], decodeAs: [cotp], rows: [row('tpkt', 0, cotp)] },
  { tables: [Q931_TABLE], rows: [row('tpkt.port', H323_CALL_SIGNALLING, q931)], documents: Q931_DOCUMENTS },
  {
    tables: [RDP_TABLE],
    decodeAs: [rdpNegotiation],
    heuristics: [
      { name: 'rdp-negotiation', table: 'cotp.vp', protocol: rdpNegotiation, test: looksLikeRdpNegotiation },
    ],
  },
  // Fast-path PDUs are RDP's too (their layer is "rdp"); decode-as names them apart from the X.224 negotiation.
  {
    tables: [RDP_FASTPATH_TABLE],
    decodeAs: [['rdp-fastpath', rdpFastPath]],
    rows: [row('tcp.port', RDP, rdpFastPath, 2)],
  },
  { tables: [TLS_TABLE], decodeAs: [tls], rows: [row('tcp.port', RDP, tls, 1)] },
  // Siemens S7 above COTP: told apart by their first octet (protocol id 0x32 or 0x72), as Wireshark's heuristics do.
  {
    tables: [S7COMM_TABLE],
    decodeAs: [s7comm],
    heuristics: [{ name: 's7comm', table: 'cotp.data', protocol: s7comm, test: looksLikeS7comm }],
    documents: S7COMM_DOCUMENTS,
  },
  {
    tables: [S7COMM_PLUS_TABLE],
    decodeAs: [s7commPlus],
    heuristics: [{ name: 's7comm-plus', table: 'cotp.data', protocol: s7commPlus, test: looksLikeS7commPlus }],
    documents: S7COMM_PLUS_DOCUMENTS,
  },
  // After RDP's X.224 handshake: MCS (T.125) in the DT user data, GCC (T.124) in its connect PDUs, and RDP's settings
  // data blocks in the GCC user data, by their H.221 keys.
  {
    tables: [T125_TABLE],
    decodeAs: [t125],
    heuristics: [{ name: 't125-over-cotp', table: 'cotp.data', protocol: t125, test: looksLikeMcs }],
    documents: T125_DOCUMENTS,
  },
  {
    tables: [T124_TABLE],
    heuristics: [{ name: 't124-connect-data', table: 't125.data', protocol: t124, test: looksLikeT124 }],
    documents: T124_DOCUMENTS,
  },
  {
    tables: [RDP_GCC_TABLE],
    rows: [row('t124.h221', H221_CLIENT, rdpClientData), row('t124.h221', H221_SERVER, rdpServerData)],
  },
  // The OSI upper layers of MMS (IEC 61850): session above COTP (told by its first octets, as Wireshark's ses_cotp
  // heuristic does) — in a whole TSDU, or in the first part of one when each TPDU is dissected on its own —,
  // presentation in the session's user data, then ACSE and MMS, told apart by their APDU tags.
  {
    tables: [SES_TABLE],
    decodeAs: [ses],
    heuristics: [
      { name: 'ses-over-cotp', table: 'cotp.data', protocol: ses, test: looksLikeSession },
      { name: 'ses-over-cotp-part', table: 'cotp.part', protocol: ses, test: looksLikeSession },
    ],
    documents: SES_DOCUMENTS,
  },
  { tables: [PRES_TABLE], decodeAs: [pres], rows: [row('ses', 0, pres)], documents: PRES_DOCUMENTS },
  {
    tables: [ACSE_TABLE],
    decodeAs: [acse],
    heuristics: [{ name: 'acse', table: 'pres.data', protocol: acse, test: looksLikeAcse }],
    documents: ACSE_DOCUMENTS,
  },
  {
    tables: [MMS_TABLE],
    decodeAs: [mms],
    heuristics: [{ name: 'mms', table: 'pres.data', protocol: mms, test: looksLikeMms }],
    documents: MMS_DOCUMENTS,
  },
  // BER: the encoding the presentation, ACSE and MMS fields are made of (X.690); no protocol of its own.
  { tables: [BER_TABLE], documents: BER_DOCUMENTS },
  { tables: [DATA_TABLE] },
];
