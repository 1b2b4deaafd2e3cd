// RDP fast-path PDUs (MS-RDPBCGR 2.2.8.1.2 input, 2.2.9.1.2 update) on real bytes from suricata_RDP-003.pcap (Standard
// RDP Security, encrypted) and on built PDUs. Header values as tshark 4.0.17 reads them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import type { Frame } from '../model';
import { fieldsById } from '../query';
import { decodeChecked, firstField as first } from '../testing/checked';
import { isoOnTcp } from '../testing/frames';

const suricata = readCapture(
  readFileSync(new URL('../../../../shared/captures/suricata_RDP-003.pcap', import.meta.url)),
);
const ids = (frame: Frame) => frame.layers.find((l) => l.protocol === 'rdp')!.fields.map((f) => f.id);
const toServer = { srcport: 50000, dstport: 3389 };
const toClient = { srcport: 3389, dstport: 50000 };
const decode = (payload: number[], ports = toServer) => decodeChecked(isoOnTcp(payload, ports));

describe('fast-path PDUs in suricata_RDP-003.pcap', () => {
  it('frame 37: an encrypted input PDU from the client — header, 1-octet length, MAC, encrypted events', () => {
    const frame = decodeChecked(suricata.frameBytes(37)!);
    expect(frame.summary).toMatchObject({ protocol: 'RDP', info: 'Fast-Path Input PDU, 4 events, encrypted' });
    expect(first(frame, 'rdp.fastpath.header')).toMatchObject({ offset: 54, value: 0x90 });
    expect(first(frame, 'rdp.fastpath.action').value).toBe(0);
    expect(first(frame, 'rdp.fastpath.numevents').value).toBe(4);
    expect(first(frame, 'rdp.fastpath.flags')).toMatchObject({ value: 2, display: 'encrypted (2)' });
    expect(first(frame, 'rdp.fastpathPDULength')).toMatchObject({ offset: 55, length: 1, value: 22 });
    expect(first(frame, 'rdp.dataSignature')).toMatchObject({ offset: 56, length: 8, raw: '1886fb4828856af4' });
    expect(first(frame, 'rdp.encryptedData')).toMatchObject({ offset: 64, length: 12 });
    expect(frame.problems).toEqual([]);
  });

  it('frame 139: an update PDU from the server with a 2-octet length (0x80 0x99 = 153)', () => {
    const frame = decodeChecked(suricata.frameBytes(139)!);
    expect(frame.summary.info).toBe('Fast-Path Update PDU, encrypted');
    expect(first(frame, 'rdp.fastpath.reserved').value).toBe(0);
    expect(first(frame, 'rdp.fastpath.flags').value).toBe(3);
    expect(first(frame, 'rdp.fastpathPDULength')).toMatchObject({ offset: 55, length: 2, value: 153 });
    expect(fieldsById(frame, 'rdp.fastpath.numevents')).toEqual([]);
    expect(frame.problems).toEqual([]);
  });
});

describe('fast-path PDUs, built', () => {
  it('an unencrypted input PDU with numEvents 0 in the header has a numEvents octet, then its events', () => {
    const frame = decode([0x00, 0x06, 0x10, 0xaa, 0xbb, 0xcc]);
    expect(ids(frame)).toEqual([
      'rdp.fastpath.header',
      'rdp.fastpathPDULength',
      'rdp.fastpath.numevents2',
      'rdp.fastpath.events',
    ]);
    expect(first(frame, 'rdp.fastpath.numevents2').value).toBe(16);
  });

  it('an unencrypted update PDU is its updates; the side on 3389 sends updates', () => {
    const frame = decode([0x00, 0x05, 0x01, 0x02, 0x03], toClient);
    expect(ids(frame)).toEqual(['rdp.fastpath.header', 'rdp.fastpathPDULength', 'rdp.fastpath.updates']);
  });

  it('FIPS information before the MAC when the octets say so (length 16, version 1)', () => {
    const frame = decode([0x80, 0x10, 0x10, 0x00, 0x01, 0x03, ...Array(8).fill(0xee), 0x55, 0x66], toClient);
    expect(first(frame, 'rdp.fipsLength').value).toBe(16);
    expect(first(frame, 'rdp.padlen').value).toBe(3);
    expect(first(frame, 'rdp.dataSignature').offset).toBe(54 + 6);
  });

  it('two PDUs in one segment, each decoded', () => {
    const frame = decode([0x04, 0x03, 0x01, 0x04, 0x04, 0x02, 0x03]);
    expect(frame.layers.filter((l) => l.protocol === 'rdp')).toHaveLength(2);
    expect(frame.summary.info).toBe('Fast-Path Input PDU, 1 event, Fast-Path Input PDU, 1 event');
  });

  it('a PDU that runs on into the next segment: on its own a frame cannot tell it from the middle of one', () => {
    const start = [0x80, 0x81, 0x00, ...Array(20).fill(7)];
    const alone = decode(start, toClient);
    expect(alone.layers.map((l) => l.protocol)[3]).toBe('data');
    expect(alone.problems[0]!.message).toMatch(/no run of whole fast-path PDUs fills it/);
    // Known to be fast-path (the stream layer, or decode-as): what is here, and no problem.
    const known = decodeChecked(isoOnTcp(start, toClient), 1, {
      decodeAs: [{ table: 'tcp.port', key: 3389, protocol: 'rdp-fastpath' }],
    });
    expect(first(known, 'rdp.fastpathPDULength').display).toMatch(/^256 \(23 here; the rest follows/);
    expect(known.problems).toEqual([]);
  });

  it('a length shorter than the header is an error when fast-path is forced', () => {
    const frame = decodeChecked(isoOnTcp([0x00, 0x01, 0x02], toServer), 1, {
      decodeAs: [{ table: 'tcp.port', key: 3389, protocol: 'rdp-fastpath' }],
    });
    expect(frame.problems.map((p) => `${p.severity} ${p.code} ${p.fieldId}`)).toEqual([
      'error malformed rdp.fastpathPDULength',
    ]);
  });
});
