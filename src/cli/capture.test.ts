// The CLI on capture files: tshark's conventions (relative time, length on the wire, -Y, -c), every output mode,
// damage reported on stderr with the byte offset, frames streamed as they are read.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { main } from './cli';
import { runCapture } from './capture';

const capture = (name: string) => fileURLToPath(new URL(`../../../shared/captures/${name}`, import.meta.url));
const TSHARK = spawnSync('tshark', ['-v']).status === 0;

async function run(argv: readonly string[], stdin?: Uint8Array) {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    ...(stdin !== undefined ? { stdin: async () => stdin } : {}),
  });
  return { status, stdout, stderr };
}

const temp = (name: string, bytes: Uint8Array) => {
  const path = join(mkdtempSync(join(tmpdir(), 'framescope-cli-capture-')), name);
  writeFileSync(path, bytes);
  return path;
};

describe('capture files on the command line', { timeout: 120_000 }, () => {
  test('one summary line per frame: time since the first frame, length on the wire, as tshark prints them', async () => {
    const { status, stdout, stderr } = await run(['-c', '6', capture('dina_cotp.pcap')]);
    expect(status).toBe(0);
    // Captured on the loopback of the sending host, whose IPv4 header checksums the NIC was to fill in: said once.
    expect(stderr).toBe(
      `framescope: ${capture('dina_cotp.pcap')}: Checksums offloaded to the NIC on 127.0.0.1 (6 frames: IPv4): this capture was made on the sending host; they are not errors.\n`,
    );
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[3]).toBe('    4 0.000531 127.0.0.1 → 127.0.0.1 COTP 66 CR TPDU src-ref: 0x0001 dst-ref: 0x0000');
    expect(lines[5]).toMatch(/^ {4}6 0\.000656 127\.0\.0\.1 → 127\.0\.0\.1 COTP 66 CC TPDU /);
  });

  test.skipIf(!TSHARK)(
    "every frame's number, time and length equal tshark's, for pcap, pcapng and gzip",
    async () => {
      for (const name of [
        's7comm_reading_plc_status.pcap',
        'V13_1200_TP1200sim_MW100_Int_SPS_5s_MW102_Int_SPS_10s_MW102_ab_1000_Timer_sync.pcapng',
        'windows_miscellany.pcap.gz',
      ]) {
        const { stdout } = await run(['--json', capture(name)]);
        const mine = JSON.parse(stdout).frames.map(
          (f: { number: number; capture: { relative: string; originalLength: number } }) =>
            `${f.number}\t${f.capture.relative}\t${f.capture.originalLength}`,
        );
        const theirs = execFileSync(
          'tshark',
          ['-r', capture(name), '-T', 'fields', '-e', 'frame.number', '-e', 'frame.time_relative', '-e', 'frame.len'],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
        )
          .trimEnd()
          .split('\n')
          .map((line) => line.replace(/\t(\d+)\.(\d{6})\d{3}\t/, '\t$1.$2\t'));
        expect(mine, name).toEqual(theirs);
      }
    },
    20_000,
  ); // three whole files

  test('-Y: only matching frames, numbered as in the file; -c counts frames read', async () => {
    const { stdout } = await run(['-Y', 'cotp.type == 0x0d', capture('s7comm_program_blocklist_onlineview.pcap')]);
    expect(
      stdout
        .trimEnd()
        .split('\n')
        .map((l) => Number(l.trim().split(' ')[0])),
    ).toEqual([6, 36, 51, 69, 85]);
    const first = await run([
      '-Y',
      'cotp.type == 0x0d',
      '-c',
      '40',
      capture('s7comm_program_blocklist_onlineview.pcap'),
    ]);
    expect(first.stdout.trimEnd().split('\n')).toHaveLength(2);
    // Checked strictly, the checksums this host left to its network card are errors: every frame it sent matches (the
    // peer's SYN sent again is a retransmission, a note).
    const problems = await run([
      '--checksums',
      'on',
      '-Y',
      '_ws.expert.severity >= error',
      '-c',
      '8',
      capture('s7comm_reading_plc_status.pcap'),
    ]);
    const lines = problems.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/192\.168\.1\.10 → .*\[!\] 2 errors$/);
  });

  test('-Y with a bad filter: exit 2, the column and the reason', async () => {
    expect(await run(['-Y', 'cotp.tpye == 1', capture('emreekin_pro2.pcap')])).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'framescope: -Y: column 1: "cotp.tpye" is neither a field nor a protocol framescope knows. Field names are Wireshark\'s: tcp.port, ip.addr, tpkt.reserved, cotp.type …\n',
    });
    expect((await run(['-Y'])).status).toBe(2);
    expect((await run(['-c', '0', capture('emreekin_pro2.pcap')])).stderr).toMatch(/-c needs a count/);
  });

  test('-V heads each frame with what its record says: lengths, interface, times, comments', async () => {
    const { stdout } = await run(['-V', '-c', '2', capture('LM_rdp_sharprdp.pcapng')]);
    expect(stdout).toMatch(
      /^Frame 1: 66 bytes on wire \(528 bits\), 66 bytes captured \(528 bits\) on interface 0, LINKTYPE_ETHERNET \(1\)\n {4}Arrival Time: 2020-07-20 22:34:17\.571949 UTC\n {4}Epoch Time: 1595284457\.571949 seconds\n {4}\[Time since reference or first frame: 0\.000000 seconds\]\nEthernet II/,
    );
    expect(stdout).toContain('\n\nFrame 2: ');
  });

  test('--json and --annotate on a capture', async () => {
    const json = JSON.parse((await run(['--json', '-c', '3', capture('dina_pres_trace.pcap')])).stdout);
    expect(json.frames).toHaveLength(3);
    expect(json.frames[0].capture).toEqual({
      epoch: '1739459302.594859',
      relative: '0.000000',
      originalLength: 56,
      interface: 0,
    });
    expect(json.frames[0].layers[0].protocol).toBe('null');
    expect(json.schema['null.family'].cite.doc).toBe('LINKTYPE_NULL');
    expect(json.problems).toEqual([]);
    const annotated = (await run(['--annotate', '-c', '1', capture('dina_pres_trace.pcap')])).stdout;
    expect(annotated).toMatch(/^Frame 1: 56 bytes\n0x0000 {2}02 00 00 00 +null\.family = 2\n/);
  });

  test('standard input may be a capture too', async () => {
    const { status, stdout } = await run(['-'], readFileSync(capture('emreekin_pro2.pcap')));
    expect(status).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  test('a damaged capture: the frames before the damage, then the damage on stderr with its byte offset, exit 0', async () => {
    const cut = temp('cut.pcap', readFileSync(capture('emreekin_wamp.pcap')).subarray(0, 100_000));
    const { status, stdout, stderr } = await run([cut]);
    expect(status).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(175);
    expect(stderr).toBe(
      `framescope: ${cut}: byte 99725 (0x1858d): The file ends inside record 176 at offset 99709: it holds 612 octets of packet data, only 275 are present (the file was cut short). The 175 frames before it are kept\n` +
        `framescope: ${cut}: Checksums offloaded to the NIC on 192.168.1.150 (72 frames: IPv4 and TCP): this capture was made on the sending host; they are not errors.\n`,
    );
  });

  test('nothing readable: exit 2 and one line, stdout empty even for --json', async () => {
    const text = temp('text.gz', gzipSync(new TextEncoder().encode('not a capture')));
    expect(await run(['--json', text])).toEqual({
      status: 2,
      stdout: '',
      stderr: `framescope: ${text} is gzip-compressed, but what it holds is not a pcap or pcapng capture (it holds text)\n`,
    });
    const empty = temp('empty.pcapng', Uint8Array.from([0x0a, 0x0d, 0x0d, 0x0a]));
    expect((await run([empty])).stderr).toMatch(
      /^framescope: no frame in .*empty\.pcapng: byte 0 \(0x0\): The file ends 4 octets into a block header/,
    );
  });

  for (const reassembly of [false, true]) {
    test(`streams${reassembly ? ' with reassembly (one pass)' : ''}: the first frames are written before the rest of the file is read`, async () => {
      const bytes = readFileSync(capture('s7comm_varservice_libnodavedemo_bench.pcap'));
      const events: string[] = [];
      async function* chunks() {
        for (let at = 0; at < bytes.length; at += 65536) {
          events.push('chunk');
          yield bytes.subarray(at, at + 65536);
        }
      }
      const numbers: number[] = [];
      const frame = (f: { number: number }) => {
        events.push('frame');
        numbers.push(f.number);
      };
      const result = await runCapture({
        name: 'bench',
        chunks: chunks(),
        filter: undefined,
        count: undefined,
        options: {},
        reassembly,
        frame,
        problem: () => {},
      });
      expect(result.framesRead).toBe(10_171);
      expect(events.indexOf('frame')).toBe(1);
      expect(numbers).toEqual(Array.from({ length: 10_171 }, (_, i) => i + 1));
    });
  }
});
