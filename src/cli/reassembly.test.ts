// The CLI with reassembly (the default for captures) and without (--no-reassembly): a TPKT split across two TCP
// segments in zeek_rdp-x509.pcap (frames 12 and 13), a retransmission, -V's reassembled source, --json's new keys.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { main } from './cli';

const capture = (name: string) => fileURLToPath(new URL(`../../../shared/captures/${name}`, import.meta.url));

async function run(args: string[], stdin?: Uint8Array): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    ...(stdin ? { stdin: async () => stdin } : {}),
  });
  return { code, out, err };
}

describe('reassembly on the command line', () => {
  test('summary lines: the first segment says where its TPKT completes, the completing frame decodes it', async () => {
    const { code, out } = await run([capture('zeek_rdp-x509.pcap')]);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[11]).toMatch(/^ {3}12 .* TCP 1452 \[TPKT segment, completed in frame 13\]$/);
    // The reassembled DT carries the server's MCS Connect-Response, its GCC response and its data blocks.
    expect(lines[12]).toMatch(/^ {3}13 .* RDP 61 ServerData$/);
    expect(lines[7]).toMatch(/\[Retransmission of frame 7\] {2}\[!\] 1 note$/);
  });

  test('the same from standard input', async () => {
    const { out } = await run(['-'], readFileSync(capture('zeek_rdp-x509.pcap')));
    expect(out).toContain('[TPKT segment, completed in frame 13]');
  });

  test('-V shows the reassembled TPKT with the frames its bytes came from, then its layers', async () => {
    const { out } = await run(['-V', '-Y', 'frame.number == 13', capture('zeek_rdp-x509.pcap')]);
    expect(out).toContain('TCP segment data: 7 bytes, the end of a TPKT reassembled from frames 12, 13');
    expect(out).toContain(
      '[Reassembled TPKT (2 segments, 1405 bytes): #12(1398), #13(7)]\n    [bytes 0-1397 from frame 12, offset 54]\n    [bytes 1398-1404 from frame 13, offset 54]\nTPKT, Version: 3, Length: 1405',
    );
  });

  test('a display filter sees the reassembled PDU in the frame where it completes', async () => {
    const { out } = await run(['-Y', 'cotp.type == 0x0f', capture('zeek_rdp-x509.pcap')]);
    expect(
      out
        .trim()
        .split('\n')
        .map((l) => Number(l.trim().split(' ')[0])),
    ).toEqual([11, 13]);
  });

  test('--json: new optional keys only (sources, reassembledIn); the schema lists the source fields', async () => {
    const { out } = await run(['--json', capture('zeek_rdp-x509.pcap')]);
    const doc = JSON.parse(out) as {
      frames: {
        number: number;
        sources?: { name: string; ranges: unknown[]; layers: { protocol: string }[] }[];
        reassembledIn?: unknown[];
      }[];
      schema: Record<string, unknown>;
    };
    const [f12, f13] = [doc.frames[11]!, doc.frames[12]!];
    expect(f12.reassembledIn).toEqual([{ kind: 'tpkt', offset: 54, length: 1398, frame: 13 }]);
    expect(f13.sources?.[0]).toMatchObject({
      kind: 'tpkt',
      name: 'Reassembled TPKT (2 segments, 1405 bytes)',
      length: 1405,
    });
    expect(f13.sources?.[0]?.layers.map((l) => l.protocol)).toEqual(['tpkt', 'cotp', 't125', 't124', 'rdp']);
    expect(doc.schema['tcp.segment_data']).toBeDefined();
    expect(doc.schema['cotp.eot']).toBeDefined();
  });

  test('--no-reassembly: each frame on its own, a TPKT running past its segment noted (not an error)', async () => {
    const { out } = await run(['--no-reassembly', capture('zeek_rdp-x509.pcap')]);
    const lines = out.split('\n');
    expect(lines[11]).toMatch(/^ {3}12 .* RDP 1452 ServerData {2}\[!\] 1 note$/);
    expect(out).not.toContain('TPKT segment');
    expect(out).not.toContain('[Retransmission of');
  });

  test('--no-reassembly: a DT without EOT shows the MMS PDU its TSDU begins with, as far as it goes', async () => {
    // ge_multilin_GOOSE_and_MMS.pcapng frame 134: the first DT (EOT 0) of a read response; with reassembly on, the
    // TSDU is decoded once, in the frame whose DT ends it.
    const { out } = await run(['--no-reassembly', '-c', '134', capture('ge_multilin_GOOSE_and_MMS.pcapng')]);
    expect(out.trimEnd().split('\n')[133]).toMatch(/^ {2}134 .* MMS 1480 181 confirmed-ResponsePDU {2}\[!\] 2 notes$/);
  });

  test('a capture that ends inside a TPKT: the frame with its last captured bytes decodes them, with a note', async () => {
    // -c 138 stops ge_multilin_GOOSE_and_MMS.pcapng inside the TPKT begun in frame 134 (it completes in frame 141).
    const { out } = await run(['-c', '138', capture('ge_multilin_GOOSE_and_MMS.pcapng')]);
    const lines = out.trimEnd().split('\n');
    expect(lines[133]).toMatch(/^ {2}134 .* TCP 1480 \[TPKT segment, incomplete, decoded in frame 138\]$/);
    expect(lines[137]).toMatch(/^ {2}138 .* COTP 1480 DT TPDU \(0\) {2}\[!\] 1 note$/);
    const { out: tree } = await run([
      '-V',
      '-c',
      '138',
      '-Y',
      'frame.number == 138',
      capture('ge_multilin_GOOSE_and_MMS.pcapng'),
    ]);
    expect(tree).toContain(
      '[Incomplete TPKT (4 segments, 5704 of 8196 bytes: the capture ends before the rest): #134(1426), #135(1426), #137(1426), #138(1426)]',
    );
    expect(tree).toContain('[note: truncated] TPKT length is 8196, but only 5704 bytes are here');
  });

  test('a COTP TSDU over several DT TPDUs shows as its own source in -V', async () => {
    const { out } = await run(['-V', '-c', '30', capture('s7comm_reading_plc_status.pcap')]);
    expect(out).toMatch(/\[Reassembled COTP TSDU \(\d+ DT TPDUs, \d+ bytes\): #\d+\(\d+\)/);
    expect(out).toContain('[Reassembled COTP TSDU (2 DT TPDUs, 26 bytes): #12(0), #13(26)]');
  });
});
