// The formats pasted text can be in: one row each, in tie-break order (most specific first). A row claims a
// sample of the text (the share of its first lines written the row's way, 0 to 1) and reads the whole text.
// parseText asks every row, reads with the strongest claim, and falls back to the next when that reads nothing.
import { readOffsetDump, type DumpLayout } from './text-offset-dump';
import { readBase64, readCArrays, readEscaped, readHexText, readPrefixedList } from './text-byte-list';
import { share, type ReadResult } from './text-scan';

export interface TextFormat {
  /** Stable, for tests and the permalink: "tcpdump-xx". */
  readonly id: string;
  /** What the user sees: "tcpdump -xx". */
  readonly name: string;
  /** How much of the sample is written this way: 0 (none of it) to 1 (all of it). */
  readonly claim: (sample: readonly string[]) => number;
  readonly read: (lines: readonly string[], text: string) => ReadResult;
  /** A narrower name once read: "tcpdump -XX" when the dump had an ASCII column. */
  readonly nameAfter?: (result: ReadResult) => string;
}

/** Rows whose shape is generic claim a little less, so a specific row that fits as well wins. */
const GENERIC = 0.9;

/** An offset-dump row: its claim is the share of lines that are its data lines (or its headings), if any are data. */
function dumpFormat(
  id: string,
  name: string,
  shape: { readonly data: RegExp; readonly also?: RegExp; readonly requires?: RegExp; readonly weight?: number },
  layout: DumpLayout,
  nameAfter?: (result: ReadResult) => string,
): TextFormat {
  return {
    id,
    name,
    claim: (sample) => {
      if (!sample.some((line) => shape.data.test(line))) return 0;
      if (shape.requires && !sample.some((line) => shape.requires!.test(line))) return 0;
      return share(sample, (line) => shape.data.test(line) || (shape.also?.test(line) ?? false)) * (shape.weight ?? 1);
    },
    read: (lines) => readOffsetDump(lines, layout),
    ...(nameAfter ? { nameAfter } : {}),
  };
}

const withAscii = (plain: string, ascii: string) => (result: ReadResult) =>
  result.variant === 'ascii' ? ascii : plain;

/** od and hexdump end a dump with its length alone on a line. */
const endOffset = (digits: string) => new RegExp(`^[0-9a-f]{${digits}}\\s*$`, 'i');

/** tshark -x names each data source: "Frame (98 bytes):" is the frame, anything else ("Reassembled COTP …") is not. */
const TSHARK_SOURCE = /^\S.*\(\d+ bytes\):\s*$/;

/** text2pcap -D and -t: a direction (I or O) and/or a timestamp before each packet's dump. */
const TEXT2PCAP_PREAMBLE = /^\s*(?:[IO](?:\s|$)|\d{1,4}[-/:.]\d{1,2}[-/:.]\d{1,4})/;

const BYTE_GROUP = '[0-9a-f]{2}';

const OFFSET_DUMP_LINE = new RegExp(`^\\s*(?:0x)?[0-9a-f]{3,8}:?\\s+${BYTE_GROUP}(?:\\s|$)`, 'i');
const OFFSET_DUMP: DumpLayout = {
  address: /^\s*(?:0x)?([0-9a-f]{3,8}):?(?=\s|$)/i,
  groupDigits: 2,
  groupText: '2 hex digits',
};
const KB_HEADING = /^\s*ADDR\s+HEX\b/i;

export const TEXT_FORMATS: readonly TextFormat[] = [
  dumpFormat(
    'tcpdump-xx',
    'tcpdump -xx',
    // "\t0x0000:  0000 a200 c04a …", each packet after its summary line.
    { data: /^\s*0x[0-9a-f]{4,8}:\s+[0-9a-f]{2,4}(\s|$)/i, also: /^\S/ },
    // Every other line heads a packet: the summary, and with -v its indented continuation lines.
    {
      address: /^\s*0x([0-9a-f]{4,8}):/i,
      groupDigits: 4,
      header: /^(?!\s*0x[0-9a-f]+:)/i,
      groupText: '2 or 4 hex digits',
    },
    withAscii('tcpdump -xx', 'tcpdump -XX'),
  ),
  dumpFormat(
    'gdb',
    'gdb x/Nbx',
    // "0x4020 <pkt>:\t0x00\t0x1b…" (the <symbol+offset> only when gdb knows a symbol there)
    { data: /^\s*0x[0-9a-f]+(?:\s+<[^>]*>)?:\s+0x[0-9a-f]{2}(?:\s+0x[0-9a-f]{2})*\s*$/i },
    // "(gdb) x/98bx pkt" lines between the blocks head the next one.
    {
      address: /^\s*0x([0-9a-f]+)(?:\s+<[^>]*>)?:/i,
      groupDigits: 2,
      prefixed: true,
      memory: true,
      frameStart: /^\s*0x[0-9a-f]+\s+<[^+>]+>:/i,
      header: /^\s*\(gdb\)/,
      groupText: '0x followed by 2 hex digits, as x/Nbx prints bytes',
    },
  ),
  dumpFormat(
    'xxd',
    'xxd',
    // "00000000: 0000 a200 c04a 0080 5fd4 a048 0800 4500  .....J.._..H..E."
    // Lower case only: xxd prints it, router dumps (the same shape, but addresses in memory) print upper case.
    { data: /^[0-9a-f]{8}: [0-9a-f]{2,8}(?: |$)/ },
    { address: /^\s*([0-9a-f]{7,8}):/i, groupDigits: 8, groupText: 'hex digits in groups of 2, 4 or 8' },
  ),
  dumpFormat(
    'hexdump-c',
    'hexdump -C',
    // "00000000  00 00 a2 00 c0 4a 00 80  5f d4 a0 48 08 00 45 00  |.....J.._..H..E.|"
    {
      data: new RegExp(
        `^[0-9a-f]{8}  ${BYTE_GROUP}(?: ${BYTE_GROUP}){0,7}(?:  ${BYTE_GROUP}(?: ${BYTE_GROUP}){0,7})?\\s+\\|.*\\|\\s*$`,
        'i',
      ),
      also: endOffset('8'),
    },
    { address: /^\s*([0-9a-f]{8})(?=\s|$)/i, groupDigits: 2, groupText: '2 hex digits' },
  ),
  dumpFormat(
    'hexdump-words',
    'hexdump / od -x (16-bit little-endian words)',
    // Plain `hexdump` and `od -x` print 16-bit words in the host's order (little-endian on x86 and ARM):
    // "0000000 0000 00a2 4ac0 8000 …" holds the bytes 00 00 a2 00 c0 4a 00 80.
    { data: /^[0-9a-f]{6,7} [0-9a-f]{4}(?: [0-9a-f]{4})*\s*$/i, also: endOffset('6,7') },
    { address: /^\s*([0-9a-f]{6,7})(?=\s|$)/i, groupDigits: 4, littleEndian: true, groupText: '4 hex digits' },
  ),
  dumpFormat(
    'text2pcap',
    'text2pcap input (od -Ax -tx1 with direction/time lines)',
    // The od dump text2pcap reads, each packet after an "I"/"O" direction (-D) and/or a timestamp (-t) line.
    // Claimed only when such a line is there; the reading is od's.
    {
      data: new RegExp(`^\\s*[0-9a-f]{2,8}\\s+${BYTE_GROUP}(?:\\s+${BYTE_GROUP})*\\s*$`, 'i'),
      also: TEXT2PCAP_PREAMBLE,
      requires: TEXT2PCAP_PREAMBLE,
    },
    { address: /^\s*([0-9a-f]{2,8})(?=\s|$)/i, groupDigits: 2, header: TEXT2PCAP_PREAMBLE, groupText: '2 hex digits' },
  ),
  dumpFormat(
    'od',
    'od -Ax -tx1',
    // "000000 00 00 a2 00 …" (hex offsets), ending with the length alone: "000062". `-tx1z` adds ">…<".
    { data: new RegExp(`^[0-9a-f]{6} ${BYTE_GROUP}(?: ${BYTE_GROUP})*(?:\\s+>.*<)?\\s*$`, 'i'), also: endOffset('6') },
    { address: /^\s*([0-9a-f]{6})(?=\s|$)/i, groupDigits: 2, groupText: '2 hex digits' },
  ),
  dumpFormat(
    'od-octal',
    'od -tx1 (octal offsets)',
    // Without -Ax, od counts in octal: "0000000 00 00 a2 …", "0000020 …".
    { data: new RegExp(`^[0-7]{7} ${BYTE_GROUP}(?: ${BYTE_GROUP})*\\s*$`, 'i'), also: /^[0-7]{7}\s*$/ },
    { address: /^\s*([0-7]{7})(?=\s|$)/, radix: 8, groupDigits: 2, groupText: '2 hex digits' },
  ),
  dumpFormat(
    'tshark-x',
    'tshark -x',
    // "0000  00 00 a2 00 … 45 00   .....J.._..H..E." (two spaces after the offset, three before the ASCII);
    // with several data sources each is named: "Frame (98 bytes):", "Reassembled COTP (1304 bytes):".
    { data: new RegExp(`^[0-9a-f]{4,8}  ${BYTE_GROUP}(?: ${BYTE_GROUP})*(?:   .*)?$`, 'i'), also: TSHARK_SOURCE },
    {
      address: /^\s*([0-9a-f]{4,8})(?=\s|$)/i,
      groupDigits: 2,
      header: /^Frame \((\d+) bytes\):\s*$/,
      aside: TSHARK_SOURCE,
      groupText: '2 hex digits',
    },
  ),
  dumpFormat(
    'wireshark-hex-dump',
    'Wireshark: Copy … as Hex Dump',
    // Wireshark's Qt copy menu: "%04x  " then " %02x" per byte (three spaces before the first), and for
    // "Copy Bytes as Hex + ASCII Dump" three spaces and the ASCII.
    { data: new RegExp(`^[0-9a-f]{4}   ${BYTE_GROUP}(?: ${BYTE_GROUP})*(?:   .*)?$`, 'i') },
    { address: /^\s*([0-9a-f]{4,8})(?=\s|$)/i, groupDigits: 2, groupText: '2 hex digits' },
    withAscii('Wireshark: Copy … as Hex Dump', 'Wireshark: Copy Bytes as Hex + ASCII Dump'),
  ),
  dumpFormat(
    'router-words',
    'router memory dump (address, 4-byte words, ASCII; e.g. Cisco IOS)',
    // "07B4F6F0: 45000054 E9A64000 20060409 8626344D  E..Ti.@. ....&4M", rows aligned to the address, so the
    // first row may start with blank slots.
    // Claimed on 8-digit words, or on an upper-case address and a shorter last word (a buffer of a few bytes).
    { data: /^\s*(?:[0-9a-fA-F]{6,8}:\s+[0-9a-fA-F]{8}|[0-9A-F]{6,8}:\s+[0-9A-F]{2,6})(?:\s|$)/ },
    { address: /^\s*([0-9a-f]{6,8}):/i, groupDigits: 8, memory: true, groupText: 'a word of up to 8 hex digits' },
  ),
  dumpFormat(
    'kb-table',
    'offset dump (ADDR HEX ASCII, as in Microsoft KB articles)',
    // The KB article's table: "ADDR  HEX  ASCII", then "0000  00 00 A2 00 C0 4A 00 80  5F D4 …  .....J.._..H..E."
    { data: OFFSET_DUMP_LINE, also: KB_HEADING, requires: KB_HEADING },
    OFFSET_DUMP,
  ),
  // The catch-all: old Wireshark (8 + 8 bytes), hand-made tables, anything with an offset and hex bytes.
  dumpFormat(
    'offset-dump',
    'offset dump (offset, hex bytes, ASCII)',
    { data: OFFSET_DUMP_LINE, weight: GENERIC },
    OFFSET_DUMP,
  ),
  {
    id: 'hex-stream',
    name: 'hex stream',
    claim: (sample) => share(sample, (line) => /^\s*[0-9a-f]+\s*$/i.test(line)),
    read: (lines) => readHexText(lines),
  },
  {
    id: 'spaced-bytes',
    name: 'space-separated hex bytes',
    claim: (sample) => share(sample, (line) => /^\s*[0-9a-f]{2}(?:\s+[0-9a-f]{2})*\s*$/i.test(line)),
    read: (lines) => readHexText(lines),
  },
  {
    id: 'colon-bytes',
    name: 'colon-separated hex bytes',
    claim: (sample) => share(sample, (line) => /^\s*[0-9a-f]{2}(?:[:-][0-9a-f]{2})+[:-]?\s*$/i.test(line)),
    read: (lines) => readHexText(lines),
  },
  {
    id: 'c-array',
    name: 'C array',
    // Claimed when a brace block holds 0x items; comments and declarations around it are C, not bytes.
    claim: (sample) => (/\{[^}]*0x[0-9a-f]{1,2}\b/i.test(sample.join('\n')) ? 1 : 0),
    read: (_lines, text) => readCArrays(text),
  },
  {
    id: '0x-list',
    name: '0x-prefixed bytes',
    claim: (sample) => share(sample, (line) => /^\s*(?:0x[0-9a-f]+\s*[,;]?\s*)+$/i.test(line)),
    read: (lines) => readPrefixedList(lines),
  },
  {
    id: 'escaped',
    name: '\\x-escaped string',
    // Any \x escape, or a Python bytes literal (which may need none: b'0A').
    claim: (sample) => share(sample, (line) => /\\x[0-9a-f]{2}/i.test(line) || /^\s*b(['"]).*\1\s*$/.test(line)),
    read: (_lines, text) => readEscaped(text),
  },
  {
    id: 'base64',
    name: 'base64',
    // Hex digits are base64 characters too. In base64 of bytes about a third of the characters are hex digits;
    // text that is nearly all hex digits is hex with a typo in it, not base64.
    claim: (sample) => {
      const chars = sample.join('').replace(/\s+/g, '');
      const hexDigits = chars.replace(/[^0-9a-fA-F]/g, '').length;
      if (!/[g-zG-Z+/=_-]/.test(chars) || hexDigits > 0.8 * chars.length) return 0;
      return share(sample, (line) => /^\s*[A-Za-z0-9+/_-]+={0,2}\s*$/.test(line)) * GENERIC;
    },
    read: (lines) => readBase64(lines),
  },
];

/** When nothing claims the text: read it as hex, which says where the first character that is not hex sits. */
export const FALLBACK: TextFormat = TEXT_FORMATS.find((f) => f.id === 'hex-stream')!;
