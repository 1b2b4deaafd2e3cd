#!/usr/bin/env bash
# Regenerates rdp-tls-records.tsv: for every shared capture with RDP, the TLS content types tshark finds in each frame
# of the TCP conversations whose RDP negotiation chose TLS or CredSSP, after the X.224 Connection Confirm. tshark 4.0
# does not itself switch those conversations to TLS, so it is told to (-d tcp.port==3389,tls); frames before the CC,
# and conversations that kept Standard RDP Security, are left out. Reassembly is tshark's default (on), as
# framescope's. Run from anywhere: bash src/inputs/__fixtures__/rdp-tls-records.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
captures="$here/../../../../shared/captures"
out="$here/rdp-tls-records.tsv"
{
  printf '# capture\tframe\ttls.record.content_type (tshark %s, -d tcp.port==3389,tls)\n' "$(tshark -v 2>/dev/null | head -1 | awk '{print $3}')"
  for name in zeek_rdp-to-ssl.pcap zeek_rdp-x509.pcap zeek_rdp-no-cookie-mstshash.pcap suricata_RDP-003.pcap \
    ndpi_rdp.pcap ndpi_rdp3.pcap LM_rdp_sharprdp.pcapng windows_miscellany.pcap.gz; do
    file="$captures/$name"
    # tcp.stream → the frame of the Connection Confirm that chose an External Security Protocol (selectedProtocol ≠ 0).
    switched="$(tshark -r "$file" -Y 'rdp.negReq.selectedProtocol != 0' -T fields -e tcp.stream -e frame.number 2>/dev/null)"
    tshark -r "$file" -d tcp.port==3389,tls -Y tls.record.content_type -T fields \
      -e tcp.stream -e frame.number -e tls.record.content_type 2>/dev/null |
      awk -v name="$name" -v switched="$switched" '
        BEGIN { n = split(switched, lines, "\n"); for (i = 1; i <= n; i++) { split(lines[i], f, "\t"); cc[f[1]] = f[2] } }
        ($1 in cc) && $2 > cc[$1] { print name "\t" $2 "\t" $3 }'
  done
} > "$out"
echo "wrote $(grep -vc '^#' "$out") frames to $out"
