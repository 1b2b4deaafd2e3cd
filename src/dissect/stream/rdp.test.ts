// The stream layer on RDP conversations built byte by byte: once the X.224 negotiation chose TLS, every later byte is
// a TLS record (reassembled across segments, never taken for a TPKT); with Standard RDP Security, TPKTs and fast-path
// PDUs side by side; a conversation captured from its middle; and TCP keep-alives, which are normal traffic.
import { describe, expect, it } from 'vitest';
import { dissectLean } from '../engine';
import type { Frame } from '../model';
import { cotp, tcpConversation, tpkt } from '../testing/frames';
import { createStreamTracker, dissectWithStream, STREAM_WANTS } from './index';

/** X.224 CR with an RDP Negotiation Request (TLS | CredSSP), and a CC whose Negotiation Response selects `selected`. */
const CR = tpkt(cotp([0xe0, 0, 0, 0, 0, 0, 0x01, 0x00, 0x08, 0x00, 0x03, 0, 0, 0]));
const cc = (selected: number) => tpkt(cotp([0xd0, 0, 0, 0x12, 0x34, 0, 0x02, 0x00, 0x08, 0x00, selected, 0, 0, 0]));
const record = (type: number, body: number[]) => [type, 3, 1, body.length >> 8, body.length & 0xff, ...body];
const CLIENT_HELLO = record(22, [1, 0, 0, 6, 3, 1, 9, 9, 9, 9]);
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => (from + i) & 0xff);

function run(segments: Parameters<typeof tcpConversation>[0]): Frame[] {
  const frames = tcpConversation(segments, 3389);
  const tracker = createStreamTracker();
  frames.forEach((bytes, i) => tracker.push(dissectLean(bytes, 1, i + 1, STREAM_WANTS), bytes, i));
  tracker.finish();
  return frames.map((bytes, i) => dissectWithStream(bytes, 1, i + 1, {}, tracker.facts(i + 1), (n) => frames[n - 1]));
}

const protocols = (frame: Frame) => frame.layers.map((l) => l.protocol);
const sourceProtocols = (frame: Frame) => frame.sources?.map((s) => [s.kind, s.layers.map((l) => l.protocol)]);

describe('RDP conversations, followed', () => {
  it('after a CC that chose CredSSP: a TLS record split over two segments is decoded where it completes', () => {
    const frames = run([
      { from: 'client', payload: CR },
      { from: 'server', payload: cc(2) },
      { from: 'client', payload: CLIENT_HELLO.slice(0, 3) },
      { from: 'client', payload: CLIENT_HELLO.slice(3) },
    ]);
    expect(frames[2]!.summary.info).toMatch(/\[TLS segment, completed in frame 4\]$/);
    expect(frames[2]!.reassembledIn).toEqual([{ kind: 'tls', offset: 54, length: 3, frame: 4 }]);
    const done = frames[3]!;
    expect(sourceProtocols(done)).toEqual([['tls', ['tls']]]);
    expect(done.sources![0]!.name).toBe('Reassembled TLS record (2 segments, 15 bytes)');
    expect(done.summary).toMatchObject({ protocol: 'TLSv1', info: 'Client Hello' });
    expect(frames.flatMap((f) => f.problems)).toEqual([]);
  });

  it('after the switch, bytes that look like a TPKT are the middle of a TLS record, and records pack and split freely', () => {
    // The second application-data record's fragment starts 03 00 00 0b …: a TPKT to a frame on its own.
    const tpktLookalike = [3, 0, 0, 11, 2, 0xf0, 0x80, 1, 2, 3, 4];
    const second = record(23, [...tpktLookalike, ...range(30)]);
    const stream = [...record(23, range(8)), ...second, ...record(23, range(4))];
    const cut = 13 + 5; // the first record (13 octets) and the second one's header
    const frames = run([
      { from: 'client', payload: CR },
      { from: 'server', payload: cc(1) },
      { from: 'client', payload: stream.slice(0, cut) },
      { from: 'client', payload: stream.slice(cut) },
    ]);
    const after = frames.slice(2).flatMap((f) => [...f.layers, ...(f.sources ?? []).flatMap((s) => s.layers)]);
    expect(after.map((l) => l.protocol)).not.toContain('tpkt');
    expect(protocols(frames[2]!)).toEqual(['eth', 'ip', 'tcp', 'tls']);
    expect(frames[2]!.summary.info).toBe('Application Data');
    expect(sourceProtocols(frames[3]!)).toEqual([['tls', ['tls']]]);
    expect(protocols(frames[3]!)).toEqual(['eth', 'ip', 'tcp', 'tls']);
    expect(frames[3]!.summary.info).toBe('Application Data, Application Data');
    expect(frames.flatMap((f) => f.problems)).toEqual([]);
  });

  it('Standard RDP Security (selected 0): a TPKT and a fast-path PDU in one segment; a fast-path PDU over two', () => {
    const update = [0x00, 0x80, 0x20, ...range(29)]; // 32 octets, a 2-octet length, not encrypted
    const frames = run([
      { from: 'client', payload: CR },
      { from: 'server', payload: cc(0) },
      { from: 'server', payload: [...tpkt(cotp([0xf0, 0x80], [1, 2])), ...update.slice(0, 10)] },
      { from: 'server', payload: update.slice(10) },
      { from: 'client', payload: [0x04, 0x04, 0x01, 0x02] },
    ]);
    expect(protocols(frames[2]!)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
    expect(frames[2]!.reassembledIn).toEqual([{ kind: 'rdp-fastpath', offset: 54 + 9, length: 10, frame: 4 }]);
    expect(sourceProtocols(frames[3]!)).toEqual([['rdp-fastpath', ['rdp']]]);
    expect(frames[3]!.summary.info).toBe('Fast-Path Update PDU');
    expect(frames[4]!.summary.info).toBe('Fast-Path Input PDU, 1 event');
    expect(frames.flatMap((f) => f.problems)).toEqual([]);
  });

  it('a conversation captured from its middle: a TLS record at the start of a payload is enough to follow it', () => {
    const big = record(23, range(40));
    const frames = run([
      { from: 'server', payload: big.slice(0, 20) },
      { from: 'server', payload: big.slice(20) },
    ]);
    expect(frames[0]!.summary.info).toMatch(/\[TLS segment, completed in frame 2\]$/);
    expect(sourceProtocols(frames[1]!)).toEqual([['tls', ['tls']]]);
    expect(frames.flatMap((f) => f.problems)).toEqual([]);
  });

  it('a TCP keep-alive (one octet at the next sequence number − 1) is shown as such, with no problem', () => {
    const frames = run([
      { from: 'client', payload: CR },
      { from: 'server', payload: cc(2) },
      { from: 'client', payload: CLIENT_HELLO },
      { from: 'client', payload: [CLIENT_HELLO.at(-1)!], seq: 1000 + CR.length + CLIENT_HELLO.length - 1 },
    ]);
    const keepAlive = frames[3]!;
    expect(protocols(keepAlive)).toEqual(['eth', 'ip', 'tcp']);
    // Info's "[TCP Keep-Alive]" is the sequence analysis's (tcp-analysis.test.ts), not this layer's.
    expect(keepAlive.layers[2]!.fields.find((f) => f.id === 'tcp.segment_data')!.display).toMatch(/keep-alive probe/);
    expect(keepAlive.problems).toEqual([]);
  });
});
