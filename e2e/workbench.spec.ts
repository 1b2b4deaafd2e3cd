// The workbench (issue 11) in the built app, on the KB Q151626 frame: zero the TPKT reserved octet (its Fix button
// updates the TCP checksum in the same step; typing 00 over byte 0x37 leaves the checksum to its own Fix), compare with the original → exactly those two
// differences with their citations; undo and redo; the permalink opens the comparison in a fresh page.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { addressLink, byteCell, input, KB_TEXT, open as openApp, SHOTS } from './ui';

const RESERVED = 0x37;

const open = (page: Page, path = './') => openApp(page, { path });

const problems = (page: Page) => page.getByRole('list', { name: /^Problems in frame/ });
const comparisonPane = (page: Page) => page.getByRole('region', { name: 'Comparison' });
const differences = (page: Page) => comparisonPane(page).locator('tr[data-diff-id]');

/** The offsets of the bytes where the address bar's link has B differ from A; undefined when it compares nothing. */
function linkedDifferences(page: Page): number[] | undefined {
  const link = addressLink(page);
  if (!link?.compare?.original) return undefined;
  const a = link.compare.bytes;
  return [...link.bytes.keys()].filter((i) => link.bytes[i] !== a[i]);
}

/** Exactly tpkt.reserved 17 → 0 and tcp.checksum 0x6073 → 0x6084, each with its rule linked, and their bytes lit. */
async function expectTheTwoDifferences(page: Page): Promise<void> {
  await expect(differences(page)).toHaveCount(2);
  await expect(comparisonPane(page)).toContainText('2 differences');
  const checksum = comparisonPane(page).locator('tr[data-diff-id="tcp.checksum"]');
  await expect(checksum.locator('[data-side="a"]')).toHaveText('0x6073');
  await expect(checksum.locator('[data-side="b"]')).toHaveText('0x6084');
  await expect(checksum.getByRole('link')).toHaveAttribute('href', /rfc9293/);
  const reserved = comparisonPane(page).locator('tr[data-diff-id="tpkt.reserved"]');
  await expect(reserved.locator('[data-side="a"]')).toHaveText('17 (0x11)');
  await expect(reserved.locator('[data-side="b"]')).toHaveText('0 (0x00)');
  await expect(reserved.getByRole('link', { name: 'RFC 1006 §6' })).toHaveAttribute('href', /rfc1006/);
  // Bytes 0x32-0x33 (the checksum) and 0x37 (the reserved octet) lit in both frames, nothing else.
  for (const side of ['A', 'B']) {
    const lit = comparisonPane(page)
      .getByRole('figure', { name: `Frame ${side} bytes` })
      .locator('[data-differs]');
    await expect(lit).toHaveCount(3);
    expect(await lit.evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-compare-offset'))))).toEqual([
      0x32,
      0x33,
      RESERVED,
    ]);
  }
}

test('Fix button: zero the reserved octet and update the TCP checksum in one step, compare with the original; undo, redo; the link restores it', async ({
  page,
  browser,
}) => {
  const errors = await open(page);
  await input(page).fill(KB_TEXT);
  await expect(problems(page).locator('li')).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/workbench-fix-offered.png` });
  // One fix zeroes the octet and updates the TCP checksum that covers it: no problem is left, none is made.
  await problems(page)
    .getByRole('button', { name: 'Set reserved (tpkt.reserved) to 0, and update the TCP checksum to match' })
    .click();
  await expect(byteCell(page, RESERVED)).toHaveText('00');
  await expect(page.getByText('None found.')).toBeVisible();
  // The input box shows the edited bytes.
  await expect(input(page)).toHaveValue(/0030 {2}22 09 60 84 00 00 03 00/);

  await page.getByRole('button', { name: 'Compare with original' }).click();
  await expectTheTwoDifferences(page);
  await page.screenshot({ path: `${SHOTS}/workbench-compare.png` });
  // Every field side by side, aligned by id and position: only those two rows differ.
  await comparisonPane(page)
    .getByText(/All fields side by side/)
    .click();
  const aligned = comparisonPane(page).getByRole('table', { name: 'Fields of A and B, aligned' });
  await expect(aligned.locator('tr[data-differs]')).toHaveCount(2);
  await expect(aligned.locator('tr[data-aligned-id="cotp.src-tsap"]')).toHaveCount(1);
  await aligned.locator('tr[data-aligned-id="tpkt.reserved"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/workbench-aligned-fields.png` });

  // Undo the fix (one step): nothing differs, and the user's own text is back, exactly. Redo, then undo and redo
  // again by keyboard and button.
  await page.keyboard.press('Control+z');
  await expect(differences(page)).toHaveCount(0);
  await expect(comparisonPane(page)).toContainText('No differences');
  await expect(input(page)).toHaveValue(KB_TEXT);
  await page.keyboard.press('Control+Shift+z');
  await expectTheTwoDifferences(page);
  await page.getByRole('button', { name: '↶ Undo' }).click();
  await expect(differences(page)).toHaveCount(0);
  await page.keyboard.press('Control+y');
  await expectTheTwoDifferences(page);

  // The address carries both frames (once past its pause): the checksum 0x6073 → 0x6084 differs in its second
  // byte, the reserved octet in its own. A fresh page shows the same comparison.
  await expect.poll(() => linkedDifferences(page)).toEqual([0x33, RESERVED]);
  const link = page.url();
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const fresh = await context.newPage();
  const freshErrors: string[] = [];
  fresh.on('pageerror', (e) => freshErrors.push(e.message));
  await fresh.goto(link);
  await expectTheTwoDifferences(fresh);
  await expect(byteCell(fresh, RESERVED)).toHaveText('00');
  await expect(input(fresh)).toHaveValue(/0030 {2}22 09 60 84 00 00 03 00/);
  await fresh.screenshot({ path: `${SHOTS}/workbench-link-opened.png` });
  await context.close();

  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  expect([...errors, ...freshErrors]).toEqual([]);
});

test('edit mode: type 00 over byte 0x37, fix the checksum, compare from the Compare menu; insert and delete bytes', async ({
  page,
}) => {
  const errors = await open(page);
  await input(page).fill(KB_TEXT);
  await page.getByRole('button', { name: '✎ Edit bytes' }).click();
  await byteCell(page, RESERVED).click();
  await expect(byteCell(page, RESERVED)).toHaveAttribute('data-caret', 'true');
  await page.keyboard.type('0');
  await expect(byteCell(page, RESERVED)).toHaveText('01');
  await page.keyboard.type('0');
  await expect(byteCell(page, RESERVED)).toHaveText('00');
  await expect(byteCell(page, RESERVED + 1)).toHaveAttribute('data-caret', 'true');
  await expect(problems(page)).toContainText('tcp.checksum');
  await page.screenshot({ path: `${SHOTS}/workbench-editing.png` });

  // The detail panel offers the fix too.
  await problems(page)
    .getByRole('button', { name: /tcp\.checksum/ })
    .click();
  const detail = page.getByRole('region', { name: 'Field detail' });
  await detail.getByRole('button', { name: 'Fix the TCP checksum' }).click();
  await expect(page.getByText('None found.')).toBeVisible();

  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await page
    .getByRole('dialog', { name: 'Compare frames' })
    .getByRole('button', { name: 'With the original (before your edits)' })
    .click();
  await expectTheTwoDifferences(page);

  // Delete a byte and undo it; insert one and undo it: the length in the status line follows.
  await byteCell(page, 0x61).click();
  await page.keyboard.press('Delete');
  await expect(page.getByRole('status').filter({ hasText: 'Read as' })).toContainText('97 bytes');
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('status').filter({ hasText: 'Read as' })).toContainText('98 bytes');
  await byteCell(page, 0x61).click();
  await page.keyboard.press('Insert');
  await page.keyboard.type('ab');
  await expect(byteCell(page, 0x61)).toHaveText('ab');
  await expect(page.getByRole('status').filter({ hasText: 'Read as' })).toContainText('99 bytes');
  await page.keyboard.press('Control+z');
  await expectTheTwoDifferences(page);

  // Undo everything: the user's own text comes back.
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(input(page)).toHaveValue(KB_TEXT);
  expect(errors).toEqual([]);
});

test('compare with a second pasted frame', async ({ page }) => {
  const errors = await open(page);
  await input(page).fill(KB_TEXT);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare frames' });
  await dialog.getByRole('textbox').fill(KB_TEXT.replace('03 11  00 2C', '03 00  00 2C'));
  await page.screenshot({ path: `${SHOTS}/workbench-compare-menu.png` });
  await dialog.getByRole('button', { name: 'Compare with the pasted frame' }).click();
  await expect(differences(page)).toHaveCount(1);
  await expect(comparisonPane(page).locator('tr[data-diff-id="tpkt.reserved"] [data-side="a"]')).toHaveText('0 (0x00)');
  await comparisonPane(page).getByRole('button', { name: 'Close comparison' }).click();
  await expect(comparisonPane(page)).toHaveCount(0);
  await expect(page.getByRole('tree')).toBeVisible();
  expect(errors).toEqual([]);
});
