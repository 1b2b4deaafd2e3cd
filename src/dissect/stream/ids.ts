// The fields the stream layer reads, and no others: a lean pass asking for STREAM_IDS gives the tracker all it needs
// of a frame (its TCP segment, the TPKTs and TPDUs in it, an RDP negotiation's choice).
import type { FieldId } from '../field-ids';
import { LeanWants } from '../sink';

/** A frame's TCP segment (segment.ts). */
export const SEGMENT_IDS = [
  'ip.src',
  'ip.dst',
  'ipv6.src',
  'ipv6.dst',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.stream',
  'tcp.seq_raw',
  'tcp.flags',
  'tcp.len',
] as const satisfies readonly FieldId[];

/** A TPKT's length: whether the frame's own dissection decoded exactly the TPKT the stream found (tpkt.ts). */
export const TPKT_LENGTH: FieldId = 'tpkt.length';
/**
 * A TPDU's type, a DT's EOT (normal and extended formats) and its header length, after which its user data lies
 * (tsdu.ts, timeline.ts). Not `cotp.user_data` itself: a lean pass would make its value, the data as hex, for nothing.
 */
export const COTP_TYPE: FieldId = 'cotp.type';
export const COTP_EOT: FieldId = 'cotp.eot';
export const COTP_EOT_EXT: FieldId = 'cotp.eot.ext';
export const COTP_LI: FieldId = 'cotp.li';
/** What an RDP Negotiation Response selected: the conversation's carriage from there on (framing.ts). */
export const SELECTED_PROTOCOL: FieldId = 'rdp.negReq.selectedProtocol';

export const STREAM_IDS: ReadonlySet<FieldId> = new Set<FieldId>([
  ...SEGMENT_IDS,
  TPKT_LENGTH,
  COTP_TYPE,
  COTP_EOT,
  COTP_EOT_EXT,
  COTP_LI,
  SELECTED_PROTOCOL,
]);

/** What the tracker asks of a lean pass over a frame or a PDU. A caller wanting more makes its own `LeanWants`. */
export const STREAM_WANTS = new LeanWants(STREAM_IDS);
