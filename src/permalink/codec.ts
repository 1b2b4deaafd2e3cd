// The versioned permalink codec: PermalinkState <-> the text after "#".
// "v1." + base64url(container). The container is one format byte (0 stored, 1 raw deflate against
// DICTIONARY_V1), then the body followed by its CRC-32. Decoding treats the text as hostile: it is length-capped
// before any work, inflated under a hard output bound, checksummed, parsed with bounds-checked reads and
// validated; it never throws. Sections 5 (a second frame to compare with), 6 (the checksum preference), 7 (the
// capture frame it came from) and 8 (TCP sequence numbers as on the wire) were added within v1: a reader that predates
// one skips it (the first frame alone; checksums as its default; the frame shown as pasted; relative numbers), and
// every older link reads exactly as before (without section 6: "auto"; without section 8: relative numbers).
import { deflateSync, Inflate } from 'fflate';
import { fromBase64url, toBase64url } from './base64url';
import { DICTIONARY_V1 } from './dictionary-v1';
import {
  DEFAULT_VIEW,
  invalidReason,
  MAX_BODY_BYTES,
  MAX_DECODE_AS,
  MAX_FIELD_ID_CHARS,
  MAX_FILE_NAME_BYTES,
  MAX_FRAGMENT_CHARS,
  MAX_LINK_FRAME_BYTES,
  MAX_NAME_CHARS,
  type LinkComparison,
  type LinkDecodeAs,
  type LinkOrigin,
  type LinkSelection,
  type PermalinkState,
  type TreeMode,
} from './model';
import { ByteReader, ByteWriter, crc32 } from './wire';

export type PermalinkFailure = 'not-a-permalink' | 'unknown-version' | 'damaged' | 'too-large';

export type DecodeResult =
  | { readonly ok: true; readonly state: PermalinkState }
  | { readonly ok: false; readonly code: PermalinkFailure; readonly reason: string };

export type EncodeResult =
  | { readonly ok: true; readonly fragment: string }
  | { readonly ok: false; readonly code: 'too-large' | 'invalid'; readonly reason: string };

export const CURRENT_VERSION = 1;

const STORED = 0;
const DEFLATED = 1;
const CRC_BYTES = 4;

/** Optional body sections: tag, then a length-prefixed block. Readers skip tags they do not know. */
const TAG = {
  selection: 1,
  decodeAs: 2,
  cotpFormat: 3,
  tree: 4,
  compare: 5,
  checksums: 6,
  origin: 7,
  absoluteSequenceNumbers: 8,
} as const;
const COTP_FORMATS = ['normal', 'extended'] as const;
const CHECKSUM_MODES = ['on', 'off'] as const;
const TREE_MODES: readonly TreeMode[] = ['all', 'collapsed'];

// ---------------------------------------------------------------------------------------------- encoding

export function encodePermalink(state: PermalinkState): EncodeResult {
  const invalid = invalidReason(state);
  if (invalid !== undefined) {
    const tooLarge =
      state.bytes.length > MAX_LINK_FRAME_BYTES || (state.compare?.bytes.length ?? 0) > MAX_LINK_FRAME_BYTES;
    return { ok: false, code: tooLarge ? 'too-large' : 'invalid', reason: invalid };
  }
  const body = writeBodyV1(state);
  const payload = new Uint8Array(body.length + CRC_BYTES);
  payload.set(body);
  new DataView(payload.buffer).setUint32(body.length, crc32(body));
  const deflated = deflateSync(payload, { level: 9, mem: 8, dictionary: DICTIONARY_V1 });
  // Compress only when that is shorter: a short frame of varied bytes does not shrink.
  const container = deflated.length < payload.length ? withFormat(DEFLATED, deflated) : withFormat(STORED, payload);
  return { ok: true, fragment: `v${CURRENT_VERSION}.${toBase64url(container)}` };
}

function withFormat(format: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 1);
  out[0] = format;
  out.set(data, 1);
  return out;
}

function writeBodyV1(state: PermalinkState): Uint8Array {
  const w = new ByteWriter().varint(state.linkType).block(state.bytes);
  const section = (tag: number, content: ByteWriter) => w.varint(tag).block(content.finish());
  if (state.selection) {
    section(TAG.selection, new ByteWriter().varint(state.selection.offset).string(state.selection.fieldId));
  }
  for (const rule of state.options.decodeAs) {
    section(TAG.decodeAs, new ByteWriter().string(rule.table).varint(rule.key).string(rule.protocol));
  }
  if (state.options.cotpFormat !== undefined) {
    section(TAG.cotpFormat, new ByteWriter().byte(COTP_FORMATS.indexOf(state.options.cotpFormat) + 1));
  }
  if (state.options.checksums !== undefined) {
    section(TAG.checksums, new ByteWriter().byte(CHECKSUM_MODES.indexOf(state.options.checksums) + 1));
  }
  // Present only when off: one octet, 0 (relative numbers are the default, written as no section at all).
  if (state.options.relativeSequenceNumbers === false) section(TAG.absoluteSequenceNumbers, new ByteWriter().byte(0));
  if (state.view.tree !== 'default') section(TAG.tree, new ByteWriter().byte(TREE_MODES.indexOf(state.view.tree) + 1));
  if (state.compare) {
    const { bytes, linkType, original } = state.compare;
    section(
      TAG.compare,
      new ByteWriter()
        .varint(linkType)
        .byte(original ? 1 : 0)
        .block(bytes),
    );
  }
  if (state.origin) {
    const { frame, file, time } = state.origin;
    const origin = new ByteWriter().varint(frame).string(file);
    if (time) origin.varint(time.seconds).varint(time.nanos).byte(time.digits);
    section(TAG.origin, origin);
  }
  return w.finish();
}

// ---------------------------------------------------------------------------------------------- decoding

type Failure = { readonly ok: false; readonly code: PermalinkFailure; readonly reason: string };
type Step<T> = { readonly ok: true; readonly value: T } | Failure;

const damaged = (why: string): Failure => ({
  ok: false,
  code: 'damaged',
  reason: `This link is damaged (${why}). It may have been cut short or changed on its way here; ask for it again.`,
});
const tooLarge = (why: string): Failure => ({
  ok: false,
  code: 'too-large',
  reason: `This link is too large to open (${why}). Links carry frames of up to ${MAX_LINK_FRAME_BYTES} bytes; larger frames are shared as pcap files.`,
});

/**
 * Every format ever written, by version. A reader turns its version's text into the current state: when v2
 * arrives, v1's reader stays as it is and is followed by a v1 → v2 migration here, so old links keep working.
 */
const READERS: Readonly<Record<number, (text: string) => Step<PermalinkState>>> = {
  1: readV1,
};

/** The state a link describes, or why it cannot be opened. Accepts the text with or without its "#". */
export function decodePermalink(fragment: unknown): DecodeResult {
  try {
    const step = decode(fragment);
    return step.ok ? { ok: true, state: step.value } : step;
  } catch {
    // Unreachable by design; the promise "never throws" does not rest on that.
    return damaged('it could not be read');
  }
}

function decode(fragment: unknown): Step<PermalinkState> {
  if (typeof fragment !== 'string')
    return { ok: false, code: 'not-a-permalink', reason: 'There is no framescope link here.' };
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text.length > MAX_FRAGMENT_CHARS) {
    return tooLarge(`${text.length} characters; the longest link framescope writes is ${MAX_FRAGMENT_CHARS}`);
  }
  const match = /^v(\d{1,9})\.(.*)$/s.exec(text);
  if (!match) {
    return {
      ok: false,
      code: 'not-a-permalink',
      reason: 'The part of the address after "#" is not a framescope link (those start with "#v1.").',
    };
  }
  const version = Number(match[1]);
  const reader = Object.hasOwn(READERS, version) ? READERS[version] : undefined;
  if (!reader) {
    const newer = version > CURRENT_VERSION ? ' It may come from a newer framescope.' : '';
    return {
      ok: false,
      code: 'unknown-version',
      reason: `This link is in format v${version}, which this framescope cannot read (it reads ${Object.keys(READERS)
        .map((v) => `v${v}`)
        .join(', ')}).${newer}`,
    };
  }
  return reader(match[2]!);
}

function readV1(text: string): Step<PermalinkState> {
  const container = fromBase64url(text);
  if (!container) return damaged('it contains characters or a length a link never has');
  if (container.length === 0) return damaged('it is empty after "v1."');
  const format = container[0];
  const data = container.subarray(1);
  let payload: Uint8Array;
  if (format === STORED) {
    if (data.length > MAX_BODY_BYTES + CRC_BYTES) return tooLarge(`${data.length} bytes`);
    payload = data;
  } else if (format === DEFLATED) {
    const inflated = boundedInflate(data, MAX_BODY_BYTES + CRC_BYTES);
    if (!inflated.ok) return inflated;
    payload = inflated.value;
  } else {
    return damaged(`unknown storage format ${format}`);
  }
  if (payload.length < CRC_BYTES) return damaged('it is cut short');
  const body = payload.subarray(0, payload.length - CRC_BYTES);
  const stored = new DataView(payload.buffer, payload.byteOffset + body.length, CRC_BYTES).getUint32(0);
  if (stored !== crc32(body)) return damaged('its checksum does not match its contents');
  const state = readBodyV1(body);
  if (!state.ok) return state;
  const invalid = invalidReason(state.value);
  return invalid === undefined ? state : damaged(invalid);
}

/** Inflates raw deflate in small input slices and stops as soon as the output passes `limit`. */
function boundedInflate(data: Uint8Array, limit: number): Step<Uint8Array> {
  const SLICE = 256; // at most ~264 KB of output per slice (deflate expands at most 1032:1)
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const inflater = new Inflate({ dictionary: DICTIONARY_V1 }, (chunk, final) => {
    chunks.push(chunk);
    total += chunk.length;
    ended ||= final;
  });
  try {
    for (let at = 0; at < data.length && total <= limit; at += SLICE) {
      inflater.push(data.subarray(at, at + SLICE), at + SLICE >= data.length);
    }
  } catch {
    return damaged('its compressed data is corrupt or cut short');
  }
  if (total > limit) return tooLarge(`it unpacks to more than ${limit} bytes`);
  if (!ended) return damaged('its compressed data is cut short');
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return { ok: true, value: out };
}

function readBodyV1(body: Uint8Array): Step<PermalinkState> {
  const r = new ByteReader(body);
  const linkType = r.varint();
  if (linkType === undefined) return damaged('its link type is missing');
  const bytes = r.block(MAX_LINK_FRAME_BYTES);
  if (bytes === undefined) return damaged('its frame bytes are cut short or too many');
  let selection: LinkSelection | undefined;
  const decodeAs: LinkDecodeAs[] = [];
  let cotpFormat: 'normal' | 'extended' | undefined;
  let checksums: 'on' | 'off' | undefined;
  let relativeSequenceNumbers: false | undefined;
  let tree: TreeMode = DEFAULT_VIEW.tree;
  let compare: LinkComparison | undefined;
  let origin: LinkOrigin | undefined;
  const seen = new Set<number>();
  while (!r.done) {
    const tag = r.varint();
    const content = r.block(MAX_BODY_BYTES);
    if (tag === undefined || content === undefined) return damaged('a section is cut short');
    if (tag !== TAG.decodeAs && seen.has(tag)) return damaged(`section ${tag} appears twice`);
    seen.add(tag);
    const s = new ByteReader(content);
    switch (tag) {
      case TAG.selection: {
        const offset = s.varint();
        const fieldId = s.string(MAX_FIELD_ID_CHARS);
        if (offset === undefined || fieldId === undefined || !s.done)
          return damaged('its selected field cannot be read');
        selection = { fieldId, offset };
        break;
      }
      case TAG.decodeAs: {
        const table = s.string(MAX_NAME_CHARS);
        const key = s.varint();
        const protocol = s.string(MAX_NAME_CHARS);
        if (table === undefined || key === undefined || protocol === undefined || !s.done) {
          return damaged('a "decode as" rule cannot be read');
        }
        if (decodeAs.length >= MAX_DECODE_AS) return damaged(`more than ${MAX_DECODE_AS} "decode as" rules`);
        decodeAs.push({ table, key, protocol });
        break;
      }
      case TAG.cotpFormat: {
        const format = COTP_FORMATS[(s.byte() ?? 0) - 1];
        if (format === undefined || !s.done) return damaged('its COTP format cannot be read');
        cotpFormat = format;
        break;
      }
      case TAG.checksums: {
        const mode = CHECKSUM_MODES[(s.byte() ?? 0) - 1];
        if (mode === undefined || !s.done) return damaged('its checksum preference cannot be read');
        checksums = mode;
        break;
      }
      case TAG.absoluteSequenceNumbers: {
        if (s.byte() !== 0 || !s.done) return damaged('its sequence number preference cannot be read');
        relativeSequenceNumbers = false;
        break;
      }
      case TAG.tree: {
        const mode = TREE_MODES[(s.byte() ?? 0) - 1];
        if (mode === undefined || !s.done) return damaged('its tree view cannot be read');
        tree = mode;
        break;
      }
      case TAG.compare: {
        const otherLinkType = s.varint();
        const kind = s.byte();
        const other = s.block(MAX_LINK_FRAME_BYTES);
        if (otherLinkType === undefined || (kind !== 0 && kind !== 1) || other === undefined || !s.done) {
          return damaged('the frame it compares with cannot be read');
        }
        compare = { bytes: other, linkType: otherLinkType, original: kind === 1 };
        break;
      }
      case TAG.origin: {
        // The frame number and the file's name, then (optional) the time: seconds, nanoseconds, fraction digits.
        const frame = s.varint();
        const file = s.string(MAX_FILE_NAME_BYTES);
        if (frame === undefined || file === undefined) return damaged('the capture it came from cannot be read');
        if (s.done) {
          origin = { frame, file };
          break;
        }
        const seconds = s.varint();
        const nanos = s.varint();
        const digits = s.byte();
        if (seconds === undefined || nanos === undefined || digits === undefined || !s.done)
          return damaged('the time it was captured cannot be read');
        origin = { frame, file, time: { seconds, nanos, digits } };
        break;
      }
      default:
      // A section a later v1 writer added: what this reader knows is still right without it.
    }
  }
  const options = {
    decodeAs,
    ...(cotpFormat !== undefined ? { cotpFormat } : {}),
    ...(checksums !== undefined ? { checksums } : {}),
    ...(relativeSequenceNumbers !== undefined ? { relativeSequenceNumbers } : {}),
  };
  return {
    ok: true,
    value: {
      bytes,
      linkType,
      options,
      ...(selection ? { selection } : {}),
      view: { tree },
      ...(compare ? { compare } : {}),
      ...(origin ? { origin } : {}),
    },
  };
}
