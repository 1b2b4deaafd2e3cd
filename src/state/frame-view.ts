// What the panes need from one dissected frame, computed once per input change (STYLE.md §12):
// a keyed tree (field ids repeat — cotp.parameter_code appears once per parameter — so nodes are keyed by
// their position), every problem placed on a node, the deepest field under each byte, and per-byte marks.
import { fieldPathAt, SCHEMA, worse } from '../dissect';
import type { Field, FieldSchema, Frame, Layer, Problem, Severity } from '../dissect/model';
import { fieldLabel } from './format';

export interface TreeNode {
  /** "2" for the third layer's header, "2-0-1" for the second child of its first field. */
  readonly key: string;
  readonly parent: string | undefined;
  /** 1 for a layer header, 2 for its top-level fields, and so on (aria-level). */
  readonly depth: number;
  readonly children: readonly string[];
  readonly layer: Layer;
  /** Absent on a layer header. */
  readonly field?: Field;
  /** The field's static facts (label, citation, mask, reserved, meaning); absent on a layer header. */
  readonly schema?: FieldSchema;
  readonly offset: number;
  readonly length: number;
  readonly label: string;
  /**
   * The problems shown on this node: a field's own, plus frame problems that name this field without being
   * attached to it; a layer header gets the frame problems in its span that no field takes (a truncation).
   */
  readonly problems: readonly Problem[];
  /** The worst of `problems`. */
  readonly severity?: Severity;
  /** The worst problem in this node's subtree, itself included (shown on collapsed parents). */
  readonly innerSeverity?: Severity;
}

/** Bit flags per byte in `FrameView.byteMarks`. */
export const BYTE_RESERVED = 1;
export const BYTE_NOTE = 2;
export const BYTE_WARNING = 4;
export const BYTE_ERROR = 8;
/** No layer's span covers the byte. */
export const BYTE_UNCLAIMED = 16;

const SEVERITY_MARK: Record<Severity, number> = { note: BYTE_NOTE, warning: BYTE_WARNING, error: BYTE_ERROR };

export interface FrameView {
  readonly frame: Frame;
  readonly bytes: Uint8Array;
  readonly nodes: ReadonlyMap<string, TreeNode>;
  /** Every node key in tree order (pre-order). */
  readonly order: readonly string[];
  /** Key of the deepest field owning each byte (from the core's fieldPathAt), or undefined. */
  readonly ownerOfByte: readonly (string | undefined)[];
  readonly byteMarks: Uint8Array;
  /**
   * Index in `frame.layers` of the layer each byte belongs to (the last one whose span holds it), -1 for none: the hex
   * view shades alternate layers and marks where each starts, so several PDUs in one segment show as such.
   */
  readonly layerOfByte: Int16Array;
}

type Draft = { -readonly [K in keyof TreeNode]: TreeNode[K] } & { problems: Problem[] };

export function buildFrameView(frame: Frame, bytes: Uint8Array): FrameView {
  const drafts = new Map<string, Draft>();
  const order: string[] = [];
  const keyOfField = new Map<Field, string>();

  // 1. The tree, in pre-order.
  const addField = (field: Field, key: string, parent: string, depth: number, layer: Layer) => {
    const schema = SCHEMA[field.id];
    const children = (field.children ?? []).map((_, i) => `${key}-${i}`);
    order.push(key);
    keyOfField.set(field, key);
    drafts.set(key, {
      key,
      parent,
      depth,
      children,
      layer,
      field,
      offset: field.offset,
      length: field.length,
      label: fieldLabel(field, schema),
      problems: [...(field.problems ?? [])],
      ...(schema ? { schema } : {}),
    });
    field.children?.forEach((child, i) => addField(child, children[i]!, key, depth + 1, layer));
  };
  frame.layers.forEach((layer, li) => {
    const key = String(li);
    const children = layer.fields.map((_, i) => `${key}-${i}`);
    order.push(key);
    drafts.set(key, {
      key,
      parent: undefined,
      depth: 1,
      children,
      layer,
      offset: layer.offset,
      length: layer.length,
      // A quoted datagram's layers stand beside the ICMP error's rather than under it: the label says whose they are.
      label: layer.quoted ? `${layer.summary} (quoted in the error message)` : layer.summary,
      problems: [],
    });
    layer.fields.forEach((field, i) => addField(field, children[i]!, key, 2, layer));
  });
  const ownerOfByte = Array.from({ length: bytes.length }, (_, offset) => {
    const path = fieldPathAt(frame, offset);
    const deepest = path[path.length - 1];
    return deepest ? keyOfField.get(deepest) : undefined;
  });
  const view: FrameView = {
    frame,
    bytes,
    nodes: drafts,
    order,
    ownerOfByte,
    byteMarks: new Uint8Array(bytes.length),
    layerOfByte: layerOfByte(frame, bytes.length),
  };

  // 2. Frame problems no field carries go to the field they name, else to the layer they fall in.
  const carried = new Set(order.flatMap((k) => drafts.get(k)!.problems));
  for (const problem of frame.problems) {
    if (carried.has(problem)) continue;
    const named = problem.fieldId !== undefined ? fieldNode(view, problem.fieldId, problem.offset) : undefined;
    const home = named ?? layerAt(view, problem.offset);
    if (home !== undefined) drafts.get(home)!.problems.push(problem);
  }

  // 3. Severities, children before parents (reverse pre-order).
  for (const key of [...order].reverse()) {
    const node = drafts.get(key)!;
    for (const p of node.problems) node.severity = worse(node.severity, p.severity);
    node.innerSeverity = node.children.reduce((s, k) => worse(s, drafts.get(k)!.innerSeverity), node.severity);
    if (node.severity === undefined) delete node.severity;
    if (node.innerSeverity === undefined) delete node.innerSeverity;
  }

  // 4. Byte marks for the hex view.
  const marks = view.byteMarks;
  marks.fill(BYTE_UNCLAIMED);
  const mark = (offset: number, length: number, flag: number) => {
    const end = Math.min(offset + length, marks.length);
    for (let i = Math.max(offset, 0); i < end; i++) marks[i] = (marks[i]! | flag) & ~BYTE_UNCLAIMED;
  };
  for (const key of order) {
    const node = drafts.get(key)!;
    if (!node.field) mark(node.offset, node.length, 0);
    if (node.schema?.reserved) mark(node.offset, node.length, BYTE_RESERVED);
    if (node.field && node.severity) mark(node.offset, node.length, SEVERITY_MARK[node.severity]);
  }
  return view;
}

/** Later layers win where spans overlap: Ethernet's span holds its trailer, and the IP packet before it. */
function layerOfByte(frame: Frame, length: number): Int16Array {
  const layers = new Int16Array(length).fill(-1);
  frame.layers.forEach((layer, index) =>
    layers.fill(index, Math.max(0, layer.offset), Math.min(length, layer.offset + layer.length)),
  );
  return layers;
}

/** The field node with this id, at this offset if one is given. */
function fieldNode(view: FrameView, fieldId: string, offset: number | undefined): string | undefined {
  return view.order.find((key) => {
    const f = view.nodes.get(key)!.field;
    return f !== undefined && f.id === fieldId && (offset === undefined || f.offset === offset);
  });
}

/** The last layer starting at or before the offset (a truncation sits at, or past, its layer's end). */
function layerAt(view: FrameView, offset: number | undefined): string | undefined {
  if (offset === undefined) return undefined;
  let found: string | undefined;
  for (const key of view.order) {
    const node = view.nodes.get(key)!;
    if (node.depth === 1 && node.offset <= offset) found = key;
  }
  return found;
}

/**
 * Keys expanded when a frame is first shown: every layer; every field made of sub-fields with bytes of their own
 * (a COTP parameter's code, length and value), but not one that is only split into bits or has only computed
 * children (Wireshark's flags and checksums); and every node on the way to a problem.
 */
export function initiallyExpanded(view: FrameView): Set<string> {
  const expanded = new Set<string>();
  for (const key of view.order) {
    const node = view.nodes.get(key)!;
    const structural = node.children.some((k) => {
      const child = view.nodes.get(k)!;
      return child.schema?.mask === undefined && !child.field?.generated;
    });
    if (node.depth === 1 || structural || (node.innerSeverity !== undefined && node.children.length > 0))
      expanded.add(key);
  }
  return expanded;
}

/** Node keys shown by the tree, in order: a node is shown when all its ancestors are expanded. */
export function visibleKeys(view: FrameView, expanded: ReadonlySet<string>): string[] {
  const shown: string[] = [];
  const visit = (key: string) => {
    shown.push(key);
    const node = view.nodes.get(key)!;
    if (expanded.has(key)) node.children.forEach(visit);
  };
  for (const key of view.order) if (view.nodes.get(key)!.depth === 1) visit(key);
  return shown;
}

export function ancestorsOf(view: FrameView, key: string): string[] {
  const out: string[] = [];
  for (let k = view.nodes.get(key)?.parent; k !== undefined; k = view.nodes.get(k)?.parent) out.push(k);
  return out;
}

/** The node showing a problem: the one it was placed on, else the deepest field at its offset. */
export function nodeForProblem(view: FrameView, problem: Problem): string | undefined {
  const home = view.order.find((key) => view.nodes.get(key)!.problems.includes(problem));
  return home ?? (problem.offset !== undefined ? view.ownerOfByte[problem.offset] : undefined);
}
