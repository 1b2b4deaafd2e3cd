// The packet list shows the Protocol and Info columns as written: S7comm's Info pads the ROSCTR name as tshark does
// ("ROSCTR:[Job     ] Function:[Setup communication]", ndpi_s7comm.pcap frame 3) and the list keeps those spaces;
// the Protocol column fits "S7COMM-PLUS" (S7-1511_db2_var1_HMI.pcap) and names any cell cut shorter on hover. On a
// laptop and on a phone (390×844), where the list must not make the page scroll sideways.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { capturePath, open, openCapture, packetList, SHOTS } from './ui';

const cell = (page: Page, frame: number, column: number) =>
  packetList(page).locator(`[role="row"][data-frame="${frame}"] [role="gridcell"][aria-colindex="${column}"]`);
const PROTOCOL = 5;
const INFO = 7;
/** The text as rendered (innerText follows white-space: collapsed runs of spaces come out as one). */
const rendered = (l: Locator) => l.evaluate((e) => (e as HTMLElement).innerText);
/** Whether the cell's text is wider than the cell (cut, with an ellipsis). */
const cut = (l: Locator) => l.evaluate((e) => e.scrollWidth > e.clientWidth);

test('a laptop: S7comm Info keeps its padding, S7COMM-PLUS fits its column', async ({ page }) => {
  const errors = await open(page, { size: { width: 1280, height: 800 } });
  await openCapture(page, 'ndpi_s7comm.pcap', '55');
  const info = cell(page, 3, INFO);
  await expect(info).toHaveText('ROSCTR:[Job     ] Function:[Setup communication]');
  expect(await rendered(info)).toBe('ROSCTR:[Job     ] Function:[Setup communication]');
  await expect(cell(page, 3, PROTOCOL)).toHaveAttribute('title', 'S7COMM');
  await page.screenshot({ path: `${SHOTS}/packet-list-s7comm-info.png` });

  await openCapture(page, 'S7-1511_db2_var1_HMI.pcap', '39');
  const plus = packetList(page).locator('[role="gridcell"][aria-colindex="5"]', { hasText: 'S7COMM-PLUS' }).first();
  await expect(plus).toHaveText('S7COMM-PLUS');
  expect(await cut(plus)).toBe(false);
  await expect(plus).toHaveAttribute('title', 'S7COMM-PLUS');
  await page.screenshot({ path: `${SHOTS}/packet-list-s7comm-plus.png` });
  expect(errors).toEqual([]);
});

test('a phone: the same text, the list scrolls inside its pane, the page does not scroll sideways', async ({
  browser,
}) => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  const page = await context.newPage();
  await page.goto('./');
  await page
    .getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump')
    .setInputFiles(capturePath('S7-1511_db2_var1_HMI.pcap'));
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '39');
  const plus = packetList(page).locator('[role="gridcell"][aria-colindex="5"]', { hasText: 'S7COMM-PLUS' }).first();
  await expect(plus).toHaveText('S7COMM-PLUS');
  expect(await cut(plus)).toBe(false);
  const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(width.scroll).toBeLessThanOrEqual(width.inner);
  await plus.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/phone-packet-list-s7comm-plus.png` });

  await page
    .getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump')
    .setInputFiles(capturePath('ndpi_s7comm.pcap'));
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '55');
  await expect(cell(page, 3, INFO)).toHaveText('ROSCTR:[Job     ] Function:[Setup communication]');
  expect(await rendered(cell(page, 3, INFO))).toBe('ROSCTR:[Job     ] Function:[Setup communication]');
  await cell(page, 3, INFO).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/phone-packet-list-s7comm-info.png` });
  await context.close();
});
