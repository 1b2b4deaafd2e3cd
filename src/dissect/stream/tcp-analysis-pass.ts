// The TCP sequence analysis over a whole capture on its own, without the stream tracker: each frame's TCP header read
// by a lean dissection, conversations keyed by their endpoints (a SYN with a new initial sequence number on known
// endpoints starts a new one, as in Wireshark), each segment analysed in capture order. For tests and the tshark
// comparison (scripts/tcp-analysis-compare.ts); the stream pass analyses the same way as it follows conversations.
import { dissectLean } from '../engine';
import type { FieldId } from '../field-ids';
import { LeanWants, type FrameRecord } from '../sink';
import { analyseSegment, createTcpAnalysis, type AnalysedSegment, type TcpAnalysisState } from './tcp-analysis';
import { recordedNumber, recordedText } from './values';

const IDS = [
  'ip.src',
  'ip.dst',
  'ipv6.src',
  'ipv6.dst',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.seq_raw',
  'tcp.ack_raw',
  'tcp.flags',
  'tcp.len',
  'tcp.window_size_value',
  'tcp.options.wscale.shift',
] as const satisfies readonly FieldId[];
export const TCP_ANALYSIS_WANTS = new LeanWants(new Set<FieldId>(IDS));

/** A frame's TCP segment as the analysis reads it, with its endpoints; undefined when the frame has none. */
export function analysedSegmentOf(
  record: FrameRecord,
  time: number,
):
  | {
      readonly key: string;
      readonly reverse: string;
      readonly forward: boolean;
      readonly segment: Omit<AnalysedSegment, 'dir'>;
    }
  | undefined {
  const layers = record.layers;
  let tcp = -1;
  for (let i = layers.length - 1; i >= 0 && tcp < 0; i--) if (layers[i]!.protocol === 'tcp') tcp = i;
  if (tcp < 0) return undefined;
  let ip = -1;
  for (let i = tcp - 1; i >= 0 && ip < 0; i--)
    if (layers[i]!.protocol === 'ip' || layers[i]!.protocol === 'ipv6') ip = i;
  if (ip < 0) return undefined;
  const v6 = layers[ip]!.protocol === 'ipv6';
  const src = recordedText(record, ip, v6 ? 'ipv6.src' : 'ip.src');
  const dst = recordedText(record, ip, v6 ? 'ipv6.dst' : 'ip.dst');
  const sport = recordedNumber(record, tcp, 'tcp.srcport');
  const dport = recordedNumber(record, tcp, 'tcp.dstport');
  const seq = recordedNumber(record, tcp, 'tcp.seq_raw');
  const ack = recordedNumber(record, tcp, 'tcp.ack_raw');
  const flags = recordedNumber(record, tcp, 'tcp.flags');
  const window = recordedNumber(record, tcp, 'tcp.window_size_value');
  if (src === undefined || dst === undefined || sport === undefined || dport === undefined) return undefined;
  if (seq === undefined || ack === undefined || flags === undefined || window === undefined) return undefined;
  const length = recordedNumber(record, tcp, 'tcp.len') ?? 0;
  const key = `${src}|${sport}>${dst}|${dport}`;
  const reverse = `${dst}|${dport}>${src}|${sport}`;
  return {
    key,
    reverse,
    forward: key < reverse,
    segment: {
      frame: record.number,
      time,
      seq,
      ack,
      flags,
      length,
      window,
      windowScale: recordedNumber(record, tcp, 'tcp.options.wscale.shift') ?? -1,
    },
  };
}

interface Conversation {
  readonly state: TcpAnalysisState;
  /** The key of the direction that sent first (direction 0). */
  readonly first: string;
  /** Each direction's SYN sequence number, when one was seen. */
  readonly syn: [number, number];
}

export interface FrameAnalysis {
  readonly stream: number;
  readonly flags: number;
  readonly duplicateAckNum: number;
  readonly duplicateAckFrame: number;
  readonly acksFrame: number;
  readonly ackRtt: number;
  readonly initialRtt: number;
}

/** Every TCP frame's analysis, by frame number. `frame(n)` gives frame n's bytes, link type and time in seconds. */
export function analyseTcpFrames(
  count: number,
  frame: (n: number) => { bytes: Uint8Array; linkType: number; time: number } | undefined,
): Map<number, FrameAnalysis> {
  const byKey = new Map<string, Conversation & { readonly stream: number }>();
  let streams = 0;
  const out = new Map<number, FrameAnalysis>();
  for (let n = 1; n <= count; n++) {
    const f = frame(n);
    if (!f) continue;
    const record = dissectLean(f.bytes, f.linkType, n, TCP_ANALYSIS_WANTS, {});
    const seg = analysedSegmentOf(record, f.time);
    if (!seg) continue;
    const conversationKey = seg.forward ? `${seg.key}/${seg.reverse}` : `${seg.reverse}/${seg.key}`;
    let conv = byKey.get(conversationKey);
    const s = seg.segment;
    let reused = false;
    if (conv && (s.flags & 0x12) === 0x02) {
      const dir = conv.first === seg.key ? 0 : 1;
      const syn = conv.syn[dir];
      if (
        syn !== -1
          ? syn !== s.seq
          : conv.state.halves[dir].baseSet && ((s.seq - conv.state.halves[dir].base - 1) | 0) !== 0
      ) {
        conv = undefined;
        reused = true;
      }
    }
    if (!conv) {
      conv = { state: createTcpAnalysis(), first: seg.key, syn: [-1, -1], stream: streams++ };
      byKey.set(conversationKey, conv);
    }
    const dir = conv.first === seg.key ? 0 : 1;
    if ((s.flags & 0x02) !== 0 && conv.syn[dir] === -1) conv.syn[dir] = s.seq;
    const flags = analyseSegment(conv.state, { ...s, dir }, reused);
    const o = conv.state.out;
    out.set(n, {
      stream: conv.stream,
      flags,
      duplicateAckNum: o.duplicateAckNum,
      duplicateAckFrame: o.duplicateAckFrame,
      acksFrame: o.acksFrame,
      ackRtt: o.ackRtt,
      initialRtt: o.initialRtt,
    });
  }
  return out;
}
