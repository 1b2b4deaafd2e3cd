// One-click fixes for problems that have one: put the computed checksum in, make a length agree with the bytes,
// clear a reserved field. Each returns new bytes and leaves the input untouched; the caller dissects again. A fix
// never leaves a checksum stale: one that held before (right, or left to the NIC) and covers bytes the fix changed is
// computed again in the same step, and the fix's label says so.
import type { DissectOptions } from './dissector';
import { dissectFrame } from './engine';
import type { Field, Frame, Problem } from './model';
import { SCHEMA } from './schema';
import { walkFields } from './query';

export type FixKind = 'checksum' | 'length' | 'reserved';

export interface Fix {
  readonly kind: FixKind;
  /** The field the fix writes, identified as fields are: id and offset. */
  readonly fieldId: string;
  readonly offset: number;
  readonly label: string;
}

const CHECKSUMS: Readonly<Record<string, { calculated: string; what: string }>> = {
  'ip.checksum': { calculated: 'ip.checksum_calculated', what: 'IPv4 header checksum' },
  'tcp.checksum': { calculated: 'tcp.checksum_calculated', what: 'TCP checksum' },
  'udp.checksum': { calculated: 'udp.checksum_calculated', what: 'UDP checksum' },
  'icmp.checksum': { calculated: 'icmp.checksum_calculated', what: 'ICMP checksum' },
  'icmpv6.checksum': { calculated: 'icmpv6.checksum_calculated', what: 'ICMPv6 checksum' },
  'cotp.checksum': { calculated: 'cotp.checksum_calculated', what: 'COTP checksum' },
};

function layerOf(frame: Frame, field: Field): number {
  return frame.layers.findIndex(
    (l) =>
      field.offset >= l.offset &&
      field.offset < l.offset + Math.max(l.length, 1) &&
      l.fields.some(function has(f: Field): boolean {
        return f === field || (f.children ?? []).some(has);
      }),
  );
}

/**
 * The fixes the frame's problems allow, in wire order. `bytes` and `options`: the frame's bytes and the options it was
 * dissected with, to name in each label the checksums the fix also updates.
 */
export function availableFixes(frame: Frame, bytes: Uint8Array, options: DissectOptions = {}): Fix[] {
  const fixes = candidateFixes(frame);
  if (fixes.length === 0) return fixes;
  const held = heldChecksums(frame, bytes, options);
  return fixes.map((fix) => {
    const written = writeFix(frame, bytes, fix);
    const updated = written ? resealed(frame, held, written, options).updated : [];
    return updated.length > 0 ? { ...fix, label: `${fix.label}, and update the ${listed(updated)} to match` } : fix;
  });
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function candidateFixes(frame: Frame): Fix[] {
  const fixes: Fix[] = [];
  walkFields(frame, (f) => {
    const problems: readonly Problem[] = f.problems ?? [];
    const has = (code: Problem['code']) => problems.some((p) => p.code === code);
    if (CHECKSUMS[f.id] && has('checksum-bad'))
      fixes.push({ kind: 'checksum', fieldId: f.id, offset: f.offset, label: `Fix the ${CHECKSUMS[f.id]!.what}` });
    if (SCHEMA[f.id]?.reserved && has('reserved-nonzero'))
      fixes.push({
        kind: 'reserved',
        fieldId: f.id,
        offset: f.offset,
        label: `Set ${SCHEMA[f.id]!.label.toLowerCase()} (${f.id}) to 0`,
      });
    // Lengths: after an edit (bytes inserted or deleted) the IP and TPKT lengths no longer match the bytes; LI is
    // offered only when it reaches past its TPKT, since a shorter LI just moves the header/data boundary.
    const should =
      f.id === 'ip.len' || f.id === 'tpkt.length' || (f.id === 'cotp.li' && has('length-mismatch'))
        ? rightLength(frame, f)
        : undefined;
    if (should !== undefined && should !== f.value && should >= 0) {
      fixes.push({
        kind: 'length',
        fieldId: f.id,
        offset: f.offset,
        label: `Set ${f.id} to ${should}, the length of the bytes present`,
      });
    }
  });
  return fixes;
}

function findField(frame: Frame, fieldId: string, offset: number): Field | undefined {
  let found: Field | undefined;
  walkFields(frame, (f) => {
    if (!found && f.id === fieldId && f.offset === offset) found = f;
  });
  return found;
}

function writeUint(bytes: Uint8Array, offset: number, length: number, value: number): void {
  for (let i = length - 1, v = value; i >= 0; i--, v = Math.floor(v / 256)) bytes[offset + i] = v & 0xff;
}

/** The value a length field should hold for the bytes as they are now, or undefined when it cannot be known. */
function rightLength(frame: Frame, field: Field): number | undefined {
  const layerIndex = layerOf(frame, field);
  const layer = frame.layers[layerIndex];
  if (!layer) return undefined;
  if (field.id === 'ip.len') {
    // Up to the end of the frame, less Ethernet padding, or the padding a Linux cooked capture kept (bytes after the
    // datagram that are not padding count).
    const ethTail = frame.layers[0]?.fields.find((f) => f.id === 'eth.padding' || f.id === 'sll.padding');
    const end = ethTail && ethTail.offset > layer.offset ? ethTail.offset : frame.length;
    return end - layer.offset;
  }
  // TPKT and COTP: up to the next TPKT in the segment, or the end of the TCP payload.
  const tcpIndex = frame.layers.findIndex((l) => l.protocol === 'tcp');
  const tcp = frame.layers[tcpIndex];
  const tcpLen = tcp?.fields.find((f) => f.id === 'tcp.len');
  const tcpHeaderEnd = tcp ? tcp.offset + tcp.length : 0;
  const segmentEnd = typeof tcpLen?.value === 'number' ? tcpHeaderEnd + tcpLen.value : frame.length;
  const nextTpkt = frame.layers.slice(layerIndex + 1).find((l) => l.protocol === 'tpkt' && l.offset > field.offset);
  const tpktStart =
    field.id === 'tpkt.length'
      ? layer.offset
      : [...frame.layers.slice(0, layerIndex)].reverse().find((l) => l.protocol === 'tpkt')?.offset;
  const end = nextTpkt?.offset ?? segmentEnd;
  if (field.id === 'tpkt.length') return end - layer.offset;
  if (field.id === 'cotp.li' && tpktStart !== undefined) return end - field.offset - 1;
  return undefined;
}

/**
 * New bytes with the fix applied and the checksums it made stale computed again, or undefined when the field is no
 * longer where the fix was offered. `options`: the ones the frame was dissected with.
 */
export function applyFix(
  frame: Frame,
  bytes: Uint8Array,
  fix: Fix,
  options: DissectOptions = {},
): Uint8Array | undefined {
  const written = writeFix(frame, bytes, fix);
  return written && resealed(frame, heldChecksums(frame, bytes, options), written, options).bytes;
}

/** Where a checksum is: its id and offset (fixes overwrite bytes, they never move a field). */
const checksumKey = (f: Field) => `${f.id}@${f.offset}`;

/** The checksum fields of a frame dissected with checksums verified, and whether each is wrong. */
function checksumsOf(frame: Frame): Map<string, { field: Field; bad: boolean }> {
  const out = new Map<string, { field: Field; bad: boolean }>();
  walkFields(frame, (f) => {
    if (CHECKSUMS[f.id])
      out.set(checksumKey(f), { field: f, bad: (f.problems ?? []).some((p) => p.code === 'checksum-bad') });
  });
  return out;
}

/** Dissected as the frame was, but with checksums verified: a fix keeps checksums right whatever the preference. */
function verifiedDissection(frame: Frame, bytes: Uint8Array, options: DissectOptions): Frame {
  return dissectFrame(bytes, frame.linkType, frame.number, { ...options, checksums: 'auto' });
}

/** The checksums that hold in these bytes: right, or left to the NIC. */
function heldChecksums(frame: Frame, bytes: Uint8Array, options: DissectOptions): string[] {
  return [...checksumsOf(verifiedDissection(frame, bytes, options))].filter(([, c]) => !c.bad).map(([key]) => key);
}

/**
 * `after` with every checksum that `held` and that `after` breaks computed again. A COTP checksum lies inside what
 * TCP's covers, so writing one can break the other: a few passes, the innermost settles first.
 */
function resealed(
  frame: Frame,
  held: readonly string[],
  after: Uint8Array,
  options: DissectOptions,
): { bytes: Uint8Array; updated: string[] } {
  const updated = new Set<string>();
  let bytes = after;
  for (let pass = 0; pass < 4; pass++) {
    const now = checksumsOf(verifiedDissection(frame, bytes, options));
    const stale = held.flatMap((key) => {
      const checksum = now.get(key);
      return checksum?.bad ? [checksum.field] : [];
    });
    if (stale.length === 0) break;
    bytes = Uint8Array.from(bytes);
    for (const f of stale) {
      const calculated = f.children?.find((k) => k.id === CHECKSUMS[f.id]!.calculated)?.value;
      if (typeof calculated !== 'number') continue;
      writeUint(bytes, f.offset, f.length, calculated);
      updated.add(CHECKSUMS[f.id]!.what);
    }
  }
  return { bytes, updated: [...updated] };
}

/** The fix's own write, nothing else. */
function writeFix(frame: Frame, bytes: Uint8Array, fix: Fix): Uint8Array | undefined {
  const field = findField(frame, fix.fieldId, fix.offset);
  if (!field) return undefined;
  const out = Uint8Array.from(bytes);
  switch (fix.kind) {
    case 'checksum': {
      const calculated = field.children?.find((c) => c.id === CHECKSUMS[fix.fieldId]?.calculated)?.value;
      if (typeof calculated !== 'number') return undefined;
      writeUint(out, field.offset, field.length, calculated);
      return out;
    }
    case 'reserved': {
      // Clear exactly the field's bits: the mask over the span's big-endian integer, or the whole span.
      const mask = SCHEMA[fix.fieldId]?.mask;
      for (let i = 0; i < field.length; i++) {
        const shift = 8 * (field.length - 1 - i);
        const maskByte = mask === undefined ? 0xff : Math.floor(mask / 2 ** shift) & 0xff;
        out[field.offset + i] = out[field.offset + i]! & ~maskByte;
      }
      return out;
    }
    case 'length': {
      const value = rightLength(frame, field);
      if (value === undefined || value < 0 || value >= 2 ** (8 * field.length)) return undefined;
      writeUint(out, field.offset, field.length, value);
      return out;
    }
  }
}
