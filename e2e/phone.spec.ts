// A shared permalink opened where its recipient reads the message: a phone (390×844, touch). No sideways scrolling,
// the link's field and its byte on screen, its explanation one tab away, the header's tools behind a menu, the hex
// view 8 bytes a row; a tap selects, a long press opens the context menu.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { axeViolations, byteCell, field, input, KB_TEXT, open, capturePath, packetList, SHOTS, tree } from './ui';

const PHONE = { width: 390, height: 844 };

/** A Pixel-5-like phone: a 390×844 viewport, touch, a mobile browser's meta viewport handling. */
function phone(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
}

/** The KB frame's permalink with tpkt.reserved selected, made as a user makes it: on a desktop, from the Share panel. */
async function kbLink(page: Page): Promise<string> {
  await open(page);
  await input(page).fill(KB_TEXT);
  await field(page, 'tpkt.reserved').click();
  await page.getByRole('button', { name: /Share \/ Export/ }).click();
  return page.getByRole('dialog', { name: 'Share and export' }).getByRole('textbox', { name: 'Link' }).inputValue();
}

/** The page scrolls neither sideways nor at all: the panes scroll their own content. */
const pageWidth = (page: Page) =>
  page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scroll, inner } = await pageWidth(page);
  expect(scroll).toBeLessThanOrEqual(inner);
}

const tab = (page: Page, name: string | RegExp) =>
  page.getByRole('tablist', { name: 'Panes' }).getByRole('tab', { name });

test('a permalink on a phone opens on its field, with its byte on screen and its explanation one tap away', async ({
  page,
  browser,
}) => {
  const link = await kbLink(page);
  const context = await phone(browser);
  const mobile = await context.newPage();
  const errors: string[] = [];
  mobile.on('pageerror', (e) => errors.push(e.message));
  await mobile.goto(link);

  const reserved = field(mobile, 'tpkt.reserved');
  await expect(reserved).toHaveAttribute('aria-selected', 'true');
  await expect(byteCell(mobile, 55)).toHaveAttribute('aria-selected', 'true');
  await expect(byteCell(mobile, 55)).toHaveText('11');
  // Both on screen at once: the field in the tree and its byte (0x37) in the hex view.
  await expect(reserved).toBeInViewport({ ratio: 1 });
  await expect(byteCell(mobile, 55)).toBeInViewport({ ratio: 1 });
  await expectNoSidewaysScroll(mobile);
  await expect(tab(mobile, 'Fields')).toHaveAttribute('aria-selected', 'true');

  // Eight bytes a row, the offsets in the gutter counting by 8: byte 55 is the last of row 0x30.
  const rowOf55 = mobile.locator('[role="row"]').filter({ has: byteCell(mobile, 55) });
  await expect(rowOf55.getByRole('rowheader')).toHaveText('0030');
  await expect(rowOf55.getByRole('gridcell')).toHaveCount(8);
  await expect(mobile.getByRole('rowheader').first()).toHaveText('0000');
  await expect(mobile.getByRole('rowheader').nth(1)).toHaveText('0008');
  await mobile.screenshot({ path: `${SHOTS}/phone-link-fields.png` });
  expect(await axeViolations(mobile)).toEqual([]);

  // The explanation: one tap on a tab in sight.
  await expect(tab(mobile, 'Detail')).toBeInViewport();
  await tab(mobile, 'Detail').tap();
  const detail = mobile.getByRole('region', { name: 'Field detail' });
  await expect(detail).toContainText('tpkt.reserved');
  await expect(detail).toContainText('byte 55 (0x37)');
  await expect(detail.getByRole('link', { name: 'RFC 1006 §6' }).first()).toBeInViewport();
  await expectNoSidewaysScroll(mobile);
  await mobile.screenshot({ path: `${SHOTS}/phone-link-detail.png` });

  // The problems and the input: their own tabs.
  await tab(mobile, /Problems/).tap();
  await mobile.screenshot({ path: `${SHOTS}/phone-link-problems.png` });
  // A problem chosen shows its field, on the Fields tab.
  await mobile.getByRole('button', { name: /Reserved octet is 0x11/ }).tap();
  await expect(tab(mobile, 'Fields')).toHaveAttribute('aria-selected', 'true');
  await expect(reserved).toBeInViewport({ ratio: 1 });
  await tab(mobile, 'Input').tap();
  await expect(input(mobile)).toHaveValue(/^0000 {2}00 00 a2 00 c0 4a/);
  await expectNoSidewaysScroll(mobile);

  await context.close();
  expect(errors).toEqual([]);
});

test('on a phone the header folds into a menu that reaches every tool', async ({ browser }) => {
  const context = await phone(browser);
  const page = await context.newPage();
  await page.goto('./');
  const menuButton = page.getByRole('button', { name: 'Menu' });
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('button', { name: 'Examples' })).toBeHidden();
  await menuButton.tap();
  await expect(menuButton).toHaveAttribute('aria-expanded', 'true');
  const tools = page.getByRole('navigation', { name: 'Tools' });
  for (const control of [
    tools.getByRole('button', { name: 'Examples' }),
    tools.getByText('Open capture…'),
    tools.getByRole('button', { name: /^Compare/ }),
    tools.getByRole('button', { name: /^Decode options/ }),
    tools.getByRole('button', { name: /Share \/ Export/ }),
    tools.getByRole('button', { name: 'Dark theme' }),
    tools.getByRole('button', { name: 'Keyboard shortcuts' }),
  ]) {
    await expect(control).toBeInViewport({ ratio: 1 });
  }
  await page.screenshot({ path: `${SHOTS}/phone-menu.png` });
  expect(await axeViolations(page)).toEqual([]);

  // An example from the menu: the menu folds away and the frame's fields show.
  await tools.getByRole('button', { name: 'Examples' }).tap();
  await page.getByRole('button', { name: /^KB Q151626/ }).tap();
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  await expect(tab(page, 'Fields')).toHaveAttribute('aria-selected', 'true');
  await expect(tree(page)).toBeVisible();

  // Share / Export opens in place, inside the screen's width.
  await menuButton.tap();
  await tools.getByRole('button', { name: /Share \/ Export/ }).tap();
  const share = page.getByRole('dialog', { name: 'Share and export' });
  await expect(share).toBeVisible();
  const box = (await share.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/phone-share.png` });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  await context.close();
});

test('touch: a tap selects, a long press opens the context menu', async ({ browser }) => {
  const context = await phone(browser);
  const page = await context.newPage();
  // The page's timers on a clock the test moves: a long press lasts as long as the test says, however slow the machine.
  await page.clock.install();
  await page.goto('./');
  await input(page).fill(KB_TEXT);
  await tab(page, 'Fields').tap();
  await field(page, 'cotp.type').tap();
  await expect(field(page, 'cotp.type')).toHaveAttribute('aria-selected', 'true');
  await byteCell(page, 64).tap();
  await expect(field(page, 'cotp.type')).toHaveAttribute('aria-selected', 'false');
  await expect(tree(page).locator('[role="treeitem"][aria-selected="true"]')).toHaveAttribute(
    'data-field-id',
    /^cotp\.(class|opts)/,
  );

  // A finger held on the TPKT reserved row: it is selected and its menu opens; lifting the finger chooses nothing.
  const row = field(page, 'tpkt.reserved');
  await row.scrollIntoViewIfNeeded();
  const box = (await row.boundingBox())!;
  const at = { x: Math.round(box.x + 60), y: Math.round(box.y + box.height / 2) };
  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at] });
  await page.clock.runFor(700);
  await expect(page.getByRole('menu', { name: 'Field tpkt.reserved' })).toBeVisible();
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.clock.runFor(100);
  const menu = page.getByRole('menu', { name: 'Field tpkt.reserved' });
  await expect(menu).toBeVisible();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  // A pasted frame has no packet list: the filters say why they are off.
  await expect(page.getByRole('menuitem', { name: 'Apply as Filter' })).toHaveAttribute('aria-disabled', 'true');
  await page.getByRole('menuitem', { name: 'Copy' }).tap();
  await expect(page.getByRole('menu', { name: 'Copy' })).toBeInViewport({ ratio: 1 });
  await expect(menu).toBeInViewport({ ratio: 1 });
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/phone-long-press-menu.png` });
  expect(await axeViolations(page)).toEqual([]);
  // A tap outside closes it.
  await tab(page, 'Fields').tap();
  await expect(menu).toHaveCount(0);

  // A byte held down: its field's menu.
  const cell = (await byteCell(page, 55).boundingBox())!;
  const onByte = { x: Math.round(cell.x + cell.width / 2), y: Math.round(cell.y + cell.height / 2) };
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [onByte] });
  await page.clock.runFor(700);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await expect(page.getByRole('menu', { name: 'Field tpkt.reserved' })).toBeVisible();
  await context.close();
});

test('a capture on a phone: the packet list in its own tab, no sideways scrolling, a tap shows a frame', async ({
  browser,
}) => {
  const context = await phone(browser);
  const page = await context.newPage();
  await page.goto('./');
  await page
    .getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump')
    .setInputFiles(capturePath('ndpi_s7comm.pcap'));
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '55');
  await expect(tab(page, 'Packets')).toHaveAttribute('aria-selected', 'true');
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/phone-capture-packets.png` });
  await packetList(page).locator('[data-frame="2"]').tap();
  await expect(packetList(page).locator('[data-frame="2"]')).toHaveAttribute('aria-selected', 'true');
  await tab(page, 'Fields').tap();
  await expect(field(page, 'cotp.type')).toContainText('CC');
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: `${SHOTS}/phone-capture-fields.png` });
  await context.close();
});
