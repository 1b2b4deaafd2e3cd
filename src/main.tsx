import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore } from './state/store';
import { App } from './ui/app/App';
import { StoreContext } from './ui/app/store-context';
import { ErrorBoundary } from './ui/common/ErrorBoundary';
import './index.css';

const store = createAppStore();
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
