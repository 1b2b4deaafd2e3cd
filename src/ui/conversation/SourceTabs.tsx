import { SOURCE_KIND_NAMES } from '../../dissect';
import { selectFrame } from '../../state/actions';
import { selectPacket } from '../../state/capture-actions';
import { useAppState, useAppStore } from '../app/store-context';

const span = (start: number, length: number) =>
  length === 0 ? `no bytes (at ${start})` : length === 1 ? `byte ${start}` : `bytes ${start}–${start + length - 1}`;

/**
 * Above the hex view, with a capture open: the byte sources of the frame shown — its own bytes and each PDU
 * reassembled into it — as tabs; for a source, which frame each byte range came from (a link to it); for a frame whose
 * bytes belong to a PDU completed elsewhere, a link to that frame.
 */
export function SourceTabs() {
  const store = useAppStore();
  const capture = useAppState((s) => s.capture !== undefined);
  const frames = useAppState((s) => s.frames);
  const index = useAppState((s) => s.frameIndex);
  const frame = frames[0]?.frame;
  if (!capture || !frame || (frames.length < 2 && !frame.reassembledIn)) return null;
  const source = index > 0 ? frame.sources?.[index - 1] : undefined;
  const link = (number: number) => (
    <button
      type="button"
      className="text-sky-800 underline decoration-dotted hover:decoration-solid"
      onClick={() => selectPacket(store, number)}
    >
      frame {number}
    </button>
  );
  return (
    <div className="border-b border-slate-200 px-2 py-1 text-xs">
      {frames.length > 1 && (
        <div role="tablist" aria-label="Byte sources" className="flex flex-wrap gap-1">
          {frames.map((view, i) => (
            <button
              key={i}
              type="button"
              role="tab"
              aria-selected={i === index}
              onClick={() => selectFrame(store, i)}
              className={`rounded border px-1.5 py-0.5 ${i === index ? 'border-sky-500 bg-sky-50 font-semibold text-slate-900' : 'border-slate-300 text-slate-700 hover:bg-slate-50'}`}
            >
              {i === 0 ? `Frame ${frame.number} (${view.bytes.length} bytes)` : frame.sources?.[i - 1]?.name}
            </button>
          ))}
        </div>
      )}
      {source && (
        <p className="mt-1 text-slate-700" aria-label="Where the bytes came from">
          {source.ranges.map((r, i) => (
            <span key={i} className="mr-3 inline-block">
              {span(r.sourceOffset, r.length)} from {link(r.frame)} (offset {r.offset})
            </span>
          ))}
        </p>
      )}
      {index === 0 &&
        frame.reassembledIn?.map((part, i) => (
          <p key={i} className="mt-1 text-slate-700">
            {span(part.offset, part.length)} of this frame are part of {SOURCE_KIND_NAMES[part.kind].a}{' '}
            {part.frame !== undefined ? <>completed in {link(part.frame)}</> : 'never completed'}
          </p>
        ))}
    </div>
  );
}
