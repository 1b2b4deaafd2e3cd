// A capture made on the sending host (s7comm_reading_plc_status.pcap: 192.168.1.10 left its IPv4 and TCP checksums
// to its network card, 148 of 240 frames): no error rows, one line that says so; checked strictly (Decode options →
// Checksums: On) those frames are errors again, and Auto takes them back.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { field, open, openCapture, packetList, SHOTS, tree } from './ui';

const OFFLOAD_LINE =
  'Checksums offloaded to the NIC on 192.168.1.10 (148 frames: IPv4 and TCP): this capture was made on the sending host; they are not errors.';

const errorIcons = (page: Page) => packetList(page).getByRole('img', { name: 'error' });
const row = (page: Page, frame: number) => packetList(page).locator(`[role="row"][data-frame="${frame}"]`);

test('offloaded checksums: no error rows, the capture says once which host offloaded', async ({ page }) => {
  const errors = await open(page, { size: { width: 1280, height: 800 } });
  await openCapture(page, 's7comm_reading_plc_status.pcap', '240');
  // Rows are fetched from the worker as they scroll into view: wait for them to hold their columns. Frame 8 (a CR) is
  // from 192.168.1.10, frame 9 (the CC) from 192.168.1.40.
  await expect(row(page, 8).getByRole('gridcell').nth(2)).toHaveText('192.168.1.10');
  await expect(row(page, 9)).toContainText('CC TPDU');
  const note = page.getByRole('note', { name: 'Checksum offload' });
  await expect(note).toHaveText(OFFLOAD_LINE);
  await expect(errorIcons(page)).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/checksum-offload-packet-list.png` });

  // The frame itself says what the checksums are, without a problem.
  await row(page, 8).click();
  await expect(field(page, 'ip.checksum')).toContainText('0x0000 [not computed by the sender: offloaded to the NIC]');
  await expect(tree(page)).not.toContainText('checksum-bad');
  await field(page, 'ip.checksum').click();
  await page.keyboard.press('ArrowRight'); // open it: calculated value, status, which fingerprint
  await expect(field(page, 'ip.checksum.offloaded')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/checksum-offload-frame.png` });
  const results = await new AxeBuilder({ page }).include('[aria-label="Checksum offload"]').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  expect(errors).toEqual([]);
});

test('Decode options → Checksums: On makes every mismatch an error again; Auto takes it back', async ({ page }) => {
  const errors = await open(page, { size: { width: 1280, height: 800 } });
  await openCapture(page, 's7comm_reading_plc_status.pcap', '240');
  await expect(row(page, 9)).toContainText('CC TPDU');
  await page.getByRole('button', { name: /^Decode options/ }).click();
  const checksums = page
    .getByRole('dialog', { name: 'Decode options' })
    .getByRole('group', { name: 'Checksums (IPv4 header, TCP, UDP, ICMP, ICMPv6)' });
  await expect(checksums.getByRole('radio', { name: /^Auto/ })).toBeChecked();
  await checksums.getByRole('radio', { name: /^On/ }).check();
  await page.keyboard.press('Escape');
  await expect(row(page, 8).getByRole('img', { name: 'error' })).toBeVisible();
  await expect(row(page, 9).getByRole('img', { name: 'error' })).toHaveCount(0);
  await expect(page.getByRole('note', { name: 'Checksum offload' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Decode options/ })).toContainText('1');
  await page.screenshot({ path: `${SHOTS}/checksum-offload-strict.png` });

  await page.getByRole('button', { name: /^Decode options/ }).click();
  await checksums.getByRole('radio', { name: /^Auto/ }).check();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('note', { name: 'Checksum offload' })).toHaveText(OFFLOAD_LINE);
  await expect(errorIcons(page)).toHaveCount(0);
  expect(errors).toEqual([]);
});
