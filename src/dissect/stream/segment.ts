// What the stream layer needs from one frame's own dissection: its TCP segment (endpoints, sequence number, flags,
// where the payload lies) and whether a TPKT or a TLS record starts the payload. Read from the fields, never from the bytes again.
import { numberOf } from '../build';
import type { Field, Frame, Layer } from '../model';
import { TCP_FLAG } from '../protocols/tcp';

export interface TcpSegment {
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

function stringOf(fields: readonly Field[], id: string): string | undefined {
  const f = fields.find((x) => x.id === id);
  return typeof f?.value === 'string' ? f.value : undefined;
}

/** The innermost TCP segment of a frame, or undefined (not TCP, an IP fragment, a header cut short). */
export function tcpSegmentOf(frame: Frame): TcpSegment | undefined {
  let tcpAt = -1;
  for (let i = frame.layers.length - 1; i >= 0; i--) {
    if (frame.layers[i]!.protocol === 'tcp') {
      tcpAt = i;
      break;
    }
  }
  if (tcpAt < 0) return undefined;
  const tcp = frame.layers[tcpAt]!.fields;
  let ip: Layer | undefined;
  for (let i = tcpAt - 1; i >= 0 && !ip; i--)
    if (frame.layers[i]!.protocol === 'ip' || frame.layers[i]!.protocol === 'ipv6') ip = frame.layers[i];
  const v6 = ip?.protocol === 'ipv6';
  const source = ip && stringOf(ip.fields, v6 ? 'ipv6.src' : 'ip.src');
  const destination = ip && stringOf(ip.fields, v6 ? 'ipv6.dst' : 'ip.dst');
  const srcport = numberOf(tcp, 'tcp.srcport');
  const dstport = numberOf(tcp, 'tcp.dstport');
  const seq = numberOf(tcp, 'tcp.seq_raw');
  const flags = numberOf(tcp, 'tcp.flags');
  const len = tcp.find((f) => f.id === 'tcp.len');
  if (
    source === undefined ||
    destination === undefined ||
    srcport === undefined ||
    dstport === undefined ||
    seq === undefined ||
    flags === undefined ||
    !len
  )
    return undefined;
  const length = typeof len.value === 'number' ? Math.min(len.value, Math.max(0, frame.length - len.offset)) : 0;
  const above = frame.layers[tcpAt + 1];
  return {
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
