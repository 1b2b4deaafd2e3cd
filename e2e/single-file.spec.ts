// The single file for closed networks: dist/framescope.html opened straight from disk (file://) holds the whole
// app — script, style, the capture worker, the examples — under a strict Content-Security-Policy that allows its
// inline script and style by hash, decodes the KB frame, reads a capture off the page's thread, and asks for nothing.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { expectKbView, kbPermalink, openCapture, watchProblems } from './deploy-helpers';
import { BUILT_DIR } from './static-server';

const FILE_URL = pathToFileURL(join(BUILT_DIR, 'framescope.html')).href;

/** Every request but for the file itself, data: URLs and its blob: worker. */
function watchRequests(page: Page): string[] {
  const requests: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (url.split('#')[0] !== FILE_URL && !url.startsWith('data:') && !url.startsWith('blob:')) requests.push(url);
  });
  return requests;
}

test('the file refers to nothing outside itself, and its policy allows only its own inline script and style', async ({
  page,
}) => {
  await page.goto(FILE_URL);
  const parts = await page.evaluate(() => ({
    scripts: [...document.querySelectorAll('script')].map((s) => `${s.type} ${s.src || 'inline'}`),
    styles: [...document.querySelectorAll('style, link[rel="stylesheet"]')].map((s) => s.tagName),
    links: [...document.querySelectorAll('link')].map((l) => `${l.rel} ${l.href.slice(0, 5)}`),
  }));
  expect(parts).toEqual({ scripts: ['module inline'], styles: ['STYLE'], links: ['icon data:'] });
  const policy = (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
  expect(policy).toMatch(/script-src 'sha256-[\w+/]+=*';/);
  expect(policy).toMatch(/style-src 'sha256-[\w+/]+=*';/);
  expect(policy).toContain("default-src 'none'");
  expect(policy).toContain("connect-src 'none'");
  expect(policy).toContain('worker-src blob:');
  expect(policy).not.toMatch(/unsafe-|'self'|\*/);
});

test('opened from disk, it decodes the KB frame and a permalink to it opens from disk too', async ({
  page,
  browser,
}) => {
  const problems = watchProblems(page);
  const requests = watchRequests(page);
  await page.goto(FILE_URL);
  const link = await kbPermalink(page);
  await expect(page.getByRole('region', { name: 'Field detail' })).toContainText('RFC 1006');
  expect(link.startsWith(`${FILE_URL}#v1.`)).toBe(true);

  const context = await browser.newContext();
  const fresh = await context.newPage();
  problems.push(...watchProblems(fresh));
  const freshRequests = watchRequests(fresh);
  await fresh.goto(link);
  await expectKbView(fresh);
  await context.close();
  expect(problems).toEqual([]);
  expect([...requests, ...freshRequests]).toEqual([]);
});

test('opened from disk, it reads a capture in a worker started from a blob: URL', async ({ page }) => {
  const problems = watchProblems(page);
  const requests = watchRequests(page);
  await page.goto(FILE_URL);
  await openCapture(page);
  // Off the page's thread: the one worker runs the code the file carries.
  expect(page.workers().map((w) => w.url())).toEqual([expect.stringMatching(/^blob:/)]);
  const cc = page.getByRole('grid', { name: 'Packets' }).locator('[role="row"]').filter({ hasText: 'CC TPDU' }).first();
  await cc.click();
  await expect(page.getByRole('tree').locator('[data-field-id="cotp.type"]')).toContainText('CC');
  expect(problems).toEqual([]);
  expect(requests).toEqual([]);
});

test('opened from disk, its examples open: they travel inside the file', async ({ page }) => {
  const problems = watchProblems(page);
  const requests = watchRequests(page);
  await page.goto(FILE_URL);
  await page.getByRole('button', { name: /^Examples/ }).click();
  await page.locator('[data-example="s7-connect-request.txt"]').click();
  await expect(page.getByRole('tree').locator('[data-field-id="cotp.type"]')).toContainText('CR');
  expect(problems).toEqual([]);
  expect(requests).toEqual([]);
});
