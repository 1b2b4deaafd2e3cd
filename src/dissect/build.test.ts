// The builder's behaviour: each kind's value and display text (compiled-spec.ts is their one definition), rule problems,
// bit fields, what a span outside the bytes does, and the one shape of every field and layer a frame holds.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldSpec } from './spec';
import type { FieldId } from './field-ids';
import { allSpecs } from './schema';
import { field } from './build';
import { hex } from './reader';
import { dissectFrame } from './engine';
import type { Field, Frame } from './model';
import { cotp, isoOnTcp, tpkt } from './testing/frames';
import { readCapture } from '../inputs/capture';

const SPECS = allSpecs();

/** A spec of one kind, for the formatter's branches (the tables do not use every combination). */
function spec(kind: FieldSpec['kind'], more: Partial<FieldSpec> = {}): FieldSpec {
  return { id: 'test.field' as FieldId, label: 'Test', kind, cite: SPECS[0]!.cite, meaning: 'A test field.', ...more };
}

/** [value, display] of a field of `s` over [offset, offset + length) of `bytes`. */
function shown(s: FieldSpec, bytes: readonly number[], offset = 0, length = bytes.length - offset): [unknown, string] {
  const f = field(s, Uint8Array.from(bytes), offset, length);
  return [f.value, f.display];
}

describe('field values and displays, kind by kind', () => {
  it('reads integers big-endian (or little-endian), masked, shifted down and scaled', () => {
    expect(shown(spec('uint'), [0x01, 0x02])).toEqual([258, '258']);
    expect(shown(spec('uint', { littleEndian: true }), [0x01, 0x02])).toEqual([513, '513']);
    // A mask stays over the big-endian span whatever the byte order.
    expect(shown(spec('uint', { littleEndian: true, mask: 0x0f00 }), [0x0a, 0x0b])).toEqual([10, '10']);
    expect(shown(spec('uint', { mask: 0x0f, scale: 4, unit: 'bytes' }), [0x45])).toEqual([20, '20 bytes (5)']);
    expect(shown(spec('uint', { mask: 0xf0, scale: 4 }), [0x50])).toEqual([20, '20 (5)']);
    // Wider than 32 bits: the mask's arithmetic stays exact.
    expect(shown(spec('uint', { mask: 0xff0000000000 }), [0xab, 1, 2, 3, 4, 5])).toEqual([0xab, '171']);
    expect(shown(spec('uint', { mask: 0xffffffff }), [0, 0, 0xff, 0xff, 0xff, 0xff])).toEqual([
      0xffffffff,
      '4294967295',
    ]);
    // At most six bytes are read.
    expect(shown(spec('uint'), [0, 0, 0, 0, 0, 1, 0xff])).toEqual([1, '1']);
  });

  it('says units in the singular for one, names values from the table, and shows hex where asked', () => {
    expect(shown(spec('uint', { unit: 'bytes' }), [1])[1]).toBe('1 byte');
    expect(shown(spec('uint', { unit: 'bytes' }), [2])[1]).toBe('2 bytes');
    expect(shown(spec('uint', { unit: 'octets' }), [0])[1]).toBe('0 octets');
    expect(shown(spec('uint', { values: { 6: 'TCP' } }), [6])[1]).toBe('TCP (6)');
    expect(shown(spec('uint', { values: { 6: 'TCP' } }), [7])[1]).toBe('Unknown (7)');
    expect(shown(spec('uint', { showHex: true }), [0x11])[1]).toBe('17 (0x11)');
    expect(shown(spec('uint', { showHex: true }), [0, 0x11])[1]).toBe('17 (0x0011)');
    expect(shown(spec('uint', { showHex: true, mask: 0x0f00 }), [0x03, 0])[1]).toBe('3 (0x03)');
    expect(shown(spec('uint', { showHex: true, values: { 3: 'Three' } }), [3])[1]).toBe('Three (3 (0x03))');
  });

  it('pads hex to the span, or to a byte under a mask; the same value over another span keeps its own width', () => {
    const h = spec('hex');
    expect(shown(h, [0x04, 0x0a])).toEqual([0x040a, '0x040a']);
    expect(shown(h, [0x05])[1]).toBe('0x05');
    expect(shown(h, [0x00, 0x05])[1]).toBe('0x0005');
    expect(shown(h, [0x05])[1]).toBe('0x05');
    // A sized spec given another span (a dissector may) too.
    const sized = spec('hex', { size: 1 });
    expect(shown(sized, [0x05])[1]).toBe('0x05');
    expect(shown(sized, [0x00, 0x05])[1]).toBe('0x0005');
    expect(shown(spec('hex', { mask: 0x0ff0 }), [0x04, 0x00])).toEqual([0x40, '0x40']);
    expect(shown(spec('hex', { values: { 0xe0: 'CR' } }), [0xe0])[1]).toBe('CR (0xe0)');
    expect(shown(spec('hex', { values: { 0xe0: 'CR' } }), [0xe1])[1]).toBe('Unknown (0xe1)');
  });

  it('shows flags as Set / Not set, or by their table', () => {
    expect(shown(spec('flag', { mask: 0x02 }), [0x02])).toEqual([1, 'Set']);
    expect(shown(spec('flag', { mask: 0x02 }), [0xfd])).toEqual([0, 'Not set']);
    expect(shown(spec('flag', { mask: 0x01, values: { 0: 'No', 1: 'Yes' } }), [0x01])[1]).toBe('Yes');
  });

  it('writes addresses as text: MAC, dotted quad, IPv6 by RFC 5952', () => {
    expect(shown(spec('mac'), [0x00, 0x1b, 0x21, 0x3a, 0x4f, 0xc5])).toEqual([
      '00:1b:21:3a:4f:c5',
      '00:1b:21:3a:4f:c5',
    ]);
    expect(shown(spec('ipv4'), [192, 168, 0, 1])).toEqual(['192.168.0.1', '192.168.0.1']);
    const v6 = (groups: number[]) =>
      shown(
        spec('ipv6'),
        groups.flatMap((g) => [g >> 8, g & 0xff]),
      )[0];
    expect(v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1])).toBe('2001:db8::1');
    expect(v6([0, 0, 0, 0, 0, 0, 0, 0])).toBe('::');
    expect(v6([0, 0, 0, 0, 0, 0, 0, 1])).toBe('::1');
    expect(v6([1, 0, 0, 0, 0, 0, 0, 0])).toBe('1::');
    // The longest run; the first of two equal runs; a single zero group is not shortened (§4.2.2, §4.2.3).
    expect(v6([1, 0, 0, 2, 0, 0, 0, 3])).toBe('1:0:0:2::3');
    expect(v6([1, 0, 0, 2, 0, 0, 3, 4])).toBe('1::2:0:0:3:4');
    expect(v6([1, 0, 2, 3, 4, 5, 6, 7])).toBe('1:0:2:3:4:5:6:7');
    expect(v6([0xabcd, 0x00ef, 0, 0, 0, 0, 0, 0x0a])).toBe('abcd:ef::a');
  });

  it('quotes text, and shows byte strings whole up to 24 bytes, else their first 16 and the length', () => {
    expect(shown(spec('text'), [0x61, 0x62, 0x63])).toEqual(['abc', '"abc"']);
    expect(shown(spec('bytes'), [], 0, 0)).toEqual(['', '(empty)']);
    expect(shown(spec('bytes'), [0xaa, 0xbb, 0xcc])).toEqual(['aabbcc', 'aabbcc']);
    const long = Array.from({ length: 25 }, (_, i) => i);
    const f = field(spec('none'), Uint8Array.from(long), 0, 25);
    expect(f.value).toBe(f.raw);
    expect(f.raw).toHaveLength(50);
    expect(f.display).toBe('000102030405060708090a0b0c0d0e0f… (25 bytes)');
  });

  it('takes a value or display given by the dissector, formatting a given number by the kind', () => {
    const bytes = Uint8Array.of(1, 2, 3);
    const counted = field(spec('bytes', { unit: 'bytes' }), bytes, 0, 3, { value: 3 });
    expect([counted.value, counted.display, counted.raw]).toEqual([3, '3 bytes', '010203']);
    const named = field(spec('uint'), bytes, 0, 2, { value: 'computed' });
    expect([named.value, named.display]).toEqual(['computed', 'computed']);
    expect(field(spec('uint'), bytes, 0, 1, { display: 'one', generated: true })).toEqual({
      id: 'test.field',
      offset: 0,
      length: 1,
      value: 1,
      raw: '01',
      display: 'one',
      generated: true,
    });
  });

  it('reports a value its rule does not expect on the field, and builds bit fields over their own spans', () => {
    const reserved = SPECS.find((s) => s.id === 'tpkt.reserved')!;
    const f = field(reserved, Uint8Array.of(3, 7), 1, 1);
    expect(f.problems?.map((p) => [p.code, p.fieldId, p.offset])).toEqual([['reserved-nonzero', 'tpkt.reserved', 1]]);
    expect(field(reserved, Uint8Array.of(3, 0), 1, 1).problems).toBeUndefined();
    const wide = spec('hex', {
      size: 2,
      bits: [spec('uint', { id: 'test.low' as FieldId, at: 1, size: 1, mask: 0x0f })],
    });
    expect(field(wide, Uint8Array.of(9, 0xab, 0xcd), 1, 2).children).toEqual([
      { id: 'test.low', offset: 2, length: 1, value: 0x0d, raw: 'cd', display: '13' },
    ]);
  });

  it('builds every spec of every table over any bytes: raw is the span, bit fields inside it', () => {
    expect(SPECS.length).toBeGreaterThan(200);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.nat({ max: 20 }), (bytes, offset) => {
        for (const s of SPECS) {
          const length = s.size ?? (s.kind === 'ipv6' ? 16 : 4);
          const f = field(s, bytes, offset, length);
          expect(f.raw, s.id).toBe(hex(bytes, offset, length));
          expect(typeof f.display, s.id).toBe('string');
          for (const child of f.children ?? []) {
            expect(child.offset, child.id).toBeGreaterThanOrEqual(offset);
            expect(child.offset + child.length, child.id).toBeLessThanOrEqual(offset + length);
          }
        }
      }),
      { seed: 20261128, numRuns: 20 },
    );
  });

  it('throws, as before, for a span outside the bytes (the engine turns it into a problem)', () => {
    const s = SPECS.find((x) => x.kind === 'uint' && x.size === 2)!;
    expect(() => field(s, new Uint8Array(3), 2, 2)).toThrow('read of 2 bytes at 2 outside 3 bytes');
    expect(() => field(s, new Uint8Array(3), -1, 2)).toThrow(RangeError);
    expect(() => field(spec('uint'), new Uint8Array(3), 0, 8)).toThrow('read of 6 bytes at 0 outside 3 bytes');
    expect(() => field(spec('bytes'), new Uint8Array(3), 0, 8)).toThrow('read of 8 bytes at 0 outside 3 bytes');
  });
});

describe('one shape for every field and layer', () => {
  const FIELD_KEYS = ['id', 'offset', 'length', 'value', 'raw', 'display', 'problems', 'children', 'generated'];
  const LAYER_KEYS = ['protocol', 'offset', 'length', 'fields', 'summary', 'column', 'quoted'];

  /** Every field's keys, children's included, as one text per distinct key list. */
  function fieldShapes(fields: readonly Field[], into: Set<string>): Set<string> {
    for (const f of fields) {
      into.add(Object.keys(f).join());
      if (f.children) fieldShapes(f.children, into);
    }
    return into;
  }

  function shapesOf(frames: readonly Frame[]): { fields: string[]; layers: string[]; problems: number } {
    const fields = new Set<string>();
    const layers = new Set<string>();
    let problems = 0;
    for (const frame of frames) {
      problems += frame.problems.length;
      for (const layer of frame.layers) {
        layers.add(Object.keys(layer).join());
        fieldShapes(layer.fields, fields);
      }
    }
    return { fields: [...fields], layers: [...layers], problems };
  }

  // Readers of the tree (the JSON writer, -V, the app) meet one hidden class of each: V8 then reads each key at a fixed
  // place.
  it.each(['dina_cotp.pcap', 'LM_rdp_sharprdp.pcapng', 'windows_miscellany.pcap.gz'])(
    'in every frame of %s',
    { timeout: 120_000 },
    (file) => {
      const reader = readCapture(readFileSync(new URL(`../../../shared/captures/${file}`, import.meta.url)));
      const frames: Frame[] = [];
      for (let n = 1; n <= reader.frameCount(); n++)
        frames.push(dissectFrame(reader.frameBytes(n)!, reader.frame(n)!.linkType, n));
      expect(shapesOf(frames)).toMatchObject({ fields: [FIELD_KEYS.join()], layers: [LAYER_KEYS.join()] });
    },
  );

  it('with problems on fields and on bit fields, and bytes left over', () => {
    // TPKT reserved 1 (a problem on tpkt.reserved), IPv4's reserved flag set (a problem on the bit field ip.flags.rb),
    // a CR TPDU with a parameter (children given by open()), and the frame cut inside the parameter.
    const bytes = isoOnTcp(tpkt(cotp([0xe0, 0, 0, 0, 1, 0, 0xc0, 1, 0x0b]), 1));
    bytes[20]! |= 0x80;
    const frames = [dissectFrame(bytes, 1, 1), dissectFrame(bytes.subarray(0, bytes.length - 1), 1, 2)];
    const shapes = shapesOf(frames);
    expect(shapes.problems).toBeGreaterThanOrEqual(3);
    expect(shapes).toMatchObject({ fields: [FIELD_KEYS.join()], layers: [LAYER_KEYS.join()] });
  });
});
