// Runs before every unit test file, in both the node and the jsdom projects.
import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';

if (typeof document !== 'undefined') {
  // globals are off, so Testing Library cannot register its own cleanup.
  const { cleanup } = await import('@testing-library/react');
  afterEach(cleanup);
}
