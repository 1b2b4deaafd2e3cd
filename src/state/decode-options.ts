// The "Decode options" control's edits, as pure functions over DissectOptions: decode-as rules for TCP ports, the
// COTP format and checking checksums. The store keeps the result (setDecodeOptions), the permalink carries it.
import type { DecodeAs, DissectOptions } from '../dissect';
import type { FrameView } from './frame-view';

export type CotpFormat = NonNullable<DissectOptions['cotpFormat']>;
export const COTP_FORMATS: readonly CotpFormat[] = ['auto', 'normal', 'extended'];

export type Checksums = NonNullable<DissectOptions['checksums']>;
export const CHECKSUM_MODES: readonly Checksums[] = ['auto', 'on', 'off'];

/** TCP sequence numbers: relative to each direction's first (Wireshark's default), or as on the wire. */
export type SequenceNumbers = 'relative' | 'absolute';
export const SEQUENCE_NUMBERS: readonly SequenceNumbers[] = ['relative', 'absolute'];

/** What a TCP port rule may force: TPKT, TLS records, or no protocol at all (the payload shown as data). */
export const TCP_PORT_PROTOCOLS = ['tpkt', 'tls', 'none'] as const;
export type TcpPortProtocol = (typeof TCP_PORT_PROTOCOLS)[number];

export function withRule(options: DissectOptions, index: number, rule: DecodeAs): DissectOptions {
  const rules = [...(options.decodeAs ?? [])];
  rules[index] = rule;
  return { ...options, decodeAs: rules };
}

export function withoutRule(options: DissectOptions, index: number): DissectOptions {
  const rules = (options.decodeAs ?? []).filter((_, i) => i !== index);
  const { decodeAs: _, ...rest } = options;
  return rules.length > 0 ? { ...rest, decodeAs: rules } : rest;
}

export function withCotpFormat(options: DissectOptions, format: CotpFormat): DissectOptions {
  const { cotpFormat: _, ...rest } = options;
  return format === 'auto' ? rest : { ...rest, cotpFormat: format };
}

/** "auto", the default, is the absence of the option. */
export function withChecksums(options: DissectOptions, mode: Checksums): DissectOptions {
  const { checksums: _, ...rest } = options;
  return mode === 'auto' ? rest : { ...rest, checksums: mode };
}

/** Relative TCP sequence numbers, the default, are the absence of the option. */
export function withSequenceNumbers(options: DissectOptions, numbers: SequenceNumbers): DissectOptions {
  const { relativeSequenceNumbers: _, ...rest } = options;
  return numbers === 'relative' ? rest : { ...rest, relativeSequenceNumbers: false };
}

/** How many settings differ from the defaults (the "Decode options" button's badge). */
export function changedOptions(options: DissectOptions): number {
  const set = (value: string | undefined) => (value !== undefined && value !== 'auto' ? 1 : 0);
  return (
    (options.decodeAs?.length ?? 0) +
    set(options.cotpFormat) +
    set(options.checksums) +
    (options.relativeSequenceNumbers === false ? 1 : 0)
  );
}

/** A port as typed: the number, or why it is not one. */
export function parsePort(text: string): number | string {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return 'a TCP port is a whole number from 0 to 65535';
  const port = Number(trimmed);
  return port <= 65535 ? port : 'a TCP port is at most 65535';
}

/** Why rule `index` cannot take this port: another rule already names it (the first would win). */
export function portTaken(options: DissectOptions, index: number, port: number): string | undefined {
  const other = (options.decodeAs ?? []).findIndex((r, i) => i !== index && r.table === 'tcp.port' && r.key === port);
  return other < 0 ? undefined : `rule ${other + 1} already decides port ${port}`;
}

/**
 * The rule "Add rule" starts with: a port of the frame shown that no rule names yet (the lower of its two TCP ports,
 * usually the server's), forced to the opposite of what it decodes as now; else port 102 as TPKT.
 */
export function suggestedRule(options: DissectOptions, view: FrameView | undefined): DecodeAs {
  const taken = new Set((options.decodeAs ?? []).filter((r) => r.table === 'tcp.port').map((r) => r.key));
  const ports = tcpPorts(view)
    .filter((p) => !taken.has(p))
    .sort((a, b) => a - b);
  const hasTpkt = view?.frame.layers.some((l) => l.protocol === 'tpkt') ?? false;
  const port = ports[0] ?? [102, 3389, 1720].find((p) => !taken.has(p)) ?? 0;
  return { table: 'tcp.port', key: port, protocol: ports.length > 0 && hasTpkt ? 'none' : 'tpkt' };
}

function tcpPorts(view: FrameView | undefined): number[] {
  const tcp = view?.frame.layers.find((l) => l.protocol === 'tcp');
  const ports =
    tcp?.fields.filter((f) => f.id === 'tcp.srcport' || f.id === 'tcp.dstport').map((f) => Number(f.value)) ?? [];
  return [...new Set(ports)];
}
