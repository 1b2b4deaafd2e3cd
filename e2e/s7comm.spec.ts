// S7comm and S7comm-plus in the app: a capture's S7 rows say what tshark's Info says, and a row's tree shows the S7
// layer with Wireshark's field ids; a display filter on an S7 id narrows the list.
import { expect, test, type Page } from '@playwright/test';
import { detail, field, open, openCapture, packetList, SHOTS, tree } from './ui';

const row = (page: Page, frame: number) => packetList(page).locator(`[role="row"][data-frame="${frame}"]`);

test('an S7 userdata response: its Info column, its header and SZL fields in the tree', async ({ page }) => {
  const errors = await open(page);
  await openCapture(page, 's7comm_reading_plc_status.pcap', '240');
  await expect(row(page, 14)).toContainText(
    'ROSCTR:[Userdata] Function:[Response] -> [CPU functions] -> [Read SZL] ID=0x0132 Index=0x0004',
  );
  await row(page, 14).click();
  await expect(tree(page).locator('[data-layer="s7comm"]')).toBeVisible();
  await expect(field(page, 's7comm.header.rosctr')).toContainText('Userdata (7)');
  await expect(field(page, 's7comm.param.userdata.subfunc')).toContainText('Read SZL');
  await expect(field(page, 's7comm.data.userdata.szl_id')).toContainText('0x0132');
  // The detail panel says what the field means and what the layout rests on: no published standard.
  await field(page, 's7comm.header.rosctr').click();
  await expect(detail(page)).toContainText('not a published standard');
  await page.screenshot({ path: `${SHOTS}/s7comm-userdata.png` });
  await page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' }).fill('s7comm.header.rosctr == 1');
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Displayed: 1 of 240 frames/)).toBeVisible();
  expect(errors).toEqual([]);
});

test('an S7comm-plus PDU: header, data and trailer', async ({ page }) => {
  const errors = await open(page);
  await openCapture(page, 'S7-1511_db2_var1_HMI.pcap', '39');
  await expect(row(page, 10)).toContainText('S7COMM-PLUS');
  await row(page, 10).click();
  await expect(tree(page).locator('[data-layer="s7comm-plus"]')).toBeVisible();
  await expect(field(page, 's7comm-plus.header.version')).toContainText('V2');
  await expect(field(page, 's7comm-plus.trailer.datlg')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/s7comm-plus.png` });
  expect(errors).toEqual([]);
});
