export { parseText, linkTypeSummary } from './text';
export {
  detectLinkType,
  guessLinkType,
  linkTypeId,
  linkTypeName,
  LINK_TYPES,
  LINKTYPE_ETHERNET,
  LINKTYPE_IPV4,
  LINKTYPE_IPV6,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_LINUX_SLL2,
  LINKTYPE_LOOP,
  LINKTYPE_NULL,
  LINKTYPE_RAW,
} from './linktype';
export { TEXT_FORMATS } from './text-formats';
export { decodeText, readable, sniffHead, sniffInput } from './sniff';
export type { CaptureInput, HeadSniff, NotInput, OtherFormat, Sniffed, TextInput } from './sniff';
export type { ParsedInput, InputFrame } from './model';
export type { LinkType, LinkTypeGuess } from './linktype';
