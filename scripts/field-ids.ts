// `npm run field-ids`: writes src/dissect/field-ids.ts, the union of every field id the tables declare, so a field id
// written in code is checked by the compiler (a typo is a type error, not a runtime `undefined`). Run it after adding
// or renaming a field; src/dissect/field-ids.test.ts fails while the file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fieldIdsSource } from '../src/dissect/field-ids-source';

const target = fileURLToPath(new URL('../src/dissect/field-ids.ts', import.meta.url));
writeFileSync(target, fieldIdsSource());
console.log(`wrote ${target}`);
