// A reassembled PDU is its own byte source: a view over its bytes, like a frame's, so the tree, the hex view and
// the detail panel show it as they show a frame (offsets counting in the source). Selected with selectFrame().
import type { Frame, FrameSource } from '../dissect/model';
import { buildFrameView, type FrameView } from './frame-view';

function bytesOf(raw: string): Uint8Array {
  const out = new Uint8Array(raw.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(raw.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The frame as the tree shows a source: its layers and its problems, the frame's number and summary. */
function sourceFrame(frame: Frame, source: FrameSource, index: number): Frame {
  const problems = frame.problems.filter((p) => p.source === index).map(({ source: _, ...p }) => p);
  return {
    number: frame.number,
    length: source.length,
    linkType: frame.linkType,
    layers: source.layers,
    problems,
    summary: frame.summary,
    ...(frame.capture ? { capture: frame.capture } : {}),
  };
}

/** One view per source of the frame (a reassembled TPKT, a COTP TSDU), after the frame's own. */
export function sourceViews(frame: Frame): FrameView[] {
  return (frame.sources ?? []).map((source, i) => buildFrameView(sourceFrame(frame, source, i), bytesOf(source.raw)));
}

/** The frame's own problems, without those of its sources (shown with the source). */
export function ownProblems(frame: Frame): Frame {
  return frame.sources ? { ...frame, problems: frame.problems.filter((p) => p.source === undefined) } : frame;
}
