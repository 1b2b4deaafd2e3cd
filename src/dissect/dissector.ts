// The contract between the engine and one protocol file. Protocol files never import each other:
// what an upper layer needs from a lower one travels in `Context`, what comes next is a dispatch key.
import type { Field, Problem } from './model';
import type { Bytes } from './reader';

/** Facts lower layers hand up (the TCP checksum needs the IP pseudo-header). */
export interface Context {
  readonly frameNumber: number;
  readonly linkType: number;
  /** IPv4 source and destination address bytes, and the protocol number, for pseudo-header sums. */
  readonly ipv4?: { readonly src: Bytes; readonly dst: Bytes; readonly proto: number };
  readonly tcp?: { readonly srcport: number; readonly dstport: number };
}

/** Where the next layer is looked up: a dispatch table and the key(s) to try in order. */
export interface Next {
  readonly table: DispatchTableName;
  readonly keys: readonly number[];
}

export type DispatchTableName = 'link' | 'eth.type' | 'ip.proto' | 'tcp.port' | 'tpkt' | 'cotp.data';

export interface LayerOutput {
  readonly fields: Field[];
  /** Problems that concern the layer, not one field (field problems live on the fields). */
  readonly problems: Problem[];
  readonly summary: string;
  /** Packet-list Info text this layer contributes. */
  readonly info?: string;
  readonly addresses?: { readonly source: string; readonly destination: string };
  /** Where this layer's own bytes end (header, or header + payload it consumed itself). */
  readonly end: number;
  /** The payload handed on, if any. */
  readonly payload?: { readonly offset: number; readonly end: number; readonly next?: Next };
  /** Context for the layers above. */
  readonly context?: Partial<Context>;
  /** Claims bytes after the payload (inside this layer's range) as its own trailer/padding fields. */
  readonly claimTrailer?: (bytes: Bytes, start: number, end: number) => Field[];
}

export interface DissectorInput {
  readonly bytes: Bytes;
  /** The layer's range [offset, end) within the frame. */
  readonly offset: number;
  readonly end: number;
  readonly context: Context;
}

export type Dissector = (input: DissectorInput) => LayerOutput;

export interface Protocol {
  readonly protocol: string;
  readonly dissect: Dissector;
  /** Dissect again on leftover payload bytes (several TPKTs in one segment, several TPDUs in one TPKT). */
  readonly repeat?: (bytes: Bytes, offset: number, end: number) => boolean;
}
