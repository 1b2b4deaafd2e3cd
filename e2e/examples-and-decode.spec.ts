// The examples menu (the samples framescope builds, opened without asking any server) and the decode options
// (decode-as rules for TCP ports, the COTP format), which decode the frame again and travel in the permalink.
import { expect, test, type Page } from '@playwright/test';
import { addressLink, field, input, open, openCapture, packetList, pasteKb, SHOTS, tree } from './ui';

const layers = (page: Page) =>
  tree(page)
    .locator('[role="treeitem"][data-layer]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-layer')));
const problems = (page: Page) => page.getByRole('list', { name: /^Problems in frame/ });

/** Fails the test on a request to any other origin, as e2e/privacy.spec.ts does. */
function watchRequests(page: Page, baseURL: string | undefined): string[] {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(baseURL!) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  return foreign;
}

const SAMPLES = [
  {
    title: /^KB Q151626/,
    layers: ['eth', 'ip', 'tcp', 'tpkt', 'cotp'],
    check: async (page: Page) => {
      await expect(field(page, 'tpkt.reserved').getByRole('img', { name: 'note' })).toBeVisible();
      await expect(problems(page)).toContainText('tpkt.reserved');
    },
  },
  {
    title: /^Siemens S7/,
    layers: ['eth', 'ip', 'tcp', 'tpkt', 'cotp'],
    check: async (page: Page) => {
      await expect(field(page, 'cotp.type')).toContainText('CR Connect Request');
      await expect(tree(page)).toContainText(/slot:? 2/i);
    },
  },
  {
    title: /^RDP/,
    layers: ['eth', 'ip', 'tcp', 'tpkt', 'cotp', 'rdp'],
    check: async (page: Page) => {
      await expect(tree(page)).toContainText('mstshash=operator');
    },
  },
  // The DT carries an S7 Ack_Data (Setup communication).
  {
    title: /^Two TPKTs/,
    layers: ['eth', 'ip', 'tcp', 'tpkt', 'cotp', 'tpkt', 'cotp', 's7comm'],
    check: async () => {},
  },
  {
    title: /^A DT whose TCP checksum is wrong/,
    layers: ['eth', 'ip', 'tcp', 'tpkt', 'cotp'],
    check: async (page: Page) => {
      await expect(field(page, 'tcp.checksum').getByRole('img', { name: 'error' })).toBeVisible();
    },
  },
];

test('the examples menu opens each sample, which decodes as it should, without a request to any other origin', async ({
  page,
  baseURL,
}) => {
  const foreign = watchRequests(page, baseURL);
  const errors = await open(page);
  const menu = page.getByRole('button', { name: 'Examples' });
  for (const sample of SAMPLES) {
    await menu.click();
    const panel = page.getByRole('dialog', { name: 'Examples' });
    await expect(panel.getByRole('button')).toHaveCount(SAMPLES.length);
    if (sample === SAMPLES[0]) await page.screenshot({ path: `${SHOTS}/examples-menu.png` });
    await panel.getByRole('button', { name: sample.title }).click();
    await expect(panel).toHaveCount(0);
    await expect(input(page)).toHaveValue(/^# /);
    await expect.poll(() => layers(page)).toEqual(sample.layers);
    await sample.check(page);
  }
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
});

test('the examples menu works from the keyboard, and replaces an open capture', async ({ page }) => {
  await open(page);
  await openCapture(page, 's7comm_reading_plc_status.pcap', '240');
  await page.getByRole('button', { name: 'Examples' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: /^KB Q151626/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('button', { name: /^Siemens S7/ })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(packetList(page)).toHaveCount(0);
  await expect(field(page, 'tpkt.reserved')).toBeVisible();
  await page.getByRole('button', { name: 'Examples' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Examples' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Examples' })).toBeFocused();
});

test('decode as: TCP port 102 as none leaves the KB frame without TPKT and COTP; the link carries the rule', async ({
  page,
  baseURL,
  context,
}) => {
  const foreign = watchRequests(page, baseURL);
  const errors = await open(page);
  await pasteKb(page);
  const button = page.getByRole('button', { name: /^Decode options/ });
  await button.click();
  const panel = page.getByRole('dialog', { name: 'Decode options' });
  await panel.getByRole('button', { name: '+ Add rule' }).click();
  // The suggestion: this frame's server port, forced off TPKT since it decodes as TPKT now.
  await expect(panel.getByRole('textbox', { name: 'TCP port' })).toHaveValue('102');
  await expect(panel.getByRole('combobox', { name: 'as' })).toHaveValue('none');
  await expect.poll(() => layers(page)).toEqual(['eth', 'ip', 'tcp', 'data']);
  await expect(problems(page)).toContainText('Decode as: tcp.port 102 is set to no protocol');
  await expect(button).toContainText('1');
  await page.screenshot({ path: `${SHOTS}/decode-options-none.png` });

  // A port being typed applies once valid; a bad one says why and changes nothing.
  const port = panel.getByRole('textbox', { name: 'TCP port' });
  await port.fill('70000');
  await expect(panel).toContainText('Not applied: a TCP port is at most 65535');
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  await expect.poll(() => layers(page)).toEqual(['eth', 'ip', 'tcp', 'data']);
  await port.fill('1555');
  await expect(port).toHaveAttribute('aria-invalid', 'false');
  await expect(problems(page)).toContainText('tcp.port 1555');
  await port.fill('102');

  // The permalink holds the rule: a fresh page opens the frame decoded the same way.
  await expect
    .poll(() => addressLink(page)?.options.decodeAs)
    .toEqual([{ table: 'tcp.port', key: 102, protocol: 'none' }]);
  const link = page.url();
  const fresh = await context.newPage();
  await fresh.goto(link);
  await expect.poll(() => layers(fresh)).toEqual(['eth', 'ip', 'tcp', 'data']);
  await fresh.getByRole('button', { name: /^Decode options/ }).click();
  await expect(fresh.getByRole('textbox', { name: 'TCP port' })).toHaveValue('102');
  await fresh.close();

  // Remove the rule: TPKT and COTP again.
  await panel.getByRole('button', { name: /^Remove rule 1/ }).click();
  await expect.poll(() => layers(page)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
  await expect(button).not.toContainText('1');
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
});

test('the COTP format: auto (inferred from LI), normal, extended', async ({ page }) => {
  const errors = await open(page);
  // A class 2 DT (LI 4) on TCP 102: normal format inferred from the even LI.
  const eth = '001b1b000001000c29aabbcc0800';
  const ip = '4500003312344000400600000a0000010a000002';
  const tcp = '0066c000000003e8000007d05018200000000000';
  await input(page).fill(`${eth}${ip}${tcp}0300000b04f00005806869`);
  await expect(field(page, 'cotp.tpdu-number')).toBeVisible();
  await expect(problems(page)).toContainText('Normal format inferred');

  await page.getByRole('button', { name: /^Decode options/ }).click();
  const panel = page.getByRole('dialog', { name: 'Decode options' });
  // The COTP format's Auto (the checksum preference has one too).
  const auto = panel.getByRole('group', { name: 'COTP format' }).getByRole('radio', { name: /^Auto/ });
  await expect(auto).toBeChecked();
  await panel.getByRole('radio', { name: 'Extended' }).check();
  await expect(field(page, 'cotp.tpdu-number')).toHaveCount(0);
  await expect(problems(page)).toContainText('cotp.eot.ext');
  await expect(problems(page)).not.toContainText('inferred');
  await panel.getByRole('radio', { name: 'Normal' }).check();
  await expect(field(page, 'cotp.tpdu-number')).toBeVisible();
  await expect(problems(page)).not.toContainText('inferred');
  await auto.check();
  await expect(problems(page)).toContainText('Normal format inferred');
  expect(errors).toEqual([]);
});

test('decode options re-decode an open capture: its packet list and tree follow', async ({ page }) => {
  await open(page);
  await openCapture(page, 's7comm_reading_plc_status.pcap', '240');
  const cr = packetList(page).locator('[role="row"]').filter({ hasText: 'CR TPDU' }).first();
  await expect(cr).toBeVisible();
  const number = await cr.getAttribute('data-frame');
  await cr.click();
  await expect(tree(page).locator('[data-layer="cotp"]')).toBeVisible();
  await page.getByRole('button', { name: /^Decode options/ }).click();
  const panel = page.getByRole('dialog', { name: 'Decode options' });
  await panel.getByRole('button', { name: '+ Add rule' }).click();
  await panel.getByRole('textbox', { name: 'TCP port' }).fill('102');
  await panel.getByRole('combobox', { name: 'as' }).selectOption('none');
  await page.keyboard.press('Escape');
  await expect(tree(page).locator('[data-layer="cotp"]')).toHaveCount(0);
  await expect(packetList(page).locator(`[data-frame="${number}"]`)).not.toContainText('CR TPDU');
});
