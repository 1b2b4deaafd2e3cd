// Light and dark themes: the system's by default, a choice that survives a reload; and axe-core finds nothing on
// any main view in either theme.
import { expect, test, type Page } from '@playwright/test';
import { axeViolations, field, input, open, openCapture, packetList, pasteKb, SHOTS } from './ui';

const html = (page: Page) => page.locator('html');
const themeButton = (page: Page, name: 'System' | 'Light' | 'Dark') =>
  page.getByRole('button', { name: `${name} theme` });

test('the theme follows the system until the user picks one, and the choice survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const errors = await open(page);
  await expect(html(page)).toHaveClass(/\bdark\b/);
  await expect(themeButton(page, 'System')).toHaveAttribute('aria-pressed', 'true');
  // The system changes its mind: the page follows.
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html(page)).not.toHaveClass(/\bdark\b/);

  await themeButton(page, 'Dark').click();
  await expect(html(page)).toHaveClass(/\bdark\b/);
  await expect(themeButton(page, 'Dark')).toHaveAttribute('aria-pressed', 'true');
  const background = await page.locator('body > #root > div').evaluate((el) => getComputedStyle(el).backgroundColor);
  await page.reload();
  await expect(html(page)).toHaveClass(/\bdark\b/);
  await expect(themeButton(page, 'Dark')).toHaveAttribute('aria-pressed', 'true');
  expect(await page.locator('body > #root > div').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
    background,
  );
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('framescope.preferences') ?? '{}').theme)).toBe(
    'dark',
  );

  await themeButton(page, 'Light').click();
  await page.reload();
  await expect(html(page)).not.toHaveClass(/\bdark\b/);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html(page)).not.toHaveClass(/\bdark\b/); // the user's choice beats the system's
  await themeButton(page, 'System').click();
  await expect(html(page)).toHaveClass(/\bdark\b/);
  expect(errors).toEqual([]);
});

for (const theme of ['light', 'dark'] as const) {
  test.describe(`axe finds nothing in the ${theme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
    });

    test('the empty page', async ({ page }) => {
      await open(page);
      expect(await axeViolations(page)).toEqual([]);
    });

    test('the paste view with the KB frame, a field selected and a byte hovered', async ({ page }) => {
      await open(page);
      await pasteKb(page);
      await field(page, 'tcp.flags').click();
      await page.locator('[role="gridcell"][data-offset="55"]').hover();
      await expect(page.getByRole('tooltip')).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/theme-${theme}-paste.png` });
    });

    test('the capture view', async ({ page }) => {
      await open(page);
      await openCapture(page, 'ndpi_s7comm.pcap', '55');
      await packetList(page).locator('[data-frame="3"]').click();
      await field(page, 'tcp.srcport').click();
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/theme-${theme}-capture.png` });
    });

    test('the share panel', async ({ page }) => {
      await open(page);
      await pasteKb(page);
      await page.getByRole('button', { name: /Share \/ Export/ }).click();
      await expect(page.getByRole('dialog', { name: 'Share and export' })).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/theme-${theme}-share.png` });
    });

    test('the shortcuts dialog', async ({ page }) => {
      await open(page);
      // The app listens for keys from its first paint on: a key pressed as soon as the input box shows is heard.
      await input(page).waitFor();
      await page.keyboard.press('?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/theme-${theme}-shortcuts.png` });
    });

    test('the examples menu and the decode options', async ({ page }) => {
      await open(page);
      await page.getByRole('button', { name: 'Examples' }).click();
      await expect(page.getByRole('dialog', { name: 'Examples' })).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/theme-${theme}-examples.png` });
      await page.getByRole('button', { name: /^KB Q151626/ }).click();
      await page.getByRole('button', { name: /^Decode options/ }).click();
      await page.getByRole('button', { name: '+ Add rule' }).click();
      await expect(page.getByRole('dialog', { name: 'Decode options' })).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/theme-${theme}-decode-options.png` });
    });
  });
}
