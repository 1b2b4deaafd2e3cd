// The Internet checksum's verdict (RFC 1071), shared by the IPv4 header checksum and TCP's: right, wrong, not checked,
// or left by the sender for its network card to compute. A capture made on the sending host sees the frame before
// the card finishes it, so such a checksum never matches — and carries an exact fingerprint: the IPv4 header checksum
// is 0x0000; the TCP checksum holds the one's complement sum of the pseudo-header (not complemented), which the stack
// puts there for the card to add the segment to (NDIS "Offloading Checksum Tasks"; Linux CHECKSUM_PARTIAL), or, for a
// large segment the card will also split, the same sum without the TCP length (NDIS large send offload).
import type { FieldId } from '../field-ids';
import { cite, type Cite } from '../cite';
import type { ChecksumMode, Context } from '../dissector';
import type { FieldSpec } from '../spec';
import type { LayerSink } from '../sink';
import { leanGenerated, problem } from './common';
import { hexNumber } from '../format';

export const NDIS_CHECKSUM = cite('NDIS checksum offload', '');
export const NDIS_LSO = cite('NDIS large send offload', '');
const LINUX_CHECKSUM = cite('Linux checksum offloads', '');

/** Wireshark's checksum status values (`ip.checksum.status`, `tcp.checksum.status`). */
export const STATUS = { bad: 0, good: 1, unverified: 2 } as const;
const STATUS_NAMES = { 0: 'Bad', 1: 'Good', 2: 'Unverified' };

/** Which offload fingerprint a stored checksum carries (the value of `*.checksum.offloaded`). */
export const OFFLOAD = { zero: 1, pseudoHeader: 2, pseudoHeaderWithoutLength: 3 } as const;
export type Offload = (typeof OFFLOAD)[keyof typeof OFFLOAD];
const OFFLOAD_NAMES: Readonly<Record<Offload, string>> = {
  1: '0x0000, left for the network card to fill in (header checksum offload)',
  2: 'the pseudo-header sum, left for the network card to complete (checksum offload)',
  3: 'the pseudo-header sum without the TCP length, left for the network card that splits the segment (large send offload)',
};

/**
 * How a checksum over an upper-layer message is judged: under the checksum preference, or not at all ("cut") when the
 * frame holds only part of the datagram (the IP layer below says where it would end), since the sum needs every byte.
 */
export type Verification = ChecksumMode | 'cut';

export function verificationOf(context: Context): Verification {
  return context.datagramEnd !== undefined ? 'cut' : (context.options.checksums ?? 'auto');
}

export function statusSpec(id: FieldId, label: string, citation: Cite): FieldSpec {
  return {
    id,
    label,
    kind: 'uint',
    cite: citation,
    values: STATUS_NAMES,
    meaning:
      "Whether the stored checksum was verified (generated), as Wireshark's status: Good, Bad, or Unverified — checking is off (--checksums off), the sender left the checksum to its network card (checksum offload), or the datagram was not captured whole (snapshot length, an ICMP error's quote).",
  };
}

export function offloadedSpec(id: FieldId, citation: Cite): FieldSpec {
  return {
    id,
    label: 'Offloaded to the NIC',
    kind: 'uint',
    cite: citation,
    values: OFFLOAD_NAMES,
    meaning:
      "Present when the stored checksum is exactly what a sending host's stack leaves for its network card to compute (generated): the frame was captured on that host before the card finished it. It is not an error; the wire carried the card's checksum.",
  };
}

export interface ChecksumSpecs {
  /** The checksum field of the header's fixed layout (`at`, `size` from the header's start). */
  readonly checksum: FieldSpec;
  readonly calculated: FieldSpec;
  readonly status: FieldSpec;
  /** Absent where no stack leaves the checksum to its card (ICMP, ICMPv6): no fingerprint is then ever given. */
  readonly offloaded?: FieldSpec;
  /** "IPv4 header checksum", "TCP checksum". */
  readonly what: string;
  /** What the message of a mismatch that matches no fingerprint adds after "…, computed 0x1234". */
  readonly mismatch: (dataBytes: number) => string;
}

/** Options of the generated children whose value never varies. */
const GENERATED_STATUS: Readonly<Record<number, { value: number; generated: true }>> = {
  [STATUS.bad]: { value: STATUS.bad, generated: true },
  [STATUS.good]: { value: STATUS.good, generated: true },
  [STATUS.unverified]: { value: STATUS.unverified, generated: true },
};
const GENERATED_OFFLOAD: Readonly<Record<Offload, { value: Offload; generated: true }>> = {
  1: { value: 1, generated: true },
  2: { value: 2, generated: true },
  3: { value: 3, generated: true },
};

/**
 * The checksum field of the header starting at `base`, judged under the checksum preference, on `out`: its generated
 * children (calculated value, status, the offload fingerprint) and, when it is wrong, its problem. `calculated` is
 * ignored when checking is off or the datagram is cut; `offload` is the kind of offload whose fingerprint (the value a sender that offloads
 * leaves) the stored value equals, if any: under "auto" it makes the checksum offloaded, not wrong. `dataBytes` goes to
 * `specs.mismatch`.
 */
export function emitChecksum(
  out: LayerSink,
  specs: ChecksumSpecs,
  base: number,
  mode: Verification,
  stored: number,
  calculated: number,
  offload: Offload | undefined,
  dataBytes: number,
): void {
  const at = base + specs.checksum.at!;
  const length = specs.checksum.size!;
  const checked = mode !== 'off' && mode !== 'cut';
  const good = checked && calculated === stored;
  const offloaded = checked && !good && offload !== undefined && mode === 'auto';
  const status = !checked || offloaded ? STATUS.unverified : good ? STATUS.good : STATUS.bad;
  const ref = out.open(
    specs.checksum,
    at,
    length,
    out.tree
      ? { display: `${hexNumber(stored, 4)} ${verdictText(status, offloaded, mode === 'cut', calculated)}` }
      : undefined,
  );
  // Generated children a lean pass does not watch are left out (LayerSink.watches): no problem is put on them.
  if (checked && out.watches(specs.calculated))
    out.field(
      specs.calculated,
      at,
      length,
      out.tree ? { value: calculated, generated: true } : leanGenerated(calculated),
    );
  if (out.watches(specs.status)) out.field(specs.status, at, length, GENERATED_STATUS[status]);
  if (offloaded && specs.offloaded && out.watches(specs.offloaded))
    out.field(specs.offloaded, at, length, GENERATED_OFFLOAD[offload!]);
  out.close();
  if (status !== STATUS.bad) return;
  const message =
    offload === undefined
      ? `${specs.what} is ${hexNumber(stored, 4)}, computed ${hexNumber(calculated, 4)}${specs.mismatch(dataBytes)}`
      : `${specs.what} is ${hexNumber(stored, 4)}, computed ${hexNumber(calculated, 4)}: the stored value is ${OFFLOAD_NAMES[offload]}, as a capture on the sending host sees it; checksums are checked strictly (--checksums on), so this counts as an error`;
  out.problem(
    ref,
    problem('error', 'checksum-bad', message, {
      fieldId: specs.checksum.id,
      offset: at,
      cite: specs.checksum.cite,
      ...(offload !== undefined ? { seeAlso: SEE_ALSO[offload] } : {}),
    }),
  );
}

/** The checksum's display after its value: "[correct]", "[incorrect, should be 0x1234]". */
function verdictText(status: number, offloaded: boolean, cut: boolean, calculated: number): string {
  if (status === STATUS.good) return '[correct]';
  if (status === STATUS.bad) return `[incorrect, should be ${hexNumber(calculated, 4)}]`;
  if (cut) return '[unverified: the datagram was not captured whole]';
  return offloaded ? '[not computed by the sender: offloaded to the NIC]' : '[validation disabled]';
}

/** Where each fingerprint is documented. */
const SEE_ALSO: Readonly<Record<Offload, readonly Cite[]>> = {
  1: [NDIS_CHECKSUM],
  2: [NDIS_CHECKSUM, LINUX_CHECKSUM],
  3: [NDIS_LSO],
};
