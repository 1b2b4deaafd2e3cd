// The BER walker (X.690 §8.1) on its own: elements shown by their tags, every octet in a field, lengths in every
// form, and malformed encodings reported — never thrown — with the rest shown undecoded.
import { describe, expect, it } from 'vitest';
import { TreeLayer } from '../sink';
import type { Field } from '../model';
import {
  berWalk,
  elementEnd,
  isOneElement,
  newHeader,
  oidText,
  readHeader,
  walkElements,
  HEADER_RESERVED_LENGTH,
} from './ber';

/** The fields and problems the walker gives for `bytes` (`cut`: the bytes stop before the PDU does). */
function walk(bytes: number[], cut = false) {
  const data = Uint8Array.from(bytes);
  const out = new TreeLayer(data);
  const w = berWalk(out, data, data.length, cut);
  walkElements(w, 0, data.length, undefined);
  const fields = out.fields();
  const problems: { severity: string; code: string; fieldId?: string }[] = [];
  const leaves: [number, number, string][] = [];
  const visit = (f: Field) => {
    for (const p of f.problems ?? []) problems.push({ severity: p.severity, code: p.code, fieldId: p.fieldId });
    if (!f.children || f.children.every((c) => c.id.startsWith('ber.id.'))) leaves.push([f.offset, f.length, f.id]);
    else f.children.forEach(visit);
  };
  fields.forEach(visit);
  return { fields, problems, leaves, malformed: w.malformed };
}

/** Every octet in exactly one leaf, in order. */
function covered(leaves: [number, number, string][], length: number): boolean {
  let at = 0;
  for (const [offset, size] of [...leaves].sort((a, b) => a[0] - b[0])) {
    if (offset !== at) return false;
    at += size;
  }
  return at === length;
}

describe('BER elements nobody named', () => {
  it('a SEQUENCE of an INTEGER and a VisibleString: each by its universal tag, values read', () => {
    const { fields, problems, leaves } = walk([0x30, 0x07, 0x02, 0x02, 0x01, 0x00, 0x1a, 0x01, 0x41]);
    expect(problems).toEqual([]);
    const [sequence] = fields;
    expect(sequence).toMatchObject({ id: 'ber.unknown.constructed', offset: 0, length: 9 });
    expect(sequence!.display).toBe('SEQUENCE (2 elements)');
    const [id, length, integer, string] = sequence!.children!;
    expect(id).toMatchObject({ id: 'ber.identifier', value: 0x30, display: '0x30 (SEQUENCE, constructed)' });
    expect(id!.children!.map((c) => [c.id, c.value])).toEqual([
      ['ber.id.class', 0],
      ['ber.id.pc', 1],
      ['ber.id.uni_tag', 16],
    ]);
    expect(length).toMatchObject({ id: 'ber.length', value: 7 });
    expect(integer).toMatchObject({ id: 'ber.unknown.INTEGER', value: 256 });
    expect(string).toMatchObject({ id: 'ber.unknown.VisibleString', value: 'A' });
    expect(covered(leaves, 9)).toBe(true);
  });

  it('a negative INTEGER, an OBJECT IDENTIFIER, a BOOLEAN and a context-specific primitive shown as bytes', () => {
    const { fields } = walk([0x02, 0x01, 0xff, 0x06, 0x03, 0x2b, 0x06, 0x01, 0x01, 0x01, 0xff, 0x83, 0x02, 0xbe, 0xef]);
    expect(fields.map((f) => [f.id, f.value])).toEqual([
      ['ber.unknown.INTEGER', -1],
      ['ber.unknown.OID', '1.3.6.1'],
      ['ber.unknown.BOOLEAN', 1],
      ['ber.unknown.primitive', 'beef'],
    ]);
    expect(fields[3]!.display).toBe('[3] 2 octets');
    expect(fields[3]!.children!.map((c) => c.id)).toEqual(['ber.identifier', 'ber.length', 'ber.contents']);
  });

  it('the long form of the length, and a tag number above 30 (high-tag-number form)', () => {
    const contents = Array.from({ length: 200 }, () => 0x55);
    const { fields, problems } = walk([0x9f, 0x81, 0x00, 0x81, 200, ...contents]);
    expect(problems).toEqual([]);
    const [id, tag, length, data] = fields[0]!.children!;
    expect(id!.value).toBe(0x9f);
    expect(tag).toMatchObject({ id: 'ber.id.tag_number', offset: 1, length: 2, value: 128 });
    expect(length).toMatchObject({ id: 'ber.length', offset: 3, length: 2, value: 200 });
    expect(data).toMatchObject({ id: 'ber.contents', offset: 5, length: 200 });
  });

  it('the indefinite form: elements up to the end-of-contents octets, nested', () => {
    const bytes = [0x30, 0x80, 0xa1, 0x80, 0x05, 0x00, 0x00, 0x00, 0x02, 0x01, 0x07, 0x00, 0x00, 0x04, 0x00];
    const { fields, problems, leaves } = walk(bytes);
    expect(problems).toEqual([]);
    expect(fields.map((f) => [f.id, f.offset, f.length])).toEqual([
      ['ber.unknown.constructed', 0, 13],
      ['ber.unknown.OCTETSTRING', 13, 2],
    ]);
    expect(fields[0]!.children!.map((c) => c.id)).toEqual([
      'ber.identifier',
      'ber.length.indefinite',
      'ber.unknown.constructed',
      'ber.unknown.INTEGER',
      'ber.end_of_contents',
    ]);
    expect(covered(leaves, bytes.length)).toBe(true);
  });
});

describe('malformed BER: an error, the rest undecoded, never a throw', () => {
  it('a length that overruns its enclosing element', () => {
    const { fields, problems, leaves, malformed } = walk([0x30, 0x04, 0x02, 0x05, 0x01, 0x02, 0x04, 0x00]);
    expect(malformed).toBe(true);
    expect(problems).toEqual([{ severity: 'error', code: 'malformed', fieldId: 'ber.length' }]);
    const inner = fields[0]!.children![2]!;
    expect(inner.children!.map((c) => [c.id, c.offset, c.length])).toEqual([
      ['ber.identifier', 2, 1],
      ['ber.length', 3, 1],
      ['ber.undecoded', 4, 2],
    ]);
    // The outer element still ends where its own length says, and what follows is read on.
    expect(fields[1]).toMatchObject({ id: 'ber.unknown.OCTETSTRING', offset: 6 });
    expect(covered(leaves, 8)).toBe(true);
  });

  it('the same overrun is only a cut when the bytes stop before the PDU does (a TPKT running on)', () => {
    const { problems, malformed } = walk([0x30, 0x10, 0x02, 0x01, 0x05], true);
    expect(problems).toEqual([]);
    expect(malformed).toBe(false);
  });

  it('the reserved length octet 0xFF, an indefinite primitive, a missing end-of-contents, a cut identifier', () => {
    for (const bytes of [
      [0x04, 0xff, 0x01],
      [0x04, 0x80, 0x01, 0x00, 0x00],
      [0x30, 0x80, 0x02, 0x01, 0x01],
      [0x1f, 0x81],
      [0x30],
    ]) {
      const { problems, leaves } = walk(bytes);
      expect(
        problems.map((p) => [p.severity, p.code]),
        bytes.join(' '),
      ).toEqual([['error', 'malformed']]);
      expect(covered(leaves, bytes.length), bytes.join(' ')).toBe(true);
    }
  });

  it('nesting beyond the depth the walker follows is shown undecoded, not followed', () => {
    const deep: number[] = [0x05, 0x00];
    for (let i = 0; i < 60; i++) deep.unshift(0x30, deep.length);
    const { problems, leaves } = walk(deep);
    expect(problems.map((p) => [p.severity, p.code])).toEqual([['warning', 'undecoded']]);
    expect(covered(leaves, deep.length)).toBe(true);
  });
});

describe('BER readers', () => {
  it('readHeader reports why a header does not read', () => {
    const h = newHeader();
    expect(readHeader(Uint8Array.from([0x04, 0xff]), 0, 2, h)).toBe(false);
    expect(h.status).toBe(HEADER_RESERVED_LENGTH);
  });
  it('elementEnd finds the end of an indefinite element, -1 when it cannot', () => {
    const h = newHeader();
    expect(elementEnd(Uint8Array.from([0x30, 0x80, 0x05, 0x00, 0x00, 0x00]), 0, 6, h)).toBe(6);
    expect(elementEnd(Uint8Array.from([0x30, 0x80, 0x05, 0x00]), 0, 4, h)).toBe(-1);
  });
  it('isOneElement: exactly one element, or one cut short when the bytes may stop early', () => {
    const bytes = Uint8Array.from([0xa0, 0x03, 0x02, 0x01, 0x01]);
    expect(isOneElement(bytes, 0, 5, false)).toBe(true);
    expect(isOneElement(bytes, 0, 4, false)).toBe(false);
    expect(isOneElement(bytes, 0, 4, true)).toBe(true);
  });
  it('oidText: the first subidentifier holds two arcs (X.690 §8.19.4)', () => {
    expect(oidText(Uint8Array.from([0x28, 0xca, 0x22, 0x02, 0x01]), 0, 5)).toBe('1.0.9506.2.1');
    expect(oidText(Uint8Array.from([0x52, 0x01, 0x00, 0x01]), 0, 4)).toBe('2.2.1.0.1');
  });
});
