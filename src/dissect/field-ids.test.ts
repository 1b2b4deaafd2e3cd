import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fieldIdsSource } from './field-ids-source';

describe('field-ids.ts', () => {
  it('lists exactly the ids the tables declare (run `npm run field-ids` after adding a field)', () => {
    expect(readFileSync(new URL('./field-ids.ts', import.meta.url), 'utf8')).toBe(fieldIdsSource());
  });
});
