// From a capture: the frames the packet list displays (all, or those passing the filter) download as pcap and
// pcapng with their capture timestamps, and tshark reads them back identical to the same frames of the original.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { createCaptureReader } from '../src/inputs/capture';
import { epochTime } from '../src/inputs/capture-time';

const HAS_TSHARK = spawnSync('tshark', ['--version']).status === 0;
const CAPTURE = fileURLToPath(
  new URL('../../shared/captures/s7comm_program_blocklist_onlineview.pcap', import.meta.url),
);

/** Frame 9 of CAPTURE, as tshark's frame.time_epoch says. */
const ORIGINAL_FRAME_9_EPOCH = '1408528850.340154';

const packetList = (page: Page) => page.getByRole('grid', { name: 'Packets' });
const filterBox = (page: Page) => page.getByRole('textbox', { name: 'Display filter (Wireshark syntax)' });
const panel = (page: Page) => page.getByRole('dialog', { name: 'Share and export' });

/** Opens CAPTURE and applies `filter`; returns the list of uncaught page errors, which grows. */
async function openFiltered(page: Page, filter: string): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  await page.getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump').setInputFiles(CAPTURE);
  await expect(packetList(page)).toHaveAttribute('data-frame-count', '140');
  await filterBox(page).fill(filter);
  await filterBox(page).press('Enter');
  return errors;
}

/** Frame bytes and epoch times as tshark reads them: `-Y` picks frames of the original. */
function tsharkFrames(path: string, filter?: string): string[] {
  const read = spawnSync('tshark', ['-r', path, ...(filter ? ['-Y', filter] : []), '-T', 'json', '-x'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(read.status, read.stderr).toBe(0);
  type Packet = { _source: { layers: { frame_raw: [string]; frame: Record<string, string> } } };
  return (JSON.parse(read.stdout) as Packet[]).map(
    (p) =>
      `${p._source.layers.frame['frame.time_epoch']} ${p._source.layers.frame['frame.len']} ${p._source.layers.frame_raw[0]}`,
  );
}

for (const format of ['pcap', 'pcapng'] as const) {
  test(`the ${format} of the frames a filter displays holds exactly those frames, with their timestamps`, async ({
    page,
  }) => {
    const errors = await openFiltered(page, 'cotp.type == 0x0d');
    await expect(packetList(page).locator('[role="row"][data-frame]')).toHaveCount(5);
    await page.getByRole('button', { name: /Share \/ Export/ }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel(page)
        .getByRole('button', { name: `Download the 5 displayed frames as ${format}`, exact: true })
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe(`framescope-5-frames.${format}`);
    if (HAS_TSHARK) {
      mkdirSync('reports/downloads', { recursive: true });
      const path = `reports/downloads/capture-${download.suggestedFilename()}`;
      await download.saveAs(path);
      expect(tsharkFrames(path)).toEqual(tsharkFrames(CAPTURE, 'cotp.type == 0x0d'));
    }
    expect(errors).toEqual([]);
  });
}

test('the frame shown, downloaded alone, keeps the time it was captured at (not 1970-01-01)', async ({ page }) => {
  const errors = await openFiltered(page, 'frame.number == 9');
  await packetList(page).locator('[role="row"][data-frame="9"]').click();
  await page.getByRole('button', { name: /Share \/ Export/ }).click();
  for (const format of ['pcap', 'pcapng'] as const) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel(page)
        .getByRole('button', { name: `Download frame 9 as ${format}`, exact: true })
        .click(),
    ]);
    const reader = createCaptureReader();
    reader.push(readFileSync(await download.path()));
    reader.end();
    const record = reader.frame(1);
    expect(record?.time && epochTime(record.time, 6)).toBe(ORIGINAL_FRAME_9_EPOCH);
  }
  expect(errors).toEqual([]);
});
