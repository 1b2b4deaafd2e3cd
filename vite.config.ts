import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Relative asset URLs: the built dist/ works when served from any sub-path.
  base: './',
  plugins: [react(), tailwindcss()],
  // Module workers, so the worker bundle can share chunks with the app.
  worker: { format: 'es' },
  test: {
    setupFiles: ['./vitest.setup.ts'],
    passWithNoTests: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
          exclude: ['src/**/*.dom.test.tsx', 'e2e/**', 'node_modules/**', 'dist/**'],
        },
      },
      {
        // jsdom costs seconds per file: keep DOM tests few and named *.dom.test.tsx.
        // Any other test file can still opt in with a `// @vitest-environment jsdom` comment.
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['src/**/*.dom.test.tsx'],
        },
      },
    ],
  },
});
