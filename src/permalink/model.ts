// What a permalink carries: one frame and how it is shown, as plain data (STYLE.md §9).
// These types are the link's contract; the state layer maps them to and from the store.

/** A "decode as" rule: dispatch table `table` sends key `key` to `protocol` ("none" for data). */
export interface LinkDecodeAs {
  readonly table: string;
  readonly key: number;
  readonly protocol: string;
}

/** Dissector options the link keeps; an absent option is the dissector's default. */
export interface LinkDissectOptions {
  readonly decodeAs: readonly LinkDecodeAs[];
  /** COTP formats; absent means "auto" (inferred from LI). */
  readonly cotpFormat?: 'normal' | 'extended';
  /** IPv4 header, TCP, UDP, ICMP and ICMPv6 checksums: every mismatch an error, or none checked; absent means "auto" (offload known). */
  readonly checksums?: 'on' | 'off';
  /** TCP sequence numbers as on the wire (false); absent means relative (Wireshark's default). */
  readonly relativeSequenceNumbers?: false;
}

/**
 * The selected tree node. Field ids repeat (one cotp.parameter_code per parameter), so an instance is its id and
 * its absolute offset; a layer header is its protocol name ("tpkt") and the layer's offset.
 */
export interface LinkSelection {
  readonly fieldId: string;
  readonly offset: number;
}

export type TreeMode = 'default' | 'all' | 'collapsed';

export interface LinkViewOptions {
  /** Which tree nodes are open: as first shown, everything ("Expand all"), or layers only ("Collapse all"). */
  readonly tree: TreeMode;
}

/** A second frame the shown one is compared with (the workbench): A, while `bytes` is B. */
export interface LinkComparison {
  readonly bytes: Uint8Array;
  readonly linkType: number;
  /** A is B before its edits ("compare with original"), rather than another frame. */
  readonly original: boolean;
}

/** When it was captured: seconds since 1970-01-01 UTC, nanoseconds, and the fraction digits the capture had (6 µs, 9 ns). */
export interface LinkTime {
  readonly seconds: number;
  readonly nanos: number;
  readonly digits: number;
}

/** The capture the frame was taken from: its number there, the file's name, and when it was captured. */
export interface LinkOrigin {
  /** 1-based, as in the capture's packet list. */
  readonly frame: number;
  /** The file's name, without a folder (the link does not carry the file). */
  readonly file: string;
  readonly time?: LinkTime;
}

export interface PermalinkState {
  readonly bytes: Uint8Array;
  /** pcap LINKTYPE_* value. */
  readonly linkType: number;
  readonly options: LinkDissectOptions;
  readonly selection?: LinkSelection;
  readonly view: LinkViewOptions;
  readonly compare?: LinkComparison;
  /** Absent: a pasted frame, shown as "Frame 1". */
  readonly origin?: LinkOrigin;
}

export const DEFAULT_VIEW: LinkViewOptions = { tree: 'default' };

/**
 * The largest frame a link carries: a 9 000-byte jumbo frame plus headroom (IEEE 802.3 stops at 1 518). A
 * link to it is about 12 300 characters at worst (incompressible bytes). Larger frames are shared as pcap.
 */
export const MAX_LINK_FRAME_BYTES = 9216;
export const MAX_DECODE_AS = 32;
/** Field ids are Wireshark display-filter names: the longest today is 34 characters. */
export const MAX_FIELD_ID_CHARS = 64;
export const MAX_NAME_CHARS = 32;
/** A file name's UTF-8 bytes (255 is the longest name most file systems allow). */
export const MAX_FILE_NAME_BYTES = 255;
/** Everything but the frame's bytes: rules, selection, options, framing. */
const MAX_METADATA_BYTES = 4096;
/** The largest uncompressed body a v1 link may hold (two frames when comparing); inflating stops past it (no inflate bomb). */
export const MAX_BODY_BYTES = 2 * MAX_LINK_FRAME_BYTES + MAX_METADATA_BYTES;
/** Longer fragments are refused before any decoding: base64 of the largest body, stored uncompressed. */
export const MAX_FRAGMENT_CHARS = 16 + Math.ceil(((MAX_BODY_BYTES + 8) * 4) / 3);

export const FIELD_ID = /^[A-Za-z][A-Za-z0-9_.-]*$/;
/** Dispatch table and protocol names: "tcp.port", "tpkt", "none". */
export const NAME = /^[a-z][a-z0-9_.-]*$/;
/** What a file name shown from a link may not hold: control characters, and the marks that reorder text around them. */
const UNSHOWABLE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** Why a state cannot become a link, or undefined when it can. Encoder and decoder apply the same rules. */
export function invalidReason(state: PermalinkState): string | undefined {
  const { bytes, linkType, options, selection, view } = state;
  if (bytes.length === 0) return 'there is no frame to link to';
  if (bytes.length > MAX_LINK_FRAME_BYTES) {
    return `the frame is ${bytes.length} bytes; links carry frames up to ${MAX_LINK_FRAME_BYTES} bytes`;
  }
  if (!isUint(linkType, 0xffff)) return `link type ${linkType} is not a pcap link type`;
  if (options.decodeAs.length > MAX_DECODE_AS) return `more than ${MAX_DECODE_AS} "decode as" rules`;
  for (const rule of options.decodeAs) {
    if (!isName(rule.table) || !isName(rule.protocol) || !isUint(rule.key, 0xffff_ffff)) {
      return 'a "decode as" rule is not one framescope can write';
    }
  }
  if (options.cotpFormat !== undefined && options.cotpFormat !== 'normal' && options.cotpFormat !== 'extended') {
    return 'unknown COTP format';
  }
  if (options.checksums !== undefined && options.checksums !== 'on' && options.checksums !== 'off') {
    return 'unknown checksum preference';
  }
  if (options.relativeSequenceNumbers !== undefined && options.relativeSequenceNumbers !== false) {
    return 'unknown sequence number preference';
  }
  if (selection) {
    const { fieldId, offset } = selection;
    if (fieldId.length > MAX_FIELD_ID_CHARS || !FIELD_ID.test(fieldId))
      return 'the selected field id is not one framescope writes';
    if (!isUint(offset, bytes.length)) return 'the selected field lies outside the frame';
  }
  if (view.tree !== 'default' && view.tree !== 'all' && view.tree !== 'collapsed') return 'unknown tree mode';
  if (state.compare) {
    const { bytes: other, linkType: otherLinkType, original } = state.compare;
    if (other.length === 0) return 'the frame compared with is empty';
    if (other.length > MAX_LINK_FRAME_BYTES) {
      return `the frame compared with is ${other.length} bytes; links carry frames up to ${MAX_LINK_FRAME_BYTES} bytes`;
    }
    if (!isUint(otherLinkType, 0xffff)) return `link type ${otherLinkType} is not a pcap link type`;
    if (typeof original !== 'boolean') return 'unknown comparison kind';
  }
  if (state.origin) {
    const { frame, file, time } = state.origin;
    if (!isUint(frame, 0xffff_ffff) || frame === 0) return 'the frame number it came from is not one';
    if (file === '' || new TextEncoder().encode(file).length > MAX_FILE_NAME_BYTES || UNSHOWABLE.test(file))
      return 'the name of the file it came from is not one framescope writes';
    if (time && (!isUint(time.seconds, 0xffff_ffff) || !isUint(time.nanos, 999_999_999) || !isUint(time.digits, 9)))
      return 'the time it was captured is not one';
  }
  return undefined;
}

function isUint(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= max;
}

function isName(text: string): boolean {
  return text.length <= MAX_NAME_CHARS && NAME.test(text);
}
