// TCP's neighbours in a mixed ICS capture (Sample_File_MMS_and_GOOSE.pcap): NTP over UDP, ICMP echo and port
// unreachable, GOOSE on its own EtherType are named in the Protocol column and decoded (GOOSE: named, its bytes as
// data); `udp`, `icmp` and `goose` filter; nothing normal is flagged.
import { expect, test } from '@playwright/test';
import { open, openCapture, packetList, SHOTS, tree, field } from './ui';

const row = (page: import('@playwright/test').Page, n: number) =>
  packetList(page).locator(`[role="row"][data-frame="${n}"]`);

test('a mixed ICS capture: UDP, ICMP and GOOSE rows named, decoded and filtered as in Wireshark', async ({ page }) => {
  const errors = await open(page);
  await openCapture(page, 'Sample_File_MMS_and_GOOSE.pcap', '301');
  await expect(row(page, 1)).toContainText('UDP');
  await expect(row(page, 1)).toContainText('1073 → 123 Len=48');

  const filter = page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' });
  await filter.fill('udp || icmp || goose');
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Displayed: 124 of 301 frames/)).toBeVisible();
  await filter.fill('icmp || goose');
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Displayed: 49 of 301 frames/)).toBeVisible();
  await expect(row(page, 34)).toContainText('Echo (ping) request');
  await expect(row(page, 39)).toContainText('GOOSE');

  await row(page, 48).click();
  await expect(tree(page).locator('[role="treeitem"][data-layer="icmp"]')).toBeVisible();
  await expect(field(page, 'icmp.code')).toContainText('Port unreachable');
  await expect(page.getByRole('img', { name: /^(error|warning)$/ })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/icmp-port-unreachable.png`, fullPage: true });

  await row(page, 39).click();
  await expect(tree(page).locator('[role="treeitem"][data-layer="goose"]')).toBeVisible();
  await expect(tree(page).locator('[role="treeitem"][data-layer="data"]')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/goose-named.png`, fullPage: true });
  expect(errors).toEqual([]);
});
