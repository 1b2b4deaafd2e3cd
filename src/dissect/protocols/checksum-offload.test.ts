// Checksums judged one by one under the three preferences (auto, on, off), the offload fingerprints a capture on the
// sending host shows (IPv4 header checksum 0x0000; TCP checksum = the pseudo-header's sum, with or without the TCP
// length), and large send offload (IPv4 Total Length 0). Frames built here, plus real frames of a shared capture made
// on a sending host (ndpi_s7comm.pcap: 192.168.1.10 offloads both checksums, 192.168.1.40's arrive computed).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fieldsById } from '..';
import type { DissectOptions } from '../dissector';
import type { Frame } from '../model';
import { foldSum, onesComplementSum } from '../reader';
import { readCapture } from '../../inputs/capture';
import { cotp, ethernetFrame, IPV6_DST, IPV6_SRC, ipv4Packet, ipv6Packet, tcpSegment, tpkt } from '../testing/frames';
import { decodeChecked as decode, firstField as first, problemOn } from '../testing/checked';

const SRC = [192, 168, 1, 10];
const DST = [192, 168, 1, 40];
const DT = tpkt(cotp([0xf0, 0x80], [0x32, 0x01, 0x00, 0x00]));

/** The one's complement sum of the pseudo-header (not complemented), as a sender's stack leaves it for the NIC. */
function pseudoSum(src: number[], dst: number[], proto: number, tcpLength?: number): number {
  return foldSum(
    onesComplementSum(Uint8Array.from([...src, ...dst]), 0, src.length + dst.length) + proto + (tcpLength ?? 0),
  );
}

function v4(
  tcp: { checksum?: number },
  ip: { checksum?: number; totalLength?: number } = {},
  payload = DT,
): Uint8Array {
  return Uint8Array.from(
    ethernetFrame(ipv4Packet(tcpSegment(payload, tcp, { src: SRC, dst: DST }), { src: SRC, dst: DST, ...ip })),
  );
}

const SEGMENT_LENGTH = 20 + DT.length;
const status = (frame: Frame, id: string) => first(frame, `${id}.status`).value;
const checksumProblems = (frame: Frame) =>
  frame.problems.filter((p) => p.code === 'checksum-bad').map((p) => p.fieldId);

describe('checksum offload, recognised exactly (checksums: auto, the default)', () => {
  it('IPv4 header checksum 0x0000: not computed by the sender, status unverified, no problem', () => {
    const frame = decode(v4({}, { checksum: 0 }));
    expect(frame.problems).toEqual([]);
    expect(first(frame, 'ip.checksum').display).toBe('0x0000 [not computed by the sender: offloaded to the NIC]');
    expect(status(frame, 'ip.checksum')).toBe(2);
    expect(first(frame, 'ip.checksum.offloaded')).toMatchObject({ value: 1, generated: true });
    expect(first(frame, 'ip.checksum_calculated').value).not.toBe(0);
    expect(status(frame, 'tcp.checksum')).toBe(1);
  });

  it('TCP checksum equal to the pseudo-header sum (NDIS, Linux CHECKSUM_PARTIAL): offloaded', () => {
    const frame = decode(v4({ checksum: pseudoSum(SRC, DST, 6, SEGMENT_LENGTH) }));
    expect(frame.problems).toEqual([]);
    expect(first(frame, 'tcp.checksum').display).toMatch(/\[not computed by the sender: offloaded to the NIC\]$/);
    expect(status(frame, 'tcp.checksum')).toBe(2);
    expect(first(frame, 'tcp.checksum.offloaded').value).toBe(2);
    expect(first(frame, 'tcp.checksum.offloaded').display).toMatch(/pseudo-header sum/);
    expect(status(frame, 'ip.checksum')).toBe(1);
  });

  it('TCP checksum equal to the pseudo-header sum without the TCP length (large send offload): offloaded', () => {
    const frame = decode(v4({ checksum: pseudoSum(SRC, DST, 6) }));
    expect(frame.problems).toEqual([]);
    expect(first(frame, 'tcp.checksum.offloaded').value).toBe(3);
  });

  it('TCP over IPv6: the IPv6 pseudo-header sum is the fingerprint', () => {
    const segment = tcpSegment(
      DT,
      { checksum: pseudoSum(IPV6_SRC, IPV6_DST, 6, SEGMENT_LENGTH) },
      {
        src: IPV6_SRC,
        dst: IPV6_DST,
      },
    );
    const frame = decode(ethernetFrame(ipv6Packet(segment), 0x86dd));
    expect(frame.problems).toEqual([]);
    expect(first(frame, 'tcp.checksum.offloaded').value).toBe(2);
    // The IPv4 pseudo-header of the same ports and data is not the IPv6 one: still a wrong checksum.
    const wrong = tcpSegment(
      DT,
      { checksum: pseudoSum(SRC, DST, 6, SEGMENT_LENGTH) },
      { src: IPV6_SRC, dst: IPV6_DST },
    );
    expect(checksumProblems(decode(ethernetFrame(ipv6Packet(wrong), 0x86dd)))).toEqual(['tcp.checksum']);
  });

  it('judges each checksum on its own: an offloaded one beside a wrong one', () => {
    const ipOffloaded = decode(v4({ checksum: 0xbeef }, { checksum: 0 }));
    expect(checksumProblems(ipOffloaded)).toEqual(['tcp.checksum']);
    expect(status(ipOffloaded, 'ip.checksum')).toBe(2);
    expect(status(ipOffloaded, 'tcp.checksum')).toBe(0);
    const tcpOffloaded = decode(v4({ checksum: pseudoSum(SRC, DST, 6, SEGMENT_LENGTH) }, { checksum: 0x1234 }));
    expect(checksumProblems(tcpOffloaded)).toEqual(['ip.checksum']);
  });

  it('a value that is no fingerprint stays an error: the complemented pseudo-header sum, an arbitrary value', () => {
    const complemented = decode(v4({ checksum: ~pseudoSum(SRC, DST, 6, SEGMENT_LENGTH) & 0xffff }));
    expect(problemOn(complemented, 'tcp.checksum')).toMatchObject({ severity: 'error', code: 'checksum-bad' });
    const ipWrong = decode(v4({}, { checksum: 0xffff }));
    expect(problemOn(ipWrong, 'ip.checksum')).toMatchObject({ severity: 'error', code: 'checksum-bad' });
    expect(problemOn(ipWrong, 'ip.checksum')!.message).not.toMatch(/--checksums/);
  });
});

describe('checksums: on and off', () => {
  const ON: DissectOptions = { checksums: 'on' };
  const OFF: DissectOptions = { checksums: 'off' };
  const offloaded = v4({ checksum: pseudoSum(SRC, DST, 6, SEGMENT_LENGTH) }, { checksum: 0 });

  it('on: every mismatch is an error, offload included, and the message says which fingerprint it is', () => {
    const frame = decode(offloaded, 1, ON);
    expect(checksumProblems(frame)).toEqual(['ip.checksum', 'tcp.checksum']);
    expect(problemOn(frame, 'tcp.checksum')!.message).toMatch(/pseudo-header sum.*--checksums on/);
    expect(problemOn(frame, 'tcp.checksum')!.seeAlso).toEqual([
      expect.objectContaining({ doc: 'NDIS checksum offload' }),
      expect.objectContaining({ doc: 'Linux checksum offloads' }),
    ]);
    expect(status(frame, 'ip.checksum')).toBe(0);
    expect(fieldsById(frame, 'tcp.checksum.offloaded')).toEqual([]);
  });

  it('off: nothing verified, as tshark by default: status unverified, no calculated value, no problem', () => {
    const frame = decode(v4({ checksum: 0xbeef }, { checksum: 0x1234 }), 1, OFF);
    expect(frame.problems).toEqual([]);
    expect(first(frame, 'ip.checksum').display).toBe('0x1234 [validation disabled]');
    expect(status(frame, 'ip.checksum')).toBe(2);
    expect(status(frame, 'tcp.checksum')).toBe(2);
    expect(fieldsById(frame, 'tcp.checksum_calculated')).toEqual([]);
  });
});

/**
 * A large send offload frame as the sending host's capture shows it (the shape of a 2 110-byte frame in a real
 * capture): IPv4 Total Length 0, header checksum 0x0000, TCP checksum the pseudo-header sum without the length, and
 * two TPKTs in the one large segment.
 */
function largeSendFrame(ip: { checksum?: number } = { checksum: 0 }): Uint8Array {
  const data = (seed: number) => Array.from({ length: 1021 }, (_, i) => (i * 7 + seed) & 0xff);
  const payload = [...tpkt(cotp([0xf0, 0x00], data(1))), ...tpkt(cotp([0xf0, 0x80], data(2)))];
  return v4({ checksum: pseudoSum(SRC, DST, 6) }, { totalLength: 0, ...ip }, payload);
}

describe('large send offload: IPv4 Total Length 0', () => {
  it('takes the length from the frame, decodes TCP, both TPKTs and their COTP, and notes why on ip.len', () => {
    const bytes = largeSendFrame();
    expect(bytes.length).toBe(2110);
    const frame = decode(bytes);
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp', 'tpkt', 'cotp']);
    expect(frame.problems.map((p) => `${p.severity} ${p.code} ${p.fieldId}`)).toEqual(['note inferred ip.len']);
    const note = problemOn(frame, 'ip.len')!;
    expect(note.cite).toMatchObject({ doc: 'RFC 791', section: '3.1' });
    expect(note.seeAlso).toEqual([expect.objectContaining({ doc: 'NDIS large send offload' })]);
    expect(note.message).toMatch(/large send offload.*2096 bytes/);
    expect(first(frame, 'ip.len')).toMatchObject({ value: 2096, raw: '0000' });
    expect(first(frame, 'tcp.len').value).toBe(2056);
    expect(first(frame, 'tcp.checksum.offloaded').value).toBe(3);
    expect(first(frame, 'ip.checksum.offloaded').value).toBe(1);
  });

  it('keeps other impossible lengths errors: Total Length 0 with a computed header checksum', () => {
    const frame = decode(largeSendFrame({}));
    expect(problemOn(frame, 'ip.len')).toMatchObject({ severity: 'error', code: 'malformed' });
    expect(frame.layers.map((l) => l.protocol)).not.toContain('tcp');
  });

  const TOOLS = ['tshark', 'text2pcap'].every((t) => spawnSync(t, ['-v'], { encoding: 'utf8' }).status === 0);
  it.skipIf(!TOOLS)('is decoded as tshark 4.0 decodes it: the same two TPKTs (text2pcap writes the pcap)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'framescope-lso-'));
    const text = join(dir, 'lso.txt');
    const pcap = join(dir, 'lso.pcap');
    const hex = Array.from(largeSendFrame(), (b) => b.toString(16).padStart(2, '0'));
    writeFileSync(text, `0000 ${hex.join(' ')}\n`);
    execFileSync('text2pcap', ['-q', '-F', 'pcap', text, pcap]);
    const fields = ['ip.len', 'tcp.len', 'tpkt.length', 'cotp.type'];
    const theirs = execFileSync('tshark', ['-r', pcap, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const frame = decode(largeSendFrame());
    const values = (id: string, show = (v: number) => String(v)) =>
      fieldsById(frame, id)
        .map((f) => show(f.value as number))
        .join(',');
    const ours = [
      values('ip.len'),
      values('tcp.len'),
      values('tpkt.length'),
      values('cotp.type', (v) => `0x${v.toString(16).padStart(2, '0')}`),
    ].join('\t');
    expect(ours).toBe('2096\t2056\t1028,1028\t0x0f,0x0f');
    expect(theirs).toBe(ours);
  });
});

describe('a real capture made on the sending host (ndpi_s7comm.pcap)', () => {
  const reader = readCapture(
    readFileSync(fileURLToPath(new URL('../../../../shared/captures/ndpi_s7comm.pcap', import.meta.url))),
  );
  const bytesOf = (n: number) => Uint8Array.from(reader.frameBytes(n)!);

  it('frame 1 (from 192.168.1.10): both checksums offloaded, no problem; under "on" two errors, as tshark -o …check_checksum:TRUE', () => {
    expect(decode(bytesOf(1)).problems).toEqual([]);
    expect(first(decode(bytesOf(1)), 'ip.checksum.offloaded').value).toBe(1);
    expect(first(decode(bytesOf(1)), 'tcp.checksum.offloaded').value).toBe(2);
    expect(checksumProblems(decode(bytesOf(1), 1, { checksums: 'on' }))).toEqual(['ip.checksum', 'tcp.checksum']);
  });

  it('a byte changed in a frame that arrived with computed checksums (frame 2, from 192.168.1.40) is an error', () => {
    const good = bytesOf(2);
    expect(decode(good).problems).toEqual([]);
    const corrupted = Uint8Array.from(good);
    corrupted[corrupted.length - 1]! ^= 0x01;
    const frame = decode(corrupted);
    expect(checksumProblems(frame)).toEqual(['tcp.checksum']);
    expect(problemOn(frame, 'tcp.checksum')!.message).toMatch(/altered/);
  });

  it('an offloaded frame whose TCP checksum was changed is an error: the value is no fingerprint any more', () => {
    const corrupted = bytesOf(1);
    corrupted[14 + 20 + 17]! ^= 0x10;
    expect(checksumProblems(decode(corrupted))).toEqual(['tcp.checksum']);
  });
});
