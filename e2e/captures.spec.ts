// Capture files end to end in the built app: drop or pick a real capture, the packet list fills (read in a worker),
// a row shows its dissection, the keyboard moves through the list, a display filter narrows it, damage is reported.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { epb, idb, shb } from '../src/inputs/testing/capture-files';
import { capturePath, dropFile, open, packetList, SHOTS, tree } from './ui';

const row = (page: Page, frame: number) => packetList(page).locator(`[role="row"][data-frame="${frame}"]`);
const selectedRow = (page: Page) => packetList(page).locator('[role="row"][aria-selected="true"]');
const filterBox = (page: Page) => page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' });

test('dropping a capture lists its frames; a row shows its tree', async ({ page }) => {
  const errors = await open(page);
  await dropFile(page, capturePath('s7comm_reading_plc_status.pcap'), 's7comm_reading_plc_status.pcap');
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '240'); // MANIFEST: 240 frames
  // Read in a Web Worker (the page's own script, allowed by its Content-Security-Policy), not on the page's thread.
  expect(page.workers().map((w) => w.url())).toEqual([expect.stringMatching(/capture\.worker-[\w-]+\.js$/)]);
  await expect(page.getByRole('progressbar', { name: 'Reading the capture file' })).toHaveAttribute(
    'aria-valuenow',
    '100',
  );
  await expect(row(page, 1)).toBeVisible();
  // The first frame is shown at once.
  await expect(tree(page).locator('[data-layer="eth"]')).toBeVisible();
  // A COTP row: its Info column, then its tree.
  const cr = packetList(page).locator('[role="row"]').filter({ hasText: 'CR TPDU' }).first();
  await expect(cr).toBeVisible();
  await cr.click();
  await expect(cr).toHaveAttribute('aria-selected', 'true');
  await expect(tree(page).locator('[data-layer="cotp"]')).toBeVisible();
  await expect(tree(page).locator('[data-field-id="cotp.type"]')).toContainText('CR');
  await expect(page.getByRole('region', { name: 'Field detail' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/capture-dropped.png` });
  expect(errors).toEqual([]);
});

test('picking a file with the file input reads pcapng, gzip and DLT_NULL by content', async ({ page }) => {
  const errors = await open(page);
  const input = page.getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump');
  await input.setInputFiles(capturePath('windows_miscellany.pcap.gz'));
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '1557');
  await expect(page.getByText(/gzip-compressed pcapng/)).toBeVisible();
  await input.setInputFiles(capturePath('dina_cotp.pcap'));
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '4273');
  await row(page, 4).click();
  await expect(tree(page).locator('[data-layer="null"]')).toBeVisible();
  await expect(tree(page).locator('[data-field-id="null.family"]')).toContainText('IP (2)');
  await page.screenshot({ path: `${SHOTS}/capture-null.png` });
  expect(errors).toEqual([]);
});

test('the keyboard moves through the list: Down, Up, PageDown, End, Home', async ({ page }) => {
  await open(page);
  await page
    .getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump')
    .setInputFiles(capturePath('step7_s300_readDiagData.pcapng'));
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '679');
  await row(page, 1).click();
  await expect(selectedRow(page)).toHaveAttribute('data-frame', '1');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(selectedRow(page)).toHaveAttribute('data-frame', '3');
  await page.keyboard.press('ArrowUp');
  await expect(selectedRow(page)).toHaveAttribute('data-frame', '2');
  await page.keyboard.press('End');
  await expect(selectedRow(page)).toHaveAttribute('data-frame', '679');
  await expect(selectedRow(page)).toBeInViewport();
  await expect(page.getByText('Frame 679', { exact: true })).toBeVisible();
  await page.keyboard.press('Home');
  await expect(selectedRow(page)).toHaveAttribute('data-frame', '1');
  await page.keyboard.press('PageDown');
  const afterPage = Number(await selectedRow(page).getAttribute('data-frame'));
  expect(afterPage).toBeGreaterThan(3);
  await expect(selectedRow(page)).toBeInViewport();
});

test('a display filter shows only the matching frames; a bad one says why', async ({ page }) => {
  const errors = await open(page);
  await page
    .getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump')
    .setInputFiles(capturePath('s7comm_program_blocklist_onlineview.pcap'));
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '140');
  await filterBox(page).fill('cotp.type == 0x0d');
  await filterBox(page).press('Enter');
  // MANIFEST: CC(0x0d) x5; every row shown is a CC, and the list still counts the whole file.
  const rows = packetList(page).locator('[role="row"][data-frame]');
  await expect(rows).toHaveCount(5);
  for (const text of await rows.allTextContents()) expect(text).toContain('CC TPDU');
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '140');
  // The status line says the filter has checked every frame, not only how many it shows.
  await expect(page.getByRole('status').filter({ hasText: 'Displayed:' })).toContainText(
    'Displayed: 5 of 140 frames · filter finished',
  );
  await page.screenshot({ path: `${SHOTS}/capture-filter.png` });

  await filterBox(page).fill('cotp.typo == 13');
  await expect(filterBox(page)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: 'neither a field nor a protocol' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/capture-filter-error.png` });
  await filterBox(page).fill('');
  await filterBox(page).press('Enter');
  await expect(page.getByText(/Displayed:/)).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('"Frames with problems" narrows the list to frames with a mark', async ({ page }) => {
  await open(page);
  // Checked strictly, the checksums 192.168.1.10 left to its NIC are errors: 148 of the 240 frames have a mark.
  await page.getByRole('button', { name: /^Decode options/ }).click();
  await page
    .getByRole('group', { name: 'Checksums (IPv4 header, TCP, UDP, ICMP, ICMPv6)' })
    .getByRole('radio', { name: /^On/ })
    .check();
  await page.keyboard.press('Escape');
  await page
    .getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump')
    .setInputFiles(capturePath('s7comm_reading_plc_status.pcap'));
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '240');
  await page.getByRole('button', { name: 'Frames with problems' }).click();
  await expect(page.getByText(/Displayed: 148 of 240 frames/)).toBeVisible();
  const rows = packetList(page).locator('[role="row"][data-frame]');
  const count = await rows.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) await expect(rows.nth(i).getByRole('img')).toHaveCount(1);
});

test('a damaged capture keeps every frame before the damage and says where it broke', async ({ page }) => {
  const errors = await open(page);
  const whole = readFileSync(capturePath('emreekin_wamp.pcap'));
  const cut = whole.subarray(0, 100_000);
  await page
    .getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump')
    .setInputFiles({ name: 'cut.pcap', mimeType: 'application/octet-stream', buffer: cut });
  const banner = page.getByRole('alert', { name: 'Problems with the capture file' });
  await expect(banner).toContainText(/ends inside record \d+ at offset \d+/);
  await expect(banner).toContainText(/at byte/);
  const count = Number(await packetList(page).getAttribute('data-frame-count'));
  expect(count).toBeGreaterThan(100);
  expect(count).toBeLessThan(374);
  await page.screenshot({ path: `${SHOTS}/capture-damaged.png` });
  expect(errors).toEqual([]);
});

test('a text dump dropped as a file goes into the text box; closing a capture brings pasted text back', async ({
  page,
}) => {
  await open(page);
  await dropFile(
    page,
    fileURLToPath(new URL('../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url)),
    'kb.txt',
  );
  await expect(page.getByRole('textbox', { name: 'Frame bytes (hex dump)' })).toHaveValue(/0000 {2}00 00 A2 00/i);
  await expect(tree(page).locator('[data-field-id="tpkt.reserved"]')).toBeVisible();
  await page
    .getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump')
    .setInputFiles(capturePath('emreekin_pro2.pcap'));
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '2');
  await page.getByRole('button', { name: 'Close capture' }).click();
  await expect(packetList(page)).toHaveCount(0);
  await expect(tree(page).locator('[data-field-id="tpkt.reserved"]')).toBeVisible();
});

test('the capture view has no accessibility violations axe can find', async ({ page }) => {
  await open(page);
  await page
    .getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump')
    .setInputFiles(capturePath('ndpi_s7comm.pcap'));
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '55');
  await row(page, 3).click();
  await expect(tree(page).locator('[data-layer="tcp"]')).toBeVisible();
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

test('pasting a capture file (copied in a file manager) opens it', async ({ page }) => {
  await open(page);
  const bytes = [...readFileSync(capturePath('zeek_rdp-x509.pcap'))];
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(data)], 'copied.pcap'));
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true }));
  }, bytes);
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '15');
  await expect(page.getByText('copied.pcap')).toBeVisible();
});

test('pcapng sections, interfaces and comments are shown; a commented frame shows its comment', async ({ page }) => {
  await open(page);
  // Two sections (little- then big-endian), an Ethernet and a null interface, comments on a section, an interface and a frame.
  const firstRecord = (name: string) => {
    const pcap = readFileSync(capturePath(name));
    return [...pcap.subarray(40, 40 + pcap.readUInt32LE(32))]; // little-endian pcap: header 24, record header 16
  };
  const ethernet = firstRecord('emreekin_pro2.pcap');
  const loopback = firstRecord('dina_acse_accept.pcap');
  const file = Uint8Array.from([
    ...shb(true, [{ code: 1, value: 'captured at the plant' }]),
    ...idb(true, 1, 0, [{ code: 2, value: 'eth0' }]),
    ...epb(true, 0, 1_471_000_000_000_000, ethernet, [{ code: 1, value: 'the CR that started it' }]),
    ...shb(false),
    ...idb(false, 0, 0, [{ code: 1, value: 'loopback of the HMI' }]),
    ...epb(false, 0, 1_471_000_000_500_000, loopback),
  ]);
  await page
    .getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump')
    .setInputFiles({ name: 'sections.pcapng', mimeType: 'application/octet-stream', buffer: Buffer.from(file) });
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '2');
  await expect(page.getByText('2 sections, 2 interfaces')).toBeVisible();
  await expect(page.getByText('captured at the plant')).toBeVisible();
  await expect(page.getByText('loopback of the HMI')).toBeVisible();
  await row(page, 1).click();
  await expect(page.getByText('Comments on frame 1')).toBeVisible();
  await expect(page.getByText('the CR that started it')).toBeVisible();
  await row(page, 2).click();
  await expect(tree(page).locator('[data-layer="null"]')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/capture-sections.png` });
});
