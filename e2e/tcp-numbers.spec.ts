// TCP as Wireshark users read it: the stream index and relative numbers in the packet list and the tree, a filter on
// tcp.stream, and the "TCP sequence numbers" preference in Decode options, which a permalink carries (an old link,
// made before the preference, opens with relative numbers). s7comm_reading_plc_status.pcap: stream 0 is two SYNs from
// 49196 that nobody answers, stream 1 the S7 connection from 4305 (frames 5 on).
import { expect, test, type Page } from '@playwright/test';
import { addressLink, field, open, openCapture, packetList, pasteKb, SHOTS, tree } from './ui';

const row = (page: Page, frame: number) => packetList(page).locator(`[role="row"][data-frame="${frame}"]`);
const filterBox = (page: Page) => page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' });
const sequenceNumbers = (page: Page) =>
  page.getByRole('dialog', { name: 'Decode options' }).getByRole('group', { name: 'TCP sequence numbers' });

// The KB frame as linked before the preference existed (src/permalink/codec.test.ts "old links keep working").
const OLD_LINK =
  'v1.AWNMYmBYxHDAi6Eh_soCD5BWhpCXyxwYFNhYuNrUTHzb1HSiGNLYhBnPu52Ijc4yDJBQ4kwoZmBgFmTQUb_AeIpBk-Egb3C4Z3Cwj6eba0iwY8AhXtcIZw9HP3cwz_AAIzcjvzkvSupY8UlxPgA';

test('a capture: relative numbers and the stream index as tshark shows them; the preference turns them raw', async ({
  page,
}) => {
  const errors = await open(page, { size: { width: 1440, height: 1000 } });
  await openCapture(page, 's7comm_reading_plc_status.pcap', '240');
  await expect(row(page, 5)).toContainText('4305 → 102 [SYN] Seq=0 Win=8192 Len=0 MSS=1460 WS=256 SACK_PERM');
  await expect(row(page, 6)).toContainText('102 → 4305 [SYN, ACK] Seq=0 Ack=1 Win=4096 Len=0 MSS=1460');
  await expect(row(page, 7)).toContainText('4305 → 102 [ACK] Seq=1 Ack=1 Win=64240 Len=0');
  await row(page, 7).click();
  await expect(field(page, 'tcp.stream')).toContainText('Stream index: 1');
  await expect(field(page, 'tcp.seq')).toContainText('Sequence Number: 1 (relative sequence number)');
  await expect(field(page, 'tcp.ack')).toContainText('Acknowledgment Number: 1 (relative ack number)');
  await expect(field(page, 'tcp.nxtseq')).toContainText('Next Sequence Number: 1');
  await expect(field(page, 'tcp.timestamps')).toContainText('Timestamps');
  // The TCP layer in view, its relative sequence number selected (its bytes, its meaning).
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await tree(page)
    .getByRole('treeitem', { name: /^Transmission Control Protocol/ })
    .click();
  await page.keyboard.press('ArrowRight');
  await field(page, 'tcp.seq').click();
  await page.screenshot({ path: `${SHOTS}/tcp-numbers-packet-list-and-tree.png` });

  // tcp.stream is a filter like any other.
  await filterBox(page).fill('tcp.stream == 0');
  await filterBox(page).press('Enter');
  await expect(packetList(page).locator('[role="row"][data-frame]')).toHaveCount(2);
  await filterBox(page).fill('');
  await filterBox(page).press('Enter');

  await page.getByRole('button', { name: /^Decode options/ }).click();
  await expect(sequenceNumbers(page).getByRole('radio', { name: /^Relative/ })).toBeChecked();
  await sequenceNumbers(page).getByRole('radio', { name: 'As on the wire' }).check();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: /^Decode options/ })).toContainText('1');
  await expect(row(page, 7)).toContainText('4305 → 102 [ACK] Seq=1336694070 Ack=195994 Win=64240 Len=0');
  await row(page, 7).click();
  await expect(field(page, 'tcp.seq')).toContainText('Sequence Number: 1336694070');
  await expect(tree(page)).not.toContainText('relative sequence number');
  await page.screenshot({ path: `${SHOTS}/tcp-numbers-raw.png` });
  expect(errors).toEqual([]);
});

test('the permalink carries the preference; a link made before it opens with relative numbers', async ({
  page,
  context,
}) => {
  const errors = await open(page);
  await pasteKb(page);
  // A frame on its own: its numbers relative to themselves, as tshark on a capture of that one frame.
  await expect(field(page, 'tcp.seq')).toContainText('Sequence Number: 1 (relative sequence number)');
  await page.getByRole('button', { name: /^Decode options/ }).click();
  await sequenceNumbers(page).getByRole('radio', { name: 'As on the wire' }).check();
  await page.keyboard.press('Escape');
  await expect(field(page, 'tcp.seq')).toContainText('Sequence Number: 30361288');
  await expect.poll(() => addressLink(page)?.options.relativeSequenceNumbers).toBe(false);

  const fresh = await context.newPage();
  await fresh.goto(page.url());
  await expect(field(fresh, 'tcp.seq')).toContainText('Sequence Number: 30361288');
  await fresh.getByRole('button', { name: /^Decode options/ }).click();
  await expect(sequenceNumbers(fresh).getByRole('radio', { name: 'As on the wire' })).toBeChecked();
  await fresh.close();

  const old = await context.newPage();
  await old.goto(`./#${OLD_LINK}`);
  await expect(field(old, 'tcp.seq')).toContainText('Sequence Number: 1 (relative sequence number)');
  await old.getByRole('button', { name: /^Decode options/ }).click();
  await expect(sequenceNumbers(old).getByRole('radio', { name: /^Relative/ })).toBeChecked();
  await old.close();
  expect(errors).toEqual([]);
});
