// From a laptop screen to a wide monitor: nothing overlaps or spills out of the window, and every divider between
// panes can be dragged or moved from the keyboard, the sizes kept across a reload.
import { expect, test, type Page } from '@playwright/test';
import { dragBy, field, open, openCapture, pasteKb, SHOTS } from './ui';

interface Box {
  readonly what: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The panes, the dividers and the header's controls, with their boxes on screen. */
async function layoutBoxes(page: Page): Promise<{
  panes: Box[];
  controls: Box[];
  scroll: { width: number; height: number; clientWidth: number; clientHeight: number };
}> {
  return page.evaluate(() => {
    const box = (el: Element, what: string) => {
      const r = el.getBoundingClientRect();
      return { what, x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const label = (el: Element) =>
      el.getAttribute('aria-label') ??
      el.querySelector('[aria-label]')?.getAttribute('aria-label') ??
      el.textContent?.trim().slice(0, 24) ??
      '?';
    const panes = [
      box(document.querySelector('header')!, 'header'),
      ...[...document.querySelectorAll('main [data-pane]')].map((el) =>
        box(el, `pane ${el.getAttribute('data-pane')}`),
      ),
      ...[...document.querySelectorAll('main [role="separator"][data-resizes]')].map((el) =>
        box(el, `divider ${el.getAttribute('aria-label')}`),
      ),
    ];
    const controls = [
      box(document.querySelector('header h1')!, 'title'),
      ...[...document.querySelectorAll('header nav > *')].map((el) => box(el, `control ${label(el)}`)),
    ];
    // Every control in sight, header or not: two of them on top of each other is a layout bug wherever it happens.
    const inSight = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width >= 4 && r.height >= 4 && el.checkVisibility() && r.bottom <= innerHeight && r.right <= innerWidth;
    };
    controls.push(
      ...[...document.querySelectorAll('main button, main select, main input, main textarea, main [role="tab"]')]
        .filter(inSight)
        .map((el) => box(el, `${el.tagName.toLowerCase()} ${label(el)}`)),
    );
    const root = document.documentElement;
    return {
      panes,
      controls,
      scroll: {
        width: root.scrollWidth,
        height: root.scrollHeight,
        clientWidth: root.clientWidth,
        clientHeight: root.clientHeight,
      },
    };
  });
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;

function problemsWith(boxes: Box[], width: number, height: number): string[] {
  const out: string[] = [];
  for (const b of boxes) {
    if (b.width < 1 || b.height < 1) out.push(`${b.what} is not shown`);
    if (b.x < -0.5 || b.y < -0.5 || b.x + b.width > width + 0.5 || b.y + b.height > height + 0.5)
      out.push(`${b.what} leaves the window`);
  }
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      if (overlaps(boxes[i]!, boxes[j]!)) out.push(`${boxes[i]!.what} overlaps ${boxes[j]!.what}`);
  return out;
}

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 2560, height: 1440 },
];

for (const size of SIZES) {
  for (const view of ['paste', 'capture'] as const) {
    test(`nothing overlaps or spills out at ${size.width}×${size.height} (${view} view)`, async ({ page }) => {
      const errors = await open(page, { size });
      if (view === 'paste') {
        await pasteKb(page);
        await field(page, 'tcp.flags').click();
      } else {
        await openCapture(page, 's7comm_reading_plc_status.pcap', '240');
        await page.locator('[data-frame="4"]').click();
      }
      const { panes, controls, scroll } = await layoutBoxes(page);
      expect(panes.length).toBeGreaterThanOrEqual(view === 'paste' ? 7 : 9);
      expect(problemsWith(panes, size.width, size.height)).toEqual([]);
      expect(problemsWith(controls, size.width, size.height)).toEqual([]);
      // The page itself never scrolls: each pane scrolls its own content.
      expect(scroll.width).toBeLessThanOrEqual(scroll.clientWidth);
      expect(scroll.height).toBeLessThanOrEqual(scroll.clientHeight);
      // The panes are usable: the tree and the hex view show several rows.
      const tree = panes.find((b) => b.what === 'pane tree')!;
      expect(tree.height).toBeGreaterThan(view === 'paste' ? 300 : 150);
      if (size.width === 1280) await page.screenshot({ path: `${SHOTS}/layout-${view}-1280x720.png` });
      expect(errors).toEqual([]);
    });
  }
}

const divider = (page: Page, name: string) => page.getByRole('separator', { name });
const widthOf = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!.width;
const heightOf = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!.height;

test('the dividers resize the panes by mouse and keyboard, and the sizes survive a reload', async ({ page }) => {
  const errors = await open(page);
  await pasteKb(page);
  const aside = '[data-pane="input"]';
  const before = await widthOf(page, aside);

  // Drag the input pane's divider 100 px to the right.
  const bar = divider(page, 'Resize the input pane');
  await dragBy(page, bar, 100, 0);
  expect(Math.abs((await widthOf(page, aside)) - (before + 100))).toBeLessThanOrEqual(2);
  await expect(bar).toHaveAttribute('aria-valuenow', String(Math.round(before + 100)));

  // The keyboard: 16 px a press, Home to the smallest, Enter back to the default.
  await bar.focus();
  await page.keyboard.press('ArrowLeft');
  expect(Math.abs((await widthOf(page, aside)) - (before + 84))).toBeLessThanOrEqual(2);
  await page.keyboard.press('Home');
  expect(Math.round(await widthOf(page, aside))).toBe(240);
  await page.keyboard.press('Enter');
  expect(Math.round(await widthOf(page, aside))).toBe(Math.round(before));
  await page.keyboard.press('Shift+ArrowRight');
  expect(Math.round(await widthOf(page, aside))).toBe(Math.round(before + 64));

  // The tree and the detail panel share their row.
  const treePane = '[data-pane="tree"]';
  const treeBefore = await widthOf(page, treePane);
  await divider(page, 'Resize the field tree and the detail panel').focus();
  await page.keyboard.press('Shift+ArrowLeft');
  expect(await widthOf(page, treePane)).toBeLessThan(treeBefore - 40);

  // The hex view: smaller with Down (its divider moves down), and never beyond its bytes.
  const hexPane = '[data-pane="hex"]';
  const hexBefore = await heightOf(page, hexPane);
  const hexBar = divider(page, 'Resize the hex view');
  await hexBar.focus();
  await page.keyboard.press('Shift+ArrowDown');
  expect(await heightOf(page, hexPane)).toBeLessThan(hexBefore - 20);
  await page.keyboard.press('End');
  expect(Math.round(await heightOf(page, hexPane))).toBe(Math.round(hexBefore));
  await page.keyboard.press('Shift+ArrowDown');
  const hexAfter = await heightOf(page, hexPane);
  await page.screenshot({ path: `${SHOTS}/layout-resized.png` });

  const treeAfter = await widthOf(page, treePane);
  await page.reload();
  await pasteKb(page);
  expect(Math.round(await widthOf(page, aside))).toBe(Math.round(before + 64));
  expect(Math.abs((await widthOf(page, treePane)) - treeAfter)).toBeLessThanOrEqual(2);
  expect(Math.abs((await heightOf(page, hexPane)) - hexAfter)).toBeLessThanOrEqual(2);
  expect(errors).toEqual([]);
});

test('with a capture open, the packet list has its own divider', async ({ page }) => {
  await open(page);
  await openCapture(page, 's7comm_reading_plc_status.pcap', '240');
  const list = '[data-pane="packets"]';
  const before = await heightOf(page, list);
  const bar = divider(page, 'Resize the packet list');
  // The list starts with most of the height (at least 15 rows at 1280×800): dragged up, it gives some back.
  await dragBy(page, bar, 0, -80);
  expect(Math.abs((await heightOf(page, list)) - (before - 80))).toBeLessThanOrEqual(3);
  await bar.focus();
  await page.keyboard.press('Home');
  expect(await heightOf(page, list)).toBeLessThan(before - 80);
  await page.keyboard.press('End');
  expect(await heightOf(page, list)).toBeGreaterThan(before);
  const { panes } = await layoutBoxes(page);
  expect(problemsWith(panes, 1280, 720)).toEqual([]);
});
