// How a TCP conversation's bytes split into PDUs, by what the conversation carries. The stream tracker knows this
// from the conversation's history, which a frame dissected on its own cannot:
//
//   tpkt  ISO on TCP (RFC 1006): TPKTs only.
//   rdp   RDP with Standard RDP Security (3389, or an RDP negotiation seen): TPKTs (first octet 3) and fast-path PDUs
//         (action bits 0), MS-RDPBCGR 2.2.8.1.2 / 2.2.9.1.2.
//   tls   RDP after its negotiation chose TLS, CredSSP or another External Security Protocol: from the X.224
//         Connection Confirm on "all RDP traffic is encrypted using the External Security Protocol" (MS-RDPBCGR
//         5.4.2.1), so every later byte belongs to a TLS record and none is taken for a TPKT.
import type { StreamPdu } from '../dissector';
import { fastPathLength, fastPathStarts } from '../protocols/rdp-fastpath';
import { TPKT_HEADER_LENGTH, TPKT_MIN_LENGTH, TPKT_VERSION } from '../protocols/tpkt';
import { tlsRecordLength, tlsRecordStarts, TLS_RECORD_HEADER_LENGTH } from '../protocols/tls';
import type { Bytes } from '../reader';
import { SELECTED_PROTOCOL } from './ids';
import { recordedNumber, type Dissected } from './values';

export type Carriage = 'tpkt' | 'rdp' | 'tls';

const RDP_PORT = 3389;
/** The most header octets any PDU kind needs before its length is known (a TLS record's 5). */
export const MAX_HEADER = TLS_RECORD_HEADER_LENGTH;

/** What a conversation carries before anything else is known of it: RDP on its port, else ISO on TCP. */
export const carriageByPort = (srcport: number, dstport: number): Carriage =>
  srcport === RDP_PORT || dstport === RDP_PORT ? 'rdp' : 'tpkt';

/** The kind of PDU that starts at `at`, or undefined when none can (the conversation's framing is lost). */
export function pduAt(carriage: Carriage, bytes: Bytes, at: number, end: number): StreamPdu | undefined {
  if (at >= end) return undefined;
  if (carriage === 'tls') return tlsRecordStarts(bytes, at, end) ? 'tls' : undefined;
  const first = bytes[at]!;
  if (first === TPKT_VERSION) return 'tpkt';
  return carriage === 'rdp' && (first & 0x03) === 0 ? 'rdp-fastpath' : undefined;
}

/**
 * A PDU's whole length from its first octets (`header`, up to MAX_HEADER of them): undefined while more are needed, or
 * why the header cannot be one (a TPKT length below 7, a TLS header out of range, a fast-path length shorter than its
 * header) — those bytes are left to the frame's own dissection, which says what is wrong.
 */
export function pduLength(kind: StreamPdu, header: Bytes): number | undefined | string {
  const n = header.length;
  switch (kind) {
    case 'tpkt': {
      if (n < TPKT_HEADER_LENGTH) return undefined;
      const length = (header[2]! << 8) | header[3]!;
      return length < TPKT_MIN_LENGTH
        ? `its TPKT header says length ${length}, below RFC 1006's minimum of ${TPKT_MIN_LENGTH}`
        : length;
    }
    case 'tls':
      if (!tlsRecordStarts(header, 0, n))
        return 'its TLS record header has a content type, version or length no record has';
      return n < TLS_RECORD_HEADER_LENGTH ? undefined : tlsRecordLength(header, 0);
    case 'rdp-fastpath': {
      const length = fastPathLength(header, 0, n);
      if (length === undefined) return undefined;
      return fastPathStarts(header, 0, n) ? length : `its fast-path length ${length} is shorter than its header`;
    }
  }
}

/**
 * What an RDP Negotiation Response among layers [from, to) (an X.224 Connection Confirm) selected: 'tls' for any
 * External Security Protocol (PROTOCOL_SSL 1, HYBRID 2, RDSTLS 4, HYBRID_EX 8: each runs inside TLS), 'rdp' for
 * Standard RDP Security (0) or any other RDP negotiation (a request, a failure); undefined when there is none.
 * `dissected` must hold the values of SELECTED_PROTOCOL.
 */
export function negotiatedCarriage(dissected: Dissected, from = 0, to = dissected.layers.length): Carriage | undefined {
  for (let i = from; i < to; i++) {
    if (dissected.layers[i]!.protocol !== 'rdp') continue;
    const selected = recordedNumber(dissected, i, SELECTED_PROTOCOL);
    return selected !== undefined && selected !== 0 ? 'tls' : 'rdp';
  }
  return undefined;
}
