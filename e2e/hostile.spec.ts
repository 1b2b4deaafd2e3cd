// Hostile content is text, never markup: payloads in TSAPs, an RDP cookie, pcapng comments and interface names,
// and a permalink are shown as the characters they are, and nothing in them runs or becomes a link.
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { cotp, isoOnTcp, tpkt } from '../src/dissect/testing/frames';
import { epb, idb, shb } from '../src/inputs/testing/capture-files';
import { encodePermalink } from '../src/permalink';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=2</script>';
const JS_URL = 'javascript:window.__pwned=3';
const bytesOf = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** An S7-style CR whose calling and called TSAPs carry markup, and an RDP CR whose cookie does. */
const TSAP_CR = isoOnTcp(
  tpkt(cotp([0xe0, 0, 0, 0, 1, 0, 0xc1, IMG.length, ...bytesOf(IMG), 0xc2, JS_URL.length, ...bytesOf(JS_URL)])),
);
const COOKIE_CR = isoOnTcp(
  tpkt(cotp([0xe0, 0, 0, 0, 0, 0, ...bytesOf(`Cookie: mstshash=${SCRIPT}\r\n`), 1, 0, 8, 0, 3, 0, 0, 0])),
  { dstport: 3389 },
);
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

async function watch(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return errors;
}

/** Nothing ran, no element came from the payloads, and every link goes to a standard (https) or stays in the page. */
async function expectInert(page: Page, errors: string[]): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(
    await page.locator('script').evaluateAll((els) => els.filter((e) => e.textContent?.includes('__pwned')).length),
  ).toBe(0);
  const hrefs = await page.locator('a[href]').evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
  for (const href of hrefs) expect(href, href).toMatch(/^(https:\/\/|#|blob:)/);
  expect(errors).toEqual([]);
}

test('TSAPs and an RDP cookie holding markup are shown as text', async ({ page }) => {
  const errors = await watch(page);
  await page.goto('./');
  const input = page.getByLabel('Frame bytes (hex dump)');
  await input.fill(hexOf(TSAP_CR));
  await page.locator('[data-field-id="cotp.src-tsap"]').click();
  await expect(page.getByRole('region', { name: 'Field detail' })).toContainText('<img src=x onerror=');
  await expect(page.locator('[data-field-id="cotp.dst-tsap"]')).toContainText(JS_URL);
  await expectInert(page, errors);

  await input.fill(hexOf(COOKIE_CR));
  await page.locator('[data-field-id="rdp.rt_cookie"]').click();
  await expect(page.getByRole('region', { name: 'Field detail' })).toContainText('<script>window.__pwned=2</script>');
  await expectInert(page, errors);
});

test('pcapng comments and interface names holding markup are shown as text', async ({ page }) => {
  const errors = await watch(page);
  const file = Uint8Array.from([
    ...shb(true, [{ code: 1, value: IMG }]),
    ...idb(true, 1, 0, [
      { code: 2, value: SCRIPT },
      { code: 1, value: JS_URL },
    ]),
    ...epb(true, 0, 1_700_000_000_000_000, [...TSAP_CR], [{ code: 1, value: `${SCRIPT} ${IMG}` }]),
  ]);
  mkdirSync('reports/hostile', { recursive: true });
  writeFileSync('reports/hostile/markup.pcapng', file);
  await page.goto('./');
  await page
    .getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump')
    .setInputFiles('reports/hostile/markup.pcapng');
  await expect(page.getByRole('grid', { name: 'Packets' })).toHaveAttribute('data-frame-count', '1');
  // Open every disclosure so the comments and interface names are rendered.
  for (const summary of await page.locator('summary').all()) await summary.click();
  await expect(page.locator('body')).toContainText('<img src=x onerror=');
  await expectInert(page, errors);
});

test('a permalink whose frame holds markup restores it as text', async ({ page }) => {
  const errors = await watch(page);
  const encoded = encodePermalink({
    bytes: TSAP_CR,
    linkType: 1,
    options: { decodeAs: [] },
    selection: { fieldId: 'cotp.src-tsap', offset: 67 },
    view: { tree: 'default' },
  });
  expect(encoded.ok).toBe(true);
  await page.goto(`./#${(encoded as { fragment: string }).fragment}`);
  await expect(page.getByRole('region', { name: 'Field detail' })).toContainText('<img src=x onerror=');
  await expectInert(page, errors);
  // A fragment that is itself markup is refused with a message, and nothing runs.
  await page.goto(`./#${encodeURIComponent(IMG)}`);
  await page.reload();
  await expect(page.getByRole('alert').first()).toBeVisible();
  await expectInert(page, errors);
});
