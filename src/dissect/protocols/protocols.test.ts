// Per protocol, hand-built bytes: good, malformed and reserved-non-zero cases. (Truncation at every offset is in
// ../truncation.test.ts; the KB frame in ../kb151626.test.ts.)
import { describe, expect, it } from 'vitest';
import { fieldsById } from '..';
import type { Frame } from '../model';
import { cotp, ethernetFrame, ipv4Packet, isoOnTcp, tcpSegment, tpkt } from '../testing/frames';
import { decodeChecked as decode, firstField as first, problemOn } from '../testing/checked';

const DT_EOT = cotp([0xf0, 0x80], [0x32, 0x01]);

const codes = (frame: Frame) => frame.problems.map((p) => `${p.code}@${p.fieldId}`);

describe('Ethernet II', () => {
  it('keeps zero padding of a short frame as eth.padding, in the Ethernet layer', () => {
    const frame = decode(isoOnTcp([], { flags: 0x10 }));
    expect(frame.length).toBe(60);
    expect(first(frame, 'eth.padding')).toMatchObject({ offset: 54, length: 6 });
    expect(frame.layers[0]!.fields.map((f) => f.id)).toContain('eth.padding');
  });
  it('calls non-zero bytes after the IP datagram a trailer', () => {
    const frame = decode([
      ...ethernetFrame(ipv4Packet(tcpSegment(tpkt(DT_EOT))), 0x0800, false),
      0xde,
      0xad,
      0xbe,
      0xef,
    ]);
    expect(first(frame, 'eth.trailer').raw).toBe('deadbeef');
  });
  it('reads a value of 1500 or less as an 802.3 length, the LLC data as data and the rest as padding', () => {
    const frame = decode(ethernetFrame([0x42, 0x42, 0x03, 0x01], 4));
    expect(first(frame, 'eth.len').value).toBe(4);
    expect(fieldsById(frame, 'eth.type')).toEqual([]);
    expect(first(frame, 'data.data').raw).toBe('42420301');
    expect(first(frame, 'eth.padding').length).toBe(42);
  });
  it('flags 1501-1535, neither a length nor an EtherType', () => {
    expect(problemOn(decode(ethernetFrame([1, 2, 3, 4], 0x05ff)), 'eth.type')).toMatchObject({ severity: 'error' });
  });
  it('shows an unknown EtherType and its payload as data', () => {
    const frame = decode(ethernetFrame([1, 2, 3, 4], 0x88b5));
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'data']);
    expect(first(frame, 'eth.type').display).toBe('Unknown (0x88b5)');
  });
  it('warns on a source address with the group bit set (tshark: eth.src_not_group), never on a group destination', () => {
    const bytes = [...isoOnTcp([], { flags: 0x10 })];
    bytes[6] = 0x01; // source 01:0c:29:aa:bb:cc, a multicast address
    const frame = decode(bytes);
    expect(frame.problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'unexpected-value',
        fieldId: 'eth.src.ig',
        offset: 6,
        cite: expect.objectContaining({ doc: 'IEEE 802.3', section: '3.2.3' }),
      }),
    ]);
    expect(frame.problems[0]!.message).toMatch(
      /group address.*"In the Source Address field, the first bit is reserved and set to 0"/,
    );
    const broadcast = [...isoOnTcp([], { flags: 0x10 })];
    broadcast.splice(0, 6, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    expect(decode(broadcast).problems).toEqual([]);
  });
});

describe('IPv4', () => {
  it('flags IHL below 5 on ip.hdr_len and stops there', () => {
    const frame = decode(ethernetFrame(ipv4Packet(tcpSegment(tpkt(DT_EOT)), { ihlWords: 4 })));
    expect(problemOn(frame, 'ip.hdr_len')).toMatchObject({ severity: 'error', code: 'malformed' });
    expect(frame.layers.map((l) => l.protocol)).not.toContain('tcp');
  });
  it('warns on the reserved flag bit, naming the sender', () => {
    const frame = decode(ethernetFrame(ipv4Packet(tcpSegment(tpkt(DT_EOT)), { flagsFrag: 0xc000 })));
    expect(problemOn(frame, 'ip.flags.rb')).toMatchObject({
      severity: 'warning',
      code: 'reserved-nonzero',
      cite: { doc: 'RFC 791', section: '3.1' },
    });
    expect(problemOn(frame, 'ip.flags.rb')!.message).toMatch(/sender/);
  });
  it('reports a wrong header checksum with stored and computed values', () => {
    const frame = decode(ethernetFrame(ipv4Packet(tcpSegment(tpkt(DT_EOT)), { checksum: 0x1234 })));
    const p = problemOn(frame, 'ip.checksum')!;
    expect(p).toMatchObject({ severity: 'error', code: 'checksum-bad' });
    expect(p.message).toMatch(/0x1234, computed 0x[0-9a-f]{4}/);
    expect(first(frame, 'ip.checksum_calculated').generated).toBe(true);
  });
  it('flags a total length below the header length', () => {
    const frame = decode(ethernetFrame(ipv4Packet(tcpSegment(tpkt(DT_EOT)), { totalLength: 12 })));
    expect(problemOn(frame, 'ip.len')).toMatchObject({ code: 'malformed' });
  });
  it('decodes options: type bits, length, data, EOL and zero padding', () => {
    const frame = decode(
      ethernetFrame(ipv4Packet(tcpSegment(tpkt(DT_EOT)), { options: [0x94, 4, 0, 0, 0x01, 0x00, 0x00, 0x00] })),
    );
    expect(first(frame, 'ip.options.routeralert').length).toBe(4);
    expect(first(frame, 'ip.opt.type.copy').value).toBe(1);
    expect(first(frame, 'ip.opt.len').value).toBe(4);
    expect(first(frame, 'ip.options.nop').length).toBe(1);
    expect(first(frame, 'ip.options.eol').length).toBe(1);
    expect(first(frame, 'ip.opt.padding').raw).toBe('0000');
    expect(first(frame, 'ip.hdr_len').value).toBe(28);
    expect(frame.problems).toEqual([]);
  });
  it('flags an option length that overruns the header', () => {
    const frame = decode(ethernetFrame(ipv4Packet(tcpSegment(tpkt(DT_EOT)), { options: [0x07, 9, 0, 0] })));
    expect(codes(frame)).toContain('malformed@ip.options.record_route');
  });
});

describe('TCP', () => {
  it('flags a data offset below 5 and leaves the payload undecoded', () => {
    const frame = decode(isoOnTcp(tpkt(DT_EOT), { dataOffsetWords: 3 }));
    expect(problemOn(frame, 'tcp.hdr_len')).toMatchObject({ severity: 'error', code: 'malformed' });
    expect(frame.layers.map((l) => l.protocol)).not.toContain('tpkt');
  });
  it('warns on non-zero reserved bits (all four of RFC 9293 Rsrvd), saying receivers must ignore them', () => {
    const frame = decode(isoOnTcp(tpkt(DT_EOT), { reservedBits: 0x1 }));
    const p = problemOn(frame, 'tcp.reserved')!;
    expect(p).toMatchObject({
      severity: 'warning',
      code: 'reserved-nonzero',
      cite: { doc: 'RFC 9293', section: '3.1' },
    });
    expect(p.message).toMatch(/must ignore/);
  });
  it('reports a wrong checksum', () => {
    const frame = decode(isoOnTcp(tpkt(DT_EOT), { checksum: 0xbeef }));
    expect(problemOn(frame, 'tcp.checksum')).toMatchObject({ code: 'checksum-bad' });
  });
  it('decodes option kinds 0, 1, 2, 3, 4, 5 and 8', () => {
    const options = [
      2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 9, 0, 0, 0, 5, 5, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 1, 0, 0,
    ];
    const frame = decode(isoOnTcp(tpkt(DT_EOT), { options }));
    expect(first(frame, 'tcp.options.mss_val').value).toBe(1460);
    expect(first(frame, 'tcp.options.wscale.shift').value).toBe(7);
    expect(fieldsById(frame, 'tcp.options.sack_perm')).toHaveLength(1);
    expect(first(frame, 'tcp.options.timestamp.tsval').value).toBe(9);
    expect(first(frame, 'tcp.options.timestamp.tsecr').value).toBe(5);
    expect(first(frame, 'tcp.options.sack_le').value).toBe(1);
    expect(first(frame, 'tcp.options.sack_re').value).toBe(2);
    expect(fieldsById(frame, 'tcp.options.nop')).toHaveLength(3);
    expect(fieldsById(frame, 'tcp.options.eol')).toHaveLength(1);
    expect(first(frame, 'tcp.options.padding').raw).toBe('000000');
    expect(frame.problems).toEqual([]);
  });
  it('shows an unknown kind raw, and an illegal length as a problem without looping', () => {
    const frame = decode(isoOnTcp(tpkt(DT_EOT), { options: [30, 4, 0xab, 0xcd, 2, 0, 1, 1] }));
    expect(first(frame, 'tcp.options.unknown.payload').raw).toBe('abcd');
    expect(problemOn(frame, 'tcp.options.mss')).toMatchObject({ code: 'malformed' });
  });
});

describe('TPKT', () => {
  it('notes a non-zero reserved octet (RFC 1006 sets no rule for it) and names the receiver that refuses it as out of line', () => {
    const frame = decode(isoOnTcp(tpkt(DT_EOT, 0x11)));
    const p = problemOn(frame, 'tpkt.reserved')!;
    expect(p).toMatchObject({ severity: 'note', code: 'reserved-nonzero', cite: { doc: 'RFC 1006' } });
    expect(p.seeAlso?.[0]).toMatchObject({ doc: 'RFC 1122', section: '1.2.2' });
  });
  it('is silent about a zero reserved octet', () => {
    expect(decode(isoOnTcp(tpkt(DT_EOT, 0))).problems).toEqual([]);
  });
  it('flags a version other than 3', () => {
    const bytes = isoOnTcp([2, 0, 0, 8, 2, 0xf0, 0x80, 1]);
    expect(problemOn(decode(bytes), 'tpkt.version')).toMatchObject({ severity: 'error', code: 'unexpected-value' });
  });
  for (const length of [0, 2, 4, 5, 6]) {
    it(`flags length ${length} as below RFC 1006's minimum of 7`, () => {
      const frame = decode(isoOnTcp(tpkt([2, 0xf0, 0x80], 0, length)));
      expect(problemOn(frame, 'tpkt.length')).toMatchObject({
        severity: 'error',
        code: 'malformed',
        cite: { doc: 'RFC 1006', section: '6' },
      });
    });
  }
  describe('a TPKT that runs past its segment (frames decoded one by one)', () => {
    // The rest follows in a later TCP segment, or was never captured: nobody is wrong, so one note, no error.
    const CR = cotp([0xe0, 0, 0, 0x00, 0x05, 0x00, 0xc1, 2, 0x01, 0x00, 0xc2, 2, 0x01, 0x02, 0xc0, 1, 0x0a]);
    const cut = (pdu: number[], keep: number) => decode(isoOnTcp(pdu.slice(0, keep)));
    const onlyTheNote = (frame: Frame, available: number) => {
      expect(frame.problems).toEqual([
        expect.objectContaining({ severity: 'note', code: 'truncated', fieldId: 'tpkt.length', offset: 56 }),
      ]);
      expect(frame.problems[0]!.message).toBe(
        `TPKT length is 22, but only ${available} bytes are here: the rest follows in a later TCP segment (a TPKT may span segments) or was not captured (the capture ends first, or the frame was cut short); what is here is decoded`,
      );
    };

    it('says so in a note on tpkt.length and decodes the DT and its user data so far', () => {
      const frame = decode(isoOnTcp(tpkt(DT_EOT, 0, 200)));
      expect(frame.problems).toEqual([
        expect.objectContaining({ severity: 'note', code: 'truncated', fieldId: 'tpkt.length' }),
      ]);
      expect(first(frame, 'cotp.type').value).toBe(0xf);
      expect(first(frame, 'cotp.user_data').length).toBe(2);
    });

    it('decodes a CR cut inside a parameter: the whole parameters, the cut one as far as it goes, no error', () => {
      const frame = cut(tpkt(CR), 4 + 14); // TPKT header, then the CR up to the middle of the Called TSAP's value
      onlyTheNote(frame, 18);
      expect(first(frame, 'cotp.dst-tsap')).toMatchObject({ offset: 71, length: 1, raw: '01' });
      expect(first(frame, 'cotp.src-tsap').value).toBe('0100');
      expect(fieldsById(frame, 'cotp.tpdu_size')).toEqual([]);
      expect(frame.summary.info).toBe('CR TPDU src-ref: 0x0005 dst-ref: 0x0000');
    });

    it('decodes a CR cut after the length octet of a parameter, or after its code', () => {
      // After the Called TSAP's length octet, after its code; after the TPDU size code, after the Calling TSAP code.
      for (const keep of [4 + 13, 4 + 12, 4 + 16, 4 + 8]) onlyTheNote(cut(tpkt(CR), keep), keep);
    });

    it('decodes a CR cut inside its fixed part: the fields that are here', () => {
      const frame = cut(tpkt(CR), 4 + 5); // LI, code, DST-REF and the first octet of SRC-REF
      onlyTheNote(frame, 9);
      expect(first(frame, 'cotp.destref').value).toBe(0);
      expect(fieldsById(frame, 'cotp.srcref')).toEqual([]);
      expect(first(frame, 'cotp.undecoded')).toMatchObject({ offset: 62, length: 1 });
    });

    it('keeps the TPKT header alone, or LI alone, with the same note', () => {
      const header = cut(tpkt(CR), 4);
      onlyTheNote(header, 4);
      expect(header.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'tcp', 'tpkt']);
      onlyTheNote(cut(tpkt(CR), 5), 5);
    });

    it('a header cut inside itself is a note too: the segment ends after 2 of its 4 octets', () => {
      const frame = cut(tpkt(CR), 2);
      expect(frame.problems).toEqual([
        expect.objectContaining({ severity: 'note', code: 'truncated', fieldId: 'tpkt.length' }),
      ]);
      expect(frame.problems[0]!.message).toMatch(/later TCP segment/);
    });

    it("still flags what is wrong in the bytes that are here: LI 0, an LI beyond the TPKT's own length", () => {
      expect(problemOn(decode(isoOnTcp(tpkt([0, 0xf0, 0x80], 0, 40))), 'cotp.li')).toMatchObject({
        severity: 'error',
        code: 'malformed',
      });
      const beyond = decode(isoOnTcp(tpkt([48, 0xf0, 0x80, 1, 2], 0, 20)));
      expect(problemOn(beyond, 'cotp.li')).toMatchObject({ severity: 'error', code: 'length-mismatch' });
      expect(problemOn(beyond, 'cotp.li')!.message).toMatch(/the TPKT ends at 74/);
    });
  });
  it('decodes two TPKTs in one segment', () => {
    const cc = cotp([0xd0, 0, 1, 0, 2, 0]);
    const frame = decode(isoOnTcp([...tpkt(cc), ...tpkt(DT_EOT)]));
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp', 'tpkt', 'cotp']);
    expect(fieldsById(frame, 'tpkt.version').map((f) => f.offset)).toEqual([54, 65]);
    expect(frame.summary.info).toBe('CC TPDU src-ref: 0x0002 dst-ref: 0x0001, DT TPDU (0) EOT');
  });
  it('is found by the heuristic on an unregistered port, whatever its reserved octet', () => {
    const frame = decode(isoOnTcp(tpkt(DT_EOT, 0x11), { srcport: 45000, dstport: 45001 }));
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
  });
});

describe('COTP', () => {
  it('decodes a CR: CDT, references, class, options, parameters', () => {
    const frame = decode(
      isoOnTcp(tpkt(cotp([0xe0, 0, 0, 0x00, 0x05, 0x00, 0xc1, 2, 0x01, 0x00, 0xc2, 2, 0x01, 0x02, 0xc0, 1, 0x0a]))),
    );
    expect(first(frame, 'cotp.type').value).toBe(0xe);
    expect(first(frame, 'cotp.srcref').value).toBe(5);
    expect(first(frame, 'cotp.src-tsap')).toMatchObject({
      value: '0100',
      display: '01 00 (S7: PG (programming device), rack 0, slot 0)',
    });
    expect(first(frame, 'cotp.tsap.s7.slot').value).toBe(0);
    expect(first(frame, 'cotp.dst-tsap')).toMatchObject({ value: '0102' });
    expect(first(frame, 'cotp.tsap.s7.connection_type').value).toBe(1);
    expect(first(frame, 'cotp.tpdu_size').value).toBe(1024);
    expect(frame.summary.info).toBe('CR TPDU src-ref: 0x0005 dst-ref: 0x0000');
    expect(frame.problems).toEqual([]);
  });
  it('flags DST-REF ≠ 0 in a CR, CDT ≠ 0 in class 0, class 5 and the unassigned option bits', () => {
    expect(problemOn(decode(isoOnTcp(tpkt(cotp([0xe0, 0x12, 0x34, 0, 1, 0])))), 'cotp.destref')).toMatchObject({
      severity: 'warning',
    });
    expect(problemOn(decode(isoOnTcp(tpkt(cotp([0xe5, 0, 0, 0, 1, 0])))), 'cotp.cdt')).toMatchObject({
      severity: 'warning',
    });
    const class5 = decode(isoOnTcp(tpkt(cotp([0xe0, 0, 0, 0, 1, 0x50]))));
    expect(problemOn(class5, 'cotp.class')).toMatchObject({ severity: 'error', code: 'unexpected-value' });
    expect(first(class5, 'cotp.srcref').value).toBe(1);
    expect(problemOn(decode(isoOnTcp(tpkt(cotp([0xd0, 0, 1, 0, 2, 0x0c])))), 'cotp.opts.reserved')).toMatchObject({
      code: 'reserved-nonzero',
    });
  });
  it('flags a TPDU size outside 0x07-0x0D, and 4096 in class 0', () => {
    expect(
      problemOn(decode(isoOnTcp(tpkt(cotp([0xe0, 0, 0, 0, 1, 0x00, 0xc0, 1, 0x0e])))), 'cotp.tpdu_size'),
    ).toMatchObject({ severity: 'error' });
    expect(
      problemOn(decode(isoOnTcp(tpkt(cotp([0xe0, 0, 0, 0, 1, 0x00, 0xc0, 1, 0x0c])))), 'cotp.tpdu_size'),
    ).toMatchObject({ severity: 'warning' });
  });
  it('reports a parameter whose length overruns LI on that parameter, not as a crash', () => {
    const frame = decode(isoOnTcp(tpkt(cotp([0xe0, 0, 0, 0, 1, 0x00, 0xc1, 32, 0x41, 0x42]))));
    expect(problemOn(frame, 'cotp.parameter')).toMatchObject({ code: 'length-mismatch' });
    expect(first(frame, 'cotp.src-tsap').value).toBe('AB');
  });
  it('shows an unknown parameter code raw and flags it', () => {
    const frame = decode(isoOnTcp(tpkt(cotp([0xe0, 0, 0, 0, 1, 0x00, 0x99, 1, 0x07]))));
    expect(first(frame, 'cotp.parameter_value').raw).toBe('07');
    expect(problemOn(frame, 'cotp.parameter_code')).toMatchObject({ code: 'unknown-value' });
  });
  it('flags an LI beyond the TPKT and still decodes what is there', () => {
    const frame = decode(isoOnTcp(tpkt([48, 0xf0, 0x80, 1, 2])));
    expect(problemOn(frame, 'cotp.li')).toMatchObject({ severity: 'error', code: 'length-mismatch' });
    expect(first(frame, 'cotp.type').value).toBe(0xf);
  });
  it('flags LI 0', () => {
    expect(problemOn(decode(isoOnTcp(tpkt([0, 0xf0, 0x80]))), 'cotp.li')).toMatchObject({ code: 'malformed' });
  });
  it('decodes DT class 0: EOT and TPDU-NR, user data', () => {
    const frame = decode(isoOnTcp(tpkt(DT_EOT)));
    expect(first(frame, 'cotp.eot').value).toBe(1);
    expect(first(frame, 'cotp.tpdu-number').value).toBe(0);
    expect(first(frame, 'cotp.user_data').raw).toBe('3201');
    expect(frame.summary.info).toBe('DT TPDU (0) EOT');
  });
  it('decodes DR with its reason, and DC', () => {
    const dr = decode(isoOnTcp(tpkt(cotp([0x80, 0x00, 0x29, 0x01, 0xca, 128]))));
    expect(first(dr, 'cotp.cause')).toMatchObject({
      value: 128,
      display: 'Normal disconnect initiated by session entity (128)',
    });
    const dc = decode(isoOnTcp(tpkt(cotp([0xc0, 0x00, 0x29, 0x01, 0xca]))));
    expect(first(dc, 'cotp.srcref').value).toBe(0x01ca);
    expect(dc.summary.info).toBe('DC TPDU src-ref: 0x01ca dst-ref: 0x0029');
  });
  it('decodes ER: reject cause and 0xC1 as the invalid TPDU, not a TSAP', () => {
    const frame = decode(isoOnTcp(tpkt(cotp([0x70, 0x00, 0x29, 2, 0xc1, 2, 0xe0, 0x00]))));
    expect(first(frame, 'cotp.reject_cause').value).toBe(2);
    expect(first(frame, 'cotp.invalid_tpdu').raw).toBe('e000');
    expect(fieldsById(frame, 'cotp.src-tsap')).toEqual([]);
  });
  it('decodes an unknown TPDU code as far as it can and flags it', () => {
    const frame = decode(isoOnTcp(tpkt([2, 0x30, 0x00])));
    expect(problemOn(frame, 'cotp.type')).toMatchObject({ code: 'unknown-value' });
  });
  it('decodes TPDUs concatenated in one TPKT', () => {
    const frame = decode(isoOnTcp(tpkt([...cotp([0xc0, 0x00, 0x29, 0x01, 0xca]), ...DT_EOT])));
    expect(frame.layers.filter((l) => l.protocol === 'cotp')).toHaveLength(2);
  });
});
