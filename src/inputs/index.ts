export { parseText } from './text';
export { detectLinkType, LINKTYPE_ETHERNET, LINKTYPE_IPV4 } from './linktype';
export type { ParsedInput, InputFrame } from './model';
