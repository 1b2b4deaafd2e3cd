import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startPermalinkSync } from './state/permalink';
import { startPreferencesSync } from './state/preferences';
import { createAppStore } from './state/store';
import { App } from './ui/app/App';
import { StoreContext } from './ui/app/store-context';
import { ErrorBoundary } from './ui/common/ErrorBoundary';
import { ContextMenuHost } from './ui/menu/ContextMenu';
import './index.css';

// Offline after the first visit: sw.js keeps a copy of the build (src/pwa/service-worker.ts). Not in `npm run dev`,
// nor in the single file, which holds everything already and has no origin to register a worker for.
if (import.meta.env.PROD && import.meta.env.MODE !== 'single' && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('./sw.js').catch(() => undefined));
}

const store = createAppStore();
// The theme and pane sizes before the first render, so the page opens as the user left it.
startPreferencesSync(store, storageOrUndefined());
// Before the first render: a page opened from a link shows its frame at once.
startPermalinkSync(store);

/** localStorage, or undefined where merely reading it throws (storage disabled for the site). */
function storageOrUndefined(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary what="framescope">
        <StoreContext value={store}>
          <ContextMenuHost>
            <App />
          </ContextMenuHost>
        </StoreContext>
      </ErrorBoundary>
    </StrictMode>,
  );
}
