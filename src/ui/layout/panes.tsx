import { hasCapture } from '../../state/capture';
import { useAppState } from '../app/store-context';
import { ErrorBoundary } from '../common/ErrorBoundary';
import { PacketsOrConversation } from '../conversation/PacketsOrConversation';
import { SourceTabs } from '../conversation/SourceTabs';
import { FieldDetail } from '../detail/FieldDetail';
import { HexView } from '../hex/HexView';
import { InputPane } from '../input/InputPane';
import { CapturePane } from '../packets/CapturePane';
import { FieldTree } from '../tree/FieldTree';
import { ComparePanel } from '../workbench/ComparePanel';
import { InputNotice } from '../input/InputNotice';

// The panes both layouts show, each in its own error boundary: side by side on a wide screen (App), one at a time
// behind tabs on a phone (NarrowPanes). `className` adds what the layout needs (flex-1 to fill a tab).

interface PaneProps {
  readonly className?: string;
}

/** The text box, or the capture file's pane while one is open. */
/** The message about the last file, paste or link (refused, or what it replaced, with Undo): above whatever shows. */
export function InputMessage() {
  return (
    <ErrorBoundary what="the message about the input">
      <InputNotice />
    </ErrorBoundary>
  );
}

export function InputOrCapture() {
  const capture = useAppState(hasCapture);
  return <ErrorBoundary what="the input pane">{capture ? <CapturePane /> : <InputPane />}</ErrorBoundary>;
}

export function PacketsPane({ className = '' }: PaneProps) {
  return (
    <div data-pane="packets" className={`pane ${className}`}>
      <ErrorBoundary what="the packet list">
        <PacketsOrConversation />
      </ErrorBoundary>
    </div>
  );
}

export function ComparisonPane({ className = '' }: PaneProps) {
  return (
    <div data-pane="comparison" className={`pane ${className}`}>
      <ErrorBoundary what="the comparison">
        <ComparePanel />
      </ErrorBoundary>
    </div>
  );
}

export function TreePane({ className = '' }: PaneProps) {
  return (
    <div data-pane="tree" className={`pane ${className}`}>
      <ErrorBoundary what="the field tree">
        <FieldTree />
      </ErrorBoundary>
    </div>
  );
}

export function DetailPane({ className = '' }: PaneProps) {
  return (
    <div data-pane="detail" className={`pane ${className}`}>
      <ErrorBoundary what="the field detail">
        <FieldDetail />
      </ErrorBoundary>
    </div>
  );
}

/** The hex view, below the tabs of the frame's byte sources (a reassembled PDU is one). */
export function HexPane() {
  return (
    <div data-pane="hex" className="pane flex flex-col">
      <ErrorBoundary what="the byte sources">
        <SourceTabs />
      </ErrorBoundary>
      <ErrorBoundary what="the hex view">
        <HexView />
      </ErrorBoundary>
    </div>
  );
}
