// The capture slice and its actions with the worker's session in-process (no Worker in Node): open, progress, rows,
// selection from the list and the keyboard, the filter and "frames with problems", close, and text files.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyFilter,
  closeCapture,
  moveInPackets,
  receive,
  requestRows,
  selectPacket,
  setFilterText,
  setProblemNotes,
  setProblemsOnly,
  setTimeFormat,
  sortByColumn,
} from './capture-actions';
import { setColumnWidth } from './preferences';
import {
  checksumOffloadHosts,
  checksumOffloadText,
  filterStatusText,
  frameAtRow,
  isSorted,
  packetCount,
  packetRowOf,
  previousFrame,
  rowOfFrame,
  rowTime,
} from './capture';
import { setDecodeOptions, setInputText } from './actions';
import { openFile } from './open-file';
import { currentView, linkedFrameOrigin } from './selectors';
import { currentPermalink, permalinkStateOf, restorePermalink } from './permalink';
import { exportFile } from './exports';
import { createCaptureReader } from '../inputs/capture';
import type { AppStore } from './store';
import { storesForTests, until } from './testing/stores';

const capture = (name: string) =>
  new Blob([readFileSync(new URL(`../../../shared/captures/${name}`, import.meta.url))]);
const KB = readFileSync(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url), 'utf8');

const { store, closeAll } = storesForTests();
afterEach(closeAll);

const opened = (s: AppStore) => until(s, (state) => state.capture?.done === true && state.frames.length === 1);

describe('a capture in the store', { timeout: 120_000 }, () => {
  it('reads the file in the worker, counts its frames and shows the first one', async () => {
    const s = store();
    await openFile(s, Object.assign(capture('dina_pres_trace.pcap'), { name: 'dina_pres_trace.pcap' }));
    const state = await opened(s);
    expect(state.capture).toMatchObject({
      name: 'dina_pres_trace.pcap',
      frameCount: 18,
      bytesRead: 2030,
      size: 2030,
      selected: 1,
      cancelled: false,
    });
    expect(state.capture!.summary!.description).toBe(
      'pcap 2.4, little-endian, microsecond timestamps, LINKTYPE_NULL (0)',
    );
    expect(currentView(state)!.frame.number).toBe(1);
    expect(packetCount(state)).toBe(18);
  });

  it('fetches the rows the list shows, and the frame the user selects', async () => {
    const s = store();
    await openFile(s, capture('dina_pres_trace.pcap'));
    await opened(s);
    requestRows(s, [1, 2, 3, 4]);
    await until(s, () => packetRowOf(s, 4) !== undefined);
    const row = packetRowOf(s, 4)!;
    expect(row).toMatchObject({ number: 4, protocol: 'COTP', info: 'CR TPDU src-ref: 0x0001 dst-ref: 0x0000' });
    expect(rowTime(s, row, 'relative')).toBe('0.000531');
    expect(rowTime(s, row, 'utc-date-time')).toBe('2025-02-13 15:08:22.595390');
    expect(rowTime(s, row, 'epoch')).toBe('1739459302.595390');
    selectPacket(s, 4);
    await until(s, (state) => currentView(state)?.frame.number === 4);
    expect(currentView(s.getState())!.frame.layers.map((l) => l.protocol)).toEqual([
      'null',
      'ip',
      'tcp',
      'tpkt',
      'cotp',
    ]);
  });

  it('a frame whose bytes can no longer be read: the panes empty and say why; the next frame shown clears it', async () => {
    const s = store();
    await openFile(s, capture('dina_pres_trace.pcap'));
    await opened(s);
    selectPacket(s, 4);
    await until(s, (state) => currentView(state)?.frame.number === 4);
    const session = s.getState().capture!.session;
    const reason =
      "Frame 4's bytes can no longer be read: the file was changed, moved or deleted after it was opened. Open it again to see them.";
    // An answer about a frame no longer selected changes nothing.
    receive(s, { type: 'frameUnreadable', session, number: 3, reason: 'not this one' });
    expect(s.getState().capture!.frameError).toBeUndefined();
    expect(currentView(s.getState())!.frame.number).toBe(4);
    // The worker's answer for the frame selected: frame 4's fields are not those of the frame shown before.
    receive(s, { type: 'frameUnreadable', session, number: 4, reason });
    expect(s.getState().capture!.frameError).toBe(reason);
    expect(s.getState().capture!.selected).toBe(4);
    expect(currentView(s.getState())).toBeUndefined();
    expect(s.getState().selection).toBeUndefined();
    // Another frame selected: the message goes at once, and that frame is shown when it comes.
    selectPacket(s, 5);
    expect(s.getState().capture!.frameError).toBeUndefined();
    await until(s, (state) => currentView(state)?.frame.number === 5);
    expect(s.getState().capture!.frameError).toBeUndefined();
  });

  it('moves through the list from the keyboard', async () => {
    const s = store();
    await openFile(s, capture('dina_pres_trace.pcap'));
    await opened(s);
    const at = () => s.getState().capture!.selected;
    moveInPackets(s, 'down', 5);
    expect(at()).toBe(2);
    moveInPackets(s, 'pageDown', 5);
    expect(at()).toBe(6);
    moveInPackets(s, 'end', 5);
    expect(at()).toBe(18);
    moveInPackets(s, 'down', 5);
    expect(at()).toBe(18);
    moveInPackets(s, 'pageUp', 5);
    expect(at()).toBe(14);
    moveInPackets(s, 'home', 5);
    expect(at()).toBe(1);
    moveInPackets(s, 'up', 5);
    expect(at()).toBe(1);
  });

  it('filters: a bad filter is refused with its reason as you type; a good one narrows the list to its matches', async () => {
    const s = store();
    await openFile(s, capture('s7comm_program_blocklist_onlineview.pcap'));
    await opened(s);
    setFilterText(s, 'cotp.type === 13');
    expect(s.getState().capture!.filter.error).toMatchObject({ column: 13 });
    applyFilter(s);
    expect(s.getState().capture!.filter.applied).toBe('');
    setFilterText(s, 'cotp.type == 0x0d');
    expect(s.getState().capture!.filter.error).toBeUndefined();
    applyFilter(s);
    const state = await until(s, (st) => st.capture!.filter.done);
    expect(packetCount(state)).toBe(5);
    expect(filterStatusText(state)).toBe('Displayed: 5 of 140 frames · filter finished');
    // Before the worker has checked every frame, the status says how far it got.
    const running = { ...state.capture!.filter, done: false, scanned: 60, matchCount: 2 };
    expect(filterStatusText({ ...state, capture: { ...state.capture!, filter: running } })).toBe(
      'Displayed: 2 of 140 frames · filtering… 60 of 140 checked',
    );
    // Frames the worker could not read back are said once the filter has finished.
    const unread = { ...state.capture!.filter, unreadable: '3 frames could not be read back.' };
    expect(filterStatusText({ ...state, capture: { ...state.capture!, filter: unread } })).toBe(
      'Displayed: 5 of 140 frames · filter finished · 3 frames could not be read back.',
    );
    expect([0, 1, 2, 3, 4].map((row) => frameAtRow(s, row))).toEqual([6, 36, 51, 69, 85]);
    expect(rowOfFrame(s, 51)).toBe(2);
    expect(rowOfFrame(s, 52)).toBe(-1);
    expect(state.capture!.frameCount).toBe(140);
    moveInPackets(s, 'end', 10);
    expect(s.getState().capture!.selected).toBe(85);
  });

  it('"frames with problems" shows warnings and errors, notes one click away, ANDed with the typed filter', async () => {
    // `npm run census`: Sample_File_MMS_and_GOOSE has six frames with a warning: a class 0 CR proposing TPDU size 8192
    // (107), a DT after a segment the capture lacks (114), and four ACKs of data it lacks or after a gap (TCP sequence
    // analysis); ndpi_h323 has no warning or error and 11 frames with notes (retransmissions, H.245 in TPKT not
    // decoded; its three keep-alives are normal traffic, no problem).
    const s = store();
    await openFile(s, capture('Sample_File_MMS_and_GOOSE.pcap'));
    await opened(s);
    setProblemsOnly(s, true);
    expect(s.getState().capture!.filter.applied).toBe('_ws.expert.severity >= warning');
    expect(packetCount(await until(s, (st) => st.capture!.filter.done))).toBe(6);
    expect(frameAtRow(s, 3)).toBe(107);
    setFilterText(s, 'cotp');
    applyFilter(s);
    expect(s.getState().capture!.filter.applied).toBe('(cotp) && _ws.expert.severity >= warning');
    expect(packetCount(await until(s, (st) => st.capture!.filter.done))).toBe(2);

    const h323 = store();
    await openFile(h323, capture('ndpi_h323.pcap'));
    await opened(h323);
    setProblemsOnly(h323, true);
    expect(packetCount(await until(h323, (st) => st.capture!.filter.done))).toBe(0);
    setProblemNotes(h323, true);
    expect(h323.getState().capture!.filter.applied).toBe('_ws.expert');
    expect(packetCount(await until(h323, (st) => st.capture!.filter.done))).toBe(11);
    setProblemNotes(h323, false);
    expect(h323.getState().capture!.filter.applied).toBe('_ws.expert.severity >= warning');
  });

  it('checked strictly, the checksums a host left to its NIC are errors: "frames with problems" finds them', async () => {
    const s = store();
    setDecodeOptions(s, { checksums: 'on' });
    await openFile(s, capture('s7comm_reading_plc_status.pcap'));
    await opened(s);
    setProblemsOnly(s, true);
    expect(packetCount(await until(s, (st) => st.capture!.filter.done))).toBe(148);
  });

  it('says which hosts left their checksums to the NIC, for the capture pane and any other view', async () => {
    const s = store();
    expect(checksumOffloadHosts(s.getState())).toEqual([]);
    await openFile(s, capture('s7comm_reading_plc_status.pcap'));
    const state = await opened(s);
    expect(checksumOffloadHosts(state)).toEqual([{ address: '192.168.1.10', frames: 148, ipv4: 148, tcp: 148 }]);
    expect(checksumOffloadText(state)).toBe(
      'Checksums offloaded to the NIC on 192.168.1.10 (148 frames: IPv4 and TCP): this capture was made on the sending host; they are not errors.',
    );
    setProblemsOnly(s, true);
    expect(packetCount(await until(s, (st) => st.capture!.filter.done))).toBe(0);
  });

  /** dina_pres_trace.pcap open, its frame 4 shown (captured 2025-02-13 15:08:22.595390 UTC). */
  async function showingFrame4(): Promise<AppStore> {
    const s = store();
    await openFile(s, Object.assign(capture('dina_pres_trace.pcap'), { name: 'dina_pres_trace.pcap' }));
    await opened(s);
    selectPacket(s, 4);
    await until(s, (state) => currentView(state)?.frame.number === 4);
    return s;
  }

  it('the frame shown, exported alone as pcap or pcapng, keeps the time and length its record had', async () => {
    const s = await showingFrame4();
    for (const kind of ['pcap', 'pcapng'] as const) {
      const result = exportFile(s.getState(), kind, 'frame');
      const reader = createCaptureReader();
      reader.push(result?.ok ? (result.file.data as Uint8Array) : new Uint8Array(0));
      reader.end();
      expect(reader.frameCount()).toBe(1);
      // Frame 4 of the file: 2025-02-13 15:08:22.595390 UTC, not 1970-01-01.
      expect(reader.frame(1)).toMatchObject({ time: { seconds: 1739459302, nanos: 595_390_000 }, originalLength: 66 });
    }
  });

  it('the link to a frame of the capture says which frame of which file, and when it was captured', async () => {
    const s = await showingFrame4();
    const origin = {
      frame: 4,
      file: 'dina_pres_trace.pcap',
      time: { seconds: 1739459302, nanos: 595_390_000, digits: 6 },
    };
    expect(permalinkStateOf(s.getState())?.origin).toEqual(origin);
    const link = currentPermalink(s.getState());
    const other = store();
    restorePermalink(other, link?.ok ? link.fragment : '');
    expect(currentView(other.getState())?.frame.number).toBe(4);
    expect(linkedFrameOrigin(other.getState())).toEqual(origin);
  });

  it('sorts by a column as a header click does: ascending, descending, capture order; the selection stays', async () => {
    const s = store();
    await openFile(s, capture('ndpi_s7comm.pcap'));
    await opened(s);
    selectPacket(s, 47);
    const sorted = () => until(s, (st) => st.capture!.ordering.ready);
    sortByColumn(s, 'length');
    expect(s.getState().preferences.packetList.sort).toEqual({ column: 'length', direction: 'ascending' });
    await sorted();
    // tshark: frames of 61 bytes first (5, 8, 11, …), the two of 301 bytes (44, 47) last.
    expect([0, 1, 2].map((row) => frameAtRow(s, row))).toEqual([5, 8, 11]);
    expect(rowOfFrame(s, 47)).toBe(54);
    expect(s.getState().capture!.selected).toBe(47);
    moveInPackets(s, 'up', 10);
    expect(s.getState().capture!.selected).toBe(44);
    sortByColumn(s, 'length');
    await sorted();
    expect(s.getState().preferences.packetList.sort).toEqual({ column: 'length', direction: 'descending' });
    expect([0, 1, 2].map((row) => frameAtRow(s, row))).toEqual([47, 44, 13]);
    sortByColumn(s, 'length');
    expect(s.getState().preferences.packetList.sort).toBeUndefined();
    expect(isSorted(s.getState())).toBe(false);
    expect([0, 1, 2].map((row) => frameAtRow(s, row))).toEqual([1, 2, 3]);
    expect(rowOfFrame(s, 44)).toBe(43);
    // Another column starts ascending; the sort is kept for the next file, with a filter too.
    sortByColumn(s, 'info');
    sortByColumn(s, 'number');
    expect(s.getState().preferences.packetList.sort).toEqual({ column: 'number', direction: 'ascending' });
  });

  it('sorts only what the filter shows, and measures "since the previous displayed frame" within it', async () => {
    const s = store();
    setTimeFormat(s, 'delta-displayed');
    await openFile(s, capture('ndpi_s7comm.pcap'));
    await opened(s);
    setFilterText(s, 'ip.src == 192.168.1.10');
    applyFilter(s);
    await until(s, (st) => st.capture!.filter.done);
    // Frame 2 came from 192.168.1.40: the frame displayed before 3 is 1 (tshark -t dd -Y 'frame.number != 2').
    expect(previousFrame(s, 3, true)).toBe(1);
    expect(previousFrame(s, 3, false)).toBe(2);
    expect(previousFrame(s, 1, true)).toBeUndefined();
    requestRows(s, [1, 2, 3]);
    await until(s, () => packetRowOf(s, 3) !== undefined && packetRowOf(s, 2) !== undefined);
    expect(rowTime(s, packetRowOf(s, 3)!, 'delta-displayed')).toBe('0.003883');
    expect(rowTime(s, packetRowOf(s, 3)!, 'delta')).toBe('0.000148');
    expect(rowTime(s, packetRowOf(s, 1)!, 'delta-displayed')).toBe('0.000000');
    sortByColumn(s, 'time');
    await until(s, (st) => st.capture!.ordering.ready);
    const shown = packetCount(s.getState());
    const order = Array.from({ length: shown }, (_, row) => frameAtRow(s, row)!);
    expect(order[0]).toBe(1);
    expect(new Set(order).has(2)).toBe(false);
    // Another time format sorts again, by what the column shows; its width goes back to the format's default.
    setColumnWidth(s, 'time', 300);
    setTimeFormat(s, 'relative');
    expect(s.getState().preferences.packetList.widths.time).toBeUndefined();
    expect(isSorted(s.getState())).toBe(false);
    await until(s, (st) => st.capture!.ordering.ready);
    expect(Array.from({ length: shown }, (_, row) => frameAtRow(s, row))).toEqual([...order].sort((a, b) => a - b));
  });

  it('a text file goes into the text box; closing a capture brings the pasted frames back', async () => {
    const s = store();
    await openFile(s, new Blob([KB]));
    expect(s.getState().text).toBe(KB);
    expect(s.getState().capture).toBeUndefined();
    await openFile(s, capture('emreekin_pro2.pcap'));
    await opened(s);
    expect(s.getState().text).toBe(KB);
    closeCapture(s);
    expect(s.getState().capture).toBeUndefined();
    expect(currentView(s.getState())!.frame.summary.info).toMatch(/^CC TPDU/);
    setInputText(s, '');
  });
});
