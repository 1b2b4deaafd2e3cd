// The KB Q151626 frame, end to end in the built app: paste, decode, click a field, click a byte.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { byteCell, detail, input, KB_TEXT, open, selectedBytes, SHOTS, tree } from './ui';

const selectedItems = (page: Page) => page.locator('[role="treeitem"][aria-selected="true"]');

test('pasting the KB dump decodes it; a field lights its bytes and a byte selects its field', async ({ page }) => {
  const errors = await open(page);
  await page.screenshot({ path: `${SHOTS}/empty.png`, fullPage: true });
  await input(page).fill(KB_TEXT);

  // Decoded at once, one top-level node per layer.
  for (const protocol of ['eth', 'ip', 'tcp', 'tpkt', 'cotp']) {
    await expect(tree(page).locator(`[role="treeitem"][data-layer="${protocol}"]`)).toBeVisible();
  }
  await expect(page.getByRole('status')).toContainText('offset dump');
  await expect(page.getByRole('status')).toContainText('98 bytes');

  // The TPKT reserved octet: marked reserved and flagged in the tree.
  const reserved = tree(page).locator('[data-field-id="tpkt.reserved"]');
  await expect(reserved).toContainText('reserved');
  await expect(reserved.getByRole('img', { name: 'note' })).toBeVisible();
  await reserved.click();
  await expect(reserved).toHaveAttribute('aria-selected', 'true');
  await expect(selectedItems(page)).toHaveCount(1);
  await expect(byteCell(page, 55)).toHaveAttribute('aria-selected', 'true');
  await expect(selectedBytes(page)).toHaveCount(1);
  await expect(byteCell(page, 55)).toHaveText('11');

  const panel = detail(page);
  await expect(panel).toContainText('tpkt.reserved');
  await expect(panel).toContainText('RFC 1006 §6');
  // A note: RFC 1006 sets no rule for the octet, so nobody broke one; the receiver that refuses it is out of line.
  const note = panel.locator('li').filter({ has: page.getByRole('img', { name: 'note' }) });
  await expect(note).toHaveCount(1);
  await expect(note).toContainText(/reserved/i);
  await expect(note.getByRole('link', { name: 'RFC 1122 §1.2.2' })).toHaveAttribute('target', '_blank');
  const rfc1006 = panel.getByRole('link', { name: 'RFC 1006 §6' }).first();
  await expect(rfc1006).toHaveAttribute('href', /rfc1006/);
  await expect(rfc1006).toHaveAttribute('rel', 'noreferrer');
  await page.screenshot({ path: `${SHOTS}/kb-tpkt-reserved.png`, fullPage: true });

  // A byte selects the deepest field that owns it: 0x41 is the first COTP parameter code.
  await byteCell(page, 65).click();
  const selected = selectedItems(page);
  await expect(selected).toHaveCount(1);
  await expect(selected).toHaveAttribute('data-field-id', 'cotp.parameter_code');
  await expect(selected).toHaveAttribute('data-field-offset', '65');
  await expect(selected).toBeInViewport();
  await expect(byteCell(page, 65)).toHaveAttribute('aria-selected', 'true');
  await expect(panel).toContainText('cotp.parameter_code');
  await page.screenshot({ path: `${SHOTS}/kb-cotp-parameter-code.png`, fullPage: true });

  // Every COTP field of the Connect Confirm is in the tree with its value.
  await page.getByRole('button', { name: 'Expand all' }).click();
  const cotp = {
    'cotp.destref': '0x01ca',
    'cotp.srcref': '0x0029',
    'cotp.src-tsap': 'SWISSLIFETSAP',
    'cotp.dst-tsap': 'EXCHANGETSAP1',
    'cotp.tpdu_size': '2048',
  };
  for (const [id, value] of Object.entries(cotp)) {
    await expect(tree(page).locator(`[data-field-id="${id}"]`)).toContainText(value);
  }
  // A masked field shows its bits, Wireshark style.
  await expect(tree(page).locator('[data-field-id="ip.version"]')).toContainText('0100 .... = ');
  await page.screenshot({ path: `${SHOTS}/kb-expanded.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('clicking a problem in the list selects its field', async ({ page }) => {
  const errors = await open(page);
  await input(page).fill(KB_TEXT);
  const problems = page.getByRole('list', { name: /^Problems in frame 1/ });
  await problems.getByRole('button').filter({ hasText: 'tpkt.reserved' }).click();
  await expect(selectedItems(page)).toHaveAttribute('data-field-id', 'tpkt.reserved');
  await expect(byteCell(page, 55)).toHaveAttribute('aria-selected', 'true');
  expect(errors).toEqual([]);
});

test('garbage input shows a clear message and keeps the text', async ({ page }) => {
  const errors = await open(page);
  await input(page).fill('hello zz 12');
  await expect(page.getByRole('status')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Input problems' }).getByRole('listitem').first()).toBeVisible();
  await expect(input(page)).toHaveValue('hello zz 12');
  await page.screenshot({ path: `${SHOTS}/garbage.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('a truncated KB dump shows what decoded and a truncated problem', async ({ page }) => {
  const errors = await open(page);
  const firstThree = KB_TEXT.split(/\r?\n/).slice(0, 3).join('\n');
  await input(page).fill(firstThree);
  await expect(tree(page).locator('[data-layer="eth"]')).toBeVisible();
  await expect(tree(page).locator('[data-field-id="eth.dst"]')).toBeVisible();
  const problems = page.getByRole('list', { name: /^Problems in frame 1/ });
  await expect(problems).toContainText(/truncat/i);
  await expect(input(page)).toHaveValue(firstThree);
  await page.screenshot({ path: `${SHOTS}/truncated.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('the decoded page has no accessibility violations axe can find', async ({ page }) => {
  await open(page);
  await input(page).fill(KB_TEXT);
  await tree(page).locator('[data-field-id="tpkt.reserved"]').click();
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.map(
      (v) =>
        `${v.impact} ${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    ),
  ).toEqual([]);
});

test('the tree and the hex view work from the keyboard', async ({ page }) => {
  await open(page);
  await input(page).fill(KB_TEXT);
  await tree(page).locator('[data-field-id="tpkt.reserved"]').click();
  await page.keyboard.press('ArrowDown');
  await expect(selectedItems(page)).toHaveAttribute('data-field-id', 'tpkt.length');
  await expect(selectedBytes(page)).toHaveCount(2);
  await byteCell(page, 55).click();
  await page.keyboard.press('ArrowRight');
  await expect(selectedItems(page)).toHaveAttribute('data-field-id', 'tpkt.length');
});

test('several frames in the text get a frame selector', async ({ page }) => {
  const errors = await open(page);
  await input(page).fill(`${KB_TEXT}\n\n${KB_TEXT}`);
  const frames = page.getByRole('navigation', { name: 'Frames' });
  await expect(frames.getByRole('button')).toHaveText(['1', '2']);
  await expect(frames.getByRole('button', { name: '1' })).toHaveAttribute('aria-pressed', 'true');
  await frames.getByRole('button', { name: '2' }).click();
  await expect(frames.getByRole('button', { name: '2' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('Frame 2', { exact: true })).toBeVisible();
  await tree(page).locator('[data-field-id="tpkt.reserved"]').click();
  await expect(byteCell(page, 55)).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: `${SHOTS}/two-frames.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('a long frame scrolls the hex view to the selection and back', async ({ page }) => {
  const errors = await open(page);
  // The KB frame as a hex stream with 1400 bytes after the IP packet: an Ethernet trailer.
  const stream = KB_TEXT.split(/\r?\n/)
    .slice(1)
    .map((line) => line.slice(6, 55))
    .join('')
    .replace(/\s+/g, '');
  await input(page).fill(stream + '00'.repeat(1400));
  await expect(page.getByRole('status')).toContainText('1498 bytes');
  const grid = page.getByRole('grid');
  await expect(byteCell(page, 1497)).toHaveCount(0); // rows out of sight are not rendered
  await grid.getByRole('rowgroup').hover();
  await page.mouse.wheel(0, 100_000);
  await byteCell(page, 1497).click();
  await expect(selectedItems(page)).toHaveAttribute('data-field-id', 'eth.trailer');
  await expect(selectedBytes(page).first()).toBeVisible();
  await tree(page).locator('[data-field-id="tcp.srcport"]').click();
  await expect(byteCell(page, 34)).toBeInViewport();
  await expect(byteCell(page, 34)).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: `${SHOTS}/long-frame.png`, fullPage: true });
  expect(errors).toEqual([]);
});
