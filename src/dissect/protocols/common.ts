// Helpers every protocol file shares: the same words for the same problems.
import type { FieldId } from '../field-ids';
import { compiled } from '../build';
import type { Cite } from '../cite';
import type { Context, LayerOutput } from '../dissector';
import type { Problem } from '../model';
import type { FieldSpec } from '../spec';
import { u8, type Bytes } from '../reader';
import { NO_FIELD, type EmitOptions, type FieldRef, type LayerSink } from '../sink';

/**
 * The datagram an ICMP or ICMPv6 error message quotes, [start, end): handed on as IP by its version nibble, its layers
 * marked as the quote's (Context.quote), as Wireshark nests them in the message.
 */
export function quoting(bytes: Bytes, start: number, end: number): Pick<LayerOutput, 'payload' | 'context'> {
  return {
    payload: { offset: start, end, next: { table: 'ip.version', keys: [u8(bytes, start) >> 4] } },
    context: { quote: true },
  };
}

/** The header ended before `missing`: the fields read so far stay, this says what was expected. */
export function truncatedAt(missing: FieldSpec, base: number, end: number, what: string): Problem {
  const offset = base + (missing.at ?? 0);
  const need = offset + (missing.size ?? 1) - base;
  return {
    severity: 'warning',
    code: 'truncated',
    message: `${what} cut short: ${missing.label} (${missing.id}) needs bytes up to offset ${offset + (missing.size ?? 1)}, the data ends at ${end} (${end - base} of at least ${need} header bytes present)`,
    fieldId: missing.id,
    offset,
    cite: missing.cite,
  };
}

/**
 * A header that ends inside its fixed layout (`offset` to `end`): the fields that fit, on `out`, and the layer's
 * output with the problem naming the first that does not. `what`: "TCP header (20 bytes)".
 */
export function truncatedHeader(
  out: LayerSink,
  layout: readonly FieldSpec[],
  offset: number,
  end: number,
  what: string,
  summary: string,
): LayerOutput {
  const missing = out.fixed(layout, offset, end);
  return { problems: missing ? [truncatedAt(missing, offset, end, what)] : [], summary, end };
}

export function problem(
  severity: Problem['severity'],
  code: Problem['code'],
  message: string,
  at: { fieldId?: FieldId; offset?: number; cite?: Cite; seeAlso?: readonly Cite[] } = {},
): Problem {
  return { severity, code, message, ...at };
}

/** True when every byte of [start, end) is zero (padding), without a view or a closure per call. */
export function allZero(bytes: Bytes, start: number, end: number): boolean {
  const stop = Math.min(end, bytes.length);
  for (let i = start; i < stop; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** Spec for bytes a layer could not assign to a field (the header ended inside one, a length made them unreadable). */
export function undecodedSpec(protocol: string, name: string, citation: Cite): FieldSpec {
  return {
    // field-ids.ts lists every protocol's (the tables' undecoded specs are among allSpecs()).
    id: `${protocol}.undecoded` as FieldId,
    label: 'Undecoded bytes',
    kind: 'bytes',
    cite: citation,
    meaning: `Bytes inside the ${name} header that no field could be read from: the data ended inside a field, or a length field left them unaccounted for.`,
  };
}

/** Bytes [start, end) no field could be read from, as one `<protocol>.undecoded` field on the sink. */
export function emitUndecoded(out: LayerSink, spec: FieldSpec, start: number, end: number): void {
  if (end > start) out.field(spec, start, end - start);
}

/** Octets a fixed layout spans from its base: where its furthest field ends. */
export function layoutSize(layout: readonly FieldSpec[]): number {
  let size = 0;
  for (const spec of layout)
    if (spec.at !== undefined && spec.size !== undefined) size = Math.max(size, spec.at + spec.size);
  return size;
}

/**
 * `numberAt(spec, …)` with the spec's compiled reader looked up once, for a header field read in every packet (the
 * lookup per call is a map's): `const srcportAt = numberReader(SRCPORT)`, then `srcportAt(bytes, offset)`.
 */
export function numberReader(spec: FieldSpec): (bytes: Bytes, base: number) => number {
  const read = compiled(spec).value;
  const at = spec.at!;
  const size = spec.size!;
  return (bytes, base) => read(bytes, base + at, size) as number;
}

/** `textAt(spec, …)` likewise: an address's text, the reader looked up once. */
export function textReader(spec: FieldSpec): (bytes: Bytes, base: number) => string {
  const read = compiled(spec).value;
  const at = spec.at!;
  const size = spec.size!;
  return (bytes, base) => String(read(bytes, base + at, size));
}

/** A fixed-layout spec's value as text (an address) where the layout starts at `base`: `numberAt` for text values. */
export function textAt(spec: FieldSpec, bytes: Bytes, base: number): string {
  return String(compiled(spec).value(bytes, base + spec.at!, spec.size!));
}

/** The display a field of `spec` over [offset, offset + length) has by default, for a parent's text made from it. */
export function displayIn(spec: FieldSpec, bytes: Bytes, offset: number, length: number): string {
  const c = compiled(spec);
  return c.display(c.value(bytes, offset, length), length);
}

/**
 * Where the data in a TPKT ends by the TPKT's length: past `end` when the TPKT runs on into a later TCP segment, which
 * TPKT says once, in its own note. A layer above whose length reaches past `end` but not past this is cut by the
 * segment, not wrong; one that reaches past this is malformed.
 */
export const tpktLimit = (context: Context, end: number): number => Math.max(end, context.tpktEnd ?? end);

/**
 * How far a PDU carried in a TSDU may run: to `tpktLimit`, or anywhere past `end` when the bytes are only the first part
 * of the TSDU (a DT without EOT dissected on its own, `tsduContinues`): its rest is in later DTs.
 */
export const tsduLimit = (context: Context, end: number): number =>
  context.tsduContinues === true ? Infinity : tpktLimit(context, end);

/** Lean options, reused: a lean pass reads them during the call, so no object is made per generated field. */
const LEAN_NUMBER: { value: number; generated: true } = { value: 0, generated: true };
const LEAN_NODE = { generated: true } as const;

/** A lean pass's options for a generated number with the display its spec gives: one object, refilled. */
export function leanGenerated(value: number): EmitOptions {
  LEAN_NUMBER.value = value;
  return LEAN_NUMBER;
}

/**
 * A generated field holding a number (its display the number, unless given; made only for the tree). Left out of a
 * lean pass that does not watch it (NO_FIELD): a caller putting a problem on the field emits it with `out.field`.
 */
export function generatedNumber(
  out: LayerSink,
  spec: FieldSpec,
  offset: number,
  length: number,
  value: number,
  display?: string,
): FieldRef {
  if (out.tree) return out.field(spec, offset, length, { value, display: display ?? `${value}`, generated: true });
  if (!out.watches(spec)) return NO_FIELD;
  return out.field(spec, offset, length, leanGenerated(value));
}

/** A generated field with no value of its own at `at` (Wireshark's "[Timestamps]", a flag); `open`: a subtree. */
export function generatedNode(out: LayerSink, spec: FieldSpec, at: number, open = false): FieldRef {
  const options = out.tree ? { display: '', generated: true as const } : LEAN_NODE;
  return open ? out.open(spec, at, 0, options) : out.field(spec, at, 0, options);
}

/** A time in seconds as Wireshark shows a relative time or an RTT. */
export const seconds = (t: number): string => `${t.toFixed(9)} seconds`;
