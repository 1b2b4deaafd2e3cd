// The pcapng file format, draft-ietf-opsawg-pcapng: a sequence of blocks, each
//   Block Type(4) | Block Total Length(4) | Block Body (padded to 32 bits) | Block Total Length(4)      (§3.1)
// in the byte order of its section, which its Section Header Block's byte-order magic (0x1A2B3C4D) says (§3.6.1,
// §4.1). A file may hold several sections (concatenated captures), each with its own interfaces (§4.2: link type,
// snap length, if_tsresol, if_tsoffset). Packets come in Enhanced Packet Blocks (§4.3), Simple Packet Blocks (§4.4,
// interface 0, no timestamp) or the obsolete Packet Block (Appendix A). Every other block is skipped by its length.
import { cite } from '../dissect/cite';
import type { Problem } from '../dissect/model';
import { FRAME_NO_TIME, type CaptureInterface, type CaptureSection } from './capture-model';
import { linkTypeId } from './linktype';
import { fileProblem, indexFrame, optionText, plural, type CaptureParser, type ParseContext } from './capture-parse';
import { pcapngTimestamp, resolutionDigits } from './capture-time';
import { hexByte, hexNumber } from '../dissect/format';

const BLOCK = cite('draft-ietf-opsawg-pcapng', '3.1');
const LAYOUT = cite('draft-ietf-opsawg-pcapng', '3.4');
const OPTIONS = cite('draft-ietf-opsawg-pcapng', '3.5');
const SHB = cite('draft-ietf-opsawg-pcapng', '4.1');
const IDB = cite('draft-ietf-opsawg-pcapng', '4.2');
const EPB = cite('draft-ietf-opsawg-pcapng', '4.3');
const SPB = cite('draft-ietf-opsawg-pcapng', '4.4');
const PB = cite('draft-ietf-opsawg-pcapng', 'A');

export const SHB_TYPE = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IDB_TYPE = 1;
const PB_TYPE = 2;
const SPB_TYPE = 3;
const EPB_TYPE = 6;
/** Blocks read only to be skipped, by name (for the summary). */
const BLOCK_NAMES: Readonly<Record<number, string>> = {
  4: 'Name Resolution Block',
  5: 'Interface Statistics Block',
  7: 'IRIG Timestamp Block',
  8: 'ARINC 429 Block',
  9: 'systemd Journal Export Block',
  0x0a: 'Decryption Secrets Block',
  0x0bad: 'Custom Block',
  0x40000bad: 'Custom Block (do not copy)',
};
/** A block this long is a damaged length, not a block (Wireshark's limit is 16 MiB of packet data). */
const MAX_BLOCK = 64 * 1024 * 1024;
const OPT_ENDOFOPT = 0;
const OPT_COMMENT = 1;

interface Option {
  readonly code: number;
  readonly value: Uint8Array;
  readonly offset: number;
}

interface Section {
  readonly info: CaptureSection;
  readonly littleEndian: boolean;
  /** Section ids → CaptureInterface. */
  readonly interfaces: CaptureInterface[];
  /** A section of a major version this reader does not know is skipped to the next SHB (§3.4). */
  readonly skip: boolean;
}

const pad4 = (n: number) => (n + 3) & ~3;

export function createPcapngParser(context: ParseContext): CaptureParser {
  const { store, problems } = context;
  let position = 0;
  let section: Section | undefined;
  let stopped = false;

  const stop = (problem: Problem) => {
    problems.push(problem);
    stopped = true;
  };

  /** The options of a block, from `start` to the block's trailing length; a bad one is reported and ends the list. */
  const readOptions = (start: number, end: number, le: boolean, blockName: string): Option[] => {
    const options: Option[] = [];
    let at = start;
    while (at + 4 <= end) {
      const head = store.view(at, 4);
      const code = head.getUint16(0, le);
      const length = head.getUint16(2, le);
      if (code === OPT_ENDOFOPT) break;
      if (at + 4 + length > end) {
        problems.push(
          fileProblem(
            'warning',
            'malformed',
            `${blockName} at offset ${position}: option ${code} at offset ${at} says ${length} octets, more than the block holds; the rest of its options are ignored`,
            at,
            OPTIONS,
          ),
        );
        break;
      }
      options.push({ code, value: store.bytes(at + 4, length), offset: at });
      at += 4 + pad4(length);
    }
    return options;
  };
  const comments = (options: readonly Option[]) =>
    options.filter((o) => o.code === OPT_COMMENT).map((o) => optionText(o.value));
  const text = (options: readonly Option[], code: number) => {
    const found = options.find((o) => o.code === code);
    return found ? optionText(found.value) : undefined;
  };

  const readSectionHeader = (at: number, length: number, le: boolean) => {
    const view = store.view(at, 24);
    const major = view.getUint16(12, le);
    const minor = view.getUint16(14, le);
    const options = readOptions(at + 24, at + length - 4, le, 'Section Header Block');
    const hardware = text(options, 2);
    const os = text(options, 3);
    const application = text(options, 4);
    const info: CaptureSection = {
      index: context.sections.length,
      offset: at,
      littleEndian: le,
      version: `${major}.${minor}`,
      comments: comments(options),
      ...(hardware !== undefined ? { hardware } : {}),
      ...(os !== undefined ? { os } : {}),
      ...(application !== undefined ? { application } : {}),
    };
    context.sections.push(info);
    const skip = major !== 1;
    if (skip) {
      problems.push(
        fileProblem(
          'warning',
          'unexpected-value',
          `Section ${info.index} at offset ${at} is pcapng version ${major}.${minor}; a reader that does not know the version "MUST skip everything until the next Section Header Block", and so framescope does`,
          at + 12,
          LAYOUT,
        ),
      );
    }
    section = { info, littleEndian: le, interfaces: [], skip };
  };

  const readInterface = (s: Section, at: number, length: number) => {
    const view = store.view(at, 16);
    const linkType = view.getUint16(8, s.littleEndian);
    const snapLen = view.getUint32(12, s.littleEndian);
    const options = readOptions(at + 16, at + length - 4, s.littleEndian, 'Interface Description Block');
    let resolution: CaptureInterface['resolution'] = { base: 10, exponent: 6 };
    const tsresol = options.find((o) => o.code === 9);
    if (tsresol && tsresol.value.length >= 1) {
      const v = tsresol.value[0]!;
      resolution = v & 0x80 ? { base: 2, exponent: v & 0x7f } : { base: 10, exponent: v };
    }
    let offsetSeconds = 0;
    const tsoffset = options.find((o) => o.code === 14);
    if (tsoffset && tsoffset.value.length >= 8) {
      const v = new DataView(tsoffset.value.buffer, tsoffset.value.byteOffset, 8);
      offsetSeconds = Number(v.getBigInt64(0, s.littleEndian));
    }
    const name = text(options, 2);
    const description = text(options, 3);
    const iface: CaptureInterface = {
      index: context.interfaces.length,
      section: s.info.index,
      id: s.interfaces.length,
      linkType,
      snapLen,
      resolution,
      digits: resolutionDigits(resolution),
      offsetSeconds,
      comments: comments(options),
      ...(name !== undefined ? { name } : {}),
      ...(description !== undefined ? { description } : {}),
    };
    s.interfaces.push(iface);
    context.interfaces.push(iface);
  };

  /** A packet from an EPB, PB or SPB. `capLen` is checked against what the block holds; the data is kept either way. */
  const readPacket = (
    s: Section,
    at: number,
    length: number,
    packet: {
      ifaceId: number;
      tsHigh?: number;
      tsLow?: number;
      capLen: number;
      origLen: number;
      dataAt: number;
      optionsAt?: number;
      blockName: string;
      rule: typeof EPB;
    },
  ) => {
    const iface = s.interfaces[packet.ifaceId];
    const room = at + length - 4 - packet.dataAt;
    const capLen = Math.min(packet.capLen, Math.max(0, room));
    const frameProblems = (frame: number): Problem[] => {
      const out: Problem[] = [];
      if (!iface)
        out.push(
          fileProblem(
            'error',
            'unexpected-value',
            `${packet.blockName} at offset ${at} names interface ${packet.ifaceId}, but its section describes ${plural(s.interfaces.length, 'interface')} so far: the link type of this frame is unknown. "The interface ID MUST be valid"`,
            at + 8,
            packet.rule,
            frame,
          ),
        );
      if (packet.capLen > room)
        out.push(
          fileProblem(
            'error',
            'length-mismatch',
            `${packet.blockName} at offset ${at} says it captured ${packet.capLen} octets, but the block holds only ${Math.max(0, room)}: the frame is cut to what is there`,
            at + 20,
            packet.rule,
            frame,
          ),
        );
      if (iface && iface.snapLen > 0 && capLen > iface.snapLen)
        out.push(
          fileProblem(
            'warning',
            'length-mismatch',
            `Captured length ${capLen} exceeds interface ${iface.id}'s snap length of ${iface.snapLen}; the data is kept as recorded`,
            at + 20,
            packet.rule,
            frame,
          ),
        );
      if (packet.origLen < capLen)
        out.push(
          fileProblem(
            'warning',
            'length-mismatch',
            `Original length ${packet.origLen} is below the captured length ${capLen}: it "SHOULD NOT be less"`,
            at + 24,
            packet.rule,
            frame,
          ),
        );
      return out;
    };
    const options =
      packet.optionsAt !== undefined
        ? readOptions(packet.optionsAt, at + length - 4, s.littleEndian, packet.blockName)
        : [];
    const time =
      packet.tsHigh !== undefined && iface
        ? pcapngTimestamp(packet.tsHigh, packet.tsLow!, iface.resolution, iface.offsetSeconds)
        : { seconds: 0, nanos: 0 };
    indexFrame(
      context,
      {
        dataOffset: packet.dataAt,
        capLen,
        origLen: packet.origLen,
        seconds: time.seconds,
        nanos: time.nanos,
        iface: iface ? iface.index : -1,
        flags: packet.tsHigh === undefined ? FRAME_NO_TIME : 0,
      },
      comments(options),
      frameProblems,
    );
  };

  /** One whole block at `at`, `length` octets, in section `s`. */
  const readBlock = (s: Section, type: number, at: number, length: number) => {
    const le = s.littleEndian;
    const tooShort = (need: number, rule: typeof EPB, name: string) => {
      if (length >= need) return false;
      problems.push(
        fileProblem(
          'error',
          'malformed',
          `${name} at offset ${at} is ${length} octets long, less than its fixed part needs (${need}); skipped`,
          at + 4,
          rule,
        ),
      );
      return true;
    };
    if (type === IDB_TYPE) {
      if (!tooShort(20, IDB, 'Interface Description Block')) readInterface(s, at, length);
    } else if (type === EPB_TYPE) {
      if (tooShort(32, EPB, 'Enhanced Packet Block')) return;
      const v = store.view(at, 28);
      const capLen = v.getUint32(20, le);
      readPacket(s, at, length, {
        ifaceId: v.getUint32(8, le),
        tsHigh: v.getUint32(12, le),
        tsLow: v.getUint32(16, le),
        capLen,
        origLen: v.getUint32(24, le),
        dataAt: at + 28,
        optionsAt: at + 28 + pad4(capLen),
        blockName: 'Enhanced Packet Block',
        rule: EPB,
      });
    } else if (type === SPB_TYPE) {
      if (tooShort(16, SPB, 'Simple Packet Block')) return;
      const origLen = store.view(at + 8, 4).getUint32(0, le);
      const snapLen = s.interfaces[0]?.snapLen ?? 0;
      // "the minimum value among the SnapLen ... and the Original Packet Length" — and what the block holds.
      const capLen = Math.min(origLen, snapLen > 0 ? snapLen : Infinity, length - 16);
      readPacket(s, at, length, {
        ifaceId: 0,
        capLen,
        origLen,
        dataAt: at + 12,
        blockName: 'Simple Packet Block',
        rule: SPB,
      });
    } else if (type === PB_TYPE) {
      if (tooShort(32, PB, 'Packet Block')) return;
      const v = store.view(at, 28);
      const capLen = v.getUint32(20, le);
      readPacket(s, at, length, {
        ifaceId: v.getUint16(8, le),
        tsHigh: v.getUint32(12, le),
        tsLow: v.getUint32(16, le),
        capLen,
        origLen: v.getUint32(24, le),
        dataAt: at + 28,
        optionsAt: at + 28 + pad4(capLen),
        blockName: 'Packet Block (obsolete)',
        rule: PB,
      });
    } else {
      const name =
        BLOCK_NAMES[type] ??
        (type >= 0x80000000 ? `local-use block ${hexNumber(type, 8)}` : `unknown block ${hexNumber(type, 8)}`);
      context.skippedBlocks[name] = (context.skippedBlocks[name] ?? 0) + 1;
    }
  };

  return {
    advance() {
      while (!stopped && store.has(position, 8)) {
        const at = position;
        const typeBytes = store.bytes(at, 4);
        const isSectionHeader =
          typeBytes[0] === 0x0a && typeBytes[1] === 0x0d && typeBytes[2] === 0x0d && typeBytes[3] === 0x0a;
        let le: boolean;
        if (isSectionHeader) {
          if (!store.has(at, 12)) return;
          const bom = store.view(at + 8, 4);
          if (bom.getUint32(0, true) === BYTE_ORDER_MAGIC) le = true;
          else if (bom.getUint32(0, false) === BYTE_ORDER_MAGIC) le = false;
          else {
            stop(
              fileProblem(
                'error',
                'malformed',
                `Section Header Block at offset ${at}: the byte-order magic is ${Array.from(store.bytes(at + 8, 4), hexByte).join(' ')}, not 1A 2B 3C 4D in either byte order. Reading stopped here; the ${context.index.count} frames before it are kept`,
                at + 8,
                SHB,
              ),
            );
            return;
          }
        } else if (!section) {
          stop(
            fileProblem(
              'error',
              'malformed',
              `A pcapng file "MUST begin with a Section Header Block"; the block at offset ${at} is not one`,
              at,
              LAYOUT,
            ),
          );
          return;
        } else {
          le = section.littleEndian;
        }
        const head = store.view(at, 8);
        const type = head.getUint32(0, le);
        const length = head.getUint32(4, le);
        if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK) {
          const why =
            length < 12
              ? 'less than the 12 octets of an empty block'
              : length % 4 !== 0
                ? 'not a multiple of 4'
                : `more than ${MAX_BLOCK} octets`;
          stop(
            fileProblem(
              'error',
              'malformed',
              `The block at offset ${at} (type ${hexNumber(type, 8)}) says it is ${length} octets long, ${why}: this is not a pcapng block (damage, or garbage after the last block). Reading stopped here; the ${context.index.count} frames before it are kept`,
              at + 4,
              BLOCK,
            ),
          );
          return;
        }
        if (!store.has(at, length)) return;
        const trailing = store.view(at + length - 4, 4).getUint32(0, le);
        if (trailing !== length) {
          stop(
            fileProblem(
              'error',
              'malformed',
              `The block at offset ${at} (type ${hexNumber(type, 8)}) says ${length} octets at its start and ${trailing} at its end: the two Block Total Lengths must be equal. Reading stopped here; the ${context.index.count} frames before it are kept`,
              at + length - 4,
              BLOCK,
            ),
          );
          return;
        }
        if (isSectionHeader) {
          if (length < 28) {
            stop(
              fileProblem(
                'error',
                'malformed',
                `Section Header Block at offset ${at} is ${length} octets long, less than its fixed part (28)`,
                at + 4,
                SHB,
              ),
            );
            return;
          }
          readSectionHeader(at, length, le);
        } else if (!section!.skip) {
          readBlock(section!, type, at, length);
        }
        position = at + length;
      }
    },
    finish() {
      if (stopped) return;
      const end = store.end();
      if (position >= end) return;
      const left = end - position;
      if (left < 8) {
        stop(
          fileProblem(
            'warning',
            'truncated',
            `The file ends ${left} octets into a block header at offset ${position} (type and length take 8): it was cut short after frame ${context.index.count}`,
            position,
            BLOCK,
          ),
        );
        return;
      }
      const le = section?.littleEndian ?? true;
      const length = store.view(position + 4, 4).getUint32(0, le);
      stop(
        fileProblem(
          'warning',
          'truncated',
          `The file ends inside the block at offset ${position}: it says ${length} octets, only ${left} are present (the file was cut short). The ${context.index.count} frames before it are kept`,
          end,
          BLOCK,
        ),
      );
    },
    stopped: () => stopped,
    position: () => position,
    description() {
      const sections = context.sections.length;
      const orders = new Set(context.sections.map((s) => (s.littleEndian ? 'little' : 'big')));
      const linkTypes = [...new Set(context.interfaces.map((i) => linkTypeId(i.linkType)))];
      const parts = [
        `pcapng${sections > 1 ? `, ${plural(sections, 'section')}` : ''}`,
        orders.size === 1 ? `${[...orders][0]}-endian` : orders.size > 1 ? 'both byte orders' : '',
        plural(context.interfaces.length, 'interface'),
        linkTypes.join(' + '),
      ];
      return parts.filter((p) => p !== '').join(', ');
    },
  };
}
