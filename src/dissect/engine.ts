// Walks a frame through the dispatch table, layer by layer. Pure; never throws on bad bytes:
// one guard turns even a programmer error into a problem plus the rest of the bytes as data (STYLE.md §5).
import type { Field, Frame, FrameSource, FrameSummary, Layer, Problem } from './model';
import {
  nextFor,
  type Context,
  type DispatchTableName,
  type DissectOptions,
  type DissectorInput,
  type FrameStream,
  type LayerOutput,
  type Next,
  type PayloadPlan,
  type PlannedSource,
  type PlannedTsdu,
  type Protocol,
} from './dissector';
import { lookup, type Lookup } from './dispatch';
import { dataField, emitData } from './protocols/data';
import { field } from './build';
import {
  LeanLayer,
  LeanWalk,
  NO_SPAN,
  TreeLayer,
  type FrameRecord,
  type LayerSink,
  type LayerSpan,
  type LeanSource,
  type LeanWants,
  type RecordedValue,
} from './sink';
import { merged } from './merged';
import { undecodedSpecFor } from './schema';
import { unownedSpans } from './coverage';
import { hex, type Bytes } from './reader';

/**
 * A layer in the making: its protocol's words and the sink its fields went to. A lean walk's layer is its sink, which
 * keeps the words itself (no object per layer).
 */
interface Slot {
  readonly protocol: string;
  readonly summary: string;
  readonly column?: string | undefined;
  readonly sink: LayerSink;
  /** A layer of an ICMP error's quote (Context.quote). */
  readonly quoted?: true | undefined;
}

interface Walk {
  readonly bytes: Bytes;
  /** Set for a lean pass: no field objects, only what it asks for. */
  readonly lean?: LeanWalk;
  readonly slots: (Slot | undefined)[];
  /** Problems of a layer as a whole, in the order the layers ran. */
  readonly problems: Problem[];
  /** Packet-list Info contributions with the depth of the layer that gave them. */
  readonly infos: { depth: number; text: string }[];
  /** Said before the frame's Info whatever layer gives it (TCP's analysis markers). */
  infoPrefix: string;
  addresses?: { source: string; destination: string };
  topProtocol: string;
  /** Reassembly on: how the TCP payload splits (applied once, to the TCP layer it names). */
  plan?: PayloadPlan;
  /** PDUs reassembled into this frame, dissected, and their problems (offsets in the source). */
  sources?: FrameSource[];
  leanSources?: LeanSource[];
  sourceProblems?: Problem[];
  sourceValues?: RecordedValue[];
  /** Reassembly on: a COTP TSDU completed in this frame, dissected after the frame's own layers. */
  tsdu?: PlannedTsdu;
  /** A payload not handed to its table (the TSDU's last DT's user data, decoded as part of the TSDU instead). */
  withheld?: Withheld;
}

interface Withheld {
  readonly table: DispatchTableName;
  readonly end: number;
}

function newSink(walk: Walk, index: number, quoted = false): LayerSink {
  return walk.lean ? walk.lean.layer(index, quoted) : new TreeLayer(walk.bytes, quoted);
}

/** Bytes no protocol took, as Wireshark's data layer; `why`, when said, is a note on them. */
function dataLayer(walk: Walk, start: number, end: number, why?: string): void {
  if (end <= start) return;
  const index = walk.slots.length;
  const sink = newSink(walk, index);
  const ref = emitData(sink, start, end);
  if (why)
    sink.problem(ref, { severity: 'note', code: 'undecoded', message: why, fieldId: 'data.data', offset: start });
  placeSlot(walk, index, sink, 'data', `Data (${end - start} bytes)`, undefined, false);
}

/** The layer at `index` is done: its words kept (on the sink itself in a lean walk), in wire order. */
function placeSlot(
  walk: Walk,
  index: number,
  sink: LayerSink,
  protocol: string,
  summary: string,
  column: string | undefined,
  quoted: boolean,
): void {
  if (sink instanceof LeanLayer) {
    sink.protocol = protocol;
    sink.summary = summary;
    sink.column = column;
    if (quoted) sink.quoted = true;
    walk.slots[index] = sink;
    return;
  }
  const slot: { -readonly [K in keyof Slot]: Slot[K] } = { protocol, summary, sink };
  if (column !== undefined) slot.column = column;
  if (quoted) slot.quoted = true;
  walk.slots[index] = slot;
}

/**
 * The one input object every dissector call is given, its keys set for each call: a dissector reads them when it
 * starts (every one destructures its input) and never calls back into the engine, so no call sees another's.
 */
const INPUT: { -readonly [K in keyof DissectorInput]: DissectorInput[K] } = {
  bytes: new Uint8Array(0),
  offset: 0,
  end: 0,
  context: { frameNumber: 0, linkType: 0, options: {} },
  out: undefined as unknown as LayerSink,
};

/** Set by `safeDissect` when the dissector threw: the output it gave is the failure's. */
let dissectorFailed = false;

/**
 * The layer's output, or — when the dissector threw (a framescope bug) — a layer that says so, its emitted fields
 * dropped (`dissectorFailed` tells): the caller then gives the layer a fresh sink.
 */
function safeDissect(
  walk: Walk,
  protocol: Protocol,
  offset: number,
  end: number,
  context: Context,
  slot: number,
  sink: LayerSink,
): LayerOutput {
  try {
    INPUT.bytes = walk.bytes;
    INPUT.offset = offset;
    INPUT.end = end;
    INPUT.context = context;
    INPUT.out = sink;
    return protocol.dissect(INPUT);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // What the dissector emitted before it failed is dropped: the bytes are shown undecoded instead.
    walk.lean?.discard(slot);
    dissectorFailed = true;
    return {
      problems: [
        {
          severity: 'error',
          code: 'internal-error',
          message: `framescope's ${protocol.protocol} dissector failed (${message}); the bytes from offset ${offset} are shown undecoded. This is a framescope bug.`,
          offset,
        },
      ],
      summary: `${protocol.protocol} (dissector error)`,
      end: offset,
    };
  }
}

/**
 * Dissects one layer and everything above it; returns where this layer's bytes end. Each key of the layer's output is
 * read once: every protocol's output has a shape of its own, so each read is a lookup V8 cannot cache for one shape.
 */
function run(walk: Walk, protocol: Protocol, offset: number, end: number, context: Context, depth: number): number {
  const index = walk.slots.length;
  walk.slots.push(undefined); // keeps wire order: upper layers are pushed after this one
  let sink = newSink(walk, index, context.quote);
  const out = safeDissect(walk, protocol, offset, end, context, index, sink);
  if (dissectorFailed) {
    dissectorFailed = false;
    sink = newSink(walk, index, context.quote);
  }
  const quoted = context.quote === true;
  if (!walk.lean) walk.problems.push(...(sink as TreeLayer).problemsOfLayer());
  // In an ICMP error's quote, a header or datagram cut short is what the quote is, not a fault.
  const problems = out.problems;
  if (problems.length > 0) walk.problems.push(...(quoted ? problems.filter((p) => p.code !== 'truncated') : problems));
  if (!quoted) {
    const addresses = out.addresses;
    if (addresses) walk.addresses = addresses;
    const info = out.info;
    if (info) walk.infos.push({ depth, text: info });
    const infoPrefix = out.infoPrefix;
    if (infoPrefix) walk.infoPrefix += infoPrefix;
    walk.topProtocol = protocol.protocol;
  }
  const outEnd = out.end;
  let layerEnd = outEnd > offset ? outEnd : offset;
  const payload = out.payload;
  const claimTrailer = out.claimTrailer;

  // An empty payload still goes to the next protocol when one is named: it reports what is missing.
  if (payload) {
    const start = payload.offset;
    const payloadEnd = payload.end;
    const next = payload.next;
    if (payloadEnd > start || next) {
      const over = out.context;
      const claimUnclaimed = out.claimUnclaimed;
      const upper: Context = over ? upperContext(context, over) : context;
      const plan = walk.plan?.payloadOffset === start && next?.table === 'tcp.port' ? walk.plan : undefined;
      if (plan) {
        walk.plan = undefined;
        runPlan(walk, plan, next, upper, depth + 1, sink);
      }
      const withheld = walk.withheld?.end === payloadEnd && walk.withheld.table === next?.table;
      const consumed = plan
        ? payloadEnd
        : withheld
          ? start
          : runPayload(walk, next, start, payloadEnd, upper, depth + 1, claimUnclaimed !== undefined);
      if (consumed === start && claimUnclaimed) {
        claimUnclaimed(sink, walk.bytes, start, payloadEnd);
      } else if (consumed < payloadEnd) {
        if (claimTrailer) claimTrailer(sink, walk.bytes, consumed, payloadEnd);
        else
          dataLayer(
            walk,
            consumed,
            payloadEnd,
            `${payloadEnd - consumed} bytes at the end of the ${protocol.protocol.toUpperCase()} payload belong to no decoded layer; shown as data`,
          );
      }
      if (payloadEnd > layerEnd) layerEnd = payloadEnd;
      // Bytes after the payload but inside this layer (an 802.3 frame's padding after its LLC data).
      if (claimTrailer && payloadEnd < outEnd) claimTrailer(sink, walk.bytes, payloadEnd, outEnd);
    }
  }
  placeSlot(walk, index, sink, protocol.protocol, out.summary, out.column, quoted);
  return layerEnd;
}

/** Every key of T present (undefined when unset): a key added to T and forgotten in an object of this type is a type error. */
type EveryKey<T> = { [K in keyof Required<T>]: T[K] | undefined };

/**
 * What `merged(context, over)` gives, in one shape for every layer (each key there, undefined when unset): V8 keeps
 * one hidden class for it instead of building a dictionary per layer of every frame. Typed `EveryKey<Context>` so that
 * a new Context key cannot be dropped here unnoticed.
 */
function upperContext(context: Context, over: Partial<Context>): Context {
  const upper: EveryKey<Context> = {
    frameNumber: context.frameNumber,
    linkType: context.linkType,
    options: context.options,
    ipv4: context.ipv4,
    ipv6: context.ipv6,
    tcp: context.tcp,
    tpktEnd: context.tpktEnd,
    spdu: context.spdu,
    tsduContinues: context.tsduContinues,
    datagramEnd: context.datagramEnd,
    quote: context.quote,
    tcpStreams: context.tcpStreams,
    time: context.time,
  };
  // A key `over` sets to undefined clears it (IPv4 in IPv6 forgets the outer addresses): as `merged` gives.
  return Object.assign(upper, over) as Context;
}

/**
 * Hands [start, end) to the next protocol(s); returns how far they consumed. When no protocol takes the bytes they
 * become data — or stay with the layer below when it can claim them itself (`parentClaims`). `carried`: the protocol
 * the stream layer knows the conversation carries here (reassembly on).
 */
function runPayload(
  walk: Walk,
  next: Next | undefined,
  start: number,
  end: number,
  context: Context,
  depth: number,
  parentClaims: boolean,
  carried?: string,
): number {
  const found = next
    ? lookup(next.table, next.keys, walk.bytes, start, end, context.options.decodeAs, carried)
    : NOTHING;
  let protocol = found.protocol;
  if (!protocol) {
    const note = 'note' in found ? found.note : undefined;
    if (parentClaims && !note) return start;
    dataLayer(walk, start, end, note);
    walk.topProtocol = 'data';
    return end;
  }
  let at = run(walk, protocol, start, end, context, depth);
  while (at < end) {
    const before = at;
    // Several TPKTs in one segment, several TPDUs in one TPKT.
    if (protocol.repeat?.(walk.bytes, at, end)) at = run(walk, protocol, at, end, context, depth);
    else {
      // A port that carries several protocols may mix them in one segment (RDP: a TPKT, then a fast-path PDU).
      const other =
        next?.table === 'tcp.port'
          ? lookup(next.table, next.keys, walk.bytes, at, end, context.options.decodeAs, carried).protocol
          : undefined;
      if (!other || other === protocol) break;
      protocol = other;
      at = run(walk, protocol, at, end, context, depth);
    }
    if (at <= before) break; // a dissector that consumed nothing must not loop forever
  }
  return at;
}

/**
 * Reassembly on: the TCP payload piece by piece. Pieces to decode go up the dispatch table as usual; a segment of a
 * PDU reassembled elsewhere becomes the TCP layer's own fields (`tcp`), and the PDU completed here is dissected as a
 * byte source of its own.
 */
function runPlan(
  walk: Walk,
  plan: PayloadPlan,
  next: Next | undefined,
  context: Context,
  depth: number,
  tcp: LayerSink,
): void {
  for (const piece of plan.pieces) {
    if (piece.kind === 'decode') {
      runPayload(walk, next, piece.offset, piece.end, context, depth, false, piece.as);
      continue;
    }
    for (const f of piece.fields) tcp.adopt(f);
    if (piece.info) {
      // Said after the TCP layer's own Info ("… Len=160 [Retransmission of frame 6]"), or instead of it for a part of
      // a PDU ("[TPKT segment, completed in frame 7]"), as tshark's Info is then "[TCP segment of a reassembled PDU]".
      const own = walk.infos.filter((i) => i.depth === depth - 1).pop();
      if (own) own.text = piece.replacesInfo ? piece.info : `${own.text} ${piece.info}`;
      else walk.infos.push({ depth: depth - 1, text: piece.info });
    }
    if (piece.source) runSource(walk, piece.source, next, context, depth);
  }
}

/** What a walk found, its layers finished: every byte accounted for (STYLE.md §6), problems in byte order. */
interface Walked {
  readonly layers: Layer[];
  readonly spans: LayerSpan[];
  readonly problems: Problem[];
  readonly values: RecordedValue[];
}

/** How a source's bytes are dissected beyond their table. */
interface SourceWays {
  /** The protocol the stream layer knows the conversation carries (runPayload's `carried`). */
  readonly carried?: string;
  readonly withheld?: Withheld;
  /** When no protocol takes the bytes: the summary of the one data layer they become (even when there are none). */
  readonly undecoded?: string;
}

/** Bytes of their own (a reassembled PDU) dissected from a dispatch table on, every byte accounted for. */
function dissectBytes(
  bytes: Bytes,
  next: Next | undefined,
  context: Context,
  depth: number,
  lean: LeanWants | undefined,
  ways: SourceWays = {},
): Walked & { infos: Walk['infos'] } {
  const inner = emptyWalk(bytes, lean);
  if (ways.withheld) inner.withheld = ways.withheld;
  if (ways.undecoded === undefined) runPayload(inner, next, 0, bytes.length, context, depth, false, ways.carried);
  else if (bytes.length === 0 || runPayload(inner, next, 0, bytes.length, context, depth, true, ways.carried) === 0) {
    const index = inner.slots.length;
    const sink = newSink(inner, index);
    if (bytes.length > 0) emitData(sink, 0, bytes.length);
    placeSlot(inner, index, sink, 'data', ways.undecoded, undefined, false);
  }
  return { ...finishWalk(inner), infos: inner.infos };
}

function runSource(
  walk: Walk,
  source: PlannedSource | PlannedTsdu,
  next: Next | undefined,
  context: Context,
  depth: number,
): void {
  const tsdu = walk.tsdu;
  const done = dissectBytes(source.bytes, next, context, depth, walk.lean?.wants, {
    ...(source.kind !== 'tsdu' ? { carried: source.kind } : { undecoded: source.undecoded }),
    ...(tsdu?.last?.in === source ? { withheld: { table: tsdu.next.table, end: tsdu.last.end } } : {}),
  });
  if (walk.lean) {
    const index = (walk.leanSources ??= []).length;
    walk.leanSources.push({
      kind: source.kind,
      name: source.name,
      length: source.bytes.length,
      ranges: source.ranges,
      layers: done.spans,
    });
    (walk.sourceProblems ??= []).push(...done.problems.map((p) => ({ ...p, source: index })));
    (walk.sourceValues ??= []).push(...done.values.map((v) => ({ ...v, source: index })));
  } else {
    const index = (walk.sources ??= []).length;
    walk.sources.push({
      kind: source.kind,
      name: source.name,
      length: source.bytes.length,
      raw: hex(source.bytes, 0, source.bytes.length),
      ranges: source.ranges,
      layers: done.layers,
    });
    (walk.sourceProblems ??= []).push(...done.problems.map((p) => ({ ...p, source: index })));
  }
  walk.infos.push(...done.infos);
}

/**
 * A PDU's own bytes dissected from a dispatch table on (a TPKT rebuilt from TCP segments): its layers, their problems
 * and its Info. The stream layer uses it to list a conversation's TPDUs.
 */
export function dissectPdu(
  bytes: Bytes,
  next: Next,
  context: Context,
): { layers: Layer[]; problems: Problem[]; info: string } {
  const { layers, problems, infos } = dissectBytes(bytes, next, context, 0, undefined);
  return { layers, problems, info: infos.length > 0 ? deepestInfo(infos) : '' };
}

/** The same, lean: layer spans, problems, Info and the values `wants` names. */
export function dissectPduLean(
  bytes: Bytes,
  next: Next,
  context: Context,
  wants: LeanWants,
): { layers: LayerSpan[]; problems: Problem[]; values: RecordedValue[]; info: string } {
  const { spans, problems, values, infos } = dissectBytes(bytes, next, context, 0, wants);
  return { layers: spans, problems, values, info: infos.length > 0 ? deepestInfo(infos) : '' };
}

/** The walk's layer problems, then its field problems, in byte order (the walk is done: its list is reused). */
function finishWalk(walk: Walk): Walked {
  const problems = walk.problems;
  if (walk.lean) {
    const spans = accountLean(walk);
    walk.lean.release();
    // Most frames have no problem: nothing to gather or sort then.
    if (walk.lean.problems.length > 0) problems.push(...walk.lean.orderedProblems());
    if (problems.length > 1) problems.sort(byOffset);
    return { layers: [], spans, problems, values: walk.lean.orderedValues() };
  }
  const layers = accountForEveryByte(walk.bytes, treeLayers(walk));
  for (const layer of layers) collectProblems(layer.fields, problems);
  problems.sort(byOffset);
  return { layers, spans: [], problems, values: [] };
}

const byOffset = (a: Problem, b: Problem) => (a.offset ?? Infinity) - (b.offset ?? Infinity);

function treeLayers(walk: Walk): Layer[] {
  const layers: Layer[] = [];
  for (const slot of walk.slots) {
    if (!slot) continue;
    layers.push(treeLayer(slot.protocol, (slot.sink as TreeLayer).fields(), slot.summary, slot.column, slot.quoted));
  }
  return layers;
}

/**
 * A layer over its fields' span, in the one shape every tree layer has (keys in `Layer`'s order, `column` and
 * `quoted` undefined when unset, which JSON leaves out): readers of the layers meet one hidden class.
 */
function treeLayer(
  protocol: string,
  fields: readonly Field[],
  summary: string,
  column: string | undefined,
  quoted: true | undefined,
): Layer {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.generated) continue;
    if (f.offset < lo) lo = f.offset;
    if (f.offset + f.length > hi) hi = f.offset + f.length;
  }
  const empty = lo === Infinity;
  return { protocol, offset: empty ? 0 : lo, length: empty ? 0 : hi - lo, fields, summary, column, quoted };
}

/**
 * Every byte must belong to a leaf field (STYLE.md §6). Bytes a layer declared as its own but left without a
 * field (a header cut inside a field) become `<protocol>.undecoded` in that layer; any others become data.
 */
function accountForEveryByte(bytes: Bytes, layers: Layer[]): Layer[] {
  const gaps = unownedSpans(bytes.length, layers);
  if (gaps.length === 0) return layers;
  const result = [...layers];
  for (const [start, end] of gaps) {
    // The innermost layer whose range starts at or before the gap owns it.
    let owner = -1;
    for (let k = 0; k < result.length; k++) if (result[k]!.offset <= start && result[k]!.protocol !== 'data') owner = k;
    if (owner < 0) {
      result.push(
        treeLayer('data', [dataField(bytes, start, end)], `Data (${end - start} bytes)`, undefined, undefined),
      );
      continue;
    }
    const layer = result[owner]!;
    const spec = undecodedSpecFor(layer.protocol);
    const fields = [...layer.fields, field(spec, bytes, start, end - start, { display: `${end - start} bytes` })];
    result[owner] = treeLayer(layer.protocol, fields, layer.summary, layer.column, layer.quoted);
  }
  return result;
}

/** The same accounting for a lean walk: its layers' spans, the gaps given to their owners as the tree gives them. */
function accountLean(walk: Walk): LayerSpan[] {
  const lean = walk.lean!;
  const slots = walk.slots;
  const spans: LayerSpan[] = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i];
    if (slot) spans.push(leanSpan(slot.protocol, slot.sink as LeanLayer, slot.summary, slot.column, slot.quoted));
  }
  const gaps = lean.gaps();
  for (let g = 0; g < gaps.length; g += 2) {
    const start = gaps[g]!;
    const end = gaps[g + 1]!;
    let owner = -1;
    for (let k = 0; k < spans.length; k++) if (spans[k]!.offset <= start && spans[k]!.protocol !== 'data') owner = k;
    if (owner < 0) {
      const sink = lean.layer(walk.slots.length + spans.length);
      emitData(sink, start, end);
      spans.push({ protocol: 'data', offset: start, length: end - start, summary: `Data (${end - start} bytes)` });
    } else {
      const sink = slots.filter((slot) => slot !== undefined)[owner]!.sink as LeanLayer;
      const span = spans[owner]!;
      sink.field(undecodedSpecFor(span.protocol), start, end - start);
      spans[owner] = leanSpan(span.protocol, sink, span.summary, span.column, span.quoted);
    }
  }
  return spans;
}

/** A lean layer's span, its keys in `LayerSpan`'s order, made key by key (src/dissect/merged.ts). */
function leanSpan(
  protocol: string,
  sink: LeanLayer,
  summary: string,
  column: string | undefined,
  quoted: true | undefined,
): LayerSpan {
  const empty = sink.lo === NO_SPAN;
  const span: { -readonly [K in keyof LayerSpan]: LayerSpan[K] } = {
    protocol,
    offset: empty ? 0 : sink.lo,
    length: empty ? 0 : sink.hi - sink.lo,
    summary,
  };
  if (column !== undefined) span.column = column;
  if (quoted) span.quoted = true;
  return span;
}

function collectProblems(fields: readonly Field[], into: Problem[]): void {
  for (const f of fields) {
    if (f.problems) into.push(...f.problems);
    if (f.children) collectProblems(f.children, into);
  }
}

/** A walk over `bytes` that has not started; lean when `lean` says what to keep. Key by key (src/dissect/merged.ts). */
function emptyWalk(bytes: Bytes, lean: LeanWants | undefined): Walk {
  const walk: { -readonly [K in keyof Walk]: Walk[K] } = {
    bytes,
    slots: [],
    problems: [],
    infos: [],
    infoPrefix: '',
    topProtocol: '',
  };
  if (lean) walk.lean = new LeanWalk(bytes, lean);
  return walk;
}

function newWalk(bytes: Bytes, plan: PayloadPlan | undefined, lean: LeanWants | undefined): Walk {
  const walk: Walk = emptyWalk(bytes, lean);
  if (plan) walk.plan = plan;
  const tsdu = plan?.tsdu;
  if (tsdu) {
    walk.tsdu = tsdu;
    if (tsdu.last && !tsdu.last.in) walk.withheld = { table: tsdu.next.table, end: tsdu.last.end };
  }
  return walk;
}

function walkFrame(
  walk: Walk,
  linkType: number,
  frameNumber: number,
  options: DissectOptions,
  stream: FrameStream | undefined,
): void {
  // Key by key (src/dissect/merged.ts): no spread, one shape.
  const context: { -readonly [K in keyof Context]: Context[K] } = { frameNumber, linkType, options };
  if (stream) {
    context.tcpStreams = stream.tcp;
    if (stream.time !== undefined) context.time = stream.time;
  }
  const first = lookup(
    'link',
    nextFor('link', linkType).keys,
    walk.bytes,
    0,
    walk.bytes.length,
    options.decodeAs,
  ).protocol;
  if (!first) {
    dataLayer(
      walk,
      0,
      walk.bytes.length,
      `Link type ${linkType} is not one framescope decodes; the frame is shown as data`,
    );
  } else if (walk.bytes.length > 0) {
    run(walk, first, 0, walk.bytes.length, context, 0);
  }
  // Above every layer of the frame, so that a protocol decoding the TSDU gives the frame's Info; with the frame's context
  // (what a protocol above COTP needs comes in its own bytes).
  if (walk.tsdu) {
    const depth = 1 + Math.max(-1, ...walk.infos.map((i) => i.depth));
    runSource(walk, walk.tsdu, walk.tsdu.next, context, depth);
  }
}

const NO_SPANS: readonly LayerSpan[] = [];
/** No protocol found, nothing to say. */
const NOTHING: Lookup = {};

/** Protocol names in capitals, as the Protocol column shows them: made once per name, not per frame. */
const COLUMNS = new Map<string, string>();
function columnOf(protocol: string): string {
  let column = COLUMNS.get(protocol);
  if (column === undefined) COLUMNS.set(protocol, (column = protocol.toUpperCase()));
  return column;
}

/** The packet list's columns from a walk's layers (the frame's own, then its sources'). */
function summaryOf(walk: Walk, own: readonly Words[], sources: readonly Words[]): FrameSummary {
  const top = lastNotData(sources) ?? lastNotData(own) ?? own[0] ?? sources[0];
  return {
    source: walk.addresses?.source ?? '',
    destination: walk.addresses?.destination ?? '',
    protocol: top?.column ?? columnOf(top?.protocol ?? 'data'),
    info: walk.infoPrefix + (walk.infos.length > 0 ? deepestInfo(walk.infos) : (top?.summary ?? '')),
  };
}

/**
 * `plan`: reassembly facts for this frame's TCP payload (src/dissect/stream); `stream`: the capture's TCP conversations
 * and the frame's time (tcp.stream, relative numbers). Without them, the frame stands alone.
 */
export function dissectFrame(
  bytes: Bytes,
  linkType: number,
  frameNumber: number,
  options: DissectOptions = {},
  plan?: PayloadPlan,
  stream?: FrameStream,
): Frame {
  const walk = newWalk(bytes, plan, undefined);
  walkFrame(walk, linkType, frameNumber, options, stream);
  const { layers, problems } = finishWalk(walk);
  if (walk.sourceProblems) problems.push(...walk.sourceProblems);
  const sourceLayers = walk.sources?.flatMap((s) => s.layers) ?? [];
  const frame: Frame = {
    number: frameNumber,
    length: bytes.length,
    linkType,
    layers,
    problems,
    summary: summaryOf(walk, layers, sourceLayers),
  };
  return walk.sources ? merged(frame, { sources: walk.sources }) : frame;
}

/**
 * The same dissection without field objects (Wireshark's NULL tree): the packet-list columns, every problem, each
 * layer's span, and the values of the ids `wants` names — what bulk passes (indexing, filtering, following
 * conversations, the CLI's summary) need. Gives exactly what `dissectFrame` gives for each of these (equivalence.test.ts).
 */
export function dissectLean(
  bytes: Bytes,
  linkType: number,
  frameNumber: number,
  wants: LeanWants,
  options: DissectOptions = {},
  plan?: PayloadPlan,
  stream?: FrameStream,
): FrameRecord {
  const walk = newWalk(bytes, plan, wants);
  walkFrame(walk, linkType, frameNumber, options, stream);
  const { spans, problems, values } = finishWalk(walk);
  if (walk.sourceProblems) problems.push(...walk.sourceProblems);
  if (walk.sourceValues) values.push(...walk.sourceValues);
  const sourceSpans = walk.leanSources ? walk.leanSources.flatMap((s) => s.layers) : NO_SPANS;
  const record: { -readonly [K in keyof FrameRecord]: FrameRecord[K] } = {
    number: frameNumber,
    length: bytes.length,
    linkType,
    layers: spans,
    problems,
    summary: summaryOf(walk, spans, sourceSpans),
    values,
  };
  if (walk.leanSources) record.sources = walk.leanSources;
  return record;
}

/** A layer's words for the packet list. */
interface Words {
  readonly protocol: string;
  readonly column?: string;
  readonly summary: string;
  /** A layer of an ICMP error's quote: never the frame's Protocol or Info. */
  readonly quoted?: true;
}

function lastNotData(layers: readonly Words[]): Words | undefined {
  for (let i = layers.length - 1; i >= 0; i--)
    if (layers[i]!.protocol !== 'data' && !layers[i]!.quoted) return layers[i];
  return undefined;
}

/** Info of the highest layer(s): several TPDUs in one segment read "CC TPDU …, DT TPDU (0) EOT". */
function deepestInfo(infos: readonly { depth: number; text: string }[]): string {
  let depth = -Infinity;
  for (const i of infos) if (i.depth > depth) depth = i.depth;
  let text: string | undefined;
  for (const i of infos) if (i.depth === depth) text = text === undefined ? i.text : `${text}, ${i.text}`;
  return text ?? '';
}
