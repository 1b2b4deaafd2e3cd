// The OSI upper layers of MMS in the built app: a data TSDU's session, presentation and MMS layers in the packet list
// and the tree, and the BER under each named element.
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const capture = fileURLToPath(new URL('../../shared/captures/ndpi_iso9506-1-mms.pcap', import.meta.url));
const SHOTS = 'reports/screenshots';

test('an MMS request over session and presentation: listed by invokeID and service, its tree by name', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('./');
  await page.locator('input[type="file"]').first().setInputFiles(capture);
  const packets = page.getByRole('grid', { name: 'Packets' });
  const row = packets.locator('[role="row"][data-frame="10"]');
  await expect(row).toContainText('MMS');
  await expect(row).toContainText('303731 confirmed-RequestPDU AA1E1Q01FP2LD0 LLN0$BR$rcb_B02');
  await expect(packets.locator('[role="row"][data-frame="17"]')).toContainText('Release-Request (urgent)');
  await row.click();
  const tree = page.getByRole('tree');
  await expect(tree).toContainText('ISO 8327-1 OSI Session Protocol');
  await expect(tree).toContainText('ISO 8823 OSI Presentation Protocol');
  await expect(tree).toContainText('getVariableAccessAttributes (6)');
  await page.screenshot({ path: `${SHOTS}/osi-mms-request.png` });
  // A named BER element: its value, and its identifier and length under it.
  await tree
    .getByRole('treeitem', { name: /invokeID: 303731/ })
    .first()
    .click();
  await expect(page.getByText('InvokeID: pairs a response (or error) with its request.')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/osi-mms-invokeid.png` });
  expect(errors).toEqual([]);
});
