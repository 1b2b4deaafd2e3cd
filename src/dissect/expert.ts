// Expert information, as Wireshark names it: the numbers its `_ws.expert.severity` and `_ws.expert.group` filter
// fields compare, and the capture-wide tally of problems behind the Expert Information view and `npm run census`.
import type { Problem, ProblemCode, Severity } from './model';
import { SEVERITIES } from './severity';

/** Wireshark's severity levels (epan/proto.h PI_CHAT … PI_ERROR): `_ws.expert.severity >= warning` compares these. */
export const SEVERITY_LEVEL: Readonly<Record<Severity, number>> = {
  error: 0x800000,
  warning: 0x600000,
  note: 0x400000,
};

/** `_ws.expert.severity`'s value table, as `tshark -G values` prints it: the names a filter may use. */
export const SEVERITY_NAMES: Readonly<Record<number, string>> = {
  0x100000: 'Comment',
  0x200000: 'Chat',
  0x400000: 'Note',
  0x600000: 'Warning',
  0x800000: 'Error',
};

/** `_ws.expert.group`'s value table (epan/proto.h PI_CHECKSUM … PI_DEPRECATED). */
export const GROUP_NAMES: Readonly<Record<number, string>> = {
  0x1000000: 'Checksum',
  0x2000000: 'Sequence',
  0x3000000: 'Response',
  0x4000000: 'Request',
  0x5000000: 'Undecoded',
  0x6000000: 'Reassemble',
  0x7000000: 'Malformed',
  0x8000000: 'Debug',
  0x9000000: 'Protocol',
  0xa000000: 'Security',
  0xb000000: 'Comment',
  0xc000000: 'Decryption',
  0xd000000: 'Assumption',
  0xe000000: 'Deprecated',
};

/** The Wireshark group each problem code belongs to, as Wireshark files the like of it. */
export const PROBLEM_GROUP: Readonly<Record<ProblemCode, number>> = {
  truncated: 0x7000000,
  malformed: 0x7000000,
  'length-mismatch': 0x7000000,
  'input-unreadable': 0x7000000,
  'internal-error': 0x7000000,
  'checksum-bad': 0x1000000,
  'reserved-nonzero': 0x9000000,
  'unexpected-value': 0x9000000,
  'unknown-value': 0x9000000,
  undecoded: 0x5000000,
  inferred: 0xd000000,
  retransmission: 0x2000000,
  'overlap-conflict': 0x2000000,
  'segment-missing': 0x2000000,
  'out-of-order': 0x2000000,
  'duplicate-ack': 0x2000000,
  'zero-window': 0x2000000,
  'window-full': 0x2000000,
  'ports-reused': 0x2000000,
  'cap-reached': 0x6000000,
};

/**
 * A message with its particulars (numbers, hex, addresses) replaced by "…": problems that say the same thing about
 * different values share a gist, and so a group. "TCP checksum is 0x1a2b, computed 0x3c4d" → "TCP checksum is …, computed …".
 */
export function problemGist(message: string): string {
  return message
    .replace(/\b0x[0-9a-f]+\b/gi, '…')
    .replace(/\b\d+(?:[.:]\d+)*\b/g, '…')
    .replace(/…(?:[ ,:.\-–]*…)+/g, '…');
}

/** One group of the Expert Information view: problems of one severity and code, on one field, saying one thing. */
export interface ExpertGroup {
  readonly severity: Severity;
  readonly code: ProblemCode;
  /** The field the problems concern ("tcp.checksum"); absent for frame-level problems. */
  readonly fieldId?: string;
  readonly gist: string;
  /** The first such message in the capture, particulars included. */
  readonly example: string;
  /** Problems in the group (a frame may hold several). */
  readonly problems: number;
  /** The frames that hold them, ascending, each once. */
  readonly frames: Uint32Array;
}

export interface ExpertSummary {
  /** Frames tallied so far. */
  readonly frames: number;
  /** Frames holding at least one problem of each severity. */
  readonly framesWith: Readonly<Record<Severity, number>>;
  /** Errors first, then warnings, then notes; within a severity, the most frequent first. */
  readonly groups: readonly ExpertGroup[];
}

/** Beyond this many groups, new gists fold into one group per severity, code and field: a bound on memory. */
const MAX_GROUPS = 2000;

interface Bucket {
  readonly severity: Severity;
  readonly code: ProblemCode;
  readonly fieldId: string | undefined;
  readonly gist: string;
  readonly example: string;
  /** One entry per problem, ascending (a frame with two such problems appears twice). */
  readonly entries: number[];
}

export interface ExpertTally {
  /** Counts frame `number`'s problems; a frame counted before is counted again from scratch (its facts changed). */
  set(number: number, problems: readonly Problem[]): void;
  summary(): ExpertSummary;
}

/** Where `number` would go in an ascending list: the first index whose entry is not below it. */
function lowerBound(list: readonly number[], number: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < number) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createExpertTally(): ExpertTally {
  const buckets = new Map<string, Bucket>();
  /** One bit per frame number: counted before. */
  let seen = new Uint8Array(1024);
  let frames = 0;
  const framesWith: Record<Severity, number> = { error: 0, warning: 0, note: 0 };

  /** Takes back what an earlier `set` of this frame counted. */
  const forget = (number: number) => {
    const had = new Set<Severity>();
    for (const bucket of buckets.values()) {
      const at = lowerBound(bucket.entries, number);
      let end = at;
      while (bucket.entries[end] === number) end++;
      if (end > at) {
        bucket.entries.splice(at, end - at);
        had.add(bucket.severity);
      }
    }
    for (const severity of had) framesWith[severity]--;
  };

  const bucketFor = (p: Problem): Bucket => {
    const gist = problemGist(p.message);
    let key = `${p.severity}\u0000${p.code}\u0000${p.fieldId ?? ''}\u0000${gist}`;
    let bucket = buckets.get(key);
    if (bucket) return bucket;
    const folded = buckets.size >= MAX_GROUPS;
    if (folded) {
      key = `${p.severity}\u0000${p.code}\u0000${p.fieldId ?? ''}\u0000*`;
      bucket = buckets.get(key);
      if (bucket) return bucket;
    }
    bucket = {
      severity: p.severity,
      code: p.code,
      fieldId: p.fieldId,
      gist: folded ? `(various messages: ${gist})` : gist,
      example: p.message,
      entries: [],
    };
    buckets.set(key, bucket);
    return bucket;
  };

  return {
    set(number, problems) {
      const byte = number >>> 3;
      const bit = 1 << (number & 7);
      if (byte >= seen.length) {
        const grown = new Uint8Array(Math.max(seen.length * 2, byte + 1));
        grown.set(seen);
        seen = grown;
      }
      if (seen[byte]! & bit) forget(number);
      else {
        seen[byte] = seen[byte]! | bit;
        frames++;
      }
      const has = new Set<Severity>();
      for (const p of problems) {
        const entries = bucketFor(p).entries;
        if (entries.length === 0 || entries[entries.length - 1]! <= number) entries.push(number);
        else entries.splice(lowerBound(entries, number), 0, number);
        has.add(p.severity);
      }
      for (const severity of has) framesWith[severity]++;
    },
    summary() {
      const groups: ExpertGroup[] = [];
      for (const b of buckets.values()) {
        if (b.entries.length === 0) continue;
        const distinct: number[] = [];
        for (const n of b.entries) if (distinct[distinct.length - 1] !== n) distinct.push(n);
        groups.push({
          severity: b.severity,
          code: b.code,
          ...(b.fieldId !== undefined ? { fieldId: b.fieldId } : {}),
          gist: b.gist,
          example: b.example,
          problems: b.entries.length,
          frames: Uint32Array.from(distinct),
        });
      }
      groups.sort((x, y) => SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity) || y.problems - x.problems);
      return { frames, framesWith: { ...framesWith }, groups };
    },
  };
}

/**
 * A fact about the whole capture, listed above the groups of the Expert Information view: what explains many problems
 * at once ("TCP checksums offloaded to the NIC on host 10.0.0.1: 4 273 frames"), or what a reader should know first.
 */
export interface CaptureFact {
  readonly text: string;
  readonly severity?: Severity;
  /** Frames the fact concerns, ascending, when it concerns some. */
  readonly frames?: Uint32Array;
}
