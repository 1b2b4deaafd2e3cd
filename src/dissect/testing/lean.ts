// Lean against tree in tests: what a lean pass's record must equal.
import type { FrameRecord, LayerSpan } from '../sink';

/**
 * The tree's record (`recordOf`) with a layer's summary left out where the lean pass made none (`LayerSink.summaries`:
 * a lean pass shows Info, not layer summaries): every other summary, and the frame's Info, must still agree.
 */
export function asLeanSees(tree: FrameRecord, lean: FrameRecord): FrameRecord {
  const spans = (own: readonly LayerSpan[], seen: readonly LayerSpan[] | undefined) =>
    own.map((span, i) => (seen?.[i]?.summary === '' ? { ...span, summary: '' } : span));
  return {
    ...tree,
    layers: spans(tree.layers, lean.layers),
    ...(tree.sources
      ? { sources: tree.sources.map((s, i) => ({ ...s, layers: spans(s.layers, lean.sources?.[i]?.layers) })) }
      : {}),
  };
}
