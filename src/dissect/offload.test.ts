// The capture-level count of offloaded checksums, on real captures made on a sending host (../shared/captures):
// ndpi_s7comm.pcap (192.168.1.10 offloads both checksums), windows_miscellany.pcap.gz (two hosts, TCP only),
// Profinet_Failed.pcap (TCP and UDP, over IPv4 and IPv6).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../inputs/capture';
import { dissectLean } from './engine';
import type { DissectOptions } from './dissector';
import { createOffloadTally, OFFLOAD_IDS, offloadSummary } from './offload';
import { LeanWants } from './sink';

const WANTS = new LeanWants(new Set(OFFLOAD_IDS));

function tally(name: string, options: DissectOptions = {}) {
  const reader = readCapture(readFileSync(new URL(`../../../shared/captures/${name}`, import.meta.url)));
  const offload = createOffloadTally();
  for (let n = 1; n <= reader.frameCount(); n++)
    offload.add(dissectLean(reader.frameBytes(n)!, reader.frame(n)!.linkType, n, WANTS, options));
  return offload.hosts();
}

describe('checksum offload across a capture', () => {
  it('names the sending host, its frames and which checksums it left to the NIC', () => {
    const hosts = tally('ndpi_s7comm.pcap');
    expect(hosts).toEqual([{ address: '192.168.1.10', frames: 36, ipv4: 36, tcp: 36 }]);
    expect(offloadSummary(hosts)).toBe(
      'Checksums offloaded to the NIC on 192.168.1.10 (36 frames: IPv4 and TCP): this capture was made on the sending host; they are not errors.',
    );
  });

  it('counts IPv4 and TCP apart: hosts that offload only TCP, most frames first', () => {
    const hosts = tally('windows_miscellany.pcap.gz');
    expect(hosts).toEqual([
      { address: '192.168.1.195', frames: 46, ipv4: 0, tcp: 46 },
      { address: '192.168.1.46', frames: 40, ipv4: 0, tcp: 40 },
    ]);
    expect(offloadSummary(hosts)).toMatch(
      /^Checksums offloaded to the NIC on 192\.168\.1\.195 \(46 frames: TCP\), 192\.168\.1\.46 \(40 frames: TCP\): these frames were captured on the hosts that sent them/,
    );
  });

  it('counts UDP too: hosts whose UDP checksums were left to the NIC (Profinet_Failed.pcap, IPv4 and IPv6)', () => {
    const hosts = tally('Profinet_Failed.pcap');
    expect(hosts).toEqual([
      { address: '10.10.10.80', frames: 7, ipv4: 0, tcp: 6, udp: 1 },
      { address: 'fe80::3581:db52:5ee8:a90a', frames: 1, ipv4: 0, tcp: 0, udp: 1 },
    ]);
    expect(offloadSummary(hosts)).toMatch(
      /^Checksums offloaded to the NIC on 10\.10\.10\.80 \(7 frames: TCP and UDP\), fe80::3581:db52:5ee8:a90a \(1 frame: UDP\):/,
    );
  });

  it('has nothing to say without offload, or when checksums are checked strictly or not at all', () => {
    expect(tally('zeek_rdp-x509.pcap')).toEqual([]);
    expect(tally('ndpi_s7comm.pcap', { checksums: 'on' })).toEqual([]);
    expect(tally('ndpi_s7comm.pcap', { checksums: 'off' })).toEqual([]);
    expect(offloadSummary([])).toBeUndefined();
  });
});
