// tcp.stream, relative numbers, window scaling and the Info column on TCP segments built byte by byte. Each case's
// expected values are what tshark 4.0.17 printed for the same segments written to a pcap (Ethernet, 10.0.0.1:1000 ⇄
// 10.0.0.2:2000, Win=1000, frames 0.5 s apart) with `-T fields -e tcp.stream -e tcp.seq -e tcp.ack -e tcp.nxtseq
// -e tcp.window_size -e tcp.window_size_scalefactor -e tcp.time_relative -e tcp.time_delta -e _ws.col.Info`, less
// the "[TCP …]" sequence-analysis prefixes tshark puts before some Info lines (tcp-analysis.ts's part).
import { describe, expect, it } from 'vitest';
import { dissectFrame, dissectLean } from '../engine';
import type { DissectOptions } from '../dissector';
import type { Frame } from '../model';
import { fieldsById } from '../query';
import { compileFilter } from '../filter';
import { LeanWants } from '../sink';
import { ethernetFrame, ipv4Packet, tcpSegment } from '../testing/frames';
import { createTcpStreams } from './tcp-facts';
import { createStreamTracker } from './tracker';
import { STREAM_WANTS } from './ids';

const F = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32, ECE: 64, CWR: 128 } as const;
const A = { src: [10, 0, 0, 1], dst: [10, 0, 0, 2] };
const B = { src: [10, 0, 0, 2], dst: [10, 0, 0, 1] };

interface Seg {
  from?: 'A' | 'B';
  seq: number;
  ack?: number;
  flags: number;
  len?: number;
  options?: number[];
  reserved?: number;
}

function frameOf(s: Seg): Uint8Array {
  const ip = s.from === 'B' ? B : A;
  const ports = s.from === 'B' ? { srcport: 2000, dstport: 1000 } : { srcport: 1000, dstport: 2000 };
  const segment = tcpSegment(new Array<number>(s.len ?? 0).fill(0x41), {
    ...ports,
    seq: s.seq,
    ack: s.ack ?? 0,
    flags: s.flags,
    window: 1000,
    ...(s.options ? { options: s.options } : {}),
    ...(s.reserved !== undefined ? { reservedBits: s.reserved } : {}),
  });
  return Uint8Array.from(ethernetFrame(ipv4Packet(segment, ip)));
}

/** The segments as a capture: each frame dissected once in order with the capture's TCP conversations. */
function capture(segments: readonly Seg[], options: DissectOptions = {}): Frame[] {
  const tcp = createTcpStreams();
  return segments.map((s, i) => dissectFrame(frameOf(s), 1, i + 1, options, undefined, { tcp, time: i * 0.5 }));
}

const value = (frame: Frame, id: string) => fieldsById(frame, id)[0]?.value;
const column = (frames: Frame[], id: string) => frames.map((f) => value(f, id));
const infos = (frames: Frame[]) => frames.map((f) => f.summary.info);

describe('tcp.stream and relative numbers, as tshark 4.0.17', () => {
  it('a capture that starts mid-stream: each direction counts from its first number seen − 1', () => {
    const frames = capture([
      { seq: 5000, ack: 9000, flags: F.PSH | F.ACK, len: 10 },
      { from: 'B', seq: 9000, ack: 5010, flags: F.ACK },
      { seq: 5010, ack: 9000, flags: F.PSH | F.ACK, len: 5 },
    ]);
    expect(column(frames, 'tcp.stream')).toEqual([0, 0, 0]);
    expect(column(frames, 'tcp.seq')).toEqual([1, 1, 11]);
    expect(column(frames, 'tcp.ack')).toEqual([1, 11, 1]);
    expect(column(frames, 'tcp.nxtseq')).toEqual([11, 1, 16]);
    expect(column(frames, 'tcp.seq_raw')).toEqual([5000, 9000, 5010]);
    expect(column(frames, 'tcp.ack_raw')).toEqual([9000, 5010, 9000]);
    // The SYNs were not seen: the window scale is unknown (-1) and the window is shown as on the wire.
    expect(column(frames, 'tcp.window_size_scalefactor')).toEqual([-1, -1, -1]);
    expect(column(frames, 'tcp.window_size')).toEqual([1000, 1000, 1000]);
    expect(infos(frames)).toEqual([
      '1000 → 2000 [PSH, ACK] Seq=1 Ack=1 Win=1000 Len=10',
      '2000 → 1000 [ACK] Seq=1 Ack=11 Win=1000 Len=0',
      '1000 → 2000 [PSH, ACK] Seq=11 Ack=1 Win=1000 Len=5',
    ]);
  });

  it('an ACK whose acknowledged direction was not seen yet, and FIN taking one sequence number', () => {
    const frames = capture([
      { from: 'B', seq: 9000, ack: 5010, flags: F.ACK },
      { seq: 5010, ack: 9000, flags: F.PSH | F.ACK, len: 5 },
      { seq: 5015, ack: 9000, flags: F.FIN | F.ACK },
      { from: 'B', seq: 9000, ack: 5016, flags: F.FIN | F.ACK },
    ]);
    expect(column(frames, 'tcp.seq')).toEqual([1, 1, 6, 1]);
    expect(column(frames, 'tcp.ack')).toEqual([1, 1, 1, 7]);
    expect(column(frames, 'tcp.nxtseq')).toEqual([1, 6, 7, 2]);
  });

  it('a lone frame (pasted, or a capture of one): stream 0, numbers relative to themselves', () => {
    const lone = (s: Seg) => dissectFrame(frameOf(s), 1, 1);
    const data = lone({ seq: 5000, ack: 9000, flags: F.PSH | F.ACK, len: 10 });
    expect([value(data, 'tcp.stream'), value(data, 'tcp.seq'), value(data, 'tcp.ack')]).toEqual([0, 1, 1]);
    expect(value(data, 'tcp.nxtseq')).toBe(11);
    expect(value(data, 'tcp.time_relative')).toBe(0);
    // Without ACK the acknowledgment number is not significant: shown as on the wire, as tshark does.
    const syn = lone({ seq: 5000, ack: 9000, flags: F.SYN });
    expect([value(syn, 'tcp.seq'), value(syn, 'tcp.ack'), value(syn, 'tcp.nxtseq')]).toEqual([0, 9000, 1]);
    expect(syn.summary.info).toBe('1000 → 2000 [SYN] Seq=0 Win=1000 Len=0');
    const rst = lone({ seq: 5000, ack: 0, flags: F.RST });
    expect([value(rst, 'tcp.seq'), value(rst, 'tcp.ack'), value(rst, 'tcp.nxtseq')]).toEqual([1, 0, 1]);
    expect(rst.summary.info).toBe('1000 → 2000 [RST] Seq=1 Win=1000 Len=0');
    // The same frame in a capture of its own gives the same.
    expect(capture([{ seq: 5000, ack: 9000, flags: F.PSH | F.ACK, len: 10 }])[0]!.summary.info).toBe(data.summary.info);
  });

  it('a SYN with a new ISN after the connection closed starts stream 1 on the same ports; times restart', () => {
    const frames = capture([
      { seq: 100, flags: F.SYN },
      { from: 'B', seq: 500, ack: 101, flags: F.SYN | F.ACK },
      { seq: 101, ack: 501, flags: F.ACK },
      { seq: 101, ack: 501, flags: F.FIN | F.ACK },
      { from: 'B', seq: 501, ack: 102, flags: F.FIN | F.ACK },
      { seq: 102, ack: 502, flags: F.ACK },
      { seq: 7000, flags: F.SYN },
      { from: 'B', seq: 8000, ack: 7001, flags: F.SYN | F.ACK },
      { seq: 7001, ack: 8001, flags: F.ACK },
    ]);
    expect(column(frames, 'tcp.stream')).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1]);
    expect(column(frames, 'tcp.seq')).toEqual([0, 0, 1, 1, 1, 2, 0, 0, 1]);
    expect(column(frames, 'tcp.ack')).toEqual([0, 1, 1, 1, 2, 2, 0, 1, 1]);
    expect(column(frames, 'tcp.nxtseq')).toEqual([1, 1, 1, 2, 2, 2, 1, 1, 1]);
    expect(column(frames, 'tcp.time_relative')).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 0, 0.5, 1]);
    expect(column(frames, 'tcp.time_delta')).toEqual([0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0.5]);
    // The SYNs carried no Window Scale option: no scaling (-2) after them; none shown on a SYN.
    expect(column(frames, 'tcp.window_size_scalefactor')).toEqual([
      undefined,
      undefined,
      -2,
      -2,
      -2,
      -2,
      undefined,
      undefined,
      -2,
    ]);
    expect(infos(frames)).toEqual([
      '1000 → 2000 [SYN] Seq=0 Win=1000 Len=0',
      '2000 → 1000 [SYN, ACK] Seq=0 Ack=1 Win=1000 Len=0',
      '1000 → 2000 [ACK] Seq=1 Ack=1 Win=1000 Len=0',
      '1000 → 2000 [FIN, ACK] Seq=1 Ack=1 Win=1000 Len=0',
      '2000 → 1000 [FIN, ACK] Seq=1 Ack=2 Win=1000 Len=0',
      '1000 → 2000 [ACK] Seq=2 Ack=2 Win=1000 Len=0',
      '[TCP Port numbers reused] 1000 → 2000 [SYN] Seq=0 Win=1000 Len=0',
      '2000 → 1000 [SYN, ACK] Seq=0 Ack=1 Win=1000 Len=0',
      '1000 → 2000 [ACK] Seq=1 Ack=1 Win=1000 Len=0',
    ]);
  });

  it('a SYN sent again with the same ISN stays in its stream (even after a RST); a new ISN starts a new one', () => {
    const again = capture([
      { seq: 100, flags: F.SYN },
      { seq: 100, flags: F.SYN },
      { seq: 300, flags: F.SYN },
      { from: 'B', seq: 500, ack: 301, flags: F.SYN | F.ACK },
      { seq: 301, ack: 501, flags: F.ACK },
    ]);
    expect(column(again, 'tcp.stream')).toEqual([0, 0, 1, 1, 1]);
    expect(column(again, 'tcp.seq')).toEqual([0, 0, 0, 0, 1]);
    const afterReset = capture([
      { seq: 100, flags: F.SYN },
      { from: 'B', seq: 500, ack: 101, flags: F.SYN | F.ACK },
      { seq: 101, ack: 501, flags: F.ACK },
      { seq: 101, ack: 501, flags: F.RST },
      { seq: 100, flags: F.SYN },
    ]);
    expect(column(afterReset, 'tcp.stream')).toEqual([0, 0, 0, 0, 0]);
    // A RST without ACK: its acknowledgment number as on the wire.
    expect(column(afterReset, 'tcp.ack')).toEqual([0, 1, 1, 501, 0]);
    // The answering side opens again with a new ISN: also a new stream.
    const reverse = capture([
      { seq: 100, flags: F.SYN },
      { from: 'B', seq: 500, ack: 101, flags: F.SYN | F.ACK },
      { seq: 101, ack: 501, flags: F.ACK },
      { from: 'B', seq: 900, flags: F.SYN },
    ]);
    expect(column(reverse, 'tcp.stream')).toEqual([0, 0, 0, 1]);
    // After data mid-stream, a SYN with another ISN.
    const midThenSyn = capture([
      { seq: 5000, ack: 9000, flags: F.PSH | F.ACK, len: 10 },
      { seq: 100, flags: F.SYN },
    ]);
    expect(column(midThenSyn, 'tcp.stream')).toEqual([0, 1]);
  });
});

describe('window scaling and the options in Info, as tshark 4.0.17', () => {
  const MSS = [2, 4, 5, 180];
  const SACK_PERM = [4, 2];
  const TS = (value: number, echo: number) => [8, 10, 0, 0, 0, value, 0, 0, 0, echo];
  const WS = (shift: number) => [3, 3, shift];

  it('both SYNs scale: later windows are shifted; options summed up in their order; SACK edges relative', () => {
    const frames = capture([
      { seq: 100, flags: F.SYN, options: [...MSS, ...SACK_PERM, ...TS(1, 0), 1, ...WS(7)] },
      { from: 'B', seq: 500, ack: 101, flags: F.SYN | F.ACK, options: [...MSS, 1, 1, ...SACK_PERM, 1, ...WS(8)] },
      { seq: 101, ack: 501, flags: F.ACK, options: [1, 1, ...TS(1, 0)] },
      {
        from: 'B',
        seq: 501,
        ack: 101,
        flags: F.ACK,
        options: [1, 1, 5, 18, 0, 0, 0, 245, 0, 0, 0, 255, 0, 0, 0, 109, 0, 0, 0, 119],
      },
    ]);
    expect(column(frames, 'tcp.window_size')).toEqual([1000, 1000, 128000, 256000]);
    expect(column(frames, 'tcp.window_size_scalefactor')).toEqual([undefined, undefined, 128, 256]);
    expect(infos(frames)).toEqual([
      '1000 → 2000 [SYN] Seq=0 Win=1000 Len=0 MSS=1460 SACK_PERM TSval=1 TSecr=0 WS=128',
      '2000 → 1000 [SYN, ACK] Seq=0 Ack=1 Win=1000 Len=0 MSS=1460 SACK_PERM WS=256',
      '1000 → 2000 [ACK] Seq=1 Ack=1 Win=128000 Len=0 TSval=1 TSecr=0',
      '2000 → 1000 [ACK] Seq=1 Ack=1 Win=256000 Len=0 SLE=145 SRE=155 SLE=9 SRE=19',
    ]);
  });

  it('a SYN without the option: no scaling either way (-2), even though the other SYN had it', () => {
    const frames = capture([
      { seq: 100, flags: F.SYN, options: [...WS(7), 1] },
      { from: 'B', seq: 500, ack: 101, flags: F.SYN | F.ACK },
      { seq: 101, ack: 501, flags: F.ACK },
      { from: 'B', seq: 501, ack: 101, flags: F.ACK },
    ]);
    expect(column(frames, 'tcp.window_size_scalefactor')).toEqual([undefined, undefined, -2, -2]);
    expect(column(frames, 'tcp.window_size')).toEqual([1000, 1000, 1000, 1000]);
  });

  it('only one SYN seen: its side scales, the other is unknown (-1)', () => {
    const synAckOnly = capture([
      { from: 'B', seq: 500, ack: 101, flags: F.SYN | F.ACK, options: [...WS(8), 1] },
      { seq: 101, ack: 501, flags: F.ACK },
      { from: 'B', seq: 501, ack: 101, flags: F.ACK },
    ]);
    expect(column(synAckOnly, 'tcp.window_size_scalefactor')).toEqual([undefined, -1, 256]);
    expect(column(synAckOnly, 'tcp.window_size')).toEqual([1000, 1000, 256000]);
    const synOnly = capture([
      { seq: 100, flags: F.SYN, options: [...WS(7), 1] },
      { seq: 101, ack: 501, flags: F.ACK },
      { from: 'B', seq: 501, ack: 101, flags: F.ACK },
    ]);
    expect(column(synOnly, 'tcp.window_size_scalefactor')).toEqual([undefined, 128, -1]);
    expect(infos(synOnly)[1]).toBe('1000 → 2000 [ACK] Seq=1 Ack=1 Win=128000 Len=0');
  });

  it('flag names least significant first, Accurate ECN and the reserved bits, Urg= with URG', () => {
    const frames = capture([
      { seq: 100, flags: F.SYN | F.ECE | F.CWR },
      { seq: 100, ack: 1, flags: F.URG | F.PSH | F.ACK },
      { seq: 100, flags: 0, reserved: 0x3 },
      { seq: 100, flags: 0, reserved: 0xe },
      { seq: 100, flags: 0 },
      { seq: 100, ack: 1, flags: 0xff, reserved: 0x1 },
    ]);
    // (The sequence analysis's markers set aside: these segments all repeat one sequence number.)
    expect(infos(frames).map((i) => i.replace(/ Seq=.*?Win/, ' … Win').replace(/^(\[TCP [^\]]*\] )+/, ''))).toEqual([
      '1000 → 2000 [SYN, ECE, CWR] … Win=1000 Len=0',
      '1000 → 2000 [PSH, ACK, URG] … Win=1000 Urg=0 Len=0',
      '1000 → 2000 [AE, Reserved] … Win=1000 Len=0',
      '1000 → 2000 [Reserved] … Win=1000 Len=0',
      '1000 → 2000 [<None>] … Win=1000 Len=0',
      '1000 → 2000 [FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE] … Win=1000 Urg=0 Len=0',
    ]);
  });
});

describe('the relative sequence numbers preference', () => {
  it('off: tcp.seq, tcp.ack, tcp.nxtseq, Info and SACK edges as on the wire', () => {
    const frames = capture(
      [
        { seq: 5000, ack: 9000, flags: F.PSH | F.ACK, len: 10 },
        { from: 'B', seq: 9000, ack: 5010, flags: F.ACK, options: [1, 1, 5, 10, 0, 0, 19, 146, 0, 0, 19, 156] },
      ],
      { relativeSequenceNumbers: false },
    );
    expect(column(frames, 'tcp.seq')).toEqual([5000, 9000]);
    expect(column(frames, 'tcp.ack')).toEqual([9000, 5010]);
    expect(column(frames, 'tcp.nxtseq')).toEqual([5010, 9000]);
    expect(column(frames, 'tcp.stream')).toEqual([0, 0]);
    expect(infos(frames)).toEqual([
      '1000 → 2000 [PSH, ACK] Seq=5000 Ack=9000 Win=1000 Len=10',
      '2000 → 1000 [ACK] Seq=9000 Ack=5010 Win=1000 Len=0 SLE=5010 SRE=5020',
    ]);
  });
});

describe('the facts in the lean path and for the stream tracker', () => {
  const segments: Seg[] = [
    { seq: 100, flags: F.SYN },
    { from: 'B', seq: 500, ack: 101, flags: F.SYN | F.ACK },
    { seq: 101, ack: 501, flags: F.ACK },
    { seq: 7000, flags: F.SYN },
  ];

  it('a lean record carries them; filters on tcp.stream, tcp.seq and tcp.nxtseq work on it', () => {
    const tcp = createTcpStreams();
    const wants = new LeanWants(new Set(['tcp.stream', 'tcp.seq', 'tcp.nxtseq']));
    const records = segments.map((s, i) => dissectLean(frameOf(s), 1, i + 1, wants, {}, undefined, { tcp, time: i }));
    const matching = (text: string) => {
      const compiled = compileFilter(text);
      if (!compiled.ok || !compiled.filter) throw new Error(text);
      const filter = compiled.filter;
      return records.filter((frame) => filter.test({ frame, bytes: new Uint8Array(0) })).map((r) => r.number);
    };
    expect(matching('tcp.stream == 1')).toEqual([4]);
    expect(matching('tcp.seq == 1')).toEqual([3]);
    expect(matching('tcp.nxtseq == 1 && tcp.stream == 0')).toEqual([1, 2, 3]);
    // Dissected again later (a filter pass, the frame on screen): the same facts, read back.
    const again = dissectFrame(frameOf(segments[2]!), 1, 3, {}, undefined, { tcp, time: 99 });
    expect([value(again, 'tcp.stream'), value(again, 'tcp.seq'), value(again, 'tcp.time_relative')]).toEqual([0, 1, 2]);
  });

  it('the tracker keys its conversations by tcp.stream: Conversation.id == tcp.stream + 1, a reused 4-tuple too', () => {
    const tracker = createStreamTracker();
    segments.forEach((s, i) => {
      const bytes = frameOf(s);
      tracker.push(dissectLean(bytes, 1, i + 1, STREAM_WANTS, {}, undefined, { tcp: tracker.tcp, time: i }), bytes, i);
    });
    expect(tracker.conversations().map((c) => [c.id, c.firstFrame, c.lastFrame])).toEqual([
      [1, 1, 3],
      [2, 4, 4],
    ]);
  });
});

describe('memory on a long capture', () => {
  it('forgets the facts of frames a streaming caller wrote; later frames keep theirs, conversations stay', () => {
    const tcp = createTcpStreams();
    const header = (seq: number, flags: number) => ({
      src: Uint8Array.of(10, 0, 0, 1),
      dst: Uint8Array.of(10, 0, 0, 2),
      srcport: 1000,
      dstport: 2000,
      seq,
      ack: 9000,
      flags,
      length: 10,
      window: 1000,
      windowShift: -1,
    });
    // Frame 2999 sends frame 2998's bytes again: its sequence analysis must outlive the move too.
    for (let n = 1; n <= 3000; n++) tcp.segment(n, n, header(5000 + 10 * (n === 2999 ? 2998 : n), F.ACK));
    const before = tcp.factsOf(2999);
    expect(before?.analysis?.flags).toBeGreaterThan(0);
    expect(tcp.factsOf(2998)?.analysis).toBeUndefined();
    tcp.forgetBefore(2500);
    expect(tcp.factsOf(2998)?.analysis).toBeUndefined();
    expect(tcp.streamOf(2499)).toBe(-1);
    expect(tcp.factsOf(2999)).toEqual(before);
    expect(tcp.factsOf(2500)?.timeRelative).toBe(2499);
    // Placed after the arrays moved down: the same conversation, its numbers from the same base.
    expect(tcp.segment(3001, 3001, header(5000 + 10 * 3001, F.ACK))).toMatchObject({ stream: 0, seqBase: 5009 });
    expect(tcp.segment(3002, 3002, header(100, F.SYN))).toMatchObject({ stream: 1, seqBase: 100 });
    expect(tcp.count()).toBe(2);
  });
});
