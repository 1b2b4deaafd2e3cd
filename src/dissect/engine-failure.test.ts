// A dissector that throws (a framescope bug) costs its own layer only (STYLE.md §5): the layer says so with an
// internal-error problem, what it emitted is dropped, the bytes stay accounted for, the lean record agrees with the
// tree, and the frames dissected after it are whole. A throwaway protocol on `cotp.data` throws after emitting a field.
import type { FieldId } from './field-ids';
import { describe, expect, it } from 'vitest';
import { cite } from './cite';
import { HEURISTICS, type Heuristic } from './dispatch';
import type { Protocol } from './dissector';
import { dissectFrame, dissectLean } from './engine';
import { comparable, recordOf } from './record';
import { u8 } from './reader';
import { LeanWants } from './sink';
import type { FieldSpec } from './spec';
import { STREAM_WANTS } from './stream';
import { cotp, isoOnTcp, tpkt } from './testing/frames';
import { invariantViolations } from './testing/invariants';
import { asLeanSees } from './testing/lean';

const CRASH_PDU: FieldSpec = {
  // A throwaway protocol's id is in no table (field-ids.ts): the one cast a test may make.
  id: 'crash.pdu' as FieldId,
  label: 'Crash PDU',
  kind: 'bytes',
  cite: cite('RFC 1006', '6'),
  meaning: 'A test protocol above COTP: it emits a field, then fails.',
};
const crash: Protocol = {
  protocol: 'crash',
  dissect: ({ offset, end, out }) => {
    out.field(CRASH_PDU, offset, end - offset);
    throw new Error('boom');
  },
};
/** Takes what starts with 0x32. */
const CRASH_ROW: Heuristic = {
  name: 'crash',
  table: 'cotp.data',
  protocol: crash,
  test: (bytes, offset, end) => end > offset && u8(bytes, offset) === 0x32,
};

function registered<T>(run: () => T): T {
  const rows = HEURISTICS as Heuristic[];
  rows.push(CRASH_ROW);
  try {
    return run();
  } finally {
    rows.splice(rows.indexOf(CRASH_ROW), 1);
  }
}

const dt = (data: number[]) => isoOnTcp(tpkt(cotp([0xf0, 0x80], data, 2)));
const WANTS = new LeanWants(new Set(['crash.pdu', 'cotp.type', 'tcp.srcport', 'eth.src']));

describe('a dissector that throws', () => {
  it('gives its layer an internal-error problem, its fields dropped; the lean record is the tree’s', () => {
    const bytes = dt([0x32, 1, 2, 3]);
    const frame = registered(() => dissectFrame(bytes, 1, 1));
    const layer = frame.layers.find((l) => l.protocol === 'crash')!;
    expect(layer.summary).toBe('crash (dissector error)');
    expect(layer.fields).toEqual([]);
    const failures = frame.problems.filter((p) => p.code === 'internal-error');
    expect(failures).toHaveLength(1);
    expect(failures[0]!.message).toContain("framescope's crash dissector failed (boom)");
    expect(invariantViolations(frame).filter((v) => !v.includes('crash'))).toEqual([]);
    for (const wants of [WANTS, STREAM_WANTS]) {
      const lean = registered(() => dissectLean(bytes, 1, 1, wants, {}));
      expect(comparable(lean)).toEqual(comparable(asLeanSees(recordOf(frame, wants.ids), lean)));
    }
  });

  it('leaves the frames dissected after it whole', () => {
    const normal = dt([0x33, 1, 2, 3]);
    const expected = dissectFrame(normal, 1, 2);
    const expectedLean = dissectLean(normal, 1, 2, WANTS, {});
    registered(() => dissectFrame(dt([0x32, 1]), 1, 1));
    expect(dissectFrame(normal, 1, 2)).toEqual(expected);
    registered(() => dissectLean(dt([0x32, 1]), 1, 1, WANTS, {}));
    expect(comparable(dissectLean(normal, 1, 2, WANTS, {}))).toEqual(comparable(expectedLean));
  });
});
