// Nothing lost (issue 21): a wrong file, dropped or picked, leaves the paste or the capture on screen and says what the
// file is; a damaged link keeps the view; an input that replaces the view comes back with Back, Undo or Ctrl+Z.
import { expect, test, type Page } from '@playwright/test';
import {
  addressLink,
  axeViolations,
  dropFile,
  field,
  input,
  KB_TEXT,
  open,
  openCapture,
  packetList,
  pasteKb,
  selectedItem,
  SHOTS,
} from './ui';

/** The message about the input, above the input or capture pane. */
const refusal = (page: Page) => page.getByRole('alert', { name: 'About the input' });
const change = (page: Page) => page.getByRole('status', { name: 'About the input' });
const fileInput = (page: Page) => page.getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump');
/** A PNG file's signature and IHDR chunk start: what a screenshot dropped by mistake begins with. */
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

/** The KB frame pasted, its reserved octet selected, and the address holding that view. */
async function pasteKbAndSelect(page: Page): Promise<void> {
  await pasteKb(page);
  await field(page, 'tpkt.reserved').click();
  await expect.poll(() => addressLink(page)?.selection).toEqual({ fieldId: 'tpkt.reserved', offset: 55 });
}

/** The paste is on screen as it was: the text, its frame, the selected field. */
async function expectKbKept(page: Page): Promise<void> {
  await expect(input(page)).toHaveValue(KB_TEXT);
  await expect(packetList(page)).toHaveCount(0);
  await expect(selectedItem(page)).toHaveAttribute('data-field-id', 'tpkt.reserved');
}

test('after a paste, opening an empty file leaves the paste in place and says the file was empty', async ({ page }) => {
  const errors = await open(page);
  await pasteKbAndSelect(page);
  const address = page.url();

  await fileInput(page).setInputFiles({
    name: 'empty.pcap',
    mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(0),
  });
  await expect(refusal(page)).toHaveText(/Not opened: empty\.pcap is empty \(0 bytes\)\. Your text is unchanged\./);
  await expectKbKept(page);
  expect(page.url()).toBe(address);
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/nothing-lost-empty-light.png` });

  // The view goes on as before, and the address still follows it: a field selected now is in the link, with KB's bytes.
  await field(page, 'cotp.type').click();
  await expect.poll(() => addressLink(page)?.selection?.fieldId).toBe('cotp.type');
  expect(addressLink(page)?.bytes.length).toBe(98);
  await expect(input(page)).toHaveValue(KB_TEXT);

  await refusal(page).getByRole('button', { name: 'Dismiss' }).click();
  await expect(refusal(page)).toHaveCount(0);
  await expect(input(page)).toHaveValue(KB_TEXT);
  expect(errors).toEqual([]);
});

test('Back after opening a capture returns to the paste; Forward, Undo and Ctrl+Z step the same way', async ({
  page,
}) => {
  const errors = await open(page);
  await pasteKbAndSelect(page);
  const pasted = page.url();

  await openCapture(page, 'emreekin_pro2.pcap', '2');
  await expect(change(page)).toContainText('Opened emreekin_pro2.pcap, replacing your text.');
  await expect(change(page).getByRole('button', { name: 'Undo' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/nothing-lost-opened-light.png` });

  await page.goBack();
  await expectKbKept(page);
  await expect(change(page)).toContainText('Back to your text.');
  await expect.poll(() => page.url()).toBe(pasted);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/nothing-lost-back-dark.png` });

  await page.goForward();
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '2');
  await change(page).getByRole('button', { name: 'Undo' }).click();
  await expectKbKept(page);

  await change(page).getByRole('button', { name: 'Redo' }).click();
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '2');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expectKbKept(page);
  expect(errors).toEqual([]);
});

test('a paste over the whole text is an input of its own: Back returns to the text it replaced', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page);
  await pasteKbAndSelect(page);
  const ipHeader = '45 00 00 14 00 00 40 00 40 06 00 00 0a 00 00 01 0a 00 00 02';
  await page.evaluate((text) => navigator.clipboard.writeText(text), ipHeader);
  await input(page).focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+v');
  await expect(input(page)).toHaveValue(ipHeader);
  await page.goBack();
  await expectKbKept(page);
});

test('a PNG dropped says it is a PNG image; the paste, and then a capture, stay as they were', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const errors = await open(page);
  await pasteKbAndSelect(page);
  await dropFile(page, PNG, 'screenshot.png');
  await expect(refusal(page)).toHaveText(
    /Not opened: screenshot\.png is a PNG image, not a capture or a hex dump\. Your text is unchanged\./,
  );
  await expectKbKept(page);
  await page.screenshot({ path: `${SHOTS}/nothing-lost-png-dark.png` });

  await openCapture(page, 'emreekin_pro2.pcap', '2');
  await dropFile(page, PNG, 'capture.pcap');
  await expect(refusal(page)).toContainText('capture.pcap is a PNG image');
  await expect(refusal(page)).toContainText('emreekin_pro2.pcap stays open.');
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '2');
  expect(errors).toEqual([]);
});

test('a text file named .gz is read by its bytes: not gzip, not a dump, so not opened', async ({ page }) => {
  await open(page);
  await pasteKbAndSelect(page);
  await fileInput(page).setInputFiles({
    name: 'trace.pcap.gz',
    mimeType: 'application/gzip',
    buffer: Buffer.from('This is not a capture.\n'),
  });
  await expect(refusal(page)).toContainText(
    'trace.pcap.gz is text that holds no hex dump framescope recognises. Its name ends in .gz, but it is not gzip-compressed.',
  );
  await expectKbKept(page);
});

test('a damaged link typed after a paste keeps the paste and says why', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const errors = await open(page);
  await pasteKbAndSelect(page);
  await page.goto('./#v1.AWNMYmBYxHDAi6Eh_soCD5BWhpC');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Link not opened.');
  await expect(alert).toContainText(/damaged/);
  await expect(alert).toContainText('What was shown stays as it was.');
  await expectKbKept(page);
  await page.screenshot({ path: `${SHOTS}/nothing-lost-link-dark.png` });
  expect(errors).toEqual([]);
});
