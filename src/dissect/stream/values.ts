// The stream layer reads a dissection as a lean pass gives it (sink.ts): layer spans, and the values of the ids it
// asked for (STREAM_IDS), each tagged with the layer it came from. A frame's record and a PDU's both read this way.
import type { FieldId } from '../field-ids';
import type { FieldValue } from '../model';
import type { LayerSpan, RecordedValue } from '../sink';

/** Layers and the recorded values of their fields: a `FrameRecord`, or what `dissectPduLean` gives. */
export interface Dissected {
  readonly layers: readonly LayerSpan[];
  readonly values: readonly RecordedValue[];
}

/** The first recorded field `id` of layer `layer` (in tree order, nested fields included), as `find` in a tree. */
export function recordedField(dissected: Dissected, layer: number, id: FieldId): RecordedValue | undefined {
  for (const v of dissected.values) if (v.layer === layer && v.id === id && v.source === undefined) return v;
  return undefined;
}

/** Its value when it is a number, as `numberOf` in a tree. */
export function recordedNumber(dissected: Dissected, layer: number, id: FieldId): number | undefined {
  const value: FieldValue | undefined = recordedField(dissected, layer, id)?.value;
  return typeof value === 'number' ? value : undefined;
}

/** Its value when it is text. */
export function recordedText(dissected: Dissected, layer: number, id: FieldId): string | undefined {
  const value = recordedField(dissected, layer, id)?.value;
  return typeof value === 'string' ? value : undefined;
}
