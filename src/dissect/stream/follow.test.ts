// Follow TCP Stream's data: segments in, chunks in sequence order out, as tshark 4.0's Follow gives them (each case's
// expectation was checked with `tshark -q -z follow,tcp,raw,0` on the same segments written to a pcap).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCaptureReader } from '../../inputs/capture';
import { dissectLean } from '../engine';
import { LeanWants } from '../sink';
import { hexBytes, tpkt } from '../testing/frames';
import { conversationOfFrame, FOLLOW_IDS, followedBytes, followSegmentOf, followStream } from './follow';
import type { FollowChunk, FollowSegment } from './follow';
import { createStreamTracker, STREAM_IDS } from '.';

const CONVERSATION = {
  id: 3,
  a: { address: '10.0.0.1', port: 1555 },
  b: { address: '10.0.0.2', port: 102 },
  firstFrame: 1,
  lastFrame: 99,
};

const text = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
let frame = 0;
const client = (seq: number, payload: string | number[], o: { syn?: boolean; ack?: number } = {}): FollowSegment => ({
  frame: ++frame,
  direction: 0,
  seq,
  syn: o.syn ?? false,
  ...(o.ack !== undefined ? { ack: o.ack } : {}),
  payload: typeof payload === 'string' ? text(payload) : Uint8Array.from(payload),
});
const server = (seq: number, payload: string | number[], o: { syn?: boolean; ack?: number } = {}): FollowSegment => ({
  ...client(seq, payload, o),
  direction: 1,
});
const HANDSHAKE = () => [client(1000, '', { syn: true }), server(5000, '', { syn: true, ack: 1001 })];

/** Each chunk as "0 AAAA" (direction, text), a gap as "0 [4 missing]". */
const shown = (chunks: readonly FollowChunk[]) =>
  chunks.map((c) =>
    c.kind === 'gap'
      ? `${c.direction} [${c.missing} missing${c.afterGap ? ', after gap' : ''}]`
      : `${c.direction} ${String.fromCharCode(...c.bytes)}${c.afterGap ? ' (after gap)' : ''}`,
  );

describe('followStream', () => {
  it('gives both directions in the order their bytes came, with the frame of each chunk', () => {
    frame = 0;
    const stream = followStream(CONVERSATION, [...HANDSHAKE(), client(1001, 'hello'), server(5001, 'world')]);
    expect(stream.stream).toBe(2);
    expect(stream.nodes).toEqual([CONVERSATION.a, CONVERSATION.b]);
    expect(shown(stream.chunks)).toEqual(['0 hello', '1 world']);
    expect(stream.chunks.map((c) => c.frame)).toEqual([3, 4]);
    expect(stream.bytes).toEqual([5, 5]);
  });

  it('shows retransmitted bytes once, and only the new part of a segment overlapping old bytes', () => {
    frame = 0;
    const stream = followStream(CONVERSATION, [
      ...HANDSHAKE(),
      client(1001, 'AAAA'),
      client(1001, 'AAAA'),
      client(1005, 'BBBB'),
      client(1007, 'BBCC'),
    ]);
    expect(shown(stream.chunks)).toEqual(['0 AAAA', '0 BBBB', '0 CC']);
    expect(stream.chunks.map((c) => (c.kind === 'data' ? c.offset : -1))).toEqual([0, 4, 8]);
  });

  it('puts a segment that came early after the bytes before it, once they come', () => {
    frame = 0;
    const stream = followStream(CONVERSATION, [
      ...HANDSHAKE(),
      client(1001, 'AAAA'),
      client(1009, 'CCCC'),
      client(1005, 'BBBB'),
      server(5001, 'xyz'),
    ]);
    expect(shown(stream.chunks)).toEqual(['0 AAAA', '0 BBBB', '0 CCCC', '1 xyz']);
    // The early segment keeps its own frame.
    expect(stream.chunks.map((c) => c.frame)).toEqual([3, 5, 4, 6]);
  });

  it('without a SYN, starts a direction at its first segment, even one without data', () => {
    frame = 0;
    const stream = followStream(CONVERSATION, [
      client(70005, 'again'),
      client(70000, 'hello'),
      server(9000, ''),
      server(8999, 'k'),
      server(9000, 'world'),
    ]);
    // "hello" is older than the first bytes followed; the keep-alive's octet lies before the server's first segment.
    expect(shown(stream.chunks)).toEqual(['0 again', '1 world']);
  });

  it('says how many bytes are missing where the peer acknowledged bytes the capture lacks, then goes on', () => {
    frame = 0;
    const stream = followStream(CONVERSATION, [
      ...HANDSHAKE(),
      client(1001, 'AAAA'),
      client(1009, 'CCCC'),
      server(5001, 'ok', { ack: 1013 }),
    ]);
    expect(shown(stream.chunks)).toEqual(['0 AAAA', '0 [4 missing]', '0 CCCC', '1 ok']);
    // The gap is known in the frame that acknowledged the bytes.
    expect(stream.chunks[1]!.frame).toBe(5);
  });

  it('goes on after bytes nobody acknowledged, marking what tshark would not show', () => {
    frame = 0;
    const stream = followStream(CONVERSATION, [
      ...HANDSHAKE(),
      client(1001, 'AAAA'),
      client(1009, 'CCCC'),
      server(5001, 'xyz', { ack: 1005 }),
      client(1013, 'DDDD'),
    ]);
    expect(shown(stream.chunks)).toEqual([
      '0 AAAA',
      '0 [4 missing, after gap]',
      '0 CCCC (after gap)',
      '1 xyz',
      '0 DDDD (after gap)',
    ]);
    expect(followedBytes(stream, 0)).toEqual(text('AAAACCCCDDDD'));
  });

  it('follows sequence numbers across their wrap at 2^32', () => {
    frame = 0;
    const stream = followStream(CONVERSATION, [client(0xfffffffe, 'ab'), client(2, 'ef'), client(0, 'cd')]);
    expect(shown(stream.chunks)).toEqual(['0 ab', '0 cd', '0 ef']);
  });

  it('marks where each TPKT starts, across segments and several in one, and starts again after a gap', () => {
    frame = 0;
    const one = tpkt([2, 0xf0, 0x80, 1, 2, 3]); // 10 octets
    const two = [...one, ...one];
    const stream = followStream(CONVERSATION, [
      ...HANDSHAKE(),
      client(1001, two.slice(0, 12)), // a whole TPKT and the first 2 octets of the next header
      client(1013, two.slice(12)), // its header's rest
      client(1021, [0x16, 3, 1, 0, 5]), // not a TPKT: the chain stops
      client(1026, one), // a chunk starting with a header: it starts again
      client(1046, one), // after 10 missing (acknowledged below)
      server(5001, one, { ack: 1056 }),
    ]);
    const data = stream.chunks.filter((c) => c.kind === 'data');
    expect(data.map((c) => c.tpkts)).toEqual([[0, 10], [], [], [0], [0], [0]]);
  });

  it('copies one direction or both, in the order followed', () => {
    frame = 0;
    const stream = followStream(CONVERSATION, [client(1, 'ab'), server(1, 'XY'), client(3, 'cd')]);
    expect(followedBytes(stream)).toEqual(text('abXYcd'));
    expect(followedBytes(stream, 1)).toEqual(text('XY'));
  });
});

describe('Follow on a real capture (iec61850_read.pcap: one MMS conversation on port 102)', () => {
  const file = readFileSync(new URL('../../../../shared/captures/iec61850_read.pcap', import.meta.url));
  const reader = createCaptureReader();
  reader.push(file);
  reader.end();
  const tracker = createStreamTracker();
  const wants = new LeanWants(new Set([...STREAM_IDS, ...FOLLOW_IDS]));
  const records = Array.from({ length: reader.frameCount() }, (_, i) => {
    const bytes = reader.frameBytes(i + 1)!;
    const record = dissectLean(bytes, reader.frame(i + 1)!.linkType, i + 1, wants);
    tracker.push(record, bytes);
    return { record, bytes };
  });
  const [conversation] = tracker.conversations();

  it('finds the conversation of a frame and follows its 8 TPKTs each way as tshark does', () => {
    expect(conversationOfFrame(tracker.conversations(), records[5]!.record)).toBe(conversation);
    const segments = records.flatMap(({ record, bytes }) => followSegmentOf(conversation!, record, bytes) ?? []);
    const stream = followStream(conversation!, segments);
    // tshark -q -z follow,tcp,ascii,0: 19, 22, 187, 145, 42, 29, 22, 25 bytes; node 0 is the client on 45298.
    const data = stream.chunks.filter((c) => c.kind === 'data');
    expect(data.map((c) => c.bytes.length)).toEqual([19, 22, 187, 145, 42, 29, 22, 25]);
    expect(data.map((c) => c.direction)).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    expect(stream.nodes[0]).toEqual({ address: '127.0.0.1', port: 45298 });
    expect(data.every((c) => c.tpkts.length === 1 && c.tpkts[0] === 0)).toBe(true);
    expect(Array.from(data[0]!.bytes.subarray(0, 4))).toEqual(hexBytes('03000013'));
  });
});
