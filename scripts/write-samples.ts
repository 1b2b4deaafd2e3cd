// `npm run samples`: writes public/samples/ from scripts/samples.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SAMPLES, hexDump, sampleIndex } from './samples';

const dir = fileURLToPath(new URL('../public/samples/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const s of SAMPLES) writeFileSync(dir + s.file, hexDump(s.bytes, `${s.title}. ${s.description}`));
writeFileSync(`${dir}index.json`, sampleIndex());
console.log(`wrote ${SAMPLES.length} samples to public/samples/`);
