// RDP after the X.224 handshake: T.125 MCS in the DT user data (BER connect PDUs, ALIGNED PER domain PDUs), T.124 GCC in
// the connect PDUs' user data, RDP's settings data block headers in the GCC user data. Real frames of ndpi_rdp3.pcap,
// suricata_RDP-003.pcap and zeek_rdp-x509.pcap, values as tshark 4.0.17 reads them (reassembly off; where tshark
// differs, the test says why), and built PDUs for what the captures lack.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import { dissectLean } from '../engine';
import type { Frame } from '../model';
import { fieldsById } from '../query';
import { createStreamTracker, dissectWithStream, STREAM_WANTS } from '../stream';
import { decodeChecked, firstField as first, problemOn } from '../testing/checked';
import { cotp, isoOnTcp, mcsConnectInitial, tpkt } from '../testing/frames';

const capture = (name: string) =>
  readCapture(readFileSync(new URL(`../../../../shared/captures/${name}`, import.meta.url)));
const rdp3 = capture('ndpi_rdp3.pcap');
const suricata = capture('suricata_RDP-003.pcap');
const protocols = (frame: Frame) => frame.layers.map((l) => l.protocol);
const values = (frame: Frame, id: string) => fieldsById(frame, id).map((f) => f.value);
const frame = (n: number) => decodeChecked(rdp3.frameBytes(n)!);
/** X.224 DT user data from an RDP client to its server. */
const dt = (data: number[], tpktLength?: number) => {
  const pdu = cotp([0xf0, 0x80], data);
  return isoOnTcp(tpkt(pdu, 0, tpktLength ?? pdu.length + 4), { srcport: 50000, dstport: 3389 });
};

describe('MCS connect PDUs (BER), GCC and the data block headers, ndpi_rdp3.pcap', () => {
  it('frame 6: Connect-Initial, its domain parameters, the GCC conference create request and ClientData', () => {
    const f = frame(6);
    expect(protocols(f)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp', 't125', 't124', 'rdp']);
    expect(f.summary).toMatchObject({ protocol: 'RDP', info: 'ClientData' });
    // The CHOICE spans the PDU (as Wireshark's does); its identifier octets 7f 65 are the first child.
    expect(first(f, 't125.ConnectMCSPDU')).toMatchObject({ offset: 61, length: 405, value: 101 });
    expect(first(f, 't125.identifier')).toMatchObject({ offset: 61, length: 2, value: 101 });
    expect(first(f, 't125.length')).toMatchObject({ offset: 63, length: 3, value: 400 });
    expect(first(f, 't125.upwardFlag').value).toBe(1);
    expect(values(f, 't125.maxChannelIds')).toEqual([34, 1, 65535]);
    // ff ff is 65535 for an INTEGER (0..MAX), as peers and Wireshark read it.
    expect(values(f, 't125.maxMCSPDUsize')).toEqual([65535, 1056, 65535]);
    expect(first(f, 't124.object').value).toBe('0.0.20.124.0.1');
    expect(first(f, 't124.connectGCCPDU').value).toBe(0);
    expect(first(f, 't124.numeric').value).toBe('1');
    expect(first(f, 't124.terminationMethod').value).toBe(0);
    expect(first(f, 't124.h221NonStandard').raw).toBe('44756361');
    expect(values(f, 'rdp.header.type')).toEqual([0xc001, 0xc004, 0xc002, 0xc003]);
    expect(values(f, 'rdp.header.length')).toEqual([212, 12, 12, 44]);
    expect(f.problems).toEqual([]);
  });

  it('frame 7: Connect-Response; the connectPDU length that leaves out the data blocks is normal, not flagged', () => {
    const f = frame(7);
    expect(f.summary).toMatchObject({ protocol: 'RDP', info: 'ServerData' });
    expect(first(f, 't125.ConnectMCSPDU').value).toBe(102);
    expect(first(f, 't125.result').value).toBe(0);
    expect(first(f, 't124.connectGCCPDU').value).toBe(1);
    expect(first(f, 't124.nodeID').value).toBe(31219);
    expect(first(f, 't124.h221NonStandard').raw).toBe('4d63446e');
    expect(first(f, 't124.connectPDU').display).toBe(
      '279 octets (its length says 42; read to the end of the MCS user data)',
    );
    expect(values(f, 'rdp.header.type')).toEqual([0x0c01, 0x0c03, 0x0c02]);
    expect(f.problems).toEqual([]);
  });
});

describe('MCS domain PDUs (ALIGNED PER), ndpi_rdp3.pcap', () => {
  it('frame 8: erectDomainRequest — the 6-bit choice index, then subHeight and subInterval', () => {
    const f = frame(8);
    expect(f.summary).toMatchObject({ protocol: 'T.125', info: 'erectDomainRequest' });
    expect(first(f, 't125.DomainMCSPDU')).toMatchObject({ offset: 61, length: 1, value: 1 });
    expect(values(f, 't125.lengthDeterminant')).toEqual([1, 1]);
    expect(values(f, 't125.subHeight')).toEqual([0]);
    expect(values(f, 't125.subInterval')).toEqual([0]);
  });

  it('frame 11: attachUserConfirm — the preamble bit, a 4-bit result across two octets, initiator 1001 + 6', () => {
    const f = frame(11);
    expect(first(f, 't125.DomainMCSPDU').value).toBe(11);
    expect(first(f, 't125.preamble')).toMatchObject({ offset: 61, value: 1 });
    expect(first(f, 't125.result')).toMatchObject({ offset: 61, length: 2, value: 0 });
    // X.691: a UserId (1001..65535) is sent above its lower bound. Wireshark 4.0 shows the 6.
    expect(first(f, 't125.initiator')).toMatchObject({ offset: 63, raw: '0006', value: 1007 });
  });

  it('frames 12 and 13: channelJoinRequest and Confirm for the user channel, named as tshark names them', () => {
    const request = frame(12);
    expect(request.summary.info).toBe('channelJoinRequest 1007');
    expect(first(request, 't125.channelId')).toMatchObject({ offset: 64, value: 1007 });
    const confirm = frame(13);
    expect(confirm.summary.info).toBe('channelJoinConfirm 1007');
    expect(values(confirm, 't125.requested')).toEqual([1007]);
    expect(values(confirm, 't125.channelId')).toEqual([1007]);
  });

  it('frame 22: sendDataRequest — priority and segmentation bits, then userData after its length determinant', () => {
    const f = frame(22);
    expect(f.summary).toMatchObject({ protocol: 'T.125', info: 'sendDataRequest 1003' });
    expect(first(f, 't125.dataPriority')).toMatchObject({ offset: 66, value: 1 });
    expect(first(f, 't125.Segmentation.begin').value).toBe(1);
    expect(first(f, 't125.Segmentation.end').value).toBe(1);
    expect(first(f, 't125.lengthDeterminant')).toMatchObject({ offset: 67, length: 1, value: 80 });
    expect(first(f, 't125.userData')).toMatchObject({ offset: 68, length: 80 });
    expect(f.problems).toEqual([]);
  });
});

describe('MCS in suricata_RDP-003.pcap and zeek_rdp-x509.pcap', () => {
  it('frame 39: a sendDataRequest whose TPKT goes on in the next segment — only TPKT says so', () => {
    const f = decodeChecked(suricata.frameBytes(39)!);
    expect(f.summary.info).toBe('sendDataRequest 1003');
    expect(first(f, 't125.lengthDeterminant').value).toBe(1406);
    expect(first(f, 't125.userData').length).toBe(1245);
    expect(f.problems.map((p) => p.fieldId)).toEqual(['tpkt.length']);
  });

  it('frame 431: disconnectProviderUltimatum — a 3-bit reason straddling the first two octets', () => {
    const f = decodeChecked(suricata.frameBytes(431)!);
    expect(f.summary.info).toBe('disconnectProviderUltimatum');
    expect(first(f, 't125.reason')).toMatchObject({ offset: 61, length: 2, value: 3 });
  });

  it('with reassembly, the Connect-Response split over frames 12 and 13 is decoded whole in frame 13', () => {
    const zeek = capture('zeek_rdp-x509.pcap');
    const n = zeek.frameCount();
    const frames = Array.from({ length: n }, (_, i) => zeek.frameBytes(i + 1)!);
    const tracker = createStreamTracker();
    frames.forEach((bytes, i) => tracker.push(dissectLean(bytes, 1, i + 1, STREAM_WANTS), bytes, i));
    tracker.finish();
    const done = dissectWithStream(frames[12]!, 1, 13, {}, tracker.facts(13), (k) => frames[k - 1]);
    expect(done.summary.info).toBe('ServerData');
    expect(done.sources?.[0]?.layers.map((l) => l.protocol)).toEqual(['tpkt', 'cotp', 't125', 't124', 'rdp']);
    expect(done.problems).toEqual([]);
  });
});

describe('MCS, built PDUs', () => {
  it('attachUserRequest is one octet: the choice index and two padding bits', () => {
    const f = decodeChecked(dt([0x28]));
    expect(protocols(f)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp', 't125']);
    expect(f.summary.info).toBe('attachUserRequest');
  });

  it('data that starts like a channelJoinRequest but is longer than one is not MCS (an MMS continuation, say)', () => {
    const f = decodeChecked(dt([0x38, 0x00, 0x06, 0x03, 0xef, 0x99, 0x98]));
    expect(protocols(f)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
    expect(first(f, 'cotp.user_data').length).toBe(7);
  });

  it('send data whose userData runs past a complete TPKT is malformed', () => {
    const f = decodeChecked(dt([0x64, 0x00, 0x06, 0x03, 0xeb, 0x70, 0x05, 0x01, 0x02]));
    expect(problemOn(f, 't125.lengthDeterminant')).toMatchObject({ severity: 'error', code: 'malformed' });
  });

  it('a Connect-Initial whose first element is not an OCTET STRING is malformed there', () => {
    const f = decodeChecked(dt([0x7f, 0x65, 0x03, 0x02, 0x01, 0x01]));
    expect(problemOn(f, 't125.identifier')).toMatchObject({ severity: 'error', code: 'malformed' });
    expect(values(f, 't125.identifier')).toEqual([101, 2]);
  });

  it('a data block whose length is shorter than its own header is an error', () => {
    // Connect-Initial → T.124 request → one data block (CS_CORE) of length 2.
    const f = decodeChecked(dt(mcsConnectInitial([0x01, 0xc0, 0x02, 0x00])));
    expect(protocols(f).slice(-3)).toEqual(['t125', 't124', 'rdp']);
    expect(problemOn(f, 'rdp.header.length')).toMatchObject({ severity: 'error', code: 'malformed' });
  });
});
