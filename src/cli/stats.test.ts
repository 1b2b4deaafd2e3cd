// -z follow,tcp,… and -z conv,tcp against tshark 4.0.17: each file in __stats__ is what tshark wrote for the
// arguments its name gives (`tshark -r CAPTURE -q -z …`, run on this machine; tshark is not needed here). The same
// comparison over every stream of every shared capture, in all three formats, agreed byte for byte (396 outputs).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { main } from './cli';
import { parseArgs } from './args';
import { pcapFile } from '../inputs/testing/capture-files';
import { ethernetFrame, ipv4Packet, tcpSegment } from '../dissect/testing/frames';

const DIR = new URL('./__stats__/', import.meta.url);
const CAPTURES = new URL('../../../shared/captures/', import.meta.url);

async function run(argv: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

const CASES: readonly (readonly [expected: string, capture: string, args: readonly string[]])[] = [
  // The peer acknowledged 56 521 bytes the capture lacks: tshark's marker, counted in the hex offsets.
  ['dina_acse_accept-follow-hex-0', 'dina_acse_accept.pcap', ['-z', 'follow,tcp,hex,0']],
  // Begins mid-conversation: a keep-alive before the first data, one missing byte acknowledged.
  ['Sample_File_MMS_and_GOOSE-follow-raw-5', 'Sample_File_MMS_and_GOOSE.pcap', ['-z', 'follow,tcp,raw,5']],
  // A hex line ending in a space (tshark drops it); with the conversation table, drawn first as tshark draws taps.
  [
    's7comm_program_blocklist_onlineview-follow-hex-1-conv',
    's7comm_program_blocklist_onlineview.pcap',
    ['-z', 'follow,tcp,hex,1', '-z', 'conv,tcp'],
  ],
  ['iec61850_read-conv-follow-ascii-0', 'iec61850_read.pcap', ['-z', 'conv,tcp', '-z', 'follow,tcp,ascii,0']],
  // 73 conversations; sizes in kB; most frames first, capture order among equals.
  ['windows_miscellany-conv', 'windows_miscellany.pcap.gz', ['-z', 'conv,tcp']],
  // RDP: TPKTs, then TLS.
  ['LM_rdp_sharprdp-follow-raw-1', 'LM_rdp_sharprdp.pcapng', ['-z', 'follow,tcp,raw,1']],
];

describe.each(CASES)('%s', (expected, capture, args) => {
  test('writes what tshark writes', { timeout: 120_000 }, async () => {
    const result = await run(['-q', ...args, fileURLToPath(new URL(capture, CAPTURES))]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(readFileSync(new URL(`${expected}.txt`, DIR), 'utf8'));
  });
});

/** A capture of one conversation, client 10.0.0.1:1555 → server 10.0.0.2:102, from (direction, seq, payload) triples. */
function conversationFile(segments: readonly (readonly ['c' | 's', number, string])[]): string {
  const records = segments.map(([from, seq, text], i) => {
    const client = from === 'c';
    const ip = client ? { src: [10, 0, 0, 1], dst: [10, 0, 0, 2] } : { src: [10, 0, 0, 2], dst: [10, 0, 0, 1] };
    const ports = client ? { srcport: 1555, dstport: 102 } : { srcport: 102, dstport: 1555 };
    const payload = Array.from(text, (c) => c.charCodeAt(0));
    const tcp = tcpSegment(payload, { ...ports, seq, ack: client ? 5001 : 1001, flags: 0x18 }, ip);
    return { data: ethernetFrame(ipv4Packet(tcp, ip)), seconds: 1_400_000_000 + i };
  });
  const path = join(mkdtempSync(join(tmpdir(), 'framescope-follow-')), 'conversation.pcap');
  writeFileSync(path, pcapFile({ records }));
  return path;
}

describe('-z follow on crafted segments (tshark 4.0.17 wrote the expected text for the same file)', () => {
  test('a retransmission once, an early segment after the bytes before it, only the new part of an overlap', async () => {
    const file = conversationFile([
      ['c', 1001, 'AAAA'],
      ['c', 1001, 'AAAA'],
      ['c', 1009, 'CCCC'],
      ['c', 1005, 'BBBB'],
      ['s', 5001, 'xyz'],
      ['c', 1011, 'CCDD'],
      ['s', 5004, '\x00\x01\r\n\t\x7f zz'],
    ]);
    const result = await run(['-q', '-z', 'follow,tcp,ascii,0', file]);
    expect(result.stdout).toBe(
      [
        '',
        '='.repeat(67),
        'Follow: tcp,ascii',
        'Filter: tcp.stream eq 0',
        'Node 0: 10.0.0.1:1555',
        'Node 1: 10.0.0.2:102',
        '4',
        'AAAA',
        '4',
        'BBBB',
        '4',
        'CCCC',
        '\t3',
        'xyz',
        '2',
        'DD',
        '\t9',
        '..\r\n.. zz',
        '='.repeat(67),
        '',
      ].join('\n'),
    );
  });

  test('a stream that is not there: empty nodes, as tshark writes them', async () => {
    const file = conversationFile([['c', 1, 'a']]);
    const result = await run(['-q', '-z', 'follow,tcp,raw,7', file]);
    expect(result.stdout).toBe(
      `\n${'='.repeat(67)}\nFollow: tcp,raw\nFilter: tcp.stream eq 7\nNode 0: :0\nNode 1: :0\n${'='.repeat(67)}\n`,
    );
  });

  test('without -q the frames come first, then the statistics', async () => {
    const file = conversationFile([['c', 1, 'a']]);
    const result = await run(['-z', 'follow,tcp,raw,0', file]);
    expect(result.stdout.split('\n')[0]).toMatch(/^\s*1\s+0\.000000\s+10\.0\.0\.1 → 10\.0\.0\.2/);
    expect(result.stdout).toContain('Follow: tcp,raw\n');
  });
});

describe('-z and -q options', () => {
  test('read as tshark reads them', () => {
    const parsed = parseArgs(['-q', '-z', 'follow,tcp,hex,3', '-zconv,tcp', 'f.pcap']);
    expect(parsed.ok && parsed.options.statistics).toEqual([
      { kind: 'follow', format: 'hex', stream: 3 },
      { kind: 'conv' },
    ]);
    expect(parsed.ok && parsed.options.quiet).toBe(true);
  });

  test.each(['follow,tcp,ebcdic,0', 'follow,udp,ascii,0', 'follow,tcp,ascii', 'conv,ip', 'io,stat,1'])(
    '-z %s is refused with what is supported',
    async (value) => {
      const result = await run(['-z', value, 'f.pcap']);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(
        `-z ${value} is not supported (only -z follow,tcp,ascii|hex|raw,STREAM or conv,tcp)`,
      );
    },
  );
});
