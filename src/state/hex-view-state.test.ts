import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { moveInBytes, previewByte, previewNode, selectByte, setInputText } from './actions';
import { bitGrid } from './bit-view';
import { byteInfo, layerStartsAt } from './byte-info';
import { openExample } from './examples';
import { currentView, isBytePreviewed } from './selectors';
import { createAppStore, type AppStore } from './store';

const KB = readFileSync(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url), 'utf8');

function kb(): AppStore {
  const store = createAppStore();
  setInputText(store, KB);
  return store;
}
const view = (store: AppStore) => currentView(store.getState())!;
const keyOf = (store: AppStore, id: string) =>
  view(store).order.find((k) => view(store).nodes.get(k)!.field?.id === id)!;
const idOf = (store: AppStore, key: string | undefined) =>
  key === undefined ? undefined : view(store).nodes.get(key)!.field?.id;

describe('bitGrid', () => {
  it('shows TCP flags octet 0x18 bit by bit, each flag over its own bit, under the octet', () => {
    const store = kb();
    const push = keyOf(store, 'tcp.flags.push');
    const grid = bitGrid(view(store), push)!;
    expect(grid).toMatchObject({ offset: 47, length: 1, header: keyOf(store, 'tcp.flags') });
    expect(grid.cells.map((c) => c.value).join('')).toBe('00011000');
    expect(grid.members.map((k) => idOf(store, k))).toEqual([
      'tcp.flags.cwr',
      'tcp.flags.ece',
      'tcp.flags.urg',
      'tcp.flags.ack',
      'tcp.flags.push',
      'tcp.flags.reset',
      'tcp.flags.syn',
      'tcp.flags.fin',
    ]);
    expect(idOf(store, grid.cells[4]!.owner)).toBe('tcp.flags.push');
    // From the octet itself: the same grid.
    expect(bitGrid(view(store), keyOf(store, 'tcp.flags'))?.members).toEqual(grid.members);
  });

  it('groups sibling bit fields over one octet without a parent field (IPv4 version and header length)', () => {
    const store = kb();
    const grid = bitGrid(view(store), keyOf(store, 'ip.version'))!;
    expect(grid.header).toBeUndefined();
    expect(grid.members.map((k) => idOf(store, k))).toEqual(['ip.version', 'ip.hdr_len']);
    expect(grid.cells.map((c) => idOf(store, c.owner))).toEqual([
      ...Array(4).fill('ip.version'),
      ...Array(4).fill('ip.hdr_len'),
    ]);
  });

  it('is undefined for a field that is not split into bits, and for a layer header', () => {
    const store = kb();
    expect(bitGrid(view(store), keyOf(store, 'tcp.srcport'))).toBeUndefined();
    expect(bitGrid(view(store), '0')).toBeUndefined();
  });
});

describe('byteInfo', () => {
  it('names the field, value and citation under a byte, and its layer', () => {
    const store = kb();
    const info = byteInfo(view(store), 55)!;
    expect(info.value).toBe(0x11);
    expect(info.fields).toEqual([
      expect.objectContaining({
        id: 'tpkt.reserved',
        label: 'Reserved: 17 (0x11)',
        cite: 'RFC 1006 §6',
        reserved: true,
        severity: 'note',
      }),
    ]);
    expect(info.layer).toMatchObject({ protocol: 'tpkt', starts: false });
    expect(info.layer?.ordinal).toBeUndefined();
    expect(byteInfo(view(store), 98)).toBeUndefined();
  });

  it('lists every bit field of a split byte', () => {
    const store = kb();
    expect(byteInfo(view(store), 47)!.fields.map((f) => f.label)).toContain('.... 1... = Push: Set');
  });

  it('says which PDU a byte is in when a segment holds two TPKTs, and where each starts', () => {
    const store = createAppStore();
    openExample(store, 'two-tpkts-one-segment.txt');
    const v = view(store);
    // The DT carries an S7 Ack_Data (Setup communication).
    expect(v.frame.layers.map((l) => l.protocol)).toEqual([
      'eth',
      'ip',
      'tcp',
      'tpkt',
      'cotp',
      'tpkt',
      'cotp',
      's7comm',
    ]);
    expect(byteInfo(v, 54)!.layer).toMatchObject({ protocol: 'tpkt', ordinal: '1 of 2', starts: true });
    expect(byteInfo(v, 68)!.layer).toMatchObject({ protocol: 'tpkt', ordinal: '2 of 2', starts: true });
    expect(byteInfo(v, 74)!.layer).toMatchObject({ protocol: 'cotp', ordinal: '2 of 2', starts: false });
    expect(byteInfo(v, 75)!.layer).toMatchObject({ protocol: 's7comm', starts: true });
    const starts = Array.from({ length: v.bytes.length }, (_, i) => i).filter((i) => layerStartsAt(v, i));
    expect(starts).toEqual([0, 14, 34, 54, 58, 68, 72, 75]);
  });
});

describe('keyboard moves in the hex view', () => {
  it("Home/End go to the row's ends, Ctrl+Home/End to the frame's, PageUp/PageDown by pages", () => {
    const store = kb();
    selectByte(store, 55); // tpkt.reserved, row 0x30
    moveInBytes(store, 'rowStart');
    expect(store.getState().selection?.start).toBe(48);
    selectByte(store, 55);
    moveInBytes(store, 'rowEnd');
    expect(store.getState().selection!.end).toBeGreaterThan(63);
    moveInBytes(store, 'last');
    expect(store.getState().selection?.end).toBe(98);
    moveInBytes(store, 'first');
    expect(store.getState().selection?.start).toBe(0);
    selectByte(store, 55);
    moveInBytes(store, 'pageDown', 2);
    expect(store.getState().selection!.start).toBeLessThanOrEqual(87);
    expect(store.getState().selection!.end).toBeGreaterThan(87);
    moveInBytes(store, 'pageUp', 100);
    expect(store.getState().selection!.start).toBeLessThanOrEqual(7);
  });

  it('with 8 bytes a row (a narrow screen), rows and pages are 8 bytes', () => {
    const store = kb();
    selectByte(store, 55); // tpkt.reserved, the last byte of row 0x30 when rows are 8 bytes
    moveInBytes(store, 'rowStart', 8, 8);
    expect(store.getState().selection?.start).toBe(48);
    selectByte(store, 55);
    moveInBytes(store, 'up', 8, 8);
    expect(store.getState().selection!.start).toBeLessThanOrEqual(47);
    expect(store.getState().selection!.end).toBeGreaterThan(47);
    selectByte(store, 55);
    moveInBytes(store, 'down', 8, 8);
    expect(store.getState().selection!.start).toBeLessThanOrEqual(63);
    expect(store.getState().selection!.end).toBeGreaterThan(63);
    selectByte(store, 50);
    moveInBytes(store, 'rowEnd', 8, 8);
    expect(store.getState().selection!.start).toBeLessThanOrEqual(55);
    expect(store.getState().selection!.end).toBe(56);
  });
});

describe('preview', () => {
  it("lights a tree node's bytes, or the field under a byte, apart from the selection", () => {
    const store = kb();
    previewNode(store, keyOf(store, 'tcp.srcport'));
    expect(store.getState().preview).toMatchObject({ start: 34, end: 36 });
    expect(isBytePreviewed(35)(store.getState())).toBe(true);
    expect(store.getState().selection).toBeUndefined();
    previewByte(store, 55);
    expect(store.getState().preview).toMatchObject({ start: 55, end: 56 });
    previewByte(store, undefined);
    expect(store.getState().preview).toBeUndefined();
  });
});

describe('openExample', () => {
  it('opens the KB sample as if pasted: its reserved octet is warned about', () => {
    const store = createAppStore();
    openExample(store, 'kb151626-connect-confirm.txt');
    expect(store.getState().text).toMatch(/^# /);
    expect(view(store).frame.problems.map((p) => p.fieldId)).toContain('tpkt.reserved');
    openExample(store, 'no-such-file.txt');
    expect(view(store).frame.number).toBe(1);
  });
});
