// TCP sequence analysis on the command line: tcp.analysis.* as filters and fields, with reassembly on or off, against
// what tshark 4.0.17 says of the same files (its frame numbers written here), except where framescope follows RFC 5681.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { tcpExchange } from '../dissect/testing/frames';
import { writePcap } from '../export/pcap';
import { main } from './cli';

const capture = (name: string) => fileURLToPath(new URL(`../../../shared/captures/${name}`, import.meta.url));

async function run(argv: readonly string[]) {
  let stdout = '';
  const status = await main(argv, { stdout: (text) => (stdout += text), stderr: () => {} });
  return { status, stdout };
}

/** The frame numbers a -Y filter keeps. */
async function matching(filter: string, file: string, ...more: string[]): Promise<number[]> {
  const { status, stdout } = await run([...more, '-Y', filter, file]);
  expect(status).toBe(0);
  return stdout
    .trimEnd()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

/** A pcap of segments written as tcpExchange lines (times from 1 700 000 000 s, as a capture has them). */
function pcapOf(lines: string): string {
  const file = writePcap(
    tcpExchange(lines).map(({ bytes, time }) => ({
      bytes,
      linkType: 1,
      timestamp: { seconds: 1_700_000_000 + Math.floor(time), nanos: Math.round((time % 1) * 1e9) },
    })),
  );
  if (!file.ok) throw new Error(file.reason);
  const path = join(mkdtempSync(join(tmpdir(), 'framescope-tcp-analysis-')), 'zero-window.pcap');
  writeFileSync(path, file.bytes);
  return path;
}

describe('tcp.analysis.* on the command line', { timeout: 120_000 }, () => {
  const x509 = capture('zeek_rdp-x509.pcap');

  test('-Y tcp.analysis.retransmission keeps the frames tshark calls retransmissions, reassembly on or off', async () => {
    // tshark: 3 (SYN-ACK again), 4 (SYN again), 8, 9 (spurious, also a retransmission).
    expect(await matching('tcp.analysis.retransmission', x509)).toEqual([3, 4, 8, 9]);
    expect(await matching('tcp.analysis.retransmission', x509, '--no-reassembly')).toEqual([3, 4, 8, 9]);
    expect(await matching('tcp.analysis.spurious_retransmission', x509)).toEqual([9]);
  });

  test('-Y tcp.analysis.flags: every flagged frame but the repeated ACKs RFC 5681 does not call duplicates', async () => {
    // tshark: 3 4 8 9 10 14 15. Frames 10 and 14 repeat an ACK while the peer has nothing outstanding.
    expect(await matching('tcp.analysis.flags', x509)).toEqual([3, 4, 8, 9, 15]);
    expect(await matching('tcp.analysis.duplicate_ack', x509)).toEqual([15]);
  });

  test('-Y tcp.analysis.zero_window and the probes, on a capture with a closed window', async () => {
    // tshark: [TCP ZeroWindow] 5, [TCP ZeroWindowProbe] 6, [TCP ZeroWindowProbeAck] [TCP ZeroWindow] 7, [TCP Window Update] 8.
    const file = pcapOf(`
      0.000 A 1000 0 S 0 5000 0
      0.001 B 7000 1001 SA 0 5000 0
      0.002 A 1001 7001 A 0 5000
      0.010 A 1001 7001 PA 1000 5000
      0.011 B 7001 2001 A 0 0
      0.500 A 2001 7001 A 1 5000
      0.501 B 7001 2001 A 0 0
      2.500 B 7001 2001 A 0 3000`);
    expect(await matching('tcp.analysis.zero_window', file)).toEqual([5, 7]);
    expect(await matching('tcp.analysis.zero_window_probe', file)).toEqual([6]);
    expect(await matching('tcp.analysis.zero_window_probe_ack', file)).toEqual([7]);
    expect(await matching('tcp.analysis.window_update', file)).toEqual([8]);
    // Warnings: the zero windows; the probe and its ACK are notes; the window update is no problem at all.
    expect(await matching('_ws.expert.severity == warning', file)).toEqual([5, 7]);
    expect(await matching('_ws.expert', file)).toEqual([5, 6, 7]);
  });

  test('-T fields: the ACKed frame and the handshake round trip, as tshark gives them', async () => {
    const { stdout } = await run([
      '-T',
      'fields',
      '-e',
      'frame.number',
      '-e',
      'tcp.analysis.acks_frame',
      '-e',
      'tcp.analysis.initial_rtt',
      '-c',
      '5',
      capture('icsnpp_s7ident.pcap'),
    ]);
    expect(stdout).toBe('1\t\t\n2\t1\t\n3\t2\t0.000127\n4\t\t0.000127\n5\t4\t0.000127\n');
  });
});
