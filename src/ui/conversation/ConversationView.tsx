import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import type { Conversation, StreamEvent, TpduEntry } from '../../dissect/stream';
import { selectPacket } from '../../state/capture-actions';
import {
  conversationStoreOf,
  requestConversations,
  setConversationsView,
  showConversation,
  shownConversation,
  type ConversationsShown,
} from '../../state/conversation';
import { ConversationTable } from './ConversationTable';
import { endpointText } from '../../export/follow-text';
import { SeverityIcon } from '../common/SeverityIcon';
import { useAppState, useAppStore } from '../app/store-context';

const ROW = 24;
/** While the file is still being read, the list is asked for again this often. */
const REFRESH_MS = 1000;

type Row =
  { readonly kind: 'tpdu'; readonly entry: TpduEntry } | { readonly kind: 'event'; readonly entry: StreamEvent };

const TYPE_STYLE: Readonly<Record<string, string>> = {
  CR: 'bg-sky-100 text-sky-900 border-sky-300',
  CC: 'bg-emerald-100 text-emerald-900 border-emerald-300',
  DR: 'bg-red-100 text-red-900 border-red-300',
  DC: 'bg-red-50 text-red-800 border-red-200',
  ER: 'bg-red-100 text-red-900 border-red-300',
  DT: 'bg-slate-100 text-slate-800 border-slate-300',
};

/** "CR → CC → DT ×57 → DR → DC": the TPDU types in order, runs of one type counted. */
export function sequenceText(tpdus: readonly TpduEntry[]): string {
  const runs: { type: string; count: number }[] = [];
  for (const t of tpdus) {
    const last = runs[runs.length - 1];
    if (last && last.type === t.type) last.count++;
    else runs.push({ type: t.type, count: 1 });
  }
  return runs.map((r) => (r.count > 1 ? `${r.type} ×${r.count}` : r.type)).join(' → ');
}

function rowsOf(c: Conversation): Row[] {
  const rows: Row[] = [
    ...c.tpdus.map((entry) => ({ kind: 'tpdu' as const, entry })),
    ...c.events.map((entry) => ({ kind: 'event' as const, entry })),
  ];
  // Capture order; in one frame, the stream's events (a SYN, a gap) before the TPDUs they concern.
  return rows.sort((a, b) => a.entry.frame - b.entry.frame || (a.kind === b.kind ? 0 : a.kind === 'event' ? -1 : 1));
}

/** The TCP conversations the worker followed: one at a time, its TPDUs in both directions as a ladder, with timing. */
export function ConversationView() {
  const store = useAppStore();
  const conversations = conversationStoreOf(store);
  const state = useStore(conversations);
  const done = useAppState((s) => s.capture?.done ?? true);
  const selected = useAppState((s) => s.capture?.selected);
  useEffect(() => {
    requestConversations(store);
    if (done) return;
    const timer = setInterval(() => requestConversations(store), REFRESH_MS);
    return () => clearInterval(timer);
  }, [store, done]);
  const shown = shownConversation(state);
  const rows = useMemo(() => (shown ? rowsOf(shown) : []), [shown]);
  const withTpdus = state.conversations.filter((c) => c.tpdus.length > 0);
  const table = state.view === 'table';
  return (
    <section aria-label="Conversation" className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-2 py-1.5 text-xs">
        <ViewSwitch view={state.view} onChange={(view) => setConversationsView(store, view)} />
        {!table && (
          <label className="flex min-w-0 items-center gap-1 text-slate-700">
            Conversation
            <select
              value={shown?.id ?? ''}
              onChange={(e) => showConversation(store, Number(e.target.value))}
              className="max-w-[36rem] min-w-0 rounded border border-slate-300 bg-white px-1 py-0.5 font-mono text-[11px]"
            >
              {state.conversations.map((c) => (
                <option key={c.id} value={c.id}>
                  #{c.id} {endpointText(c.a)} ⇄ {endpointText(c.b)} — {c.tpdus.length} TPDU
                  {c.tpdus.length === 1 ? '' : 's'}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="text-slate-600">
          {table
            ? `${state.conversations.length} TCP conversation${state.conversations.length === 1 ? '' : 's'}: choose one to show its frames`
            : `${withTpdus.length} of ${state.conversations.length} TCP conversation${state.conversations.length === 1 ? '' : 's'} carry TPDUs`}
          {!state.done && ' (following the file as it is read…)'}
        </span>
      </div>
      {table ? (
        <ConversationTable selected={state.shown} />
      ) : !shown ? (
        <p className="p-3 text-sm text-slate-500">No TCP conversation in this capture{state.done ? '' : ' yet'}.</p>
      ) : (
        <>
          <ConversationSummary conversation={shown} />
          <Ladder conversation={shown} rows={rows} selected={selected} onSelect={(n) => selectPacket(store, n)} />
        </>
      )}
    </section>
  );
}

const VIEW_LABELS: Record<ConversationsShown, string> = { ladder: 'Ladder', table: 'Table' };

/** The ladder of one conversation's TPDUs, or the table of every TCP conversation (Wireshark's Conversations). */
function ViewSwitch({ view, onChange }: { view: ConversationsShown; onChange: (view: ConversationsShown) => void }) {
  return (
    <span role="group" aria-label="Conversations as" className="flex">
      {(['ladder', 'table'] as const).map((v, i) => (
        <button
          key={v}
          type="button"
          aria-pressed={view === v}
          onClick={() => onChange(v)}
          className={`border border-slate-300 px-2 py-0.5 ${i === 0 ? 'rounded-l' : '-ml-px rounded-r'} ${view === v ? 'bg-slate-700 text-white' : 'bg-white text-slate-700 hover:bg-slate-100'}`}
        >
          {VIEW_LABELS[v]}
        </button>
      ))}
    </span>
  );
}

function ConversationSummary({ conversation: c }: { conversation: Conversation }) {
  const problems = c.tpdus.filter((t) => t.severity).length;
  const stream = c.events.filter((e) => e.severity && e.severity !== 'note').length;
  return (
    <div className="border-b border-slate-200 px-2 py-1 text-xs">
      <p className="font-mono text-[11px] text-slate-800" data-testid="conversation-sequence">
        {c.tpdus.length > 0 ? sequenceText(c.tpdus) : 'No TPDU on this connection'}
      </p>
      <p className="text-slate-600">
        Frames {c.firstFrame}–{c.lastFrame}
        {problems > 0 && `, ${problems} TPDU${problems === 1 ? '' : 's'} with problems`}
        {stream > 0 && `, ${stream} stream problem${stream === 1 ? '' : 's'} (gaps, overlaps)`}
      </p>
      {c.capNote && (
        <p role="note" className="mt-0.5 rounded border border-amber-300 bg-amber-50 px-1.5 py-0.5 text-amber-900">
          {c.capNote}
        </p>
      )}
    </div>
  );
}

function Ladder({
  conversation: c,
  rows,
  selected,
  onSelect,
}: {
  conversation: Conversation;
  rows: readonly Row[];
  selected: number | undefined;
  onSelect: (frame: number) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 12,
    initialRect: { width: 800, height: 10 * ROW },
  });
  return (
    <div
      role="table"
      aria-label={`TPDUs between ${endpointText(c.a)} and ${endpointText(c.b)}`}
      aria-rowcount={rows.length + 1}
      className="flex min-h-0 flex-1 flex-col font-mono text-[11px]"
    >
      <div
        role="row"
        className="grid grid-cols-[6rem_5rem_4rem_minmax(0,1fr)] items-center gap-2 border-b border-slate-200 bg-slate-50 px-2 text-slate-500"
        style={{ height: ROW }}
      >
        <span role="columnheader">Time</span>
        <span role="columnheader">Δ previous</span>
        <span role="columnheader">Frame</span>
        <span role="columnheader" className="flex justify-between">
          <span className="truncate">{endpointText(c.a)}</span>
          <span className="truncate">{endpointText(c.b)}</span>
        </span>
      </div>
      <div
        ref={scrollRef}
        role="rowgroup"
        tabIndex={0}
        aria-label="TPDUs in capture order"
        className="min-h-0 flex-1 overflow-auto px-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-300 focus-visible:ring-inset"
      >
        <div className="relative" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const previous = item.index > 0 ? rows[item.index - 1]!.entry.time : undefined;
            return (
              <LadderRow
                key={item.index}
                row={row}
                previous={previous}
                top={item.start}
                selected={row.entry.frame === selected}
                onSelect={onSelect}
                index={item.index + 2}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

function LadderRow({
  row,
  previous,
  top,
  selected,
  onSelect,
  index,
}: {
  row: Row;
  previous: number | undefined;
  top: number;
  selected: boolean;
  onSelect: (frame: number) => void;
  index: number;
}) {
  const { entry } = row;
  const time = entry.time !== undefined ? entry.time.toFixed(6) : '';
  const delta =
    entry.time !== undefined && previous !== undefined ? `+${((entry.time - previous) * 1000).toFixed(1)} ms` : '';
  const right = entry.direction === 0;
  return (
    <div
      role="row"
      aria-rowindex={index}
      aria-selected={selected}
      data-frame={entry.frame}
      data-kind={row.kind}
      className={`absolute inset-x-0 grid grid-cols-[6rem_5rem_4rem_minmax(0,1fr)] items-center gap-2 ${selected ? 'bg-sky-100' : ''}`}
      style={{ top, height: ROW }}
    >
      <span role="cell" className="text-slate-600">
        {time}
      </span>
      <span role="cell" className="text-slate-600">
        {delta}
      </span>
      <span role="cell">
        <button
          type="button"
          className="text-sky-800 underline decoration-dotted hover:decoration-solid"
          onClick={() => onSelect(entry.frame)}
          aria-label={`Show frame ${entry.frame}`}
        >
          {entry.frame}
        </button>
      </span>
      <span role="cell" className="relative flex min-w-0 items-center">
        {row.kind === 'tpdu' ? (
          <TpduArrow entry={row.entry} right={right} />
        ) : (
          <EventMark entry={row.entry} right={right} />
        )}
      </span>
    </div>
  );
}

function TpduArrow({ entry, right }: { entry: TpduEntry; right: boolean }) {
  const style = TYPE_STYLE[entry.type] ?? 'bg-violet-100 text-violet-900 border-violet-300';
  const more = entry.type === 'DT' && entry.eot === false;
  return (
    <span className={`flex min-w-0 flex-1 items-center gap-1 ${right ? '' : 'flex-row-reverse'}`} title={entry.info}>
      <span aria-hidden="true" className="h-px w-4 shrink-0 bg-slate-400" />
      <span className={`shrink-0 rounded border px-1 font-semibold ${style}`}>{entry.type}</span>
      {entry.severity && <SeverityIcon severity={entry.severity} />}
      <span className="min-w-0 truncate text-slate-800">
        {entry.info}
        {entry.segments !== undefined && <span className="text-slate-500"> [TPKT in {entry.segments} segments]</span>}
        {more && <span className="text-slate-500"> [more of the TSDU follows]</span>}
      </span>
      <span aria-hidden="true" className={`h-px min-w-4 flex-1 bg-slate-400`} />
      <span
        aria-label={right ? 'to the right-hand endpoint' : 'to the left-hand endpoint'}
        className="shrink-0 text-slate-500"
      >
        {right ? '▶' : '◀'}
      </span>
    </span>
  );
}

function EventMark({ entry, right }: { entry: StreamEvent; right: boolean }) {
  const tone =
    entry.severity === 'error' ? 'text-red-700' : entry.severity === 'warning' ? 'text-amber-800' : 'text-slate-500';
  return (
    <span
      className={`flex min-w-0 flex-1 items-center gap-1 italic ${tone} ${right ? '' : 'flex-row-reverse text-right'}`}
      title={entry.message}
    >
      {entry.severity && entry.severity !== 'note' && <SeverityIcon severity={entry.severity} />}
      <span className="min-w-0 truncate">{entry.message}</span>
    </span>
  );
}
