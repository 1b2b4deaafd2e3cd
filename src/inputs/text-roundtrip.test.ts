// For random frames, every format a writer can produce reads back as the same bytes, with no problems, and is
// recognised as the format it is. The bytes lean towards ASCII hex digits and spaces so that ASCII columns are
// full of "CAFE"s and "00 11"s, and lengths cross line boundaries. Fixed seed: a failure is reproducible.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText } from '.';
import * as w from './testing/writers';

const hexLookalike = fc.constantFrom(...Array.from('0123456789abcdefABCDEF .|', (c) => c.charCodeAt(0)));
const byte = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 255 }) },
  { weight: 1, arbitrary: hexLookalike },
);
const frame = fc.array(byte, { minLength: 1, maxLength: 150 }).map((bytes) => Uint8Array.from(bytes));
const frames = fc.array(frame, { minLength: 1, maxLength: 3 });
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** [writer name, writer, the format id parseText must name, one frame only] */
const WRITERS: readonly [string, w.Writer, string, boolean?][] = [
  ['od -Ax -tx1 -v', w.od, 'od'],
  ['od -tx1 -v', w.odOctal, 'od-octal'],
  ['xxd', w.xxd, 'xxd'],
  ['hexdump -C', w.hexdumpC, 'hexdump-c'],
  ['hexdump', w.hexdumpWords, 'hexdump-words'],
  ['tshark -x', w.tsharkX, 'tshark-x'],
  ['Wireshark hex dump', w.wiresharkHexDump(false), 'wireshark-hex-dump'],
  ['Wireshark hex + ASCII dump', w.wiresharkHexDump(true), 'wireshark-hex-dump'],
  ['tcpdump -xx', w.tcpdump(false), 'tcpdump-xx'],
  ['tcpdump -XX', w.tcpdump(true), 'tcpdump-xx'],
  ['KB table', w.kbTable, 'kb-table'],
  ['router dump', w.routerDump(0x07b4f6e8), 'router-words'],
  ['gdb x/Nbx', w.gdb, 'gdb'],
  ['text2pcap input', w.text2pcapInput, 'text2pcap'],
  ['hex stream', w.hexStream, 'hex-stream'],
  ['spaced bytes', w.spacedBytes, 'spaced-bytes'],
  ['colon bytes', w.colonBytes, 'colon-bytes'],
  ['0x list', w.prefixedList, '0x-list'],
  ['xxd -i', w.cArrayXxd, 'c-array'],
  ['Wireshark C arrays', w.cArrayWireshark, 'c-array'],
  ['Wireshark escaped string', w.escapedWireshark, 'escaped'],
  ['Python repr', w.pythonRepr, 'escaped'],
  ['base64', w.base64, 'base64'],
  ['Hex Packet Decoder link', w.hpdLink, 'hex-stream', true],
  ['CyberChef link', w.cyberChefLink, 'spaced-bytes', true],
];

/** Where one format's text is also, and equally, another's, the reader may name either; the bytes are the same. */
const SAME_TEXT: Readonly<Record<string, readonly string[]>> = {
  // One byte per line: "03" is a hex stream as much as spaced or colon-separated bytes.
  'spaced-bytes': ['hex-stream'],
  'colon-bytes': ['hex-stream', 'spaced-bytes'],
};

describe('every writer round-trips random frames', { timeout: 120_000 }, () => {
  it.each(WRITERS)('%s', (_name, write, formatId, single) => {
    fc.assert(
      fc.property(frames, (input) => {
        const written = single ? input.slice(0, 1) : input;
        const text = write(written);
        // Base64 made only of hex digits ("ABCD", "0a1b") is also a hex stream; a person could not tell either.
        if (formatId === 'base64') fc.pre(/[g-zG-Z+/=]/.test(text));
        const parsed = parseText(text);
        expect(parsed.problems).toEqual([]);
        expect(parsed.frames.map((f) => hex(f.bytes))).toEqual(written.map(hex));
        expect([formatId, ...(SAME_TEXT[formatId] ?? [])]).toContain(parsed.formatId);
      }),
      { seed: 20240501, numRuns: 150 },
    );
  });
});
