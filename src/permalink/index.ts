// Permalinks: one frame and how it is shown <-> the text after "#" (pure; no DOM, no location).
export { encodePermalink, decodePermalink, CURRENT_VERSION } from './codec';
export type { DecodeResult, EncodeResult, PermalinkFailure } from './codec';
export { MAX_LINK_FRAME_BYTES, DEFAULT_VIEW } from './model';
export type {
  PermalinkState,
  LinkComparison,
  LinkDecodeAs,
  LinkDissectOptions,
  LinkOrigin,
  LinkSelection,
  LinkTime,
  LinkViewOptions,
  TreeMode,
} from './model';
