// The shipped command: bin/framescope.mjs running the bundle that `npm run build:cli` writes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KB = fileURLToPath(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url));
const KB_LINE =
  '    1 0.000000 134.38.52.77 → 134.38.44.90 COTP 98 CC TPDU src-ref: 0x0029 dst-ref: 0x01ca  [!] 1 note\n';

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
}, 120_000);

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
  expect(result.stderr).toMatch(/^framescope: stdin is text that holds no hex dump framescope recognises [^\n]*\n$/);
});

test('runs from the code cache the build made, and ignores one made from other bytes', () => {
  const launcher = readFileSync(join(ROOT, 'dist-cli/framescope.mjs'), 'utf8');
  const cache = readFileSync(join(ROOT, 'dist-cli/framescope.mjs.cache'));
  expect(cache.length).toBeGreaterThan(32);
  // The bundle changed in place, its length the same (V8's own check of a cache would pass), beside the old cache:
  // it must run as it now reads, not as the cache remembers it.
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const other = 'x'.repeat(version.length);
  expect(launcher.split(`\\"${version}\\"`).length).toBe(2);
  const copy = join(mkdtempSync(join(tmpdir(), 'framescope-cache-')), 'framescope.mjs');
  writeFileSync(copy, launcher.replace(`\\"${version}\\"`, `\\"${other}\\"`));
  writeFileSync(`${copy}.cache`, cache);
  const changed = spawnSync(process.execPath, [copy, '--version'], { encoding: 'utf8' });
  expect(changed.stdout).toBe(`framescope ${other}\n`);
  // The launcher alone, no cache beside it: compiled from source.
  rmSync(`${copy}.cache`);
  const alone = spawnSync(process.execPath, [copy, KB], { encoding: 'utf8' });
  expect(alone.stdout).toBe(KB_LINE);
});

test(
  'output of many megabytes through a pipe (written by a writer thread) is whole and in order; stderr comes after it',
  { timeout: 120_000 },
  async () => {
    const { main } = await import('./cli');
    // The bench capture's first 400 kB, cut inside a record: 15 MB of -V text, the first 8 MiB written before the
    // writer thread starts, then more than the writer's four 1 MiB buffers hold (each is reused), then one line on
    // stderr about the damage.
    const capture = fileURLToPath(
      new URL('../../../shared/captures/s7comm_varservice_libnodavedemo_bench.pcap', import.meta.url),
    );
    const cut = join(mkdtempSync(join(tmpdir(), 'framescope-bin-')), 'cut.pcap');
    writeFileSync(cut, readFileSync(capture).subarray(0, 400_000));
    let stdout = '';
    let stderr = '';
    await main(['-V', cut], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
    expect(stdout.length).toBeGreaterThan(14 << 20);
    // The damage, then the capture's one line about checksum offload (this host left its checksums to the NIC).
    expect(stderr).toMatch(
      /^framescope: .*cut\.pcap: byte \d+ \(0x[0-9a-f]+\): The file ends inside record [^\n]*\nframescope: .*cut\.pcap: Checksums offloaded to the NIC on 192\.168\.1\.10 [^\n]*\n$/,
    );
    // Both descriptors into one real pipe, as a shell running `2>&1` has them, and a reader that starts late: the
    // pipe fills, so the buffers wait for it. The text written in-process, whole and in order, the stderr line last.
    const shell = `"${process.execPath}" bin/framescope.mjs -V "${cut}" 2>&1 | (sleep 1; cat)`;
    const both = spawnSync('bash', ['-o', 'pipefail', '-c', shell], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    expect(both.status).toBe(0);
    expect(both.stdout.length).toBe(stdout.length + stderr.length);
    expect(both.stdout.slice(-stderr.length)).toBe(stderr);
    // Not toBe: a diff of 7 MB strings would bury the failure.
    expect(both.stdout === stdout + stderr, 'piped output differs from in-process output').toBe(true);
  },
);
