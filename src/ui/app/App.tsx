import { ErrorBoundary } from '../common/ErrorBoundary';
import { FieldDetail } from '../detail/FieldDetail';
import { HexView } from '../hex/HexView';
import { InputPane } from '../input/InputPane';
import { ProblemList } from '../problems/ProblemList';
import { LinkNotice } from '../share/LinkNotice';
import { ShareMenu } from '../share/ShareMenu';
import { FieldTree } from '../tree/FieldTree';
import { CapturePane } from '../packets/CapturePane';
import { FileDrop, OpenFileButton } from '../packets/FileDrop';
import { PacketPane } from '../packets/PacketPane';
import { hasCapture } from '../../state/capture';
import { useAppState } from './store-context';

/** Hex rows in sight with a capture open: the packet list needs the room. */
const CAPTURE_HEX_ROWS = 6;

/**
 * Input and problems on the left; fields and their detail above the bytes on the right. With a capture file open,
 * the file's pane replaces the text box and the packet list sits above the fields, as in Wireshark.
 */
export function App() {
  const capture = useAppState(hasCapture);
  return (
    <div className="flex h-screen min-h-0 flex-col bg-slate-100 text-slate-900">
      <header className="flex items-center gap-3 bg-slate-900 px-4 py-2 text-white">
        <h1 className="font-mono text-lg font-semibold tracking-tight">framescope</h1>
        <p className="min-w-0 flex-1 truncate text-sm text-slate-300">
          Paste a frame's hex dump or drop a capture file: every field, its bytes, what it means and the standard that says so.
        </p>
        <ErrorBoundary what="opening files">
          <OpenFileButton />
        </ErrorBoundary>
        <ErrorBoundary what="sharing">
          <ShareMenu />
        </ErrorBoundary>
      </header>
      <FileDrop />
      <LinkNotice />
      <main className="grid min-h-0 flex-1 grid-cols-[22rem_minmax(0,1fr)] grid-rows-[minmax(0,1fr)] gap-2 p-2">
        <aside className="flex min-h-0 flex-col gap-3 overflow-hidden rounded border border-slate-200 bg-white p-3">
          <ErrorBoundary what="the input pane">{capture ? <CapturePane /> : <InputPane />}</ErrorBoundary>
          <ErrorBoundary what="the problem list">
            <ProblemList />
          </ErrorBoundary>
        </aside>
        <div className={`grid min-h-0 gap-2 ${capture ? 'grid-rows-[minmax(0,1fr)_minmax(0,1fr)_auto]' : 'grid-rows-[minmax(0,1fr)_auto]'}`}>
          {capture && (
            <div className="min-h-0 overflow-hidden rounded border border-slate-200 bg-white">
              <ErrorBoundary what="the packet list">
                <PacketPane />
              </ErrorBoundary>
            </div>
          )}
          <div className="grid min-h-0 grid-cols-[minmax(0,3fr)_minmax(0,2fr)] gap-2">
            <div className="min-h-0 overflow-hidden rounded border border-slate-200 bg-white">
              <ErrorBoundary what="the field tree">
                <FieldTree />
              </ErrorBoundary>
            </div>
            <div className="min-h-0 overflow-hidden rounded border border-slate-200 bg-white">
              <ErrorBoundary what="the field detail">
                <FieldDetail />
              </ErrorBoundary>
            </div>
          </div>
          <div className="overflow-hidden rounded border border-slate-200 bg-white">
            <ErrorBoundary what="the hex view">
              <HexView rows={capture ? CAPTURE_HEX_ROWS : undefined} />
            </ErrorBoundary>
          </div>
        </div>
      </main>
    </div>
  );
}
