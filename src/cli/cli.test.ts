// The CLI through main(argv, io): what a user sees on stdout and stderr, and the exit status.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { main } from './cli';
import { noiseBytes } from '../inputs/testing/capture-files';
import { hexByte } from '../dissect/format';
import { DECODED_PROTOCOLS, NAMED_ONLY_PROTOCOLS } from '../dissect';

const KB = fileURLToPath(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url));

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(argv: readonly string[], stdin?: string | Uint8Array): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    ...(stdin !== undefined
      ? { stdin: async () => (typeof stdin === 'string' ? new TextEncoder().encode(stdin) : stdin) }
      : {}),
  });
  return { status, stdout, stderr };
}

function tempFile(name: string, content: string | Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'framescope-cli-')), name);
  writeFileSync(path, content);
  return path;
}

describe('summary line (default)', () => {
  test('one tshark-shaped line for the KB frame, marked with its note', async () => {
    const { status, stdout, stderr } = await run([KB]);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(
      '    1 0.000000 134.38.52.77 → 134.38.44.90 COTP 98 CC TPDU src-ref: 0x0029 dst-ref: 0x01ca  [!] 1 note\n',
    );
  });

  test('-r FILE is the same as FILE', async () => {
    expect(await run(['-r', KB])).toEqual(await run([KB]));
  });

  test('a frame without problems has no marker', async () => {
    // Reserved octet 0x00, and the TCP checksum that then holds (protocols.md §8: 0x6084).
    const clean = readFileSync(KB, 'utf8').replace('60 73 00 00 03 11', '60 84 00 00 03 00');
    const { stdout } = await run(['-'], clean);
    expect(stdout).toContain('CC TPDU src-ref: 0x0029 dst-ref: 0x01ca\n');
    expect(stdout).not.toContain('[!]');
  });
});

describe('-V tree', () => {
  test('bit patterns, the reserved octet, its note and the rule it rests on', async () => {
    const { status, stdout } = await run(['-V', KB]);
    expect(status).toBe(0);
    expect(stdout).toContain('\n    .... 0101 = Header Length: 20 bytes (5)\n');
    expect(stdout).toContain('\n    0100 .... = Version: 4\n');
    expect(stdout).toContain('\n    Reserved: 17 (0x11) (reserved)\n');
    expect(stdout).toContain('\n        [note: reserved-nonzero] Reserved octet is 0x11, not 0.');
    expect(stdout).toContain('\n        (RFC 1006 §6; see also RFC 1122 §1.2.2)\n');
    expect(stdout).toContain('\nTPKT, Version: 3, Length: 44  — RFC 1006 §6\n');
    expect(stdout).toContain('\n        [Calculated Checksum: 0x040a]\n');
    expect(stdout).toMatch(
      /\nProblems: 1 note\n {4}\[note: reserved-nonzero\] tpkt\.reserved, byte 55 \(0x37\): .*\(RFC 1006 §6; see also RFC 1122 §1\.2\.2\)\n$/,
    );
  });

  test('a field cites its rule where it differs from its layer or parent', async () => {
    const { stdout } = await run(['-V', KB]);
    expect(stdout).toContain('\n    Type: IPv4 (0x0800)  — IEEE 802.3 §3.2.6\n');
    expect(stdout).toContain(
      '\n        .... ..00 = Explicit Congestion Notification: Not ECN-Capable Transport (0)  — RFC 3168 §5\n',
    );
    expect(stdout).toContain('\n    Total Length: 84 bytes\n');
  });
});

describe('--json', () => {
  test('the Dissection document: frames, the schema of the ids used, input problems', async () => {
    const { status, stdout } = await run(['--json', KB]);
    expect(status).toBe(0);
    expect(stdout.startsWith('{"version":1,')).toBe(true);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual(['version', 'frames', 'schema', 'problems']);
    expect(doc.version).toBe(1);
    expect(doc.schema['tpkt.reserved'].reserved).toBe(true);
    expect(doc.schema['tpkt.reserved'].cite.doc).toBe('RFC 1006');
    expect(doc.schema['ip.version'].mask).toBe(0xf0);
    expect(doc.schema['ip.version']).not.toHaveProperty('reserved');
    // Only ids that occur: the KB frame has no TCP options.
    expect(doc.schema).not.toHaveProperty('tcp.options.mss');
    const frame = doc.frames[0];
    expect(frame.layers.map((l: { protocol: string }) => l.protocol)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
    const fields = new Map<string, { offset: number; value: unknown; raw: string }>();
    const collect = (list: { id: string; children?: unknown[] }[]) =>
      list.forEach((f) => {
        fields.set(f.id, f as never);
        if (f.children) collect(f.children as never);
      });
    frame.layers.forEach((l: { fields: never[] }) => collect(l.fields));
    expect(fields.get('tpkt.reserved')).toMatchObject({ offset: 55, value: 17, raw: '11' });
    expect(fields.get('cotp.tpdu_size')?.value).toBe(2048);
    expect(fields.get('ip.hdr_len')?.value).toBe(20);
    expect(frame.problems).toHaveLength(1);
    expect(doc.problems).toEqual([]);
  });

  test('-T json is --json', async () => {
    expect(await run(['-T', 'json', KB])).toEqual(await run(['--json', KB]));
  });

  test('several frames stream as one valid document, with the input problems at the end', async () => {
    const text = readFileSync(KB, 'utf8');
    const { stdout, stderr } = await run(['--json', '-'], `${text}\n${text}\nnot a dump line\n`);
    const doc = JSON.parse(stdout);
    expect(doc.frames.map((f: { number: number }) => f.number)).toEqual([1, 2]);
    expect(doc.problems).toHaveLength(stderr.trim().split('\n').length);
  });
});

describe('--annotate', () => {
  test('one line per byte-owning field', async () => {
    const { status, stdout } = await run(['--annotate', KB]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Frame 1: 98 bytes\n/);
    expect(stdout).toMatch(/\n0x0037 {2}11 {22} {2}tpkt\.reserved = 17 {2}\[note reserved-nonzero\]\n/);
    expect(stdout).toContain('  ip.version = 4  (mask 0xf0)\n');
  });
});

describe('input and exit status', () => {
  test('stdin via "-" and via no FILE', async () => {
    const text = readFileSync(KB, 'utf8');
    const fromFile = await run([KB]);
    expect(await run(['-'], text)).toEqual(fromFile);
    expect(await run([], text)).toEqual(fromFile);
  });

  test('a partly readable dump: exit 0, frames out, each input problem on stderr with line and column', async () => {
    const path = tempFile('with-a-note.txt', `${readFileSync(KB, 'utf8')}see the KB article\n`);
    const { status, stdout, stderr } = await run([path]);
    expect(status).toBe(0);
    expect(stdout).toBe((await run([KB])).stdout);
    expect(stderr).toBe(
      `framescope: ${path}: line 9, column 1: not an offset line (expected a hex offset followed by hex bytes); line skipped\n`,
    );
  });

  test('a hex stream cut by a stray character keeps the bytes before it', async () => {
    const { status, stdout, stderr } = await run(['-'], '45 00 00 14 zz\n');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^ {4}1 0\.000000 .* 4 .*\[!\] 1 warning\n$/);
    expect(stderr).toBe(
      'framescope: stdin: line 1, column 13: expected a hex digit (0-9, a-f), found "z"; the 4 bytes before it are kept\n',
    );
  });

  test.each([
    [
      'text with no hex',
      'hello world\n',
      /^framescope: \S+ is text that holds no hex dump framescope recognises \(offset lines such as .*\); line 1, column 1: expected a hex digit \(0-9, a-f\), found "h"/,
    ],
    ['an empty file', '', /^framescope: \S+ is empty \(0 bytes\)$/],
  ])('%s: exit 2 and one line on stderr', async (_, content, message) => {
    const { status, stdout, stderr } = await run([tempFile('input.txt', content)]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.trimEnd()).toMatch(message);
  });

  test.each([
    [['/nonexistent/frame.txt'], 'framescope: cannot read /nonexistent/frame.txt: no such file\n'],
    [['-x', KB], 'framescope: unknown option -x (see framescope --help)\n'],
    [['-T', 'pdml', KB], 'framescope: -T pdml is not supported (only -T json and -T fields) (see framescope --help)\n'],
    [
      ['-V', '--json', KB],
      'framescope: --json cannot be combined with another output option (choose one of -V, --json, --annotate, -T fields) (see framescope --help)\n',
    ],
    [
      [KB, KB],
      `framescope: only one input file can be read at a time (got "${KB}" and "${KB}") (see framescope --help)\n`,
    ],
    [[], 'framescope: no input: give a FILE, or pipe a hex dump to standard input (see framescope --help)\n'],
  ])('%j: exit 2 with %j', async (argv, message) => {
    expect(await run(argv)).toEqual({ status: 2, stdout: '', stderr: message });
  });

  // Capture files are read, not refused: src/cli/capture.test.ts.

  test('--help and --version exit 0 on stdout', async () => {
    const help = await run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("grep -F '[!]'");
    // The protocols come from the registry: every one is named, the latest as well as the first.
    for (const p of [...DECODED_PROTOCOLS, ...NAMED_ONLY_PROTOCOLS]) expect(help.stdout).toContain(`${p.protocol} (`);
    for (const name of ['s7comm (S7 Communication)', 's7comm-plus (', 'q931 (Q.931)', 't125 (', 't124 (', 'arp (']) {
      expect(help.stdout).toContain(name);
    }
    expect(help.stdout).toContain('rdp (Remote Desktop Protocol),');
    expect(help.stdout).toMatch(/goose \(IEC 61850 GOOSE\)/);
    expect(help.stdout).toMatch(/PROTOCOL is none or one of:\n\s+eth, null, /);
    expect(await run(['-h'])).toEqual(help);
    const version = await run(['--version']);
    expect(version).toEqual({
      status: 0,
      stdout: `framescope ${JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version}\n`,
      stderr: '',
    });
  });
});

describe('input that is neither a capture nor a hex dump is named (exit 2, one line)', () => {
  const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  const NOISE = noiseBytes(4096);
  const noiseStart = Array.from(NOISE.subarray(0, 4), hexByte).join(' ');

  test.each([
    ['a PNG image', 'picture.png', PNG, 'is a PNG image, not a capture or a hex dump'],
    ['random bytes', 'noise.bin', NOISE, `is binary data that is neither pcap nor pcapng (starts with ${noiseStart})`],
    ['an empty file', 'empty.txt', new Uint8Array(0), 'is empty (0 bytes)'],
    [
      'gzip of text',
      'notes.txt.gz',
      gzipSync(new TextEncoder().encode('0000  45 00 00 14\n')),
      'is gzip-compressed, but what it holds is not a pcap or pcapng capture (it holds text)',
    ],
  ])('%s, as a file and on stdin', async (_, name, bytes, what) => {
    const path = tempFile(name, bytes);
    for (const json of [[], ['--json']])
      expect(await run([...json, path])).toEqual({ status: 2, stdout: '', stderr: `framescope: ${path} ${what}\n` });
    expect(await run(['-'], bytes)).toEqual({ status: 2, stdout: '', stderr: `framescope: stdin ${what}\n` });
  });

  test('text that is not a dump says what was expected and where parsing stopped', async () => {
    const { status, stderr } = await run(['-'], 'Hello vendor, your PLC drops our connection.\n');
    expect(status).toBe(2);
    expect(stderr).toBe(
      'framescope: stdin is text that holds no hex dump framescope recognises (offset lines such as "0000  00 00 a2 00 ..." or bare hex bytes such as "45 00 00 54"); line 1, column 1: expected a hex digit (0-9, a-f), found "H"; nothing before it could be read\n',
    );
  });

  test('a real capture still reads, from a file (streamed) and from stdin, its name notwithstanding', async () => {
    const capture = fileURLToPath(new URL('../../../shared/captures/snap7_s300_readVar.pcapng', import.meta.url));
    const fromFile = await run([capture]);
    expect(fromFile.status).toBe(0);
    expect(fromFile.stderr).toBe('');
    expect(fromFile.stdout).toMatch(/^ +1 /);
    expect(await run(['-'], readFileSync(capture))).toEqual(fromFile);
    const gz = fileURLToPath(new URL('../../../shared/captures/windows_miscellany.pcap.gz', import.meta.url));
    const compressed = await run(['-c', '3', gz]);
    expect(compressed.status).toBe(0);
    expect(compressed.stdout.trimEnd().split('\n')).toHaveLength(3);
  });
});

describe('-V: TCP options', () => {
  test('each option says its name once, then its values, as Wireshark does (a SYN with MSS, WS, TS, SACK_PERM)', async () => {
    const syn = fileURLToPath(new URL('../../../shared/captures/ndpi_rdp.pcap', import.meta.url));
    const { stdout } = await run(['-V', '-c', '1', syn]);
    const options = stdout.slice(stdout.indexOf('    Options:'), stdout.indexOf('    [TCP Segment Len'));
    expect(options.split('\n').filter((line) => /^ {8}\S/.test(line))).toEqual([
      '        Maximum segment size: 1273 bytes  — RFC 9293 §3.7.1',
      '        No-Operation (NOP): 1 byte',
      '        Window scale: 5 (multiply by 32)  — RFC 7323 §2.2',
      '        No-Operation (NOP): 1 byte',
      '        No-Operation (NOP): 1 byte',
      '        Timestamps: TSval 189811356, TSecr 0  — RFC 7323 §3.2',
      '        SACK permitted: 2 bytes  — RFC 2018 §2',
      '        End of Option List (EOL): 1 byte',
      '        Padding: 00 (reserved)',
    ]);
  });
});
