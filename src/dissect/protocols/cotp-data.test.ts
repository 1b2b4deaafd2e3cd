// A protocol above COTP is one file plus one dispatch row: COTP hands the user data of a DT that ends its TSDU (EOT)
// and of an ED to the `cotp.data` table, and a TSDU reassembled from several DTs is dissected from the same table.
// A throwaway protocol registered there (a HEURISTICS row, the way S7comm will be) must decode both, while a DT with
// more of its TSDU to come (EOT 0) keeps its data, and the DT that completes a TSDU does not have its piece decoded alone.
import type { FieldId } from '../field-ids';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../inputs/capture';
import { SCHEMA } from '../schema';
import { cite } from '../cite';
import { HEURISTICS, type Heuristic } from '../dispatch';
import type { Protocol } from '../dissector';
import { dissectFrame, dissectLean } from '../engine';
import type { Frame } from '../model';
import { fieldsById } from '../query';
import { comparable, recordOf } from '../record';
import { asLeanSees } from '../testing/lean';
import { hex, u8 } from '../reader';
import { LeanWants } from '../sink';
import type { FieldSpec } from '../spec';
import { createStreamTracker, dissectWithStream, STREAM_WANTS } from '../stream';
import { dissectWithStreamLean } from '../stream/frame';
import { cotp, isoOnTcp, tcpConversation, tpkt } from '../testing/frames';
import { invariantViolations } from '../testing/invariants';

const PROBE_PDU: FieldSpec = {
  // A throwaway protocol's id is in no table (field-ids.ts): the one cast a test may make.
  id: 'probe.pdu' as FieldId,
  label: 'Probe PDU',
  kind: 'bytes',
  cite: cite('RFC 1006', '6'),
  meaning: 'A test protocol above COTP: it owns whatever bytes it is handed.',
};
const probe: Protocol = {
  protocol: 'probe',
  dissect: ({ bytes, offset, end, out }) => {
    out.field(PROBE_PDU, offset, end - offset);
    const info = `Probe ${hex(bytes, offset, end - offset)}`;
    return { problems: [], summary: `Probe, ${end - offset} bytes`, info, end };
  },
};
/** Takes what starts with 0x32, as S7comm's heuristic will. */
const PROBE_ROW: Heuristic = {
  name: 'probe',
  table: 'cotp.data',
  protocol: probe,
  test: (bytes, offset, end) => end > offset && u8(bytes, offset) === 0x32,
};

/** `run` with the probe registered on `cotp.data`, and never after. */
function registered<T>(run: () => T): T {
  const rows = HEURISTICS as Heuristic[];
  rows.push(PROBE_ROW);
  try {
    return run();
  } finally {
    rows.splice(rows.indexOf(PROBE_ROW), 1);
  }
}

const dt = (data: number[], eot = true) => tpkt(cotp([0xf0, eot ? 0x80 : 0x00], data, 2));
const ed = (data: number[]) => tpkt(cotp([0x10, 0x00, 0x29, 0x85], data));
const protocols = (frame: Frame) => frame.layers.map((l) => l.protocol);
const userData = (frame: Frame) => fieldsById(frame, 'cotp.user_data').map((f) => f.raw);

/** Every byte owned, every span inside the frame; the probe's own field is in no table. */
function checked(frame: Frame): Frame {
  expect(invariantViolations(frame).filter((v) => !v.startsWith('field id probe.pdu'))).toEqual([]);
  return frame;
}
const decode = (bytes: Uint8Array) => checked(dissectFrame(bytes, 1, 1));

/**
 * Reassembly on, probe registered: the stream tracker's facts, then each frame dissected with them; lean and tree agree.
 * The tracker takes a DT's data to run to the end of its TPKT, whether COTP keeps it or the probe decodes it.
 */
function withStream(frames: Uint8Array[]): Frame[] {
  return registered(() => {
    const tracker = createStreamTracker();
    frames.forEach((bytes, i) => tracker.push(dissectLean(bytes, 1, i + 1, STREAM_WANTS), bytes));
    tracker.finish();
    const bytesOf = (n: number) => frames[n - 1];
    const wants = new LeanWants(new Set(['probe.pdu', 'cotp.user_data', 'data.data']));
    return frames.map((bytes, i) => {
      const facts = tracker.facts(i + 1);
      const frame = dissectWithStream(bytes, 1, i + 1, {}, facts, bytesOf);
      const lean = dissectWithStreamLean(bytes, 1, i + 1, {}, facts, bytesOf, wants);
      expect(comparable(lean), `frame ${i + 1}`).toEqual(comparable(asLeanSees(recordOf(frame, wants.ids), lean)));
      return checked(frame);
    });
  });
}

describe('cotp.data: protocols above COTP', () => {
  it('with nothing registered, the user data stays COTP’s own', () => {
    const frame = decode(isoOnTcp(dt([0x32, 1, 2])));
    expect(protocols(frame)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
    expect(userData(frame)).toEqual(['320102']);
  });

  it('hands on the user data of a DT that ends its TSDU, and of an ED', () => {
    const frame = registered(() => decode(isoOnTcp(dt([0x32, 1, 2]))));
    expect(protocols(frame)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp', 'probe']);
    expect(userData(frame)).toEqual([]);
    expect(fieldsById(frame, 'probe.pdu').map((f) => [f.offset, f.raw])).toEqual([[61, '320102']]);
    expect(frame.summary).toMatchObject({ protocol: 'PROBE', info: 'Probe 320102' });
    expect(protocols(registered(() => decode(isoOnTcp(ed([0x32, 9])))))).toContain('probe');
  });

  it('keeps what no protocol takes', () => {
    const frame = registered(() => decode(isoOnTcp(dt([0x33, 1]))));
    expect(protocols(frame)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
    expect(userData(frame)).toEqual(['3301']);
  });

  it('does not hand on the data of a DT with more of its TSDU to come (EOT 0)', () => {
    const frame = registered(() => decode(isoOnTcp(dt([0x32, 1, 2], false))));
    expect(protocols(frame)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
    expect(userData(frame)).toEqual(['320102']);
  });

  it('decodes a TSDU reassembled from DTs where it completes, and not the last DT’s piece alone', () => {
    const frames = tcpConversation([
      { from: 'client', payload: dt([0x32, 1], false) },
      { from: 'client', payload: dt([0x32, 2], true) },
    ]);
    // On its own (reassembly off), the last DT's data is all there is to decode.
    expect(protocols(registered(() => decode(frames[1]!)))).toContain('probe');

    const [first, last] = withStream(frames);
    expect(protocols(first!)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
    expect(protocols(last!)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
    expect(userData(last!)).toEqual(['3202']);
    const [tsdu] = last!.sources!;
    expect(tsdu!.kind).toBe('tsdu');
    expect(tsdu!.layers.map((l) => [l.protocol, l.summary])).toEqual([['probe', 'Probe, 4 bytes']]);
    expect(tsdu!.layers[0]!.fields[0]).toMatchObject({ id: 'probe.pdu', raw: '32013202' });
    expect(last!.summary).toMatchObject({ protocol: 'PROBE', info: 'Probe 32013202' });
  });

  it('also when the last DT comes in a TPKT reassembled from TCP segments', () => {
    const tail = dt([0x32, 2, 3, 4, 5, 6], true);
    const frames = tcpConversation([
      { from: 'client', payload: dt([0x32, 1], false) },
      { from: 'client', payload: tail.slice(0, 9) },
      { from: 'client', payload: tail.slice(9) },
    ]);
    const done = withStream(frames)[2]!;
    const [tpktSource, tsdu] = done.sources!;
    expect(tpktSource!.kind).toBe('tpkt');
    expect(tpktSource!.layers.map((l) => l.protocol)).toEqual(['tpkt', 'cotp']);
    expect(tsdu!.layers.map((l) => l.protocol)).toEqual(['probe']);
    expect(tsdu!.layers[0]!.fields[0]!.raw).toBe('32013202030405' + '06');
  });

  it('shows a TSDU nothing takes as before: one data layer that says what it is', () => {
    const frames = tcpConversation([
      { from: 'client', payload: dt([0x33, 1], false) },
      { from: 'client', payload: dt([2], true) },
    ]);
    const [tsdu] = withStream(frames)[1]!.sources!;
    expect(tsdu!.layers.map((l) => [l.protocol, l.summary])).toEqual([
      [
        'data',
        'COTP TSDU: user data of 2 DT TPDUs joined up to EOT (3 bytes; framescope does not decode the layer above)',
      ],
    ]);
  });
});

describe('cotp.user_data: what is left to COTP, and what its meaning says', () => {
  const capture = (name: string) =>
    readCapture(readFileSync(new URL(`../../../../shared/captures/${name}`, import.meta.url)));

  it('an S7comm DT hands its data up (no cotp.user_data); a DT whose TSDU goes on keeps it', () => {
    const s7 = dissectFrame(capture('snap7_s300_readVar.pcapng').frameBytes(1)!, 1, 1);
    expect(s7.layers.at(-1)!.protocol).toBe('s7comm');
    expect(fieldsById(s7, 'cotp.user_data')).toEqual([]);
    // A DT with EOT = 0 whose data would read as S7comm: its TSDU goes on, so nothing above COTP takes it yet.
    const part = decode(isoOnTcp(dt([0x32, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x0e, 0x00, 0x00, 0x04, 0x01], false)));
    expect(part.layers.at(-1)!.protocol).toBe('cotp');
    expect(fieldsById(part, 'cotp.user_data')).toHaveLength(1);
    // The meaning says so: the protocols above COTP (the registered heuristics), the rule that forces one.
    const meaning = SCHEMA['cotp.user_data']!.meaning;
    expect(meaning).not.toMatch(/does not decode it further/);
    expect(meaning).toContain('no protocol above COTP decoded');
    for (const h of HEURISTICS.filter((x) => x.table === 'cotp.data'))
      expect(meaning.toLowerCase()).toContain(h.protocol.protocol === 't125' ? 't.125' : h.protocol.protocol);
    expect(meaning).toContain('cotp.data==0');
  });
});
