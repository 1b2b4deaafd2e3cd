// Which Chromium Playwright drives, for the specs (playwright.config.ts) and the browser bench alike.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** Headless, no GPU (none here), no QUIC: Playwright adds --headless, --no-sandbox as root, no background networking. */
export const CHROMIUM_ARGS: readonly string[] = ['--disable-gpu', '--disable-quic'];

// `npx playwright install` cannot download here, so prefer an explicit path, then Playwright's
// own browser if one was installed (a laptop), then Debian's chromium (CI: apt-get install chromium).
export function chromiumExecutable(): string {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) return fromEnv;
  try {
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // No browser registry entry: fall through to the system browser.
  }
  return '/usr/bin/chromium';
}
