import { expect, test } from '@playwright/test';

test('the built app loads with its title', async ({ page }) => {
  await page.goto('./');
  await expect(page).toHaveTitle('framescope');
  await expect(page.locator('#root')).not.toBeEmpty();
});
