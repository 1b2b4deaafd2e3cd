import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAMPLES } from '.';

describe('SAMPLES', () => {
  it('holds every example frame in public/samples, in the catalogue order, with its text', () => {
    const files = readdirSync(new URL('../../public/samples/', import.meta.url)).filter((name) =>
      name.endsWith('.txt'),
    );
    expect(SAMPLES.map((sample) => sample.file).sort()).toEqual(files.sort());
    expect(SAMPLES[0]?.file).toBe('kb151626-connect-confirm.txt');
    for (const sample of SAMPLES) expect(sample.text).toMatch(/^[0-9a-f]{4} /m);
  });
});
