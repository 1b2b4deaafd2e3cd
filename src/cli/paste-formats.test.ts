// The CLI reads every pasted format the app reads (the same parseText), and --link-type overrides the link
// layer it detects.
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { main } from './cli';

const fixture = (name: string) => fileURLToPath(new URL(`../inputs/__fixtures__/${name}`, import.meta.url));

async function run(argv: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { status, stdout, stderr };
}

const KB_LINE = '134.38.52.77 → 134.38.44.90 COTP 98 CC TPDU src-ref: 0x0029 dst-ref: 0x01ca';

describe('pasted formats on the command line', () => {
  test.each(['tcpdump-XX.txt', 'gdb.txt', 'python-repr.txt', 'router-dump.txt', 'cyberchef-link.txt'])(
    '%s',
    async (name) => {
      const { status, stdout, stderr } = await run([fixture(name)]);
      expect(status).toBe(0);
      expect(stderr).toBe('');
      expect(stdout.split('\n')[0]).toContain(KB_LINE);
    },
  );

  test('--link-type decodes every frame with the given link type', async () => {
    const detected = await run([fixture('tshark-x-raw-ipv4.txt')]);
    expect(detected.stdout.split('\n')[0]).toContain('COTP 84 CC TPDU');
    const forced = await run(['--link-type', '1', '--json', fixture('tshark-x-raw-ipv4.txt')]);
    const frames = JSON.parse(forced.stdout).frames as { linkType: number; layers: { protocol: string }[] }[];
    expect(frames.map((f) => [f.linkType, f.layers[0]!.protocol])).toEqual([
      [1, 'eth'],
      [1, 'eth'],
      [1, 'eth'],
    ]);
  });

  test('--link-type needs a number', async () => {
    const { status, stderr } = await run(['--link-type', 'ethernet', fixture('od.txt')]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/--link-type needs a pcap link type number/);
  });
});
