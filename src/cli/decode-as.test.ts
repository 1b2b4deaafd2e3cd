// -d / --decode-as and --cotp-format on the command line.
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { main } from './cli';
import { parseDecodeAs } from '../dissect';

const KB = fileURLToPath(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url));
const capture = (name: string) => fileURLToPath(new URL(`../../../shared/captures/${name}`, import.meta.url));
/** Frames of each Protocol column, in frame order. */
const columns = (stdout: string) => stdout.split('\n').flatMap((line) => line.match(/ (\S+) \d+ [^ ]/)?.[1] ?? []);

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

  test('cotp.data==0,PROTOCOL: what COTP user data is decoded as, over the heuristics (key 0 only)', async () => {
    expect(parseDecodeAs('cotp.data==0,s7comm')).toEqual({
      ok: true,
      value: { table: 'cotp.data', key: 0, protocol: 's7comm' },
    });
    expect(parseDecodeAs('cotp.data==1,s7comm')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/one value, 0/),
    });
    const s7 = capture('snap7_s300_readVar.pcapng');
    expect(columns((await run([s7])).stdout)).toEqual(['S7COMM', 'S7COMM']);
    const off = await run(['-d', 'cotp.data==0,none', s7]);
    expect(off.status).toBe(0);
    expect(columns(off.stdout)).toEqual(['COTP', 'COTP']);
    expect(off.stdout).toContain('DT TPDU (0) EOT');
    // The ISO session data of an MMS association is no S7comm, but a rule says so: decoded as such (and malformed).
    const forced = await run(['--no-reassembly', '-d', 'cotp.data==0,s7comm', capture('dina_pres_trace.pcap')]);
    expect(columns(forced.stdout).filter((c) => c === 'S7COMM')).toHaveLength(6);
    expect(columns((await run(['--no-reassembly', capture('dina_pres_trace.pcap')])).stdout)).not.toContain('S7COMM');
  });

  test('a bad rule or format is a usage error (exit 2, one line)', async () => {
    const bad = await run(['--decode-as', 'nonsense', KB]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect((await run(['--cotp-format', 'big', KB])).status).toBe(2);
  });
});
