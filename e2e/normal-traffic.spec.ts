// Normal traffic pasted one frame at a time is decoded, not flagged: a real segment whose TPKT continues in the next
// one (zeek_rdp-x509.pcap frame 12, 1398 of the TPKT's 1405 bytes) carries a note, no error; Linux cooked padding
// belongs to the sll layer.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { readCapture } from '../src/inputs/capture';
import { ipv4Packet, tcpSegment } from '../src/dissect/testing/frames';
import { capturePath, field, input, open, SHOTS, tree } from './ui';

const problems = (page: Page) => page.getByRole('list', { name: /^Problems in frame 1/ });
const hexOf = (b: Uint8Array | readonly number[]) => Buffer.from(b).toString('hex');

test('a pasted segment whose TPKT runs on into the next one: decoded, with a note, no error', async ({ page }) => {
  const errors = await open(page);
  const frame12 = readCapture(readFileSync(capturePath('zeek_rdp-x509.pcap'))).frameBytes(12)!;
  await input(page).fill(hexOf(frame12));

  for (const protocol of ['eth', 'ip', 'tcp', 'tpkt', 'cotp'])
    await expect(tree(page).locator(`[role="treeitem"][data-layer="${protocol}"]`)).toBeVisible();
  const length = field(page, 'tpkt.length');
  await expect(length).toContainText('1405');
  await expect(length.getByRole('img', { name: 'note' })).toBeVisible();
  const list = problems(page);
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('TPKT length is 1405, but only 1398 bytes are here: the rest follows in a later');
  await expect(list.getByRole('img', { name: 'note' })).toHaveCount(1);
  await expect(page.getByRole('img', { name: /^(error|warning)$/ })).toHaveCount(0);
  await length.click();
  await page.screenshot({ path: `${SHOTS}/tpkt-runs-past-segment.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test("a Linux cooked frame with Ethernet padding: the padding is the sll layer's, nothing flagged", async ({
  page,
}) => {
  const errors = await open(page);
  const ack = ipv4Packet(tcpSegment([], { flags: 0x10 }));
  const sll = [0, 0, 0, 1, 0, 6, 0, 0x0c, 0x29, 0xaa, 0xbb, 0xcc, 0, 0, 0x08, 0x00, ...ack, 0, 0, 0, 0, 0, 0];
  await input(page).fill(hexOf(sll));
  await expect(tree(page).locator('[role="treeitem"][data-layer="sll"]')).toBeVisible();
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(field(page, 'sll.padding')).toBeVisible();
  await expect(tree(page).locator('[data-layer="data"]')).toHaveCount(0);
  await expect(page.getByText('None found.')).toBeVisible();
  await field(page, 'sll.padding').click();
  await page.screenshot({ path: `${SHOTS}/sll-padding.png`, fullPage: true });
  expect(errors).toEqual([]);
});
