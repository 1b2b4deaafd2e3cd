// The packet list's columns, as a Wireshark user expects them: a header click sorts (ascending, descending, capture
// order), the edges resize, the Time column has Wireshark's formats, all remembered across a reload; and the list gets
// a fair share of a laptop's screen.
import { expect, test, type Page } from '@playwright/test';
import { axeViolations, dragBy, open, openCapture, packetList, SHOTS } from './ui';

const header = (page: Page, name: string | RegExp) => packetList(page).getByRole('columnheader', { name });
const sortButton = (page: Page, name: string) => header(page, name).getByRole('button', { name, exact: true });
const rows = (page: Page) => packetList(page).locator('[role="row"][data-frame]');
/** The frame numbers of the list's first `n` rows, top to bottom (the list scrolled to its top first). */
const firstFrames = async (page: Page, n: number) => {
  await packetList(page).evaluate((grid) => grid.scrollTo({ top: 0 }));
  const shown = await rows(page).evaluateAll((all) =>
    all.map((r) => [Number(r.getAttribute('aria-rowindex')), Number(r.getAttribute('data-frame'))] as const),
  );
  return shown
    .filter(([index]) => index >= 2 && index < n + 2)
    .sort((a, b) => a[0] - b[0])
    .map(([, frame]) => frame);
};
const cell = (page: Page, frame: number, column: number) =>
  packetList(page).locator(`[role="row"][data-frame="${frame}"] [role="gridcell"][aria-colindex="${column}"]`);

/** Rows wholly in sight below the header. */
async function rowsInSight(page: Page): Promise<number> {
  return packetList(page).evaluate((grid) => {
    const box = grid.getBoundingClientRect();
    const top = grid.querySelector('[role="row"]')!.getBoundingClientRect().bottom;
    return [...grid.querySelectorAll('[role="row"][data-frame]')].filter((r) => {
      const b = r.getBoundingClientRect();
      return b.top >= top - 0.5 && b.bottom <= box.bottom + 0.5;
    }).length;
  });
}

test('a header click sorts by Length, then the other way, then capture order; the choice survives a reload', async ({
  page,
}) => {
  const errors = await open(page, { size: { width: 1280, height: 800 } });
  await openCapture(page, 'ndpi_s7comm.pcap', '55');
  await packetList(page).locator('[data-frame="1"]').click();
  await page.keyboard.press('End');
  await expect(packetList(page).locator('[aria-selected="true"]')).toHaveAttribute('data-frame', '55');
  await expect(header(page, 'Length')).not.toHaveAttribute('aria-sort');

  await sortButton(page, 'Length').click();
  await expect(header(page, 'Length')).toHaveAttribute('aria-sort', 'ascending');
  // tshark -T fields -e frame.number -e frame.len | sort -k2n -k1n: 17 frames of 61 bytes, 5, 8, 11, …
  // The selection stays on frame 55 (74 bytes: row 20 now), kept in sight.
  await expect(packetList(page).locator('[aria-selected="true"]')).toHaveAttribute('data-frame', '55');
  await expect(packetList(page).locator('[data-frame="55"]')).toBeInViewport();
  await expect.poll(() => firstFrames(page, 4)).toEqual([5, 8, 11, 14]);
  await expect(cell(page, 5, 6)).toHaveText('61');
  await page.screenshot({ path: `${SHOTS}/columns-sorted-length.png` });

  await sortButton(page, 'Length').click();
  await expect(header(page, 'Length')).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => firstFrames(page, 3)).toEqual([47, 44, 13]);
  await expect(cell(page, 47, 6)).toHaveText('301');
  await expect(cell(page, 13, 6)).toHaveText('275');

  await page.reload();
  await openCapture(page, 'ndpi_s7comm.pcap', '55');
  await expect(header(page, 'Length')).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => firstFrames(page, 3)).toEqual([47, 44, 13]);

  await sortButton(page, 'Length').click();
  await expect(header(page, 'Length')).not.toHaveAttribute('aria-sort');
  await expect.poll(() => firstFrames(page, 3)).toEqual([1, 2, 3]);
  expect(errors).toEqual([]);
});

test('Source sorts addresses by value; the display filter and the sort combine', async ({ page }) => {
  const errors = await open(page);
  await openCapture(page, 'ndpi_h323.pcap', '75');
  await sortButton(page, 'Source').click();
  await sortButton(page, 'Source').click();
  await expect(header(page, 'Source')).toHaveAttribute('aria-sort', 'descending');
  // 192.168.0.208 (frames 44, 46, …) first; as text, 17.2.0.161 would beat it.
  await expect.poll(() => firstFrames(page, 1)).toEqual([57]);
  await page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' }).fill('ip.src == 10.47.208.0/24');
  await page.keyboard.press('Enter');
  // 10.47.208.204 before 10.47.208.50, descending by value; ties in reverse capture order.
  await expect.poll(() => firstFrames(page, 5)).toEqual([75, 73, 71, 74, 72]);
  expect(errors).toEqual([]);
});

test('the Time column in Wireshark’s formats: since the previous displayed frame, remembered', async ({ page }) => {
  const errors = await open(page, { size: { width: 1280, height: 800 } });
  await openCapture(page, 'ndpi_s7comm.pcap', '55');
  await expect(cell(page, 2, 2)).toHaveText('0.003735');
  await expect(cell(page, 3, 2)).toHaveText('0.003883');

  await header(page, 'Time').getByRole('button', { name: 'Time format' }).click();
  const menu = page.getByRole('menu', { name: 'Time display format' });
  await expect(menu.getByRole('menuitemradio', { checked: true })).toHaveText(/Seconds since beginning of capture/);
  await page.screenshot({ path: `${SHOTS}/columns-time-menu.png` });
  await menu.getByRole('menuitemradio', { name: /Seconds since previous displayed frame/ }).click();
  await expect(menu).toBeHidden();
  // tshark -t dd: the second row is 3.735 ms after the first, the third 0.148 ms after the second.
  await expect(cell(page, 2, 2)).toHaveText('0.003735');
  await expect(cell(page, 3, 2)).toHaveText('0.000148');
  // With a filter, "displayed" means it: frame 2 (from 192.168.1.40) hidden, frame 3 is measured from frame 1.
  await page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' }).fill('ip.src == 192.168.1.10');
  await page.keyboard.press('Enter');
  await expect(cell(page, 3, 2)).toHaveText('0.003883');

  await page.reload();
  await openCapture(page, 'ndpi_s7comm.pcap', '55');
  await expect(cell(page, 3, 2)).toHaveText('0.000148');
  // The keyboard: UTC time of day, picked with the arrows.
  await header(page, 'Time').getByRole('button', { name: 'Time format' }).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(header(page, /^Time \(UTC\)/)).toBeVisible();
  await expect(cell(page, 1, 2)).toHaveText('10:00:03.880679');
  await expect(header(page, /^Time/).getByRole('button', { name: 'Time format' })).toBeFocused();
  expect(errors).toEqual([]);
});

test('columns resize by dragging their edge or from the keyboard, and keep their width', async ({ page }) => {
  const errors = await open(page);
  await openCapture(page, 'ndpi_s7comm.pcap', '55');
  const source = header(page, 'Source');
  const before = (await source.boundingBox())!.width;
  const edge = packetList(page).getByRole('separator', { name: 'Resize the Source column' });
  await dragBy(page, edge, 60, 0);
  expect(Math.abs((await source.boundingBox())!.width - (before + 60))).toBeLessThanOrEqual(1);
  // The cells follow the header.
  expect(Math.abs((await cell(page, 1, 3).boundingBox())!.width - (before + 60))).toBeLessThanOrEqual(1);
  // Dragging did not sort.
  await expect(source).not.toHaveAttribute('aria-sort');

  await edge.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(edge).toHaveAttribute('aria-valuenow', String(Math.round(before + 60 - 8 - 32)));
  await page.reload();
  await openCapture(page, 'ndpi_s7comm.pcap', '55');
  expect(Math.abs((await source.boundingBox())!.width - (before + 20))).toBeLessThanOrEqual(1);
  await packetList(page).getByRole('separator', { name: 'Resize the Source column' }).focus();
  await page.keyboard.press('Enter');
  expect(Math.abs((await source.boundingBox())!.width - before)).toBeLessThanOrEqual(1);
  expect(errors).toEqual([]);
});

test('at 1280×800 the packet list shows at least 15 rows, the tree and bytes stay usable', async ({ page }) => {
  const errors = await open(page, { size: { width: 1280, height: 800 } });
  await openCapture(page, 'ndpi_s7comm.pcap', '55');
  await expect.poll(() => rowsInSight(page)).toBeGreaterThanOrEqual(15);
  const tree = (await page.locator('[data-pane="tree"]').boundingBox())!;
  const hex = (await page.locator('[data-pane="hex"]').boundingBox())!;
  expect(tree.height).toBeGreaterThan(150);
  expect(hex.height).toBeGreaterThan(100);
  await page.screenshot({ path: `${SHOTS}/columns-1280x800.png` });
  expect(errors).toEqual([]);
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds nothing in the sorted list and its time menu (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await open(page, { size: { width: 1280, height: 800 } });
    await openCapture(page, 'ndpi_s7comm.pcap', '55');
    await sortButton(page, 'Protocol').click();
    await expect(header(page, 'Protocol')).toHaveAttribute('aria-sort', 'ascending');
    expect(await axeViolations(page)).toEqual([]);
    await header(page, 'Time').getByRole('button', { name: 'Time format' }).click();
    await expect(page.getByRole('menu', { name: 'Time display format' })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/columns-${theme}.png` });
  });
}
