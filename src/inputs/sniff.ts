// What an input is, from its bytes: a capture (pcap, pcapng, either one gzip-compressed), a hex dump, or something
// framescope does not read — and then what it is instead, in words a user can act on ("a PNG image, not a capture or
// a hex dump"). Never by file name, never throws. sniffHead needs only a file's first bytes (a capture streams from
// there); sniffInput reads the whole input, because only parsing text tells a dump from other text.
import { Gunzip } from 'fflate';
import { hexByte } from '../dissect/format';
import { concatBytes } from '../dissect/reader';
import { captureKind, isModifiedPcap, MODIFIED_PCAP } from './capture';
import type { CaptureFormat } from './capture-model';
import type { ParsedInput } from './model';
import { parseText } from './text';

/** A capture file the capture reader takes. */
export interface CaptureInput {
  readonly kind: 'capture';
  readonly format: CaptureFormat;
  readonly compressed: boolean;
  readonly message: string;
}

/** File formats told by their magic number that are neither a capture nor text. */
export type OtherFormat = 'png' | 'jpeg' | 'gif' | 'pdf' | 'zip' | 'xz' | 'bzip2' | 'zstd';

/** Bytes framescope cannot read, and what they are. */
export type NotInput =
  | { readonly kind: 'empty'; readonly message: string }
  | { readonly kind: 'other-format'; readonly format: OtherFormat; readonly message: string }
  /** gzip whose content is not a capture (or that cannot be unpacked). */
  | { readonly kind: 'gzip'; readonly message: string }
  /** Binary data with no magic number framescope knows. */
  | { readonly kind: 'binary'; readonly message: string };

/** Text, read: `dump` when the text parser found frames in it, `text` when it found none. */
export interface TextInput {
  readonly kind: 'dump' | 'text';
  readonly text: string;
  readonly parsed: ParsedInput;
  readonly message: string;
}

/** What a file's first bytes say. 'looks-like-text' takes reading the whole text (sniffInput) to say more. */
export type HeadSniff = CaptureInput | NotInput | { readonly kind: 'looks-like-text' };

export type Sniffed = CaptureInput | NotInput | TextInput;

/** The input can be read: frames will come out of it (a capture may still be damaged further on). */
export function readable(sniffed: Sniffed): sniffed is CaptureInput | (TextInput & { kind: 'dump' }) {
  return sniffed.kind === 'capture' || sniffed.kind === 'dump';
}

const NEITHER = 'not a capture or a hex dump';

/** A magic number: bytes, or ASCII text; ANY matches any byte (a version digit). */
const ANY = -1;
type Magic = readonly number[] | string;
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

const OTHER_FORMATS: readonly {
  readonly format: OtherFormat;
  readonly magic: Magic;
  readonly what: string;
  readonly hint?: string;
}[] = [
  { format: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { format: 'jpeg', magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { format: 'gif', magic: [...ascii('GIF8'), ANY, ...ascii('a')], what: 'a GIF image' },
  { format: 'pdf', magic: '%PDF-', what: 'a PDF document' },
  { format: 'zip', magic: 'PK\x03\x04', what: 'a ZIP archive', hint: 'unpack the capture from it first' },
  { format: 'zip', magic: 'PK\x05\x06', what: 'an empty ZIP archive' },
  {
    format: 'xz',
    magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
    what: 'xz-compressed data',
    hint: 'unpack it first (xz -d); framescope unpacks gzip only',
  },
  {
    format: 'bzip2',
    // "BZh", the block size digit, the first block's magic (pi's digits): "BZh" alone may start a text.
    magic: [...ascii('BZh'), ANY, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59],
    what: 'bzip2-compressed data',
    hint: 'unpack it first (bunzip2); framescope unpacks gzip only',
  },
  {
    format: 'zstd',
    magic: [0x28, 0xb5, 0x2f, 0xfd],
    what: 'zstd-compressed data',
    hint: 'unpack it first (zstd -d); framescope unpacks gzip only',
  },
];

function startsWith(bytes: Uint8Array, magic: Magic): boolean {
  const codes = typeof magic === 'string' ? ascii(magic) : magic;
  return bytes.length >= codes.length && codes.every((code, i) => code === ANY || bytes[i] === code);
}

/** "7f 45 4c 46": the first bytes, as a hex editor shows them. */
function firstBytes(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4), hexByte).join(' ');
}

/** Bytes at the start of a text file that say how it is encoded (a byte-order mark). */
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

/** Control characters in text files: tab, line feed, vertical tab, form feed, carriage return, DOS end-of-file, ESC. */
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1a, 0x1b]);
/** How much of the start decides text or binary. */
const SAMPLE = 8192;

/**
 * Binary, not text: a NUL byte, or more than one character in ten that no text holds (control characters, bytes
 * that are not UTF-8). A Latin-1 accent in a comment or one stray control byte keeps a file text.
 */
function looksBinary(bytes: Uint8Array): boolean {
  if (startsWith(bytes, UTF16LE_BOM) || startsWith(bytes, UTF16BE_BOM)) return false;
  const sample = bytes.subarray(0, SAMPLE);
  let odd = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if ((b < 0x20 && !TEXT_CONTROLS.has(b)) || b === 0x7f) odd++;
  }
  // `stream`: a character cut at the sample's end is not counted as broken.
  const decoded = new TextDecoder('utf-8').decode(sample, { stream: true });
  for (let i = decoded.indexOf('\ufffd'); i >= 0; i = decoded.indexOf('\ufffd', i + 1)) odd++;
  return odd * 10 > sample.length;
}

/**
 * The text of a text file: UTF-16 after its byte-order mark, else UTF-8 (a byte-order mark dropped; invalid bytes
 * become U+FFFD, which the text parser reports by line and column).
 */
export function decodeText(bytes: Uint8Array): string {
  if (startsWith(bytes, UTF16LE_BOM)) return new TextDecoder('utf-16le').decode(bytes);
  if (startsWith(bytes, UTF16BE_BOM)) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

/** The unpacked start of gzip data: enough to tell what it holds, never the whole of a large (or hostile) file. */
function gunzipStart(bytes: Uint8Array): { data: Uint8Array } | { error: string } {
  const out: Uint8Array[] = [];
  let length = 0;
  const gunzip = new Gunzip((chunk) => {
    out.push(chunk);
    length += chunk.length;
  });
  // Small steps: one step unpacks at most about a thousand times its size.
  const STEP = 1024;
  try {
    for (let at = 0; at < bytes.length && length < SAMPLE; at += STEP)
      gunzip.push(bytes.subarray(at, at + STEP), false);
  } catch (error) {
    if (length === 0) return { error: error instanceof Error ? error.message : String(error) };
  }
  return { data: concatBytes(out, length) };
}

/** What non-capture bytes are, as a noun phrase: "a PNG image", "text", "binary data starting with 7f 45 4c 46". */
function whatItIs(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'nothing';
  if (captureKind(bytes) === 'gzip') return 'gzip data again';
  if (isModifiedPcap(bytes)) return MODIFIED_PCAP;
  const other = OTHER_FORMATS.find((f) => startsWith(bytes, f.magic));
  if (other) return other.what;
  return looksBinary(bytes) ? `binary data starting with ${firstBytes(bytes)}` : 'text';
}

function sniffGzip(bytes: Uint8Array): CaptureInput | NotInput {
  const unpacked = gunzipStart(bytes);
  if ('error' in unpacked)
    return { kind: 'gzip', message: `gzip-compressed, but the data cannot be unpacked (${unpacked.error})` };
  const inner = captureKind(unpacked.data);
  if (inner === 'pcap' || inner === 'pcapng')
    return { kind: 'capture', format: inner, compressed: true, message: `a gzip-compressed ${inner} capture` };
  return {
    kind: 'gzip',
    message: `gzip-compressed, but what it holds is not a pcap or pcapng capture (it holds ${whatItIs(unpacked.data)})`,
  };
}

/** What an input is from its first bytes (a few kilobytes are plenty; the whole input does as well). */
export function sniffHead(head: Uint8Array): HeadSniff {
  if (head.length === 0) return { kind: 'empty', message: 'empty (0 bytes)' };
  const capture = captureKind(head);
  if (capture === 'pcap' || capture === 'pcapng')
    return { kind: 'capture', format: capture, compressed: false, message: `a ${capture} capture` };
  if (capture === 'gzip') return sniffGzip(head);
  const other = OTHER_FORMATS.find((f) => startsWith(head, f.magic));
  if (other)
    return {
      kind: 'other-format',
      format: other.format,
      message: `${other.what}, ${NEITHER}${other.hint ? `: ${other.hint}` : ''}`,
    };
  if (isModifiedPcap(head)) return { kind: 'binary', message: MODIFIED_PCAP };
  if (looksBinary(head))
    return { kind: 'binary', message: `binary data that is neither pcap nor pcapng (starts with ${firstBytes(head)})` };
  return { kind: 'looks-like-text' };
}

/** What a whole input is; for text, the text and what the text parser made of it, so nobody parses it twice. */
export function sniffInput(bytes: Uint8Array): Sniffed {
  const head = sniffHead(bytes);
  if (head.kind !== 'looks-like-text') return head;
  const text = decodeText(bytes);
  const parsed = parseText(text);
  const frames = parsed.frames.length;
  if (frames > 0)
    return {
      kind: 'dump',
      text,
      parsed,
      message: `a hex dump (${parsed.format}, ${frames} frame${frames === 1 ? '' : 's'})`,
    };
  const message =
    text.trim() === ''
      ? 'text with nothing but white space in it'
      : 'text that holds no hex dump framescope recognises';
  return { kind: 'text', text, parsed, message };
}
