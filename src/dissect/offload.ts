// Checksum offload across a capture: which hosts' frames carry checksums left for their network card to compute
// (ip.checksum.offloaded, tcp.checksum.offloaded, udp.checksum.offloaded), and how many. Such frames were captured on the host that sent them;
// the capture says so once instead of leaving each frame to say it.
import type { Frame } from './model';

/** One sending host whose frames carry offloaded checksums. */
export interface OffloadHost {
  /** The frames' source address, as the packet list shows it. */
  readonly address: string;
  /** Frames with at least one offloaded checksum. */
  readonly frames: number;
  /** Of those, frames whose IPv4 header checksum, whose TCP checksum, and whose UDP checksum is offloaded. */
  readonly ipv4: number;
  readonly tcp: number;
  /** Absent when none (the key came after the others: documents written before it stay as they were). */
  readonly udp?: number;
}

function offloaded(frame: Frame, protocol: string, id: string): boolean {
  const checksum = frame.layers.find((l) => l.protocol === protocol)?.fields.find((f) => f.id === id);
  return checksum?.children?.some((c) => c.id === `${id}.offloaded`) ?? false;
}

/** Counts offloaded checksums frame by frame (every frame of a capture, once each, in any order). */
export function createOffloadTally(): { add(frame: Frame): void; hosts(): OffloadHost[] } {
  const byAddress = new Map<string, { frames: number; ipv4: number; tcp: number; udp: number }>();
  return {
    add(frame) {
      const ipv4 = offloaded(frame, 'ip', 'ip.checksum');
      const tcp = offloaded(frame, 'tcp', 'tcp.checksum');
      const udp = offloaded(frame, 'udp', 'udp.checksum');
      if (!ipv4 && !tcp && !udp) return;
      const address = frame.summary.source;
      let host = byAddress.get(address);
      if (!host) byAddress.set(address, (host = { frames: 0, ipv4: 0, tcp: 0, udp: 0 }));
      host.frames++;
      if (ipv4) host.ipv4++;
      if (tcp) host.tcp++;
      if (udp) host.udp++;
    },
    /** Most frames first. */
    hosts() {
      return [...byAddress]
        .map(([address, { udp, ...counts }]) => ({ address, ...counts, ...(udp > 0 ? { udp } : {}) }))
        .sort((a, b) => b.frames - a.frames || (a.address < b.address ? -1 : 1));
    },
  };
}

function hostText(host: OffloadHost): string {
  const kinds = [host.ipv4 > 0 ? 'IPv4' : '', host.tcp > 0 ? 'TCP' : '', host.udp ? 'UDP' : ''].filter(Boolean);
  const which = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}` : kinds[0];
  return `${host.address} (${host.frames} frame${host.frames === 1 ? '' : 's'}: ${which})`;
}

/**
 * "Checksums offloaded to the NIC on 192.168.1.10 (5008 frames: IPv4 and TCP): this capture was made on the sending
 * host; they are not errors." Undefined when no frame had one.
 */
export function offloadSummary(hosts: readonly OffloadHost[]): string | undefined {
  if (hosts.length === 0) return undefined;
  const where =
    hosts.length === 1
      ? 'this capture was made on the sending host'
      : 'these frames were captured on the hosts that sent them';
  return `Checksums offloaded to the NIC on ${hosts.map(hostText).join(', ')}: ${where}; they are not errors.`;
}
