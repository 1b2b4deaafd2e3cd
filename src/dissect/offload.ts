// Checksum offload across a capture: which hosts' frames carry checksums left for their network card to compute
// (ip.checksum.offloaded, tcp.checksum.offloaded), and how many. Such frames were captured on the host that sent them;
// the capture says so once instead of leaving each frame to say it.
import type { FieldId } from './field-ids';
import type { FrameRecord } from './sink';

/** One sending host whose frames carry offloaded checksums. */
export interface OffloadHost {
  /** The frames' source address, as the packet list shows it. */
  readonly address: string;
  /** Frames with at least one offloaded checksum. */
  readonly frames: number;
  /** Of those, frames whose IPv4 header checksum, and whose TCP checksum, is offloaded. */
  readonly ipv4: number;
  readonly tcp: number;
}

const IPV4_OFFLOADED: FieldId = 'ip.checksum.offloaded';
const TCP_OFFLOADED: FieldId = 'tcp.checksum.offloaded';

/** The fields the tally reads: a lean pass feeding it must ask for them. */
export const OFFLOAD_IDS: readonly FieldId[] = [IPV4_OFFLOADED, TCP_OFFLOADED];

/** The frame's first `protocol` layer says its checksum was offloaded (the generated field `id` is there). */
function offloaded(record: FrameRecord, protocol: string, id: FieldId): boolean {
  const layer = record.layers.findIndex((l) => l.protocol === protocol);
  return layer >= 0 && record.values.some((v) => v.id === id && v.layer === layer && v.source === undefined);
}

/** Counts offloaded checksums frame by frame (every frame of a capture, once each, in any order). */
export function createOffloadTally(): { add(record: FrameRecord): void; hosts(): OffloadHost[] } {
  const byAddress = new Map<string, { frames: number; ipv4: number; tcp: number }>();
  return {
    /** `record` holds the values of OFFLOAD_IDS. */
    add(record) {
      const ipv4 = offloaded(record, 'ip', IPV4_OFFLOADED);
      const tcp = offloaded(record, 'tcp', TCP_OFFLOADED);
      if (!ipv4 && !tcp) return;
      const address = record.summary.source;
      let host = byAddress.get(address);
      if (!host) byAddress.set(address, (host = { frames: 0, ipv4: 0, tcp: 0 }));
      host.frames++;
      if (ipv4) host.ipv4++;
      if (tcp) host.tcp++;
    },
    /** Most frames first. */
    hosts() {
      return [...byAddress]
        .map(([address, counts]) => ({ address, ...counts }))
        .sort((a, b) => b.frames - a.frames || (a.address < b.address ? -1 : 1));
    },
  };
}

function hostText(host: OffloadHost): string {
  const which = host.ipv4 > 0 && host.tcp > 0 ? 'IPv4 and TCP' : host.ipv4 > 0 ? 'IPv4' : 'TCP';
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
