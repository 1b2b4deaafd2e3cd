// Walks a frame through the dispatch table, layer by layer. Pure; never throws on bad bytes:
// one guard turns even a programmer error into a problem plus the rest of the bytes as data (STYLE.md §5).
import type { Field, Frame, FrameSource, Layer, Problem } from './model';
import type { Context, DissectOptions, LayerOutput, Next, PayloadPlan, PlannedSource, Protocol } from './dissector';
import { lookup } from './dispatch';
import { dataField } from './protocols/data';
import { amended, field } from './build';
import { merged } from './merged';
import { undecodedSpecFor } from './schema';
import { unownedSpans } from './coverage';
import { hex, type Bytes } from './reader';

interface Walk {
  readonly bytes: Bytes;
  readonly layers: (Layer | undefined)[];
  readonly problems: Problem[];
  /** Packet-list Info contributions with the depth of the layer that gave them. */
  readonly infos: { depth: number; text: string }[];
  addresses?: { source: string; destination: string };
  topProtocol: string;
  /** Reassembly on: how the TCP payload splits (applied once, to the TCP layer it names). */
  plan?: PayloadPlan;
  /** PDUs reassembled into this frame, dissected, and their problems (offsets in the source). */
  sources?: FrameSource[];
  sourceProblems?: Problem[];
}

function dataLayer(walk: Walk, start: number, end: number, why?: string): void {
  if (end <= start) return;
  const data = dataField(walk.bytes, start, end);
  const field = why
    ? amended(data, {
        problems: [
          { severity: 'note' as const, code: 'undecoded' as const, message: why, fieldId: 'data.data', offset: start },
        ],
      })
    : data;
  walk.layers.push({
    protocol: 'data',
    offset: start,
    length: end - start,
    fields: [field],
    summary: `Data (${end - start} bytes)`,
  });
}

function spanOf(fields: readonly Field[]): { offset: number; length: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const f of fields) {
    if (f.generated) continue;
    lo = Math.min(lo, f.offset);
    hi = Math.max(hi, f.offset + f.length);
  }
  return lo === Infinity ? { offset: 0, length: 0 } : { offset: lo, length: hi - lo };
}

function safeDissect(walk: Walk, protocol: Protocol, offset: number, end: number, context: Context): LayerOutput {
  try {
    return protocol.dissect({ bytes: walk.bytes, offset, end, context });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      fields: [],
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

/** Dissects one layer and everything above it; returns where this layer's bytes end. */
function run(walk: Walk, protocol: Protocol, offset: number, end: number, context: Context, depth: number): number {
  const out = safeDissect(walk, protocol, offset, end, context);
  const slot = walk.layers.length;
  walk.layers.push(undefined); // keeps wire order: upper layers are pushed after this one
  walk.problems.push(...out.problems);
  if (out.addresses) walk.addresses = out.addresses;
  if (out.info) walk.infos.push({ depth, text: out.info });
  walk.topProtocol = protocol.protocol;
  let fields = out.fields;
  let layerEnd = Math.max(out.end, offset);

  // An empty payload still goes to the next protocol when one is named: it reports what is missing.
  if (out.payload && (out.payload.end > out.payload.offset || out.payload.next)) {
    const { offset: start, end: payloadEnd } = out.payload;
    const upper: Context = out.context ? merged(context, out.context) : context;
    const plan = walk.plan?.payloadOffset === start && out.payload.next?.table === 'tcp.port' ? walk.plan : undefined;
    if (plan) {
      walk.plan = undefined;
      fields = [...fields, ...runPlan(walk, plan, out.payload.next, upper, depth + 1)];
    }
    const consumed = plan
      ? payloadEnd
      : runPayload(walk, out.payload.next, start, payloadEnd, upper, depth + 1, out.claimUnclaimed !== undefined);
    if (consumed === start && out.claimUnclaimed) {
      fields = [...fields, ...out.claimUnclaimed(walk.bytes, start, payloadEnd)];
    } else if (consumed < payloadEnd) {
      if (out.claimTrailer) fields = [...fields, ...out.claimTrailer(walk.bytes, consumed, payloadEnd)];
      else
        dataLayer(
          walk,
          consumed,
          payloadEnd,
          `${payloadEnd - consumed} bytes at the end of the ${protocol.protocol.toUpperCase()} payload belong to no decoded layer; shown as data`,
        );
    }
    layerEnd = Math.max(layerEnd, payloadEnd);
    // Bytes after the payload but inside this layer (an 802.3 frame's padding after its LLC data).
    if (out.claimTrailer && payloadEnd < out.end)
      fields = [...fields, ...out.claimTrailer(walk.bytes, payloadEnd, out.end)];
  }
  const span = spanOf(fields);
  walk.layers[slot] = {
    protocol: protocol.protocol,
    offset: span.offset,
    length: span.length,
    fields,
    summary: out.summary,
    ...(out.column !== undefined ? { column: out.column } : {}),
  };
  return layerEnd;
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
  const find = (from: number) =>
    next ? lookup(next.table, next.keys, walk.bytes, from, end, context.options.decodeAs, carried) : {};
  const found = find(start);
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
      const other = next?.table === 'tcp.port' ? find(at).protocol : undefined;
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
 * PDU reassembled elsewhere becomes the TCP layer's own fields (returned), and the PDU completed here is dissected as
 * a byte source of its own.
 */
function runPlan(walk: Walk, plan: PayloadPlan, next: Next | undefined, context: Context, depth: number): Field[] {
  const fields: Field[] = [];
  for (const piece of plan.pieces) {
    if (piece.kind === 'decode') {
      runPayload(walk, next, piece.offset, piece.end, context, depth, false, piece.as);
      continue;
    }
    fields.push(...piece.fields);
    if (piece.info) {
      // Said after the TCP layer's own Info ("102 → 4305 [ACK] … Len=1460 [TPKT segment, completed in frame 7]").
      const own = walk.infos.filter((i) => i.depth === depth - 1).pop();
      if (own) own.text = `${own.text} ${piece.info}`;
      else walk.infos.push({ depth: depth - 1, text: piece.info });
    }
    if (piece.source) runSource(walk, piece.source, next, context, depth);
  }
  return fields;
}

/** Bytes of their own (a reassembled PDU) dissected from a dispatch table on, every byte accounted for. */
function dissectBytes(
  bytes: Bytes,
  next: Next | undefined,
  context: Context,
  depth: number,
  carried?: string,
): { layers: Layer[]; problems: Problem[]; infos: Walk['infos'] } {
  const inner: Walk = { bytes, layers: [], problems: [], infos: [], topProtocol: '' };
  runPayload(inner, next, 0, bytes.length, context, depth, false, carried);
  const layers = accountForEveryByte(
    bytes,
    inner.layers.filter((l): l is Layer => l !== undefined),
  );
  const problems: Problem[] = [...inner.problems];
  for (const layer of layers) collectProblems(layer.fields, problems);
  problems.sort((a, b) => (a.offset ?? Infinity) - (b.offset ?? Infinity));
  return { layers, problems, infos: inner.infos };
}

function runSource(walk: Walk, source: PlannedSource, next: Next | undefined, context: Context, depth: number): void {
  const { layers, problems, infos } = dissectBytes(source.bytes, next, context, depth, source.kind);
  const index = (walk.sources ??= []).length;
  walk.sources.push({
    kind: source.kind,
    name: source.name,
    length: source.bytes.length,
    raw: hex(source.bytes, 0, source.bytes.length),
    ranges: source.ranges,
    layers,
  });
  (walk.sourceProblems ??= []).push(...problems.map((p) => ({ ...p, source: index })));
  walk.infos.push(...infos);
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
  const { layers, problems, infos } = dissectBytes(bytes, next, context, 0);
  return { layers, problems, info: infos.length > 0 ? deepestInfo(infos) : '' };
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
      result.push({
        protocol: 'data',
        offset: start,
        length: end - start,
        fields: [dataField(bytes, start, end)],
        summary: `Data (${end - start} bytes)`,
      });
      continue;
    }
    const layer = result[owner]!;
    const spec = undecodedSpecFor(layer.protocol);
    const fields = [...layer.fields, field(spec, bytes, start, end - start, { display: `${end - start} bytes` })];
    const span = spanOf(fields);
    result[owner] = { ...layer, fields, offset: span.offset, length: span.length };
  }
  return result;
}

function collectProblems(fields: readonly Field[], into: Problem[]): void {
  for (const f of fields) {
    if (f.problems) into.push(...f.problems);
    if (f.children) collectProblems(f.children, into);
  }
}

/** `plan`: reassembly facts for this frame's TCP payload (src/dissect/stream); without one, each frame stands alone. */
export function dissectFrame(
  bytes: Bytes,
  linkType: number,
  frameNumber: number,
  options: DissectOptions = {},
  plan?: PayloadPlan,
): Frame {
  const walk: Walk = { bytes, layers: [], problems: [], infos: [], topProtocol: '' };
  if (plan) walk.plan = plan;
  const context: Context = { frameNumber, linkType, options };
  const first = lookup('link', [linkType], bytes, 0, bytes.length, options.decodeAs).protocol;
  if (!first) {
    dataLayer(walk, 0, bytes.length, `Link type ${linkType} is not one framescope decodes; the frame is shown as data`);
  } else if (bytes.length > 0) {
    run(walk, first, 0, bytes.length, context, 0);
  }
  const layers = accountForEveryByte(
    bytes,
    walk.layers.filter((l): l is Layer => l !== undefined),
  );
  const problems: Problem[] = [...walk.problems];
  for (const layer of layers) collectProblems(layer.fields, problems);
  problems.sort((a, b) => (a.offset ?? Infinity) - (b.offset ?? Infinity));
  if (walk.sourceProblems) problems.push(...walk.sourceProblems);
  const sourceLayers = walk.sources?.flatMap((s) => s.layers) ?? [];
  const top = [...layers, ...sourceLayers].reverse().find((l) => l.protocol !== 'data') ?? layers[0];
  const frame: Frame = {
    number: frameNumber,
    length: bytes.length,
    linkType,
    layers,
    problems,
    summary: {
      source: walk.addresses?.source ?? '',
      destination: walk.addresses?.destination ?? '',
      protocol: top?.column ?? (top?.protocol ?? 'data').toUpperCase(),
      info: walk.infos.length > 0 ? deepestInfo(walk.infos) : (top?.summary ?? ''),
    },
  };
  return walk.sources ? merged(frame, { sources: walk.sources }) : frame;
}

/** Info of the highest layer(s): several TPDUs in one segment read "CC TPDU …, DT TPDU (0) EOT". */
function deepestInfo(infos: readonly { depth: number; text: string }[]): string {
  const depth = Math.max(...infos.map((i) => i.depth));
  return infos
    .filter((i) => i.depth === depth)
    .map((i) => i.text)
    .join(', ');
}
