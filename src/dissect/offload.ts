// Checksum offload across a capture: which hosts' frames carry checksums left for their network card to compute
// (ip.checksum.offloaded, tcp.checksum.offloaded, udp.checksum.offloaded), and how many. Such frames were captured on the host that sent them;
// the capture says so once instead of leaving each frame to say it.
import type { FieldId } from './field-ids';
import type { FrameRecord } from './sink';

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

const IPV4_OFFLOADED: FieldId = 'ip.checksum.offloaded';
const TCP_OFFLOADED: FieldId = 'tcp.checksum.offloaded';
const UDP_OFFLOADED: FieldId = 'udp.checksum.offloaded';

/** The fields the tally reads: a lean pass feeding it must ask for them. */
export const OFFLOAD_IDS: readonly FieldId[] = [IPV4_OFFLOADED, TCP_OFFLOADED, UDP_OFFLOADED];

/** The frame's first `protocol` layer says its checksum was offloaded (the generated field `id` is there). */
function offloaded(record: FrameRecord, protocol: string, id: FieldId): boolean {
  const layer = record.layers.findIndex((l) => l.protocol === protocol);
  return layer >= 0 && record.values.some((v) => v.id === id && v.layer === layer && v.source === undefined);
}

/** Counts offloaded checksums frame by frame (every frame of a capture, once each, in any order). */
export function createOffloadTally(): { add(record: FrameRecord): void; hosts(): OffloadHost[] } {
  const byAddress = new Map<string, { frames: number; ipv4: number; tcp: number; udp: number }>();
  return {
    /** `record` holds the values of OFFLOAD_IDS. */
    add(record) {
      const ipv4 = offloaded(record, 'ip', IPV4_OFFLOADED);
      const tcp = offloaded(record, 'tcp', TCP_OFFLOADED);
      const udp = offloaded(record, 'udp', UDP_OFFLOADED);
      if (!ipv4 && !tcp && !udp) return;
      const address = record.summary.source;
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
