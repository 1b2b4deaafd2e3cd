// Test-only writers: frames → text in each pasteable format, laid out as the real tool lays it out (see
// __fixtures__/README.md for the tools and sources). The property test feeds random frames through every writer
// and parseText must give the same bytes back. Pure, like the rest of src/inputs.
import { hexByte, hexNumber } from '../../dissect/format';

const HX = (b: number) => hexByte(b).toUpperCase();
const pad = (n: number, width: number, radix = 16) => n.toString(radix).padStart(width, '0');
/** tshark, Wireshark, xxd, hexdump -C: printable ASCII as itself, anything else '.'. */
const printable = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');
/** tcpdump prints a space as '.' too. */
const graphic = (b: number) => (b > 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

function rows(bytes: Uint8Array, width: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += width) out.push(bytes.subarray(i, i + width));
  return out;
}

const ascii = (row: Uint8Array, char = printable) => Array.from(row, char).join('');
const spaced = (row: Uint8Array) => Array.from(row, hexByte).join(' ');
/** "0000 a200 c04a …": 2-byte groups, a lone last byte as 2 digits (tcpdump, xxd). */
const pairs = (row: Uint8Array) =>
  rows(row, 2)
    .map((p) => Array.from(p, hexByte).join(''))
    .join(' ');

export type Writer = (frames: readonly Uint8Array[]) => string;

/** Writers that take one frame, joined for several as the tool's output would be concatenated. */
const each =
  (write: (bytes: Uint8Array, index: number) => string, separator = ''): Writer =>
  (frames) =>
    frames.map(write).join(separator);

export const od: Writer = each(
  (b) =>
    rows(b, 16)
      .map((r, i) => `${pad(i * 16, 6)} ${spaced(r)}\n`)
      .join('') + `${pad(b.length, 6)}\n`,
);

export const odOctal: Writer = each(
  (b) =>
    rows(b, 16)
      .map((r, i) => `${pad(i * 16, 7, 8)} ${spaced(r)}\n`)
      .join('') + `${pad(b.length, 7, 8)}\n`,
);

export const xxd: Writer = each((b) =>
  rows(b, 16)
    .map((r, i) => `${pad(i * 16, 8)}: ${pairs(r).padEnd(39)}  ${ascii(r)}\n`)
    .join(''),
);

export const hexdumpC: Writer = each(
  (b) =>
    rows(b, 16)
      .map((r, i) => {
        const area = Array.from(r, (x, k) => `${hexByte(x)} ${k === 7 ? ' ' : ''}`).join('');
        return `${pad(i * 16, 8)}  ${area.padEnd(49)} |${ascii(r)}|\n`;
      })
      .join('') + `${pad(b.length, 8)}\n`,
);

/** Plain hexdump: 16-bit words in little-endian order; an odd last byte is the low half of a zero-padded word. */
export const hexdumpWords: Writer = each(
  (b) =>
    rows(b, 16)
      .map(
        (r, i) =>
          `${pad(i * 16, 7)} ${rows(r, 2)
            .map((w) => hexByte(w[1] ?? 0) + hexByte(w[0]!))
            .join(' ')}\n`,
      )
      .join('') + `${pad(b.length, 7)}\n`,
);

export const tsharkX: Writer = each(
  (b) =>
    rows(b, 16)
      .map((r, i) => `${pad(i * 16, 4)}  ${spaced(r).padEnd(47)}   ${ascii(r)}\n`)
      .join(''),
  '\n',
);

/** Wireshark's Qt copy menu (data_printer.cpp hexTextDump): "…as Hex Dump", and with the ASCII. */
export const wiresharkHexDump =
  (withAscii: boolean): Writer =>
  (frames) =>
    frames
      .map((b) =>
        rows(b, 16)
          .map((r, i, all) => {
            const hex = Array.from(r, (x) => ` ${hexByte(x)}`).join('');
            const text = withAscii
              ? `   ${i === all.length - 1 ? ' '.repeat((16 - r.length) * 3) : ''}${ascii(r)}`
              : '';
            return `${pad(i * 16, 4)}  ${hex}${text}\n`;
          })
          .join(''),
      )
      .join('\n');

export const tcpdump =
  (withAscii: boolean): Writer =>
  (frames) =>
    `reading from file capture.pcap, link-type EN10MB (Ethernet), snapshot length 262144\n` +
    frames
      .map(
        (b, n) =>
          `10:00:0${n % 10}.000000 IP 192.168.0.10.1555 > 192.168.0.20.102: Flags [P.], seq 1:${b.length}, length ${b.length}\n` +
          rows(b, 16)
            .map(
              (r, i) =>
                `\t0x${pad(i * 16, 4)}:  ${withAscii ? `${pairs(r).padEnd(39)}  ${ascii(r, graphic)}` : pairs(r)}\n`,
            )
            .join(''),
      )
      .join('');

/** The KB article's table: upper case, 8 + 8 bytes, ASCII with the high bit stripped. */
export const kbTable: Writer = (frames) =>
  'ADDR  HEX                                                ASCII\n' +
  frames
    .map((b) =>
      rows(b, 16)
        .map((r, i) => {
          const area = [Array.from(r.subarray(0, 8), HX).join(' '), Array.from(r.subarray(8), HX).join(' ')]
            .filter((s) => s !== '')
            .join('  ');
          return `${pad(i * 16, 4).toUpperCase()}  ${area.padEnd(48)}  ${ascii(r, (x) => printable(x & 0x7f))}\n`;
        })
        .join(''),
    )
    .join('\n');

/** Cisco IOS memory dump at `address` (a multiple of 4): rows aligned to 16 bytes, blank slots before the data. */
export const routerDump =
  (address: number): Writer =>
  (frames) =>
    frames
      .map((b) => {
        let out = '';
        const end = address + b.length;
        for (let row = address & ~0xf; row < end; row += 16) {
          const slots: string[] = [];
          let text = '';
          for (let word = row; word < row + 16; word += 4) {
            const cells: number[] = [];
            for (let a = word; a < word + 4; a++) if (a >= address && a < end) cells.push(b[a - address]!);
            if (word + 4 <= address) {
              slots.push(' '.repeat(8));
              text += ' '.repeat(4);
            } else if (cells.length > 0) {
              slots.push(cells.map(HX).join(''));
              text += cells.map(printable).join('');
            }
          }
          out += `${pad(row, 8).toUpperCase()}: ${slots.join(' ').padEnd(35)}  ${text}\n`;
        }
        return out;
      })
      .join('\n');

export const gdb: Writer = (frames) =>
  frames
    .map((b, n) =>
      rows(b, 8)
        .map(
          (r, i) =>
            `${hexNumber(0x4020 + n * 0x1000 + i * 8)} <frame${n}${i === 0 ? '' : `+${i * 8}`}>:\t${Array.from(r, (x) => `0x${hexByte(x)}`).join('\t')}\n`,
        )
        .join(''),
    )
    .join('');

export const text2pcapInput: Writer = (frames) =>
  frames.map((b, n) => `${n % 2 ? 'O' : 'I'} 2024-05-01 10:00:0${n % 10}.000000\n${od([b])}`).join('');

export const hexStream: Writer = each(
  (b) =>
    rows(b, 30)
      .map((r) => `${Array.from(r, hexByte).join('')}\n`)
      .join(''),
  '\n',
);

export const spacedBytes: Writer = each(
  (b) =>
    rows(b, 16)
      .map((r) => `${spaced(r)}\n`)
      .join(''),
  '\n',
);

export const colonBytes: Writer = each((b) => `${Array.from(b, hexByte).join(':')}\n`, '\n');

export const prefixedList: Writer = each(
  (b) =>
    rows(b, 12)
      .map((r) => `${Array.from(r, (x) => `0x${hexByte(x)}`).join(', ')}\n`)
      .join(''),
  '\n',
);

/** xxd -i */
export const cArrayXxd: Writer = each(
  (b, n) =>
    `unsigned char frame${n}[] = {\n${rows(b, 12)
      .map((r) => `  ${Array.from(r, (x) => `0x${hexByte(x)}`).join(', ')}`)
      .join(',\n')}\n};\nunsigned int frame${n}_len = ${b.length};\n`,
);

/** Wireshark's "Export Packet Dissections → As C Arrays" (epan/print.c, 4.x comments). */
export const cArrayWireshark: Writer = each(
  (b, n) =>
    `// Frame (${b.length} bytes)\nstatic const unsigned char pkt${n + 1}[${b.length}] = {\n` +
    rows(b, 8)
      .map((r, i, all) => {
        const items = Array.from(r, (x) => `0x${hexByte(x)}`).join(', ');
        return i === all.length - 1
          ? `${items}${'      '.repeat(8 - r.length)}  // |${ascii(r)}|\n};\n\n`
          : `${items}, // |${ascii(r)}|\n`;
      })
      .join(''),
);

/** Wireshark's "…as Escaped String": "\x00…" with `" \` continuations every 16 bytes. */
export const escapedWireshark: Writer = each((b) => {
  let out = '"';
  b.forEach((x, i) => {
    if (i % 16 === 0 && i !== 0 && i !== b.length - 1) out += '" \\\n"';
    out += `\\x${hexByte(x)}`;
  });
  return `${out}"\n`;
}, '\n');

/** Python's repr() of bytes: b'…' (b"…" when the bytes hold ' but not "). */
export const pythonRepr: Writer = each((b) => {
  const quote = b.includes(0x27) && !b.includes(0x22) ? '"' : "'";
  let out = `b${quote}`;
  for (const x of b) {
    const c = String.fromCharCode(x);
    if (c === quote || c === '\\') out += `\\${c}`;
    else if (x === 0x09) out += '\\t';
    else if (x === 0x0a) out += '\\n';
    else if (x === 0x0d) out += '\\r';
    else if (x >= 0x20 && x < 0x7f) out += c;
    else out += `\\x${hexByte(x)}`;
  }
  return `${out}${quote}\n`;
}, '\n');

const base64Of = (b: Uint8Array) => btoa(Array.from(b, (x) => String.fromCharCode(x)).join(''));

export const base64: Writer = each((b) => `${(base64Of(b).match(/.{1,76}/g) ?? []).join('\n')}\n`, '\n');

/** Links carry one frame. */
export const hpdLink: Writer = (frames) =>
  `https://hpd.gasmi.net/?data=${Array.from(frames[0]!, HX).join('')}&force=ipv4\n`;

export const cyberChefLink: Writer = (frames) =>
  `https://gchq.github.io/CyberChef/#recipe=From_Hex('Auto')&input=${btoa(Array.from(frames[0]!, hexByte).join(' ')).replace(/=+$/, '')}\n`;
