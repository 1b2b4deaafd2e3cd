import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig, type Plugin } from 'vitest/config';

/**
 * The built page's Content-Security-Policy: its own scripts and styles only, no inline script, no eval, no
 * connections anywhere but its own origin. Only in the build: Vite's dev server injects inline scripts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'framescope-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  // Relative asset URLs: the built dist/ works when served from any sub-path.
  base: './',
  plugins: [react(), tailwindcss(), contentSecurityPolicy()],
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
