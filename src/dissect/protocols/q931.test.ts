// Q.931 in TPKT on TCP 1720 (H.323 call signalling, H.225.0 §7): real frames of ndpi_h323.pcap, values as tshark 4.0.17
// reads them (reassembly off), and built messages for the cases the capture lacks.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import type { Frame } from '../model';
import { fieldsById } from '../query';
import { decodeChecked, firstField as first, problemOn } from '../testing/checked';
import { isoOnTcp, tpkt } from '../testing/frames';

const h323 = readCapture(readFileSync(new URL('../../../../shared/captures/ndpi_h323.pcap', import.meta.url)));
const protocols = (frame: Frame) => frame.layers.map((l) => l.protocol);
const values = (frame: Frame, id: string) => fieldsById(frame, id).map((f) => f.value);
const toGatekeeper = { srcport: 32803, dstport: 1720 };
/** A Q.931 message in a TPKT to port 1720. */
const decode = (message: number[], ports = toGatekeeper) => decodeChecked(isoOnTcp(tpkt(message), ports));
/** SETUP, call reference 0x0001 from the originating side: header of every built message below. */
const SETUP = [0x08, 0x02, 0x00, 0x01, 0x05];
/**
 * A Display element. TCP 1720 is not a TPKT port of its own: TPKT is found by its heuristic, which wants a TPDU longer
 * than its first octet (0x08) says, so the shortest messages get one.
 */
const DISPLAY = [0x28, 0x03, 0x41, 0x42, 0x43];

describe('Q.931 in ndpi_h323.pcap', () => {
  it('frame 6: SETUP — header, then Bearer capability, Display and the H.225.0 User-user element', () => {
    const frame = decodeChecked(h323.frameBytes(6)!);
    expect(protocols(frame)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'q931']);
    expect(frame.summary).toMatchObject({ protocol: 'Q.931', info: 'SETUP' });
    expect(first(frame, 'q931.disc')).toMatchObject({ offset: 58, value: 0x08 });
    expect(first(frame, 'q931.call_ref_len')).toMatchObject({ offset: 59, length: 1, value: 2 });
    expect(first(frame, 'q931.call_ref_flag')).toMatchObject({ offset: 60, value: 0 });
    expect(first(frame, 'q931.call_ref')).toMatchObject({ offset: 60, length: 2, value: '77f4' });
    expect(first(frame, 'q931.message_type')).toMatchObject({ offset: 62, value: 0x05 });
    expect(values(frame, 'q931.information_element')).toEqual([4, 40, 126]);
    expect(values(frame, 'q931.information_element_len')).toEqual([3, 8, 133]);
    // H.225.0 §7.2.2: the User-user length takes two octets (0x0085), where Q.931 has one.
    expect(fieldsById(frame, 'q931.information_element_len')[2]).toMatchObject({ offset: 79, length: 2 });
    expect(first(frame, 'q931.user.protocol_discriminator')).toMatchObject({ offset: 81, value: 0x05 });
    expect(first(frame, 'q931.user.bytes')).toMatchObject({ offset: 82, length: 132 });
    expect(frame.problems).toEqual([]);
  });

  it('frame 10: CALL PROCEEDING to the originating side — the flag is set and the value is shown without it', () => {
    const frame = decodeChecked(h323.frameBytes(10)!);
    expect(frame.summary.info).toBe('CALL PROCEEDING');
    expect(first(frame, 'q931.call_ref_flag').value).toBe(1);
    expect(first(frame, 'q931.call_ref')).toMatchObject({ raw: 'f7f4', value: '77f4' });
    expect(first(frame, 'q931.message_type').value).toBe(0x02);
  });

  it('the other messages of the capture, as tshark names them', () => {
    const info = (n: number) => decodeChecked(h323.frameBytes(n)!).summary.info;
    expect([14, 18, 47, 65, 66].map(info)).toEqual(['ALERTING', 'CONNECT', 'SETUP', 'SETUP', 'RELEASE COMPLETE']);
  });

  it('H.245 on its own port stays TPKT user data: only 1720 says Q.931', () => {
    const frame = decodeChecked(h323.frameBytes(25)!);
    expect(protocols(frame)).toEqual(['eth', 'ip', 'tcp', 'tpkt']);
    expect(problemOn(frame, 'tpkt.user_data')?.code).toBe('undecoded');
  });
});

describe('Q.931, built messages', () => {
  it('single-octet elements have no length (Q.931 §4.5.1): Sending complete, then a Display', () => {
    const frame = decode([...SETUP, 0xa1, 0x28, 0x02, 0x41, 0x42]);
    expect(values(frame, 'q931.information_element')).toEqual([0xa1, 0x28]);
    expect(values(frame, 'q931.information_element_len')).toEqual([2]);
    expect(first(frame, 'q931.ie.data')).toMatchObject({ raw: '4142' });
    expect(frame.problems).toEqual([]);
  });

  it('a User-user element whose contents are not ASN.1-coded keeps the one-octet length of Q.931', () => {
    const frame = decode([...SETUP, 0x7e, 0x03, 0x04, 0x68, 0x69]);
    expect(first(frame, 'q931.information_element_len')).toMatchObject({ length: 1, value: 3 });
    expect(first(frame, 'q931.user.protocol_discriminator').value).toBe(0x04);
    expect(first(frame, 'q931.user.bytes').raw).toBe('6869');
  });

  it('a dummy call reference (length 0) has no flag and no value', () => {
    const frame = decode([0x08, 0x00, 0x7d, ...DISPLAY, 0xa1]);
    expect(fieldsById(frame, 'q931.call_ref')).toEqual([]);
    expect(frame.summary.info).toBe('STATUS');
  });

  it('an element running past the end of a complete TPKT is an error on its length', () => {
    const frame = decode([...SETUP, ...DISPLAY, 0x28, 0x05, 0x41]);
    expect(problemOn(frame, 'q931.information_element_len')).toMatchObject({ severity: 'error', code: 'malformed' });
  });

  // TPKT's heuristic takes only whole TPKTs: a first segment is TPKT when the user says so (or reassembly knows).
  it('an element cut where the TPKT runs past the segment is no fault of its own: TPKT says the rest follows', () => {
    const message = [...SETUP, ...DISPLAY, 0x28, 0x05, 0x41];
    const decodeAs = [{ table: 'tcp.port' as const, key: 1720, protocol: 'tpkt' }];
    const frame = decodeChecked(isoOnTcp(tpkt(message, 0, message.length + 4 + 4), toGatekeeper), 1, { decodeAs });
    expect(values(frame, 'q931.information_element_len')).toEqual([3, 5]);
    expect(frame.problems.map((p) => [p.fieldId, p.severity, p.code])).toEqual([['tpkt.length', 'note', 'truncated']]);
  });

  // (Spare bits that make octet 2 a plausible COTP TPDU code, 0x1-, leave the payload to COTP: TPKT tries it first.)
  it('non-zero spare bits above the call reference length are a warning', () => {
    const frame = decode([0x08, 0x32, 0x00, 0x01, 0x05, ...DISPLAY]);
    expect(problemOn(frame, 'q931.call_ref_spare')).toMatchObject({ severity: 'warning', code: 'reserved-nonzero' });
    expect(first(frame, 'q931.call_ref_len').value).toBe(2);
  });

  it('an unknown message type is named as Wireshark names it', () => {
    expect(decode([0x08, 0x02, 0x00, 0x01, 0x7e, ...DISPLAY]).summary.info).toBe('Unknown (0x7e)');
  });

  it('on 1720, a payload that is not Q.931 is data, with a note saying why', () => {
    const frame = decode([0x09, 0x02, 0x00, 0x01, 0x05, ...DISPLAY]);
    expect(protocols(frame)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'data']);
    expect(frame.problems.map((p) => p.message)).toEqual([
      "tpkt.port 1720 is Q931's, but octet 1 (0x09) is not the Q.931 protocol discriminator 0x08; shown as data",
    ]);
  });

  it('elsewhere, a TPKT payload that is not COTP stays TPKT user data, as before', () => {
    const frame = decode([...SETUP, ...DISPLAY], { srcport: 32803, dstport: 1721 });
    expect(protocols(frame)).toEqual(['eth', 'ip', 'tcp', 'tpkt']);
    expect(frame.summary.info).toBe('TPKT, 10 bytes of user data');
  });
});
