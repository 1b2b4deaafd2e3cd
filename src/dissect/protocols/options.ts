// One walk over a header's options, for the three headers that lay them out alike: IPv4 (RFC 791 §3.1), TCP
// (RFC 9293 §3.1) and IPv6's Hop-by-Hop and Destination Options headers (RFC 8200 §4.2). Each option is a kind
// octet; most kinds then have a length octet and data, a few are one octet alone (EOL and NOP, Pad1). They go wrong
// the same ways too: no room left for the length octet, a length that overruns the header or is wrong for its kind,
// padding that is not zero. A protocol says how its options differ in a small table (`OptionTable`); this file
// walks them, emits each as a node with its kind, length and value fields, and reports what is wrong.
import type { Cite } from '../cite';
import type { Problem } from '../model';
import type { FieldSpec } from '../spec';
import { u8, type Bytes } from '../reader';
import type { LayerSink } from '../sink';
import { allZero, problem } from './common';

/** Octets that must be zeros: the field they make, and the warning when they are not. */
export interface Zeros {
  readonly spec: FieldSpec;
  readonly message: string;
}

/** What a protocol knows about one option kind. */
export interface OptionKind {
  readonly node: FieldSpec;
  /** A one-octet option (no length octet): `end` ends the list, and what follows is padding; `skip` does not. */
  readonly single?: 'end' | 'skip';
  /** The one total length (kind and length octets counted) a right option of this kind has. */
  readonly length?: number;
  /** The option's value fields, `at` counted from its kind octet; shown when its length is right. */
  readonly values?: readonly FieldSpec[];
  /** The value fields repeat every `repeat` octets (TCP SACK blocks); the data must hold a whole number of them. */
  readonly repeat?: number;
  /** The option's data must be zeros (IPv6 PadN). */
  readonly zeros?: Zeros;
}

/** What the tree shows for an option, and what its problems say: one protocol's words. */
export interface OptionTexts {
  /** Display of a one-octet option. */
  one(kind: number): string;
  /** Display of an option the header ends before its length octet. */
  cut(kind: number): string;
  /** The layer's problem about that option: it has no length octet. */
  noLength(kind: number, at: number, end: number): string;
  /** Display of an option of `span` octets with length octet `length`; `legal` when that length is right for it. */
  shown(bytes: Bytes, at: number, span: number, kind: number, length: number, legal: boolean): string;
  /** The option's problem when its length is wrong. */
  wrongLength(kind: number, length: number, at: number, end: number): string;
}

/**
 * Texts for options known by a name (IPv4, IPv6): "Router Alert, 4 bytes" in the tree, "<word> option <name> …" in
 * problems. `wrongLength` says what is wrong with a length, as the protocol counts it.
 */
export function namedOptionTexts(
  word: string,
  name: (kind: number) => string,
  wrongLength: OptionTexts['wrongLength'],
): OptionTexts {
  return {
    one: name,
    cut: (kind) => `${name(kind)} (no room for its length octet)`,
    noLength: (kind, at, end) =>
      `${word} option ${name(kind)} at offset ${at} has no length octet before the header ends at ${end}`,
    shown: (_bytes, _at, _span, kind, length) => `${name(kind)}, ${length} bytes`,
    wrongLength,
  };
}

/** One protocol's options. */
export interface OptionTable {
  /** The kind (type) octet and the length octet. */
  readonly kind: FieldSpec;
  readonly length: FieldSpec;
  /** What the length octet counts: the whole option (IPv4, TCP), or only the data after it (IPv6). */
  readonly counts: 'option' | 'data';
  readonly kinds: Readonly<Record<number, OptionKind>>;
  /** Node of a kind not in `kinds`. */
  readonly unknown: FieldSpec;
  /** Data of an option without value fields of its own, or whose length is wrong for them: shown raw. */
  readonly data: FieldSpec;
  /** After an `end` option, up to the end of the options: padding. */
  readonly padding?: Zeros;
  /** The rule an option without a length octet breaks. */
  readonly cite: Cite;
  readonly text: OptionTexts;
}

/**
 * The options in [start, end), each as a node on `out` holding its kind, length and value fields; every octet of the
 * range ends up in a node (or the padding). A wrong length is a problem on its option's node, and the walk goes on
 * past it, never looping (RFC 9293 MUST-7: be prepared for an illegal length). An option with no room for its length
 * octet ends the walk: that problem concerns the list, so it is returned for the caller's layer.
 */
export function walkOptions(
  table: OptionTable,
  out: LayerSink,
  bytes: Bytes,
  start: number,
  end: number,
): Problem | undefined {
  let at = start;
  while (at < end) {
    const kind = u8(bytes, at);
    const known = table.kinds[kind];
    const node = known?.node ?? table.unknown;
    if (known?.single !== undefined) {
      out.open(node, at, 1, out.tree ? { display: table.text.one(kind) } : undefined);
      out.field(table.kind, at, 1);
      out.close();
      at++;
      if (known.single === 'end' && at < end && table.padding !== undefined) {
        emitZeros(out, bytes, table.padding, at, end);
        at = end;
      }
      continue;
    }
    if (at + 2 > end) {
      out.open(node, at, end - at, out.tree ? { display: table.text.cut(kind) } : undefined);
      out.field(table.kind, at, 1);
      out.close();
      return problem('error', 'malformed', table.text.noLength(kind, at, end), {
        fieldId: node.id,
        offset: at,
        cite: table.cite,
      });
    }
    const length = u8(bytes, at + 1);
    const total = table.counts === 'data' ? length + 2 : length;
    const fits = total >= 2 && at + total <= end;
    const span = fits ? total : end - at;
    const legal =
      fits &&
      (known?.length === undefined || total === known.length) &&
      (known?.repeat === undefined || (total - 2) % known.repeat === 0);
    const ref = out.open(
      node,
      at,
      span,
      out.tree ? { display: table.text.shown(bytes, at, span, kind, length, legal) } : undefined,
    );
    out.field(table.kind, at, 1);
    out.field(table.length, at + 1, 1);
    if (legal && known?.values !== undefined) {
      if (known.repeat === undefined) out.fixed(known.values, at, at + span);
      else
        for (let base = at; base + 2 + known.repeat <= at + span; base += known.repeat)
          out.fixed(known.values, base, at + span);
    } else if (span > 2) {
      if (known?.zeros !== undefined) emitZeros(out, bytes, known.zeros, at + 2, at + span);
      else out.field(table.data, at + 2, span - 2);
    }
    out.close();
    if (!legal) {
      out.problem(
        ref,
        problem('error', 'malformed', table.text.wrongLength(kind, length, at, end), {
          fieldId: node.id,
          offset: at,
          cite: node.cite,
        }),
      );
    }
    at += span;
  }
  return undefined;
}

/**
 * A header's options area [start, end) as one field of `spec` ("Options: 12 bytes") holding the walk's nodes. Returns
 * the walk's problem for the layer, if any.
 */
export function emitOptionArea(
  table: OptionTable,
  spec: FieldSpec,
  out: LayerSink,
  bytes: Bytes,
  start: number,
  end: number,
): Problem | undefined {
  out.open(spec, start, end - start, out.tree ? { display: `${end - start} bytes` } : undefined);
  const cut = walkOptions(table, out, bytes, start, end);
  out.close();
  return cut;
}

/** [start, end) as the zeros' field, with their warning when an octet is not zero. */
function emitZeros(out: LayerSink, bytes: Bytes, zeros: Zeros, start: number, end: number): void {
  const ref = out.field(zeros.spec, start, end - start);
  if (!allZero(bytes, start, end)) {
    out.problem(
      ref,
      problem('warning', 'reserved-nonzero', zeros.message, {
        fieldId: zeros.spec.id,
        offset: start,
        cite: zeros.spec.cite,
      }),
    );
  }
}
