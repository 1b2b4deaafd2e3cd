// Shared by the specs of the "tool people live in" issue (keyboard, themes, accessibility, bytes and bits, examples,
// decode options, layout): opening the app, the KB frame, a capture, and axe's findings as readable lines.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { decodePermalink, type PermalinkState } from '../src/permalink';

// CI clones the repo beside ../shared: the fixture and the captures are read by path, never copied.
export const KB_TEXT = readFileSync(
  fileURLToPath(new URL('../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url)),
  'utf8',
);
export const capturePath = (name: string) => fileURLToPath(new URL(`../../shared/captures/${name}`, import.meta.url));
export const SHOTS = 'reports/screenshots';

/**
 * What the permalink in the address bar holds now; undefined when there is none. The address follows the view after
 * a pause: poll this (`expect.poll`) for the state expected, rather than sleeping past the pause.
 */
export function addressLink(page: Page): PermalinkState | undefined {
  const link = decodePermalink(new URL(page.url()).hash);
  return link.ok ? link.state : undefined;
}

export interface OpenOptions {
  readonly size?: { readonly width: number; readonly height: number };
  /** Relative to the app (a permalink's "./#…"). */
  readonly path?: string;
  /** Count a Content-Security-Policy refusal on the console as an error too. */
  readonly csp?: boolean;
}

/** Opens the app (at 1280×720 unless told); the list collects uncaught page errors. */
export async function open(
  page: Page,
  { size = { width: 1280, height: 720 }, path = './', csp = false }: OpenOptions = {},
): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (csp) {
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
    });
  }
  await page.setViewportSize(size);
  await page.goto(path);
  return errors;
}

export const input = (page: Page) => page.getByRole('textbox', { name: 'Frame bytes (hex dump)' });
export const tree = (page: Page) => page.getByRole('tree', { name: 'Protocol fields' });
export const detail = (page: Page) => page.getByRole('region', { name: 'Field detail' });
export const byteCell = (page: Page, offset: number) => page.locator(`[role="gridcell"][data-offset="${offset}"]`);
export const selectedBytes = (page: Page) => page.locator('[role="gridcell"][aria-selected="true"]');
export const selectedItem = (page: Page) => page.locator('[role="treeitem"][aria-selected="true"]');
export const field = (page: Page, id: string) => tree(page).locator(`[data-field-id="${id}"]`).first();
export const packetList = (page: Page) => page.getByRole('grid', { name: 'Packets' });

export async function pasteKb(page: Page): Promise<void> {
  await input(page).fill(KB_TEXT);
  await field(page, 'tpkt.reserved').waitFor();
}

export async function openCapture(page: Page, name: string, frames: string): Promise<void> {
  await page.getByLabel('Open a capture file (pcap, pcapng, gzip) or a text dump').setInputFiles(capturePath(name));
  await page.locator(`[data-frame-count="${frames}"]`).waitFor();
}

/** Drops a file (a path, or bytes) on the page the way a browser does: a drop event whose DataTransfer holds it. */
export async function dropFile(page: Page, file: string | Uint8Array, name: string): Promise<void> {
  const bytes = [...(typeof file === 'string' ? readFileSync(file) : file)];
  const dataTransfer = await page.evaluateHandle(
    ({ data, fileName }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], fileName));
      return transfer;
    },
    { data: bytes, fileName: name },
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
}

/** Drags a divider by (dx, dy) pixels with the mouse, from its middle, in a few steps as a hand would. */
export async function dragBy(page: Page, handle: Locator, dx: number, dy: number): Promise<void> {
  const box = (await handle.boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 3 });
  await page.mouse.move(x + dx, y + dy, { steps: 3 });
  await page.mouse.up();
}

/** The offsets of the bytes carrying a class. */
export async function offsetsWith(page: Page, className: string): Promise<number[]> {
  return page
    .locator(`[role="gridcell"].${className}`)
    .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-offset'))));
}

/** axe's violations on the page as it is, one line each: "serious color-contrast: selector, …". */
export async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 4)
        .join(', ')}`,
  );
}
