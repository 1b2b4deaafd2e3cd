// Go to frame and Find Packet through the store, with the worker's session in-process: the frame typed or found is
// selected (its tree shown, found bytes selected), and every refusal says why.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFilter, closeCapture, setFilterText } from './capture-actions';
import { openFile } from './open-file';
import { expertStoreOf, setExpertOpen } from './expert';
import {
  closeNavBar,
  findStatusText,
  findStep,
  navStoreOf,
  openNavBar,
  setFindQuery,
  setGoToText,
  shownBar,
  type NavState,
} from './find';
import { goToFrame } from './go-to-frame';
import { currentView, selectedNode } from './selectors';
import type { AppState, AppStore } from './store';
import { storesForTests, until } from './testing/stores';

const PLC_STATUS = 's7comm_reading_plc_status.pcap';
const capture = (name: string) =>
  new Blob([readFileSync(new URL(`../../../shared/captures/${name}`, import.meta.url))]);

const { store, closeAll } = storesForTests();
afterEach(closeAll);

async function opened(name = PLC_STATUS): Promise<AppStore> {
  const s = store();
  await openFile(s, capture(name));
  await until(s, (state: AppState) => state.capture?.done === true && state.frames.length === 1);
  return s;
}

/** The frame shown in the tree, once it is `number`. */
const shown = (s: AppStore, number: number) =>
  until(s, (state: AppState) => currentView(state)?.frame.number === number);
const searched = (s: AppStore) => until(navStoreOf(s), (n: NavState) => n.status.kind !== 'searching');

describe('go to frame', { timeout: 120_000 }, () => {
  it('selects the frame typed and closes the bar', async () => {
    const s = await opened();
    openNavBar(s, 'goto');
    expect(shownBar(navStoreOf(s).getState(), s.getState().capture?.session)).toBe('goto');
    setGoToText(s, ' 100 ');
    expect(goToFrame(s)).toBe(true);
    expect(s.getState().capture?.selected).toBe(100);
    await shown(s, 100);
    expect(navStoreOf(s).getState().bar).toBeUndefined();
  });

  it('says when there is no such frame, or the display filter hides it', async () => {
    const s = await opened();
    openNavBar(s, 'goto');
    const refused = (text: string) => {
      setGoToText(s, text);
      expect(goToFrame(s)).toBe(false);
      return navStoreOf(s).getState().goToMessage;
    };
    expect(refused('')).toBe('Type a frame number (1 to 240).');
    expect(refused('1e2')).toBe('Type a frame number (1 to 240).');
    expect(refused('0')).toBe('There is no frame 0: the capture has 240 frames.');
    expect(refused('241')).toBe('There is no frame 241: the capture has 240 frames.');
    setFilterText(s, 'cotp.type == 0x0e');
    applyFilter(s);
    await until(s, (state: AppState) => state.capture?.filter.done === true);
    expect(refused('9')).toBe("Frame 9 isn't displayed: the display filter hides it.");
    setGoToText(s, '8');
    expect(goToFrame(s)).toBe(true);
    expect(s.getState().capture?.selected).toBe(8);
  });
});

describe('find packet', { timeout: 120_000 }, () => {
  it('finds the next and previous frame a display filter matches, wrapping with a message', async () => {
    const s = await opened();
    openNavBar(s, 'find');
    setFindQuery(s, { mode: 'filter', text: 'cotp.type == 0x0e || cotp.type == 0x0d' });
    findStep(s, 'next');
    await shown(s, 8);
    expect(findStatusText((await searched(s)).status)).toBe('Found frame 8.');
    findStep(s, 'next');
    await shown(s, 9);
    findStep(s, 'next');
    await shown(s, 8);
    expect(findStatusText((await searched(s)).status)).toBe(
      'Found frame 8 — reached the end of the capture, continued from the start.',
    );
    findStep(s, 'previous');
    await shown(s, 9);
    expect(findStatusText((await searched(s)).status)).toBe(
      'Found frame 9 — reached the start of the capture, continued from the end.',
    );
    setFindQuery(s, { text: 'cotp.type == 0x0e' });
    findStep(s, 'next');
    await shown(s, 8);
    findStep(s, 'next');
    expect(findStatusText((await searched(s)).status)).toBe('Frame 8 is the only match.');
    // Frames a search could not read back are said after its result.
    const why = '2 frames could not be read back.';
    expect(findStatusText({ kind: 'not-found', total: 10, filtered: false, unreadable: why })).toBe(
      `No frame matches (10 checked). ${why}`,
    );
    expect(
      findStatusText({ kind: 'found', frame: 8, direction: 'next', wrapped: false, only: true, unreadable: why }),
    ).toBe(`Frame 8 is the only match. ${why}`);
  });

  it('selects the field holding the bytes found', async () => {
    const s = await opened();
    openNavBar(s, 'find');
    setFindQuery(s, { mode: 'hex', text: '03 00 00 29' });
    findStep(s, 'next');
    await shown(s, 56);
    const state = await until(s, (st: AppState) => st.selection !== undefined);
    expect(selectedNode(state)?.field?.id).toBe('tpkt.version');
    expect(state.selection?.start).toBe(54);
    // A string, case ignored: "siemens" is "Siemens" in frame 69 only (tshark: frame contains "Siemens").
    setFindQuery(s, { mode: 'string', text: 'siemens', caseSensitive: true });
    findStep(s, 'next');
    expect(findStatusText((await searched(s)).status)).toBe('No frame matches (240 checked).');
    setFindQuery(s, { caseSensitive: false });
    findStep(s, 'next');
    await shown(s, 69);
  });

  it('checks what is typed as it is typed, and says so when there is nothing to search', async () => {
    const s = await opened();
    openNavBar(s, 'find');
    setFindQuery(s, { mode: 'filter', text: 'cotp.typ == 1' });
    expect(navStoreOf(s).getState().error?.message).toMatch(/neither a field nor a protocol/);
    setFindQuery(s, { mode: 'hex', text: '03 0g' });
    expect(navStoreOf(s).getState().error).toEqual({
      column: 5,
      message: 'Expected a hex digit (0-9, a-f), found "g"',
    });
    setFindQuery(s, { text: '' });
    expect(navStoreOf(s).getState().error).toBeUndefined();
    findStep(s, 'next');
    expect(navStoreOf(s).getState().error?.message).toBe('Type the bytes to find, e.g. 03 00 00 2c');
    closeNavBar(s);
    closeCapture(s);
    findStep(s, 'next');
    expect(findStatusText(navStoreOf(s).getState().status)).toBe('Open a capture to search its frames.');
  });

  it('opening a bar brings the packet list back from Expert Information', async () => {
    const s = await opened();
    setExpertOpen(s, true);
    openNavBar(s, 'find');
    expect(expertStoreOf(s).getState().open).toBe(false);
  });
});
