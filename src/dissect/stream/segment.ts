// What the stream layer needs from one frame's own dissection: its TCP segment (endpoints, sequence number, flags,
// where the payload lies) and whether a TPKT or a TLS record starts the payload. Read from the frame's lean record
// (the values of SEGMENT_IDS, ids.ts), never from the bytes again.
import type { FrameRecord } from '../sink';
import { TCP_FLAG } from '../protocols/tcp';
import { recordedField, recordedNumber, recordedText } from './values';

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
 * The innermost TCP segment of a frame, or undefined (not TCP, an IP fragment, a header cut short). `record` must hold
 * the values of SEGMENT_IDS.
 */
export function tcpSegmentOf(record: FrameRecord): TcpSegment | undefined {
  const layers = record.layers;
  let tcpAt = -1;
  for (let i = layers.length - 1; i >= 0; i--) {
    if (layers[i]!.protocol === 'tcp') {
      tcpAt = i;
      break;
    }
  }
  if (tcpAt < 0) return undefined;
  let ipAt = -1;
  for (let i = tcpAt - 1; i >= 0 && ipAt < 0; i--)
    if (layers[i]!.protocol === 'ip' || layers[i]!.protocol === 'ipv6') ipAt = i;
  const v6 = ipAt >= 0 && layers[ipAt]!.protocol === 'ipv6';
  const source = ipAt >= 0 ? recordedText(record, ipAt, v6 ? 'ipv6.src' : 'ip.src') : undefined;
  const destination = ipAt >= 0 ? recordedText(record, ipAt, v6 ? 'ipv6.dst' : 'ip.dst') : undefined;
  const stream = recordedNumber(record, tcpAt, 'tcp.stream');
  const srcport = recordedNumber(record, tcpAt, 'tcp.srcport');
  const dstport = recordedNumber(record, tcpAt, 'tcp.dstport');
  const seq = recordedNumber(record, tcpAt, 'tcp.seq_raw');
  const flags = recordedNumber(record, tcpAt, 'tcp.flags');
  const len = recordedField(record, tcpAt, 'tcp.len');
  if (
    stream === undefined ||
    source === undefined ||
    destination === undefined ||
    srcport === undefined ||
    dstport === undefined ||
    seq === undefined ||
    flags === undefined ||
    !len
  )
    return undefined;
  const length = typeof len.value === 'number' ? Math.min(len.value, Math.max(0, record.length - len.offset)) : 0;
  const above = layers[tcpAt + 1];
  return {
    stream,
    source,
    destination,
    srcport,
    dstport,
    seq,
    syn: (flags & TCP_FLAG.SYN) !== 0,
    fin: (flags & TCP_FLAG.FIN) !== 0,
    rst: (flags & TCP_FLAG.RST) !== 0,
    offset: len.offset,
    length,
    tpktAtStart: above !== undefined && above.protocol === 'tpkt' && above.offset === len.offset,
    tlsAtStart: above !== undefined && above.protocol === 'tls' && above.offset === len.offset,
  };
}
