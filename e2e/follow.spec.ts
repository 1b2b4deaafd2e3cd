// Follow TCP Stream and the TCP conversations table in the built app: opened from the packet list's and the tree's
// context menus and from Ctrl+Alt+Shift+T; both directions labelled; ASCII, hex dump, raw; TPKT starts marked; a
// chunk's frame link selects the frame; copy and save. The table sorts, and a row filters the list by tcp.stream.
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { axeViolations, open, openCapture, packetList, SHOTS, tree } from './ui';

const row = (page: Page, frame: number) => packetList(page).locator(`[role="row"][data-frame="${frame}"]`);
const panel = (page: Page) => page.getByRole('dialog', { name: /Follow TCP Stream/ });
const chunks = (page: Page) => panel(page).getByRole('list', { name: 'Stream contents' }).locator(':scope > li');

test('Follow TCP Stream from the packet list: both directions, three formats, TPKT marks, frame links, copy, save', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const errors = await open(page, { size: { width: 1280, height: 800 } });
  await openCapture(page, 'iec61850_read.pcap', '20');
  await row(page, 4).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Follow' }).click();
  await page.getByRole('menuitem', { name: 'TCP Stream' }).click();

  await expect(panel(page)).toHaveAccessibleName('Follow TCP Stream (tcp.stream eq 0)');
  // 8 chunks, alternating: each names its node (not colour alone) and its frame.
  await expect(chunks(page)).toHaveCount(8);
  await expect(chunks(page).nth(0)).toContainText('→ Node 0 (127.0.0.1:45298)');
  await expect(chunks(page).nth(0)).toContainText('19 bytes');
  await expect(chunks(page).nth(1)).toContainText('← Node 1 (127.0.0.1:102)');
  await expect(panel(page).getByTestId('tpkt-mark')).toHaveCount(8);
  await page.screenshot({ path: `${SHOTS}/follow-ascii.png` });

  await panel(page).getByText('Hex dump', { exact: true }).click();
  await expect(chunks(page).nth(0)).toContainText('00000000  03 00 00 13 0e e0 00 00  00 06 00 c1 02 00 02 c2');
  await page.screenshot({ path: `${SHOTS}/follow-hex.png` });
  await panel(page).getByText('Raw', { exact: true }).click();
  await expect(chunks(page).nth(0)).toContainText('030000130ee00000000600c1020002c2020001');

  // A chunk's link selects its frame in the packet list.
  await chunks(page).nth(2).getByRole('button', { name: 'Frame 8' }).click();
  await expect(row(page, 8)).toHaveAttribute('aria-selected', 'true');
  await expect(chunks(page).nth(2)).toHaveClass(/ring-2/);

  // Copy: the shown direction in the chosen format, as tshark -z follow writes the chunks.
  await panel(page).getByLabel('Show').selectOption('1');
  await expect(chunks(page)).toHaveCount(4);
  await panel(page).getByRole('button', { name: 'Copy' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.split('\n')[0]).toBe('\t0300001611d01801000400c1020002c2020200c0010a');
  expect(copied.split('\n').filter(Boolean)).toHaveLength(4);

  // Save: a download of the raw bytes of that direction, made in the page.
  const download = page.waitForEvent('download');
  await panel(page).getByRole('button', { name: 'Save bytes' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('tcp-stream-0-node1.bin');
  const bytes = readFileSync((await saved.path())!);
  expect(bytes.length).toBe(22 + 145 + 29 + 25);
  expect([...bytes.subarray(0, 4)]).toEqual([3, 0, 0, 0x16]);

  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(panel(page)).toBeHidden();
  expect(errors).toEqual([]);
});

test('Follow TCP Stream from the tree’s context menu and from Ctrl+Alt+Shift+T; the dark theme', async ({ page }) => {
  const errors = await open(page, { size: { width: 1280, height: 800 } });
  await openCapture(page, 's7comm_program_blocklist_onlineview.pcap', '140');
  await row(page, 12).click();
  await tree(page).locator('[role="treeitem"]').first().click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Follow' }).click();
  await page.getByRole('menuitem', { name: 'TCP Stream' }).click();
  const title = await panel(page).getAttribute('aria-labelledby');
  expect(title).toBe('follow-title');
  await expect(panel(page)).toHaveAccessibleName(/tcp\.stream eq \d+/);
  await page.keyboard.press('Escape');
  await expect(panel(page)).toBeHidden();

  await row(page, 12).click();
  await page.keyboard.press('Control+Alt+Shift+T');
  await expect(panel(page)).toBeVisible();
  await expect(chunks(page).first()).toBeVisible();
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await page.screenshot({ path: `${SHOTS}/follow-dark.png` });
  expect(await axeViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('a frame that is not TCP says so', async ({ page }) => {
  const errors = await open(page, { size: { width: 1280, height: 800 } });
  await openCapture(page, 'Sample_File_MMS_and_GOOSE.pcap', '301');
  await row(page, 1).click();
  await page.keyboard.press('Control+Alt+Shift+T');
  await expect(panel(page)).toContainText('Frame 1 is not a TCP segment');
  expect(errors).toEqual([]);
});

test('the TCP conversations table: sort by a column, choose a row to filter the packet list by tcp.stream', async ({
  page,
}) => {
  const errors = await open(page, { size: { width: 1280, height: 800 } });
  await openCapture(page, 's7comm_program_blocklist_onlineview.pcap', '140');
  await page.getByRole('tab', { name: 'Conversations' }).click();
  await page.getByRole('button', { name: 'Table' }).click();
  const table = page.getByRole('table', { name: 'TCP conversations' });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(6);
  // In order of appearance first: stream 0 is the one that began the capture (tshark: 192.168.1.40:49179, 2 frames).
  await expect(rows.first()).toContainText('192.168.1.40:49179');

  await table.getByRole('button', { name: /Packets A → B/ }).click();
  await expect(table.getByRole('columnheader', { name: /Packets A → B/ })).toHaveAttribute('aria-sort', 'descending');
  // tshark -z conv,tcp: 192.168.1.10:4209 sent the most (38 frames, 2728 bytes) and received 21 (2525 bytes).
  await expect(rows.first()).toContainText('192.168.1.10:4209');
  await expect(rows.first().locator('td').nth(3)).toHaveText('38');
  await expect(rows.first().locator('td').nth(4)).toHaveText('2,728');
  await expect(rows.first().locator('td').nth(5)).toHaveText('21');
  await expect(rows.first().locator('td').nth(6)).toHaveText('2,525');
  await page.screenshot({ path: `${SHOTS}/conversations-table.png` });
  expect(await axeViolations(page)).toEqual([]);

  const stream = (await rows.first().locator('td').first().textContent())!.trim();
  await rows.first().click();
  await expect(page.getByRole('tab', { name: 'Packets' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#display-filter')).toHaveValue(`tcp.stream == ${stream}`);
  // 59 frames and the header row (tshark: 21 + 38).
  await expect(packetList(page)).toHaveAttribute('aria-rowcount', '60');
  await page.screenshot({ path: `${SHOTS}/conversations-table-filtered.png` });

  // Back in the table, the chosen row is marked; its Follow button opens its stream.
  await page.getByRole('tab', { name: 'Conversations' }).click();
  await expect(table.locator('tbody tr[aria-selected="true"]')).toContainText('192.168.1.10:4209');
  await table.locator('tbody tr[aria-selected="true"]').getByRole('button', { name: 'Follow' }).click();
  await expect(panel(page)).toHaveAccessibleName(`Follow TCP Stream (tcp.stream eq ${stream})`);
  expect(errors).toEqual([]);
});

/** A Pixel-5-like phone, as phone.spec.ts has it. */
function phone(browser: Browser) {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
}

test('on a phone: Follow fills the screen, a frame link goes back to the packet list, the table scrolls', async ({
  browser,
}) => {
  const context = await phone(browser);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The page's timers on a clock the test moves: a long press lasts as long as the test says (phone.spec.ts).
  await page.clock.install();
  await page.goto('./');
  await openCapture(page, 'iec61850_read.pcap', '20');
  // A finger held on a row opens its menu.
  const box = (await row(page, 4).boundingBox())!;
  const at = { x: Math.round(box.x + 60), y: Math.round(box.y + box.height / 2) };
  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at] });
  await page.clock.runFor(700);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.clock.runFor(100);
  await page.getByRole('menuitem', { name: 'Follow' }).tap();
  await page.getByRole('menuitem', { name: 'TCP Stream' }).tap();
  await expect(chunks(page)).toHaveCount(8);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${SHOTS}/phone-follow.png` });
  await panel(page).getByText('Hex dump', { exact: true }).tap();
  await page.screenshot({ path: `${SHOTS}/phone-follow-hex.png` });
  await chunks(page).nth(1).getByRole('button', { name: 'Frame 6' }).tap();
  await expect(panel(page)).toBeHidden();
  await expect(row(page, 6)).toHaveAttribute('aria-selected', 'true');

  await page.getByRole('tab', { name: 'Conversations' }).tap();
  await page.getByRole('button', { name: 'Table' }).tap();
  await expect(page.getByRole('table', { name: 'TCP conversations' }).locator('tbody tr')).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/phone-conversations-table.png` });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(errors).toEqual([]);
  await context.close();
});
