import { describe, expect, it, test } from 'vitest';
import { fieldLabel, hexByte, hexDigits, hexNumber, maskBits, maskHex } from './format';
import { cite } from './cite';

test.each([
  ['45', 0xf0, '0100 ....'],
  ['45', 0x0f, '.... 0101'],
  ['d0', 0x0f, '.... 0000'],
  ['40', 0xe0, '010. ....'],
  ['4000', 0x1fff, '...0 0000 0000 0000'],
  ['4000', 0x4000, '.1.. .... .... ....'],
  ['018', 0x010, '.... ...1 ....'],
  ['00', 0x0c, '.... 00..'],
  ['ffffffffff', 2 ** 39, '1... .... .... .... .... .... .... .... .... ....'],
])('%s under mask %i reads %s, MSB first as Wireshark writes it', (raw, mask, bits) => {
  expect(maskBits(raw, mask)).toBe(bits);
});

test('the mask is written as wide as its span', () => {
  expect(maskHex(0x0f, 1)).toBe('0x0f');
  expect(maskHex(0x1fff, 2)).toBe('0x1fff');
});

test('hex text: bytes two digits, numbers padded to the digits asked for, never cut', () => {
  expect([0, 0x0a, 0xff, 0x1ff].map(hexByte)).toEqual(['00', '0a', 'ff', 'ff']);
  expect(hexDigits(0x2c, 4)).toBe('002c');
  expect(hexDigits(0x12345, 4)).toBe('12345');
  expect(hexNumber(0x2c)).toBe('0x2c');
  expect(hexNumber(0, 2)).toBe('0x00');
  expect(hexNumber(0xbeef, 8)).toBe('0x0000beef');
});

describe('fieldLabel', () => {
  const schema = { label: 'Version', cite: cite('RFC 791', '3.1'), meaning: 'IP version.' };
  const field = { id: 'ip.version', offset: 14, length: 1, value: 4, raw: '45', display: '4' };
  it('is "label: display" without a mask', () => expect(fieldLabel(field, schema)).toBe('Version: 4'));
  it('prefixes the bits of a masked field', () =>
    expect(fieldLabel(field, { ...schema, mask: 0xf0 })).toBe('0100 .... = Version: 4'));
  it('cuts long values short when asked', () => {
    const long = { ...field, id: 'eth.trailer', display: '00'.repeat(700) };
    expect(fieldLabel(long, { ...schema, label: 'Trailer' }, 64)).toBe(`Trailer: ${'0'.repeat(63)}…`);
  });
  it('brackets generated fields and falls back to the id without a schema', () => {
    expect(fieldLabel({ ...field, generated: true }, undefined)).toBe('[ip.version: 4]');
  });
});
