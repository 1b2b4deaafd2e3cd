// A capture bigger than what the capture worker keeps in memory (the latest 4 MiB while it is read): older frames are
// read back from the File, as Wireshark reads a frame back from its file. Shown, filtered and followed after the file
// is indexed, an early frame shows its own bytes.
import { expect, test, type Page } from '@playwright/test';
import { benchCapture } from '../scripts/bench-capture';
import { readCapture } from '../src/inputs/capture';
import { byteCell, open, packetList, SHOTS } from './ui';

const FRAMES = 30_000;
const capture = benchCapture(FRAMES); // 6.2 MB
const reader = readCapture(capture.bytes);
const bytesOf = (n: number) => reader.frameBytes(n)!;

/** A frame's TCP ports and payload (Ethernet, IPv4, TCP: what the bench capture is made of). */
function tcpOf(n: number) {
  const b = bytesOf(n);
  const ip = 14;
  const tcp = ip + (b[ip]! & 0x0f) * 4;
  const end = ip + ((b[ip + 2]! << 8) | b[ip + 3]!);
  const ports = [(b[tcp]! << 8) | b[tcp + 1]!, (b[tcp + 2]! << 8) | b[tcp + 3]!].sort().join();
  return { ports, payload: b.subarray(tcp + (b[tcp + 12]! >> 4) * 4, end) };
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (x) => x.toString(16).padStart(2, '0')).join(' ');
const selectedRow = (page: Page) => packetList(page).locator('[role="row"][aria-selected="true"]');
const goTo = async (page: Page, n: number) => {
  await packetList(page).focus();
  await page.keyboard.press('Control+g');
  await page.keyboard.type(String(n));
  await page.keyboard.press('Enter');
  await expect(selectedRow(page)).toHaveAttribute('data-frame', String(n));
};

test('a capture larger than the bytes kept: an early frame, a filter and Follow read their bytes back from the file', async ({
  page,
}) => {
  expect(capture.bytes.length).toBeGreaterThan(5 * 1024 * 1024);
  const errors = await open(page, { size: { width: 1280, height: 800 } });
  await page
    .getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump')
    .setInputFiles({ name: 'bench.pcap', mimeType: 'application/octet-stream', buffer: Buffer.from(capture.bytes) });
  await page.locator(`[data-frame-count="${FRAMES}"]`).waitFor();
  await expect(page.locator('section[aria-labelledby="capture-heading"] p[role="status"]')).not.toContainText(
    'Reading',
  );

  // The end of the file (kept), then frame 7 (read back): its bytes, to its last octet.
  await goTo(page, FRAMES - 5);
  await goTo(page, 7);
  const seventh = bytesOf(7);
  for (const offset of [0, 14, 54, seventh.length - 1])
    await expect(byteCell(page, offset)).toHaveText(hex(seventh.subarray(offset, offset + 1)));
  await page.screenshot({ path: `${SHOTS}/read-back-frame.png` });

  // A filter on a dissected field over the first frames: each one read back and dissected. DT TPDUs: COTP code 0xf0
  // in any TPKT of the payload (some segments carry two).
  const isDt = (n: number) => {
    const { payload } = tcpOf(n);
    for (let at = 0; at + 6 <= payload.length; at += (payload[at + 2]! << 8) | payload[at + 3]!)
      if ((payload[at + 5]! & 0xf0) === 0xf0) return true;
    return false;
  };
  const dts = Array.from({ length: 60 }, (_, i) => i + 1).filter(isDt);
  const filterBox = page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' });
  await filterBox.fill('cotp.type == 0x0f && frame.number <= 60');
  await filterBox.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Displayed:' })).toContainText(
    `Displayed: ${dts.length} of ${FRAMES.toLocaleString('en')} frames · filter finished`,
  );
  const shown = packetList(page).locator('[role="row"][data-frame]');
  for (const i of [0, 1, 2]) await expect(shown.nth(i)).toHaveAttribute('data-frame', String(dts[i]));

  // Follow TCP Stream from frame 7: its conversation's first payload, byte for byte.
  const { ports } = tcpOf(7);
  const first = Array.from({ length: 60 }, (_, i) => i + 1).find(
    (n) => tcpOf(n).ports === ports && tcpOf(n).payload.length > 0,
  )!;
  await goTo(page, 7);
  await selectedRow(page).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Follow' }).click();
  await page.getByRole('menuitem', { name: 'TCP Stream' }).click();
  const panel = page.getByRole('dialog', { name: /Follow TCP Stream/ });
  await panel.getByText('Hex dump', { exact: true }).click();
  const payload = tcpOf(first).payload;
  const line = `00000000  ${hex(payload.subarray(0, 8))}  ${hex(payload.subarray(8, 16))}`;
  const chunk = panel.getByRole('list', { name: 'Stream contents' }).locator(':scope > li').first();
  await expect(chunk).toContainText(line);
  await expect(chunk.getByRole('button', { name: `Frame ${first}` })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/read-back-follow.png` });
  expect(dts.length).toBeGreaterThan(3);
  expect(dts.length).toBeLessThan(60);
  expect(errors).toEqual([]);
});
