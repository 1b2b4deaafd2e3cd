// Where a dissector's fields go. One dissector, several sinks — Wireshark's tree and NULL tree:
// - the tree sink builds `Field` objects (the frame on screen, `-V`, `--json`, exports), problems attached in one
//   pass when the layer is done;
// - the lean sink builds none: it keeps each layer's span, the frame's problems, and the values of only the field ids
//   someone asked for (a display filter's fields, the stream tracker's facts). Bulk passes use it.
// A dissector never reads its output back: it reads wire values into locals and decides from those, and it names a
// field it reports a problem on by the handle the sink gave it.
import type { Field, FieldValue, Frame, FrameSource, FrameSummary, Problem } from './model';
import type { FieldSpec } from './spec';
import type { Bytes } from './reader';
import { compiled, field as buildField, inBounds, outOfBounds, ruleProblem } from './build';
import { merged } from './merged';

/** A sink's handle for an emitted field, for problems and children. */
export type FieldRef = number;
/** No field (a layer-level problem has no field). */
export const NO_FIELD: FieldRef = -1;

/** What a dissector may say about a field beyond its spec and span. Children go through `open`/`close`. */
export interface EmitOptions {
  /** A value not read from the span (a computed checksum, a count). */
  readonly value?: FieldValue;
  /** The text shown; only the tree sink uses it, so text costly to make is made only when `sink.tree`. */
  readonly display?: string;
  /** A value not read from the frame's bytes. */
  readonly generated?: true;
}

export interface LayerSink {
  /** True when `Field` objects are built: text only a reader sees (displays, summaries) is wanted. */
  readonly tree: boolean;
  /** A field of `spec` over [offset, offset + length) of the bytes (its bit fields come with it). */
  field(spec: FieldSpec, offset: number, length: number, options?: EmitOptions): FieldRef;
  /** A field whose children are the fields emitted until the matching `close()`. */
  open(spec: FieldSpec, offset: number, length: number, options?: EmitOptions): FieldRef;
  close(): void;
  /**
   * A fixed layout (`at`/`size` relative to `base`), in order, up to `end`: the first spec that does not fit, or
   * undefined when all did. Fields are emitted until then.
   */
  fixed(layout: readonly FieldSpec[], base: number, end: number): FieldSpec | undefined;
  /**
   * A problem on a field: on the field `ref` names, or — when `problem.fieldId` names one of its bit fields — on that
   * bit field. `NO_FIELD`: a problem of the layer.
   */
  problem(ref: FieldRef, problem: Problem): void;
  /** A field made elsewhere (the stream layer's segment fields). */
  adopt(field: Field): void;
  /** The handle of the latest field emitted with this spec (one `fixed` emitted, say); NO_FIELD when there is none. */
  refOf(spec: FieldSpec): FieldRef;
}

// ---- The tree sink

interface Node {
  readonly spec: FieldSpec | undefined;
  field: Field;
  problems?: Problem[];
  children?: number[];
}

/** One layer's fields as objects: `fields()` once the layer (and anything claimed after its upper layers) is done. */
export class TreeLayer implements LayerSink {
  readonly tree = true;
  private readonly nodes: Node[] = [];
  private readonly top: number[] = [];
  private readonly stack: number[] = [];
  private readonly layerProblems: Problem[] = [];

  /** `quoted`: a layer of the datagram an ICMP error quotes, where being cut short is no fault (Context.quote). */
  constructor(
    private readonly bytes: Bytes,
    private readonly quoted = false,
  ) {}

  private add(f: Field, spec: FieldSpec | undefined): FieldRef {
    const ref = this.nodes.length;
    this.nodes.push({ spec, field: f });
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) this.top.push(ref);
    else (this.nodes[parent]!.children ??= []).push(ref);
    return ref;
  }

  field(spec: FieldSpec, offset: number, length: number, options?: EmitOptions): FieldRef {
    return this.add(buildField(spec, this.bytes, offset, length, options), spec);
  }

  refOf(spec: FieldSpec): FieldRef {
    for (let i = this.nodes.length - 1; i >= 0; i--) if (this.nodes[i]!.spec === spec) return i;
    return NO_FIELD;
  }

  open(spec: FieldSpec, offset: number, length: number, options?: EmitOptions): FieldRef {
    const ref = this.field(spec, offset, length, options);
    this.stack.push(ref);
    return ref;
  }

  close(): void {
    this.stack.pop();
  }

  fixed(layout: readonly FieldSpec[], base: number, end: number): FieldSpec | undefined {
    const limit = Math.min(end, this.bytes.length);
    for (const spec of fixedSpecs(layout)) {
      const offset = base + spec.at!;
      if (offset + spec.size! > limit || !inBounds(this.bytes, offset, spec.size!)) return spec;
      this.add(buildField(spec, this.bytes, offset, spec.size!), spec);
    }
    return undefined;
  }

  problem(ref: FieldRef, problem: Problem): void {
    if (this.quoted && problem.code === 'truncated') return;
    if (ref === NO_FIELD) this.layerProblems.push(problem);
    else (this.nodes[ref]!.problems ??= []).push(problem);
  }

  adopt(f: Field): void {
    this.add(f, undefined);
  }

  /** Problems of the layer as a whole, in the order given. */
  problemsOfLayer(): readonly Problem[] {
    return this.layerProblems;
  }

  /** The layer's top-level fields, each with its problems and children. */
  fields(): Field[] {
    return this.top.map((ref) => this.finish(ref));
  }

  private finish(ref: number): Field {
    const node = this.nodes[ref]!;
    let f = node.field;
    // Children given by open() stand instead of the spec's bit fields, as a field's given children always have. A
    // problem given for such a field stays on it, whatever field its `fieldId` names (a child has its own handle).
    if (node.children) {
      const children = node.children.map((c) => this.finish(c));
      if (!node.problems) return merged(f, { children });
      return merged(f, { problems: [...(f.problems ?? []), ...node.problems], children });
    }
    if (node.problems) for (const p of node.problems) f = withProblemOn(f, p);
    return f;
  }
}

/** `f` with `p` on itself, or on the bit field `p.fieldId` names. */
function withProblemOn(f: Field, p: Problem): Field {
  if (p.fieldId !== undefined && p.fieldId !== f.id && f.children) {
    const i = f.children.findIndex((c) => hasId(c, p.fieldId!));
    if (i >= 0) {
      const children = f.children.slice();
      children[i] = withProblemOn(children[i]!, p);
      return merged(f, { children });
    }
  }
  return merged(f, { problems: f.problems ? [...f.problems, p] : [p] });
}

function hasId(f: Field, id: string): boolean {
  return f.id === id || (f.children?.some((c) => hasId(c, id)) ?? false);
}

const FIXED = new WeakMap<readonly FieldSpec[], readonly FieldSpec[]>();

/** A layout's specs that have a place (`at`/`size`), in order. */
export function fixedSpecs(layout: readonly FieldSpec[]): readonly FieldSpec[] {
  let specs = FIXED.get(layout);
  if (specs === undefined) {
    specs = layout.filter((s) => s.at !== undefined && s.size !== undefined);
    FIXED.set(layout, specs);
  }
  return specs;
}

// ---- The lean sink

/** A layer as a lean pass sees it: no fields, only its span and words. */
export interface LayerSpan {
  readonly protocol: string;
  readonly column?: string;
  readonly quoted?: true;
  readonly offset: number;
  readonly length: number;
  readonly summary: string;
}

/** A PDU reassembled into the frame, as a lean pass sees it. */
export interface LeanSource {
  readonly kind: FrameSource['kind'];
  readonly name: string;
  readonly length: number;
  readonly ranges: FrameSource['ranges'];
  readonly layers: readonly LayerSpan[];
}

/**
 * A frame dissected without field objects (`dissectLean`): what `Frame` says minus the fields, plus the values asked
 * for. Bulk passes (indexing, filters, conversations, the CLI summary) read this.
 */
export interface FrameRecord {
  readonly number: number;
  readonly length: number;
  readonly linkType: number;
  readonly layers: readonly LayerSpan[];
  readonly problems: readonly Problem[];
  readonly summary: FrameSummary;
  /** In the tree's order: the frame's own layers, then its sources'. */
  readonly values: readonly RecordedValue[];
  readonly sources?: readonly LeanSource[];
  /** Reassembly on: this frame's bytes that belong to PDUs completed elsewhere. */
  readonly reassembledIn?: Frame['reassembledIn'];
}

/** A value the lean sink was asked for: where it lies and what it is. */
export interface RecordedValue {
  readonly id: string;
  readonly offset: number;
  readonly length: number;
  readonly value: FieldValue;
  /** Index of the layer among the walk's layers (before any are dropped). */
  readonly layer: number;
  /** Depth-first position of the field in its layer: with `layer`, the tree's order. */
  readonly position: number;
  /** Set when the offset counts in one of the frame's reassembled sources. */
  readonly source?: number;
}

/** Static facts about a spec and its bit fields, worked out once. */
interface SpecFacts {
  /** Bit fields below it, depth first. */
  readonly bits: number;
  /** It or a bit field has a value rule. */
  readonly ruled: boolean;
  /** Its id and its bit fields' ids. */
  readonly ids: readonly string[];
  /** Its value reader (compiled-spec.ts). */
  readonly read: (bytes: Bytes, offset: number, length: number) => FieldValue;
}

const FACTS = new WeakMap<FieldSpec, SpecFacts>();

function factsOf(spec: FieldSpec): SpecFacts {
  let facts = FACTS.get(spec);
  if (facts === undefined) {
    let bits = 0;
    let ruled = spec.rule !== undefined;
    const ids: string[] = [spec.id];
    for (const bit of spec.bits ?? []) {
      const inner = factsOf(bit);
      bits += 1 + inner.bits;
      ruled ||= inner.ruled;
      ids.push(...inner.ids);
    }
    facts = { bits, ruled, ids, read: compiled(spec).value };
    FACTS.set(spec, facts);
  }
  return facts;
}

/** What a lean pass asks for: the ids whose values it records (a filter's fields, the stream facts). */
export class LeanWants {
  private readonly watched = new WeakMap<FieldSpec, boolean>();
  constructor(readonly ids: ReadonlySet<string>) {}

  /** True when the field needs a look beyond its span: a rule to check, or a value wanted (its own or a bit's). */
  watch(spec: FieldSpec): boolean {
    let w = this.watched.get(spec);
    if (w === undefined) {
      const facts = factsOf(spec);
      w = facts.ruled || facts.ids.some((id) => this.ids.has(id));
      this.watched.set(spec, w);
    }
    return w;
  }
}

/** A problem with the place its field has in the tree, to put problems in the tree's order. */
interface PlacedProblem {
  readonly layer: number;
  readonly position: number;
  readonly problem: Problem;
}

/** What one lean walk (a frame's bytes, or a reassembled PDU's) gathers across its layers. */
/** Scratch buffers for walks' coverage, kept between frames (a nested walk, a reassembled PDU, takes another). */
const OWNED_POOL: ArrayBuffer[] = [];

function ownedScratch(length: number): Uint8Array {
  const buffer = OWNED_POOL.pop();
  if (buffer === undefined || buffer.byteLength < length)
    return new Uint8Array(new ArrayBuffer(Math.max(length, 2048)), 0, length);
  const owned = new Uint8Array(buffer, 0, length);
  owned.fill(0);
  return owned;
}

export class LeanWalk {
  readonly values: RecordedValue[] = [];
  readonly problems: PlacedProblem[] = [];
  /** Bytes some field owns (STYLE.md §6), for the gaps the tree would fill. */
  readonly owned: Uint8Array;
  constructor(
    readonly bytes: Bytes,
    readonly wants: LeanWants,
  ) {
    this.owned = ownedScratch(bytes.length);
  }

  /** The walk is done: its scratch goes back for the next walk. */
  release(): void {
    OWNED_POOL.push(this.owned.buffer as ArrayBuffer);
  }

  /** A dissector that failed: what it emitted is dropped, as the tree drops its fields. */
  discard(layer: number): void {
    const keepValue = (v: RecordedValue) => v.layer !== layer;
    const keepProblem = (p: PlacedProblem) => p.layer !== layer;
    if (this.values.some((v) => !keepValue(v)))
      this.values.splice(0, this.values.length, ...this.values.filter(keepValue));
    if (this.problems.some((p) => !keepProblem(p)))
      this.problems.splice(0, this.problems.length, ...this.problems.filter(keepProblem));
  }

  /** The field problems in the tree's order (layer, then depth-first), as the tree collects them. */
  orderedProblems(): Problem[] {
    const placed = this.problems.slice();
    if (!inTreeOrder(placed)) placed.sort(byTreeOrder);
    return placed.map((p) => p.problem);
  }

  /** The recorded values in the tree's order (most often the order they were emitted in: no sort then). */
  orderedValues(): RecordedValue[] {
    if (inTreeOrder(this.values)) return this.values;
    return this.values.slice().sort(byTreeOrder);
  }
}

const byTreeOrder = (a: { layer: number; position: number }, b: { layer: number; position: number }) =>
  a.layer - b.layer || a.position - b.position;

function inTreeOrder(list: readonly { layer: number; position: number }[]): boolean {
  for (let i = 1; i < list.length; i++) if (byTreeOrder(list[i - 1]!, list[i]!) > 0) return false;
  return true;
}

/** One layer without field objects: its span, its problems and the values asked for. */
export class LeanLayer implements LayerSink {
  readonly tree = false;
  /** Depth-first position of the next field. */
  private next = 0;
  private depth = 0;
  /** Per open field: whether it or a field above it owns its bytes (then fields inside add nothing to coverage). */
  private readonly covered: boolean[] = [];
  /** Per handle: the field's spec and position (handles count emitted fields, bit fields not included). */
  private readonly specs: FieldSpec[] = [];
  private readonly positions: number[] = [];
  /** Span of its top-level fields (generated ones aside), as the tree's layer span. */
  lo = Infinity;
  hi = -Infinity;

  constructor(
    private readonly walk: LeanWalk,
    readonly layer: number,
    private readonly quoted = false,
  ) {}

  field(spec: FieldSpec, offset: number, length: number, options?: EmitOptions): FieldRef {
    const bytes = this.walk.bytes;
    if (!inBounds(bytes, offset, length)) outOfBounds(spec, bytes, offset, length, options);
    const position = this.next;
    const facts = factsOf(spec);
    this.next += 1 + facts.bits;
    if (options?.generated !== true) this.own(offset, length);
    this.lastGenerated = options?.generated === true;
    if (this.walk.wants.watch(spec)) this.look(spec, offset, length, options?.value, position);
    const ref = this.specs.length;
    this.specs.push(spec);
    this.positions.push(position);
    return ref;
  }

  open(spec: FieldSpec, offset: number, length: number, options?: EmitOptions): FieldRef {
    const ref = this.field(spec, offset, length, options);
    // Children emitted next stand instead of the spec's bit fields (the tree drops those).
    this.next -= factsOf(spec).bits;
    this.covered.push(this.isCovered() || !this.lastGenerated);
    this.depth++;
    return ref;
  }

  close(): void {
    this.covered.pop();
    this.depth--;
  }

  private lastGenerated = false;

  private isCovered(): boolean {
    return this.covered.length > 0 && this.covered[this.covered.length - 1]!;
  }

  fixed(layout: readonly FieldSpec[], base: number, end: number): FieldSpec | undefined {
    const limit = Math.min(end, this.walk.bytes.length);
    for (const spec of fixedSpecs(layout)) {
      const offset = base + spec.at!;
      if (offset + spec.size! > limit || !inBounds(this.walk.bytes, offset, spec.size!)) return spec;
      this.field(spec, offset, spec.size!);
    }
    return undefined;
  }

  problem(ref: FieldRef, problem: Problem): void {
    if (this.quoted && problem.code === 'truncated') return;
    if (ref === NO_FIELD) {
      this.walk.problems.push({ layer: -1, position: this.walk.problems.length, problem });
      return;
    }
    let position = this.positions[ref]!;
    const spec = this.specs[ref]!;
    if (problem.fieldId !== undefined && problem.fieldId !== spec.id) position += bitPosition(spec, problem.fieldId);
    this.walk.problems.push({ layer: this.layer, position, problem });
  }

  refOf(spec: FieldSpec): FieldRef {
    return this.specs.lastIndexOf(spec);
  }

  adopt(f: Field): void {
    const walk = (x: Field, generatedAbove: boolean, top: boolean) => {
      const position = this.next++;
      if (top && !x.generated) this.span(x.offset, x.length);
      if (!x.generated && (top ? true : generatedAbove)) this.mark(x.offset, x.length);
      if (this.walk.wants.ids.has(x.id))
        this.walk.values.push({
          id: x.id,
          offset: x.offset,
          length: x.length,
          value: x.value,
          layer: this.layer,
          position,
        });
      if (x.problems)
        for (const problem of x.problems) this.walk.problems.push({ layer: this.layer, position, problem });
      if (x.children) for (const c of x.children) walk(c, generatedAbove && x.generated === true, false);
    };
    walk(f, true, this.depth === 0);
  }

  /** A non-generated field: its bytes are owned; at the top, it widens the layer's span. */
  private own(offset: number, length: number): void {
    if (this.depth === 0) this.span(offset, length);
    if (!this.isCovered()) this.mark(offset, length);
  }

  private span(offset: number, length: number): void {
    if (offset < this.lo) this.lo = offset;
    if (offset + length > this.hi) this.hi = offset + length;
  }

  private mark(offset: number, length: number): void {
    const owned = this.walk.owned;
    const end = Math.min(offset + length, owned.length);
    for (let i = offset; i < end; i++) owned[i] = 1;
  }

  /** A watched field: its value recorded if wanted, its rule (and its bit fields') checked. */
  private look(spec: FieldSpec, offset: number, length: number, given: FieldValue | undefined, position: number): void {
    const wanted = this.walk.wants.ids.has(spec.id);
    const rule = spec.rule;
    // Watched for a bit field's sake only: its own value is not needed.
    const value = wanted || rule ? (given ?? factsOf(spec).read(this.walk.bytes, offset, length)) : undefined;
    if (wanted) this.walk.values.push({ id: spec.id, offset, length, value: value!, layer: this.layer, position });
    const broken = rule && value !== undefined ? ruleProblem(spec, value, offset) : undefined;
    if (broken) this.walk.problems.push({ layer: this.layer, position, problem: broken });
    if (spec.bits === undefined) return;
    let at = position + 1;
    for (const bit of spec.bits) {
      if (this.walk.wants.watch(bit)) {
        if (bit.size !== undefined) this.look(bit, offset + (bit.at ?? 0), bit.size, undefined, at);
        else this.look(bit, offset, length, undefined, at);
      }
      at += 1 + factsOf(bit).bits;
    }
  }

  /** The span of the layer's top-level fields, as the tree's `spanOf`. */
  spanOf(): { offset: number; length: number } {
    return this.lo === Infinity ? { offset: 0, length: 0 } : { offset: this.lo, length: this.hi - this.lo };
  }
}

/** Where the bit field `id` sits below `spec`, depth first (1 for its first bit field); 0 when it is not there. */
function bitPosition(spec: FieldSpec, id: string): number {
  let at = 1;
  for (const bit of spec.bits ?? []) {
    if (bit.id === id) return at;
    const inner = bitPosition(bit, id);
    if (inner > 0) return at + inner;
    at += 1 + factsOf(bit).bits;
  }
  return 0;
}
