// Bit fields as Wireshark shows them: the fields that split the same bytes (TCP's flags, IPv4's version and header
// length, COTP's TPDU code and credit), each over its own bits, MSB first. Pure: the detail panel's bit grid and the
// hex view's tooltip read it.
import type { FrameView } from './frame-view';

export interface BitCell {
  readonly value: 0 | 1;
  /** The key of the bit field holding this bit, or undefined when none does. */
  readonly owner: string | undefined;
}

export interface BitGrid {
  /** The bytes the bits are in, [offset, offset + length). */
  readonly offset: number;
  readonly length: number;
  /** The field the bits make up, when one spans the same bytes (TCP's flags octet). */
  readonly header: string | undefined;
  /** Every bit of the span, the most significant first. */
  readonly cells: readonly BitCell[];
  /** The bit fields over the span, in tree order. */
  readonly members: readonly string[];
}

/** Is bit `position` (0 = the span's most significant) inside the mask? Arithmetic: a mask may exceed 32 bits. */
export function maskHasBit(mask: number, width: number, position: number): boolean {
  return Math.floor(mask / 2 ** (width - 1 - position)) % 2 === 1;
}

/**
 * The bit fields that share the bytes of node `key`: its masked siblings over the same span when it is a bit field,
 * or its masked children when it is the field they split. Undefined when there is no bit field to show.
 */
export function bitGrid(view: FrameView, key: string): BitGrid | undefined {
  const node = view.nodes.get(key);
  if (!node?.field) return undefined;
  const isBitField = node.schema?.mask !== undefined;
  const parent = node.parent === undefined ? undefined : view.nodes.get(node.parent);
  const pool = isBitField ? (parent?.children ?? []) : node.children;
  const members = pool.filter((k) => {
    const n = view.nodes.get(k)!;
    return (
      n.field !== undefined && n.schema?.mask !== undefined && n.offset === node.offset && n.length === node.length
    );
  });
  if (members.length === 0) return undefined;
  const spansSame =
    parent?.field !== undefined &&
    parent.schema?.mask === undefined &&
    parent.offset === node.offset &&
    parent.length === node.length;
  const header = !isBitField ? key : spansSame ? parent.key : undefined;

  const width = node.length * 8;
  const cells = Array.from({ length: width }, (_, position): BitCell => {
    const byte = view.bytes[node.offset + (position >> 3)] ?? 0;
    const value = ((byte >> (7 - (position & 7))) & 1) as 0 | 1;
    const owner = members.find((k) => maskHasBit(view.nodes.get(k)!.schema!.mask!, width, position));
    return { value, owner };
  });
  return { offset: node.offset, length: node.length, header, cells, members };
}
