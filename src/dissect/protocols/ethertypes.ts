// EtherType names, for every header that carries an EtherType (Ethernet II, 802.1Q and 802.1ad tags). Protocol files
// never import each other, so the one table lives here, beside them.

/** The EtherTypes framescope names (IEEE Registration Authority assignments), as Wireshark shows them. */
export const ETHER_TYPES: Readonly<Record<number, string>> = {
  0x0800: 'IPv4',
  0x0806: 'ARP',
  0x0842: 'Wake on LAN',
  0x8035: 'RARP',
  0x8100: '802.1Q Virtual LAN',
  0x86dd: 'IPv6',
  0x8809: 'Slow Protocols',
  0x8847: 'MPLS label switched packet',
  0x886d: 'Intel ANS probe',
  0x888e: '802.1X Authentication',
  0x8892: 'PROFINET',
  0x88a4: 'EtherCAT frame',
  0x88a8: '802.1ad Provider Bridge',
  0x88b8: 'IEC 61850/GOOSE',
  0x88b9: 'IEC 61850/GSE management services',
  0x88ba: 'IEC 61850/SV (Sampled Value Transmission)',
  0x88cc: '802.1 Link Layer Discovery Protocol (LLDP)',
  0x88e3: 'MRP',
  0x88e5: '802.1AE (MACsec)',
  0x88f7: 'PTPv2 over Ethernet (IEEE1588)',
};
