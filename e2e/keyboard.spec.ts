// Keyboard everywhere: the tree and the hex view move the selection (and everything follows it), "/" focuses the
// filter or the input box, "?" lists the shortcuts, and whatever has focus shows it.
import { expect, test, type Page } from '@playwright/test';
import {
  byteCell,
  detail,
  field,
  input,
  open,
  openCapture,
  pasteKb,
  selectedBytes,
  selectedItem,
  SHOTS,
  tree,
} from './ui';

const selectedId = (page: Page) => selectedItem(page).getAttribute('data-field-id');
const selectedOffsets = (page: Page) =>
  selectedBytes(page).evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-offset'))));

test('arrows move through the tree; the bytes and the detail follow; Left/Right collapse and expand', async ({
  page,
}) => {
  const errors = await open(page);
  await pasteKb(page);
  await field(page, 'tpkt.reserved').click();
  await expect(tree(page)).toBeFocused();

  await page.keyboard.press('ArrowDown');
  await expect(selectedItem(page)).toHaveAttribute('data-field-id', 'tpkt.length');
  expect(await selectedOffsets(page)).toEqual([56, 57]);
  await expect(detail(page)).toContainText('tpkt.length');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(selectedItem(page)).toHaveAttribute('data-field-id', 'tpkt.version');

  // Left on a field goes to its layer; Left again collapses the layer; Right opens it; Right again enters it.
  await page.keyboard.press('ArrowLeft');
  const tpkt = tree(page).locator('[data-layer="tpkt"]');
  await expect(tpkt).toHaveAttribute('aria-selected', 'true');
  await expect(tpkt).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(tpkt).toHaveAttribute('aria-expanded', 'false');
  await expect(field(page, 'tpkt.version')).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(tpkt).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(selectedItem(page)).toHaveAttribute('data-field-id', 'tpkt.version');

  // A bit field's parent: closed at first; Right opens it, Enter closes it again.
  await field(page, 'tcp.flags').click();
  await expect(field(page, 'tcp.flags')).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowRight');
  await expect(field(page, 'tcp.flags.push')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(selectedItem(page)).toHaveAttribute('data-field-id', 'tcp.flags.cwr');
  await page.keyboard.press('ArrowLeft');
  await expect(selectedItem(page)).toHaveAttribute('data-field-id', 'tcp.flags');
  await page.keyboard.press('Enter');
  await expect(field(page, 'tcp.flags')).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press(' ');
  await expect(field(page, 'tcp.flags')).toHaveAttribute('aria-expanded', 'true');

  await page.keyboard.press('Home');
  await expect(selectedItem(page)).toHaveAttribute('data-layer', 'eth');
  await page.keyboard.press('End');
  await expect(selectedItem(page)).toBeInViewport();
  expect(await selectedOffsets(page)).toContain(97);
  expect(errors).toEqual([]);
});

test('the tree has the ARIA tree pattern: levels, positions, set sizes, expanded states', async ({ page }) => {
  await open(page);
  await pasteKb(page);
  const layers = tree(page).locator('[role="treeitem"][aria-level="1"]');
  await expect(layers).toHaveCount(5);
  await expect(layers.nth(3)).toHaveAttribute('aria-posinset', '4');
  await expect(layers.nth(3)).toHaveAttribute('aria-setsize', '5');
  const version = field(page, 'tpkt.version');
  await expect(version).toHaveAttribute('aria-level', '2');
  await expect(version).toHaveAttribute('aria-posinset', '1');
  await expect(version).toHaveAttribute('aria-setsize', '3');
  await expect(version).not.toHaveAttribute('aria-expanded');
  await field(page, 'tpkt.version').click();
  await expect(tree(page)).toHaveAttribute('aria-activedescendant', (await version.getAttribute('id'))!);
});

test('the hex view: arrows by field and row, Home/End in the row, Ctrl+Home/End in the frame, PageUp/PageDown', async ({
  page,
}) => {
  const errors = await open(page);
  await pasteKb(page);
  await byteCell(page, 55).click();
  const bytes = page.getByRole('rowgroup', { name: /^Bytes/ });
  await expect(bytes).toBeFocused();
  await page.keyboard.press('ArrowRight');
  expect(await selectedId(page)).toBe('tpkt.length');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  expect(await selectedOffsets(page)).toEqual([54]); // the byte before tpkt.reserved: tpkt.version
  await page.keyboard.press('ArrowDown');
  expect(await selectedOffsets(page)).toContain(70);
  await page.keyboard.press('Home');
  expect(await selectedOffsets(page)).toContain(64);
  await page.keyboard.press('End');
  expect(await selectedOffsets(page)).toContain(79);
  await page.keyboard.press('Control+End');
  expect(await selectedOffsets(page)).toContain(97);
  await expect(detail(page)).toContainText(/cotp/);
  await page.keyboard.press('Control+Home');
  expect(await selectedOffsets(page)).toContain(0);
  expect(await selectedId(page)).toMatch(/^eth\.dst/);
  await page.keyboard.press('PageDown');
  expect((await selectedOffsets(page))[0]).toBeGreaterThanOrEqual(16);
  await page.keyboard.press('PageUp');
  expect(await selectedOffsets(page)).toContain(0);
  expect(errors).toEqual([]);
});

test('"/" focuses the input box, or the display filter when a capture is open', async ({ page }) => {
  await open(page);
  await pasteKb(page);
  await field(page, 'tpkt.reserved').click();
  await page.keyboard.press('/');
  await expect(input(page)).toBeFocused();
  await expect(input(page)).not.toHaveValue(/\/$/); // the key was a shortcut, not typed
  // Typing "/" in a text field types it.
  await page.keyboard.press('End');
  await page.keyboard.press('/');
  await expect(input(page)).toHaveValue(/\/$/);

  await openCapture(page, 's7comm_reading_plc_status.pcap', '240');
  await page.getByRole('grid', { name: 'Packets' }).locator('[data-frame="1"]').click();
  await page.keyboard.press('/');
  const filter = page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' });
  await expect(filter).toBeFocused();
  await page.keyboard.type('cotp');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Displayed:' })).toBeVisible();
});

test('"?" lists the shortcuts in a dialog; Escape closes it and focus goes back', async ({ page }) => {
  const errors = await open(page);
  await pasteKb(page);
  await field(page, 'tpkt.reserved').click();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  for (const where of ['Anywhere', 'Field tree', 'Hex view', 'Packet list', 'Pane dividers'])
    await expect(dialog.getByRole('heading', { name: where, exact: true })).toBeVisible();
  await expect(dialog).toContainText('Focus the display filter');
  await page.screenshot({ path: `${SHOTS}/shortcuts-dialog.png` });
  // The page behind is out of reach while it is open: the arrow keys do not move the tree.
  await page.keyboard.press('ArrowDown');
  await expect(selectedItem(page)).toHaveAttribute('data-field-id', 'tpkt.reserved');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(tree(page)).toBeFocused();
  // The header button opens it too.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  expect(errors).toEqual([]);
});

/** Whether the focused element (or the label of a visually hidden input) draws a visible focus indicator. */
async function focusShows(page: Page): Promise<{ what: string; shows: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { what: 'body', shows: false };
    const candidates = [el, el.closest('label')].filter((x): x is HTMLElement => x !== null);
    const shows = candidates.some((c) => {
      const style = getComputedStyle(c);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
      return outline || (style.boxShadow !== 'none' && style.boxShadow !== '');
    });
    const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? '';
    return {
      what: `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[${el.getAttribute('role')}]` : ''} ${name}`,
      shows,
    };
  });
}

for (const view of ['paste', 'capture'] as const) {
  test(`every control reached with Tab shows its focus (${view} view)`, async ({ page }) => {
    await open(page);
    if (view === 'paste') {
      await pasteKb(page);
      await field(page, 'tcp.flags').click();
    } else {
      await openCapture(page, 's7comm_reading_plc_status.pcap', '240');
    }
    await page.locator('h1').click();
    const seen: string[] = [];
    const hidden: string[] = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const { what, shows } = await focusShows(page);
      // Past the last control focus leaves the page (the body), then starts over: either way, the round is done.
      if (what === 'body' || seen.includes(what)) break;
      seen.push(what);
      if (!shows) hidden.push(what);
    }
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.some((w) => w.startsWith('div[separator]'))).toBe(true);
    expect(hidden).toEqual([]);
  });
}
