// COTP beyond the Foundation: every TPDU type in both formats, every parameter, the class 4 checksum, RDP's
// negotiation in the CR/CC header, TPKT payloads that are not COTP, and "decode as".
import { describe, expect, it } from 'vitest';
import { fieldsById } from '..';
import type { DissectOptions } from '../dissector';
import type { Frame } from '../model';
import { cotp, isoOnTcp, tpkt } from '../testing/frames';
import { decodeChecked, firstField as first, problemOn } from '../testing/checked';
import { verifyIsoChecksum } from './iso-checksum';
import { COTP_TABLE } from './cotp';

const decode = (bytes: Uint8Array, options: DissectOptions = {}): Frame => decodeChecked(bytes, 1, options);
const serious = (frame: Frame) => frame.problems.filter((p) => p.severity !== 'note');

/** A class 4 TPDU with a correct ISO 8073 checksum parameter placed at the end of its header. */
function withChecksum(headerAfterLi: number[], userData: number[] = []): number[] {
  const tpdu = cotp([...headerAfterLi, 0xc3, 2, 0, 0], userData);
  const at = 1 + headerAfterLi.length + 2;
  const { expected } = verifyIsoChecksum(Uint8Array.from(tpdu), 0, tpdu.length, at);
  tpdu[at] = expected >> 8;
  tpdu[at + 1] = expected & 0xff;
  return tpdu;
}

describe('TPDU types', () => {
  it('ED normal: DST-REF, EOT and ED-TPDU-NR, user data', () => {
    const frame = decode(isoOnTcp(tpkt(cotp([0x10, 0x00, 0x29, 0x85], [0xaa]))));
    expect(first(frame, 'cotp.type').value).toBe(0x1);
    expect(first(frame, 'cotp.eot').value).toBe(1);
    expect(first(frame, 'cotp.tpdu-number').value).toBe(5);
    expect(first(frame, 'cotp.user_data').raw).toBe('aa');
    expect(problemOn(frame, 'cotp.li')).toMatchObject({ severity: 'note', code: 'inferred' });
  });
  it('AK normal and extended, chosen by LI parity, with credit where each format keeps it', () => {
    const normal = decode(isoOnTcp(tpkt(cotp([0x63, 0x00, 0x29, 0x07]))));
    expect(first(normal, 'cotp.cdt').value).toBe(3);
    expect(first(normal, 'cotp.next-tpdu-number').value).toBe(7);
    const extended = decode(isoOnTcp(tpkt(cotp([0x60, 0x00, 0x29, 0x00, 0x00, 0x01, 0x00, 0x00, 0x0a]))));
    expect(first(extended, 'cotp.next-tpdu-number.ext').value).toBe(256);
    expect(first(extended, 'cotp.credit').value).toBe(10);
    expect(problemOn(extended, 'cotp.li')!.message).toMatch(/Extended format inferred from the odd length indicator 9/);
  });
  it('AK parameters: subsequence number and flow control confirmation', () => {
    const frame = decode(
      isoOnTcp(tpkt(cotp([0x61, 0x00, 0x29, 0x02, 0x8a, 2, 0x00, 0x03, 0x8c, 8, 0, 0, 0, 2, 0, 3, 0, 1]))),
    );
    expect(first(frame, 'cotp.subsequence_number').value).toBe(3);
    expect(first(frame, 'cotp.lower_window_edge').value).toBe(2);
    expect(first(frame, 'cotp.sequence_number').value).toBe(3);
    expect(first(frame, 'cotp.credit').value).toBe(1);
    expect(serious(frame)).toEqual([]);
  });
  it('EA and RJ', () => {
    expect(first(decode(isoOnTcp(tpkt(cotp([0x20, 0x00, 0x29, 0x04])))), 'cotp.next-tpdu-number').value).toBe(4);
    const rj = decode(isoOnTcp(tpkt(cotp([0x52, 0x00, 0x29, 0x09]))));
    expect(first(rj, 'cotp.cdt').value).toBe(2);
    expect(rj.summary.info).toBe('RJ TPDU (9)');
  });
  it('DT in class 2-4 formats: normal (LI 4) and extended (LI 7), and the user can override the inference', () => {
    const normal = decode(isoOnTcp(tpkt(cotp([0xf0, 0x00, 0x29, 0x83], [1]))));
    expect(first(normal, 'cotp.destref').value).toBe(0x29);
    expect(first(normal, 'cotp.tpdu-number').value).toBe(3);
    const extendedBytes = isoOnTcp(tpkt(cotp([0xf0, 0x00, 0x29, 0x80, 0x00, 0x01, 0x02], [1])));
    const extended = decode(extendedBytes);
    expect(first(extended, 'cotp.eot.ext').value).toBe(1);
    expect(first(extended, 'cotp.tpdu-number.ext').value).toBe(0x102);
    const forced = decode(extendedBytes, { cotpFormat: 'normal' });
    expect(fieldsById(forced, 'cotp.tpdu-number.ext')).toEqual([]);
    expect(problemOn(forced, 'cotp.li')?.code).not.toBe('inferred');
  });
  it('flags a non-zero TPDU-NR and ROA in a class 0 DT, citing X.224 13.7.3 and RFC 1006', () => {
    const frame = decode(isoOnTcp(tpkt(cotp([0xf1, 0x85], [1]))));
    expect(problemOn(frame, 'cotp.tpdu-number')).toMatchObject({
      severity: 'warning',
      cite: { doc: 'ISO/IEC 8073', section: '13.7.3' },
      seeAlso: [expect.objectContaining({ doc: 'RFC 1006' })],
    });
    expect(problemOn(frame, 'cotp.roa')).toMatchObject({ severity: 'warning' });
    expect(frame.summary.info).toBe('DT TPDU (5) EOT');
  });
  it('flags DT code bits 4-2', () => {
    expect(problemOn(decode(isoOnTcp(tpkt(cotp([0xf4, 0x80])))), 'cotp.dt_code_reserved')).toMatchObject({
      code: 'reserved-nonzero',
    });
  });
  it('keeps an unknown DR reason and ER cause as DR and ER, with a problem', () => {
    const dr = decode(isoOnTcp(tpkt(cotp([0x80, 0, 1, 0, 2, 4]))));
    expect(first(dr, 'cotp.type').value).toBe(0x8);
    expect(problemOn(dr, 'cotp.cause')).toMatchObject({ code: 'unknown-value' });
    const er = decode(isoOnTcp(tpkt(cotp([0x70, 0, 1, 9]))));
    expect(problemOn(er, 'cotp.reject_cause')).toMatchObject({ code: 'unknown-value' });
  });
});

describe('layouts', () => {
  it('never end a spec before the one ahead of it: a spec was emitted when it fits in the header', () => {
    for (const layout of COTP_TABLE.layouts)
      for (let i = 1; i < layout.length; i++)
        expect(layout[i]!.at! + layout[i]!.size!, layout[i]!.id).toBeGreaterThanOrEqual(
          layout[i - 1]!.at! + layout[i - 1]!.size!,
        );
  });
});

describe('parameters', () => {
  it('decodes the CR quality-of-service parameters into their parts', () => {
    const frame = decode(
      isoOnTcp(
        tpkt(
          cotp([
            0xe0, 0, 0, 0, 1, 0x40, 0x85, 2, 0x01, 0xf4, 0x86, 3, 5, 3, 10, 0x87, 2, 0, 1, 0x88, 8, 0, 1, 0, 2, 0, 3, 0,
            4, 0x89, 12, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0x8b, 2, 0, 30, 0xc4, 1, 1, 0xc6, 1, 0x03, 0xc7, 2, 0x20,
            0x00, 0xf0, 1, 8, 0xf2, 4, 0, 0, 0x75, 0x30,
          ]),
        ),
      ),
    );
    expect(first(frame, 'cotp.ack_time').value).toBe(500);
    expect(first(frame, 'cotp.res_error_rate.tdsu').value).toBe(10);
    expect(first(frame, 'cotp.transit_delay.max_accept_called_calling').value).toBe(4);
    expect(first(frame, 'cotp.max_throughput.min_accept_called_calling').value).toBe(4);
    expect(fieldsById(frame, 'cotp.avg_throughput.targ_calling_called')).toEqual([]);
    expect(first(frame, 'cotp.reassignment_time').value).toBe(30);
    expect(first(frame, 'cotp.use_16_bit_checksum').value).toBe(1);
    expect(first(frame, 'cotp.alternative_classes').display).toBe('class 2, class 0');
    expect(first(frame, 'cotp.preferred_maximum_tpdu_size').value).toBe(1024);
    expect(first(frame, 'cotp.inactivity_timer').value).toBe(30000);
    expect(serious(frame)).toEqual([]);
  });
  it('flags a parameter with the wrong length and shows its value raw', () => {
    const frame = decode(isoOnTcp(tpkt(cotp([0xe0, 0, 0, 0, 1, 0x00, 0xc0, 2, 0x0b, 0x00]))));
    expect(problemOn(frame, 'cotp.parameter')).toMatchObject({ code: 'length-mismatch' });
    expect(first(frame, 'cotp.parameter_value').raw).toBe('0b00');
  });
  it('flags reserved bits of the additional option selection', () => {
    const frame = decode(isoOnTcp(tpkt(cotp([0xe0, 0, 0, 0, 1, 0x40, 0xc6, 1, 0x81]))));
    expect(problemOn(frame, 'cotp.additional_options.reserved')).toMatchObject({ code: 'reserved-nonzero' });
  });
  it('flags an unknown code in a DR as a warning and in a CR as a note (a CR ignores unknown parameters)', () => {
    const dr = decode(isoOnTcp(tpkt(cotp([0x80, 0, 1, 0, 2, 0, 0xc0, 1, 0x0b]))));
    expect(problemOn(dr, 'cotp.parameter_code')).toMatchObject({ severity: 'warning' });
    // On the parameter as a whole, where it has always been, though it names the code.
    expect(first(dr, 'cotp.parameter').problems).toEqual([problemOn(dr, 'cotp.parameter_code')]);
    expect(
      problemOn(decode(isoOnTcp(tpkt(cotp([0xe0, 0, 0, 0, 1, 0, 0xe0, 1, 0x0b])))), 'cotp.parameter_code'),
    ).toMatchObject({ severity: 'note' });
  });
});

describe('class 4 checksum (ISO 8073 algorithm over the whole TPDU)', () => {
  it('accepts a correct checksum, which Wireshark 4.0 reports as bad', () => {
    const frame = decode(isoOnTcp(tpkt(withChecksum([0xf0, 0x00, 0x29, 0x80], [1, 2, 3, 4, 5]))));
    const checksum = first(frame, 'cotp.checksum');
    expect(checksum.display).toMatch(/\[correct\]/);
    expect(problemOn(frame, 'cotp.checksum')).toBeUndefined();
  });
  it('reports a wrong checksum with the value that would be right', () => {
    const tpdu = withChecksum([0xf0, 0x00, 0x29, 0x80], [1, 2, 3, 4, 5]);
    const right = (tpdu[7]! << 8) | tpdu[8]!;
    tpdu[tpdu.length - 1] = tpdu[tpdu.length - 1]! ^ 0xff; // corrupt the user data
    const frame = decode(isoOnTcp(tpkt(tpdu)));
    expect(problemOn(frame, 'cotp.checksum')).toMatchObject({ severity: 'error', code: 'checksum-bad' });
    expect(first(frame, 'cotp.checksum').value).toBe(right);
  });
  it('leaves the checksum unverified when the TPKT runs past the segment: the TPDU is not all here', () => {
    const whole = tpkt(withChecksum([0xf0, 0x00, 0x29, 0x80], [1, 2, 3, 4, 5]));
    const frame = decode(isoOnTcp(whole.slice(0, whole.length - 2)));
    expect(first(frame, 'cotp.checksum').display).toMatch(/\[unverified: the TPDU is not all here\]/);
    expect(serious(frame)).toEqual([]);
    expect(problemOn(frame, 'tpkt.length')).toMatchObject({ severity: 'note', code: 'truncated' });
  });
  it('computes checksums that verify, for random TPDUs', () => {
    for (let n = 0; n < 200; n++) {
      const data = Array.from({ length: 1 + (n % 40) }, (_, i) => (i * 37 + n * 11) & 0xff);
      const tpdu = Uint8Array.from(withChecksum([0xf0, 0x00, n & 0xff, 0x80], data));
      expect(verifyIsoChecksum(tpdu, 0, tpdu.length, 7).valid).toBe(true);
    }
  });
});

describe('RDP X.224 negotiation (MS-RDPBCGR 2.2.1.1, 2.2.1.2)', () => {
  const cookie = [...'Cookie: mstshash=eltons\r\n'].map((c) => c.charCodeAt(0));
  it('decodes the cookie and RDP_NEG_REQ inside the CR header', () => {
    const frame = decode(
      isoOnTcp(tpkt(cotp([0xe0, 0, 0, 0, 0, 0, ...cookie, 0x01, 0x00, 0x08, 0x00, 0x03, 0x00, 0x00, 0x00])), {
        srcport: 50000,
        dstport: 3389,
      }),
    );
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp', 'rdp']);
    expect(first(frame, 'rdp.rt_cookie').value).toBe('Cookie: mstshash=eltons');
    expect(first(frame, 'rdp.rt_cookie_terminator').raw).toBe('0d0a');
    expect(first(frame, 'rdp.neg_type').value).toBe(1);
    expect(first(frame, 'rdp.negReq.requestedProtocols').value).toBe(3);
    expect(first(frame, 'rdp.negReq.requestedProtocols.hybrid').value).toBe(1);
    expect(first(frame, 'rdp.neg_length').value).toBe(8);
    expect(serious(frame)).toEqual([]);
  });
  it('decodes RDP_NEG_RSP in the CC and RDP_NEG_FAILURE with its code', () => {
    const rsp = decode(
      isoOnTcp(tpkt(cotp([0xd0, 0, 0, 0x12, 0x34, 0, 0x02, 0x1f, 0x08, 0x00, 0x02, 0x00, 0x00, 0x00])), {
        srcport: 3389,
        dstport: 50000,
      }),
    );
    expect(first(rsp, 'rdp.negReq.selectedProtocol').display).toBe('PROTOCOL_HYBRID (CredSSP) (0x00000002)');
    expect(first(rsp, 'rdp.negRsp.flags.extended_client_data_supported').value).toBe(1);
    const failure = decode(
      isoOnTcp(tpkt(cotp([0xd0, 0, 0, 0x12, 0x34, 0, 0x03, 0x00, 0x08, 0x00, 0x05, 0x00, 0x00, 0x00])), {
        srcport: 3389,
        dstport: 50000,
      }),
    );
    expect(first(failure, 'rdp.negFailure.failureCode').value).toBe(5);
  });
  it('decodes a TLS record on 3389 as TLS, not as a broken TPKT (tls.test.ts has the rest)', () => {
    const frame = decode(isoOnTcp([0x17, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5], { srcport: 50000, dstport: 3389 }));
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'tcp', 'tls']);
    expect(frame.problems).toEqual([]);
  });
});

describe('TPKT payloads that are not COTP, and decode-as', () => {
  // (On 1720 itself Q.931 decodes it: q931.test.ts.)
  it('shows a Q.931 message in TPKT on a port no protocol claims as TPKT user data with a note, not as a false COTP', () => {
    const q931 = [0x08, 0x02, 0x00, 0x01, 0x05, 0x04, 0x03, 0x80, 0x90, 0xa2];
    const frame = decode(isoOnTcp(tpkt(q931), { srcport: 50000, dstport: 1721 }));
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'tcp', 'tpkt']);
    expect(first(frame, 'tpkt.user_data').problems?.[0]).toMatchObject({ severity: 'note' });
    expect(serious(frame)).toEqual([]);
  });
  it('forces TPKT on an unregistered port, or none on 102', () => {
    const dt = tpkt(cotp([0xf0, 0x80], [1]));
    const bytes = isoOnTcp(dt, { srcport: 40000, dstport: 40001 });
    const forced = decode(bytes, { decodeAs: [{ table: 'tcp.port', key: 40001, protocol: 'tpkt' }] });
    expect(forced.layers.map((l) => l.protocol)).toContain('cotp');
    const off = decode(isoOnTcp(dt), { decodeAs: [{ table: 'tcp.port', key: 102, protocol: 'none' }] });
    expect(off.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'tcp', 'data']);
  });
});
