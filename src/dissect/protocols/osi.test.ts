// The OSI upper layers of IEC 61850 MMS over COTP: session (X.225), presentation (X.226), ACSE (X.227) and MMS
// (ISO 9506-2), on real frames of the shared captures and on built ones. Values as tshark 4.0.17 reads them, with
// reassembly off (tshark -o cotp.reassemble:FALSE -o tpkt.desegment:FALSE -o tcp.desegment_tcp_streams:FALSE).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import { dissectFrame, dissectLean } from '../engine';
import type { Frame } from '../model';
import { fieldsById } from '../query';
import { comparable, recordOf } from '../record';
import { asLeanSees } from '../testing/lean';
import { LeanWants } from '../sink';
import { decodeChecked, firstField as first } from '../testing/checked';
import { cotp, isoOnTcp, tpkt } from '../testing/frames';
import { looksLikeSession } from './ses';

const capture = (name: string) =>
  readCapture(readFileSync(new URL(`../../../../shared/captures/${name}`, import.meta.url)));
const ndpi = capture('ndpi_iso9506-1-mms.pcap');
const dinaAcse = capture('dina_acse_accept.pcap');
const dinaPres = capture('dina_pres_trace.pcap');
const iec61850 = capture('iec61850_read.pcap');
const sample = capture('Sample_File_MMS_and_GOOSE.pcap');
const multilin = capture('ge_multilin_GOOSE_and_MMS.pcapng');
const wamp = capture('emreekin_wamp.pcap');
const dinaCotp = capture('dina_cotp.pcap');

type Capture = ReturnType<typeof capture>;
const frameOf = (c: Capture, n: number): Frame => decodeChecked(c.frameBytes(n)!, c.frame(n)!.linkType);
const protocols = (frame: Frame) => frame.layers.map((l) => l.protocol);
const values = (frame: Frame, id: string) => fieldsById(frame, id).map((f) => f.value);
const located = (frame: Frame, id: string) => fieldsById(frame, id).map((f) => [f.offset, f.value]);
const serious = (frame: Frame) => frame.problems.filter((p) => p.severity !== 'note');

/** Lean and tree give the same layers, problems and values (the equivalence test's check, on one frame). */
function leanAgrees(bytes: Uint8Array, ids: string[]): void {
  const wants = new LeanWants(new Set(ids));
  const frame = dissectFrame(bytes, 1, 1);
  const lean = dissectLean(bytes, 1, 1, wants);
  expect(comparable(lean)).toEqual(comparable(asLeanSees(recordOf(frame, wants.ids), lean)));
}

describe('an MMS association in ndpi_iso9506-1-mms.pcap', () => {
  it('frame 7: CONNECT SPDU with CP-type, ACSE AARQ and MMS initiate-RequestPDU', () => {
    const frame = frameOf(ndpi, 7);
    expect(protocols(frame)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp', 'ses', 'pres', 'acse', 'mms']);
    expect(frame.summary).toMatchObject({ protocol: 'MMS', info: 'initiate-RequestPDU' });
    expect(located(frame, 'ses.type')).toEqual([[61, 13]]);
    expect(first(frame, 'ses.type').display).toBe('CONNECT (CN) SPDU (13)');
    expect(first(frame, 'ses.length').value).toBe(158);
    expect(values(frame, 'ses.parameter_type')).toEqual([5, 19, 22, 20, 51, 52, 193]);
    expect(first(frame, 'ses.version.flags').value).toBe(2);
    expect(first(frame, 'ses.req.flags').value).toBe(2);
    expect(first(frame, 'ses.calling_session_selector').value).toBe('0001');
    expect(first(frame, 'ses.called_session_selector').value).toBe('0001');
    expect(first(frame, 'pres.mode_value')).toMatchObject({ value: 1, display: 'normal-mode (1)' });
    expect(first(frame, 'pres.calling_presentation_selector').value).toBe('00000001');
    expect(values(frame, 'pres.presentation_context_identifier')).toEqual([1, 3, 1]);
    expect(values(frame, 'pres.abstract_syntax_name')).toEqual(['2.2.1.0.1', '1.0.9506.2.1']);
    expect(first(frame, 'pres.abstract_syntax_name').display).toBe('2.2.1.0.1 (id-as-acse)');
    expect(first(frame, 'pres.user_data')).toMatchObject({ value: 1, display: 'fully-encoded-data (1)' });
    expect(first(frame, 'acse.aSO_context_name')).toMatchObject({
      value: '1.0.9506.2.3',
      display: '1.0.9506.2.3 (MMS)',
    });
    expect(first(frame, 'acse.indirect_reference').value).toBe(3);
    expect(first(frame, 'mms.localDetailCalling').value).toBe(64000);
    expect(first(frame, 'mms.proposedMaxServOutstandingCalling').value).toBe(10);
    expect(first(frame, 'mms.proposedParameterCBB')).toMatchObject({
      value: 'e100',
      display: 'e100 (5 unused bits) (str1, str2, vnam, vlis)',
    });
    expect(first(frame, 'mms.servicesSupportedCalling').display).toContain(
      '(status, identify, fileOpen, fileRead, fileClose, informationReport, conclude)',
    );
    expect(first(frame, 'acse.protocol_version').display).toBe('80 (7 unused bits) (version1)');
    expect(frame.problems).toEqual([]);
  });

  it('frame 10: GIVE TOKENS + DATA TRANSFER, fully-encoded data in context 3, a getVariableAccessAttributes request', () => {
    const frame = frameOf(ndpi, 10);
    expect(protocols(frame).slice(5)).toEqual(['ses', 'pres', 'mms']);
    expect(located(frame, 'ses.type')).toEqual([
      [61, 1],
      [63, 1],
    ]);
    expect(fieldsById(frame, 'ses.type').map((f) => f.display)).toEqual([
      'Give tokens PDU (1)',
      'DATA TRANSFER (DT) SPDU (1)',
    ]);
    expect(values(frame, 'pres.presentation_context_identifier')).toEqual([3]);
    expect(first(frame, 'mms.invokeID').value).toBe(303731);
    expect(first(frame, 'mms.confirmedServiceRequest')).toMatchObject({
      value: 6,
      display: 'getVariableAccessAttributes (6)',
    });
    expect(values(frame, 'mms.domainId')).toEqual(['AA1E1Q01FP2LD0']);
    expect(values(frame, 'mms.itemId')).toEqual(['LLN0$BR$rcb_B02']);
    expect(frame.summary.info).toBe('303731 confirmed-RequestPDU AA1E1Q01FP2LD0 LLN0$BR$rcb_B02');
    expect(frame.problems).toEqual([]);
  });

  it('frames 12–16: confirmed-ErrorPDU, confirmed-ResponsePDU, conclude request and response', () => {
    expect([12, 14, 15, 16].map((n) => frameOf(ndpi, n).summary.info)).toEqual([
      '303731 confirmed-ErrorPDU',
      '303732 confirmed-ResponsePDU',
      'conclude-RequestPDU',
      'conclude-ResponsePDU',
    ]);
    expect(first(frameOf(ndpi, 12), 'mms.invokeID').value).toBe(303731);
  });

  it('frames 17 and 18: FINISH and DISCONNECT carrying the ACSE release request and response', () => {
    const request = frameOf(ndpi, 17);
    expect(protocols(request).slice(5)).toEqual(['ses', 'pres', 'acse']);
    expect(values(request, 'ses.type')).toEqual([9]);
    expect(first(request, 'acse.reason')).toMatchObject({ value: 1, display: 'urgent (1)' });
    expect(request.summary).toMatchObject({ protocol: 'ACSE', info: 'Release-Request (urgent)' });
    const response = frameOf(ndpi, 18);
    expect(values(response, 'ses.type')).toEqual([10]);
    expect(response.summary.info).toBe('Release-Response (not-finished)');
    expect([...request.problems, ...response.problems]).toEqual([]);
  });
});

describe('other shared captures', () => {
  it('dina_acse_accept.pcap (BSD loopback): the AARE accepts, with MMS initiate-ResponsePDU inside', () => {
    const frame = frameOf(dinaAcse, 2);
    expect(protocols(frame)).toEqual(['null', 'ip', 'tcp', 'tpkt', 'cotp', 'ses', 'pres', 'acse', 'mms']);
    expect(values(frame, 'ses.type')).toEqual([14]);
    expect(first(frame, 'acse.result')).toMatchObject({ value: 0, display: 'accepted (0)' });
    expect(first(frame, 'acse.service_user').value).toBe(0);
    expect(first(frame, 'mms.localDetailCalled').value).toBe(65000);
    expect(frame.summary.info).toBe('initiate-ResponsePDU');
    expect(frameOf(dinaAcse, 3).summary.info).toBe('Release-Request (normal)');
    expect(frameOf(dinaAcse, 4).summary.info).toBe('Release-Response');
  });

  it('dina_pres_trace.pcap frame 14: a getNameList response, its identifiers by name', () => {
    const frame = frameOf(dinaPres, 14);
    expect(first(frame, 'mms.confirmedServiceResponse').value).toBe(1);
    const names = values(frame, 'mms.Identifier');
    expect(names).toHaveLength(19);
    expect(names[0]).toBe('DSConditions_Detected');
    expect(first(frame, 'mms.moreFollows').value).toBe(0);
    expect(frame.summary.info).toBe('01 confirmed-ResponsePDU');
    expect(frame.problems).toEqual([]);
  });

  it('Sample_File_MMS_and_GOOSE.pcap frame 202: five TPKTs in one segment, each GT + DT + PPDU + MMS', () => {
    const frame = frameOf(sample, 202);
    expect(protocols(frame).filter((p) => p === 'ses')).toHaveLength(5);
    expect(protocols(frame).filter((p) => p === 'mms')).toHaveLength(5);
    expect(values(frame, 'ses.type')).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('iec61850_read.pcap frame 10: a malformed ACCEPT is decoded and its faults named', () => {
    // A tool-made AC SPDU: LI 137 for 136 octets, PI 6 (none is) in the Connect/Accept Item, an empty User Data PGI
    // and the CPA PPDU after it, outside any parameter. tshark: "Malformed Packet: PRES".
    const frame = frameOf(iec61850, 10);
    expect(protocols(frame).slice(5)).toEqual(['ses', 'pres']);
    const problems = frame.problems.map((p) => [p.severity, p.code, p.fieldId]);
    expect(problems).toEqual([
      ['error', 'malformed', 'ses.length'],
      ['warning', 'unknown-value', 'ses.parameter_type'],
      ['error', 'malformed', undefined],
    ]);
    expect(frame.problems[2]!.message).toContain('carries no SS-user data');
  });

  it('emreekin_wamp.pcap frame 1: AP titles and AE qualifiers, valued by the form they take (as Wireshark)', () => {
    const frame = frameOf(wamp, 1);
    expect(first(frame, 'acse.called_AP_title')).toMatchObject({ value: 1, display: 'ap-title-form2 (1)' });
    expect(values(frame, 'acse.ap_title_form2')).toEqual(['1.1.1.999.1', '1.1.1.999']);
    expect(values(frame, 'acse.aso_qualifier_form2')).toEqual([12, 12]);
    expect(first(frame, 'acse.user_information').value).toBe(1);
    expect(first(frame, 'pres.presentation_context_definition_list')).toMatchObject({ value: 2, display: '2 items' });
  });

  it('emreekin_wamp.pcap frame 198: a read response — data by type, UtcTime and floating point read', () => {
    const frame = frameOf(wamp, 198);
    expect(first(frame, 'mms.listOfAccessResult').value).toBe(4);
    expect(first(frame, 'mms.AccessResult').display).toBe('success (1)');
    expect(first(frame, 'mms.utc_time').value).toBe('Feb 11, 2019 02:24:27.248649895 UTC');
    expect(first(frame, 'mms.floating_point')).toMatchObject({ value: '0800000000', display: '0800000000 (0)' });
    expect(values(frame, 'mms.data.visible-string').slice(0, 2)).toEqual(['VAMP Ltd.', '1.0']);
    expect(frame.problems).toEqual([]);
  });

  it('dina_cotp.pcap frame 26: a variable’s type (TypeSpecification), valued by the alternative', () => {
    const frame = frameOf(dinaCotp, 26);
    expect(first(frame, 'mms.typeSpecification')).toMatchObject({ value: 5, display: 'integer (5)' });
    expect(first(frame, 'mms.integer').value).toBe(32);
    expect(first(frame, 'mms.mmsDeletable').value).toBe(0);
  });

  it('ge_multilin_GOOSE_and_MMS.pcapng frame 134: a DT without EOT keeps its data (the TSDU is decoded where it ends)', () => {
    const frame = frameOf(multilin, 134);
    expect(protocols(frame)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
    expect(first(frame, 'cotp.eot').value).toBe(0);
  });
});

describe('each TPDU on its own (--no-reassembly): a DT without EOT hands up the first part of its TSDU', () => {
  const EACH = { reassembly: false } as const;
  const alone = (c: Capture, n: number) => decodeChecked(c.frameBytes(n)!, c.frame(n)!.linkType, EACH);

  it('ge_multilin frame 134: GT + DT + PPDU + MMS decoded as far as the DT goes, a note and no false alarm', () => {
    const frame = alone(multilin, 134);
    expect(protocols(frame)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp', 'ses', 'pres', 'mms']);
    expect(located(frame, 'ses.type')).toEqual([
      [61, 1],
      [63, 1],
    ]);
    expect(first(frame, 'mms.invokeID').value).toBe(181);
    expect(frame.summary).toMatchObject({ protocol: 'MMS', info: '181 confirmed-ResponsePDU' });
    // The TPKT runs on in the next segment (its note), and the TSDU in the next DTs (the session layer's).
    expect(frame.problems.map((p) => [p.severity, p.code, p.fieldId])).toEqual([
      ['note', 'truncated', 'tpkt.length'],
      ['note', 'truncated', undefined],
    ]);
    expect(frame.problems[1]!.message).toMatch(/first part of a TSDU/);
  });

  it('dina_cotp frame 322: a getNameList response cut by its DT reads its identifiers, the last one cut', () => {
    const frame = alone(dinaCotp, 322);
    expect(protocols(frame).slice(5)).toEqual(['ses', 'pres', 'mms']);
    expect(serious(frame)).toEqual([]);
    expect(values(frame, 'mms.Identifier').slice(0, 2)).toEqual(['Bilateral_Table_ID', 'DSConditions_Detected']);
  });

  it('a continuation DT (the middle or end of a TSDU) is not taken for SPDUs, where tshark reads SPDUs in it', () => {
    // dina_cotp frame 1018 (EOT): VisibleStrings of the getNameList response begun in frame 1016, read by tshark as
    // ABORT ACCEPTs; ge_multilin frames 143 and 523 (no EOT): the middle of a read response, by tshark as SPDUs 21, 49 ….
    for (const n of [1018, 1804]) expect(protocols(alone(dinaCotp, n))).toEqual(['null', 'ip', 'tcp', 'tpkt', 'cotp']);
    for (const n of [143, 161, 523]) {
      const frame = alone(multilin, n);
      expect(protocols(frame)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
      expect(first(frame, 'cotp.eot').value).toBe(0);
      expect(fieldsById(frame, 'cotp.user_data')).toHaveLength(1);
    }
  });

  it('lean and tree agree on a first part', () => {
    const wants = new LeanWants(new Set(['ses.type', 'mms.invokeID', 'ber.length']));
    for (const [c, n] of [
      [multilin, 134],
      [dinaCotp, 322],
      [dinaCotp, 1018],
    ] as const) {
      const bytes = c.frameBytes(n)!;
      const link = c.frame(n)!.linkType;
      const lean = dissectLean(bytes, link, n, wants, EACH);
      expect(comparable(lean)).toEqual(
        comparable(asLeanSees(recordOf(dissectFrame(bytes, link, n, EACH), wants.ids), lean)),
      );
    }
  });
});

// ---- Built frames

const GT_DT = [0x01, 0x00, 0x01, 0x00];
/** User-data: fully-encoded-data with one PDV in context 3 holding `value`. */
function pdv(value: number[], context = 3): number[] {
  const single = [0xa0, value.length, ...value];
  const list = [0x02, 0x01, context, ...single];
  const pdvList = [0x30, list.length, ...list];
  return [0x61, pdvList.length, ...pdvList];
}
const dtFrame = (tsdu: number[], tpktLength?: number) =>
  isoOnTcp(tpkt(cotp([0xf0, 0x80], tsdu), 0, tpktLength ?? tsdu.length + 7));
/** confirmed-RequestPDU, invokeID 1, read of vmd-specific "X". */
const READ = [
  ...[0xa0, 0x10, 0x02, 0x01, 0x01], // confirmed-RequestPDU, invokeID 1
  ...[0xa4, 0x0b, 0xa1, 0x09, 0xa0, 0x07], // read, variableAccessSpecificatn, listOfVariable
  ...[0x30, 0x05, 0xa0, 0x03, 0x80, 0x01, 0x58], // one variable: name, vmd-specific "X"
];

describe('built session TSDUs', () => {
  it('GT + DT with an MMS read: the service and the variable by name', () => {
    const frame = decodeChecked(dtFrame([...GT_DT, ...pdv(READ)]));
    expect(protocols(frame).slice(5)).toEqual(['ses', 'pres', 'mms']);
    expect(first(frame, 'mms.confirmedServiceRequest').display).toBe('read (4)');
    expect(first(frame, 'mms.vmd_specific').value).toBe('X');
    expect(frame.summary.info).toBe('01 confirmed-RequestPDU');
    expect(frame.problems).toEqual([]);
  });

  it('an LI in three octets: 0xFF then the length; a short length that way breaks a "shall"', () => {
    const frame = decodeChecked(dtFrame([0x01, 0x00, 0x01, 0xff, 0x00, 0x00, ...pdv(READ)]));
    expect(fieldsById(frame, 'ses.length').map((f) => [f.length, f.value])).toEqual([
      [1, 0],
      [3, 0],
    ]);
    expect(frame.problems.map((p) => [p.severity, p.fieldId])).toEqual([['warning', 'ses.length']]);
    expect(protocols(frame)).toContain('mms');
  });

  it('ABORT with an ARU PPDU carrying an ACSE ABRT', () => {
    const abrt = [0x64, 0x03, 0x80, 0x01, 0x00];
    const aru = [0xa0, pdv(abrt, 1).length, ...pdv(abrt, 1)];
    // AB SPDU: Transport Disconnect (PI 17) = 0x0b, then User Data (PGI 193).
    const params = [0x11, 0x01, 0x0b, 0xc1, aru.length, ...aru];
    const frame = decodeChecked(dtFrame([0x19, params.length, ...params]));
    expect(protocols(frame).slice(5)).toEqual(['ses', 'pres', 'acse']);
    expect(first(frame, 'ses.transport_flags').value).toBe(0x0b);
    expect(first(frame, 'pres.aborttype')).toMatchObject({ value: 0, display: 'aru-ppdu (0)' });
    expect(first(frame, 'acse.abort_source').display).toBe('acse-service-user (0)');
    expect(frame.summary.info).toBe('Abort (acse-service-user)');
  });

  it('a parameter whose length runs past its SPDU is an error; the rest stays in fields', () => {
    const frame = decodeChecked(dtFrame([0x0d, 0x04, 0x33, 0x05, 0x00, 0x01]));
    expect(frame.problems.map((p) => [p.severity, p.code, p.fieldId])).toEqual([
      ['error', 'malformed', 'ses.parameter_length'],
    ]);
    expect(first(frame, 'ses.parameter_value').raw).toBe('0001');
  });

  it('a TSDU cut by its TPKT (the rest in the next segment) is decoded as far as it goes, without errors', () => {
    const tsdu = [...GT_DT, ...pdv(READ)];
    const frame = decodeChecked(dtFrame(tsdu.slice(0, 20), tsdu.length + 7));
    expect(protocols(frame).slice(5)).toEqual(['ses', 'pres', 'mms']);
    expect(frame.problems.map((p) => [p.severity, p.code])).toEqual([['note', 'truncated']]);
    expect(first(frame, 'mms.invokeID').value).toBe(1);
  });

  it('the same bytes cut where the TSDU claims to end are an error in the BER', () => {
    const tsdu = [...GT_DT, ...pdv(READ)];
    const frame = decodeChecked(dtFrame(tsdu.slice(0, 20)));
    expect(serious(frame).map((p) => [p.severity, p.code, p.fieldId])).toEqual([['error', 'malformed', 'ber.length']]);
  });

  it('lean and tree agree on every built frame', () => {
    const ids = ['ses.type', 'pres.presentation_context_identifier', 'mms.invokeID', 'acse.abort_source', 'ber.length'];
    for (const tsdu of [
      [...GT_DT, ...pdv(READ)],
      [...GT_DT, ...pdv(READ)].slice(0, 20),
      [0x0d, 0x04, 0x33, 0x05, 0x00, 0x01],
      [0x01, 0x00, 0x01, 0xff, 0x00, 0x00, ...pdv([0xa0, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00])],
    ])
      leanAgrees(dtFrame(tsdu), ids);
  });
});

describe('the session heuristic on COTP user data', () => {
  const take = (bytes: number[]) => looksLikeSession(Uint8Array.from(bytes), 0, bytes.length);
  it('takes GT + DT and a CONNECT', () => {
    expect(take([...GT_DT, ...pdv(READ)])).toBe(true);
    expect(take([0x0d, 0x06, 0x05, 0x04, 0x13, 0x01, 0x00, 0x00])).toBe(true);
  });
  it('leaves S7comm, RDP MCS and the tail of a TSDU sent in several DTs to others', () => {
    expect(take([0x32, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0e, 0x00, 0x00])).toBe(false);
    // channelJoinConfirm (ndpi_rdp3.pcap frame 13): CDA + "ER" with LI 6 and a PI code no session uses.
    expect(take([0x3e, 0x00, 0x00, 0x06, 0x03, 0xef, 0x03, 0xef])).toBe(false);
    // VisibleStrings of an MMS getNameList response read as ABORT ACCEPTs until an octet no SI is (dina_cotp.pcap).
    expect(take([0x1a, 0x02, 0x41, 0x42, 0x1a, 0x02, 0x43, 0x44, 0x81, 0x00])).toBe(false);
  });
});
