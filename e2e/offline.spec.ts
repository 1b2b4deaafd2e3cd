// Installable and offline: after the first visit, the service worker holds a copy of the build, so the page reloads
// and works — a frame pasted, a capture read in the worker, a permalink opened — with the network off and the
// server gone. Served under a sub-path, as a self-hosted copy would be, by a server that sends …/index.html on to …/.
import { expect, test } from '@playwright/test';
import { expectKbView, kbPermalink, openCapture, watchProblems } from './deploy-helpers';
import { BUILT_DIR, serveStatic } from './static-server';

test('after the first visit the app is installable, and reloads and works with the network off', async ({
  browser,
}) => {
  const site = await serveStatic(BUILT_DIR, '/tools/framescope/', { redirectIndex: true });
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchProblems(page);
  try {
    await page.goto(site.url);
    // The service worker has stored the build and controls the page.
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(site.url);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
    const cdp = await context.newCDPSession(page);
    // Chromium's own installability check; Playwright's contexts are incognito, which alone bars installing.
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
    const { url: manifestUrl, errors: manifestErrors } = await cdp.send('Page.getAppManifest');
    expect(manifestUrl).toBe(`${site.url}manifest.webmanifest`);
    expect(manifestErrors).toEqual([]);

    await context.setOffline(true);
    await site.close();
    const served = site.log.length;
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    const link = await kbPermalink(page);
    await openCapture(page);
    expect(page.workers().map((w) => w.url())).toEqual([expect.stringMatching(/capture\.worker-[\w-]+\.js$/)]);

    // The permalink, opened in a new tab while offline.
    const tab = await context.newPage();
    problems.push(...watchProblems(tab));
    await tab.goto(link);
    await expectKbView(tab);
    expect(site.log.length).toBe(served); // the server saw nothing after it went away
    expect(problems).toEqual([]);
  } finally {
    await context.close();
    await site.close();
  }
});
