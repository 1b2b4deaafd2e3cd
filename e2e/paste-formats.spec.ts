// "Paste anything": three very different dumps of the same frames decode to the same tree; the link layer is
// shown and can be overridden; bad input says where it stopped.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { input, open as openApp, SHOTS, tree } from './ui';

const fixture = (name: string) => readFileSync(new URL(`../src/inputs/__fixtures__/${name}`, import.meta.url), 'utf8');

const open = (page: Page) => openApp(page, { size: { width: 1280, height: 800 } });

const status = (page: Page) => page.getByRole('status');
const linkLayer = (page: Page) => page.getByLabel('Link layer');

/** Every row of the expanded tree, as the user reads it. */
async function treeText(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Expand all' }).click();
  return tree(page).getByRole('treeitem').allInnerTexts();
}

const FORMATS = [
  ['tcpdump -XX', 'tcpdump-XX.txt', 'tcpdump-xx'],
  ['gdb x/Nbx', 'gdb.txt', 'gdb'],
  ['Python bytes repr', 'python-repr.txt', 'python'],
] as const;

test('three formats of the same frames decode to the same tree', async ({ page }) => {
  const errors = await open(page);
  const trees: string[][] = [];
  for (const [label, file, shot] of FORMATS) {
    await input(page).fill(fixture(file));
    await expect(status(page)).toContainText('3 frames, 281 bytes');
    await expect(linkLayer(page)).toHaveValue('detected');
    await expect(linkLayer(page).locator('option:checked')).toHaveText('Detected: Ethernet II');
    // The KB frame: TPKT's reserved octet is 17 (0x11), the COTP TSAPs are there.
    await expect(tree(page).locator('[data-field-id="tpkt.reserved"]')).toContainText('17');
    await expect(tree(page).locator('[data-field-id="cotp.src-tsap"]')).toContainText('SWISSLIFETSAP');
    trees.push(await treeText(page));
    await page.screenshot({ path: `${SHOTS}/paste-${shot}.png`, fullPage: true });
    expect(trees.at(-1)!.length, label).toBeGreaterThan(40);
  }
  expect(trees[1]).toEqual(trees[0]);
  expect(trees[2]).toEqual(trees[0]);
  await expect(status(page)).toContainText('\\x-escaped string');

  // The third frame is one click away, decoded the same whatever the format.
  await page.getByRole('navigation', { name: 'Frames' }).getByRole('button', { name: '2' }).click();
  await expect(tree(page).locator('[data-field-id="tpkt.length"]').first()).toContainText('62');
  expect(errors).toEqual([]);
});

test('the link layer is detected, shown, and can be overridden', async ({ page }) => {
  const errors = await open(page);
  await input(page).fill(fixture('tshark-x-raw-ipv4.txt'));
  await expect(status(page)).toContainText('tshark -x');
  await expect(linkLayer(page).locator('option:checked')).toHaveText('Detected: Raw IPv4');
  await expect(tree(page).locator('[role="treeitem"][data-layer="ip"]').first()).toBeVisible();
  await expect(tree(page).locator('[role="treeitem"][data-layer="eth"]')).toHaveCount(0);

  await linkLayer(page).selectOption({ label: 'Ethernet II (LINKTYPE 1)' });
  await expect(tree(page).locator('[role="treeitem"][data-layer="eth"]')).toBeVisible();
  await expect(page.getByText('Your choice; the bytes say Raw IPv4.')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/paste-link-override.png`, fullPage: true });

  await page.getByRole('button', { name: 'Detect again' }).click();
  await expect(linkLayer(page)).toHaveValue('detected');
  await expect(tree(page).locator('[role="treeitem"][data-layer="eth"]')).toHaveCount(0);

  await input(page).fill(fixture('tcpdump-xx-sll2.txt'));
  await expect(linkLayer(page).locator('option:checked')).toHaveText('Detected: Linux cooked v2 (SLL2)');
  await page.screenshot({ path: `${SHOTS}/paste-sll2.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test('a dump with a damaged line decodes what came before and says where it stopped', async ({ page }) => {
  const errors = await open(page);
  const damaged = fixture('xxd.txt').replace('00000020: 2c5a 0066', '00000020: 2c5a 0O66');
  await input(page).fill(damaged);
  const problems = page.getByRole('list', { name: 'Input problems' });
  await expect(problems).toContainText('line 3, column 16: expected a group of bytes');
  await expect(problems).toContainText('found "0O66"');
  await expect(status(page)).toContainText('3 frames');
  await expect(tree(page).locator('[role="treeitem"][data-layer="ip"]')).toBeVisible();
  // The problem takes the caret to the character where reading stopped.
  await problems.getByRole('button', { name: 'Show line 3 in the text' }).click();
  await expect(input(page)).toBeFocused();
  expect(await input(page).evaluate((el: HTMLTextAreaElement) => el.selectionStart)).toBe(damaged.indexOf('0O66'));
  await page.screenshot({ path: `${SHOTS}/paste-damaged.png`, fullPage: true });
  expect(errors).toEqual([]);
});
