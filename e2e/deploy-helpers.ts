// What the deployment specs (subpath, single-file, offline) share: the inputs, and the checks they make on a page.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

// CI clones the repo beside ../shared: fixtures and captures are read by path, never copied into the project.
export const KB_TEXT = readFileSync(
  fileURLToPath(new URL('../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url)),
  'utf8',
);
/** 55 frames (its MANIFEST), one CR and one CC among them. */
export const CAPTURE = fileURLToPath(new URL('../../shared/captures/ndpi_s7comm.pcap', import.meta.url));
export const CAPTURE_FRAMES = '55';

/** Collects the page's uncaught errors and Content-Security-Policy refusals. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  return problems;
}

/** Pastes the KB frame, selects tpkt.reserved, and returns the page's address once it is the link to that view. */
export async function kbPermalink(page: Page): Promise<string> {
  await page.getByLabel('Frame bytes (hex dump)').fill(KB_TEXT);
  await expect.poll(() => new URL(page.url()).hash).toMatch(/^#v1\.[\w-]+$/);
  const frameOnly = page.url();
  const reserved = page.locator('[role="treeitem"][data-field-id="tpkt.reserved"]');
  await reserved.click();
  await expect(reserved).toHaveAttribute('aria-selected', 'true');
  // The address follows the view after a short pause.
  await expect.poll(() => page.url()).not.toBe(frameOnly);
  return page.url();
}

/** A page opened from kbPermalink's link shows the same view. */
export async function expectKbView(page: Page): Promise<void> {
  await expect(page.locator('[role="treeitem"][data-field-id="tpkt.reserved"]')).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.locator('[role="gridcell"][data-offset="55"]')).toHaveAttribute('aria-selected', 'true');
}

/** Opens the capture with the file input and waits until every frame is listed. */
export async function openCapture(page: Page): Promise<void> {
  await page.getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump').setInputFiles(CAPTURE);
  await expect(page.getByRole('grid', { name: 'Packets' })).toHaveAttribute('data-frame-count', CAPTURE_FRAMES);
}
