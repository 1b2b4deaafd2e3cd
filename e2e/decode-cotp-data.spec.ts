// Decode options: a COTP user data rule (cotp.data==0, as -d on the command line) forces what COTP's user data is
// decoded as, over the heuristics that find S7comm by its first octet; "none" leaves it as COTP's own bytes. On
// ndpi_s7comm.pcap (frame 3: an S7comm Setup communication job).
import { expect, test, type Page } from '@playwright/test';
import { open, openCapture, packetList, SHOTS } from './ui';

const protocolOf = (page: Page, frame: number) =>
  packetList(page).locator(`[role="row"][data-frame="${frame}"] [role="gridcell"][aria-colindex="5"]`);

test('a COTP user data rule turns S7comm off and on again; one such rule at most', async ({ page }) => {
  const errors = await open(page, { size: { width: 1280, height: 800 } });
  await openCapture(page, 'ndpi_s7comm.pcap', '55');
  await expect(protocolOf(page, 3)).toHaveText('S7COMM');
  await page.getByRole('button', { name: /^Decode options/ }).click();
  const panel = page.getByRole('dialog', { name: 'Decode options' });
  const add = panel.getByRole('button', { name: '+ COTP user data rule' });
  await add.click();
  // One rule at most: a second would never apply.
  await expect(add).toBeDisabled();
  const as = panel.getByRole('combobox', { name: 'COTP user data as' });
  await expect(as).toHaveValue('s7comm');
  await expect(protocolOf(page, 3)).toHaveText('S7COMM');
  await as.selectOption('none');
  await expect(protocolOf(page, 3)).toHaveText('COTP');
  await page.screenshot({ path: `${SHOTS}/decode-options-cotp-data-none.png` });
  await panel.getByRole('button', { name: /Remove/ }).click();
  await expect(add).toBeEnabled();
  await expect(protocolOf(page, 3)).toHaveText('S7COMM');
  expect(errors).toEqual([]);
});
