// TPKT, RFC 1006 §6 "Packet Format":
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |      vrsn     |    reserved   |          packet length        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
//   where:  vrsn  8 bits — "This field is always 3 for the version of the protocol described in this memo."
//           packet length  16 bits (min=7, max=65535) — "the length of entire packet in octets, including
//           packet-header."
//
// The reserved octet appears in the figure only: RFC 1006 gives it no value and no processing rule. That is
// the whole story of Microsoft KB Q151626 (Exchange sent 0x11, a foreign MTA dropped the connection).
import { cite } from '../cite';
import { find, readFixed, updateField, withProblem } from '../build';
import type { Dissector, Protocol } from '../dissector';
import type { FieldSpec, ProtocolTable } from '../spec';
import { u8, type Bytes } from '../reader';
import { problem, truncatedAt } from './common';

const PACKET_FORMAT = cite('RFC 1006', '6');
const ROBUSTNESS = cite('RFC 1122', '1.2.2');

export const TPKT_VERSION = 3;
/** RFC 1006: "packet length 16 bits (min=7, max=65535)". */
export const TPKT_MIN_LENGTH = 7;
export const TPKT_HEADER_LENGTH = 4;

export const TPKT_FIELDS = [
  {
    id: 'tpkt.version', label: 'Version', kind: 'uint', at: 0, size: 1, cite: PACKET_FORMAT,
    meaning: 'vrsn: "always 3 for the version of the protocol described in this memo."',
    rule: {
      expect: TPKT_VERSION, severity: 'error', code: 'unexpected-value',
      message: (v) => `TPKT version ${v}: RFC 1006 §6 defines only version 3 ("This field is always 3"); the sender is out of line, and the octets may not be a TPKT at all`,
    },
  },
  {
    id: 'tpkt.reserved', label: 'Reserved', kind: 'uint', at: 1, size: 1, showHex: true, reserved: true, cite: PACKET_FORMAT,
    meaning: 'Named "reserved" in the RFC 1006 header figure and nowhere else: RFC 1006 defines no value and no processing for this octet. Senders in practice send 0; a receiver has no rule by which to refuse another value.',
    rule: {
      expect: 0, severity: 'warning', code: 'reserved-nonzero',
      message: (v) =>
        `Reserved octet is 0x${v.toString(16).padStart(2, '0')}, not 0. RFC 1006 §6 names this octet "reserved" in its header figure and defines no value and no processing for it, so a receiver has no rule by which to refuse this TPKT: by the robustness principle (RFC 1122 §1.2.2, "be liberal in what you accept") it should accept any value. A sender should send 0, as every common implementation does. Who is out of line: a receiver that drops the connection over this octet; the sender merely departs from common practice.`,
      seeAlso: [ROBUSTNESS],
    },
  },
  {
    id: 'tpkt.length', label: 'Length', kind: 'uint', at: 2, size: 2, cite: PACKET_FORMAT,
    meaning: 'packet length: "the length of entire packet in octets, including packet-header" (min=7, max=65535), so the TPDU it carries has length − 4 octets.',
  },
] as const satisfies readonly FieldSpec[];

const CONTINUATION: FieldSpec = {
  id: 'tpkt.continuation_data', label: 'Continuation data', kind: 'bytes', cite: PACKET_FORMAT,
  meaning: 'Bytes in a TPKT stream that do not start with version 3: the rest of a TPKT begun in an earlier segment, or not TPKT at all.',
};

export const TPKT_TABLE: ProtocolTable = { protocol: 'tpkt', name: 'TPKT - ISO on TCP - RFC 1006', fields: [...TPKT_FIELDS, CONTINUATION], layouts: [TPKT_FIELDS] };

const dissect: Dissector = ({ bytes, offset, end }) => {
  const available = end - offset;
  const fixed = readFixed(TPKT_FIELDS, bytes, offset, end);
  let fields = fixed.fields;
  if (fixed.missing) {
    return { fields, problems: [truncatedAt(fixed.missing, offset, end, 'TPKT header (4 bytes)')], summary: 'TPKT (truncated)', end };
  }
  const length = find(fields, 'tpkt.length')!.value as number;
  const version = find(fields, 'tpkt.version')!.value as number;
  const summary = `TPKT, Version: ${version}, Length: ${length}`;

  if (length < TPKT_MIN_LENGTH) {
    fields = updateField(fields, 'tpkt.length', (f) =>
      withProblem(f, problem('error', 'malformed', `TPKT length ${length} is below RFC 1006's minimum of 7 (4-octet header + a TPDU of at least 3 octets); the sender is out of line`, { fieldId: 'tpkt.length', offset: offset + 2, cite: PACKET_FORMAT })),
    );
    // A length of 4 to 6 still delimits the packet; below 4 it cannot even cover its own header.
    const claimed = Math.max(TPKT_HEADER_LENGTH, length);
    const packetEnd = Math.min(offset + claimed, end);
    return {
      fields, problems: [], summary, end: packetEnd,
      ...(packetEnd > offset + TPKT_HEADER_LENGTH ? { payload: { offset: offset + TPKT_HEADER_LENGTH, end: packetEnd } } : {}),
    };
  }
  if (length > available) {
    fields = updateField(fields, 'tpkt.length', (f) =>
      withProblem(f, problem('error', 'truncated', `TPKT length is ${length}, but only ${available} bytes are here: the rest is in a later TCP segment (a TPKT may span segments), or the frame was cut short`, { fieldId: 'tpkt.length', offset: offset + 2, cite: PACKET_FORMAT })),
    );
  }
  const packetEnd = Math.min(offset + length, end);
  return {
    fields,
    problems: [],
    summary,
    end: packetEnd,
    payload: { offset: offset + TPKT_HEADER_LENGTH, end: packetEnd, next: { table: 'tpkt', keys: [0] } },
  };
};

/** Another TPKT follows in the same segment when the next octet is the version. */
const repeat = (bytes: Bytes, offset: number, end: number): boolean => end - offset >= 1 && u8(bytes, offset) === TPKT_VERSION;

export const tpkt: Protocol = { protocol: 'tpkt', dissect, repeat };

/**
 * Named heuristic for TCP payloads on ports not in the dispatch table: version 3, a length of at least 7 that
 * fits what is here, and a COTP length indicator inside it. Unlike Wireshark's `is_tpkt`, the reserved octet is
 * not required to be 0: RFC 1006 gives no rule for it.
 */
export function looksLikeTpkt(bytes: Bytes, offset: number, end: number): boolean {
  if (end - offset < TPKT_MIN_LENGTH || u8(bytes, offset) !== TPKT_VERSION) return false;
  const length = (u8(bytes, offset + 2) << 8) | u8(bytes, offset + 3);
  if (length < TPKT_MIN_LENGTH || length > end - offset) return false;
  const li = u8(bytes, offset + 4);
  return li > 0 && li < length - TPKT_HEADER_LENGTH;
}

export { CONTINUATION as TPKT_CONTINUATION };
