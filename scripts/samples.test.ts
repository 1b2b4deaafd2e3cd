// The committed example files are exactly what scripts/samples.ts makes, and each decodes as its title says.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SAMPLES, hexDump, sampleIndex } from './samples';
import { parseText } from '../src/inputs';
import { dissectFrame, fieldsById } from '../src/dissect';

const dir = fileURLToPath(new URL('../public/samples/', import.meta.url));

describe('public/samples', () => {
  it('are up to date (npm run samples)', () => {
    for (const s of SAMPLES)
      expect(readFileSync(dir + s.file, 'utf8'), s.file).toBe(hexDump(s.bytes, `${s.title}. ${s.description}`));
    expect(readFileSync(`${dir}index.json`, 'utf8')).toBe(sampleIndex());
  });

  it('read back to their bytes and decode as described', () => {
    const decoded = SAMPLES.map((s) => {
      const parsed = parseText(readFileSync(dir + s.file, 'utf8'));
      expect(parsed.problems, s.file).toEqual([]);
      expect(Buffer.from(parsed.frames[0]!.bytes).equals(Buffer.from(s.bytes)), s.file).toBe(true);
      return dissectFrame(parsed.frames[0]!.bytes, parsed.frames[0]!.linkType, 1);
    });
    const [kb, s7, rdp, two, bad] = decoded;
    expect(fieldsById(kb!, 'tpkt.reserved')[0]!.value).toBe(0x11);
    expect(fieldsById(s7!, 'cotp.tsap.s7.slot').map((f) => f.value)).toEqual([0, 2]);
    expect(fieldsById(rdp!, 'rdp.rt_cookie')[0]!.value).toBe('Cookie: mstshash=operator');
    expect(fieldsById(two!, 'tpkt.version')).toHaveLength(2);
    expect(bad!.problems.map((p) => p.code)).toContain('checksum-bad');
    for (const frame of [kb, s7, rdp, two])
      expect(frame!.problems.filter((p) => p.code === 'checksum-bad')).toEqual([]);
  });
});
