// EtherType names, for every header that carries an EtherType (Ethernet II, 802.1Q and 802.1ad tags). Protocol files
// never import each other, so the one table lives here, beside them.

/** The EtherTypes framescope names (IEEE Registration Authority assignments), as Wireshark shows them. */
export const ETHER_TYPES: Readonly<Record<number, string>> = {
  0x0800: 'IPv4',
  0x0806: 'ARP',
  0x8100: '802.1Q Virtual LAN',
  0x86dd: 'IPv6',
  0x88a8: '802.1ad Provider Bridge',
  0x8892: 'PROFINET',
  0x88b8: 'IEC 61850 GOOSE',
};
