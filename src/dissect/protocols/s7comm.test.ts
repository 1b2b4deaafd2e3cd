// S7comm and S7comm-plus above COTP: real frames from the shared captures (values and Info text as tshark 4.0.17 reads
// them with reassembly off), and built PDUs for what the captures lack — broken lengths, unknown ROSCTRs, cyclic data.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import { dissectLean } from '../engine';
import type { Frame } from '../model';
import { fieldsById } from '../query';
import { comparable, recordOf } from '../record';
import { asLeanSees } from '../testing/lean';
import { LeanWants } from '../sink';
import { decodeChecked, firstField as first } from '../testing/checked';
import { cotp, isoOnTcp, tcpConversation, tpkt } from '../testing/frames';
import { createStreamTracker, dissectWithStream, STREAM_WANTS } from '../stream';
import { dissectWithStreamLean } from '../stream/frame';

const capture = (name: string) =>
  readCapture(readFileSync(new URL(`../../../../shared/captures/${name}`, import.meta.url)));
const snap7 = capture('snap7_s300_readVar.pcapng');
const status = capture('s7comm_reading_plc_status.pcap');
const bench = capture('s7comm_varservice_libnodavedemo_bench.pcap');
const ident = capture('icsnpp_s7ident.pcap');
const ndpi = capture('ndpi_s7comm.pcap');
const hmi = capture('S7-1511_db2_var1_HMI.pcap');
const pcapplusplus = capture('pcapplusplus_tpkt_cotp.pcap');

const protocols = (frame: Frame) => frame.layers.map((l) => l.protocol);
const values = (frame: Frame, id: string) => fieldsById(frame, id).map((f) => f.value);
const codes = (frame: Frame) => frame.problems.map((p) => `${p.severity} ${p.code} ${p.fieldId ?? ''}`);

/** The frame dissected as a lean pass sees it agrees with the tree (the S7 dissector emits to both sinks alike). */
function leanAgrees(bytes: Uint8Array, frame: Frame): void {
  const wants = new LeanWants(new Set(['s7comm.header.parlg', 's7comm.param.itemcount', 's7comm.data.returncode']));
  const lean = dissectLean(bytes, 1, 1, wants);
  expect(comparable(lean)).toEqual(comparable(asLeanSees(recordOf(frame, wants.ids), lean)));
}

/** A DT with EOT carrying `pdu`, on port 102. */
const onDt = (pdu: number[]) => isoOnTcp(tpkt(cotp([0xf0, 0x80], pdu)));
const decode = (pdu: number[]) => {
  const bytes = onDt(pdu);
  const frame = decodeChecked(bytes);
  leanAgrees(bytes, frame);
  return frame;
};

/** An S7 PDU: header (12 octets for Ack and Ack_Data), then parameters and data, lengths from them unless given. */
function s7(
  rosctr: number,
  param: number[],
  data: number[] = [],
  o: { parlg?: number; datlg?: number; errcls?: number[] } = {},
) {
  const parlg = o.parlg ?? param.length;
  const datlg = o.datlg ?? data.length;
  const ack = rosctr === 2 || rosctr === 3 ? (o.errcls ?? [0, 0]) : [];
  return [
    0x32,
    rosctr,
    0,
    0,
    0x01,
    0x00,
    parlg >> 8,
    parlg & 0xff,
    datlg >> 8,
    datlg & 0xff,
    ...ack,
    ...param,
    ...data,
  ];
}

describe('S7comm in the shared captures', () => {
  it('snap7 frame 1: a Job reading 64 bytes of DB 1 — header, function, one S7ANY item', () => {
    const frame = decodeChecked(snap7.frameBytes(1)!);
    expect(protocols(frame)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp', 's7comm']);
    expect(frame.summary).toMatchObject({ protocol: 'S7COMM', info: 'ROSCTR:[Job     ] Function:[Read Var]' });
    expect(first(frame, 's7comm.header.protid')).toMatchObject({ offset: 61, value: 0x32 });
    expect(first(frame, 's7comm.header.rosctr')).toMatchObject({ offset: 62, value: 1, display: 'Job (1)' });
    expect(first(frame, 's7comm.header.parlg')).toMatchObject({ offset: 67, value: 14 });
    expect(first(frame, 's7comm.header.datlg')).toMatchObject({ offset: 69, value: 0 });
    expect(fieldsById(frame, 's7comm.header.errcls')).toEqual([]);
    expect(first(frame, 's7comm.param.func')).toMatchObject({ offset: 71, value: 0x04, display: 'Read Var (0x04)' });
    expect(first(frame, 's7comm.param.itemcount')).toMatchObject({ offset: 72, value: 1 });
    expect(first(frame, 's7comm.param.item').display).toBe('[1]: (DB 1.DBX 0.0 BYTE 64)');
    expect(first(frame, 's7comm.param.item.syntaxid').value).toBe(0x10);
    expect(first(frame, 's7comm.param.item.transp_size').value).toBe(2);
    expect(first(frame, 's7comm.param.item.length').value).toBe(64);
    expect(first(frame, 's7comm.param.item.db').value).toBe(1);
    expect(first(frame, 's7comm.param.item.area')).toMatchObject({ offset: 81, value: 0x84 });
    expect(first(frame, 's7comm.param.item.address')).toMatchObject({ offset: 82, length: 3, value: 0 });
    expect(frame.problems).toEqual([]);
  });

  it('snap7 frame 2: the Ack_Data answers "object does not exist" — a note on the item, not an error', () => {
    const frame = decodeChecked(snap7.frameBytes(2)!);
    expect(frame.summary.info).toBe('ROSCTR:[Ack_Data] Function:[Read Var]');
    expect(first(frame, 's7comm.header.errcls')).toMatchObject({ offset: 71, value: 0 });
    expect(first(frame, 's7comm.header.errcod')).toMatchObject({ offset: 72, value: 0 });
    expect(first(frame, 's7comm.data.returncode')).toMatchObject({ offset: 75, value: 0x0a });
    expect(codes(frame)).toEqual(['note unexpected-value s7comm.data.returncode']);
  });

  it('bench frames 13 and 14: Write Var with its value (length in bits), and the write result', () => {
    const job = decodeChecked(bench.frameBytes(13)!);
    expect(job.summary.info).toBe('ROSCTR:[Job     ] Function:[Write Var]');
    expect(first(job, 's7comm.param.item').display).toBe('[1]: (M 0.0 BYTE 4)');
    // A request's return code is 0: nobody answered yet, nothing to flag.
    expect(first(job, 's7comm.data.returncode').value).toBe(0);
    expect(first(job, 's7comm.data.length')).toMatchObject({ value: 32, display: '32 bits (4 octets)' });
    expect(first(job, 's7comm.resp.data')).toMatchObject({ length: 4, raw: '77100002' });
    expect(job.problems).toEqual([]);
    const ack = decodeChecked(bench.frameBytes(14)!);
    expect(values(ack, 's7comm.data.returncode')).toEqual([0xff]);
    expect(ack.problems).toEqual([]);
  });

  it('plc_status frames 10 and 11: Setup communication offers a PDU length of 480, the PLC grants 240', () => {
    const job = decodeChecked(status.frameBytes(10)!);
    expect(job.summary.info).toBe('ROSCTR:[Job     ] Function:[Setup communication]');
    expect(values(job, 's7comm.param.pdu_length')).toEqual([480]);
    expect(values(job, 's7comm.param.maxamq_calling')).toEqual([1]);
    const ack = decodeChecked(status.frameBytes(11)!);
    expect(values(ack, 's7comm.param.pdu_length')).toEqual([240]);
    expect(ack.problems).toEqual([]);
  });

  it('plc_status frames 13 and 14: userdata reading SZL 0x0132 index 4, request and response', () => {
    const request = decodeChecked(status.frameBytes(13)!);
    expect(request.summary.info).toBe(
      'ROSCTR:[Userdata] Function:[Request] -> [CPU functions] -> [Read SZL] ID=0x0132 Index=0x0004',
    );
    expect(first(request, 's7comm.param.userdata.head').value).toBe(0x000112);
    expect(first(request, 's7comm.param.userdata.type').value).toBe(4);
    expect(first(request, 's7comm.param.userdata.funcgroup').value).toBe(4);
    expect(first(request, 's7comm.param.userdata.subfunc').display).toBe('Read SZL (1)');
    expect(fieldsById(request, 's7comm.param.userdata.dataunitref')).toEqual([]);
    expect(first(request, 's7comm.data.userdata.szl_id').value).toBe(0x0132);
    const response = decodeChecked(status.frameBytes(14)!);
    expect(response.summary.info).toBe(
      'ROSCTR:[Userdata] Function:[Response] -> [CPU functions] -> [Read SZL] ID=0x0132 Index=0x0004',
    );
    expect(values(response, 's7comm.param.userdata.dataunitref')).toEqual([0]);
    expect(values(response, 's7comm.param.userdata.lastdataunit')).toEqual([0]);
    expect(values(response, 's7comm.data.userdata.szl_id.partlist_cnt')).toEqual([1]);
    expect(first(response, 's7comm.param.userdata.szl_part_list').length).toBe(40);
    expect(response.problems).toEqual([]);
  });

  it('plc_status frame 17: a fragment of a userdata response is shown as it is, not joined', () => {
    const frame = decodeChecked(status.frameBytes(17)!);
    expect(frame.summary.info).toBe(
      'ROSCTR:[Userdata] Function:[Response] -> [CPU functions] -> [Read SZL] (S7COMM fragment id=5)',
    );
    expect(values(frame, 's7comm.param.userdata.dataunitref')).toEqual([5]);
    expect(values(frame, 's7comm.param.userdata.lastdataunit')).toEqual([1]);
    expect(fieldsById(frame, 's7comm.data.userdata.szl_id')).toEqual([]);
    expect(fieldsById(frame, 's7comm.data.userdata')).toHaveLength(1);
  });

  it('plc_status frame 42: the PLC answers a userdata request with error code 0xd402 — a note', () => {
    const frame = decodeChecked(status.frameBytes(42)!);
    expect(frame.summary.info).toBe(
      'ROSCTR:[Userdata] Function:[Response] -> [CPU functions] -> [Read SZL] -> Errorcode:[0xd402]',
    );
    expect(codes(frame)).toEqual(['note unexpected-value s7comm.param.errcod']);
  });

  it('s7ident frames 20 and 21: Start upload of SDB 0, refused by an Ack with error class 0xd2, code 0x41', () => {
    const job = decodeChecked(ident.frameBytes(20)!);
    expect(job.summary.info).toBe('ROSCTR:[Job     ] Function:[Start upload] -> Block:[SDB0]');
    expect(first(job, 's7comm.param.blockcontrol.filename')).toMatchObject({ value: '_0B00000A' });
    expect(values(job, 's7comm.data.blockcontrol.block_number')).toEqual(['00000']);
    const ack = decodeChecked(ident.frameBytes(21)!);
    expect(ack.summary.info).toBe('ROSCTR:[Ack     ] -> Errorcode:[0xd241]');
    expect(values(ack, 's7comm.header.errcls')).toEqual([0xd2]);
    expect(first(ack, 's7comm.param.errcod')).toMatchObject({ value: 0xd241, generated: true });
    expect(codes(ack)).toEqual(['note unexpected-value s7comm.header.errcls']);
  });

  it('ndpi frames 39, 44 and 54: a download of DB 1 and its activation by the PI service _INSE', () => {
    expect(decodeChecked(ndpi.frameBytes(39)!).summary.info).toBe(
      'ROSCTR:[Job     ] Function:[Request download] -> Block:[DB1]',
    );
    const block = decodeChecked(ndpi.frameBytes(44)!);
    expect(values(block, 's7comm.param.blockcontrol.functionstatus.more')).toEqual([1]);
    expect(first(block, 's7comm.resp.data').length).toBe(222);
    const pi = decodeChecked(ndpi.frameBytes(54)!);
    expect(pi.summary.info).toBe('ROSCTR:[Job     ] Function:[PI-Service] -> _INSE(DB1)');
    expect(values(pi, 's7comm.param.pistart.servicename')).toEqual(['_INSE']);
    expect(pi.problems).toEqual([]);
  });
});

describe('S7comm, built', () => {
  const readVar = [0x04, 0x01, 0x12, 0x0a, 0x10, 0x02, 0x00, 0x04, 0x00, 0x01, 0x84, 0x00, 0x00, 0x08];

  it('octets after the PDU that its lengths do not count are an error, and shown as s7comm.undecoded', () => {
    const frame = decode([...s7(1, readVar), 0xaa, 0xbb]);
    expect(codes(frame)).toEqual(['error length-mismatch s7comm.header.datlg']);
    expect(frame.problems[0]!.message).toContain('2 octets follow the PDU');
    expect(first(frame, 's7comm.undecoded')).toMatchObject({ length: 2, raw: 'aabb' });
  });

  it('lengths that reach past the TPDU are an error; what is there is decoded', () => {
    const frame = decode(s7(1, readVar, [], { parlg: 20 }));
    expect(codes(frame)).toEqual(['error length-mismatch s7comm.header.datlg']);
    expect(values(frame, 's7comm.param.item.db')).toEqual([1]);
  });

  it('a PDU cut by the end of the bytes while its TPKT goes on is a note, not an error', () => {
    const pdu = s7(1, readVar);
    const tpdu = cotp([0xf0, 0x80], pdu);
    const bytes = isoOnTcp(tpkt(tpdu.slice(0, tpdu.length - 6), 0, tpdu.length + 4));
    const frame = decodeChecked(bytes);
    leanAgrees(bytes, frame);
    expect(frame.problems.filter((p) => p.fieldId?.startsWith('s7comm'))).toMatchObject([
      { severity: 'note', code: 'truncated', fieldId: 's7comm.header.datlg' },
    ]);
  });

  it('an unknown ROSCTR (4–6, taken as S7comm as Wireshark does) is a note; its parts are shown undecoded', () => {
    const frame = decode(s7(5, [1, 2], [3]));
    expect(frame.summary.info).toBe('ROSCTR:[Unknown: 0x05]');
    expect(codes(frame)).toEqual(['note unknown-value s7comm.header.rosctr']);
    expect(first(frame, 's7comm.param.data').raw).toBe('0102');
    expect(first(frame, 's7comm.resp.data').raw).toBe('03');
  });

  it('ROSCTR 8, or fewer than 10 octets, is not S7comm: the user data stays COTP’s', () => {
    expect(protocols(decode(s7(8, [1, 2])))).not.toContain('s7comm');
    expect(protocols(decode([0x32, 1, 0, 0, 0, 0, 0, 0, 0]))).not.toContain('s7comm');
  });

  it('a redundancy id other than 0 is a note on the reserved field', () => {
    const pdu = s7(1, readVar);
    pdu[3] = 1;
    expect(codes(decode(pdu))).toEqual(['note reserved-nonzero s7comm.header.redid']);
  });

  it('a userdata parameter part shorter than its 8-octet head is an error', () => {
    const frame = decode(s7(7, [0x00, 0x01, 0x12, 0x04]));
    expect(codes(frame)).toEqual(['error malformed s7comm.header.parlg']);
    expect(first(frame, 's7comm.param.userdata.length').value).toBe(4);
  });

  it('an Ack_Data of Read Var: values of odd length are followed by a fill octet, except the last', () => {
    const data = [0xff, 0x04, 0x00, 0x08, 0x11, 0x00, 0xff, 0x04, 0x00, 0x10, 0x22, 0x33, 0x05, 0x00, 0x00, 0x00];
    const frame = decode(s7(3, [0x04, 0x03], data));
    expect(values(frame, 's7comm.data.returncode')).toEqual([0xff, 0xff, 0x05]);
    expect(fieldsById(frame, 's7comm.resp.data').map((f) => f.raw)).toEqual(['11', '2233']);
    expect(fieldsById(frame, 's7comm.data.fillbyte').map((f) => f.offset)).toEqual([61 + 12 + 2 + 5]);
    expect(codes(frame)).toEqual(['note unexpected-value s7comm.data.returncode']);
  });

  it('an item count larger than the items in the parameter part is an error on the item count', () => {
    const frame = decode(s7(1, [0x04, 0x03, ...readVar.slice(2), ...readVar.slice(2)]));
    expect(codes(frame)).toEqual(['error malformed s7comm.param.itemcount']);
    expect(frame.problems[0]!.message).toBe('Item count 3, but the parameter part holds only 2: the PDU is malformed');
  });

  it('a variable specification longer than its part is an error on its length', () => {
    const frame = decode(s7(1, [0x04, 0x01, 0x12, 0x0e, 0x10, 0x02]));
    expect(codes(frame)).toEqual(['error malformed s7comm.param.item.varspec_length']);
  });

  it('cyclic services: the item count spans two octets; a subscription lists its items, a push their values', () => {
    const userdataParam = (typeGroup: number, subfunc: number, seq: number) => [
      0x00,
      0x01,
      0x12,
      0x04,
      typeGroup === 0x42 ? 0x11 : 0x12,
      typeGroup,
      subfunc,
      seq,
    ];
    const item = [0x12, 0x0a, 0x10, 0x02, 0x00, 0x02, 0x00, 0x00, 0x83, 0x00, 0x00, 0x00];
    const subscribe = decode(
      s7(7, userdataParam(0x42, 0x01, 0), [0xff, 0x09, 0x00, 16, 0x00, 0x01, 0x01, 0x05, ...item]),
    );
    expect(subscribe.summary.info).toBe(
      'ROSCTR:[Userdata] Function:[Request] -> [Cyclic services] -> [Cyclic transfer]',
    );
    expect(first(subscribe, 's7comm.param.itemcount')).toMatchObject({ offset: 61 + 10 + 8 + 4, length: 2, value: 1 });
    expect(values(subscribe, 's7comm.cyclic.interval_timebase')).toEqual([1]);
    expect(first(subscribe, 's7comm.param.item').display).toBe('[1]: (M 0.0 BYTE 2)');
    const push = decode(
      s7(7, userdataParam(0x02, 0x01, 3), [0xff, 0x09, 0x00, 8, 0x00, 0x01, 0xff, 0x04, 0x00, 0x10, 0xab, 0xcd]),
    );
    expect(push.summary.info).toBe(
      'ROSCTR:[Userdata] Function:[Push-Res] -> [Cyclic services] -> [Cyclic transfer] JobID=3',
    );
    expect(first(push, 's7comm.resp.data').raw).toBe('abcd');
  });
});

describe('S7comm userdata, cyclic RDREC (read a data record) — as tshark 4.0.17 reads the same bytes', () => {
  const param = (typeGroup: number, more: number[] = []) => [
    0x00,
    0x01,
    0x12,
    4 + more.length,
    typeGroup === 0x42 ? 0x11 : 0x12,
    typeGroup,
    0x08,
    0,
    ...more,
  ];

  it('a request: reserved octet, a 1-octet item count, the record as a variable specification (area 0x01)', () => {
    const record = [0x12, 0x0a, 0x10, 0x02, 0x00, 0x08, 0x00, 0x01, 0x01, 0x00, 0x00, 0xc8];
    const frame = decode(s7(7, param(0x42), [0xff, 0x09, 0x00, 0x0e, 0x00, 0x01, ...record]));
    expect(frame.summary.info).toBe('ROSCTR:[Userdata] Function:[Request] -> [Cyclic services] -> [RDREC]');
    expect(first(frame, 's7comm.param.itemcount')).toMatchObject({ offset: 61 + 10 + 8 + 5, length: 1, value: 1 });
    expect(values(frame, 's7comm.readrec.mlen')).toEqual([8]);
    expect(values(frame, 's7comm.readrec.index')).toEqual([1]);
    expect(values(frame, 's7comm.readrec.id')).toEqual([200]);
    expect(first(frame, 's7comm.param.item').display).toBe('[1]: (RECORD MLEN=8 INDEX=0x0001 ID=200)');
  });

  it('a response: return code, transport size, no status (a fill octet), the record', () => {
    const data = [0xff, 0x09, 0x00, 0x0c, 0x00, 0x01, 0xff, 0x09, 0x00, 0x00, 0x00, 0x04, 1, 2, 3, 4];
    const frame = decode(s7(7, param(0x82, [0, 0, 0, 0]), data));
    expect(values(frame, 's7comm.readrec.statuslen')).toEqual([0]);
    expect(values(frame, 's7comm.readrec.len')).toEqual([4]);
    expect(first(frame, 's7comm.readrec.data').raw).toBe('01020304');
    expect(frame.problems).toEqual([]);
  });
});

describe('S7comm-plus', () => {
  it('S7-1511 frame 10: a V2 PDU — header, 17 octets of data, trailer', () => {
    const frame = decodeChecked(hmi.frameBytes(10)!);
    expect(protocols(frame)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp', 's7comm-plus']);
    expect(frame.summary).toMatchObject({ protocol: 'S7COMM-PLUS', info: 'Version:[V2] Data length:[17]' });
    expect(first(frame, 's7comm-plus.header.protid').value).toBe(0x72);
    expect(first(frame, 's7comm-plus.header.version')).toMatchObject({ value: 2, display: 'V2 (0x02)' });
    expect(first(frame, 's7comm-plus.data').length).toBe(17);
    expect(values(frame, 's7comm-plus.trailer.datlg')).toEqual([0]);
    expect(frame.problems).toEqual([]);
  });

  it('pcapplusplus frame 1: a V3 PDU (integrity-protected data)', () => {
    const frame = decodeChecked(pcapplusplus.frameBytes(1)!);
    expect(frame.summary.info).toBe('Version:[V3] Data length:[592]');
    expect(values(frame, 's7comm-plus.trailer.version')).toEqual([3]);
  });

  const plus = (version: number, data: number[], trailer: number[]) => [
    0x72,
    version,
    data.length >> 8,
    data.length & 0xff,
    ...data,
    ...trailer,
  ];

  it('a fragment without a trailer is normal; a trailer that disagrees with the header is a note', () => {
    const fragment = decode(plus(2, [0x31, 0, 0], []));
    expect(fragment.summary.info).toBe('Version:[V2] Data length:[3] (fragment, no trailer)');
    expect(fragment.problems).toEqual([]);
    const odd = decode(plus(2, [0x31], [0x72, 0x03, 0x00, 0x00]));
    expect(codes(odd)).toEqual(['note unexpected-value s7comm-plus.trailer.version']);
  });

  it('a data length that leaves neither a trailer nor nothing is an error', () => {
    expect(codes(decode(plus(1, [0x31], [0x72, 0x01])))).toEqual(['error length-mismatch s7comm-plus.header.datlg']);
  });

  it('an unknown version, or 0x72 alone, is not S7comm-plus', () => {
    expect(protocols(decode(plus(9, [1], [0x72, 9, 0, 0])))).not.toContain('s7comm-plus');
    expect(protocols(decode([0x72, 0x02]))).not.toContain('s7comm-plus');
  });
});

describe('S7 with reassembly on', () => {
  it('PDUs in single TPDUs decode as without reassembly, tree and lean alike', () => {
    const job = s7(1, [0x04, 0x01, 0x12, 0x0a, 0x10, 0x02, 0x00, 0x04, 0x00, 0x01, 0x84, 0x00, 0x00, 0x08]);
    const ack = s7(3, [0x04, 0x01], [0xff, 0x04, 0x00, 0x20, 1, 2, 3, 4]);
    const frames = tcpConversation([
      { from: 'client', payload: tpkt(cotp([0xf0, 0x80], job)) },
      { from: 'server', payload: tpkt(cotp([0xf0, 0x80], ack)) },
    ]);
    const tracker = createStreamTracker();
    frames.forEach((bytes, i) => tracker.push(dissectLean(bytes, 1, i + 1, STREAM_WANTS), bytes));
    tracker.finish();
    const wants = new LeanWants(new Set(['s7comm.param.func', 's7comm.resp.data']));
    const dissected = frames.map((bytes, i) => {
      const facts = tracker.facts(i + 1);
      const frame = dissectWithStream(bytes, 1, i + 1, {}, facts, (n) => frames[n - 1]);
      const lean = dissectWithStreamLean(bytes, 1, i + 1, {}, facts, (n) => frames[n - 1], wants);
      expect(comparable(lean)).toEqual(comparable(asLeanSees(recordOf(frame, wants.ids), lean)));
      return frame;
    });
    expect(dissected.map((f) => f.summary.info)).toEqual([
      'ROSCTR:[Job     ] Function:[Read Var]',
      'ROSCTR:[Ack_Data] Function:[Read Var]',
    ]);
    expect(first(dissected[1]!, 's7comm.resp.data').raw).toBe('01020304');
  });
});
