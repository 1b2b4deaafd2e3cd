import { useStore } from 'zustand';
import type { ConversationRow } from '../../dissect/stream/conversation-stats';
import { endpointText } from '../../export/follow-text';
import {
  conversationStoreOf,
  filterByConversation,
  sortConversations,
  type ConversationColumn,
} from '../../state/conversation';
import { followTcpStream } from '../../state/follow';
import { useAppStore } from '../app/store-context';

interface Column {
  readonly id: ConversationColumn;
  readonly label: string;
  /** What the column holds, for a header's title. */
  readonly title: string;
  readonly key: (r: ConversationRow) => number | string;
  readonly text: (r: ConversationRow) => string;
  readonly numeric?: boolean;
}

const seconds = (s: number | undefined, digits: number) => (s === undefined ? '—' : s.toFixed(digits));
const count = (n: number) => n.toLocaleString('en-US');

const COLUMNS: readonly Column[] = [
  {
    id: 'stream',
    label: 'Stream',
    title: 'tcp.stream: the conversation’s index, in order of first appearance',
    key: (r) => r.id,
    text: (r) => String(r.id - 1),
    numeric: true,
  },
  {
    id: 'a',
    label: 'Address A',
    title: 'The endpoint that sent the first segment',
    key: (r) => endpointText(r.a),
    text: (r) => endpointText(r.a),
  },
  { id: 'b', label: 'Address B', title: 'Its peer', key: (r) => endpointText(r.b), text: (r) => endpointText(r.b) },
  {
    id: 'framesAB',
    label: 'Packets A → B',
    title: 'Frames sent by A',
    key: (r) => r.frames[0],
    text: (r) => count(r.frames[0]),
    numeric: true,
  },
  {
    id: 'bytesAB',
    label: 'Bytes A → B',
    title: 'Bytes on the wire sent by A (whole frames)',
    key: (r) => r.bytes[0],
    text: (r) => count(r.bytes[0]),
    numeric: true,
  },
  {
    id: 'framesBA',
    label: 'Packets B → A',
    title: 'Frames sent by B',
    key: (r) => r.frames[1],
    text: (r) => count(r.frames[1]),
    numeric: true,
  },
  {
    id: 'bytesBA',
    label: 'Bytes B → A',
    title: 'Bytes on the wire sent by B (whole frames)',
    key: (r) => r.bytes[1],
    text: (r) => count(r.bytes[1]),
    numeric: true,
  },
  {
    id: 'start',
    label: 'Rel. start',
    title: 'Seconds from the capture’s first frame to the conversation’s first',
    key: (r) => r.start ?? -1,
    text: (r) => seconds(r.start, 6),
    numeric: true,
  },
  {
    id: 'duration',
    label: 'Duration',
    title: 'Seconds from the conversation’s first frame to its last',
    key: (r) => r.duration ?? -1,
    text: (r) => seconds(r.duration, 4),
    numeric: true,
  },
  {
    id: 'tpdus',
    label: 'TPDUs',
    title: 'COTP TPDUs carried in TPKTs (RFC 1006)',
    key: (r) => r.tpdus,
    text: (r) => count(r.tpdus),
    numeric: true,
  },
];

function sorted(rows: readonly ConversationRow[], column: Column, descending: boolean): ConversationRow[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((x, y) => {
    const [a, b] = [column.key(x), column.key(y)];
    const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
    return sign * order || x.id - y.id;
  });
}

/**
 * Wireshark's Statistics ▸ Conversations, TCP tab: one row per TCP conversation, sortable by any column. Choosing a
 * row shows its frames in the packet list (tcp.stream == N); Follow opens its stream.
 */
export function ConversationTable({ selected }: { selected: number | undefined }) {
  const store = useAppStore();
  const { rows, sort } = useStore(conversationStoreOf(store));
  const column = COLUMNS.find((c) => c.id === sort.column) ?? COLUMNS[0]!;
  const shown = sorted(rows, column, sort.descending);
  if (rows.length === 0) return <p className="p-3 text-sm text-slate-500">No TCP conversation in this capture.</p>;
  return (
    <div tabIndex={0} className="focus-inset min-h-0 flex-1 overflow-auto" aria-label="TCP conversations, scrollable">
      <table className="w-full border-collapse text-[11px]" aria-label="TCP conversations">
        <thead className="sticky top-0 bg-slate-50 text-slate-600">
          <tr>
            {COLUMNS.map((c) => (
              <th
                key={c.id}
                scope="col"
                aria-sort={c.id === sort.column ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                className={`border-b border-slate-200 px-1.5 py-1 font-medium whitespace-nowrap ${c.numeric ? 'text-right' : 'text-left'}`}
              >
                <button type="button" title={c.title} onClick={() => sortConversations(store, c.id)}>
                  {c.label}
                  <span aria-hidden="true" className="ml-0.5 inline-block w-2">
                    {c.id === sort.column ? (sort.descending ? '▾' : '▴') : ''}
                  </span>
                </button>
              </th>
            ))}
            <th scope="col" className="border-b border-slate-200 px-1.5 py-1 text-left font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr
              key={r.id}
              aria-selected={r.id === selected}
              onClick={() => filterByConversation(store, r.id)}
              className={`cursor-pointer border-b border-slate-100 font-mono hover:bg-sky-50 ${r.id === selected ? 'bg-sky-100' : ''}`}
            >
              {COLUMNS.map((c) => (
                <td key={c.id} className={`px-1.5 py-0.5 whitespace-nowrap ${c.numeric ? 'text-right' : ''}`}>
                  {c.id === 'stream' ? (
                    <button
                      type="button"
                      className="text-sky-700 underline"
                      title={`Show only this conversation in the packet list (tcp.stream == ${r.id - 1})`}
                      onClick={(e) => {
                        e.stopPropagation();
                        filterByConversation(store, r.id);
                      }}
                    >
                      {c.text(r)}
                    </button>
                  ) : (
                    c.text(r)
                  )}
                </td>
              ))}
              <td className="px-1.5 py-0.5">
                <button
                  type="button"
                  className="tool-button font-sans"
                  title="Follow TCP Stream: this conversation’s bytes, both directions"
                  onClick={(e) => {
                    e.stopPropagation();
                    followTcpStream(store, { stream: r.id - 1 });
                  }}
                >
                  Follow
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
