// --checksums auto|on|off on the command line, and the capture's one line about checksum offload (stderr, and the
// JSON document's "checksumOffload"). ndpi_s7comm.pcap was captured on 192.168.1.10, which left both its checksums to
// its network card; the replies from 192.168.1.40 arrived computed.
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseArgs, USAGE } from './args';
import { main } from './cli';

const S7 = fileURLToPath(new URL('../../../shared/captures/ndpi_s7comm.pcap', import.meta.url));
const X509 = fileURLToPath(new URL('../../../shared/captures/zeek_rdp-x509.pcap', import.meta.url));

async function run(argv: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

describe('--checksums', () => {
  test('parses auto, on and off; absent is auto (no option); anything else is a usage error', async () => {
    const parsed = (argv: string[]) => {
      const result = parseArgs(argv);
      return result.ok ? result.options.dissect : result.error;
    };
    expect(parsed([S7])).toEqual({});
    expect(parsed(['--checksums', 'on', S7])).toEqual({ checksums: 'on' });
    expect(parsed(['--checksums', 'off', S7])).toEqual({ checksums: 'off' });
    expect(parsed(['--checksums', 'auto', S7])).toEqual({ checksums: 'auto' });
    expect(parsed(['--checksums', 'strict', S7])).toBe('--checksums takes auto, on or off');
    expect(parsed(['--checksums'])).toBe('--checksums takes auto, on or off');
    expect(await run(['--checksums', 'yes', S7])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'framescope: --checksums takes auto, on or off (see framescope --help)\n',
    });
    expect(USAGE).toContain('--checksums auto|on|off');
  });

  test('auto: the offloaded frames have no problem, and the capture says once which host offloaded', async () => {
    const { status, stdout, stderr } = await run(['-c', '4', S7]);
    expect(status).toBe(0);
    expect(stdout).not.toContain('[!]');
    expect(stderr).toBe(
      `framescope: ${S7}: Checksums offloaded to the NIC on 192.168.1.10 (2 frames: IPv4 and TCP): this capture was made on the sending host; they are not errors.\n`,
    );
  });

  test('on: the offloaded frames have two errors each, nothing is said about offload; off: nothing checked', async () => {
    const on = await run(['--checksums', 'on', '-c', '4', S7]);
    const lines = on.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.includes('192.168.1.10 →')).every((l) => l.endsWith('[!] 2 errors'))).toBe(true);
    expect(lines.filter((l) => l.includes('192.168.1.40 →')).some((l) => l.includes('[!]'))).toBe(false);
    expect(on.stderr).toBe('');
    const off = await run(['--checksums', 'off', '-V', '-c', '1', S7]);
    expect(off.stdout).toContain('Header Checksum: 0x0000 [validation disabled]');
    expect(off.stdout).toContain('[Checksum Status: Unverified (2)]');
    expect(off.stderr).toBe('');
  });

  test('--json: a top-level "checksumOffload" when a host offloaded, absent otherwise', async () => {
    const doc = JSON.parse((await run(['--json', S7])).stdout);
    expect(doc.checksumOffload).toEqual([{ address: '192.168.1.10', frames: 36, ipv4: 36, tcp: 36 }]);
    expect(doc.frames[0].problems).toEqual([]);
    expect(JSON.parse((await run(['--json', X509])).stdout)).not.toHaveProperty('checksumOffload');
  });
});
