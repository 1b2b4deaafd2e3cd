// The dissector's public face: what the state layer, the worker, the CLI and the tests import.
export { dissectFrame } from './engine';
export { SCHEMA, TABLES } from './schema';
export { allLayers, fieldPathAt, walkFields, fieldsById } from './query';
export { citeText } from './cite';
export { documentTitle } from './documents';
export { fieldLabel, hexByte, hexDigits, hexNumber, maskBits, maskHex } from './format';
export type * from './model';
export { SEVERITIES, worse, worstOf } from './severity';
export { SOURCE_KIND_NAMES } from './source-kind';
export { parseDecodeAs, decodeAsText } from './decode-as';
export type { ChecksumMode, DecodeAs, DissectOptions } from './dissector';
export { diffFrames, type Difference } from './diff';
export { applyFix, availableFixes, type Fix, type FixKind } from './fixes';
export { createOffloadTally, offloadSummary, type OffloadHost } from './offload';
export { DECODED_PROTOCOLS, DECODE_AS_PROTOCOLS, NAMED_ONLY_PROTOCOLS, type KnownProtocol } from './protocol-list';
