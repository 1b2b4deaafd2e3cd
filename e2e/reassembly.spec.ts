// Reassembly and conversations in the built app: a TPKT split over TCP segments is decoded in the frame where it
// completes, earlier segments say where; the conversation view lists the TPDUs of one connection both ways.
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const CAPTURES = new URL('../../shared/captures/', import.meta.url);
const capturePath = (name: string) => fileURLToPath(new URL(name, CAPTURES));
const SHOTS = 'reports/screenshots';

async function openCapture(page: Page, name: string): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./');
  await page.locator('input[type="file"]').first().setInputFiles(capturePath(name));
  await expect(page.getByRole('grid', { name: 'Packets' })).toHaveAttribute('data-frame-count', /^[1-9]/);
  return errors;
}

const row = (page: Page, frame: number) =>
  page.getByRole('grid', { name: 'Packets' }).locator(`[role="row"][data-frame="${frame}"]`);

test('a TPKT split over two segments: the first says where it completes, the second decodes it', async ({ page }) => {
  const errors = await openCapture(page, 'zeek_rdp-x509.pcap');
  await expect(row(page, 12)).toContainText('[TPKT segment, completed in frame 13]');
  // The reassembled DT holds the server's MCS Connect-Response: its data blocks name the row.
  await expect(row(page, 13)).toContainText('ServerData');
  await row(page, 13).click();
  await page.getByRole('tab', { name: 'Reassembled TPKT (2 segments, 1405 bytes)' }).click();
  await expect(page.getByRole('tree')).toContainText('DT Data');
  await expect(page.getByLabel('Where the bytes came from')).toContainText('bytes 0–1397 from frame 12');
  await page.screenshot({ path: `${SHOTS}/reassembly-tpkt-completed.png` });
  expect(errors).toEqual([]);
});

test('the conversation view: CR, CC, DT … in both directions with timing; a row shows its frame', async ({ page }) => {
  const errors = await openCapture(page, 's7comm_program_blocklist_onlineview.pcap');
  await page.getByRole('tab', { name: 'Conversations' }).click();
  const sequence = page.getByTestId('conversation-sequence');
  await expect(sequence).toContainText(/^CR → CC → DT/);
  const ladder = page.getByRole('table', { name: /TPDUs between/ });
  await expect(ladder.locator('[data-kind="tpdu"]').first()).toContainText('CR');
  await ladder.getByRole('button', { name: 'Show frame 6' }).first().click();
  await expect(page.getByRole('tree')).toContainText('CC Connect Confirm');
  await page.screenshot({ path: `${SHOTS}/conversation-view.png` });
  const results = await new AxeBuilder({ page }).include('[aria-label="Conversation"]').analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
  expect(errors).toEqual([]);
});

test('another conversation chosen: its TPDUs are shown with their Info', async ({ page }) => {
  const errors = await openCapture(page, 's7comm_program_blocklist_onlineview.pcap');
  await page.getByRole('tab', { name: 'Conversations' }).click();
  const ladder = page.getByRole('table', { name: /TPDUs between/ });
  await expect(ladder.locator('[data-kind="tpdu"]').first()).toContainText('CR TPDU src-ref: ');
  // The worker describes a conversation's TPDUs when it is shown: this one's were not described before.
  const chosen = await page.locator('option', { hasText: ':4207 ' }).getAttribute('value');
  await page.getByRole('combobox', { name: 'Conversation' }).selectOption(chosen!);
  await expect(page.getByTestId('conversation-sequence')).toContainText(/^CR → CC → DT/);
  await expect(ladder.locator('[data-kind="tpdu"]').first()).toContainText('CR TPDU src-ref: ');
  await expect(ladder.locator('[data-kind="tpdu"]').nth(2)).toContainText('Job');
  await page.screenshot({ path: `${SHOTS}/conversation-view-another.png` });
  expect(errors).toEqual([]);
});

test('retransmissions are marked in the conversation view, decoded once', async ({ page }) => {
  const errors = await openCapture(page, 'zeek_rdp-no-cookie-mstshash.pcap');
  await expect(row(page, 8)).toContainText('[Retransmission of frame 7]');
  await page.getByRole('tab', { name: 'Conversations' }).click();
  await expect(page.getByTestId('conversation-sequence')).toHaveText('CR → CC');
  await expect(page.locator('[data-kind="event"]', { hasText: 'Retransmission' }).first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/conversation-retransmissions.png` });
  expect(errors).toEqual([]);
});
