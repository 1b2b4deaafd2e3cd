// The shipped command: bin/framescope.mjs running the bundle that `npm run build:cli` writes.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KB = fileURLToPath(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url));
const KB_LINE = '    1 0.000000 134.38.52.77 → 134.38.44.90 COTP 98 CC TPDU src-ref: 0x0029 dst-ref: 0x01ca  [!] 1 warning\n';

function framescope(args: readonly string[], input?: string) {
  return spawnSync(process.execPath, ['bin/framescope.mjs', ...args], { cwd: ROOT, encoding: 'utf8', input: input ?? '' });
}

beforeAll(() => {
  // The real build, not a copy of its settings: this test is about what users run.
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, stdio: 'pipe' });
}, 60_000);

test('reads a file and exits 0', () => {
  const result = framescope([KB]);
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe(KB_LINE);
  expect(result.status).toBe(0);
});

test('reads piped standard input', () => {
  const result = framescope(['-'], readFileSync(KB, 'utf8'));
  expect(result.stdout).toBe(KB_LINE);
  expect(result.status).toBe(0);
});

test('exits 2 with one line on stderr when nothing can be read', () => {
  const result = framescope(['-'], 'hello world\n');
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^framescope: no frame in stdin: expected a hex dump [^\n]*\n$/);
});
