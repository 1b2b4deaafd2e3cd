// Fixes and the field-by-field diff, on the KB frame: the case the workbench exists to make.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseText } from '../inputs';
import { applyFix, availableFixes, diffFrames, dissectFrame, fieldsById, type Fix } from '.';
import { cotp, ethernetFrame, ipv4Packet, isoOnTcp, tcpSegment, tpkt } from './testing/frames';

const KB = parseText(
  readFileSync(
    fileURLToPath(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url)),
    'utf8',
  ),
).frames[0]!.bytes;

function fixOf(bytes: Uint8Array, pick: (fix: Fix) => boolean): Fix {
  const fixes = availableFixes(dissectFrame(bytes, 1, 1), bytes);
  const fix = fixes.find(pick);
  expect(fix, JSON.stringify(fixes)).toBeDefined();
  return fix!;
}

function fixed(bytes: Uint8Array, pick: (fix: Fix) => boolean): Uint8Array {
  const out = applyFix(dissectFrame(bytes, 1, 1), bytes, fixOf(bytes, pick));
  expect(out).toBeDefined();
  return out!;
}

const checksumProblems = (bytes: Uint8Array) =>
  dissectFrame(bytes, 1, 1)
    .problems.filter((p) => p.code === 'checksum-bad')
    .map((p) => p.fieldId);

describe('fixes', () => {
  it('sets the TPKT reserved octet to 0 and, in the same step, the TCP checksum that covers it: 0 problems', () => {
    expect(fixOf(KB, (f) => f.fieldId === 'tpkt.reserved').label).toBe(
      'Set reserved (tpkt.reserved) to 0, and update the TCP checksum to match',
    );
    const zeroed = fixed(KB, (f) => f.fieldId === 'tpkt.reserved');
    expect(zeroed[0x37]).toBe(0);
    expect(KB[0x37]).toBe(0x11); // the input is untouched
    expect(Buffer.from(zeroed.subarray(0x32, 0x34)).toString('hex')).toBe('6084'); // protocols.md §8: 0x6084 with reserved 0
    expect(dissectFrame(zeroed, 1, 1).problems).toEqual([]);
  });

  it('updates the checksum whatever the checksum preference the frame was shown with', () => {
    const off = { checksums: 'off' } as const;
    const frame = dissectFrame(KB, 1, 1, off);
    const fix = availableFixes(frame, KB, off).find((f) => f.fieldId === 'tpkt.reserved')!;
    expect(fix.label).toMatch(/update the TCP checksum/);
    expect(dissectFrame(applyFix(frame, KB, fix, off)!, 1, 1).problems).toEqual([]);
  });

  it('leaves alone a checksum that was already wrong (it has its own fix) and one the NIC was to fill in', () => {
    const wrong = isoOnTcp(tpkt(cotp([0xf0, 0x80]), 0x11), { checksum: 0xbeef });
    expect(fixOf(wrong, (f) => f.fieldId === 'tpkt.reserved').label).toBe('Set reserved (tpkt.reserved) to 0');
    expect(fixed(wrong, (f) => f.fieldId === 'tpkt.reserved').subarray(50, 52)).toEqual(Uint8Array.from([0xbe, 0xef]));
    // The pseudo-header sum a sending host leaves for its NIC does not cover the data: it still holds after the fix.
    const offloaded = Uint8Array.from(isoOnTcp(tpkt(cotp([0xf0, 0x80]), 0x11)));
    const pseudo = 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 6 + 20 + 7;
    offloaded.set([pseudo >> 8, pseudo & 0xff], 50);
    expect(dissectFrame(offloaded, 1, 1).problems.map((p) => p.code)).toEqual(['reserved-nonzero']);
    const fix = fixOf(offloaded, (f) => f.fieldId === 'tpkt.reserved');
    expect(fix.label).toBe('Set reserved (tpkt.reserved) to 0');
    expect(
      dissectFrame(
        fixed(offloaded, (f) => f.fieldId === 'tpkt.reserved'),
        1,
        1,
      ).problems,
    ).toEqual([]);
  });

  it('recomputes the IPv4 header checksum', () => {
    const bad = Uint8Array.from(ethernetFrame(ipv4Packet(tcpSegment(tpkt(cotp([0xf0, 0x80]))), { checksum: 0x1234 })));
    const good = fixed(bad, (f) => f.fieldId === 'ip.checksum');
    expect(dissectFrame(good, 1, 1).problems).toEqual([]);
  });

  it('recomputes a COTP class 4 checksum, and the TCP checksum around it', () => {
    const bad = isoOnTcp(tpkt(cotp([0xf0, 0x00, 0x29, 0x80, 0xc3, 2, 0x12, 0x34], [1, 2, 3])));
    expect(checksumProblems(bad)).toEqual(['cotp.checksum']);
    expect(fixOf(bad, (f) => f.fieldId === 'cotp.checksum').label).toBe(
      'Fix the COTP checksum, and update the TCP checksum to match',
    );
    expect(checksumProblems(fixed(bad, (f) => f.fieldId === 'cotp.checksum'))).toEqual([]);
  });

  it('clears only the masked bits of a sub-byte reserved field', () => {
    const bad = isoOnTcp(tpkt(cotp([0xd0, 0, 1, 0, 2, 0x0f])));
    const good = fixed(bad, (f) => f.fieldId === 'cotp.opts.reserved');
    expect(fieldsById(dissectFrame(good, 1, 1), 'cotp.class')[0]!.value).toBe(0);
    expect(good[64]).toBe(0x03); // options 0x02 and 0x01 kept, 0x0c cleared
  });

  it('makes the IP total length, TPKT length and COTP LI agree with the bytes after an edit', () => {
    // A byte inserted into a DT's user data: the IP total length and the TPKT length are now one short.
    const original = isoOnTcp(tpkt(cotp([0xf0, 0x80], [1, 2])));
    const edited = Uint8Array.from([...original.subarray(0, 61), 0x99, ...original.subarray(61)]);
    expect(fixOf(edited, (f) => f.fieldId === 'ip.len').label).toBe(
      'Set ip.len to 50, the length of the bytes present, and update the IPv4 header checksum to match',
    );
    let bytes = fixed(edited, (f) => f.fieldId === 'ip.len');
    expect(fieldsById(dissectFrame(bytes, 1, 1), 'ip.len')[0]!.value).toBe(edited.length - 14);
    expect(checksumProblems(bytes)).toEqual(['tcp.checksum']); // wrong since the byte went in: it has its own fix
    bytes = fixed(bytes, (f) => f.fieldId === 'tpkt.length');
    expect(fieldsById(dissectFrame(bytes, 1, 1), 'tpkt.length')[0]!.value).toBe(edited.length - 54);
    const liTooBig = isoOnTcp(tpkt([40, 0xd0, 0, 1, 0, 2, 0]));
    const liFixed = fixed(liTooBig, (f) => f.fieldId === 'cotp.li');
    expect(fieldsById(dissectFrame(liFixed, 1, 1), 'cotp.li')[0]!.value).toBe(6);
  });

  it('counts Linux cooked padding out of the IP total length, as Ethernet padding', () => {
    const ack = ipv4Packet(tcpSegment([], { flags: 0x10 }));
    const sll = [0, 0, 0, 1, 0, 6, 0, 0x0c, 0x29, 0xaa, 0xbb, 0xcc, 0, 0, 0x08, 0x00, ...ack, 0, 0, 0, 0, 0, 0];
    const frame = dissectFrame(Uint8Array.from(sll), 113, 1);
    expect(availableFixes(frame, Uint8Array.from(sll)).filter((f) => f.fieldId === 'ip.len')).toEqual([]);
  });
});

describe('diffFrames', () => {
  it('lists exactly tpkt.reserved and tcp.checksum for the KB frame against its fixed twin', () => {
    const twin = fixed(KB, (f) => f.fieldId === 'tpkt.reserved');
    const differences = diffFrames(dissectFrame(KB, 1, 1), dissectFrame(twin, 1, 1));
    expect(differences.map((d) => [d.id, d.a, d.b])).toEqual([
      ['tcp.checksum', 0x6073, 0x6084],
      ['tpkt.reserved', 0x11, 0],
    ]);
    expect(differences[1]!.cite).toMatchObject({ doc: 'RFC 1006', section: '6' });
  });

  it('aligns repeated ids by position and reports fields only one frame has', () => {
    const a = dissectFrame(isoOnTcp(tpkt(cotp([0xe0, 0, 0, 0, 1, 0, 0xc1, 1, 0x41, 0xc2, 1, 0x42]))), 1, 1);
    const b = dissectFrame(
      isoOnTcp(tpkt(cotp([0xe0, 0, 0, 0, 1, 0, 0xc1, 1, 0x41, 0xc2, 1, 0x43, 0xc0, 1, 0x0a]))),
      1,
      1,
    );
    const ids = diffFrames(a, b).map((d) => d.id);
    expect(ids).toContain('cotp.dst-tsap');
    expect(ids).toContain('cotp.tpdu_size');
    expect(ids).not.toContain('cotp.src-tsap');
    expect(diffFrames(a, a)).toEqual([]);
  });
});
