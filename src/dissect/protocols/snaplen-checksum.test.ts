// A frame captured shorter than its IP datagram (a snapshot length: `editcap -s 60`, done here by slicing real frames)
// cannot have its TCP, UDP, ICMP or ICMPv6 checksum verified: the sum needs every byte. The checksum is then
// unverified, not bad, as tshark 4.0.17 says on the same bytes (-o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE:
// "Checksum: 0x1d43 [unverified]", "[Checksum Status: Unverified]"); the IP layer's "cut short" warning tells why.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import type { ChecksumMode } from '../dissector';
import type { Frame } from '../model';
import { fieldsById } from '../query';
import { decodeChecked, firstField } from '../testing/checked';

const capture = (name: string) =>
  readCapture(readFileSync(new URL(`../../../../shared/captures/${name}`, import.meta.url)));
const snap7 = capture('snap7_s300_readVar.pcapng');
const windows = capture('windows_miscellany.pcap.gz');
const lm = capture('LM_rdp_sharprdp.pcapng');
const UNVERIFIED = 2;

/** Frame `n` of a capture as `editcap -s snaplen` keeps it. */
const cut = (frames: typeof snap7, n: number, snaplen: number, checksums: ChecksumMode = 'auto'): Frame =>
  decodeChecked(frames.frameBytes(n)!.slice(0, snaplen), 1, { checksums });
const codes = (frame: Frame) => frame.problems.map((p) => `${p.severity}:${p.fieldId}`);

describe('checksums of datagrams cut by the snapshot length', () => {
  it.each(['auto', 'on'] as const)(
    'TCP (snap7_s300_readVar frame 1 at 60 of 85 bytes, checksums %s): unverified, no checksum error',
    (checksums) => {
      const frame = cut(snap7, 1, 60, checksums);
      const checksum = firstField(frame, 'tcp.checksum');
      expect(checksum.value).toBe(0x1d43);
      expect(checksum.display).toBe('0x1d43 [unverified: the datagram was not captured whole]');
      expect(fieldsById(frame, 'tcp.checksum.status').map((f) => f.value)).toEqual([UNVERIFIED]);
      expect(fieldsById(frame, 'tcp.checksum_calculated')).toEqual([]);
      expect(codes(frame)).toEqual(['warning:ip.len', 'note:tpkt.length']);
    },
  );

  it('the whole frame is still verified (the same checksum is right)', () => {
    const frame = decodeChecked(snap7.frameBytes(1)!);
    expect(fieldsById(frame, 'tcp.checksum.status').map((f) => f.value)).toEqual([1]);
  });

  it('UDP (windows_miscellany frame 16 at 60 of 554 bytes): unverified, and its length agrees with the IP layer', () => {
    const frame = cut(windows, 16, 60);
    expect(firstField(frame, 'udp.checksum').display).toBe('0xfe95 [unverified: the datagram was not captured whole]');
    expect(fieldsById(frame, 'udp.checksum.status').map((f) => f.value)).toEqual([UNVERIFIED]);
    // tshark: "9999 → 9999 Len=512", no "BAD UDP LENGTH": the length is the datagram's, the capture kept less.
    expect(frame.summary.info).toBe('9999 → 9999 Len=512');
    expect(codes(frame)).toEqual(['warning:ip.len']);
  });

  it('ICMP (windows_miscellany frame 38 at 60 of 582 bytes): unverified', () => {
    const frame = cut(windows, 38, 60);
    expect(fieldsById(frame, 'icmp.checksum.status').map((f) => f.value)).toEqual([UNVERIFIED]);
    expect(codes(frame)).not.toContain('error:icmp.checksum');
    expect(frame.problems.every((p) => p.severity !== 'error')).toBe(true);
  });

  it('ICMPv6 (LM_rdp_sharprdp frame 42 at 70 of 90 bytes): unverified', () => {
    const frame = cut(lm, 42, 70);
    expect(fieldsById(frame, 'icmpv6.checksum.status').map((f) => f.value)).toEqual([UNVERIFIED]);
    expect(frame.problems.every((p) => p.severity !== 'error')).toBe(true);
  });
});
