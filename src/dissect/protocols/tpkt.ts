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
import { numberAt } from '../build';
import { nextFor, type Dissector, type LayerOutput, type Protocol } from '../dissector';
import type { LayerSink } from '../sink';
import type { FieldSpec, ProtocolTable } from '../spec';
import { u8, type Bytes } from '../reader';
import { problem, truncatedAt } from './common';
import { hexNumber } from '../format';

const PACKET_FORMAT = cite('RFC 1006', '6');
const ROBUSTNESS = cite('RFC 1122', '1.2.2');

export const TPKT_VERSION = 3;
/** RFC 1006: "packet length 16 bits (min=7, max=65535)". */
export const TPKT_MIN_LENGTH = 7;
export const TPKT_HEADER_LENGTH = 4;

export const TPKT_FIELDS = [
  {
    id: 'tpkt.version',
    label: 'Version',
    kind: 'uint',
    at: 0,
    size: 1,
    cite: PACKET_FORMAT,
    meaning: 'vrsn: "always 3 for the version of the protocol described in this memo."',
    rule: {
      expect: TPKT_VERSION,
      severity: 'error',
      code: 'unexpected-value',
      message: (v) =>
        `TPKT version ${v}: RFC 1006 §6 defines only version 3 ("This field is always 3"); the sender is out of line, and the octets may not be a TPKT at all`,
    },
  },
  {
    id: 'tpkt.reserved',
    label: 'Reserved',
    kind: 'uint',
    at: 1,
    size: 1,
    showHex: true,
    reserved: true,
    cite: PACKET_FORMAT,
    meaning:
      'Named "reserved" in the RFC 1006 header figure and nowhere else: RFC 1006 defines no value and no processing for this octet. Senders in practice send 0; a receiver has no rule by which to refuse another value.',
    rule: {
      expect: 0,
      severity: 'note',
      code: 'reserved-nonzero',
      message: (v) =>
        `Reserved octet is ${hexNumber(v, 2)}, not 0. RFC 1006 §6 names this octet "reserved" in its header figure and defines no value and no processing for it, so a receiver has no rule by which to refuse this TPKT: by the robustness principle (RFC 1122 §1.2.2, "be liberal in what you accept") it should accept any value. A sender should send 0, as every common implementation does. Who is out of line: a receiver that drops the connection over this octet; the sender merely departs from common practice.`,
      seeAlso: [ROBUSTNESS],
    },
  },
  {
    id: 'tpkt.length',
    label: 'Length',
    kind: 'uint',
    at: 2,
    size: 2,
    cite: PACKET_FORMAT,
    meaning:
      'packet length: "the length of entire packet in octets, including packet-header" (min=7, max=65535), so the TPDU it carries has length − 4 octets.',
  },
] as const satisfies readonly FieldSpec[];

const USER_DATA: FieldSpec = {
  id: 'tpkt.user_data',
  label: 'TPKT user data',
  kind: 'bytes',
  cite: PACKET_FORMAT,
  meaning:
    'A TPKT payload that is not a plausible ISO 8073 TPDU and that no protocol registered for its TCP port decodes (H.323 puts Q.931 in TPKT on TCP 1720): shown whole rather than as a false COTP decode.',
};

const CONTINUATION: FieldSpec = {
  id: 'tpkt.continuation_data',
  label: 'Continuation data',
  kind: 'bytes',
  cite: PACKET_FORMAT,
  meaning:
    'Bytes in a TPKT stream that do not start with version 3: the rest of a TPKT begun in an earlier segment, or not TPKT at all.',
};

export const TPKT_TABLE: ProtocolTable = {
  protocol: 'tpkt',
  name: 'TPKT - ISO on TCP - RFC 1006',
  fields: [...TPKT_FIELDS, USER_DATA, CONTINUATION],
  layouts: [TPKT_FIELDS],
};

/** Why a TPKT (or its header) is not all in the bytes at hand: frames decoded one by one, or a capture ending. */
const REST_ELSEWHERE =
  'the rest follows in a later TCP segment (a TPKT may span segments) or was not captured (the capture ends first, or the frame was cut short)';

/** Ports where the TPKT payload is COTP by definition (RFC 1006 on 102, X.224 for RDP on 3389): always decoded as COTP. */
const COTP_PORTS = [102, 3389];

const [VERSION, , LENGTH] = TPKT_FIELDS;

const dissect: Dissector = ({ bytes, offset, end, context, out }) => {
  const available = end - offset;
  const missing = out.fixed(TPKT_FIELDS, offset, end);
  if (missing) {
    // TCP may cut a segment anywhere, even inside the 4-octet header: nobody is wrong.
    const cut = truncatedAt(missing, offset, end, 'TPKT header (4 bytes)');
    return {
      problems: [{ ...cut, severity: 'note', message: `${cut.message}: ${REST_ELSEWHERE}` }],
      summary: 'TPKT (truncated)',
      end,
    };
  }
  const length = numberAt(LENGTH, bytes, offset);
  // Read only from trees, or as a lean pass's Info when no layer gives one: TCP below (context.tcp) always gave one.
  const summary =
    out.summaries || context.tcp === undefined
      ? `TPKT, Version: ${numberAt(VERSION, bytes, offset)}, Length: ${length}`
      : '';

  if (length < TPKT_MIN_LENGTH) {
    out.problem(
      out.refOf(LENGTH),
      problem(
        'error',
        'malformed',
        `TPKT length ${length} is below RFC 1006's minimum of 7 (4-octet header + a TPDU of at least 3 octets); the sender is out of line`,
        { fieldId: LENGTH.id, offset: offset + 2, cite: PACKET_FORMAT },
      ),
    );
    // A length of 4 to 6 still delimits the packet; below 4 it cannot even cover its own header.
    const claimed = Math.max(TPKT_HEADER_LENGTH, length);
    const packetEnd = Math.min(offset + claimed, end);
    return {
      problems: [],
      summary,
      end: packetEnd,
      ...(packetEnd > offset + TPKT_HEADER_LENGTH
        ? { payload: { offset: offset + TPKT_HEADER_LENGTH, end: packetEnd } }
        : {}),
    };
  }
  const runsPast = length > available;
  if (runsPast) {
    out.problem(
      out.refOf(LENGTH),
      problem(
        'note',
        'truncated',
        `TPKT length is ${length}, but only ${available} bytes are here: ${REST_ELSEWHERE}; what is here is decoded`,
        { fieldId: LENGTH.id, offset: offset + 2, cite: PACKET_FORMAT },
      ),
    );
  }
  const packetEnd = Math.min(offset + length, end);
  const payloadStart = offset + TPKT_HEADER_LENGTH;
  const cotpPort = context.tcp !== undefined && onCotpPort(context.tcp.srcport, context.tcp.dstport);
  const notCotp = cotpPort ? undefined : whyNotCotp(bytes, payloadStart, packetEnd, length - TPKT_HEADER_LENGTH);
  if (notCotp) {
    // Not COTP: the TCP port says what it is (H.323's Q.931 on 1720); when nothing takes it, `claimUserData` shows it.
    const ports = context.tcp;
    const keys = ports ? [Math.min(ports.srcport, ports.dstport), Math.max(ports.srcport, ports.dstport)] : [];
    return {
      problems: [],
      summary,
      info: `TPKT, ${packetEnd - payloadStart} bytes of user data`,
      end: packetEnd,
      payload: {
        offset: payloadStart,
        end: packetEnd,
        next: { table: 'tpkt.port', keys },
      },
      claimUnclaimed: claimUserData,
      ...(runsPast ? { context: { tpktEnd: offset + length } } : {}),
    };
  }
  // Only the header here: the TPDU is all in the rest, and the note above says so.
  if (runsPast && packetEnd === payloadStart) return { problems: [], summary, end: packetEnd };
  // Key by key, no spreads (src/dissect/merged.ts): every TPKT goes through here.
  const output: { -readonly [K in keyof LayerOutput]: LayerOutput[K] } = {
    problems: [],
    summary,
    end: packetEnd,
    payload: { offset: payloadStart, end: packetEnd, next: nextFor('tpkt', 0) },
  };
  if (runsPast) output.context = { tpktEnd: offset + length };
  return output;
};

/** Either port is one of COTP's (a loop: no closure per TPKT). */
function onCotpPort(srcport: number, dstport: number): boolean {
  for (let i = 0; i < COTP_PORTS.length; i++) if (COTP_PORTS[i] === srcport || COTP_PORTS[i] === dstport) return true;
  return false;
}

/** A TPKT payload that is not COTP and that no protocol on its port took: shown whole, with why it is not COTP. */
function claimUserData(out: LayerSink, bytes: Bytes, start: number, end: number): void {
  const declared = ((u8(bytes, start - 2) << 8) | u8(bytes, start - 1)) - TPKT_HEADER_LENGTH;
  const data = out.field(USER_DATA, start, end - start, out.tree ? { display: `${end - start} bytes` } : undefined);
  out.problem(
    data,
    problem(
      'note',
      'undecoded',
      `The TPKT payload is not decoded as COTP: ${whyNotCotp(bytes, start, end, declared)}. H.323 (TCP 1720) carries Q.931 this way.`,
      { fieldId: USER_DATA.id, offset: start, cite: PACKET_FORMAT },
    ),
  );
}

/**
 * The shortest header (LI) each COTP TPDU code can have — its fixed part (ISO 8073 clause 13). Only for judging
 * plausibility here; cotp.ts owns the layouts (protocol files do not import each other), and tables.test.ts holds
 * this copy to them. (CR, CC, DR 6; DC 5; ED, AK, EA, RJ, ER 4; DT 2 in class 0/1.)
 */
export const MIN_LI: ReadonlyMap<number, number> = new Map([
  [0xe, 6],
  [0xd, 6],
  [0x8, 6],
  [0xc, 5],
  [0x1, 4],
  [0x6, 4],
  [0x2, 4],
  [0x5, 4],
  [0x7, 4],
  [0xf, 2],
]);

/**
 * Why a TPKT payload is not a plausible COTP TPDU, or undefined when it is: a known TPDU code and a length
 * indicator inside the TPKT. Judged on the TPKT's declared length, so a TPKT cut short still decodes as COTP.
 */
function whyNotCotp(bytes: Bytes, start: number, end: number, declared: number): string | undefined {
  if (end - start < 2) return undefined; // too little to judge: COTP reports what is missing
  const li = u8(bytes, start);
  const code = u8(bytes, start + 1) >> 4;
  const minimum = MIN_LI.get(code);
  if (minimum === undefined) return `octet 2 (${hexNumber(u8(bytes, start + 1), 2)}) is no TPDU code`;
  if (li < minimum || li + 1 > declared)
    return `the length indicator ${li} does not fit ${li < minimum ? `that TPDU type (at least ${minimum})` : `the ${declared}-octet TPDU`}`;
  return undefined;
}

/** Another TPKT follows in the same segment when the next octet is the version. */
const repeat = (bytes: Bytes, offset: number, end: number): boolean =>
  end - offset >= 1 && u8(bytes, offset) === TPKT_VERSION;

/**
 * On its ports (102, 3389) a payload is taken as TPKT when it starts with version 3. One octet alone is too little to
 * judge (a TCP keep-alive probe carries one): no verdict. What else a port carries (TLS records, RDP fast-path PDUs on
 * 3389) is the dispatch table's list, tried in order.
 */
const accepts = (bytes: Bytes, offset: number, end: number): boolean | string => {
  const available = end - offset;
  if (available < 1 || (available > 1 && u8(bytes, offset) === TPKT_VERSION)) return true;
  if (available === 1) return false;
  return `the payload starts with ${hexNumber(u8(bytes, offset), 2)}, not TPKT version 3`;
};

/**
 * Last on a TPKT port's list: a TPKT with a wrong version is still one when its length field matches the payload
 * exactly (the version is then flagged). After TLS and fast-path, whose headers can match by chance.
 */
const acceptsByLength = (bytes: Bytes, offset: number, end: number): boolean =>
  end - offset >= TPKT_HEADER_LENGTH && ((u8(bytes, offset + 2) << 8) | u8(bytes, offset + 3)) === end - offset;

export const tpkt: Protocol = { protocol: 'tpkt', dissect, repeat, accepts };
export const tpktByLength: Protocol = { ...tpkt, accepts: acceptsByLength };

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
