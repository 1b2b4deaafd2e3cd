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
import { compiled, field as buildField, fieldObject, fieldOf, inBounds, outOfBounds, ruleProblem } from './build';
import type { CompiledSpec } from './compiled-spec';

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
  /**
   * True when layer summaries ("Transmission Control Protocol, Src Port: …") are read: trees (the detail pane, `-V`,
   * `--json`, byte tooltips). A lean pass reads only Info, so a layer that always gives Info — or that lies above one
   * that did — may return an empty summary here. Info and column text are made in every pass.
   */
  readonly summaries: boolean;
  /**
   * Whether a field of `spec` is looked at: always in a tree; in a lean pass when its value (or a bit field's) is asked
   * for or it has a value rule. A generated field nobody looks at and no problem is put on may be left out of a lean
   * pass (Wireshark's `proto_field_is_referenced`): no position, value or span depends on it there.
   */
  watches(spec: FieldSpec): boolean;
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

/**
 * One layer's fields as objects: `fields()` once the layer (and anything claimed after its upper layers) is done. Per
 * field handle, its field, spec, problems and children's handles are kept in arrays side by side (no object a field).
 */
export class TreeLayer implements LayerSink {
  readonly tree = true;
  readonly summaries = true;
  watches(): boolean {
    return true;
  }
  private readonly built: Field[] = [];
  private readonly specs: (FieldSpec | undefined)[] = [];
  private readonly problems: (Problem[] | undefined)[] = [];
  private readonly children: (number[] | undefined)[] = [];
  private readonly top: number[] = [];
  private readonly stack: number[] = [];
  private readonly layerProblems: Problem[] = [];

  /** `quoted`: a layer of the datagram an ICMP error quotes, where being cut short is no fault (Context.quote). */
  constructor(
    private readonly bytes: Bytes,
    private readonly quoted = false,
  ) {}

  private add(f: Field, spec: FieldSpec | undefined): FieldRef {
    const ref = this.built.length;
    this.built.push(f);
    this.specs.push(spec);
    this.problems.push(undefined);
    this.children.push(undefined);
    const stack = this.stack;
    if (stack.length === 0) this.top.push(ref);
    else (this.children[stack[stack.length - 1]!] ??= []).push(ref);
    return ref;
  }

  field(spec: FieldSpec, offset: number, length: number, options?: EmitOptions): FieldRef {
    return this.add(buildField(spec, this.bytes, offset, length, options), spec);
  }

  refOf(spec: FieldSpec): FieldRef {
    const specs = this.specs;
    for (let i = specs.length - 1; i >= 0; i--) if (specs[i] === spec) return i;
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
    const bytes = this.bytes;
    const limit = Math.min(end, bytes.length);
    const specs = compiledFixedSpecs(layout);
    for (let i = 0; i < specs.length; i++) {
      const c = specs[i]!;
      const spec = c.spec;
      const offset = base + spec.at!;
      if (offset + spec.size! > limit || !inBounds(bytes, offset, spec.size!)) return spec;
      this.add(fieldOf(c, bytes, offset, spec.size!, undefined), spec);
    }
    return undefined;
  }

  problem(ref: FieldRef, problem: Problem): void {
    if (this.quoted && problem.code === 'truncated') return;
    if (ref === NO_FIELD) this.layerProblems.push(problem);
    else (this.problems[ref] ??= []).push(problem);
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
    return this.finishAll(this.top);
  }

  private finishAll(refs: readonly number[]): Field[] {
    const fields: Field[] = [];
    for (let i = 0; i < refs.length; i++) fields.push(this.finish(refs[i]!));
    return fields;
  }

  private finish(ref: number): Field {
    let f = this.built[ref]!;
    const given = this.problems[ref];
    const children = this.children[ref];
    // Children given by open() stand instead of the spec's bit fields, as a field's given children always have. A
    // problem given for such a field stays on it, whatever field its `fieldId` names (a child has its own handle).
    if (children) {
      const problems = given ? [...(f.problems ?? []), ...given] : f.problems;
      return withParts(f, problems, this.finishAll(children));
    }
    if (given) for (const p of given) f = withProblemOn(f, p);
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
      return withParts(f, f.problems, children);
    }
  }
  return withParts(f, f.problems ? [...f.problems, p] : [p], f.children);
}

/** `f` with these problems and children, in the one shape of a field (build.ts `fieldObject`). */
function withParts(f: Field, problems: readonly Problem[] | undefined, children: readonly Field[] | undefined): Field {
  return fieldObject(f.id, f.offset, f.length, f.value, f.raw, f.display, problems, children, f.generated);
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

const COMPILED_FIXED = new WeakMap<readonly FieldSpec[], readonly CompiledSpec[]>();

/** The same, compiled (the tree sink builds their fields without a lookup per spec). */
function compiledFixedSpecs(layout: readonly FieldSpec[]): readonly CompiledSpec[] {
  let specs = COMPILED_FIXED.get(layout);
  if (specs === undefined) {
    specs = fixedSpecs(layout).map(compiled);
    COMPILED_FIXED.set(layout, specs);
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
  readonly spec: FieldSpec;
  /** A small number of its own, where each `LeanWants` keeps its answer for the spec. */
  readonly index: number;
  /** Bit fields below it, depth first. */
  readonly bits: number;
  /** It or a bit field has a value rule. */
  readonly ruled: boolean;
  /** Its id and its bit fields' ids. */
  readonly ids: readonly string[];
  /** Its value reader (compiled-spec.ts). */
  readonly read: (bytes: Bytes, offset: number, length: number) => FieldValue;
  /** The spec's own rule and its bit fields' facts, kept here: a field looked at reads only its facts. */
  readonly rule: FieldSpec['rule'];
  readonly bitFacts: readonly SpecFacts[];
}

const FACTS = new WeakMap<FieldSpec, SpecFacts>();
let specCount = 0;

function factsOf(spec: FieldSpec): SpecFacts {
  let facts = FACTS.get(spec);
  if (facts === undefined) {
    let bits = 0;
    let ruled = spec.rule !== undefined;
    const ids: string[] = [spec.id];
    const bitFacts = (spec.bits ?? []).map(factsOf);
    for (const inner of bitFacts) {
      bits += 1 + inner.bits;
      ruled ||= inner.ruled;
      ids.push(...inner.ids);
    }
    facts = { spec, index: specCount++, bits, ruled, ids, read: compiled(spec).value, rule: spec.rule, bitFacts };
    FACTS.set(spec, facts);
  }
  return facts;
}

/** A field needs a look beyond its span: a rule to check, or a value wanted (its own or a bit's). */
const WATCHED = 1;
/** Its own value is wanted. */
const WANTED = 2;
/** Not worked out yet. */
const UNKNOWN = 4;

/** What a lean pass asks for: the ids whose values it records (a filter's fields, the stream facts). */
export class LeanWants {
  /**
   * Per spec (by its facts' index): WATCHED and WANTED, or UNKNOWN; undefined past the end. An array read: every field
   * is asked about.
   */
  private readonly answers: number[] = [];
  constructor(readonly ids: ReadonlySet<string>) {}

  /** Per layout (by its facts' index): the layout's specs this pass must look at (indices into `facts`). */
  private readonly layoutAnswers: (readonly number[] | undefined)[] = [];

  /** The specs of a fixed layout this pass looks at (a value wanted, a rule to check), by their place in the layout. */
  watchedIn(layout: LayoutFacts): readonly number[] {
    let watched = this.layoutAnswers[layout.index];
    if (watched === undefined) {
      const list: number[] = [];
      layout.facts.forEach((facts, i) => {
        if (this.answer(facts) & WATCHED) list.push(i);
      });
      this.layoutAnswers[layout.index] = watched = list.length > 0 ? list : NONE_WATCHED;
    }
    return watched;
  }

  /** WATCHED and WANTED for the spec these are the facts of. */
  answer(facts: SpecFacts): number {
    const answer = this.answers[facts.index];
    return answer !== undefined && answer !== UNKNOWN ? answer : this.workOut(facts);
  }

  private workOut(facts: SpecFacts): number {
    const answers = this.answers;
    while (answers.length <= facts.index) answers.push(UNKNOWN);
    const answer =
      (facts.ruled || facts.ids.some((id) => this.ids.has(id)) ? WATCHED : 0) |
      (this.ids.has(facts.spec.id) ? WANTED : 0);
    answers[facts.index] = answer;
    return answer;
  }
}

/** A problem with the place its field has in the tree, to put problems in the tree's order. */
interface PlacedProblem {
  readonly layer: number;
  readonly position: number;
  readonly problem: Problem;
}

/**
 * Scratch a walk needs only while it runs, kept between frames (a nested walk, a reassembled PDU's, takes another):
 * the byte ranges some field owns (the first `runs` entries, start and end in turn), and per field handle (the first
 * `refs` entries) its spec, depth-first position and layer. Entries past `runs` and `refs` are stale and overwritten,
 * never read: emptying the arrays would cost more than they hold.
 */
interface Scratch {
  readonly owned: number[];
  runs: number;
  /** A field's spec, or a fixed layout emitted whole (its specs' handles are made when `refOf` asks for one). */
  readonly specs: (FieldSpec | LayoutFacts)[];
  readonly positions: number[];
  readonly layers: number[];
  refs: number;
  /** Layer sinks handed out by `layer` (the first `sinks` entries), reset for each layer that takes one. */
  readonly layerSinks: LeanLayer[];
  sinks: number;
}

const SCRATCH_POOL: Scratch[] = [];

function takeScratch(): Scratch {
  return (
    SCRATCH_POOL.pop() ?? {
      owned: [],
      runs: 0,
      specs: [],
      positions: [],
      layers: [],
      refs: 0,
      layerSinks: [],
      sinks: 0,
    }
  );
}

const NO_GAPS: readonly number[] = [];

/** What one lean walk (a frame's bytes, or a reassembled PDU's) gathers across its layers. */
export class LeanWalk {
  readonly values: RecordedValue[] = [];
  readonly problems: PlacedProblem[] = [];
  private readonly scratch: Scratch;
  constructor(
    readonly bytes: Bytes,
    readonly wants: LeanWants,
  ) {
    this.scratch = takeScratch();
  }

  /**
   * Bytes [start, end) belong to a field (STYLE.md §6). Kept as ranges, the latest grown while fields come in byte
   * order, as most do: the gaps the tree would fill are worked out once, at the end (`gaps`).
   */
  own(start: number, end: number): void {
    if (start < 0) start = 0;
    if (end > this.bytes.length) end = this.bytes.length;
    if (end <= start) return;
    const scratch = this.scratch;
    const owned = scratch.owned;
    const n = scratch.runs;
    if (n > 0 && start <= owned[n - 1]! && end >= owned[n - 2]!) {
      if (start < owned[n - 2]!) owned[n - 2] = start;
      if (end > owned[n - 1]!) owned[n - 1] = end;
      return;
    }
    owned[n] = start;
    owned[n + 1] = end;
    scratch.runs = n + 2;
  }

  /** The bytes no field owns, as [start, end) pairs in byte order (most frames: none). */
  gaps(): readonly number[] {
    const { owned, runs } = this.scratch;
    const length = this.bytes.length;
    if (runs === 2 && owned[0] === 0 && owned[1] === length) return NO_GAPS;
    const ranges: [number, number][] = [];
    for (let i = 0; i < runs; i += 2) ranges.push([owned[i]!, owned[i + 1]!]);
    ranges.sort((a, b) => a[0] - b[0]);
    const gaps: number[] = [];
    let reach = 0;
    for (const [start, end] of ranges) {
      if (start > reach) gaps.push(reach, start);
      if (end > reach) reach = end;
    }
    if (reach < length) gaps.push(reach, length);
    return gaps;
  }

  /**
   * A sink for the layer at `index`: one kept in the scratch since an earlier walk, made as new. It serves until the walk
   * is released (`release`), after which no sink of the walk may be used.
   */
  layer(index: number, quoted = false): LeanLayer {
    const scratch = this.scratch;
    const n = scratch.sinks++;
    const sink = scratch.layerSinks[n];
    if (sink === undefined) return (scratch.layerSinks[n] = new LeanLayer(this, index, quoted));
    sink.reset(this, index, quoted);
    return sink;
  }

  /** The walk is done: its scratch goes back for the next walk. */
  release(): void {
    this.scratch.refs = 0;
    this.scratch.runs = 0;
    this.scratch.sinks = 0;
    SCRATCH_POOL.push(this.scratch);
  }

  /** A handle for a field of `layer` at depth-first `position`. */
  ref(spec: FieldSpec, position: number, layer: number): FieldRef {
    return this.entry(spec, position, layer);
  }

  /** A layout emitted whole from depth-first `position` on: one entry for all its fields. */
  block(layout: LayoutFacts, position: number, layer: number): void {
    this.entry(layout, position, layer);
  }

  private entry(what: FieldSpec | LayoutFacts, position: number, layer: number): number {
    const scratch = this.scratch;
    const ref = scratch.refs++;
    scratch.specs[ref] = what;
    scratch.positions[ref] = position;
    scratch.layers[ref] = layer;
    return ref;
  }

  specOf(ref: FieldRef): FieldSpec {
    return this.scratch.specs[ref] as FieldSpec;
  }

  positionOf(ref: FieldRef): number {
    return this.scratch.positions[ref]!;
  }

  /** The latest handle of `layer` for `spec`, NO_FIELD when there is none. */
  lastRef(spec: FieldSpec, layer: number): FieldRef {
    const { specs, layers, positions, refs } = this.scratch;
    for (let i = refs - 1; i >= 0; i--) {
      if (layers[i] !== layer) continue;
      const entry = specs[i]!;
      if (entry === spec) return i;
      if (entry instanceof LayoutFacts) {
        // A layout emitted whole: the spec's handle is made now (problems on such fields are rare).
        const at = entry.facts.findIndex((f) => f.spec === spec);
        if (at >= 0) return this.ref(spec, positions[i]! + entry.positions[at]!, layer);
      }
    }
    return NO_FIELD;
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

/** A fixed layout's facts, worked out once: its specs' facts, places and depth-first positions. */
class LayoutFacts {
  /** Where each `LeanWants` keeps its answer for the layout. */
  readonly index = layoutCount++;
  /** Byte offsets from the layout's base. */
  readonly at: readonly number[];
  readonly size: readonly number[];
  /** Depth-first positions from the layout's first field. */
  readonly positions: readonly number[];
  /** Positions the whole layout takes. */
  readonly count: number;
  /** The bytes its fields span, from the base: [lo, hi). */
  readonly lo: number;
  readonly hi: number;
  /** Its fields own every byte of [lo, hi): one mark covers them. */
  readonly contiguous: boolean;

  constructor(readonly facts: readonly SpecFacts[]) {
    this.at = facts.map((f) => f.spec.at!);
    this.size = facts.map((f) => f.spec.size!);
    const positions: number[] = [];
    let count = 0;
    for (const f of facts) {
      positions.push(count);
      count += 1 + f.bits;
    }
    this.positions = positions;
    this.count = count;
    this.lo = Math.min(...this.at);
    this.hi = Math.max(...facts.map((f, i) => this.at[i]! + this.size[i]!));
    // Contiguous when the spans, in order of their offsets, leave no hole.
    const spans = facts.map((_, i) => [this.at[i]!, this.at[i]! + this.size[i]!] as const).sort((a, b) => a[0] - b[0]);
    let reach = this.lo;
    let contiguous = true;
    for (const [from, to] of spans) {
      if (from > reach) contiguous = false;
      reach = Math.max(reach, to);
    }
    this.contiguous = contiguous;
  }
}

let layoutCount = 0;
const NONE_WATCHED: readonly number[] = [];
const LAYOUT_FACTS = new WeakMap<readonly FieldSpec[], LayoutFacts>();

/** `fixedSpecs(layout)`'s facts, worked out once per layout. */
function layoutFacts(layout: readonly FieldSpec[]): LayoutFacts {
  let facts = LAYOUT_FACTS.get(layout);
  if (facts === undefined) {
    facts = new LayoutFacts(fixedSpecs(layout).map(factsOf));
    LAYOUT_FACTS.set(layout, facts);
  }
  return facts;
}

/** `LeanLayer.lo` of a layer without a top-level field (a small integer: the field stays unboxed). */
export const NO_SPAN = 0x3fffffff;

/**
 * One layer without field objects: its span, its problems and the values asked for. Taken from its walk
 * (`LeanWalk.layer`), which reuses it for later walks.
 */
export class LeanLayer implements LayerSink {
  readonly tree = false;
  readonly summaries = false;
  watches(spec: FieldSpec): boolean {
    return (this.walk.wants.answer(factsOf(spec)) & WATCHED) !== 0;
  }
  /** Depth-first position of the next field. */
  private next = 0;
  private depth = 0;
  /**
   * Per open field (the first `opened` entries): whether it or a field above it owns its bytes (then fields inside add
   * nothing to coverage). Entries past `opened` are stale: the array is kept from layer to layer.
   */
  private readonly covered: boolean[] = [];
  private opened = 0;
  private lastGenerated = false;
  /** Span of its top-level fields (generated ones aside), as the tree's layer span (`NO_SPAN`: no such field). */
  lo = NO_SPAN;
  hi = -1;
  /**
   * The layer's words once its dissector is done, kept here for the engine (a lean walk's layer needs no object of its
   * own beside its sink): `sink` is the layer itself.
   */
  protocol = '';
  summary = '';
  column: string | undefined = undefined;
  quoted: true | undefined = undefined;
  readonly sink: LeanLayer = this;

  constructor(
    private walk: LeanWalk,
    public layer: number,
    private inQuote = false,
  ) {}

  /** As new, for the layer at `layer` of `walk`. */
  reset(walk: LeanWalk, layer: number, inQuote: boolean): void {
    this.walk = walk;
    this.layer = layer;
    this.inQuote = inQuote;
    this.protocol = '';
    this.summary = '';
    this.column = undefined;
    this.quoted = undefined;
    this.next = 0;
    this.depth = 0;
    this.opened = 0;
    this.lastGenerated = false;
    this.lo = NO_SPAN;
    this.hi = -1;
  }

  field(spec: FieldSpec, offset: number, length: number, options?: EmitOptions): FieldRef {
    const bytes = this.walk.bytes;
    if (!inBounds(bytes, offset, length)) outOfBounds(spec, bytes, offset, length, options);
    return this.emit(factsOf(spec), offset, length, options);
  }

  private emit(facts: SpecFacts, offset: number, length: number, options: EmitOptions | undefined): FieldRef {
    const position = this.next;
    this.next += 1 + facts.bits;
    const generated = options !== undefined && options.generated === true;
    if (!generated) this.own(offset, length);
    this.lastGenerated = generated;
    const answer = this.walk.wants.answer(facts);
    if (answer & WATCHED) this.look(facts, answer, offset, length, options?.value, position);
    return this.walk.ref(facts.spec, position, this.layer);
  }

  open(spec: FieldSpec, offset: number, length: number, options?: EmitOptions): FieldRef {
    const ref = this.field(spec, offset, length, options);
    // Children emitted next stand instead of the spec's bit fields (the tree drops those).
    this.next -= factsOf(spec).bits;
    this.covered[this.opened] = this.isCovered() || !this.lastGenerated;
    this.opened++;
    this.depth++;
    return ref;
  }

  close(): void {
    if (this.opened > 0) this.opened--;
    this.depth--;
  }

  private isCovered(): boolean {
    return this.opened > 0 && this.covered[this.opened - 1]!;
  }

  fixed(layout: readonly FieldSpec[], base: number, end: number): FieldSpec | undefined {
    const bytes = this.walk.bytes;
    const limit = Math.min(end, bytes.length);
    const facts = layoutFacts(layout);
    if (facts.facts.length === 0) return undefined;
    if (base + facts.lo < 0 || base + facts.hi > limit) {
      // Cut short: field by field up to the first that does not fit.
      for (const f of facts.facts) {
        const spec = f.spec;
        const offset = base + spec.at!;
        if (offset + spec.size! > limit || !inBounds(bytes, offset, spec.size!)) return spec;
        this.emit(f, offset, spec.size!, undefined);
      }
      return undefined;
    }
    // Whole: its bytes owned and its positions taken in one step; only the fields this pass watches are looked at.
    const position = this.next;
    this.next += facts.count;
    this.lastGenerated = false;
    if (this.depth === 0) this.span(base + facts.lo, facts.hi - facts.lo);
    if (!this.isCovered()) {
      if (facts.contiguous) this.walk.own(base + facts.lo, base + facts.hi);
      else
        for (let i = 0; i < facts.at.length; i++)
          this.walk.own(base + facts.at[i]!, base + facts.at[i]! + facts.size[i]!);
    }
    const wants = this.walk.wants;
    for (const i of wants.watchedIn(facts)) {
      const f = facts.facts[i]!;
      this.look(f, wants.answer(f), base + facts.at[i]!, facts.size[i]!, undefined, position + facts.positions[i]!);
    }
    this.walk.block(facts, position, this.layer);
    return undefined;
  }

  problem(ref: FieldRef, problem: Problem): void {
    if (this.inQuote && problem.code === 'truncated') return;
    if (ref === NO_FIELD) {
      this.walk.problems.push({ layer: -1, position: this.walk.problems.length, problem });
      return;
    }
    let position = this.walk.positionOf(ref);
    const spec = this.walk.specOf(ref);
    if (problem.fieldId !== undefined && problem.fieldId !== spec.id) position += bitPosition(spec, problem.fieldId);
    this.walk.problems.push({ layer: this.layer, position, problem });
  }

  refOf(spec: FieldSpec): FieldRef {
    return this.walk.lastRef(spec, this.layer);
  }

  adopt(f: Field): void {
    const walk = (x: Field, generatedAbove: boolean, top: boolean) => {
      const position = this.next++;
      if (top && !x.generated) this.span(x.offset, x.length);
      if (!x.generated && (top ? true : generatedAbove)) this.walk.own(x.offset, x.offset + x.length);
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
    if (!this.isCovered()) this.walk.own(offset, offset + length);
  }

  private span(offset: number, length: number): void {
    if (offset < this.lo) this.lo = offset;
    if (offset + length > this.hi) this.hi = offset + length;
  }

  /** A watched field: its value recorded if wanted, its rule (and its bit fields') checked. */
  private look(
    facts: SpecFacts,
    answer: number,
    offset: number,
    length: number,
    given: FieldValue | undefined,
    position: number,
  ): void {
    const wanted = (answer & WANTED) !== 0;
    const rule = facts.rule;
    // Watched for a bit field's sake only: its own value is not needed.
    const value = wanted || rule ? (given ?? facts.read(this.walk.bytes, offset, length)) : undefined;
    if (wanted)
      this.walk.values.push({ id: facts.spec.id, offset, length, value: value!, layer: this.layer, position });
    const broken = rule && value !== undefined ? ruleProblem(facts.spec, value, offset) : undefined;
    if (broken) this.walk.problems.push({ layer: this.layer, position, problem: broken });
    const bitFacts = facts.bitFacts;
    if (bitFacts.length === 0) return;
    const wants = this.walk.wants;
    let at = position + 1;
    for (const inner of bitFacts) {
      const watch = wants.answer(inner);
      if (watch & WATCHED) {
        const bit = inner.spec;
        if (bit.size !== undefined) this.look(inner, watch, offset + (bit.at ?? 0), bit.size, undefined, at);
        else this.look(inner, watch, offset, length, undefined, at);
      }
      at += 1 + inner.bits;
    }
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
