// RDP that negotiated TLS, in the built app: after the X.224 handshake the frames are TLS records (Protocol TLSv1,
// tshark's Info), their fields in the tree, and no "undecoded" or "not TPKT" note; a record split over segments is
// reassembled in the frame where it completes.
import { expect, test } from '@playwright/test';
import { field, open, openCapture, packetList, SHOTS, tree } from './ui';

const row = (frame: number) => `[role="row"][data-frame="${frame}"]`;

test('zeek_rdp-to-ssl.pcap: a frame of three TLS records shows their fields and no problem', async ({ page }) => {
  const errors = await open(page, { size: { width: 1280, height: 800 } });
  await openCapture(page, 'zeek_rdp-to-ssl.pcap', '658');
  const packets = packetList(page);
  await expect(packets.locator(row(10))).toContainText('TLSv1');
  await expect(packets.locator(row(10))).toContainText(
    'Client Key Exchange, Change Cipher Spec, Encrypted Handshake Message',
  );
  await packets.locator(row(10)).click();
  await field(page, 'tls.record.content_type').click();
  await expect(page.getByRole('region', { name: 'Field detail' })).toContainText('RFC 8446');
  await expect(tree(page)).toContainText('Handshake (22)');
  await expect(tree(page)).toContainText('Encrypted Handshake Message');
  await expect(tree(page)).not.toContainText(/undecoded|not TPKT/i);
  await expect(page.getByRole('heading', { name: /^Problems in frame 10/ })).toContainText('(0)');
  await page.screenshot({ path: `${SHOTS}/tls-records.png` });
  expect(errors).toEqual([]);
});

test('zeek_rdp-to-ssl.pcap: a TLS record over three segments is decoded where it completes', async ({ page }) => {
  const errors = await open(page, { size: { width: 1280, height: 800 } });
  await openCapture(page, 'zeek_rdp-to-ssl.pcap', '658');
  const packets = packetList(page);
  const filter = page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' });
  await filter.fill('frame.number >= 78 && frame.number <= 80');
  await filter.press('Enter');
  await expect(packets.locator(row(78))).toContainText('[TLS segment, completed in frame 80]');
  await packets.locator(row(80)).click();
  await page.getByRole('tab', { name: /^Reassembled TLS record \(3 segments/ }).click();
  await field(page, 'tls.app_data').click();
  await expect(tree(page)).not.toContainText(/undecoded|not TPKT/i);
  await page.screenshot({ path: `${SHOTS}/tls-reassembled.png` });
  expect(errors).toEqual([]);
});
