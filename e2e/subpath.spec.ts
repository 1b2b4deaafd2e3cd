// Self-hosting: dist/ copied as it is under any sub-path of a plain static server (here /tools/framescope/) works —
// every file found, the KB frame decoded, a capture read in the worker, and a permalink opened there.
import { expect, test } from '@playwright/test';
import { expectKbView, kbPermalink, openCapture, watchProblems } from './deploy-helpers';
import { BUILT_DIR, serveStatic, type StaticSite } from './static-server';

const PREFIX = '/tools/framescope/';

let site: StaticSite;
test.beforeAll(async () => {
  site = await serveStatic(BUILT_DIR, PREFIX);
});
test.afterAll(async () => {
  await site.close();
});

test('served from /tools/framescope/, the page finds all its files, decodes the KB frame and reads a capture', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await page.goto(site.url);
  await kbPermalink(page);
  await openCapture(page);
  // The worker's script came from the sub-path too.
  expect(page.workers().map((w) => w.url())).toEqual([
    expect.stringMatching(new RegExp(`^${site.url}assets/capture\\.worker-[\\w-]+\\.js$`)),
  ]);

  const requested = site.log.map((entry) => entry.path);
  expect(requested.every((path) => path.startsWith(PREFIX))).toBe(true);
  expect(site.log.filter((entry) => entry.status !== 200)).toEqual([]);
  expect(requested).toEqual(expect.arrayContaining([PREFIX, `${PREFIX}sw.js`, `${PREFIX}manifest.webmanifest`]));
  expect(problems).toEqual([]);
});

test('a permalink made under the sub-path opens the same view there, in a fresh page', async ({ page, browser }) => {
  const problems = watchProblems(page);
  await page.goto(`${site.url}index.html`);
  const link = await kbPermalink(page);
  expect(link).toMatch(new RegExp(`^${site.url}index\\.html#v1\\.[\\w-]+$`));

  const context = await browser.newContext();
  const fresh = await context.newPage();
  problems.push(...watchProblems(fresh));
  await fresh.goto(link);
  await expectKbView(fresh);
  expect(fresh.url()).toBe(link);
  await context.close();
  expect(problems).toEqual([]);
});
