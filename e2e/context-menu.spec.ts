// Wireshark's context menus on the tree, the bytes and the packet list: Apply as Filter and Prepare as Filter with
// their six combinations, Copy, reached by the mouse and by the keyboard (Shift+F10, the context-menu key), with
// the clipboard read back; and axe finds nothing wrong with an open menu in either theme.
import { expect, test, type Page } from '@playwright/test';
import { axeViolations, byteCell, field, open, openCapture, packetList, pasteKb, SHOTS, tree } from './ui';

const filterBox = (page: Page) => page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' });
const menu = (page: Page, name: string | RegExp) => page.getByRole('menu', { name });
const item = (page: Page, name: string | RegExp) =>
  page.getByRole('menuitem', { name, exact: typeof name === 'string' });
const shownFrames = (page: Page) =>
  packetList(page)
    .locator('[role="row"][data-frame]')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-frame'))));
const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test('right-click the COTP type, Apply as Filter → Selected: the box holds the filter and the list is filtered', async ({
  page,
}) => {
  const errors = await open(page);
  await openCapture(page, 'ndpi_s7comm.pcap', '55');
  await packetList(page).locator('[data-frame="2"]').click();
  await expect(field(page, 'cotp.type')).toContainText('CC');
  await field(page, 'cotp.type').click({ button: 'right' });
  await expect(menu(page, 'Field cotp.type')).toBeVisible();
  await expect(field(page, 'cotp.type')).toHaveAttribute('aria-selected', 'true');
  // The filter each group makes is written under it.
  await expect(item(page, 'Apply as Filter')).toHaveAccessibleDescription('cotp.type == 0x0d');
  await item(page, 'Apply as Filter').hover();
  await expect(item(page, 'Selected')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/context-menu-apply.png` });
  await item(page, 'Selected').click();
  await expect(menu(page, 'Field cotp.type')).toHaveCount(0);
  await expect(filterBox(page)).toHaveValue('cotp.type == 0x0d');
  // tshark -r ndpi_s7comm.pcap -Y 'cotp.type == 0x0d': frame 2 alone.
  await expect(page.getByText('Displayed: 1 of 55 frames')).toBeVisible();
  await expect.poll(() => shownFrames(page)).toEqual([2]);

  // …or not Selected joins what the box holds, as Wireshark writes it.
  await packetList(page).locator('[data-frame="2"]').click();
  await field(page, 'tcp.srcport').click({ button: 'right' });
  await item(page, 'Apply as Filter').click();
  await item(page, '…or not Selected').click();
  await expect(filterBox(page)).toHaveValue('(cotp.type == 0x0d) || !(tcp.srcport == 102)');
  // tshark counts 37 frames for this filter.
  await expect(page.getByText('Displayed: 37 of 55 frames')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the keyboard: Shift+F10 on the focused tree row, arrows, Enter, Escape back to the tree', async ({ page }) => {
  const errors = await open(page);
  await openCapture(page, 'ndpi_s7comm.pcap', '55');
  await packetList(page).locator('[data-frame="1"]').click();
  await field(page, 'cotp.type').click();
  await expect(tree(page)).toBeFocused();
  await page.keyboard.press('Shift+F10');
  const fieldMenu = menu(page, 'Field cotp.type');
  await expect(fieldMenu).toBeVisible();
  await expect(item(page, 'Apply as Filter')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(item(page, 'Prepare as Filter')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(menu(page, 'Prepare as Filter')).toBeVisible();
  await expect(item(page, 'Selected')).toBeFocused();
  // Escape closes the submenu only, back on its item; Enter opens it again.
  await page.keyboard.press('Escape');
  await expect(menu(page, 'Prepare as Filter')).toHaveCount(0);
  await expect(item(page, 'Prepare as Filter')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(item(page, 'Selected')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(item(page, 'Not Selected')).toBeFocused();
  await page.keyboard.press('Enter');
  // Prepare: in the box, not applied, focus in the box to edit or press Enter.
  await expect(filterBox(page)).toHaveValue('!(cotp.type == 0x0e)');
  await expect(filterBox(page)).toBeFocused();
  await expect(page.getByText(/Displayed:/)).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Displayed: 54 of 55 frames')).toBeVisible();

  // The context-menu key opens it too; Escape closes it and the tree has focus again.
  await field(page, 'tpkt.length').click();
  await page.keyboard.press('ContextMenu');
  await expect(menu(page, 'Field tpkt.length')).toBeVisible();
  await page.keyboard.press('End');
  await expect(item(page, 'Collapse all')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu(page, 'Field tpkt.length')).toHaveCount(0);
  await expect(tree(page)).toBeFocused();

  // The packet list: Shift+F10 on the selected row, its Source column (no column was clicked).
  await packetList(page).locator('[data-frame="3"]').click();
  await expect(packetList(page)).toBeFocused();
  await page.keyboard.press('Shift+F10');
  await expect(menu(page, 'Frame 3')).toBeVisible();
  await expect(item(page, 'Apply as Filter')).toHaveAccessibleDescription('ip.src == 192.168.1.10');
  await page.keyboard.press('Escape');
  await expect(packetList(page)).toBeFocused();
  expect(errors).toEqual([]);
});

test('Copy: Ctrl+C on a tree row copies its value; the menu copies names, filters, bytes as hex and as text', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const errors = await open(page);
  await pasteKb(page);
  await field(page, 'tpkt.reserved').click();
  await page.keyboard.press('ControlOrMeta+c');
  await expect.poll(() => clipboard(page)).toBe('17 (0x11)');
  await expect(page.getByText('Copied value: 17 (0x11)')).toBeVisible();

  // A pasted frame has no packet list: the filter items say so and do nothing.
  await field(page, 'cotp.src-tsap').click({ button: 'right' });
  await expect(item(page, 'Apply as Filter')).toHaveAttribute('aria-disabled', 'true');
  await expect(item(page, 'Prepare as Filter')).toHaveAccessibleDescription(/Open a capture file to filter its frames/);
  await item(page, 'Copy').click();
  await expect(menu(page, 'Copy')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/context-menu-copy.png` });
  const copies: [string, string][] = [
    ['Value', '"SWISSLIFETSAP"'],
    ['Field name', 'cotp.src-tsap'],
    ['As filter', 'cotp.src-tsap == "SWISSLIFETSAP"'],
    ['Bytes as hex', '53574953534c49464554534150'],
    ['Bytes as printable text', 'SWISSLIFETSAP'],
  ];
  for (const [name, text] of copies) {
    if (!(await menu(page, 'Copy').isVisible())) {
      await field(page, 'cotp.src-tsap').click({ button: 'right' });
      await item(page, 'Copy').click();
    }
    await item(page, name).click();
    await expect.poll(() => clipboard(page), name).toBe(text);
  }

  // A byte's menu is its field's: right-click byte 55 (0x37), the TPKT reserved octet.
  await byteCell(page, 55).click({ button: 'right' });
  await expect(menu(page, 'Field tpkt.reserved')).toBeVisible();
  await item(page, 'Copy').click();
  await item(page, 'As filter').click();
  await expect.poll(() => clipboard(page)).toBe('tpkt.reserved == 17');
  expect(errors).toEqual([]);
});

test('a packet row: its menu filters by the column right-clicked', async ({ page }) => {
  const errors = await open(page);
  await openCapture(page, 'ndpi_s7comm.pcap', '55');
  const source = packetList(page).locator('[data-frame="2"] [role="gridcell"][aria-colindex="3"]');
  await source.click({ button: 'right' });
  await expect(packetList(page).locator('[data-frame="2"]')).toHaveAttribute('aria-selected', 'true');
  await expect(menu(page, 'Frame 2')).toBeVisible();
  await item(page, 'Prepare as Filter').click();
  await item(page, 'Selected').click();
  await expect(filterBox(page)).toHaveValue('ip.src == 192.168.1.40');
  await packetList(page).locator('[data-frame="2"] [role="gridcell"][aria-colindex="7"]').click({ button: 'right' });
  await expect(item(page, 'Apply as Filter')).toHaveAttribute('aria-disabled', 'true');
  await expect(item(page, 'Apply as Filter')).toHaveAccessibleDescription(/Info column is a summary/);
  await page.keyboard.press('Escape');
  expect(errors).toEqual([]);
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds nothing with a menu and its submenu open (${theme} theme)`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await open(page);
    await openCapture(page, 'ndpi_s7comm.pcap', '55');
    await packetList(page).locator('[data-frame="1"]').click();
    await field(page, 'cotp.type').click({ button: 'right' });
    await item(page, 'Apply as Filter').hover();
    await expect(item(page, '…and not Selected')).toBeVisible();
    await item(page, '…and not Selected').hover();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/context-menu-${theme}.png` });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await pasteKbInto(page);
    await field(page, 'tpkt.reserved').click({ button: 'right' });
    await expect(item(page, 'Apply as Filter')).toHaveAttribute('aria-disabled', 'true');
    await item(page, 'Apply as Filter').hover();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/context-menu-disabled-${theme}.png` });
  });
}

/** Closes the capture and pastes the KB frame. */
async function pasteKbInto(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Close capture' }).click();
  await pasteKb(page);
}
