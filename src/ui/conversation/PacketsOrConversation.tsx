import { useStore } from 'zustand';
import { conversationStoreOf, setConversationsOpen } from '../../state/conversation';
import { expertStoreOf, setExpertOpen } from '../../state/expert';
import { checksumOffloadText } from '../../state/capture';
import type { CaptureFact } from '../../dissect/expert';
import { useAppState, useAppStore } from '../app/store-context';
import { ExpertView } from '../expert/ExpertView';
import { PacketPane } from '../packets/PacketPane';
import { EXPERT_TAB_ID } from '../shortcuts/focus-targets';
import { ConversationView } from './ConversationView';

type View = 'packets' | 'conversations' | 'expert';
const LABELS: Record<View, string> = { packets: 'Packets', conversations: 'Conversations', expert: 'Expert' };

/** The pane above the fields with a capture open: the packet list, or the conversations or Expert Information. */
export function PacketsOrConversation() {
  const store = useAppStore();
  const conversations = useStore(conversationStoreOf(store), (s) => s.open);
  const expert = useStore(expertStoreOf(store), (s) => s.open);
  const view: View = expert ? 'expert' : conversations ? 'conversations' : 'packets';
  // What explains many problems at once, listed above the groups: hosts whose checksums were left to their NIC.
  const offload = useAppState(checksumOffloadText);
  const captureFacts: CaptureFact[] = offload ? [{ text: offload }] : [];
  const show = (next: View) => {
    setExpertOpen(store, next === 'expert');
    setConversationsOpen(store, next === 'conversations');
  };
  const tab = (which: View) => (
    <button
      type="button"
      role="tab"
      id={which === 'expert' ? EXPERT_TAB_ID : undefined}
      aria-selected={view === which}
      title={which === 'expert' ? 'Expert Information: the capture’s problems, grouped (e)' : undefined}
      onClick={() => show(which)}
      className={`rounded-t border-x border-t px-2 py-0.5 text-xs ${view === which ? 'border-slate-300 bg-white font-semibold text-slate-900' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
    >
      {LABELS[which]}
    </button>
  );
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div
        role="tablist"
        aria-label="Capture views"
        className="flex gap-1 border-b border-slate-200 bg-slate-50 px-2 pt-1"
      >
        {tab('packets')}
        {tab('conversations')}
        {tab('expert')}
      </div>
      <div role="tabpanel" aria-label={LABELS[view]} className="min-h-0 flex-1">
        {view === 'expert' ? (
          <ExpertView captureFacts={captureFacts} />
        ) : view === 'conversations' ? (
          <ConversationView />
        ) : (
          <PacketPane />
        )}
      </div>
    </div>
  );
}
