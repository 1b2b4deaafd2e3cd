// TCP sequence analysis in the app: Wireshark's tcp.analysis.* as filters, the "[SEQ/ACK analysis]" subtree, and the
// problem a flag raises, on the frame's mark in the packet list and in its problems. zeek_rdp-x509.pcap: a SYN and a
// SYN-ACK sent again (frames 3, 4), a response sent again (8), a request sent again after its ACK (9, spurious).
import { expect, test, type Page } from '@playwright/test';
import { field, open, openCapture, packetList, SHOTS, tree } from './ui';

const row = (page: Page, frame: number) => packetList(page).locator(`[role="row"][data-frame="${frame}"]`);
const filterBox = (page: Page) => page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' });
const problems = (page: Page) => page.getByRole('list', { name: /^Problems in frame/ });

test('tcp.analysis.retransmission filters the list; a spurious retransmission shows its flag and one note', async ({
  page,
}) => {
  const errors = await open(page, { size: { width: 1440, height: 1000 } });
  await openCapture(page, 'zeek_rdp-x509.pcap', '15');
  await filterBox(page).fill('tcp.analysis.retransmission');
  await filterBox(page).press('Enter');
  await expect(packetList(page).locator('[role="row"][data-frame]')).toHaveCount(4);
  for (const frame of [3, 4, 8, 9]) await expect(row(page, frame)).toBeVisible();
  await expect(row(page, 9).getByRole('img')).toHaveCount(1);
  // Info as tshark writes it: the analysis marker first.
  await expect(row(page, 9)).toContainText('[TCP Spurious Retransmission] 54990 → 3389 [PSH, ACK] Seq=1 Ack=1');
  await expect(row(page, 3)).toContainText('[TCP Retransmission] 3389 → 54990 [SYN, ACK]');

  await row(page, 9).click();
  await expect(field(page, 'tcp.analysis')).toContainText('SEQ/ACK analysis');
  await expect(field(page, 'tcp.analysis.initial_rtt')).toContainText('iRTT: 4.145532000 seconds');
  await expect(field(page, 'tcp.analysis.retransmission')).toContainText('This frame is a (suspected) retransmission');
  await expect(field(page, 'tcp.analysis.spurious_retransmission')).toContainText('spurious retransmission');
  // One fact, one problem: the spurious retransmission's note (not the retransmission's too, nor the reassembly's).
  await expect(problems(page)).toContainText('tcp.analysis.spurious_retransmission');
  await expect(problems(page).getByRole('listitem')).toHaveCount(1);
  await field(page, 'tcp.analysis.spurious_retransmission').click();
  await page.screenshot({ path: `${SHOTS}/tcp-analysis-spurious.png` });

  await filterBox(page).fill('tcp.analysis.flags && !tcp.analysis.retransmission');
  await filterBox(page).press('Enter');
  await expect(packetList(page).locator('[role="row"][data-frame]')).toHaveCount(1);
  await expect(row(page, 15)).toContainText('[TCP Dup ACK 11#1] 54990 → 3389 [ACK] Seq=494 Ack=20');
  await row(page, 15).click();
  await expect(tree(page)).toContainText('Duplicate ACK #: 1');
  await expect(field(page, 'tcp.analysis.duplicate_ack_frame')).toContainText('Duplicate to the ACK in frame: 11');
  expect(errors).toEqual([]);
});
