// The shipped command: bin/framescope.mjs running the bundle that `npm run build:cli` writes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KB = fileURLToPath(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url));
const KB_LINE =
  '    1 0.000000 134.38.52.77 → 134.38.44.90 COTP 98 CC TPDU src-ref: 0x0029 dst-ref: 0x01ca  [!] 1 warning\n';

function framescope(args: readonly string[], input?: string) {
  return spawnSync(process.execPath, ['bin/framescope.mjs', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input: input ?? '',
  });
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

test('output of many megabytes through a pipe (written by a writer thread) is whole and in order; stderr comes after it', async () => {
  const { main } = await import('./cli');
  const capture = fileURLToPath(
    new URL('../../../shared/captures/s7comm_varservice_libnodavedemo_bench.pcap', import.meta.url),
  );
  let expected = '';
  await main(['--json', capture], { stdout: (text) => (expected += text), stderr: () => {} });
  expect(expected.length).toBeGreaterThan(8 << 20); // several of the writer's 1 MiB buffers
  const piped = spawnSync(process.execPath, ['bin/framescope.mjs', '--json', capture], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  expect(piped.status).toBe(0);
  expect(piped.stdout).toBe(expected);
  // A damaged file: the frames before the damage, then the damage on stderr and the capture's one line about checksum
  // offload (this host left its checksums to the NIC), which a shell running `2>&1` sees last.
  const cut = join(mkdtempSync(join(tmpdir(), 'framescope-bin-')), 'cut.pcap');
  writeFileSync(cut, readFileSync(capture).subarray(0, 1_000_000));
  const both = spawnSync('sh', ['-c', `"${process.execPath}" bin/framescope.mjs -V "${cut}" 2>&1`], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  expect(both.stdout.length).toBeGreaterThan(3 << 20);
  const [damage, offload] = both.stdout.trimEnd().split('\n').slice(-2);
  expect(damage).toMatch(/^framescope: .*cut\.pcap: byte \d+ \(0x[0-9a-f]+\): The file ends inside record/);
  expect(offload).toMatch(/^framescope: .*cut\.pcap: Checksums offloaded to the NIC on 192\.168\.1\.10 /);
  expect(both.stdout.match(/^framescope: /gm)).toHaveLength(2);
}, 120_000); // 10 171 frames as JSON, twice, and a -V run: seconds on a busy machine
