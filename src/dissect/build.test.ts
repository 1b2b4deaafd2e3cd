// The builder against its definition: every spec of every table, compiled (compiled-spec.ts) and shared between
// frames (build.ts), must give the field the generic definitions give — the same keys in the same order, so the
// same JSON — on random bytes, at random offsets and lengths.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Field, Problem } from './model';
import type { FieldSpec } from './spec';
import { allSpecs } from './schema';
import { displayOf, field, find, isSharedField, updateField, valueOf, withDisplay } from './build';
import { hex } from './reader';

/** The builder as it was before specs were compiled: valueOf, displayOf, hex, the rule, the bit fields. */
function reference(spec: FieldSpec, bytes: Uint8Array, offset: number, length: number): Field {
  const value = valueOf(spec, bytes, offset, length);
  const display = displayOf(spec, value, length);
  const problems: Problem[] = [];
  if (spec.rule && typeof value === 'number' && value !== spec.rule.expect) {
    problems.push({
      severity: spec.rule.severity,
      code: spec.rule.code,
      message: spec.rule.message(value),
      fieldId: spec.id,
      offset,
      cite: spec.rule.cite ?? spec.cite,
      ...(spec.rule.seeAlso ? { seeAlso: spec.rule.seeAlso } : {}),
    });
  }
  const children = spec.bits?.map((bit) =>
    bit.size !== undefined
      ? reference(bit, bytes, offset + (bit.at ?? 0), bit.size)
      : reference(bit, bytes, offset, length),
  );
  return {
    id: spec.id,
    offset,
    length,
    value,
    raw: hex(bytes, offset, length),
    display,
    ...(problems.length > 0 ? { problems } : {}),
    ...(children && children.length > 0 ? { children } : {}),
  };
}

const SPECS = allSpecs();
const NUMERIC = new Set(['uint', 'hex', 'flag']);

/** Lengths worth trying for a spec: its own size, and the others a caller may pass (bit fields take the parent's). */
function lengthsFor(spec: FieldSpec): number[] {
  if (spec.size !== undefined) return [spec.size];
  return NUMERIC.has(spec.kind) ? [1, 2, 4] : [0, 1, 5, 16, 17, 24, 25, 40];
}

describe('compiled field specs', { timeout: 120_000 }, () => {
  it('build every spec of every table as the generic definitions do', () => {
    expect(SPECS.length).toBeGreaterThan(200);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.nat({ max: 20 }), (bytes, offset) => {
        for (const spec of SPECS) {
          for (const length of lengthsFor(spec)) {
            const expected = reference(spec, bytes, offset, length);
            // Twice: the second time a shareable field comes from memory.
            for (let round = 0; round < 2; round++) {
              const built = field(spec, bytes, offset, length);
              expect(JSON.stringify(built), spec.id).toBe(JSON.stringify(expected));
            }
          }
        }
      }),
      { seed: 20261128, numRuns: 60 },
    );
  });

  it('gives the same value and display on the edge values of every numeric spec', () => {
    for (const spec of SPECS.filter((s) => NUMERIC.has(s.kind))) {
      for (const length of lengthsFor(spec)) {
        for (const fill of [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff]) {
          const bytes = new Uint8Array(8).fill(fill);
          expect(JSON.stringify(field(spec, bytes, 1, length)), `${spec.id} over ${fill}`).toBe(
            JSON.stringify(reference(spec, bytes, 1, length)),
          );
        }
      }
    }
  });

  it('throws, as before, for a span outside the bytes (the engine turns it into a problem)', () => {
    const spec = SPECS.find((s) => s.kind === 'uint' && s.size === 2)!;
    expect(() => field(spec, new Uint8Array(3), 2, 2)).toThrow(RangeError);
    expect(() => field(spec, new Uint8Array(3), -1, 2)).toThrow(RangeError);
  });
});

describe('shared fields', () => {
  const version = SPECS.find((s) => s.id === 'ip.version')!;
  const flags = SPECS.find((s) => s.id === 'tcp.flags')!;

  it('are one object for the same spec, offset and bytes, and new ones otherwise', () => {
    const a = field(version, Uint8Array.of(0, 0x45), 1, 1);
    expect(isSharedField(a)).toBe(true);
    expect(field(version, Uint8Array.of(9, 0x45, 7), 1, 1)).toBe(a);
    expect(field(version, Uint8Array.of(0x45), 0, 1)).not.toBe(a);
    expect(field(version, Uint8Array.of(0, 0x65), 1, 1)).not.toBe(a);
    // Options that change something make a field of its own.
    const shown = field(version, Uint8Array.of(0, 0x45), 1, 1, { display: 'four' });
    expect(isSharedField(shown)).toBe(false);
    expect(shown.display).toBe('four');
  });

  it('share their bit fields, and a display made from their own bytes', () => {
    const f = field(flags, Uint8Array.of(0x18), 0, 1);
    expect(f.children?.every(isSharedField)).toBe(true);
    const shown = withDisplay(f, '0x18 (ACK, PSH)');
    expect(shown).toEqual({ ...f, display: '0x18 (ACK, PSH)' });
    expect(withDisplay(f, '0x18 (ACK, PSH)')).toBe(shown);
    expect(withDisplay(f, 'other').display).toBe('other');
  });
});

describe('updateField', () => {
  /** The definition: the first field with the id, depth first, replaced; everything else equal. */
  function byDefinition(fields: readonly Field[], id: string, update: (f: Field) => Field): Field[] {
    let done = false;
    const visit = (list: readonly Field[]): Field[] =>
      list.map((f) => {
        if (done) return f;
        if (f.id === id) {
          done = true;
          return update(f);
        }
        return f.children ? { ...f, children: visit(f.children) } : f;
      });
    return visit(fields);
  }

  it('replaces the first field with the id at any depth, as the definition does', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => (i * 37) & 0xff);
    const fields = [
      field(
        SPECS.find((s) => s.id === 'ip.dsfield')!,
        bytes,
        1,
        1,
      ),
      field(
        SPECS.find((s) => s.id === 'ip.flags')!,
        bytes,
        6,
        1,
      ),
      field(
        SPECS.find((s) => s.id === 'tcp.flags')!,
        bytes,
        13,
        1,
      ),
    ];
    const mark = (f: Field): Field => ({ ...f, display: 'updated' });
    for (const id of ['ip.dsfield', 'ip.dsfield.ecn', 'ip.flags.mf', 'tcp.flags.fin', 'tcp.flags', 'no.such.id']) {
      const updated = updateField(fields, id, mark);
      expect(JSON.stringify(updated), id).toBe(JSON.stringify(byDefinition(fields, id, mark)));
      if (id !== 'no.such.id') expect(find(updated, id)?.display).toBe('updated');
    }
  });
});
