// Problems on a real capture: "Frames with problems" shows warnings and errors, notes one click away; the Expert
// Information view groups the capture's problems, a group opens to its frames, a frame is selected from there; axe
// finds nothing on it in either theme. `npm run census`: Sample_File_MMS_and_GOOSE.pcap (301 frames) has six frames
// with a warning (frame 107, a class 0 CR proposing TPDU size 8192; five from the TCP sequence analysis: ACKs of
// segments the capture lacks, segments after a gap) and seven with notes; ndpi_h323.pcap (75 frames) has no warning or
// error and 11 frames with notes (retransmissions, H.245 in TPKT not decoded; its keep-alives are normal traffic).
import { expect, test, type Page } from '@playwright/test';
import { axeViolations, open, openCapture, packetList, SHOTS } from './ui';

const CAPTURE = 'Sample_File_MMS_and_GOOSE.pcap';
const NOTES_CAPTURE = 'ndpi_h323.pcap';
const rows = (page: Page) => packetList(page).locator('[role="row"][data-frame]');
const expertTab = (page: Page) => page.getByRole('tab', { name: 'Expert' });
const expert = (page: Page) => page.getByRole('region', { name: 'Expert Information' });

test('"Frames with problems" shows warnings and errors; notes are one click away', async ({ page }) => {
  const errors = await open(page);
  await openCapture(page, CAPTURE, '301');
  await page.getByRole('button', { name: 'Frames with problems' }).click();
  await expect(page.getByTestId('problems-shown')).toHaveText('warnings or errors (6)');
  await expect(page.getByText('Displayed: 6 of 301 frames')).toBeVisible();
  await expect(rows(page)).toHaveCount(6);
  const cr = packetList(page).locator('[role="row"][data-frame="107"]');
  await expect(cr).toHaveCount(1);
  await expect(cr.getByRole('img', { name: 'warning' })).toBeVisible();
  await expect(rows(page).getByRole('img', { name: 'warning' })).toHaveCount(6);
  await page.screenshot({ path: `${SHOTS}/problems-warnings.png` });
  expect(errors).toEqual([]);
});

test('"Frames with problems" leaves notes out until asked; one click brings them in', async ({ page }) => {
  const errors = await open(page);
  await openCapture(page, NOTES_CAPTURE, '75');
  await page.getByRole('button', { name: 'Frames with problems' }).click();
  await expect(page.getByTestId('problems-shown')).toHaveText('warnings or errors (0)');
  await expect(rows(page)).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'include notes' }).check();
  await expect(page.getByTestId('problems-shown')).toHaveText('errors, warnings or notes (11)');
  await expect(page.getByText('Displayed: 11 of 75 frames')).toBeVisible();
  // The list is windowed: every row it draws is a frame with a note.
  await expect(rows(page).first().getByRole('img', { name: 'note' })).toBeVisible();
  const drawn = await rows(page).count();
  await expect(rows(page).getByRole('img', { name: 'note' })).toHaveCount(drawn);
  await page.screenshot({ path: `${SHOTS}/problems-notes.png` });
  expect(errors).toEqual([]);
});

test('Expert Information groups the problems; a frame chosen there is the frame shown', async ({ page }) => {
  const errors = await open(page);
  await openCapture(page, CAPTURE, '301');
  await packetList(page).click();
  await page.keyboard.press('e');
  await expect(expertTab(page)).toHaveAttribute('aria-selected', 'true');
  await expect(expert(page).getByRole('status')).toHaveText(
    '301 frames checked: 0 with errors, 6 with warnings, 7 with notes',
  );
  const warnings = expert(page).getByRole('region', { name: /Warnings/ });
  await expect(warnings.getByRole('heading')).toContainText('6 frames, 3 groups');
  const group = warnings.getByRole('button', { name: /cotp\.tpdu_size/ });
  await expect(group).toHaveAttribute('aria-expanded', 'false');
  await expect(group).toContainText('unexpected-value');
  await group.click();
  await expect(group).toHaveAttribute('aria-expanded', 'true');
  await expect(warnings).toContainText('TPDU size 8192 is not allowed in class 0');
  await warnings.getByRole('button', { name: 'Frame 107' }).click();
  await expect(warnings.getByRole('button', { name: 'Frame 107' })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('heading', { name: /Problems in frame 107/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/expert-light.png` });

  await page.getByRole('tab', { name: 'Packets' }).click();
  await expect(packetList(page).locator('[role="row"][aria-selected="true"]')).toHaveAttribute('data-frame', '107');
  expect(errors).toEqual([]);
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe finds nothing on Expert Information in the ${theme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await open(page);
    await openCapture(page, NOTES_CAPTURE, '75');
    await expertTab(page).click();
    const notes = expert(page).getByRole('region', { name: /Notes/ });
    await notes
      .getByRole('button', { name: /undecoded/ })
      .first()
      .click();
    await notes
      .getByRole('button', { name: /^Frame \d+$/ })
      .first()
      .click();
    await expect(notes.getByRole('button', { name: /^Frame \d+$/ }).first()).toHaveAttribute('aria-current', 'true');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/expert-${theme}-notes.png` });
  });
}
