// The CLI's bulk pass is lean: the summary output (the default) and the display filter (-Y) dissect no frame into field
// objects — with reassembly or without, from a capture or from pasted text — and an output that shows fields builds
// them once per frame written.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { dissectFrame } from '../dissect/engine';
import { main } from './cli';

vi.mock('../dissect/engine', async (importOriginal) => {
  const engine = await importOriginal<typeof import('../dissect/engine')>();
  return { ...engine, dissectFrame: vi.fn(engine.dissectFrame) };
});
const trees = vi.mocked(dissectFrame);

const capture = fileURLToPath(new URL('../../../shared/captures/zeek_rdp-x509.pcap', import.meta.url));
const KB = fileURLToPath(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url));

async function run(args: string[], stdin?: Uint8Array): Promise<string[]> {
  let out = '';
  const code = await main(args, {
    stdout: (t) => (out += t),
    stderr: () => {},
    ...(stdin ? { stdin: async () => stdin } : {}),
  });
  expect(code).toBe(0);
  return out.split('\n').filter((line) => line !== '');
}

describe('the CLI builds fields only for frames written with them', () => {
  beforeEach(() => {
    trees.mockClear();
  });

  test('summary lines of a capture, reassembly on and off: no tree', async () => {
    for (const args of [[capture], ['--no-reassembly', capture]]) {
      const lines = await run(args);
      expect(lines).toHaveLength(15);
      expect(lines.some((l) => l.includes('[TPKT segment, completed in frame 13]'))).toBe(args.length === 1);
    }
    expect(trees).not.toHaveBeenCalled();
  });

  test('summary lines of pasted text: no tree', async () => {
    const lines = await run(['-'], readFileSync(KB));
    expect(lines).toHaveLength(1);
    expect(trees).not.toHaveBeenCalled();
  });

  test('-Y: the filter reads lean records; only the frames it keeps are built with their fields', async () => {
    expect(await run(['-Y', 'cotp.type == 0x0f', capture])).toHaveLength(2);
    expect(trees).not.toHaveBeenCalled();
    const lines = await run(['-V', '-Y', 'frame.number == 13 || tcp.srcport == 3389 && tcp.len > 1000', capture]);
    expect(lines.filter((l) => l.startsWith('Frame ')).map((l) => l.split(':')[0])).toEqual(['Frame 12', 'Frame 13']);
    expect(trees.mock.calls.map((c) => c[2])).toEqual([12, 13]);
  });

  test('-V: one tree per frame written', async () => {
    await run(['-V', '-c', '5', capture]);
    expect(trees).toHaveBeenCalledTimes(5);
    trees.mockClear();
    await run(['-V', '--no-reassembly', '-c', '5', capture]);
    expect(trees).toHaveBeenCalledTimes(5);
  });
});
