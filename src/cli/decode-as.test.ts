// -d / --decode-as and --cotp-format on the command line.
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { main } from './cli';
import { parseDecodeAs } from '../dissect';

const KB = fileURLToPath(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url));

async function run(argv: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

describe('decode-as', () => {
  test('parses tshark-style rules and says what was expected otherwise', () => {
    expect(parseDecodeAs('tcp.port==3390,tpkt')).toEqual({
      ok: true,
      value: { table: 'tcp.port', key: 3390, protocol: 'tpkt' },
    });
    expect(parseDecodeAs('tcp.port==0x66,none')).toEqual({
      ok: true,
      value: { table: 'tcp.port', key: 102, protocol: 'none' },
    });
    expect(parseDecodeAs('tcp.port=102')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/expected TABLE==VALUE,PROTOCOL/),
    });
    expect(parseDecodeAs('udp.port==102,tpkt')).toMatchObject({ ok: false });
  });

  test('tcp.port==102,none turns TPKT off for the KB frame', async () => {
    const on = await run([KB]);
    const off = await run(['-d', 'tcp.port==102,none', KB]);
    expect(on.stdout).toContain('COTP');
    expect(off.status).toBe(0);
    expect(off.stdout).toMatch(/ TCP 98 102 → 1555/);
    expect(off.stdout).not.toContain('COTP');
  });

  test('a bad rule or format is a usage error (exit 2, one line)', async () => {
    const bad = await run(['--decode-as', 'nonsense', KB]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect((await run(['--cotp-format', 'big', KB])).status).toBe(2);
  });
});
