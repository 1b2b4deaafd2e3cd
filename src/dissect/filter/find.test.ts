// Find Packet's pure parts: what the user typed (hex bytes, a string, a display filter) becomes a pattern or a
// filter, a pattern is found in a frame's bytes, and the frames are visited from the selected one, wrapping once.
import { describe, expect, it } from 'vitest';
import { compileFind, findBytes, findOrder, parseHexPattern } from './find';

const hex = (text: string) => {
  const parsed = parseHexPattern(text);
  return parsed.ok ? [...parsed.bytes] : parsed.error;
};

describe('parseHexPattern', () => {
  it('reads the ways people write bytes: spaced, run together, colon or dash separated, 0x-prefixed', () => {
    const want = [0x03, 0x00, 0x00, 0x2c];
    expect(hex('03 00 00 2c')).toEqual(want);
    expect(hex('0300002c')).toEqual(want);
    expect(hex('03:00:00:2C')).toEqual(want);
    expect(hex('03-00-00-2c')).toEqual(want);
    expect(hex('0x03 0x00 0x00 0x2c')).toEqual(want);
    expect(hex('0x0300002c')).toEqual(want);
    expect(hex('  0300 002c  ')).toEqual(want);
    expect(hex('3:0:0:2c')).toEqual(want);
  });

  it('says where it stopped reading and why', () => {
    expect(hex('')).toEqual({ column: 1, message: 'Type the bytes to find, e.g. 03 00 00 2c' });
    expect(hex('   ')).toEqual({ column: 1, message: 'Type the bytes to find, e.g. 03 00 00 2c' });
    expect(hex('03 0g')).toEqual({ column: 5, message: 'Expected a hex digit (0-9, a-f), found "g"' });
    expect(hex('030')).toEqual({
      column: 1,
      message: 'Expected whole bytes (two hex digits each), found an odd number of digits in "030"',
    });
    expect(hex('03 0x')).toEqual({ column: 4, message: 'Expected hex digits after "0x"' });
  });
});

describe('findBytes', () => {
  const frame = Uint8Array.from([0x03, 0x00, 0x00, 0x2c, 0x02, 0xf0, 0x80, 0x53, 0x69, 0x65, 0x03, 0x00]);

  it('finds the first occurrence at or after a start', () => {
    expect(findBytes(frame, Uint8Array.from([0x03, 0x00]))).toBe(0);
    expect(findBytes(frame, Uint8Array.from([0x03, 0x00]), true, 1)).toBe(10);
    expect(findBytes(frame, Uint8Array.from([0x02, 0xf0, 0x80]))).toBe(4);
  });

  it('finds nothing past the end, in a shorter frame, or for an empty pattern', () => {
    expect(findBytes(frame, Uint8Array.from([0x03, 0x00, 0x00]), true, 1)).toBe(-1);
    expect(findBytes(frame, Uint8Array.from([0x00, 0x01]))).toBe(-1);
    expect(findBytes(Uint8Array.of(0x03), Uint8Array.from([0x03, 0x00]))).toBe(-1);
    expect(findBytes(frame, new Uint8Array(0))).toBe(-1);
  });

  it('folds ASCII letters, and only them, when told case does not matter', () => {
    const sie = Uint8Array.from([0x53, 0x49, 0x45]); // "SIE"
    expect(findBytes(frame, sie)).toBe(-1);
    expect(findBytes(frame, sie, false)).toBe(7);
    // 0x80 and 0xa0 differ by 0x20 but are not letters: never folded.
    expect(findBytes(Uint8Array.of(0x80), Uint8Array.of(0xa0), false)).toBe(-1);
  });
});

describe('compileFind', () => {
  it('a display filter is compiled as the filter box compiles it, with its message when it is not one', () => {
    const ok = compileFind({ mode: 'filter', text: 'cotp.type == 0x0e' });
    expect(ok.ok && ok.find.kind === 'filter' && ok.find.filter.needsDissection).toBe(true);
    const bad = compileFind({ mode: 'filter', text: 'cotp.typ == 1' });
    expect(bad.ok ? undefined : bad.error.message).toMatch(/neither a field nor a protocol/);
    const empty = compileFind({ mode: 'filter', text: ' ' });
    expect(empty.ok ? undefined : empty.error.message).toBe('Type a display filter, e.g. cotp.type == 0x0e');
  });

  it('hex and strings become bytes (a string as UTF-8), case folded for strings only when asked', () => {
    expect(compileFind({ mode: 'hex', text: '03 00' })).toEqual({
      ok: true,
      find: { kind: 'bytes', pattern: Uint8Array.of(3, 0), caseSensitive: true },
    });
    expect(compileFind({ mode: 'string', text: 'Siemens', caseSensitive: false })).toEqual({
      ok: true,
      find: { kind: 'bytes', pattern: new TextEncoder().encode('Siemens'), caseSensitive: false },
    });
    expect(compileFind({ mode: 'string', text: 'µ' })).toMatchObject({
      find: { pattern: Uint8Array.of(0xc2, 0xb5), caseSensitive: true },
    });
    const empty = compileFind({ mode: 'string', text: '' });
    expect(empty.ok ? undefined : empty.error.message).toBe('Type the text to find');
  });
});

describe('findOrder', () => {
  const visit = (from: number, count: number, direction: 'next' | 'previous') =>
    Array.from({ length: count }, (_, k) => findOrder(from, count, direction, k + 1)).map(
      (s) => `${s.frame}${s.wrapped ? 'w' : ''}`,
    );

  it('goes on from the selected frame, wraps once, and reaches the selected frame last', () => {
    expect(visit(3, 5, 'next')).toEqual(['4', '5', '1w', '2w', '3w']);
    expect(visit(3, 5, 'previous')).toEqual(['2', '1', '5w', '4w', '3w']);
    expect(visit(5, 5, 'next')).toEqual(['1w', '2w', '3w', '4w', '5w']);
  });

  it('without a selection starts at the first frame (next) or the last (previous), without wrapping', () => {
    expect(visit(0, 4, 'next')).toEqual(['1', '2', '3', '4']);
    expect(visit(0, 4, 'previous')).toEqual(['4', '3', '2', '1']);
  });
});
