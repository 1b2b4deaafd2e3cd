// The hex view and the bit view: hovering a byte tells its field, value and citation; hovering a tree row lights its
// bytes lightly; a segment with two TPKTs shows where each PDU starts; bit fields show bit by bit in the detail.
import { expect, test } from '@playwright/test';
import { byteCell, detail, field, offsetsWith, open, pasteKb, selectedBytes, selectedItem, SHOTS, tree } from './ui';

test('hovering a byte shows its field, value, citation and layer', async ({ page }) => {
  const errors = await open(page);
  await pasteKb(page);
  await byteCell(page, 55).hover();
  const tip = page.getByRole('tooltip');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText('byte 55 (0x37) = 0x11');
  await expect(tip).toContainText('Reserved: 17 (0x11)');
  await expect(tip).toContainText('tpkt.reserved');
  await expect(tip).toContainText('RFC 1006 §6');
  await expect(tip).toContainText('In TPKT, Version: 3, Length: 44');
  await expect(tip.getByRole('img', { name: 'note' })).toBeVisible();
  // The field under the pointer is previewed, not selected.
  expect(await offsetsWith(page, 'byte-preview')).toEqual([55]);
  await expect(selectedBytes(page)).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/hover-byte.png` });

  // A byte split into bits lists each bit field.
  await byteCell(page, 47).hover();
  await expect(tip).toContainText('.... 1... = Push: Set');
  await expect(tip).toContainText('0... .... = Congestion Window Reduced: Not set');
  await expect(tip).toContainText('RFC 9293');

  // Away from the bytes: no tooltip, no preview.
  await page.locator('h1').hover();
  await expect(tip).toHaveCount(0);
  expect(await offsetsWith(page, 'byte-preview')).toEqual([]);
  expect(errors).toEqual([]);
});

test('hovering a tree row lights its bytes lightly, apart from the selection', async ({ page }) => {
  await open(page);
  await pasteKb(page);
  await field(page, 'tpkt.reserved').click();
  await field(page, 'cotp.src-tsap').hover();
  expect(await offsetsWith(page, 'byte-preview')).toEqual(Array.from({ length: 13 }, (_, i) => 67 + i)); // "SWISSLIFETSAP"
  // The selection is untouched and looks different.
  await expect(selectedItem(page)).toHaveAttribute('data-field-id', 'tpkt.reserved');
  const selectedLook = await byteCell(page, 55).evaluate((el) => getComputedStyle(el).backgroundColor);
  const previewLook = await byteCell(page, 70).evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(previewLook).not.toBe(selectedLook);
  expect(previewLook).not.toBe('rgba(0, 0, 0, 0)');
  await page.screenshot({ path: `${SHOTS}/hover-tree-row.png` });
  await page.locator('h1').hover();
  expect(await offsetsWith(page, 'byte-preview')).toEqual([]);
});

test('two TPKTs in one segment: each layer and PDU starts at a marked byte, and the tooltip names the PDU', async ({
  page,
}) => {
  const errors = await open(page);
  await page.getByRole('button', { name: 'Examples' }).click();
  await page.getByRole('button', { name: /^Two TPKTs in one TCP segment/ }).click();
  await expect(tree(page).locator('[data-layer="tpkt"]')).toHaveCount(2);
  expect(await offsetsWith(page, 'byte-layer-start')).toEqual([14, 34, 54, 58, 68, 72, 75]);
  // Every other layer shaded: IP, TPKT 1, TPKT 2, and the S7 PDU the second DT carries.
  const shaded = await offsetsWith(page, 'byte-layer-alt');
  expect(shaded).toContain(14);
  expect(shaded).toContain(54);
  expect(shaded).toContain(68);
  expect(shaded).toContain(75);
  expect(shaded).not.toContain(58);
  expect(shaded).not.toContain(72);
  await byteCell(page, 68).hover();
  await expect(page.getByRole('tooltip')).toContainText('Starts TPKT PDU 2 of 2: TPKT, Version: 3, Length: 27');
  await byteCell(page, 74).hover();
  await expect(page.getByRole('tooltip')).toContainText('In COTP PDU 2 of 2');
  await page.screenshot({ path: `${SHOTS}/two-tpkts-boundaries.png` });
  // The legend says what the marks mean.
  await expect(page.getByText('a layer starts')).toBeVisible();
  expect(errors).toEqual([]);
});

test('bit fields: Wireshark-style bit patterns in the tree, and a bit grid in the detail panel', async ({ page }) => {
  const errors = await open(page);
  await pasteKb(page);
  await field(page, 'tcp.flags').click();
  await page.keyboard.press('ArrowRight');
  await expect(field(page, 'tcp.flags.push')).toHaveText(/^\s*\.\.\.\. 1\.\.\. = Push: Set/);
  await field(page, 'tcp.flags.push').click();

  const bits = detail(page).getByRole('region', { name: /^Bits of byte 47/ });
  await expect(bits).toBeVisible();
  const values = await bits.locator('[data-bit]').allTextContents();
  expect(values.join('')).toBe('00011000');
  // The selected field's bit is lit; the list marks its line.
  const lit = await bits
    .locator('[data-bit].bg-sky-700')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-bit')));
  expect(lit).toEqual(['4']);
  const lines = bits.getByRole('list', { name: 'Fields in these bits' });
  await expect(lines.getByRole('button')).toHaveCount(9);
  await expect(lines.getByRole('button').first()).toHaveText('0001 1000 = Flags: 0x18 (PSH, ACK)');
  await expect(lines.locator('[aria-current="true"]')).toHaveText('.... 1... = Push: Set');
  await page.screenshot({ path: `${SHOTS}/bit-grid.png` });

  // A line selects its field; so does a bit.
  await lines.getByRole('button', { name: '...1 .... = Acknowledgment: Set' }).click();
  await expect(selectedItem(page)).toHaveAttribute('data-field-id', 'tcp.flags.ack');
  await bits.locator('[data-bit="7"]').click();
  await expect(selectedItem(page)).toHaveAttribute('data-field-id', 'tcp.flags.fin');

  // Sibling bit fields without a parent field: IPv4's version and header length; COTP's class and options.
  await field(page, 'ip.version').click();
  await expect(detail(page).getByRole('list', { name: 'Fields in these bits' }).getByRole('button')).toHaveText([
    '0100 .... = Version: 4',
    '.... 0101 = Header Length: 20 bytes (5)',
  ]);
  await field(page, 'cotp.class').click();
  await expect(detail(page).getByRole('region', { name: /^Bits of byte 64/ })).toContainText('Options (unassigned)');
  // A field that is not split into bits has no grid.
  await field(page, 'tcp.srcport').click();
  await expect(detail(page).getByRole('region', { name: /^Bits of/ })).toHaveCount(0);
  expect(errors).toEqual([]);
});
