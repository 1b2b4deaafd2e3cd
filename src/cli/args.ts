// Command-line options, tshark-style where tshark has the option (-r, -V, -T json, -d/--decode-as).
import { parseDecodeAs, type DissectOptions } from '../dissect';

export type OutputMode = 'summary' | 'tree' | 'json' | 'annotate';

export interface Options {
  readonly mode: OutputMode;
  /** A path, or '-' for standard input; undefined when none was given. */
  readonly file?: string;
  readonly help: boolean;
  readonly version: boolean;
  /** Decode-as rules and the COTP format choice, handed to the dissector. */
  readonly dissect: DissectOptions;
}

export type ParsedArgs = { readonly ok: true; readonly options: Options } | { readonly ok: false; readonly error: string };

export const USAGE = `Usage: framescope [-V | --json | --annotate] [[-r] FILE | -]

Dissects frames pasted as text (a hex dump: offset lines such as "0000  00 00 a2 ..." or a
bare hex stream) down to Ethernet, IPv4, TCP, TPKT (RFC 1006) and COTP (ISO 8073), and says
which rule each odd byte breaks. FILE "-", or no FILE with piped input, reads standard input.
Capture files (pcap, pcapng) are not supported yet.

Output (one of):
  (default)        one line per frame: No. Time Source → Destination Protocol Length Info
                   Time is 0.000000: pasted text carries no timestamp. A frame with problems
                   ends in "  [!] " and their count, e.g. "  [!] 1 warning": grep -F '[!]'
  -V               the full field tree, as tshark -V: bit patterns for sub-byte fields,
                   [generated] values, (reserved) fields, each field's problems under it with
                   the rule they rest on. A citation ends a line ("— RFC 791 §3.1") where it
                   differs from the one above it: the layer line's citation holds for the
                   fields below it that have none.
  --json, -T json  one JSON document: {"frames": [...], "schema": {field id: label, cite,
                   reserved, mask, meaning} for the ids that occur, "problems": [...]}
  --annotate       one line per byte-owning field in offset order:
                   offset  raw bytes  id = value  (mask)  [severity code ...]

Decoding:
  -d, --decode-as TABLE==VALUE,PROTOCOL
                   force a dispatch entry, as tshark -d does: tcp.port==3390,tpkt decodes TPKT on
                   3390; tcp.port==102,none turns it off. Repeatable.
  --cotp-format auto|normal|extended
                   COTP normal or extended formats (negotiated in the CR/CC; "auto", the default,
                   infers it from the parity of LI and says so)

Other options:
  -r FILE          read FILE (the same as giving FILE alone)
  -h, --help       show this help
  --version        show the version

Exit status: 0 when frames were read, even partly (problems are reported, not fatal);
2 when nothing could be read, the file is missing or not text, or an option is wrong.
Problems with the input itself go to stderr as "framescope: FILE: line L, column C: message".
`;

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

  const setMode = (next: OutputMode, flag: string): string | undefined => {
    if (mode !== undefined && mode !== next) return `${flag} cannot be combined with another output option (choose one of -V, --json, --annotate)`;
    mode = next;
    return undefined;
  };
  const setFile = (path: string): string | undefined => {
    if (file !== undefined) return `only one input file can be read at a time (got "${file}" and "${path}")`;
    file = path;
    return undefined;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    let error: string | undefined;
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) error = setFile(arg);
    else if (arg === '--') optionsEnded = true;
    else if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '--version') version = true;
    else if (MODE_FLAGS[arg] !== undefined) error = setMode(MODE_FLAGS[arg], arg);
    else if (arg === '-d' || arg === '--decode-as') {
      const value = argv[++i];
      const rule = value === undefined ? undefined : parseDecodeAs(value);
      if (!rule) error = `${arg} needs a value such as tcp.port==3390,tpkt`;
      else if (!rule.ok) error = rule.error;
      else decodeAs.push(rule.value);
    } else if (arg === '--cotp-format') {
      const value = argv[++i];
      if (value !== 'auto' && value !== 'normal' && value !== 'extended') error = '--cotp-format takes auto, normal or extended';
      else cotpFormat = value;
    } else if (arg === '-r' || arg === '-T') {
      const value = argv[++i];
      if (value === undefined) error = `${arg} needs a value (${arg === '-r' ? 'a file name' : 'json'})`;
      else if (arg === '-r') error = setFile(value);
      else if (value !== 'json') error = `-T ${value} is not supported (only -T json)`;
      else error = setMode('json', '-T json');
    } else error = `unknown option ${arg}`;
    if (error) return { ok: false, error };
  }
  const dissect: DissectOptions = { ...(decodeAs.length > 0 ? { decodeAs } : {}), ...(cotpFormat ? { cotpFormat } : {}) };
  return { ok: true, options: { mode: mode ?? 'summary', ...(file !== undefined ? { file } : {}), help, version, dissect } };
}
