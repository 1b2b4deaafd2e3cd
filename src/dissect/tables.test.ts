// The lint over every protocol table (STYLE.md §11): unique prefixed ids, masks within the field width and
// contiguous, spans ordered, every field cited — and one meaning per id wherever an id is declared twice.
import { describe, expect, it } from 'vitest';
import { TABLES, allSpecs } from './schema';
import { citeText } from './cite';
import { citedWhole, knownDocument } from './documents';
import type { FieldSpec } from './spec';
import { maskShape } from './compiled-spec';
import { SHORTEST_FIXED_PART } from './protocols/cotp';
import { MIN_LI } from './protocols/tpkt';

describe('protocol tables', () => {
  it('prefix every id with its protocol and declare each id with one label, mask and reserved flag', () => {
    const seen = new Map<string, FieldSpec>();
    for (const table of TABLES) {
      const walk = (spec: FieldSpec) => {
        expect(spec.id.startsWith(`${table.protocol}.`), `${spec.id} in ${table.protocol}`).toBe(true);
        const earlier = seen.get(spec.id);
        if (earlier) {
          expect({ label: spec.label, mask: spec.mask, reserved: spec.reserved }, spec.id).toEqual({
            label: earlier.label,
            mask: earlier.mask,
            reserved: earlier.reserved,
          });
        }
        seen.set(spec.id, spec);
        spec.bits?.forEach(walk);
      };
      table.fields.forEach(walk);
    }
    expect(seen.size).toBeGreaterThan(100);
  });

  it('cite every field with a document and a link', () => {
    for (const spec of allSpecs()) {
      expect(knownDocument(spec.cite.doc), `${spec.id} cites ${spec.cite.doc}, which no registration lists`).toBe(true);
      expect(spec.cite.url, spec.id).toMatch(/^https:\/\//);
      expect(spec.meaning.length, `${spec.id} meaning`).toBeGreaterThan(10);
    }
  });

  it('cite the section or clause that defines each field and rule; only a page without numbered parts whole', () => {
    for (const spec of allSpecs()) {
      const cites = [spec.cite, ...(spec.rule?.cite ? [spec.rule.cite] : []), ...(spec.rule?.seeAlso ?? [])];
      for (const c of cites) expect(c.section === '', `${spec.id} cites ${citeText(c)}`).toBe(citedWhole(c.doc));
    }
  });

  it('keep masks contiguous and within the span of the field they apply to', () => {
    for (const table of TABLES) {
      const check = (spec: FieldSpec, parentSize?: number) => {
        const size = spec.size ?? parentSize;
        if (spec.mask !== undefined) {
          expect(size, `${spec.id} has a mask but no size`).toBeDefined();
          expect(spec.mask, spec.id).toBeGreaterThan(0);
          expect(spec.mask, spec.id).toBeLessThan(2 ** (8 * size!));
          const { shift, width } = maskShape(spec.mask);
          expect(spec.mask, `${spec.id} mask is contiguous`).toBe((2 ** width - 1) * 2 ** shift);
        }
        spec.bits?.forEach((b) => check(b, b.size ?? size));
      };
      table.fields.forEach((s) => check(s));
    }
  });

  it('order each fixed layout by offset; fields share bytes only through disjoint masks', () => {
    for (const table of TABLES) {
      for (const layout of table.layouts) {
        for (let i = 1; i < layout.length; i++) {
          const a = layout[i - 1]!;
          const b = layout[i]!;
          expect(b.at! >= a.at!, `${b.id} @${b.at} after ${a.id} @${a.at}`).toBe(true);
          if (b.at! < a.at! + a.size!) {
            expect(a.mask !== undefined && b.mask !== undefined, `${a.id} and ${b.id} overlap without masks`).toBe(
              true,
            );
            if (a.at === b.at && a.size === b.size) expect(a.mask! & b.mask!, `${a.id} and ${b.id} share bits`).toBe(0);
          }
        }
      }
    }
  });

  it('value tables name every value with text', () => {
    for (const spec of allSpecs()) {
      for (const [k, v] of Object.entries(spec.values ?? {})) {
        expect(Number.isInteger(Number(k)), `${spec.id} key ${k}`).toBe(true);
        expect(v.length, `${spec.id} value ${k}`).toBeGreaterThan(0);
      }
    }
  });

  it('TPKT judges a payload by the same shortest COTP headers that cotp.ts lays out', () => {
    expect(new Map([...MIN_LI].sort(([a], [b]) => a - b))).toEqual(
      new Map([...SHORTEST_FIXED_PART].sort(([a], [b]) => a - b)),
    );
  });
});
