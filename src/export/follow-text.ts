// Follow TCP Stream and the TCP conversation table as text, byte for byte as tshark 4.0 writes them for
// `-z follow,tcp,ascii|hex|raw,N` and `-z conv,tcp` (checked by diff on the shared captures, src/cli/stats.test.ts).
// The app copies the same text. Pure: the UI and the CLI share it.
import type { FollowChunk, FollowStream } from '../dissect/stream/follow';
import type { ConversationRow } from '../dissect/stream/conversation-stats';
import type { Endpoint } from '../dissect/stream';

export type FollowFormat = 'ascii' | 'hex' | 'raw';
export const FOLLOW_FORMATS: readonly FollowFormat[] = ['ascii', 'hex', 'raw'];

const RULE = '='.repeat(67);
export const hex2 = (b: number) => b.toString(16).padStart(2, '0');
/** tshark's Follow in ASCII keeps printable ASCII, CR and LF; anything else is a dot. */
export const asciiChar = (b: number) =>
  b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f) ? String.fromCharCode(b) : '.';
const dumpChar = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

/** "10.0.0.1:1555", "[2001:db8::1]:102" (an IPv6 address in brackets, as a URL writes it). */
export function endpointText(e: Endpoint): string {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/**
 * A hex dump as tshark's Follow writes one: lines of 16 bytes, the offset (8 uppercase hex digits, counting from
 * `offset`), the bytes in two groups of 8, their printable ASCII in two groups.
 */
export function followHexLines(bytes: Uint8Array, offset: number): string[] {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = bytes.subarray(at, at + 16);
    let hex = '';
    let text = '';
    row.forEach((b, i) => {
      hex += `${hex2(b)} ${i === 7 ? ' ' : ''}`;
      text += `${dumpChar(b)}${i === 7 ? ' ' : ''}`;
    });
    // tshark drops one space ending the text: the group's separator after 8 bytes, or a last byte that is a space.
    if (text.endsWith(' ')) text = text.slice(0, -1);
    lines.push(`${(offset + at).toString(16).toUpperCase().padStart(8, '0')}  ${hex.padEnd(50)}${text}`);
  }
  return lines;
}

/** Bytes of one direction in a format, as tshark writes a chunk (Node 1's indented by a tab). */
function chunkText(bytes: Uint8Array, direction: 0 | 1, offset: number, format: FollowFormat): string {
  const tab = direction === 1 ? '\t' : '';
  switch (format) {
    case 'ascii':
      return `${tab}${bytes.length}\n${Array.from(bytes, asciiChar).join('')}\n`;
    case 'hex':
      return followHexLines(bytes, offset)
        .map((line) => `${tab}${line}\n`)
        .join('');
    case 'raw':
      return `${tab}${Array.from(bytes, hex2).join('')}\n`;
  }
}

/** What tshark writes where acknowledged bytes are missing: this text, NUL-terminated, as if the stream carried it. */
export function missingMarker(missing: number): Uint8Array {
  return Uint8Array.from(`[${missing} bytes missing in capture file]\0`, (c) => c.charCodeAt(0));
}

/** The stream's chunks as tshark writes them: the ones it shows, each direction's offsets counting its markers. */
export function followChunksText(chunks: readonly FollowChunk[], format: FollowFormat): string {
  const offsets = [0, 0];
  return chunks
    .filter((c) => !c.afterGap)
    .map((c) => {
      const bytes = c.kind === 'data' ? c.bytes : missingMarker(c.missing);
      const text = chunkText(bytes, c.direction, offsets[c.direction]!, format);
      offsets[c.direction]! += bytes.length;
      return text;
    })
    .join('');
}

/**
 * tshark's `-z follow,tcp,FORMAT,N` output. Only what tshark shows: chunks after bytes missing for good are left out
 * (follow.ts). `stream` undefined: no such stream, which tshark writes with empty nodes.
 */
export function followText(stream: FollowStream | undefined, index: number, format: FollowFormat): string {
  const node = (e: Endpoint | undefined) => (e ? endpointText(e) : ':0');
  return [
    `\n${RULE}\n`,
    `Follow: tcp,${format}\n`,
    `Filter: tcp.stream eq ${index}\n`,
    `Node 0: ${node(stream?.nodes[0])}\n`,
    `Node 1: ${node(stream?.nodes[1])}\n`,
    followChunksText(stream?.chunks ?? [], format),
    `${RULE}\n`,
  ].join('');
}

/** A byte count as Wireshark's conversation table writes it: "764 bytes", "10 kB", "1403 kB", "12 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 10_000) return `${bytes} bytes`;
  if (bytes < 10_000_000) return `${Math.floor(bytes / 1000)} kB`;
  if (bytes < 10_000_000_000) return `${Math.floor(bytes / 1_000_000)} MB`;
  return `${Math.floor(bytes / 1_000_000_000)} GB`;
}

const CONV_RULE = '='.repeat(80);

/**
 * tshark's `-z conv,tcp` table: most frames first (capture order among equals); "<-" counts what the first endpoint
 * received, "->" what it sent.
 */
export function conversationsText(rows: readonly ConversationRow[]): string {
  // Unlike Follow's nodes, the table writes an IPv6 address without brackets ("2001:db8::1:1555").
  const name = (e: Endpoint) => `${e.address}:${e.port}`;
  const width = Math.max(26, ...rows.flatMap((r) => [name(r.a).length, name(r.b).length]));
  const lead = ' '.repeat(width * 2 + 7);
  const sorted = [...rows].sort((x, y) => y.frames[0] + y.frames[1] - (x.frames[0] + x.frames[1]));
  const pair = (frames: number, bytes: number) => `${String(frames).padStart(6)} ${sizeText(bytes).padEnd(9)}`;
  const lines = sorted.map((r) =>
    [
      `${name(r.a).padEnd(width)} <-> ${name(r.b).padEnd(width)}`,
      pair(r.frames[1], r.bytes[1]),
      pair(r.frames[0], r.bytes[0]),
      pair(r.frames[0] + r.frames[1], r.bytes[0] + r.bytes[1]),
      `${(r.start ?? 0).toFixed(9).padStart(14)}   ${(r.duration ?? 0).toFixed(4).padStart(12)}`,
    ].join('  '),
  );
  return [
    CONV_RULE,
    'TCP Conversations',
    'Filter:<No Filter>',
    `${lead}|       <-      | |       ->      | |     Total     |    Relative    |   Duration   |`,
    `${lead}| Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |`,
    ...lines,
    CONV_RULE,
    '',
  ].join('\n');
}
