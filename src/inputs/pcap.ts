// The pcap file format (libpcap's "savefile"), draft-ietf-opsawg-pcap: a 24-octet file header, then records of a
// 16-octet header and the packet data, all in the byte order of the machine that wrote the file.
//
// File header (§4):  Magic Number(4) | Major(2) Minor(2) | Reserved1(4) | Reserved2(4) | SnapLen(4) | FCS len|R|P|Reserved3|LinkType (4)
// Packet record (§5): Timestamp seconds(4) | microseconds or nanoseconds(4) | Captured Length(4) | Original Length(4) | data
//
// The magic says both the byte order and the timestamp unit (§4.1): A1B2C3D4 microseconds, A1B23C4D nanoseconds,
// each read in either byte order.
import { cite } from '../dissect/cite';
import type { Problem } from '../dissect/model';
import { linkTypeId } from './linktype';
import { fileProblem, indexFrame, type CaptureParser, type ParseContext } from './capture-parse';
import { hexNumber } from '../dissect/format';

const FILE_HEADER = cite('draft-ietf-opsawg-pcap', '4');
const ENDIAN = cite('draft-ietf-opsawg-pcap', '4.1');
const RECORD = cite('draft-ietf-opsawg-pcap', '5');

export const PCAP_MAGIC_MICRO = 0xa1b2c3d4;
export const PCAP_MAGIC_NANO = 0xa1b23c4d;
const HEADER_LENGTH = 24;
const RECORD_HEADER_LENGTH = 16;
/**
 * Wireshark's and libpcap's ceiling on one record (256 KiB) unless the snap length says more: a captured length
 * above it is a damaged length field, not a packet, and nothing after it can be trusted.
 */
const MAX_RECORD = 262_144;
/** A record of a pcap file has no comments (pcapng's have options): one empty list for all. */
const NO_COMMENTS: readonly string[] = [];
/** What a record without problems gets (never handed on: see advance). */
const NO_PROBLEMS: Problem[] = [];

interface Header {
  readonly littleEndian: boolean;
  readonly nanoseconds: boolean;
  readonly snapLen: number;
  readonly linkType: number;
}

/** The pcap magic at the start of the bytes, if any: byte order and timestamp unit. */
export function pcapMagic(first4: Uint8Array): { littleEndian: boolean; nanoseconds: boolean } | undefined {
  if (first4.length < 4) return undefined;
  const big = ((first4[0]! << 24) | (first4[1]! << 16) | (first4[2]! << 8) | first4[3]!) >>> 0;
  const little = ((first4[3]! << 24) | (first4[2]! << 16) | (first4[1]! << 8) | first4[0]!) >>> 0;
  if (big === PCAP_MAGIC_MICRO || big === PCAP_MAGIC_NANO)
    return { littleEndian: false, nanoseconds: big === PCAP_MAGIC_NANO };
  if (little === PCAP_MAGIC_MICRO || little === PCAP_MAGIC_NANO)
    return { littleEndian: true, nanoseconds: little === PCAP_MAGIC_NANO };
  return undefined;
}

export function createPcapParser(context: ParseContext): CaptureParser {
  const { store, problems } = context;
  let header: Header | undefined;
  let position = 0;
  let stopped = false;

  const stop = (problem: Problem) => {
    problems.push(problem);
    stopped = true;
  };

  const readHeader = (): Header | undefined => {
    const magic = pcapMagic(store.bytes(0, 4));
    if (!magic) {
      stop(
        fileProblem(
          'error',
          'malformed',
          'Not a pcap file: the first 4 octets are not a pcap magic number (A1B2C3D4 or A1B23C4D in either byte order)',
          0,
          ENDIAN,
        ),
      );
      return undefined;
    }
    const view = store.view(0, HEADER_LENGTH);
    const le = magic.littleEndian;
    const major = view.getUint16(4, le);
    const minor = view.getUint16(6, le);
    const snapLen = view.getUint32(16, le);
    const linkField = view.getUint32(20, le);
    const linkType = linkField & 0xffff;
    if (major !== 2) {
      problems.push(
        fileProblem(
          'warning',
          'unexpected-value',
          `File header says format version ${major}.${minor}; this document describes version 2.4, so the records may be misread`,
          4,
          FILE_HEADER,
        ),
      );
    }
    if (snapLen === 0)
      problems.push(
        fileProblem(
          'warning',
          'unexpected-value',
          'SnapLen is 0: it "MUST NOT be zero"; the writer is out of line (records are read by their own lengths)',
          16,
          FILE_HEADER,
        ),
      );
    const reserved = (linkField >>> 16) & 0x3ff;
    const r = (linkField >>> 27) & 1;
    if (reserved !== 0 || r !== 0) {
      problems.push(
        fileProblem(
          'warning',
          'reserved-nonzero',
          `Reserved bits of the LinkType field are not zero (${hexNumber(linkField >>> 16)}): writers "MUST" set them to zero and readers "SHOULD" treat them as an error; the link type is read from the low 16 bits anyway`,
          20,
          FILE_HEADER,
        ),
      );
    }
    if ((linkField >>> 26) & 1) {
      const fcs = (linkField >>> 28) * 2;
      problems.push(
        fileProblem(
          'note',
          'unexpected-value',
          `Every packet ends with a ${fcs}-octet frame check sequence (FCS length field); it shows as a trailer after the payload`,
          20,
          FILE_HEADER,
        ),
      );
    }
    context.sections.push({ index: 0, offset: 0, littleEndian: le, version: `${major}.${minor}`, comments: [] });
    const resolution = { base: 10 as const, exponent: magic.nanoseconds ? 9 : 6 };
    context.interfaces.push({
      index: 0,
      section: 0,
      id: 0,
      linkType,
      snapLen,
      resolution,
      digits: resolution.exponent,
      offsetSeconds: 0,
      comments: [],
    });
    return { littleEndian: le, nanoseconds: magic.nanoseconds, snapLen, linkType };
  };

  const recordProblems = (
    frame: number,
    at: number,
    h: Header,
    capLen: number,
    origLen: number,
    fraction: number,
  ): Problem[] => {
    // Made only for a record with a problem: most have none.
    let out: Problem[] | undefined;
    if (h.snapLen > 0 && capLen > h.snapLen) {
      (out ??= []).push(
        fileProblem(
          'warning',
          'length-mismatch',
          `Record at offset ${at} holds ${capLen} octets, more than the file's snap length of ${h.snapLen}: the captured length "will be the minimum" of the original length and the snap length; the data is kept as recorded`,
          at + 8,
          RECORD,
          frame,
        ),
      );
    }
    if (origLen < capLen) {
      (out ??= []).push(
        fileProblem(
          'warning',
          'length-mismatch',
          `Original length ${origLen} is below the captured length ${capLen}: it "SHOULD NOT be less"; shown as recorded`,
          at + 12,
          RECORD,
          frame,
        ),
      );
    }
    const limit = h.nanoseconds ? 1_000_000_000 : 1_000_000;
    if (fraction >= limit) {
      (out ??= []).push(
        fileProblem(
          'warning',
          'unexpected-value',
          `Timestamp fraction ${fraction} is not below ${limit}: not a valid number of ${h.nanoseconds ? 'nanoseconds' : 'microseconds'}`,
          at + 4,
          RECORD,
          frame,
        ),
      );
    }
    return out ?? NO_PROBLEMS;
  };

  return {
    advance() {
      if (stopped) return;
      if (!header) {
        if (!store.has(0, HEADER_LENGTH)) return;
        header = readHeader();
        if (!header) return;
        position = HEADER_LENGTH;
      }
      const h = header;
      // Filled for each record and copied into the index at once (no object per record).
      const record = { dataOffset: 0, capLen: 0, origLen: 0, seconds: 0, nanos: 0, iface: 0, flags: 0 };
      const ceiling = Math.max(MAX_RECORD, h.snapLen);
      while (store.has(position, RECORD_HEADER_LENGTH)) {
        const seconds = store.u32(position, h.littleEndian);
        const fraction = store.u32(position + 4, h.littleEndian);
        const capLen = store.u32(position + 8, h.littleEndian);
        const origLen = store.u32(position + 12, h.littleEndian);
        if (capLen > ceiling) {
          stop(
            fileProblem(
              'error',
              'malformed',
              `Record ${context.index.count + 1} at offset ${position} says it holds ${capLen} octets, more than any record can (${ceiling}): its length field is damaged, or this is not a record (garbage after the last one). Reading stopped here; the ${context.index.count} frames before it are kept`,
              position + 8,
              RECORD,
            ),
          );
          return;
        }
        if (!store.has(position + RECORD_HEADER_LENGTH, capLen)) return;
        const at = position;
        record.dataOffset = at + RECORD_HEADER_LENGTH;
        record.capLen = capLen;
        record.origLen = origLen;
        record.seconds = seconds;
        record.nanos = h.nanoseconds ? Math.min(fraction, 999_999_999) : Math.min(fraction, 999_999) * 1000;
        const problems = recordProblems(context.index.count + 1, at, h, capLen, origLen, fraction);
        // A closure only for a record with problems (rare): none made per record otherwise.
        indexFrame(context, record, NO_COMMENTS, problems.length > 0 ? () => problems : undefined);
        position += RECORD_HEADER_LENGTH + capLen;
      }
    },
    finish() {
      if (stopped) return;
      const end = store.end();
      if (!header) {
        stop(
          fileProblem(
            'error',
            'truncated',
            `The file ends after ${end} octets, inside the 24-octet pcap file header`,
            end,
            FILE_HEADER,
          ),
        );
        return;
      }
      if (position >= end) return;
      const left = end - position;
      if (left < RECORD_HEADER_LENGTH) {
        stop(
          fileProblem(
            'warning',
            'truncated',
            `The file ends ${left} octets into a record header at offset ${position} (a record header is 16 octets): the file was cut short after frame ${context.index.count}`,
            position,
            RECORD,
          ),
        );
        return;
      }
      const capLen = store.view(position + 8, 4).getUint32(0, header.littleEndian);
      stop(
        fileProblem(
          'warning',
          'truncated',
          `The file ends inside record ${context.index.count + 1} at offset ${position}: it holds ${capLen} octets of packet data, only ${left - RECORD_HEADER_LENGTH} are present (the file was cut short). The ${context.index.count} frames before it are kept`,
          position + RECORD_HEADER_LENGTH,
          RECORD,
        ),
      );
    },
    stopped: () => stopped,
    position: () => position,
    description() {
      if (!header) return 'pcap';
      return `pcap ${context.sections[0]?.version ?? ''}, ${header.littleEndian ? 'little' : 'big'}-endian, ${header.nanoseconds ? 'nanosecond' : 'microsecond'} timestamps, ${linkTypeId(header.linkType)}`;
    },
  };
}
