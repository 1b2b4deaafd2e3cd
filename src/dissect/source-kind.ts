// How each kind of reassembled source is named in text: the tree, the CLI and the UI say the same words.
import type { SourceKind } from './model';

export const SOURCE_KIND_NAMES: Readonly<Record<SourceKind, { readonly name: string; readonly a: string }>> = {
  tpkt: { name: 'TPKT', a: 'a TPKT' },
  tls: { name: 'TLS record', a: 'a TLS record' },
  'rdp-fastpath': { name: 'RDP fast-path PDU', a: 'an RDP fast-path PDU' },
  tsdu: { name: 'COTP TSDU', a: 'a COTP TSDU' },
};
