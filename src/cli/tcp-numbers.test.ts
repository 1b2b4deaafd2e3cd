// TCP's stream index and relative numbers on the command line: the default (relative, as tshark), tshark's
// `-o tcp.relative_sequence_numbers:FALSE`, filters on tcp.stream / tcp.seq / tcp.nxtseq, and the same with
// --no-reassembly (tshark computes them with reassembly off too). Expected lines are tshark 4.0.17's for the same
// capture and arguments (dina_cotp.pcap: one connection on the loopback, 58019 → 102).
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseArgs, USAGE } from './args';
import { main } from './cli';

const DINA = fileURLToPath(new URL('../../../shared/captures/dina_cotp.pcap', import.meta.url));
const FIELDS = ['-T', 'fields', '-e', 'frame.number', '-e', 'tcp.stream', '-e', 'tcp.seq', '-e', 'tcp.ack'];

async function run(argv: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

describe('-o tcp.relative_sequence_numbers', () => {
  test('parses TRUE and FALSE (any case) as tshark does; absent is relative; any other preference is refused', async () => {
    const parsed = (argv: string[]) => {
      const result = parseArgs(argv);
      return result.ok ? result.options.dissect : result.error;
    };
    expect(parsed([DINA])).toEqual({});
    expect(parsed(['-o', 'tcp.relative_sequence_numbers:FALSE', DINA])).toEqual({ relativeSequenceNumbers: false });
    expect(parsed(['-otcp.relative_sequence_numbers:false', DINA])).toEqual({ relativeSequenceNumbers: false });
    expect(parsed(['-o', 'tcp.relative_sequence_numbers:TRUE', DINA])).toEqual({});
    const refused = '-o takes a preference as tshark does: tcp.relative_sequence_numbers:TRUE|FALSE';
    expect(parsed(['-o', 'tcp.desegment_tcp_streams:FALSE', DINA])).toBe(refused);
    expect(parsed(['-o', 'tcp.relative_sequence_numbers:0', DINA])).toBe(refused);
    expect(parsed(['-o'])).toBe(refused);
    expect(await run(['-o', 'x', DINA])).toMatchObject({ status: 2, stdout: '' });
    expect(USAGE).toContain('-o tcp.relative_sequence_numbers:TRUE|FALSE');
  });

  test('relative by default, as tshark; FALSE: the numbers on the wire, in the fields and in Info', async () => {
    const relative = await run([...FIELDS, '-e', '_ws.col.Info', '-c', '3', DINA]);
    expect(relative.stdout).toBe(
      [
        '1\t0\t0\t0\t58019 → 102 [SYN] Seq=0 Win=65535 Len=0 MSS=65495 WS=256 SACK_PERM',
        '2\t0\t0\t1\t102 → 58019 [SYN, ACK] Seq=0 Ack=1 Win=65535 Len=0 MSS=65495 WS=256 SACK_PERM',
        '3\t0\t1\t1\t58019 → 102 [ACK] Seq=1 Ack=1 Win=2161152 Len=0',
        '',
      ].join('\n'),
    );
    const raw = await run([
      ...FIELDS,
      '-e',
      '_ws.col.Info',
      '-c',
      '3',
      '-o',
      'tcp.relative_sequence_numbers:FALSE',
      DINA,
    ]);
    expect(raw.stdout).toBe(
      [
        '1\t0\t4054318792\t0\t58019 → 102 [SYN] Seq=4054318792 Win=65535 Len=0 MSS=65495 WS=256 SACK_PERM',
        '2\t0\t1717244279\t4054318793\t102 → 58019 [SYN, ACK] Seq=1717244279 Ack=4054318793 Win=65535 Len=0 MSS=65495 WS=256 SACK_PERM',
        '3\t0\t4054318793\t1717244280\t58019 → 102 [ACK] Seq=4054318793 Ack=1717244280 Win=2161152 Len=0',
        '',
      ].join('\n'),
    );
  });

  test.each([[[]], [['--no-reassembly']]])(
    'filters on tcp.stream, tcp.seq and tcp.nxtseq, reassembly on or off (%j)',
    async (extra) => {
      const lines = async (filter: string) =>
        (await run([...FIELDS, '-e', 'tcp.nxtseq', '-e', 'tcp.time_delta', ...extra, '-Y', filter, DINA])).stdout
          .trimEnd()
          .split('\n');
      expect(await lines('tcp.seq == 23 && tcp.nxtseq == 233')).toEqual(['8\t0\t23\t23\t233\t0.000199000']);
      expect((await lines('tcp.stream == 0')).length).toBe(4273);
      expect(await lines('tcp.stream == 1')).toEqual(['']);
      expect((await lines('tcp.time_delta > 0.25 && frame.number < 4170')).map((l) => l.split('\t')[0])).toEqual([
        '12',
        '4166',
      ]);
    },
  );
});
