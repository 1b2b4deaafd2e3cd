// The TLS record layer (RFC 8446 §5.1, RFC 5246 §6.2.1) on real bytes from zeek_rdp-to-ssl.pcap (an RDP session that
// negotiated TLS) and on built records; and what a frame on RDP's port 3389 is taken for without the conversation's
// history: TPKT, then a TLS record, then a fast-path PDU — 0x14 starting both a TLS record and a fast-path PDU.
// Expected values from tshark 4.0.17 -d tcp.port==3389,tls.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import type { Frame } from '../model';
import { fieldsById } from '../query';
import { decodeChecked, firstField as first } from '../testing/checked';
import { isoOnTcp, tpkt, cotp } from '../testing/frames';

const zeek = readCapture(readFileSync(new URL('../../../../shared/captures/zeek_rdp-to-ssl.pcap', import.meta.url)));
const zeekFrame = (n: number): Frame => decodeChecked(zeek.frameBytes(n)!);
const values = (frame: Frame, id: string) => fieldsById(frame, id).map((f) => f.value);
const toServer = { srcport: 49206, dstport: 3389 };
const record = (type: number, body: number[], version = 0x0303) => [
  type,
  version >> 8,
  version & 0xff,
  body.length >> 8,
  body.length & 0xff,
  ...body,
];
const onRdp = (payload: number[], ports = toServer) => decodeChecked(isoOnTcp(payload, ports));

describe('TLS records on 3389 (zeek_rdp-to-ssl.pcap)', () => {
  it('frame 8: a Client Hello, its record header and its handshake header, as tshark reads them', () => {
    const frame = zeekFrame(8);
    expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'tcp', 'tls']);
    expect(frame.summary).toMatchObject({ protocol: 'TLSv1', info: 'Client Hello' });
    expect(values(frame, 'tls.record.content_type')).toEqual([22]);
    expect(values(frame, 'tls.record.version')).toEqual([0x0301]);
    expect(values(frame, 'tls.record.length')).toEqual([116]);
    expect(values(frame, 'tls.handshake.type')).toEqual([1]);
    expect(values(frame, 'tls.handshake.length')).toEqual([112]);
    expect(values(frame, 'tls.handshake.version')).toEqual([0x0301]);
    expect(first(frame, 'tls.record.content_type')).toMatchObject({ offset: 54, length: 1, display: 'Handshake (22)' });
    expect(frame.problems).toEqual([]);
  });

  it('frame 9: three handshake messages in one record', () => {
    const frame = zeekFrame(9);
    expect(values(frame, 'tls.handshake.type')).toEqual([2, 11, 14]);
    expect(values(frame, 'tls.handshake.length')).toEqual([70, 772, 0]);
    expect(frame.summary.info).toBe('Server Hello, Certificate, Server Hello Done');
  });

  it('frame 10: three records in one segment; the handshake after ChangeCipherSpec is protected', () => {
    const frame = zeekFrame(10);
    expect(values(frame, 'tls.record.content_type')).toEqual([22, 20, 22]);
    expect(values(frame, 'tls.record.length')).toEqual([262, 1, 48]);
    expect(values(frame, 'tls.handshake.type')).toEqual([16]);
    expect(frame.summary.info).toBe('Client Key Exchange, Change Cipher Spec, Encrypted Handshake Message');
    const records = fieldsById(frame, 'tls.record');
    expect(records.map((r) => r.length)).toEqual([267, 6, 53]);
    expect(records[2]!.display).toBe('TLSv1, Handshake Protocol: Encrypted Handshake Message');
    expect(frame.problems).toEqual([]);
  });

  it('frame 12: application data is one opaque field', () => {
    const frame = zeekFrame(12);
    expect(frame.summary).toMatchObject({ protocol: 'TLSv1', info: 'Application Data' });
    expect(first(frame, 'tls.app_data')).toMatchObject({ offset: 59, length: 80 });
    expect(first(frame, 'tls.app_data').raw.startsWith('d4c728087d9a4468')).toBe(true);
  });
});

describe('TLS records, built', () => {
  it('two application-data records in one segment', () => {
    const frame = onRdp([...record(23, [1, 2, 3]), ...record(23, [4, 5])]);
    expect(values(frame, 'tls.record.length')).toEqual([3, 2]);
    expect(fieldsById(frame, 'tls.app_data').map((f) => f.raw)).toEqual(['010203', '0405']);
    expect(frame.summary).toMatchObject({ protocol: 'TLSv1.2', info: 'Application Data, Application Data' });
    expect(frame.problems).toEqual([]);
  });

  it('a record cut by the end of the segment (no reassembly): what is here, and no problem', () => {
    const frame = onRdp(
      record(
        23,
        Array.from({ length: 40 }, (_, i) => i),
      ).slice(0, 25),
    );
    expect(first(frame, 'tls.app_data').length).toBe(20);
    expect(first(frame, 'tls.record').display).toMatch(/20 of 40 fragment octets here; the rest follows/);
    expect(frame.problems).toEqual([]);
  });

  it('a plaintext alert has level and description; after ChangeCipherSpec it is an Encrypted Alert', () => {
    const plain = onRdp(record(21, [2, 40]));
    expect(plain.summary.info).toBe('Alert (Level: Fatal, Description: Handshake Failure)');
    expect(values(plain, 'tls.alert_message.desc')).toEqual([40]);
    const sealed = onRdp([...record(20, [1]), ...record(21, [9, 9, 9, 9, 9, 9])]);
    expect(sealed.summary.info).toBe('Change Cipher Spec, Encrypted Alert');
    expect(values(sealed, 'tls.alert_message.level')).toEqual([]);
  });

  it('a handshake record whose messages do not tile it is shown as encrypted', () => {
    const frame = onRdp(record(22, [0x14, 0, 0, 0x0c, 1, 2, 3]));
    expect(frame.summary.info).toBe('Encrypted Handshake Message');
    expect(values(frame, 'tls.handshake.type')).toEqual([]);
  });

  it('flags a zero-length handshake record (warning) and a length past 2^14 + 2048 (error)', () => {
    const empty = onRdp(record(22, []));
    expect(empty.problems.map((p) => `${p.severity} ${p.fieldId}`)).toEqual(['warning tls.record.length']);
    // Not taken for TLS on the port (no record is that long); decoded as TLS when told to.
    const tooLong = [0x17, 3, 3, 0x48, 0x01, 1, 2, 3];
    expect(onRdp(tooLong).layers.map((l) => l.protocol)).not.toContain('tls');
    const forced = decodeChecked(isoOnTcp(tooLong, toServer), 1, {
      decodeAs: [{ table: 'tcp.port', key: 3389, protocol: 'tls' }],
    });
    expect(forced.problems.map((p) => `${p.severity} ${p.code} ${p.fieldId}`)).toEqual([
      'error malformed tls.record.length',
    ]);
  });

  it('bytes that begin no record, given to TLS, are an ignored unknown record with a note', () => {
    const frame = decodeChecked(isoOnTcp([0x42, 1, 2, 3, 4, 5], toServer), 1, {
      decodeAs: [{ table: 'tcp.port', key: 3389, protocol: 'tls' }],
    });
    expect(first(frame, 'tls.ignored_unknown_record').length).toBe(6);
    expect(frame.problems.map((p) => `${p.severity} ${p.code}`)).toEqual(['note undecoded']);
  });
});

describe('what a frame on 3389 is without its conversation: TPKT, TLS, fast-path, in that order', () => {
  const top = (payload: number[], ports = toServer) => onRdp(payload, ports).layers.map((l) => l.protocol)[3];

  it('0x03 is a TPKT (the fast-path action 3 means exactly that)', () => {
    expect(top(tpkt(cotp([0xf0, 0x80], [1, 2])))).toBe('tpkt');
  });
  it('0x17 0x03 0x03 and a plausible length is a TLS record', () => {
    expect(top(record(23, [1, 2, 3]))).toBe('tls');
  });
  it('0x14 is both a ChangeCipherSpec and a fast-path header with 5 events: a TLS header wins', () => {
    const ccs = record(20, [1], 0x0301);
    expect(top(ccs)).toBe('tls');
    // The same first octet with a fast-path length after it (no TLS version): a fast-path PDU of 7 octets.
    expect(top([0x14, 0x07, 1, 2, 3, 4, 5])).toBe('rdp');
  });
  it('a TPKT with a wrong version whose length matches the payload is still a TPKT, after TLS and fast-path', () => {
    const wrong = tpkt(cotp([0xf0, 0x80], [1]));
    wrong[0] = 0x11;
    const frame = onRdp(wrong);
    expect(frame.layers.map((l) => l.protocol)).toContain('tpkt');
    expect(frame.problems.map((p) => p.fieldId)).toContain('tpkt.version');
  });
  it('bytes that are none of them are data, with a note that says why for each', () => {
    const frame = onRdp([0x45, 0x01, 0x02, 0x03, 0x04, 0x05]);
    expect(frame.layers.map((l) => l.protocol)[3]).toBe('data');
    expect(frame.problems[0]!.message).toMatch(/is for TPKT, TLS or RDP, but the payload is none of them/);
  });
  it('one octet (a keep-alive) is TCP segment data on 3389 and on 102, with no problem', () => {
    for (const ports of [toServer, { srcport: 1555, dstport: 102 }]) {
      const frame = onRdp([0x00], ports);
      expect(frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ip', 'tcp']);
      expect(first(frame, 'tcp.segment_data').display).toMatch(/keep-alive/);
      expect(frame.problems).toEqual([]);
    }
  });
});
