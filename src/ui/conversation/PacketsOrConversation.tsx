import { useStore } from 'zustand';
import { conversationStoreOf, setConversationsOpen } from '../../state/conversation';
import { useAppStore } from '../app/store-context';
import { PacketPane } from '../packets/PacketPane';
import { ConversationView } from './ConversationView';

/** The pane above the fields with a capture open: the packet list, or the conversation view in its place. */
export function PacketsOrConversation() {
  const store = useAppStore();
  const open = useStore(conversationStoreOf(store), (s) => s.open);
  const tab = (conversation: boolean, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={open === conversation}
      onClick={() => setConversationsOpen(store, conversation)}
      className={`rounded-t border-x border-t px-2 py-0.5 text-xs ${open === conversation ? 'border-slate-300 bg-white font-semibold text-slate-900' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
    >
      {label}
    </button>
  );
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div
        role="tablist"
        aria-label="Capture views"
        className="flex gap-1 border-b border-slate-200 bg-slate-50 px-2 pt-1"
      >
        {tab(false, 'Packets')}
        {tab(true, 'Conversations')}
      </div>
      <div role="tabpanel" aria-label={open ? 'Conversations' : 'Packets'} className="min-h-0 flex-1">
        {open ? <ConversationView /> : <PacketPane />}
      </div>
    </div>
  );
}
