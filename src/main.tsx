import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startPermalinkSync } from './state/permalink';
import { createAppStore } from './state/store';
import { App } from './ui/app/App';
import { StoreContext } from './ui/app/store-context';
import { ErrorBoundary } from './ui/common/ErrorBoundary';
import './index.css';

const store = createAppStore();
// Before the first render: a page opened from a link shows its frame at once.
startPermalinkSync(store);
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary what="framescope">
        <StoreContext value={store}>
          <App />
        </StoreContext>
      </ErrorBoundary>
    </StrictMode>,
  );
}
