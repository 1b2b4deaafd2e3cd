// Wireshark's habits with a capture open: Ctrl+G goes to a frame by its number, Ctrl+F finds one by display filter,
// hex bytes or string (next, previous, wrapping), and both bars are worked from the keyboard alone.
import { expect, test, type Page } from '@playwright/test';
import { axeViolations, field, input, open, openCapture, packetList, SHOTS } from './ui';

const PLC_STATUS = 's7comm_reading_plc_status.pcap'; // 240 frames; CR is frame 8 (tshark)
const selectedRow = (page: Page) => packetList(page).locator('[role="row"][aria-selected="true"]');
const frameHeader = (page: Page) => page.locator('[data-pane="tree"]');
const goToBar = (page: Page) => page.getByRole('form', { name: 'Go to frame' });
const findBar = (page: Page) => page.getByRole('search', { name: 'Find frame' });
const findStatus = (page: Page) => page.getByTestId('find-status');

/** Selects frame `n` as the user would see it: the row selected, its number atop the tree. */
async function expectSelected(page: Page, n: number): Promise<void> {
  await expect(selectedRow(page)).toHaveAttribute('data-frame', String(n));
  await expect(selectedRow(page)).toBeInViewport();
  await expect(frameHeader(page)).toContainText(`Frame ${n}:`);
}

async function openPlcStatus(page: Page): Promise<string[]> {
  const errors = await open(page);
  await openCapture(page, PLC_STATUS, '240');
  await expectSelected(page, 1);
  return errors;
}

test('Ctrl+G, a frame number and Enter select that frame; a missing or hidden frame is refused with why', async ({
  page,
}) => {
  const errors = await openPlcStatus(page);
  await packetList(page).focus();
  await page.keyboard.press('Control+g');
  await expect(goToBar(page)).toBeVisible();
  const box = goToBar(page).getByRole('textbox', { name: 'Go to frame' });
  await expect(box).toBeFocused();
  await page.keyboard.type('100');
  await page.keyboard.press('Enter');
  await expectSelected(page, 100);
  await expect(goToBar(page)).toBeHidden();
  // The list has the focus back: the arrows go on from frame 100.
  await expect(packetList(page)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expectSelected(page, 101);

  await page.keyboard.press('Control+g');
  await page.keyboard.type('999');
  await page.keyboard.press('Enter');
  await expect(goToBar(page).getByRole('alert')).toHaveText('There is no frame 999: the capture has 240 frames.');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expect(selectedRow(page)).toHaveAttribute('data-frame', '101');
  await page.screenshot({ path: `${SHOTS}/go-to-frame-missing.png` });

  // A display filter that hides frame 9 (the CC): "isn't displayed", as Wireshark says.
  await page.keyboard.press('Escape');
  await expect(goToBar(page)).toBeHidden();
  await expect(packetList(page)).toBeFocused();
  await page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' }).fill('cotp.type == 0x0e');
  await page.keyboard.press('Enter');
  await expect(packetList(page)).toHaveAttribute('aria-rowcount', '2');
  // Ctrl+G works from the display filter box too, as in Wireshark.
  await page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' }).focus();
  await page.keyboard.press('Control+g');
  await expect(box).toBeFocused();
  await box.fill('9');
  await page.keyboard.press('Enter');
  await expect(goToBar(page).getByRole('alert')).toHaveText("Frame 9 isn't displayed: the display filter hides it.");
  await box.fill('8');
  await page.keyboard.press('Enter');
  await expectSelected(page, 8);
  expect(errors).toEqual([]);
});

test('Ctrl+F finds by display filter, hex bytes and string: Enter next, Shift+Enter previous, wrapping', async ({
  page,
}) => {
  const errors = await openPlcStatus(page);
  await page.keyboard.press('Control+f');
  await expect(findBar(page)).toBeVisible();
  const box = findBar(page).getByRole('textbox', { name: 'Find: display filter' });
  await expect(box).toBeFocused();

  // A display filter: the CR frame.
  await page.keyboard.type('cotp.type == 0x0e');
  await page.keyboard.press('Enter');
  await expectSelected(page, 8);
  await expect(field(page, 'cotp.type')).toContainText('CR');
  await expect(findStatus(page)).toHaveText('Found frame 8.');
  await expect(box).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(findStatus(page)).toHaveText('Frame 8 is the only match.');

  // A filter that is not one: the parser's reason, under the box, and nothing to press.
  await box.fill('cotp.typ == 1');
  await expect(findBar(page).getByRole('alert')).toContainText('neither a field nor a protocol');
  await expect(findBar(page).getByRole('button', { name: /Next/ })).toBeDisabled();

  // Hex bytes, any spelling: TPKT headers of length 0x29 (tshark: frames 56, 62 … 221).
  await findBar(page).getByRole('combobox', { name: 'Find by' }).selectOption('Hex value');
  const hex = findBar(page).getByRole('textbox', { name: 'Find: hex value' });
  await hex.fill('03 00 00 29');
  await expect(findBar(page).getByRole('alert')).toBeHidden();
  await hex.press('Enter');
  await expectSelected(page, 56);
  // The bytes found select the field that holds them.
  await expect(page.locator('[role="treeitem"][aria-selected="true"]')).toContainText('Version');
  await expect(page.locator('[role="gridcell"][data-offset="54"]')).toHaveAttribute('aria-selected', 'true');
  await hex.fill('0300:0029');
  await hex.press('Enter');
  await expectSelected(page, 62);
  await hex.press('Shift+Enter');
  await expectSelected(page, 56);
  await hex.press('Shift+Enter');
  await expectSelected(page, 221);
  await expect(findStatus(page)).toHaveText(
    'Found frame 221 — reached the start of the capture, continued from the end.',
  );
  await page.screenshot({ path: `${SHOTS}/find-hex-wrapped.png` });
  await findBar(page).getByRole('button', { name: /Next/ }).click();
  await expectSelected(page, 56);
  await expect(findStatus(page)).toHaveText(
    'Found frame 56 — reached the end of the capture, continued from the start.',
  );

  // A string, case sensitive or not.
  await findBar(page).getByRole('combobox', { name: 'Find by' }).selectOption('String');
  const text = findBar(page).getByRole('textbox', { name: 'Find: string' });
  await text.fill('siemens');
  await text.press('Enter');
  await expect(findStatus(page)).toHaveText('No frame matches (240 checked).');
  await findBar(page).getByRole('checkbox', { name: 'Case sensitive' }).uncheck();
  await text.press('Enter');
  await expectSelected(page, 69);

  await text.press('Escape');
  await expect(findBar(page)).toBeHidden();
  await expect(packetList(page)).toBeFocused();
  expect(errors).toEqual([]);
});

test('without a capture Ctrl+F and Ctrl+G stay the browser’s; the shortcut list names both', async ({ page }) => {
  await open(page);
  await input(page).waitFor();
  const prevented = await page.evaluate(() => {
    const seen: boolean[] = [];
    window.addEventListener('keydown', (e) => {
      if (e.key === 'f' || e.key === 'g') queueMicrotask(() => seen.push(e.defaultPrevented));
    });
    (window as unknown as { seen: boolean[] }).seen = seen;
  });
  expect(prevented).toBeUndefined();
  await page.locator('body').press('Control+f');
  await page.locator('body').press('Control+g');
  expect(await page.evaluate(() => (window as unknown as { seen: boolean[] }).seen)).toEqual([false, false]);
  await expect(findBar(page)).toHaveCount(0);
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toContainText('Go to a frame by its number');
  await expect(dialog).toContainText('Find a frame: filter, hex bytes or text');
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds nothing on the Go to and Find bars in the ${theme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await openPlcStatus(page);
    await page.keyboard.press('Control+g');
    await page.keyboard.type('1000');
    await page.keyboard.press('Enter');
    await expect(goToBar(page).getByRole('alert')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/go-to-frame-${theme}.png` });
    await page.keyboard.press('Control+f');
    await findBar(page).getByRole('combobox', { name: 'Find by' }).selectOption('String');
    await findBar(page).getByRole('textbox', { name: 'Find: string' }).fill('Siemens');
    await page.keyboard.press('Enter');
    await expectSelected(page, 69);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/find-${theme}.png` });
    await findBar(page).getByRole('combobox', { name: 'Find by' }).selectOption('Display filter');
    await findBar(page).getByRole('textbox', { name: 'Find: display filter' }).fill('cotp.type ==');
    await expect(findBar(page).getByRole('alert')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/find-error-${theme}.png` });
  });
}
