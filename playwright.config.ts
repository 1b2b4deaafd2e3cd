import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './e2e/chromium';

// Several engineers may run Playwright at once on one machine: E2E_PORT and E2E_DIST (a build made with
// `vite build --outDir DIR`) give each run its own server, and its own output folder.
const PORT = Number(process.env['E2E_PORT'] ?? 4173);
const DIST = process.env['E2E_DIST'];
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  forbidOnly: !!process.env['CI'],
  retries: 0,
  // No test may depend on how fast the machine is: limits far above what a test takes on 2 cores kept busy by
  // other work. A failing `expect` waits 20 s before it says so; one that holds passes as soon as it does.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  // Each worker drives its own Chromium: half the cores (Playwright's default, written out), one on 2 cores.
  workers: '50%',
  // Playwright wipes outputDir at start; reports and screenshots live in reports/ instead.
  outputDir: PORT === 4173 ? 'test-results' : `test-results-${PORT}`,
  reporter: [
    ['list'],
    ['json', { outputFile: PORT === 4173 ? 'reports/playwright.json' : `reports/playwright-${PORT}.json` }],
  ],
  use: {
    baseURL: BASE_URL,
    // Nobody can open a trace left behind by a CI run; locally it is the best failure report.
    trace: process.env['CI'] ? 'off' : 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumExecutable(),
          args: [...CHROMIUM_ARGS],
        },
      },
    },
  ],
  // Tests run against the built app (npm run build first), as a user would get it.
  webServer: {
    command: `npm run preview -- --port ${PORT} --strictPort --host 127.0.0.1${DIST ? ` --outDir ${DIST}` : ''}`,
    url: BASE_URL,
    reuseExistingServer: !process.env['CI'],
    timeout: 120_000,
  },
});
