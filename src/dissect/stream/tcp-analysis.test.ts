// TCP sequence analysis from bytes: frames built segment by segment (tcpExchange: each line a segment), dissected in capture order with the capture's TCP
// conversations (tcp-facts.ts) as every pass does, each frame's tcp.analysis.* fields and problems read back. Every
// expectation was checked with tshark 4.0.17 on the same segments written to a pcap (default preferences), except where
// a test says framescope follows RFC 5681 instead.
import { describe, expect, it } from 'vitest';
import { dissectFrame, dissectLean } from '../engine';
import type { FieldId } from '../field-ids';
import { walkFields } from '../query';
import type { Field } from '../model';
import { LeanWants, type FrameRecord } from '../sink';
import { tcpExchange } from '../testing/frames';
import { TCP_ANALYSIS_FIELDS } from '../protocols/tcp-analysis';
import { createTcpStreams } from './tcp-facts';

const IDS = new Set<FieldId>([...TCP_ANALYSIS_FIELDS.map((s) => s.id), 'tcp.stream']);
const WANTS = new LeanWants(IDS);

/** Each frame's analysis ids present ("retransmission,fast_retransmission"), in capture order. */
function analyse(lines: string): { flags: string[]; records: FrameRecord[] } {
  const tcp = createTcpStreams();
  const records = tcpExchange(lines).map(({ bytes, time }, i) =>
    dissectLean(bytes, 1, i + 1, WANTS, {}, undefined, { tcp, time }),
  );
  const flags = records.map((r) =>
    r.values
      .filter((v) => v.id.startsWith('tcp.analysis.') && !/flags|acks_frame|rtt|duplicate_ack_/.test(v.id))
      .map((v) => v.id.slice('tcp.analysis.'.length))
      .join(','),
  );
  return { flags, records };
}

const value = (r: FrameRecord, id: string) => r.values.find((v) => v.id === id)?.value;
const problems = (r: FrameRecord) => r.problems.map((p) => `${p.severity} ${p.code} ${p.fieldId}`);

describe('TCP sequence analysis (tcp.analysis.*)', () => {
  it('counts duplicate ACKs and names a fast retransmission after two of them within 20 ms', () => {
    const { flags, records } = analyse(`
      0.000 A 1000 0 S 0 5000 7
      0.001 B 7000 1001 SA 0 5000 7
      0.002 A 1001 7001 A 0 100
      0.010 A 1001 7001 PA 1000 100
      0.0101 A 2001 7001 A 1000 100
      0.0102 A 3001 7001 A 1000 100
      0.0103 A 4001 7001 A 1000 100
      0.011 B 7001 2001 A 0 100
      0.0111 B 7001 2001 A 0 100
      0.0112 B 7001 2001 A 0 100
      0.0113 B 7001 2001 A 0 100
      0.0120 A 2001 7001 A 1000 100
      0.0130 B 7001 5001 A 0 100`);
    expect(flags).toEqual([
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      'duplicate_ack',
      'duplicate_ack',
      'duplicate_ack',
      'retransmission,fast_retransmission',
      '',
    ]);
    expect([9, 10, 11].map((n) => value(records[n - 1]!, 'tcp.analysis.duplicate_ack_num'))).toEqual([1, 2, 3]);
    expect(value(records[10]!, 'tcp.analysis.duplicate_ack_frame')).toBe(8);
    // The ACK of frame 4's segment, 1 ms later; the handshake's round trip from the SYN to the third segment.
    expect(value(records[7]!, 'tcp.analysis.acks_frame')).toBe(4);
    expect(value(records[7]!, 'tcp.analysis.ack_rtt')).toBeCloseTo(0.001, 9);
    expect(value(records[2]!, 'tcp.analysis.initial_rtt')).toBeCloseTo(0.002, 9);
    expect(value(records[1]!, 'tcp.analysis.initial_rtt')).toBeUndefined();
    // One fact, one problem: the fast retransmission's note, not the retransmission's as well.
    expect(problems(records[11]!)).toEqual(['note retransmission tcp.analysis.fast_retransmission']);
    expect(problems(records[8]!)).toEqual(['note duplicate-ack tcp.analysis.duplicate_ack']);
    expect(records[8]!.problems[0]!.message).toMatch(/^Duplicate ACK #1 of the ACK in frame 8/);
  });

  it('names an acknowledged segment once: the same ACK again names none', () => {
    const { records } = analyse(`
      0.000 A 1000 0 S 0 5000 7
      0.001 B 7000 1001 SA 0 5000 7
      0.002 A 1001 7001 A 0 100
      0.010 A 1001 7001 PA 1000 100
      0.011 B 7001 2001 A 0 100
      0.012 B 7001 2001 A 0 100
      0.013 A 2001 7001 PA 500 100
      0.014 B 7001 2501 A 0 100
      0.015 B 7001 2501 A 0 100`);
    // tshark 4.0.17: 5 and 8 acknowledge 4 and 7; 6 and 9 name no frame (tshark calls them duplicate ACKs; with nothing
    // outstanding framescope does not, RFC 5681 §2, see below).
    expect(records.map((r) => value(r, 'tcp.analysis.acks_frame'))).toEqual([
      undefined,
      1,
      2,
      undefined,
      4,
      undefined,
      undefined,
      7,
      undefined,
    ]);
  });

  it('follows a zero window: probes, their ACKs, the window update, then a segment filling the window', () => {
    const { flags, records } = analyse(`
      0.000 A 1000 0 S 0 5000 0
      0.001 B 7000 1001 SA 0 5000 0
      0.002 A 1001 7001 A 0 5000
      0.010 A 1001 7001 PA 1000 5000
      0.011 B 7001 2001 A 0 0
      0.500 A 2001 7001 A 1 5000
      0.501 B 7001 2001 A 0 0
      1.500 A 2001 7001 A 1 5000
      1.501 B 7001 2002 A 0 0
      2.500 B 7001 2002 A 0 3000
      2.501 A 2002 7001 A 1000 5000
      2.502 A 3002 7001 A 2000 5000
      2.600 B 7001 5002 A 0 3000`);
    expect(flags).toEqual([
      '',
      '',
      '',
      '',
      'zero_window',
      'zero_window_probe',
      'zero_window,zero_window_probe_ack',
      'zero_window_probe',
      // The probe's octet acknowledged: not a probe's ACK any more (the User's Guide asks for the same ACK), and it
      // acknowledges an octet the analysis never counted as sent.
      'ack_lost_segment,zero_window',
      'window_update',
      'lost_segment',
      'window_full',
      'ack_lost_segment',
    ]);
    expect(problems(records[4]!)).toEqual(['warning zero-window tcp.analysis.zero_window']);
    expect(problems(records[5]!)).toEqual(['note zero-window tcp.analysis.zero_window_probe']);
    // Wireshark's chat: a fact on its field, not a problem.
    expect(problems(records[9]!)).toEqual([]);
    expect(problems(records[11]!)).toEqual(['warning window-full tcp.analysis.window_full']);
  });

  it('tells keep-alives and their ACKs, both facts, not problems (normal traffic; Wireshark files a keep-alive as a Note)', () => {
    const { flags, records } = analyse(`
      0.0 A 1000 0 S 0 5000
      0.1 B 7000 1001 SA 0 5000
      0.2 A 1001 7001 A 0 5000
      0.3 A 1001 7001 PA 10 5000
      0.4 B 7001 1011 A 0 5000
      60.4 A 1010 7001 A 1 5000
      60.5 B 7001 1011 A 0 5000
      120.5 B 7000 1011 A 0 5000`);
    expect(flags).toEqual(['', '', '', '', '', 'keep_alive', 'keep_alive_ack', 'keep_alive']);
    expect(problems(records[5]!)).toEqual([]);
    expect(problems(records[6]!)).toEqual([]);
  });

  it('flags a duplicate ACK only while its receiver has data outstanding (RFC 5681 §2), where tshark always does', () => {
    // tshark 4.0 says "TCP Dup ACK 1#1" and "#2" on frames 2 and 3: B repeats its ACK while A has nothing in flight.
    const idle = analyse(`
      0.0 B 5001 9001 A 10 100
      0.1 B 5011 9001 A 0 100
      0.5 B 5011 9001 A 0 100
      0.6 A 9001 5012 A 0 200`);
    expect(idle.flags).toEqual(['', '', '', '']);
    // … and like tshark, an ACK beyond what B was seen to send is not flagged while B repeats itself.
    expect(idle.records[3]!.problems).toEqual([]);
  });

  it('tells a spurious retransmission, an out-of-order segment and a plain retransmission apart', () => {
    const { flags, records } = analyse(`
      0.000 A 1000 0 S 0 5000
      0.100 B 7000 1001 SA 0 5000
      0.200 A 1001 7001 A 0 5000
      1.000 A 1001 7001 PA 100 5000
      1.050 B 7001 1101 A 0 5000
      2.000 A 1001 7001 PA 100 5000
      3.000 A 1201 7001 PA 100 5000
      3.050 A 1101 7001 PA 100 5000
      4.000 A 1301 7001 PA 100 5000
      9.000 A 1301 7001 PA 100 5000`);
    expect(flags).toEqual([
      '',
      '',
      '',
      '',
      '',
      'retransmission,spurious_retransmission',
      'lost_segment',
      // 50 ms after frame 7, within the initial round trip (0.2 s): reordered, not resent.
      'out_of_order',
      '',
      // 5 s after the highest segment: sent again.
      'retransmission',
    ]);
    expect(problems(records[5]!)).toEqual(['note retransmission tcp.analysis.spurious_retransmission']);
    const fast = analyse(`
      0.000 A 1000 0 S 0 5000
      0.100 B 7000 1001 SA 0 5000
      0.200 A 1001 7001 A 0 5000
      1.000 A 1101 7001 PA 100 5000
      1.050 A 1001 7001 PA 100 5000`);
    expect(fast.flags).toEqual(['', '', '', 'lost_segment', 'out_of_order']);
    expect(problems(fast.records[4]!)).toEqual(['warning out-of-order tcp.analysis.out_of_order']);
  });

  it('starts a new stream when a SYN with a new ISN reuses the ports, and says so', () => {
    const { flags, records } = analyse(`
      0.0 A 1000 0 S 0 5000
      0.1 B 7000 1001 SA 0 5000
      0.2 A 1001 7001 A 0 5000
      0.3 A 1001 7001 RA 0 0
      1.0 A 3000 0 S 0 5000
      1.1 B 9000 3001 SA 0 5000`);
    expect(flags).toEqual(['', '', '', '', 'reused_ports', '']);
    expect(records.map((r) => value(r, 'tcp.stream'))).toEqual([0, 0, 0, 0, 1, 1]);
    expect(problems(records[4]!)).toEqual(['note ports-reused tcp.analysis.reused_ports']);
  });

  it('does not know the peer window without its SYN: no window full when the capture starts after the handshake', () => {
    const { flags } = analyse(`
      0.0 B 7001 1001 A 0 10
      0.1 A 1001 7001 PA 10 5000
      0.2 B 7001 1011 A 0 0`);
    expect(flags).toEqual(['', '', 'zero_window']);
  });

  it('shows [SEQ/ACK analysis] in the tree with the flag fields under TCP Analysis Flags', () => {
    const tcp = createTcpStreams();
    const frames = tcpExchange('0.0 B 5001 9001 A 0 100\n0.6 A 9001 5002 A 0 0').map((f, i) =>
      dissectFrame(f.bytes, 1, i + 1, {}, undefined, { tcp, time: f.time }),
    );
    let analysis: Field | undefined;
    walkFields(frames[1]!, (f) => {
      if (f.id === 'tcp.analysis') analysis = f;
    });
    const flagsNode = analysis!.children!.find((f) => f.id === 'tcp.analysis.flags')!;
    expect(flagsNode.children!.map((f) => f.id)).toEqual(['tcp.analysis.ack_lost_segment', 'tcp.analysis.zero_window']);
    expect(flagsNode.children!.map((f) => f.problems?.map((p) => p.severity))).toEqual([['warning'], ['warning']]);
    expect(analysis!.generated).toBe(true);
  });
});
