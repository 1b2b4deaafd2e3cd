// The documents framescope cites, as a typed list: a misspelt document name fails the build (STYLE.md §8).
// RFC links are rfc-editor.org section anchors. ISO/IEC 8073 is not freely published; its twin text,
// ITU-T X.224, is, so the link goes there and the clause number is the same in both.
// A cite names the section or clause that defines the field. Only a document whose parts are not numbered (a single
// web page) is cited whole, with section "": it says so with `whole: true`, and tables.test.ts holds every other
// cite to a section.

const DOCUMENTS = {
  'IEEE 802.3': { title: 'IEEE Standard for Ethernet', url: 'https://standards.ieee.org/ieee/802.3/10422/' },
  'RFC 791': { title: 'Internet Protocol', rfc: 791 },
  'RFC 2474': { title: 'Definition of the Differentiated Services Field (DS Field)', rfc: 2474 },
  'RFC 3168': { title: 'The Addition of Explicit Congestion Notification (ECN) to IP', rfc: 3168 },
  'RFC 1071': { title: 'Computing the Internet Checksum', rfc: 1071 },
  // RFC 9293 replaced RFC 793 (which users still quote) in August 2022.
  'RFC 9293': { title: 'Transmission Control Protocol (TCP) — obsoletes RFC 793', rfc: 9293 },
  'RFC 7323': { title: 'TCP Extensions for High Performance', rfc: 7323 },
  'RFC 2018': { title: 'TCP Selective Acknowledgment Options', rfc: 2018 },
  'RFC 1122': { title: 'Requirements for Internet Hosts — Communication Layers', rfc: 1122 },
  'RFC 1006': { title: 'ISO Transport Service on top of the TCP, Version: 3', rfc: 1006 },
  'RFC 905': { title: 'ISO Transport Protocol Specification ISO DP 8073', rfc: 905 },
  'ITU-T T.123': {
    title: 'Network-specific data protocol stacks for multimedia conferencing (clause 8: the TPKT packet header)',
    url: 'https://www.itu.int/rec/T-REC-T.123/en',
  },
  // RFC 8446 (TLS 1.3) obsoletes RFC 5246 (TLS 1.2); RDP still runs TLS 1.0–1.2, whose record layer RFC 5246 states.
  'RFC 8446': { title: 'The Transport Layer Security (TLS) Protocol Version 1.3 — obsoletes RFC 5246', rfc: 8446 },
  'RFC 5246': { title: 'The Transport Layer Security (TLS) Protocol Version 1.2', rfc: 5246 },
  'RFC 6520': { title: 'TLS and DTLS Heartbeat Extension', rfc: 6520 },
  'MS-RDPBCGR': {
    title: 'Remote Desktop Protocol: Basic Connectivity and Graphics Remoting',
    url: 'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-rdpbcgr/',
  },
  'Snap7: S7 TSAPs': {
    title: 'Siemens S7 TSAP convention (connection type, rack, slot) as documented by the Snap7 project',
    url: 'https://snap7.sourceforge.net/siemens_comm.html',
    whole: true,
  },
  'ISO/IEC 8073': {
    title: 'Connection-oriented transport protocol specification (= ITU-T X.224)',
    url: 'https://www.itu.int/rec/T-REC-X.224-199511-I/en',
  },
  // RFC 8200 replaced RFC 2460 (which users still quote) in July 2017.
  'RFC 8200': { title: 'Internet Protocol, Version 6 (IPv6) Specification — obsoletes RFC 2460', rfc: 8200 },
  'IEEE 802.1Q': {
    title: 'IEEE Standard for Local and Metropolitan Area Networks — Bridges and Bridged Networks',
    url: 'https://standards.ieee.org/ieee/802.1Q/10323/',
  },
  // Checksum offload: what a sending host's stack leaves in a checksum it hands to the network card to finish.
  'NDIS checksum offload': {
    title: 'Offloading Checksum Tasks (Windows NDIS driver documentation)',
    url: 'https://learn.microsoft.com/windows-hardware/drivers/network/offloading-checksum-tasks',
    whole: true,
  },
  'NDIS large send offload': {
    title: 'Offloading the Segmentation of Large TCP Packets (Windows NDIS driver documentation)',
    url: 'https://learn.microsoft.com/windows-hardware/drivers/network/offloading-the-segmentation-of-large-tcp-packets',
    whole: true,
  },
  'Linux checksum offloads': {
    title: 'Checksum Offloads (Linux kernel documentation)',
    url: 'https://docs.kernel.org/networking/checksum-offloads.html',
    whole: true,
  },
  // The capture file formats: IETF drafts (work in progress) with datatracker section anchors.
  'draft-ietf-opsawg-pcap': {
    title: 'PCAP Capture File Format (Internet-Draft)',
    url: 'https://datatracker.ietf.org/doc/html/draft-ietf-opsawg-pcap',
    anchors: true,
  },
  'draft-ietf-opsawg-pcapng': {
    title: 'PCAP Now Generic (pcapng) Capture File Format (Internet-Draft)',
    url: 'https://datatracker.ietf.org/doc/html/draft-ietf-opsawg-pcapng',
    anchors: true,
  },
  // tcpdump.org's link-layer header type pages: the reference for each LINKTYPE_ value's header.
  'tcpdump LINKTYPEs': {
    title: 'Link-layer header types (tcpdump.org)',
    url: 'https://www.tcpdump.org/linktypes.html',
    whole: true,
  },
  LINKTYPE_NULL: {
    title: 'LINKTYPE_NULL: BSD loopback encapsulation, family in host byte order',
    url: 'https://www.tcpdump.org/linktypes/LINKTYPE_NULL.html',
    whole: true,
  },
  LINKTYPE_LOOP: {
    title: 'LINKTYPE_LOOP: OpenBSD loopback encapsulation, family in network byte order',
    url: 'https://www.tcpdump.org/linktypes/LINKTYPE_LOOP.html',
    whole: true,
  },
  LINKTYPE_LINUX_SLL: {
    title: 'LINKTYPE_LINUX_SLL: Linux "cooked" capture encapsulation',
    url: 'https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html',
    whole: true,
  },
  LINKTYPE_LINUX_SLL2: {
    title: 'LINKTYPE_LINUX_SLL2: Linux "cooked" capture encapsulation v2',
    url: 'https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html',
    whole: true,
  },
} as const satisfies Documents;

/** A document framescope cites: its title, and where it is read (an RFC number, or a URL; `anchors`: by section). */
export interface DocumentEntry {
  readonly title: string;
  readonly rfc?: number;
  readonly url?: string;
  readonly anchors?: true;
  readonly whole?: true;
}

export type Documents = Readonly<Record<string, DocumentEntry>>;

/** The documents several protocols cite. A protocol's own ones live in its file (`citing`) and its registration. */
export const SHARED_DOCUMENTS: Documents = DOCUMENTS;

export type DocName = keyof typeof DOCUMENTS;

export interface Cite {
  /** A shared document's name, or one a protocol's file declares (registry.ts lists them all). */
  readonly doc: string;
  /** Section or clause number as the document numbers it, e.g. "3.1" or "13.4"; "" for the whole document. */
  readonly section: string;
  readonly url: string;
}

export function cite(doc: DocName, section: string): Cite {
  return citeIn(doc, DOCUMENTS[doc], section);
}

/**
 * The `cite` of a protocol file that cites documents of its own (declared there, `as const satisfies Documents`, and
 * given to its registration): the shared names and its own both type-check; a misspelt one fails the build.
 */
export function citing<D extends Documents>(own: D): (doc: DocName | (keyof D & string), section: string) => Cite {
  return (doc, section) => citeIn(doc, (own as Documents)[doc] ?? DOCUMENTS[doc as DocName], section);
}

function citeIn(doc: string, entry: DocumentEntry, section: string): Cite {
  const base = entry.rfc !== undefined ? `https://www.rfc-editor.org/rfc/rfc${entry.rfc}.html` : (entry.url ?? '');
  // Datatracker and rfc-editor anchors: "#section-4.3", and "#appendix-A" for an appendix.
  const anchored = (entry.rfc !== undefined || entry.anchors) && section !== '';
  const anchor = anchored ? (/^[A-Z]/.test(section) ? `#appendix-${section}` : `#section-${section}`) : '';
  return { doc, section, url: base + anchor };
}

/** "RFC 1006 §6", "ISO/IEC 8073 §13.5.3" — how a citation reads in text. */
export function citeText(c: Cite): string {
  return c.section === '' ? c.doc : `${c.doc} §${c.section}`;
}
