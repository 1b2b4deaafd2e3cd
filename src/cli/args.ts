// Command-line options, tshark-style where tshark has the option (-r, -V, -T json, -T fields, -e, -E, -d/--decode-as, -Y, -c).
import { parseDecodeAs, type DissectOptions } from '../dissect';
import { DEFAULT_FIELDS_FORMAT, type FieldsFormat } from '../export/fields';

export type OutputMode = 'summary' | 'tree' | 'json' | 'annotate' | 'fields';

export interface Options {
  readonly mode: OutputMode;
  /** A path, or '-' for standard input; undefined when none was given. */
  readonly file?: string;
  readonly help: boolean;
  readonly version: boolean;
  /** Decode-as rules, the COTP format and the checksum preference, handed to the dissector. */
  readonly dissect: DissectOptions;
  /** -Y: a display filter; only matching frames are written. */
  readonly filter?: string;
  /** -c: read at most this many frames. */
  readonly count?: number;
  /** --link-type: the link layer of pasted frames (a pcap LINKTYPE_*), instead of detecting it from their bytes. */
  readonly linkType?: number;
  /** Captures: follow TCP conversations and reassemble TPKTs and COTP TSDUs (on unless --no-reassembly). */
  readonly reassembly: boolean;
  /** -T fields: the ids given with -e, in order, and the -E layout. */
  readonly fields?: { readonly ids: readonly string[]; readonly format: FieldsFormat };
}

export type ParsedArgs =
  { readonly ok: true; readonly options: Options } | { readonly ok: false; readonly error: string };

export const USAGE = `Usage: framescope [-V | --json | --annotate | -T fields -e ID ...] [-Y FILTER] [-c N] [[-r] FILE | -]
       framescope diff [--json] A B      (the fields that differ between two frames; see diff --help)

Dissects frames from a capture file (pcap or pcapng, either one gzip-compressed: told by content,
not by name) or pasted as text (a hex dump: offset lines such as "0000  00 00 a2 ..." or a bare
hex stream) down to Ethernet (802.1Q tags), Linux cooked, loopback or raw IP, IPv4 or IPv6,
TCP, TPKT (RFC 1006) and COTP (ISO 8073) — and on RDP's port 3389 TLS records and fast-path
PDUs — and says which rule each odd byte breaks. FILE "-", or no FILE with piped input, reads
standard input. Captures stream: each frame is written as soon as it is read.

Output (one of):
  (default)        one line per frame: No. Time Source → Destination Protocol Length Info
                   Time is seconds since the first frame for a capture, 0.000000 for pasted
                   text (no timestamp); Length is on the wire. A frame with problems
                   ends in "  [!] " and their count, e.g. "  [!] 1 warning": grep -F '[!]'
  -V               the full field tree, as tshark -V: bit patterns for sub-byte fields,
                   [generated] values, (reserved) fields, each field's problems under it with
                   the rule they rest on. A citation ends a line ("— RFC 791 §3.1") where it
                   differs from the one above it: the layer line's citation holds for the
                   fields below it that have none.
  --json, -T json  one JSON document: {"version": 1, "frames": [...], "schema": {field id:
                   label, cite, reserved, mask, meaning} for the ids that occur, "problems": [...]}
  --annotate       one line per byte-owning field in offset order:
                   offset  raw bytes  id = value  (mask)  [severity code ...]
  -T fields -e ID [-e ID ...]
                   one line per frame: the values of the fields named, as tshark -T fields
                   writes them (integers in decimal, or 0x.. where Wireshark shows hex;
                   booleans 1/0; several occurrences joined by ","). ID is a field name
                   (ip.src, cotp.type, tcp.port), frame.number, frame.time_relative,
                   frame.time_epoch, frame.len, frame.cap_len, frame.protocols, or a column:
                   _ws.col.No., _ws.col.Time, _ws.col.Source, _ws.col.Destination,
                   _ws.col.Protocol, _ws.col.Length, _ws.col.Info
  -E OPTION=VALUE  how -T fields lays them out, as tshark -E: header=y|n (a first line of
                   the names), separator=/t|/s|<char> (between fields; tab by default),
                   occurrence=f|l|a (first, last or all occurrences), aggregator=,|/s|<char>
                   (between occurrences), quote=d|s|n (around each value), bom=y|n

Decoding:
  -d, --decode-as TABLE==VALUE,PROTOCOL
                   force a dispatch entry, as tshark -d does: tcp.port==3390,tpkt decodes TPKT on
                   3390; tcp.port==102,none turns it off. Repeatable.
  --cotp-format auto|normal|extended
                   COTP normal or extended formats (negotiated in the CR/CC; "auto", the default,
                   infers it from the parity of LI and says so)
  --checksums auto|on|off
                   IPv4 header, TCP, UDP, ICMP and ICMPv6 checksums. "auto" (the default)
                   verifies them and knows the values a sending host leaves for its network
                   card to fill in (checksum offload: IPv4 0x0000, TCP and UDP the pseudo-header
                   sum): those show as "offloaded to the NIC", not as errors, and a capture says
                   once which hosts did it. "on": every mismatch is an error, offload included.
                   "off": nothing is verified (tshark's default)

  -o tcp.relative_sequence_numbers:TRUE|FALSE
                   TCP sequence and acknowledgment numbers (tcp.seq, tcp.ack, tcp.nxtseq, Info's
                   Seq= and Ack=, SACK edges) relative to each direction's first, as tshark shows
                   them (TRUE, the default), or as on the wire (FALSE). tcp.seq_raw and tcp.ack_raw
                   are always the numbers on the wire. tshark's -o form; no other preference

Selecting frames:
  -Y, --display-filter FILTER
                   only frames matching a Wireshark display filter (a subset): field presence
                   (cotp), comparisons (tcp.port == 102, cotp.type == 0x0d, tpkt.reserved != 0),
                   contains, matches, in {...}, && || ! and parentheses; _ws.expert: frames
                   with problems (_ws.expert.severity >= warning: warnings and errors only)
  -c N             read only the first N frames

Captures:
  --no-reassembly  dissect each frame on its own. By default TCP conversations are followed:
                   a TPKT split across segments is decoded in the frame where it completes
                   (earlier frames say "[TPKT segment, completed in frame N]"), COTP DT TPDUs
                   are joined up to EOT into a TSDU, retransmissions are flagged and not
                   decoded twice, keep-alives are told apart. On RDP, once the X.224 handshake
                   chose TLS or CredSSP every later byte is a TLS record ("[TLS segment, …]"). -V shows each reassembled PDU with the frames its bytes came from.
                   The file is read once; a frame holding part of a PDU is written when the PDU
                   completes (at most 1024 frames wait: past that the oldest is written without
                   the number of the frame that completes it, as tshark's one pass writes it).

Pasted text:
  Any common dump, told apart by its shape: tcpdump -xx/-XX, tshark -x, Wireshark's copies,
  od, xxd, hexdump (-C), gdb x/Nbx, router dumps, C arrays, \\x escapes, 0x.. or colon-separated
  bytes, hex streams, base64, a Hex Packet Decoder or CyberChef link. Several frames: dumps whose
  offsets restart at 0, or byte lists separated by a blank line. The link layer of each frame is
  detected from its bytes (Ethernet II, raw IPv4/IPv6, Linux cooked v1/v2, BSD loopback).
  --link-type N    decode every pasted frame with pcap link type N instead (1 Ethernet,
                   228 raw IPv4, 229 raw IPv6, 113 Linux cooked, 276 Linux cooked v2,
                   0 BSD loopback, 101 raw IP); capture files say their own

Other options:
  -r FILE          read FILE (the same as giving FILE alone)
  -h, --help       show this help
  --version        show the version

Exit status: 0 when frames were read, even partly (problems are reported, not fatal);
2 when nothing could be read, the file is missing, or an option or the filter is wrong. Input
that is neither a capture nor a hex dump is named on one line: "framescope: FILE is a PNG
image, not a capture or a hex dump", "... is empty (0 bytes)", "... is binary data that is
neither pcap nor pcapng (starts with 7f 45 4c 46)".
Problems with the input itself go to stderr as "framescope: FILE: line L, column C: message"
for text, "framescope: FILE: byte OFFSET (0xHEX): message" for a capture file.
`;

const FIELD_OPTIONS =
  'header=y|n, separator=/t|/s|<char>, occurrence=f|l|a, aggregator=,|/s|<char>, quote=d|s|n, bom=y|n';

/** One -E NAME=VALUE, read as tshark reads it (the first character of VALUE decides); undefined when not valid. */
export function parseFieldOption(text: string, format: FieldsFormat): FieldsFormat | undefined {
  const at = text.indexOf('=');
  const name = text.slice(0, at);
  const [first, second] = [...text.slice(at + 1)];
  if (at < 0 || first === undefined) return undefined;
  // tshark: "/t" is a tab and "/s" a space; "/" before anything else is a backslash.
  const slashed = (allowTab: boolean) =>
    first !== '/' ? first : second === 's' ? ' ' : second === 't' && allowTab ? '\t' : '\\';
  const yesNo = first === 'y' ? true : first === 'n' ? false : undefined;
  switch (name) {
    case 'header':
    case 'bom':
      return yesNo === undefined ? undefined : { ...format, [name]: yesNo };
    case 'separator':
      return { ...format, separator: slashed(true) };
    case 'aggregator':
      return { ...format, aggregator: slashed(false) };
    case 'occurrence': {
      const occurrence = ({ f: 'first', l: 'last', a: 'all' } as const)[first as 'f' | 'l' | 'a'];
      return occurrence ? { ...format, occurrence } : undefined;
    }
    case 'quote': {
      const quote = ({ d: '"', s: "'", n: '' } as const)[first as 'd' | 's' | 'n'];
      return quote === undefined ? undefined : { ...format, quote };
    }
  }
  return undefined;
}

/** Short options that take a value may have it attached, as getopt allows: -Tfields, -eip.src, -Eheader=y. */
const ATTACHED = /^-([rTeEYcdo])(.+)$/;

/** The tshark preferences `-o` takes (NAME:VALUE): only this one, so far. */
const PREFERENCE = /^tcp\.relative_sequence_numbers:(TRUE|FALSE)$/i;
const PREFERENCES = 'tcp.relative_sequence_numbers:TRUE|FALSE';

const MODE_FLAGS: Readonly<Record<string, OutputMode>> = { '-V': 'tree', '--json': 'json', '--annotate': 'annotate' };

/** Never throws: a usage error is data the caller turns into exit status 2. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  let mode: OutputMode | undefined;
  let file: string | undefined;
  let help = false;
  let version = false;
  let optionsEnded = false;
  const decodeAs: NonNullable<DissectOptions['decodeAs']>[number][] = [];
  let cotpFormat: DissectOptions['cotpFormat'];
  let checksums: DissectOptions['checksums'];
  let relativeSequenceNumbers: boolean | undefined;
  let filter: string | undefined;
  let count: number | undefined;
  let linkType: number | undefined;
  let reassembly = true;
  const fieldIds: string[] = [];
  let fieldsFormat = DEFAULT_FIELDS_FORMAT;
  let fieldsOptionSeen = false;

  const setMode = (next: OutputMode, flag: string): string | undefined => {
    if (mode !== undefined && mode !== next)
      return `${flag} cannot be combined with another output option (choose one of -V, --json, --annotate, -T fields)`;
    mode = next;
    return undefined;
  };
  const setFile = (path: string): string | undefined => {
    if (file !== undefined) return `only one input file can be read at a time (got "${file}" and "${path}")`;
    file = path;
    return undefined;
  };

  for (let i = 0; i < argv.length; i++) {
    const attached = optionsEnded ? null : ATTACHED.exec(argv[i]!);
    const arg = attached ? `-${attached[1]}` : argv[i]!;
    const valueOf = () => (attached ? attached[2] : argv[++i]);
    let error: string | undefined;
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) error = setFile(arg);
    else if (arg === '--') optionsEnded = true;
    else if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '--version') version = true;
    else if (arg === '--no-reassembly') reassembly = false;
    else if (MODE_FLAGS[arg] !== undefined) error = setMode(MODE_FLAGS[arg], arg);
    else if (arg === '-d' || arg === '--decode-as') {
      const value = valueOf();
      const rule = value === undefined ? undefined : parseDecodeAs(value);
      if (!rule) error = `${arg} needs a value such as tcp.port==3390,tpkt`;
      else if (!rule.ok) error = rule.error;
      else decodeAs.push(rule.value);
    } else if (arg === '--cotp-format') {
      const value = valueOf();
      if (value !== 'auto' && value !== 'normal' && value !== 'extended')
        error = '--cotp-format takes auto, normal or extended';
      else cotpFormat = value;
    } else if (arg === '--checksums') {
      const value = argv[++i];
      if (value !== 'auto' && value !== 'on' && value !== 'off') error = '--checksums takes auto, on or off';
      else checksums = value;
    } else if (arg === '-o') {
      const value = valueOf();
      const preference = value === undefined ? undefined : PREFERENCE.exec(value);
      if (!preference) error = `-o takes a preference as tshark does: ${PREFERENCES}`;
      else relativeSequenceNumbers = preference[1]!.toUpperCase() === 'TRUE';
    } else if (arg === '-Y' || arg === '--display-filter') {
      const value = valueOf();
      if (value === undefined) error = `${arg} needs a display filter, such as "cotp.type == 0x0d"`;
      else filter = value;
    } else if (arg === '-c') {
      const value = valueOf();
      if (value === undefined || !/^[1-9]\d*$/.test(value)) error = '-c needs a count of frames (1 or more)';
      else count = Number(value);
    } else if (arg === '--link-type') {
      const value = valueOf();
      if (value === undefined || !/^\d{1,5}$/.test(value))
        error = '--link-type needs a pcap link type number, such as 1 (Ethernet) or 228 (raw IPv4)';
      else linkType = Number(value);
    } else if (arg === '-r' || arg === '-T') {
      const value = valueOf();
      if (value === undefined) error = `${arg} needs a value (${arg === '-r' ? 'a file name' : 'json or fields'})`;
      else if (arg === '-r') error = setFile(value);
      else if (value !== 'json' && value !== 'fields')
        error = `-T ${value} is not supported (only -T json and -T fields)`;
      else error = setMode(value, `-T ${value}`);
    } else if (arg === '-e') {
      const value = valueOf();
      if (!value) error = '-e needs a field name, such as ip.src or cotp.type';
      else fieldIds.push(value);
    } else if (arg === '-E') {
      const value = valueOf() ?? '';
      const next = parseFieldOption(value, fieldsFormat);
      if (!next) error = `-E ${value} is not a valid field output option=value pair (${FIELD_OPTIONS})`;
      else fieldsFormat = next;
      fieldsOptionSeen = true;
    } else error = `unknown option ${arg}`;
    if (error) return { ok: false, error };
  }
  if (mode === 'fields' && fieldIds.length === 0)
    return {
      ok: false,
      error: '-T fields needs the fields to write, each with -e (such as -e frame.number -e ip.src)',
    };
  if (mode !== 'fields' && (fieldIds.length > 0 || fieldsOptionSeen))
    return { ok: false, error: `${fieldIds.length > 0 ? '-e' : '-E'} needs -T fields` };
  const dissect: DissectOptions = {
    ...(decodeAs.length > 0 ? { decodeAs } : {}),
    ...(cotpFormat ? { cotpFormat } : {}),
    ...(checksums ? { checksums } : {}),
    ...(relativeSequenceNumbers === false ? { relativeSequenceNumbers } : {}),
  };
  return {
    ok: true,
    options: {
      mode: mode ?? 'summary',
      ...(file !== undefined ? { file } : {}),
      help,
      version,
      dissect,
      ...(filter !== undefined ? { filter } : {}),
      ...(count !== undefined ? { count } : {}),
      ...(linkType !== undefined ? { linkType } : {}),
      reassembly,
      ...(mode === 'fields' ? { fields: { ids: fieldIds, format: fieldsFormat } } : {}),
    },
  };
}
