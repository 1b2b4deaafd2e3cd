// Private by construction: the built page carries a strict Content-Security-Policy, and after loading it asks
// for nothing but its own files — while pasting, selecting fields and bytes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const KB_TEXT = readFileSync(
  fileURLToPath(new URL('../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url)),
  'utf8',
);

test('the built page has a strict CSP: no inline script, no eval, connections to itself only', async ({ page }) => {
  await page.goto('/');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
});

test('decoding the KB frame requests nothing from anywhere but the page itself, and breaks no CSP rule', async ({
  page,
  baseURL,
}) => {
  const requests: string[] = [];
  const violations: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.goto('/');
  await page.getByLabel('Frame bytes (hex dump)').fill(KB_TEXT);
  await page.locator('[data-field-id="tpkt.reserved"]').click();
  await page.locator('[role="gridcell"][data-offset="65"]').click();
  await expect(page.locator('[role="treeitem"][aria-selected="true"]')).toHaveAttribute(
    'data-field-id',
    'cotp.parameter_code',
  );
  const foreign = requests.filter(
    (url) => !url.startsWith(baseURL!) && !url.startsWith('data:') && !url.startsWith('blob:'),
  );
  expect(foreign).toEqual([]);
  expect(violations).toEqual([]);
});

test('opening a capture, filtering it and opening a permalink request nothing from anywhere else either', async ({
  page,
  baseURL,
}) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('/');
  await page
    .getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump')
    .setInputFiles(fileURLToPath(new URL('../../shared/captures/ndpi_s7comm.pcap', import.meta.url)));
  const list = page.getByRole('grid', { name: 'Packets' });
  await expect(list).toHaveAttribute('data-frame-count', '55');
  const filter = page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' });
  await filter.fill('cotp.type == 0x0e');
  await filter.press('Enter');
  await expect(list.locator('[role="row"][data-frame]')).toHaveCount(1);
  await list.locator('[role="row"][data-frame]').first().click();
  // The address bar now holds the selected frame's permalink: open it in a fresh page.
  await expect.poll(() => page.url()).toContain('#v1.');
  const link = page.url();
  const fresh = await page.context().newPage();
  fresh.on('request', (r) => requests.push(r.url()));
  await fresh.goto(link);
  await expect(fresh.locator('[data-layer="cotp"]').first()).toBeVisible();
  const foreign = requests.filter(
    (url) => !url.startsWith(baseURL!) && !url.startsWith('data:') && !url.startsWith('blob:'),
  );
  expect(foreign).toEqual([]);
});

test('the capture worker is asked for only when the user reaches for a file: the pointer on "Open capture…"', async ({
  page,
}) => {
  await page.clock.install();
  const workerScripts: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('capture.worker')) workerScripts.push(r.url());
  });
  await page.goto('/');
  // Long past any idle time after load: nothing is fetched until the user acts.
  await page.clock.runFor(5000);
  expect(workerScripts).toEqual([]);
  expect(page.workers().filter((w) => w.url().includes('capture.worker'))).toHaveLength(0);
  // The pointer on the button: the worker starts while the file dialog would be open, from the page's own origin.
  await page.getByText('Open capture…').hover();
  await expect.poll(() => page.workers().filter((w) => w.url().includes('capture.worker')).length).toBe(1);
  expect(workerScripts).toHaveLength(1);
});
