// framescope diff A B: the KB frame against the same frame with the reserved octet zeroed and the TCP checksum
// fixed lists exactly tpkt.reserved and tcp.checksum.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { main } from './cli';
import { applyFix, availableFixes, dissectFrame } from '../dissect';
import { parseText } from '../inputs';

const KB_PATH = fileURLToPath(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url));
const KB = parseText(readFileSync(KB_PATH, 'utf8')).frames[0]!.bytes;

function twin(): string {
  let bytes = KB;
  // Zeroing the reserved octet updates the TCP checksum in the same step.
  const frame = dissectFrame(bytes, 1, 1);
  bytes = applyFix(
    frame,
    bytes,
    availableFixes(frame, bytes).find((f) => f.fieldId === 'tpkt.reserved')!,
  )!;
  const path = join(mkdtempSync(join(tmpdir(), 'framescope-diff-')), 'kb-fixed.txt');
  writeFileSync(path, Buffer.from(bytes).toString('hex'));
  return path;
}

async function run(argv: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

describe('framescope diff', () => {
  test('lists exactly the two fields that differ, with their rules', async () => {
    const { status, stdout } = await run(['diff', KB_PATH, twin()]);
    expect(status).toBe(0);
    expect(stdout).toBe(
      '2 fields differ:\n' +
        '  tcp.checksum @0x0032  Checksum: 24691 (0x6073) → 24708 (0x6084)  — RFC 9293 §3.1\n' +
        '  tpkt.reserved @0x0037  Reserved: 17 (0x11) → 0 (0x0)  — RFC 1006 §6\n',
    );
  });

  test('--json prints the differences', async () => {
    const { status, stdout } = await run(['diff', '--json', KB_PATH, twin()]);
    expect(status).toBe(0);
    const doc = JSON.parse(stdout) as { differences: { id: string; a: number; b: number }[] };
    expect(doc.differences.map((d) => [d.id, d.a, d.b])).toEqual([
      ['tcp.checksum', 0x6073, 0x6084],
      ['tpkt.reserved', 17, 0],
    ]);
  });

  test('one difference is "1 field differs"', async () => {
    const zeroed = new Uint8Array(KB);
    zeroed[0x37] = 0;
    const path = join(mkdtempSync(join(tmpdir(), 'framescope-diff-')), 'kb-zeroed.txt');
    writeFileSync(path, Buffer.from(zeroed).toString('hex'));
    expect((await run(['diff', KB_PATH, path])).stdout).toBe(
      '1 field differs:\n  tpkt.reserved @0x0037  Reserved: 17 (0x11) → 0 (0x0)  — RFC 1006 §6\n',
    );
  });

  test('the same frame twice: nothing differs; a missing file is exit 2', async () => {
    expect((await run(['diff', KB_PATH, KB_PATH])).stdout).toBe('No field differs.\n');
    const missing = await run(['diff', KB_PATH, '/nonexistent']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read /nonexistent');
  });

  test('a side that is neither a dump nor a capture is named: exit 2', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'framescope-diff-')), 'b.pdf');
    writeFileSync(path, '%PDF-1.7\n');
    expect(await run(['diff', KB_PATH, path])).toEqual({
      status: 2,
      stdout: '',
      stderr: `framescope diff: ${path} is a PDF document, not a capture or a hex dump (see framescope diff --help)\n`,
    });
  });
});
