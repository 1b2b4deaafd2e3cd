import { describe, expect, it } from 'vitest';
import { fieldLabel, spacedHex, spanText } from './format';
import { cite } from '../dissect/cite';

describe('fieldLabel in the tree', () => {
  const schema = { label: 'Trailer', cite: cite('IEEE 802.3', '3.2.7'), meaning: 'Trailer.' };
  it('cuts long values at 64 characters', () => {
    const long = { id: 'eth.trailer', offset: 0, length: 700, value: '', raw: '', display: '00'.repeat(700) };
    expect(fieldLabel(long, schema)).toBe(`Trailer: ${'0'.repeat(63)}…`);
  });
});

describe('small formatters', () => {
  it('spaces hex and names spans', () => {
    expect(spacedHex('002c')).toBe('00 2c');
    expect(spacedHex('')).toBe('');
    expect(spanText(55, 1)).toBe('byte 55 (0x37)');
    expect(spanText(58, 4)).toBe('bytes 58–61 (0x3a–0x3d), 4 bytes');
  });
});
