// The README's pictures, taken from the built app at 1280×720: reports/screenshots/readme-*.png. Copies of them
// are committed under e2e/screenshots/ (README.md and docs/guide.md link those); look at these after a UI change and copy them over.
import { expect, test, type Page } from '@playwright/test';
import { byteCell, detail, field, open, openCapture, packetList, SHOTS, tree } from './ui';

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/readme-${name}.png` });

async function openKbExample(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Examples' }).click();
  await page.getByRole('button', { name: /^KB Q151626/ }).click();
  await expect(field(page, 'tpkt.reserved')).toBeVisible();
}

test('the walkthrough: reading the KB Q151626 frame', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Examples' }).click();
  await shot(page, 'walkthrough-1-examples');
  await page.getByRole('button', { name: /^KB Q151626/ }).click();

  // The problem list's warning selects the field it is about.
  await page
    .getByRole('list', { name: /^Problems in frame 1/ })
    .getByRole('button')
    .first()
    .click();
  await expect(detail(page)).toContainText('tpkt.reserved');
  await page.locator('h1').hover();
  await shot(page, 'walkthrough-2-reserved');

  // The bytes around it, from the hex view.
  await byteCell(page, 54).hover();
  await expect(page.getByRole('tooltip')).toContainText('Version: 3');
  await shot(page, 'walkthrough-3-hover');

  // The COTP CC: the TPDU code and credit share an octet; the TSAPs name both ends.
  await field(page, 'cotp.type').click();
  await field(page, 'cotp.src-tsap').hover();
  await shot(page, 'walkthrough-4-cotp');

  // What a strict receiver would have seen without TPKT on port 102.
  await page.getByRole('button', { name: /^Decode options/ }).click();
  await page.getByRole('button', { name: '+ Add rule' }).click();
  await expect(tree(page).locator('[data-layer="cotp"]')).toHaveCount(0);
  await shot(page, 'walkthrough-5-decode-as');
});

test('the main views, light and dark', async ({ page }) => {
  await open(page);
  await openKbExample(page);
  await field(page, 'tcp.flags').click();
  await page.keyboard.press('ArrowRight');
  await field(page, 'tcp.flags.push').click();
  await page.locator('h1').hover();
  await shot(page, 'paste-light');

  await page.getByRole('button', { name: 'Dark theme' }).click();
  await shot(page, 'paste-dark');

  await page.getByRole('button', { name: 'Examples' }).click();
  await page.getByRole('button', { name: /^Two TPKTs/ }).click();
  await byteCell(page, 68).hover();
  await expect(page.getByRole('tooltip')).toContainText('PDU 2 of 2');
  await shot(page, 'two-tpkts-dark');

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await shot(page, 'shortcuts-dark');
  await page.keyboard.press('Escape');

  await openCapture(page, 's7comm_reading_plc_status.pcap', '240');
  const cr = packetList(page).locator('[role="row"]').filter({ hasText: 'CR TPDU' }).first();
  await cr.click();
  await field(page, 'cotp.dst-tsap').click();
  await page.locator('h1').hover();
  await shot(page, 'capture-dark');

  await page.getByRole('button', { name: 'Light theme' }).click();
  await shot(page, 'capture-light');
  await page.getByRole('button', { name: /Share \/ Export/ }).click();
  await shot(page, 'share-light');
});
