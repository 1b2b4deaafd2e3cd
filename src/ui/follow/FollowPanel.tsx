import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { followedBytes, type FollowStream } from '../../dissect/stream/follow';
import { endpointText, followChunksText, FOLLOW_FORMATS, type FollowFormat } from '../../export/follow-text';
import { setConversationsOpen } from '../../state/conversation';
import { setExpertOpen } from '../../state/expert';
import {
  closeFollow,
  followStoreOf,
  goToFollowedFrame,
  setFollowFormat,
  setFollowShown,
  type FollowShown,
} from '../../state/follow';
import { useAppState, useAppStore } from '../app/store-context';
import { useNarrow } from '../layout/useNarrow';
import { copyAndNotify } from '../menu/selection-menus';
import { useContextMenu } from '../menu/ContextMenu';
import { saveFile } from '../share/browser';
import { FollowChunkView, NODE_STYLE } from './FollowChunk';

const FORMAT_LABELS: Record<FollowFormat, string> = { ascii: 'ASCII', hex: 'Hex dump', raw: 'Raw' };
/** Chunks rendered at first; more on request (a long conversation has thousands). */
const PAGE = 400;

/**
 * Follow TCP Stream: a panel beside the packet list (over everything on a phone), not a modal, so that a chunk's
 * frame link shows that frame in the list. Escape or Close closes it.
 */
export function FollowPanel() {
  const store = useAppStore();
  const state = useStore(followStoreOf(store));
  const narrow = useNarrow();
  const ref = useRef<HTMLElement>(null);
  const opened = state.open;
  useEffect(() => {
    if (opened) ref.current?.focus();
  }, [opened, state.request]);
  if (!state.open) return null;
  const title = state.stream ? `Follow TCP Stream (tcp.stream eq ${state.stream.stream})` : 'Follow TCP Stream';
  return (
    <section
      ref={ref}
      role="dialog"
      aria-modal="false"
      aria-labelledby="follow-title"
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        closeFollow(store);
      }}
      className={`fixed z-30 flex flex-col border border-slate-300 bg-white text-slate-900 shadow-2xl focus:outline-none ${narrow ? 'inset-0' : 'top-14 right-2 bottom-2 w-[min(42rem,calc(100vw-1rem))] rounded-lg'}`}
    >
      <div className="flex items-center gap-2 border-b border-slate-200 px-3 py-2">
        <h2 id="follow-title" className="text-sm font-semibold">
          {title}
        </h2>
        <button type="button" className="tool-button ml-auto" onClick={() => closeFollow(store)}>
          Close
        </button>
      </div>
      {state.loading ? (
        <p className="p-3 text-sm text-slate-600">Following the stream…</p>
      ) : state.stream ? (
        <FollowBody stream={state.stream} format={state.format} shown={state.shown} narrow={narrow} />
      ) : (
        <p className="p-3 text-sm text-slate-700">{state.reason}</p>
      )}
    </section>
  );
}

function FollowBody({
  stream,
  format,
  shown,
  narrow,
}: {
  stream: FollowStream;
  format: FollowFormat;
  shown: FollowShown;
  narrow: boolean;
}) {
  const store = useAppStore();
  const menu = useContextMenu();
  const selected = useAppState((s) => s.capture?.selected);
  const [limit, setLimit] = useState(PAGE);
  const chunks = stream.chunks.filter((c) => shown === 'both' || c.direction === shown);
  const onFrame = (frame: number) => {
    // The frame in the packet list: the list is what shows, and on a phone the panel makes way for it.
    setExpertOpen(store, false);
    setConversationsOpen(store, false);
    goToFollowedFrame(store, frame);
    if (narrow) closeFollow(store);
  };
  const which = shown === 'both' ? 'both directions' : `node ${shown}`;
  const name = `tcp-stream-${stream.stream}${shown === 'both' ? '' : `-node${shown}`}`;
  return (
    <>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 px-3 py-1.5 text-xs">
        {([0, 1] as const).map((d) => (
          <span key={d} className={`rounded border-l-4 px-1.5 py-0.5 ${NODE_STYLE[d]}`}>
            {d === 0 ? '→' : '←'} Node {d}: <span className="font-mono">{endpointText(stream.nodes[d])}</span>,{' '}
            {stream.bytes[d]} bytes
          </span>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-1.5 text-xs">
        <label className="flex items-center gap-1">
          Show
          <select
            value={String(shown)}
            onChange={(e) =>
              setFollowShown(store, e.target.value === 'both' ? 'both' : (Number(e.target.value) as 0 | 1))
            }
            className="rounded border border-slate-300 bg-white px-1 py-0.5"
          >
            <option value="both">Both directions</option>
            <option value="0">Node 0 → only ({endpointText(stream.nodes[0])})</option>
            <option value="1">Node 1 ← only ({endpointText(stream.nodes[1])})</option>
          </select>
        </label>
        <fieldset className="flex items-center gap-1">
          <legend className="sr-only">Show as</legend>
          {FOLLOW_FORMATS.map((f) => (
            <label
              key={f}
              className={`tool-button cursor-pointer ${format === f ? 'border-sky-600 font-semibold' : ''}`}
            >
              <input
                type="radio"
                name="follow-format"
                value={f}
                checked={format === f}
                onChange={() => setFollowFormat(store, f)}
                className="sr-only"
              />
              {FORMAT_LABELS[f]}
            </label>
          ))}
        </fieldset>
        <span className="ml-auto flex gap-1">
          <button
            type="button"
            className="tool-button"
            title={`Copy ${which} as ${FORMAT_LABELS[format]} text, as tshark -z follow writes it`}
            onClick={() =>
              copyAndNotify(followChunksText(chunks, format), `${which} as ${FORMAT_LABELS[format]}`, menu.notify)
            }
          >
            Copy
          </button>
          <button
            type="button"
            className="tool-button"
            title={`Save the bytes of ${which} as a file (made here, sent nowhere)`}
            onClick={() =>
              saveFile(
                `${name}.bin`,
                'application/octet-stream',
                followedBytes(stream, shown === 'both' ? undefined : shown),
              )
            }
          >
            Save bytes
          </button>
        </span>
      </div>
      <ol aria-label="Stream contents" tabIndex={0} className="focus-inset min-h-0 flex-1 overflow-auto px-3 py-1">
        {chunks.length === 0 && <li className="text-sm text-slate-600">No payload in {which}.</li>}
        {chunks.slice(0, limit).map((c, i) => (
          <FollowChunkView
            key={i}
            chunk={c}
            nodes={stream.nodes}
            format={format}
            selected={c.frame === selected}
            onFrame={onFrame}
          />
        ))}
        {chunks.length > limit && (
          <li className="my-2">
            <button type="button" className="tool-button" onClick={() => setLimit(limit + PAGE)}>
              Show {Math.min(PAGE, chunks.length - limit)} more of {chunks.length - limit} chunks
            </button>
          </li>
        )}
      </ol>
    </>
  );
}
