// What the stream layer needs from one frame's own dissection: its TCP segment (endpoints, sequence number, flags,
// where the payload lies) and whether a TPKT or a TLS record starts the payload. Read from the frame's lean record
// (the values of SEGMENT_IDS, ids.ts), never from the bytes again.
import type { FrameRecord, RecordedValue } from '../sink';
import { TCP_FLAG } from '../protocols/tcp';
import type { FieldId } from '../field-ids';

// The ids it reads (SEGMENT_IDS, ids.ts), typed so that a misspelt one fails to compile.
const IP_SRC: FieldId = 'ip.src';
const IP_DST: FieldId = 'ip.dst';
const IPV6_SRC: FieldId = 'ipv6.src';
const IPV6_DST: FieldId = 'ipv6.dst';
const TCP_STREAM: FieldId = 'tcp.stream';
const TCP_SRCPORT: FieldId = 'tcp.srcport';
const TCP_DSTPORT: FieldId = 'tcp.dstport';
const TCP_SEQ: FieldId = 'tcp.seq_raw';
const TCP_FLAGS: FieldId = 'tcp.flags';
const TCP_LEN: FieldId = 'tcp.len';

export interface TcpSegment {
  /** tcp.stream, from the TCP layer (tcp-facts.ts): the conversation it belongs to. */
  readonly stream: number;
  readonly source: string;
  readonly destination: string;
  readonly srcport: number;
  readonly dstport: number;
  readonly seq: number;
  readonly syn: boolean;
  readonly fin: boolean;
  readonly rst: boolean;
  /** The payload in the frame: [offset, offset + length). */
  readonly offset: number;
  readonly length: number;
  /** The frame's own dissection found a TPKT at the payload's first byte (a port, a heuristic or decode-as said so). */
  readonly tpktAtStart: boolean;
  /** … or a TLS record (a conversation on 3389 whose beginning was not captured). */
  readonly tlsAtStart: boolean;
}

/**
 * The innermost TCP segment of a frame, or undefined (not TCP, an IP fragment, a header cut short, a segment an ICMP
 * error quotes: a copy of one sent earlier, no part of the stream). `record` must hold the values of SEGMENT_IDS.
 */
export function tcpSegmentOf(record: FrameRecord): TcpSegment | undefined {
  const layers = record.layers;
  let tcpAt = -1;
  for (let i = layers.length - 1; i >= 0; i--) {
    if (layers[i]!.protocol === 'tcp' && !layers[i]!.quoted) {
      tcpAt = i;
      break;
    }
  }
  if (tcpAt < 0) return undefined;
  let ipAt = -1;
  for (let i = tcpAt - 1; i >= 0 && ipAt < 0; i--)
    if (layers[i]!.protocol === 'ip' || layers[i]!.protocol === 'ipv6') ipAt = i;
  const v6 = ipAt >= 0 && layers[ipAt]!.protocol === 'ipv6';
  const srcId = v6 ? IPV6_SRC : IP_SRC;
  const dstId = v6 ? IPV6_DST : IP_DST;
  // One pass over the recorded values (this runs for every frame), each id's first value in its layer as
  // recordedField would find it.
  let source: RecordedValue | undefined;
  let destination: RecordedValue | undefined;
  let stream: RecordedValue | undefined;
  let srcport: RecordedValue | undefined;
  let dstport: RecordedValue | undefined;
  let seq: RecordedValue | undefined;
  let flags: RecordedValue | undefined;
  let len: RecordedValue | undefined;
  for (const v of record.values) {
    if (v.source !== undefined) continue;
    if (v.layer === tcpAt) {
      if (v.id === TCP_STREAM) stream ??= v;
      else if (v.id === TCP_SRCPORT) srcport ??= v;
      else if (v.id === TCP_DSTPORT) dstport ??= v;
      else if (v.id === TCP_SEQ) seq ??= v;
      else if (v.id === TCP_FLAGS) flags ??= v;
      else if (v.id === TCP_LEN) len ??= v;
    } else if (v.layer === ipAt) {
      if (v.id === srcId) source ??= v;
      else if (v.id === dstId) destination ??= v;
    }
  }
  const flagBits = flags && typeof flags.value === 'number' ? flags.value : undefined;
  if (
    typeof stream?.value !== 'number' ||
    typeof source?.value !== 'string' ||
    typeof destination?.value !== 'string' ||
    typeof srcport?.value !== 'number' ||
    typeof dstport?.value !== 'number' ||
    typeof seq?.value !== 'number' ||
    flagBits === undefined ||
    !len
  )
    return undefined;
  const length = typeof len.value === 'number' ? Math.min(len.value, Math.max(0, record.length - len.offset)) : 0;
  const above = layers[tcpAt + 1];
  return {
    stream: stream.value,
    source: source.value,
    destination: destination.value,
    srcport: srcport.value,
    dstport: dstport.value,
    seq: seq.value,
    syn: (flagBits & TCP_FLAG.SYN) !== 0,
    fin: (flagBits & TCP_FLAG.FIN) !== 0,
    rst: (flagBits & TCP_FLAG.RST) !== 0,
    offset: len.offset,
    length,
    tpktAtStart: above !== undefined && above.protocol === 'tpkt' && above.offset === len.offset,
    tlsAtStart: above !== undefined && above.protocol === 'tls' && above.offset === len.offset,
  };
}
