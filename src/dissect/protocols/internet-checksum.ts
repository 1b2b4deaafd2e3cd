// The Internet checksum's verdict (RFC 1071), shared by the IPv4 header checksum and TCP's: right, wrong, not checked,
// or left by the sender for its network card to compute. A capture made on the sending host sees the frame before
// the card finishes it, so such a checksum never matches — and carries an exact fingerprint: the IPv4 header checksum
// is 0x0000; the TCP checksum holds the one's complement sum of the pseudo-header (not complemented), which the stack
// puts there for the card to add the segment to (NDIS "Offloading Checksum Tasks"; Linux CHECKSUM_PARTIAL), or, for a
// large segment the card will also split, the same sum without the TCP length (NDIS large send offload).
import { amended, field, withProblem } from '../build';
import { cite, type Cite } from '../cite';
import type { ChecksumMode } from '../dissector';
import type { Field, Problem } from '../model';
import type { FieldSpec } from '../spec';
import type { Bytes } from '../reader';
import { problem } from './common';
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

export function statusSpec(id: string, label: string, citation: Cite): FieldSpec {
  return {
    id,
    label,
    kind: 'uint',
    cite: citation,
    values: STATUS_NAMES,
    meaning:
      "Whether the stored checksum was verified (generated), as Wireshark's status: Good, Bad, or Unverified — checking is off (--checksums off), or the sender left the checksum to its network card (checksum offload).",
  };
}

export function offloadedSpec(id: string, citation: Cite): FieldSpec {
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
  readonly checksum: FieldSpec;
  readonly calculated: FieldSpec;
  readonly status: FieldSpec;
  readonly offloaded: FieldSpec;
  /** "IPv4 header checksum", "TCP checksum". */
  readonly what: string;
}

/**
 * The checksum field `f` judged under the checksum preference: its generated children (calculated value, status, the
 * offload fingerprint) and, when it is wrong, its problem. `fingerprints`: the value a sender that offloads would have
 * left, for each kind of offload (the stored value equal to one makes it offloaded, under "auto"). `why` goes after
 * "…, computed 0x1234" in the message of a mismatch that matches no fingerprint.
 */
export function checkChecksum(
  specs: ChecksumSpecs,
  f: Field,
  bytes: Bytes,
  mode: ChecksumMode,
  stored: number,
  calculated: () => number,
  fingerprints: () => readonly (readonly [value: number, offload: Offload])[],
  why: () => string,
): Field {
  const child = (spec: FieldSpec, value: number) => field(spec, bytes, f.offset, f.length, { value, generated: true });
  if (mode === 'off') {
    return amended(f, {
      display: `${hexNumber(stored, 4)} [validation disabled]`,
      children: [child(specs.status, STATUS.unverified)],
    });
  }
  const calc = calculated();
  if (calc === stored) {
    return amended(f, {
      display: `${hexNumber(stored, 4)} [correct]`,
      children: [child(specs.calculated, calc), child(specs.status, STATUS.good)],
    });
  }
  const offload = fingerprints().find(([value]) => value === stored)?.[1];
  if (offload !== undefined && mode === 'auto') {
    return amended(f, {
      display: `${hexNumber(stored, 4)} [not computed by the sender: offloaded to the NIC]`,
      children: [
        child(specs.calculated, calc),
        child(specs.status, STATUS.unverified),
        child(specs.offloaded, offload),
      ],
    });
  }
  const message =
    offload === undefined
      ? `${specs.what} is ${hexNumber(stored, 4)}, computed ${hexNumber(calc, 4)}${why()}`
      : `${specs.what} is ${hexNumber(stored, 4)}, computed ${hexNumber(calc, 4)}: the stored value is ${OFFLOAD_NAMES[offload]}, as a capture on the sending host sees it; checksums are checked strictly (--checksums on), so this counts as an error`;
  const bad: Problem = problem('error', 'checksum-bad', message, {
    fieldId: specs.checksum.id,
    offset: f.offset,
    cite: specs.checksum.cite,
    ...(offload !== undefined ? { seeAlso: SEE_ALSO[offload] } : {}),
  });
  return withProblem(
    amended(f, {
      display: `${hexNumber(stored, 4)} [incorrect, should be ${hexNumber(calc, 4)}]`,
      children: [child(specs.calculated, calc), child(specs.status, STATUS.bad)],
    }),
    bad,
  );
}

/** Where each fingerprint is documented. */
const SEE_ALSO: Readonly<Record<Offload, readonly Cite[]>> = {
  1: [NDIS_CHECKSUM],
  2: [NDIS_CHECKSUM, LINUX_CHECKSUM],
  3: [NDIS_LSO],
};
