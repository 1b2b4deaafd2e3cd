import { ErrorBoundary } from '../common/ErrorBoundary';
import { NarrowPanes } from '../layout/NarrowPanes';
import {
  ComparisonPane,
  DetailPane,
  HexPane,
  InputMessage,
  InputOrCapture,
  PacketsPane,
  TreePane,
} from '../layout/panes';
import { Splitter } from '../layout/Splitter';
import { useNarrow } from '../layout/useNarrow';
import { ProblemList } from '../problems/ProblemList';
import { LinkNotice } from '../share/LinkNotice';
import { useDocumentTheme } from '../theme/useDocumentTheme';
import { FileDrop } from '../packets/FileDrop';
import { FollowPanel } from '../follow/FollowPanel';
import { hasCapture } from '../../state/capture';
import { AppHeader } from './AppHeader';
import { useAppState } from './store-context';

/** The widest the input pane may be, whatever its stored width: the decode needs the rest. */
const INPUT_MAX = '45vw';
/** The gap between panes, which holds the divider that resizes them. */
const GAP = '0.5rem';

/**
 * Input and problems on the left; fields and their detail above the bytes on the right. With a capture file open,
 * the file's pane replaces the text box and the packet list sits above the fields, as in Wireshark. Every divider
 * between panes can be dragged or moved from the keyboard; the sizes are kept with the theme (preferences.ts).
 * On a narrow screen (a phone) the panes are tabs instead (NarrowPanes) and the header's tools fold into a menu.
 */
export function App() {
  const theme = useDocumentTheme();
  const narrow = useNarrow();
  const capture = useAppState(hasCapture);
  const panes = useAppState((s) => s.preferences.panes);
  const comparing = useAppState((s) => s.workbench.compare !== undefined);
  const hexShare = capture ? panes.captureHexShare : panes.hexShare;
  // One pasted frame: the hex view is as tall as its bytes, up to its share. With a capture, a fixed share: frames of
  // different lengths must not make the packet list jump as the selection moves through it.
  const rows = capture
    ? `minmax(0, ${panes.packetsShare}fr) ${GAP} minmax(0, ${100 - panes.packetsShare}fr) ${GAP} minmax(0, ${hexShare}%)`
    : `minmax(0, 1fr) ${GAP} fit-content(${hexShare}%)`;
  if (narrow)
    return (
      <div className="flex h-dvh min-h-0 flex-col bg-slate-100 text-slate-900">
        <AppHeader theme={theme} narrow />
        <FileDrop />
        <LinkNotice />
        <NarrowPanes />
        <FollowPanel />
      </div>
    );
  return (
    <div className="flex h-screen min-h-0 flex-col bg-slate-100 text-slate-900">
      <AppHeader theme={theme} narrow={false} />
      <FileDrop />
      <LinkNotice />
      <main
        className="grid min-h-0 flex-1 grid-rows-[minmax(0,1fr)] p-2"
        style={{ gridTemplateColumns: `min(${panes.inputWidth}px, ${INPUT_MAX}) ${GAP} minmax(0, 1fr)` }}
      >
        <aside data-pane="input" className="pane flex flex-col gap-3 p-3">
          <InputMessage />
          <InputOrCapture />
          <ErrorBoundary what="the problem list">
            <ProblemList />
          </ErrorBoundary>
        </aside>
        <Splitter
          pane="inputWidth"
          orientation="vertical"
          side="before"
          label={capture ? 'Resize the capture pane' : 'Resize the input pane'}
        />
        <div className="grid min-h-0 min-w-0" style={{ gridTemplateRows: rows }}>
          {capture && (
            <>
              <PacketsPane />
              <Splitter pane="packetsShare" orientation="horizontal" side="before" label="Resize the packet list" />
            </>
          )}
          {comparing ? (
            <ComparisonPane />
          ) : (
            <div
              className="grid min-h-0 min-w-0"
              style={{
                gridTemplateColumns: `minmax(0, ${panes.treeShare}fr) ${GAP} minmax(0, ${100 - panes.treeShare}fr)`,
              }}
            >
              <TreePane />
              <Splitter
                pane="treeShare"
                orientation="vertical"
                side="before"
                label="Resize the field tree and the detail panel"
              />
              <DetailPane />
            </div>
          )}
          <Splitter
            pane={capture ? 'captureHexShare' : 'hexShare'}
            orientation="horizontal"
            side="after"
            label="Resize the hex view"
            basis="grid"
          />
          <HexPane />
        </div>
      </main>
      <FollowPanel />
    </div>
  );
}
