// Normal traffic is decoded, not flagged: a real segment pasted alone whose TPKT continues in the next one
// (zeek_rdp-x509.pcap frame 12, 1398 of the TPKT's 1405 bytes) carries a note, no error; a capture that ends inside a
// TPKT decodes what it holds of it; Linux cooked padding belongs to the sll layer.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { readCapture } from '../src/inputs/capture';
import { ipv4Packet, tcpSegment } from '../src/dissect/testing/frames';
import { pcapFile } from '../src/inputs/testing/capture-files';
import { capturePath, field, input, open, packetList, SHOTS, tree } from './ui';

const problems = (page: Page) => page.getByRole('list', { name: /^Problems in frame/ });
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

test('a capture that ends inside a TPKT: the last frame holding it decodes what was captured, with a note', async ({
  page,
}) => {
  // ge_multilin_GOOSE_and_MMS.pcapng up to frame 138: the TPKT begun in frame 134 would complete in frame 141.
  const reader = readCapture(readFileSync(capturePath('ge_multilin_GOOSE_and_MMS.pcapng')));
  const records = Array.from({ length: 138 }, (_, i) => ({ data: [...reader.frameBytes(i + 1)!], seconds: i }));
  const errors = await open(page);
  await page.getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump').setInputFiles({
    name: 'ends-mid-tpkt.pcap',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(pcapFile({ records })),
  });
  const row = (n: number) => packetList(page).locator(`[role="row"][data-frame="${n}"]`);
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '138');
  await page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' }).fill('frame.number >= 134');
  await page.keyboard.press('Enter');
  await expect(row(134)).toContainText('[TPKT segment, incomplete, decoded in frame 138]');
  await expect(row(138)).toContainText('DT TPDU (0)');
  await row(138).click();
  await page.getByRole('tab', { name: /^Incomplete TPKT \(4 segments, 5704 of 8196 bytes/ }).click();
  await expect(tree(page)).toContainText('DT Data');
  await expect(page.getByLabel('Where the bytes came from')).toContainText('bytes 0–1425 from frame 134');
  const list = problems(page);
  await expect(list).toContainText('TPKT length is 8196, but only 5704 bytes are here');
  await expect(list.getByRole('img', { name: /^(error|warning)$/ })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/capture-ends-mid-tpkt.png`, fullPage: true });
  expect(errors).toEqual([]);
});
