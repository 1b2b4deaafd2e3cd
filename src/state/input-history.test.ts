// Nothing lost: a file that is not a capture or a dump leaves the text or capture on screen and says what it is (by
// the CLI's sniffer, from its bytes); an input that replaces the view can be undone (the worker runs in-process here).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { selectFrame, selectNode, setInputText } from './actions';
import { openExample } from './examples';
import { canStepInput, closeCaptureInput, pasteText, stepInput } from './input-history';
import { openFile } from './open-file';
import { currentPermalink, restorePermalink } from './permalink';
import { currentView, selectedNode } from './selectors';
import type { AppState, AppStore } from './store';
import { storesForTests, until } from './testing/stores';

const KB = readFileSync(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url), 'utf8');
const captureFile = (name: string) =>
  new File([readFileSync(new URL(`../../../shared/captures/${name}`, import.meta.url))], name);
/** The first bytes of a PNG file: its signature and the start of its IHDR chunk. */
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
/** An IPv4 header alone (to 10.0.0.`host`): another input than KB. */
const ipDump = (host = 2) =>
  `0000  45 00 00 14 00 00 40 00 40 06 00 00 0a 00 00 01\n0010  0a 00 00 ${host.toString(16).padStart(2, '0')}\n`;
const SHORT_DUMP = ipDump();

const { store, closeAll } = storesForTests();
afterEach(closeAll);

const captureShown = (s: AppStore, frames: number) =>
  until(s, (state) => state.capture?.done === true && state.capture.frameCount === frames && state.frames.length === 1);

/** The KB frame pasted, its reserved octet selected: what a wrong file must not take away. */
function pastedKb(): AppStore {
  const s = store();
  setInputText(s, KB);
  const view = currentView(s.getState())!;
  selectNode(
    s,
    view.order.find((k) => view.nodes.get(k)!.field?.id === 'tpkt.reserved')!,
  );
  return s;
}

function expectKbShown(state: AppState): void {
  expect(state.text).toBe(KB);
  expect(state.capture).toBeUndefined();
  expect(currentView(state)!.frame.summary.info).toMatch(/^CC TPDU/);
}

describe('a file that is not a capture or a dump is not opened', () => {
  it('an empty file after a paste: the paste, its frame and its selection stay; the message says it was empty', async () => {
    const s = pastedKb();
    const before = s.getState();
    await openFile(s, new File([], 'empty.pcap'));
    const after = s.getState();
    expect(after.text).toBe(KB);
    expect(after.frames).toBe(before.frames);
    expect(after.selection).toBe(before.selection);
    expect(after.notice).toEqual({
      kind: 'refused',
      message: 'Not opened: empty.pcap is empty (0 bytes). Your text is unchanged.',
    });
    expect(canStepInput(s, 'back')).toBe(false);
  });

  it('a PNG image says so', async () => {
    const s = pastedKb();
    await openFile(s, new File([PNG], 'capture.pcap'));
    expect(s.getState().text).toBe(KB);
    expect(s.getState().notice?.message).toBe(
      'Not opened: capture.pcap is a PNG image, not a capture or a hex dump. Your text is unchanged.',
    );
  });

  it('a text file named .gz: its bytes decide — a dump loads as text, other text is not opened and not gzip', async () => {
    const s = pastedKb();
    await openFile(s, new File(['rm -rf / # not a dump\n'], 'trace.pcap.gz'));
    expect(s.getState().text).toBe(KB);
    expect(s.getState().notice?.message).toBe(
      'Not opened: trace.pcap.gz is text that holds no hex dump framescope recognises. Its name ends in .gz, but it is not gzip-compressed. Your text is unchanged.',
    );
    await openFile(s, new File([SHORT_DUMP], 'short.txt.gz'));
    expect(s.getState().text).toBe(SHORT_DUMP);
    expect(currentView(s.getState())!.bytes.length).toBe(20);
    expect(s.getState().notice).toEqual({
      kind: 'changed',
      message: 'Opened short.txt.gz, replacing your text.',
      step: 'back',
    });
  });

  it('gzip holding no capture, and binary data, say what they are', async () => {
    const s = pastedKb();
    await openFile(s, new File([gzipSync(new TextEncoder().encode('hello'))], 'x.gz'));
    expect(s.getState().notice?.message).toBe(
      'Not opened: x.gz is gzip-compressed, but what it holds is not a pcap or pcapng capture (it holds text). Your text is unchanged.',
    );
    await openFile(s, new File([Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])], 'a.out'));
    expect(s.getState().notice?.message).toMatch(/^Not opened: a\.out is binary data .*starts with 7f 45 4c 46/);
    expect(s.getState().text).toBe(KB);
  });

  it('a file that cannot be read says so', async () => {
    const s = pastedKb();
    const unreadable = Object.assign(new Blob([KB]), {
      name: 'gone.txt',
      slice: () => ({ arrayBuffer: () => Promise.reject(new Error('the file was moved')) }),
    }) as unknown as File;
    await openFile(s, unreadable);
    expect(s.getState().notice?.message).toBe(
      'Not opened: gone.txt could not be read (the file was moved). Your text is unchanged.',
    );
    expect(s.getState().text).toBe(KB);
  });

  it('over an open capture: the capture stays open', { timeout: 120_000 }, async () => {
    const s = store();
    await openFile(s, captureFile('emreekin_pro2.pcap'));
    const shown = await captureShown(s, 2);
    await openFile(s, new File(['no bytes here'], 'notes.txt'));
    expect(s.getState().capture).toBe(shown.capture);
    expect(s.getState().notice?.message).toBe(
      'Not opened: notes.txt is text that holds no hex dump framescope recognises. emreekin_pro2.pcap stays open.',
    );
  });
});

describe('an input that replaces the view can be undone', { timeout: 120_000 }, () => {
  it('Undo after opening a capture brings the paste back, its selection too; Redo opens the capture again', async () => {
    const s = pastedKb();
    await openFile(s, captureFile('emreekin_pro2.pcap'));
    await captureShown(s, 2);
    expect(s.getState().notice).toEqual({
      kind: 'changed',
      message: 'Opened emreekin_pro2.pcap, replacing your text.',
      step: 'back',
    });
    expect(stepInput(s, 'back')).toBe(true);
    expectKbShown(s.getState());
    expect(selectedNode(s.getState())?.field).toMatchObject({ id: 'tpkt.reserved', offset: 55 });
    expect(s.getState().notice).toEqual({ kind: 'changed', message: 'Back to your text.', step: 'forward' });
    expect(stepInput(s, 'back')).toBe(false);
    expect(stepInput(s, 'forward')).toBe(true);
    await captureShown(s, 2);
    expect(s.getState().capture!.name).toBe('emreekin_pro2.pcap');
  });

  it('"Close capture" is undone too, and the capture comes back', async () => {
    const s = pastedKb();
    await openFile(s, captureFile('emreekin_pro2.pcap'));
    await captureShown(s, 2);
    closeCaptureInput(s);
    expectKbShown(s.getState());
    expect(s.getState().notice).toEqual({ kind: 'changed', message: 'Closed emreekin_pro2.pcap.', step: 'back' });
    stepInput(s, 'back');
    await captureShown(s, 2);
  });

  it('a text file, an example and a paste over the whole text each step back to the one before', () => {
    const s = pastedKb();
    selectFrame(s, 0);
    openExample(s, 'rdp-x224-cr-cookie.txt');
    expect(s.getState().notice?.message).toMatch(/^Opened the example “.*”, replacing your text\.$/);
    pasteText(s, SHORT_DUMP);
    expect(s.getState().text).toBe(SHORT_DUMP);
    expect(s.getState().notice).toBeUndefined(); // a paste is seen as it happens
    stepInput(s, 'back');
    expect(s.getState().notice?.message).toMatch(/^Back to the example “.*”\.$/);
    stepInput(s, 'back');
    expectKbShown(s.getState());
  });

  it('edits made after an input come back with it', () => {
    const s = pastedKb();
    setInputText(s, `${KB}\n${SHORT_DUMP}`);
    pasteText(s, SHORT_DUMP);
    selectFrame(s, 0);
    stepInput(s, 'back');
    expect(s.getState().text).toBe(`${KB}\n${SHORT_DUMP}`);
    expect(s.getState().frames).toHaveLength(2);
  });

  it('over an empty page nothing is replaced: no step back is offered', async () => {
    const s = store();
    await openFile(s, new File([KB], 'kb.txt'));
    expectKbShown(s.getState());
    expect(s.getState().notice).toBeUndefined();
    expect(canStepInput(s, 'back')).toBe(false);
  });

  it('keeps ten inputs back in memory', () => {
    const s = store();
    for (let host = 1; host <= 13; host++) pasteText(s, ipDump(host));
    let steps = 0;
    while (stepInput(s, 'back')) steps++;
    expect(steps).toBe(10);
  });
});

describe('links', () => {
  it('a damaged link keeps the view and says why; a good one replaces it, and Undo brings the paste back', () => {
    const s = pastedKb();
    const frames = s.getState().frames;
    restorePermalink(s, 'v1.AWNMYmBYxHDAi6Eh_soCD5BWhpC');
    expect(s.getState().linkError).toMatch(/damaged/);
    expect(s.getState().frames).toBe(frames);
    expect(s.getState().text).toBe(KB);

    const other = store();
    setInputText(other, SHORT_DUMP);
    const link = currentPermalink(other.getState());
    if (!link?.ok) throw new Error('no link');
    restorePermalink(s, link.fragment);
    expect(currentView(s.getState())!.bytes.length).toBe(20);
    expect(s.getState().linkError).toBeUndefined();
    expect(s.getState().notice?.message).toBe('Opened the linked frame, replacing your text.');
    stepInput(s, 'back');
    expectKbShown(s.getState());
  });
});
