// Writes the expected output of framescope's -T fields tests (src/cli/__fields__/NAME.txt) by running tshark on
// each case of src/cli/__fields__/cases.json. The tests themselves never run tshark. Run it when a case is added or
// changed, and read the diff: the file is what tshark 4.0 writes, and framescope must write the same.
//   node scripts/fields-expected.mjs
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const DIR = new URL('../src/cli/__fields__/', import.meta.url);
const CAPTURES = new URL('../../shared/captures/', import.meta.url);
const { cases } = JSON.parse(readFileSync(new URL('cases.json', DIR), 'utf8'));

// No name resolution (framescope shows addresses, not vendor names); sequence numbers as on the wire.
const COMMON = ['-n', '-o', 'tcp.relative_sequence_numbers:FALSE'];
const NO_REASSEMBLY = ['-o', 'tcp.desegment_tcp_streams:FALSE', '-o', 'cotp.reassemble:FALSE'];

for (const c of cases) {
  const capture = new URL(c.capture, CAPTURES).pathname;
  const args = ['-r', capture, ...COMMON, ...(c.reassembly ? [] : NO_REASSEMBLY), ...c.args];
  const run = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`tshark ${args.join(' ')} failed: ${run.stderr}`);
  writeFileSync(new URL(`${c.name}.txt`, DIR), run.stdout);
  console.log(`${c.name}.txt: ${run.stdout.split('\n').length - 1} lines`);
}
