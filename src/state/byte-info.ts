// What the hex view's tooltip says about the byte under the pointer: the field a click would select (or the bit
// fields sharing the byte), its value and citation, and the layer — which PDU, when a segment holds several.
import { citeText } from '../dissect';
import type { Severity } from '../dissect/model';
import { bitGrid } from './bit-view';
import type { FrameView } from './frame-view';

export interface ByteField {
  readonly key: string;
  readonly id: string;
  /** The tree's text: "Reserved: 17 (0x11)", ".... 1... = Push: Set". */
  readonly label: string;
  /** "RFC 1006 §6"; absent for a field without a schema. */
  readonly cite?: string;
  readonly reserved: boolean;
  readonly severity?: Severity;
}

export interface ByteLayer {
  readonly protocol: string;
  readonly summary: string;
  /** "2 of 2" when the frame holds this protocol more than once (two TPKTs in one segment). */
  readonly ordinal?: string;
  /** The layer starts at this byte. */
  readonly starts: boolean;
}

export interface ByteInfo {
  readonly offset: number;
  readonly value: number;
  readonly fields: readonly ByteField[];
  readonly layer?: ByteLayer;
}

export function byteInfo(view: FrameView, offset: number): ByteInfo | undefined {
  const value = view.bytes[offset];
  if (value === undefined) return undefined;
  const owner = view.ownerOfByte[offset];
  // A byte split into bits belongs to each bit field: list them all, as the tree does under their octet.
  const keys = owner === undefined ? [] : (bitGrid(view, owner)?.members ?? [owner]);
  const fields = keys.map((key): ByteField => {
    const node = view.nodes.get(key)!;
    return {
      key,
      id: node.field!.id,
      label: node.label,
      ...(node.schema ? { cite: citeText(node.schema.cite) } : {}),
      reserved: node.schema?.reserved === true,
      ...(node.severity ? { severity: node.severity } : {}),
    };
  });
  const index = view.layerOfByte[offset] ?? -1;
  const layer = view.frame.layers[index];
  if (!layer) return { offset, value, fields };
  const same = view.frame.layers.filter((l) => l.protocol === layer.protocol);
  return {
    offset,
    value,
    fields,
    layer: {
      protocol: layer.protocol,
      summary: layer.summary,
      ...(same.length > 1 ? { ordinal: `${same.indexOf(layer) + 1} of ${same.length}` } : {}),
      starts: layerStartsAt(view, offset),
    },
  };
}

/** A layer starts at this byte: the first byte, or the layer differs from the byte before. */
export function layerStartsAt(view: FrameView, offset: number): boolean {
  const here = view.layerOfByte[offset] ?? -1;
  return here >= 0 && (offset === 0 || view.layerOfByte[offset - 1] !== here);
}
