// Share and export in the built app: the permalink in the address bar, opened in a fresh page; hostile links;
// copies that confirm; pcap and pcapng downloads that tshark reads back byte-identical.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { byteCell, input, KB_TEXT, open as openApp, SHOTS, tree } from './ui';

const KB_HEX =
  '0000a200c04a00805fd4a048080045000054e9a640002006040a8626344d86262c5a0066061301cf46c85d5b6a3150182209607300000311002c27d001ca002900c10d53574953534c49464554534150c20d45584348414e47455453415031c0010b';
const HAS_TSHARK = spawnSync('tshark', ['--version']).status === 0;

/** Opens the app; the list collects uncaught page errors and Content-Security-Policy refusals. */
const open = (page: Page, path = './') => openApp(page, { path, csp: true });

const shareButton = (page: Page) => page.getByRole('button', { name: /Share \/ Export/ });
const panel = (page: Page) => page.getByRole('dialog', { name: 'Share and export' });
const linkBox = (page: Page) => panel(page).getByRole('textbox', { name: 'Link' });

/** Pastes the KB frame, selects tpkt.reserved and returns the link the Share panel shows. */
async function kbLink(page: Page): Promise<string> {
  await input(page).fill(KB_TEXT);
  await tree(page).locator('[data-field-id="tpkt.reserved"]').click();
  await shareButton(page).click();
  const link = await linkBox(page).inputValue();
  expect(link).toMatch(/#v1\.[A-Za-z0-9_-]+$/);
  return link;
}

test('the address bar holds a permalink; a fresh page opens the same view without any request', async ({
  page,
  browser,
}) => {
  const errors = await open(page);
  const link = await kbLink(page);
  // The address follows the view (after a short pause), with the same link the panel offers.
  await expect(page).toHaveURL(link);
  const fragment = new URL(link).hash.slice(1);
  expect(fragment.length).toBeLessThan(170);
  await page.screenshot({ path: `${SHOTS}/share-panel.png`, fullPage: true });

  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const fresh = await context.newPage();
  // The page's timers on a clock the test can run forward (it also keeps pace with real time).
  await fresh.clock.install();
  const freshErrors: string[] = [];
  fresh.on('pageerror', (e) => freshErrors.push(e.message));
  let loaded = false;
  const afterLoad: string[] = [];
  fresh.on('request', (request) => {
    if (loaded) afterLoad.push(request.url());
  });
  await fresh.goto(link);
  loaded = true;
  const selected = fresh.locator('[role="treeitem"][aria-selected="true"]');
  await expect(selected).toHaveCount(1);
  await expect(fresh.locator('[role="treeitem"][data-field-id="tpkt.reserved"]')).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(selected).toBeInViewport();
  await expect(byteCell(fresh, 55)).toHaveAttribute('aria-selected', 'true');
  await expect(fresh.locator('[role="gridcell"][aria-selected="true"]')).toHaveCount(1);
  await expect(fresh.getByRole('region', { name: 'Field detail' })).toContainText('tpkt.reserved');
  await expect(input(fresh)).toHaveValue(/^0000 {2}00 00 a2 00 c0 4a/);
  // Past the address sync's pause on the page's clock, however slow the machine: nothing asked, the link kept.
  await fresh.clock.runFor(1000);
  expect(afterLoad).toEqual([]);
  expect(fresh.url()).toBe(link);
  await fresh.screenshot({ path: `${SHOTS}/share-opened-link.png`, fullPage: true });
  await context.close();
  expect([...errors, ...freshErrors]).toEqual([]);
});

test('"Copy link" copies the link and says so', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const errors = await open(page);
  const link = await kbLink(page);
  const copy = panel(page).getByRole('button', { name: 'Copy link' });
  await copy.click();
  await expect(panel(page).getByRole('button', { name: '✓ Copied' })).toBeVisible();
  await expect(panel(page).getByRole('status')).toHaveText('The link copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await panel(page).getByRole('button', { name: 'Hex stream' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(KB_HEX);
  await page.keyboard.press('Escape');
  await expect(panel(page)).toHaveCount(0);
  await expect(shareButton(page)).toBeFocused();
  expect(errors).toEqual([]);
});

test.describe('links that cannot be opened: a clear message, an empty working page', () => {
  const cases: [string, string, RegExp][] = [
    ['truncated', '#v1.AWNMYmBYxHDAi6Eh_soCD5BWhpCXyxwYFNhYuNrUTHzb', /damaged/],
    // One character of a good link changed, as a hand edit or a mangling mail client would.
    [
      'tampered',
      '#v1.AWNMYmBYxHDAi6Eh_soCD5BWhpCXyxwYFNhYuNrUxHzb1HSiGNLYhBnPu52Ijc4yDJBQ4kwoZmBgFmTQUb_AeIpBk-Egb3C4Z3Cwj6eba0iwY8AhXtcIZw9HP3cwz_AAIzcjvzkvSupY8UlxPgA',
      /damaged/,
    ],
    ['markup', `#v1.${encodeURIComponent('<img src=x onerror="document.title=1">')}`, /damaged/],
    ['unknown version', '#v7.AAAA', /format v7.*newer framescope/],
    // Above MAX_FRAGMENT_CHARS (about 30 700: two 9 216-byte frames when comparing, stored).
    ['oversized', `#v1.${'A'.repeat(40_000)}`, /too large/],
    ['not a link', '#hello', /not a framescope link/],
  ];
  for (const [name, hash, message] of cases) {
    test(name, async ({ page }) => {
      const errors = await open(page, `./${hash}`);
      const alert = page.getByRole('alert');
      await expect(alert).toContainText('Link not opened.');
      await expect(alert).toContainText(message);
      await expect(page.locator('img')).toHaveCount(0);
      await expect(page).toHaveTitle('framescope');
      if (name === 'markup') await page.screenshot({ path: `${SHOTS}/share-broken-link.png`, fullPage: true });
      // The page works: a paste decodes, and the address then links to it.
      await input(page).fill(KB_TEXT);
      await expect(tree(page).locator('[data-layer="cotp"]')).toBeVisible();
      await alert.getByRole('button', { name: 'Dismiss' }).click();
      await expect(page.getByRole('alert')).toHaveCount(0);
      await expect(page).toHaveURL(/#v1\./);
      expect(errors).toEqual([]);
    });
  }
});

test('several frames: the link says it carries only the one shown; all frames download as pcapng', async ({ page }) => {
  const errors = await open(page);
  await input(page).fill(`${KB_TEXT}\n\n${KB_TEXT}`);
  await expect(tree(page).locator('[data-layer="cotp"]')).toBeVisible();
  await shareButton(page).click();
  await expect(panel(page)).toContainText('The link carries frame 1 only (the one shown), not all 2 frames.');
  await page.screenshot({ path: `${SHOTS}/share-several-frames.png`, fullPage: true });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel(page).getByRole('button', { name: 'Download all 2 frames as pcapng' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('framescope-2-frames.pcapng');
  await expect(panel(page).getByRole('status')).toHaveText('Saved framescope-2-frames.pcapng.');
  if (HAS_TSHARK) {
    const path = `reports/downloads/${download.suggestedFilename()}`;
    await download.saveAs(path);
    expect(tsharkFrames(path)).toEqual([KB_HEX, KB_HEX]);
  }
  expect(errors).toEqual([]);
});

test('from a capture: the link says it carries the frame shown only, and keeps its link layer (BSD loopback)', async ({
  page,
  browser,
}) => {
  const errors = await open(page);
  const capture = fileURLToPath(new URL('../../shared/captures/dina_cotp.pcap', import.meta.url));
  await page.getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump').setInputFiles(capture);
  await expect(tree(page).locator('[data-layer="null"]')).toBeVisible();
  await shareButton(page).click();
  await expect(panel(page)).toContainText(
    /The link carries frame 1 only \(the one shown\), not the capture dina_cotp\.pcap\./,
  );
  await page.screenshot({ path: `${SHOTS}/share-from-capture.png`, fullPage: true });
  const link = await linkBox(page).inputValue();
  const layers = await tree(page)
    .locator('[data-layer]')
    .evaluateAll((items) => items.map((i) => i.getAttribute('data-layer')));
  expect(layers.slice(0, 3)).toEqual(['null', 'ip', 'tcp']);
  const context = await browser.newContext();
  const fresh = await context.newPage();
  await fresh.goto(link);
  // The bytes alone do not say "BSD loopback": the link does.
  await expect(fresh.locator('[role="tree"] [data-layer="null"]')).toBeVisible();
  expect(
    await fresh
      .locator('[role="tree"] [data-layer]')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-layer'))),
  ).toEqual(layers);
  await context.close();
  expect(errors).toEqual([]);
});

test('a link from frame 9 of a capture opens, in a fresh page, as frame 9 of that file with its capture time', async ({
  page,
  browser,
}) => {
  const errors = await open(page);
  const capture = fileURLToPath(
    new URL('../../shared/captures/s7comm_program_blocklist_onlineview.pcap', import.meta.url),
  );
  await page.getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump').setInputFiles(capture);
  const list = page.getByRole('grid', { name: 'Packets' });
  await expect(list).toHaveAttribute('data-frame-count', '140');
  const filter = page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' });
  await filter.fill('frame.number == 9');
  await filter.press('Enter');
  await list.locator('[role="row"][data-frame="9"]').click();
  await expect(page.getByText(/^Frame 9: /)).toBeVisible();
  await shareButton(page).click();
  await expect(panel(page)).toContainText(/The link carries frame 9 only/);
  const link = await linkBox(page).inputValue();
  const context = await browser.newContext();
  const fresh = await context.newPage();
  await fresh.setViewportSize({ width: 1280, height: 720 });
  await fresh.goto(link);
  // tshark: frame 9's frame.time_epoch is 1408528850.340154000.
  await expect(
    fresh.getByText('Frame 9 of s7comm_program_blocklist_onlineview.pcap, captured 2014-08-20 10:00:50.340154 UTC'),
  ).toBeVisible();
  await expect(fresh.getByText(/^Frame 9: 61 bytes/)).toBeVisible();
  await expect(fresh.getByRole('heading', { name: /Problems in frame 9/i })).toBeVisible();
  await fresh.screenshot({ path: `${SHOTS}/link-from-capture-frame.png` });
  await context.close();
  expect(errors).toEqual([]);
});

function tsharkFrames(path: string): string[] {
  const read = spawnSync('tshark', ['-r', path, '-T', 'json', '-x'], { encoding: 'utf8' });
  expect(read.status, read.stderr).toBe(0);
  return (JSON.parse(read.stdout) as { _source: { layers: { frame_raw: [string] } } }[]).map(
    (p) => p._source.layers.frame_raw[0],
  );
}

test('the frame downloads as pcap that tshark reads back byte-identical', async ({ page }) => {
  test.skip(!HAS_TSHARK, 'tshark is not installed');
  const errors = await open(page);
  await kbLink(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel(page).getByRole('button', { name: 'Download frame 1 as pcap', exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('framescope-frame1.pcap');
  const path = `reports/downloads/${download.suggestedFilename()}`;
  await download.saveAs(path);
  expect(tsharkFrames(path)).toEqual([KB_HEX]);
  const info = spawnSync('capinfos', ['-M', '-E', '-c', path], { encoding: 'utf8' });
  expect(info.stdout).toMatch(/File encapsulation:\s+ether/);
  expect(info.stdout).toMatch(/Number of packets:\s+1/);
  expect(errors).toEqual([]);
});

test('a frame above the limit: too large to share by link, with the pcap download instead', async ({ page }) => {
  const errors = await open(page);
  await page.clock.install();
  const stream = KB_HEX + '00'.repeat(10_000);
  await input(page).fill(stream);
  await expect(tree(page).locator('[data-layer="cotp"]')).toBeVisible();
  await shareButton(page).click();
  await expect(panel(page)).toContainText(
    'This frame is 10,098 bytes: too large to share by link (links carry frames up to 9,216 bytes).',
  );
  await expect(
    panel(page).getByRole('button', { name: 'Download frame 1 as pcap', exact: true }).first(),
  ).toBeVisible();
  // Past the address sync's pause on the page's clock, however slow the machine: no link in the address.
  await page.clock.runFor(1000);
  expect(new URL(page.url()).hash).toBe('');
  await page.screenshot({ path: `${SHOTS}/share-too-large.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('the share panel has no accessibility violations axe can find', async ({ page }) => {
  await open(page);
  await kbLink(page);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.map(
      (v) =>
        `${v.impact} ${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    ),
  ).toEqual([]);
});
