// A tree `Frame` seen as a lean pass sees it (`FrameRecord`): the check that both sinks agree
// (equivalence.test.ts), and the record of the frame on screen when a bulk pass wants one.
import type { Field, Frame, Layer } from './model';
import type { FrameRecord, LayerSpan, RecordedValue } from './sink';

function spanOf(layer: Layer): LayerSpan {
  return {
    protocol: layer.protocol,
    offset: layer.offset,
    length: layer.length,
    summary: layer.summary,
    ...(layer.column !== undefined ? { column: layer.column } : {}),
    ...(layer.quoted ? { quoted: true } : {}),
  };
}

/** The values of these ids (every id: `undefined`) in tree order, as `dissectLean` records them. */
function valuesOf(layers: readonly Layer[], wants: ReadonlySet<string> | undefined, source?: number): RecordedValue[] {
  const out: RecordedValue[] = [];
  layers.forEach((layer, index) => {
    let position = 0;
    const walk = (f: Field) => {
      const at = position++;
      if (!wants || wants.has(f.id))
        out.push({
          id: f.id,
          offset: f.offset,
          length: f.length,
          value: f.value,
          layer: index,
          position: at,
          ...(source !== undefined ? { source } : {}),
        });
      f.children?.forEach(walk);
    };
    layer.fields.forEach(walk);
  });
  return out;
}

/** The record of a tree frame: for `wants` (all ids when undefined). Layer and position say only the order. */
export function recordOf(frame: Frame, wants?: ReadonlySet<string>): FrameRecord {
  const values = valuesOf(frame.layers, wants);
  frame.sources?.forEach((s, i) => values.push(...valuesOf(s.layers, wants, i)));
  return {
    number: frame.number,
    length: frame.length,
    linkType: frame.linkType,
    layers: frame.layers.map(spanOf),
    problems: frame.problems,
    summary: frame.summary,
    values,
    ...(frame.sources
      ? {
          sources: frame.sources.map((s) => ({
            kind: s.kind,
            name: s.name,
            length: s.length,
            ranges: s.ranges,
            layers: s.layers.map(spanOf),
          })),
        }
      : {}),
    ...(frame.reassembledIn ? { reassembledIn: frame.reassembledIn } : {}),
  };
}

/** Values without their ordering keys (layer indices differ where the tree drops a failed layer): what to compare. */
export function comparable(record: FrameRecord): unknown {
  return {
    ...record,
    values: record.values.map(({ id, offset, length, value, source }) => ({ id, offset, length, value, source })),
  };
}
