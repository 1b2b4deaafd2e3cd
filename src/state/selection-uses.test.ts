// The context menus' uses of a selection: Apply as Filter narrows an open capture's list to the frames tshark counts,
// Prepare as Filter only fills the box; the Copy texts of real rows; the packet list's columns as filters.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { setInputText } from './actions';
import { openFile } from './open-file';
import { currentView } from './selectors';
import {
  filterBySelection,
  filterUnavailable,
  nodeCopies,
  nodeFilter,
  packetColumnFilter,
  type SelectionFilter,
} from './selection-uses';
import type { AppState } from './store';
import { storesForTests, until } from './testing/stores';
import type { TreeNode } from './frame-view';

const KB = readFileSync(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url), 'utf8');
const capture = (name: string) =>
  Object.assign(new Blob([readFileSync(new URL(`../../../shared/captures/${name}`, import.meta.url))]), { name });

const { store, closeAll } = storesForTests();
afterEach(closeAll);

function nodeOf(state: AppState, test: (node: TreeNode) => boolean): TreeNode {
  const view = currentView(state)!;
  const key = view.order.find((k) => test(view.nodes.get(k)!));
  expect(key).toBeDefined();
  return view.nodes.get(key!)!;
}
const fieldNode = (state: AppState, id: string) => nodeOf(state, (n) => n.field?.id === id);
const textOf = (filter: SelectionFilter) => (filter.ok ? filter.text : `refused: ${filter.reason}`);

describe('Copy texts', () => {
  it('of fields and a layer row of the KB frame', () => {
    const s = store();
    setInputText(s, KB);
    const state = s.getState();
    const view = currentView(state)!;
    expect(nodeCopies(view, fieldNode(state, 'tpkt.reserved'))).toEqual({
      value: '17 (0x11)',
      name: 'tpkt.reserved',
      description: 'Reserved: 17 (0x11)',
      filter: { ok: true, text: 'tpkt.reserved == 17' },
      hex: '11',
      text: '',
    });
    const tsap = nodeCopies(view, fieldNode(state, 'cotp.src-tsap'));
    expect(tsap).toMatchObject({ name: 'cotp.src-tsap', text: 'SWISSLIFETSAP', hex: '53574953534c49464554534150' });
    const tpkt = nodeCopies(
      view,
      nodeOf(state, (n) => n.field === undefined && n.layer.protocol === 'tpkt'),
    );
    expect(tpkt).toMatchObject({ name: 'tpkt', value: 'TPKT, Version: 3, Length: 44', hex: '0311002c' });
    expect(tpkt.filter).toEqual({ ok: true, text: 'tpkt' });
  });
});

describe('Apply and Prepare as Filter', { timeout: 120_000 }, () => {
  it('a pasted frame has no list to filter: the box stays as it was, and the menu says why', () => {
    const s = store();
    setInputText(s, KB);
    expect(filterUnavailable(s)).toMatch(/Open a capture file/);
    filterBySelection(s, 'tpkt.reserved == 17', 'selected', true);
    expect(s.getState().capture).toBeUndefined();
  });

  it('on an open capture: Prepare fills the box, Apply runs it; "…and not" joins the typed filter', async () => {
    const s = store();
    await openFile(s, capture('ndpi_s7comm.pcap'));
    await until(s, (state) => state.capture?.done === true && currentView(state)?.frame.number === 1);
    expect(filterUnavailable(s)).toBeUndefined();
    const type = nodeFilter(fieldNode(s.getState(), 'cotp.type'));
    expect(textOf(type)).toBe('cotp.type == 0x0e');

    filterBySelection(s, textOf(type), 'selected', false);
    expect(s.getState().capture!.filter).toMatchObject({ text: 'cotp.type == 0x0e', applied: '' });

    filterBySelection(s, textOf(type), 'selected', true);
    // tshark -r ndpi_s7comm.pcap -Y 'cotp.type == 0x0e': frame 1, the CR.
    const applied = await until(s, (state) => state.capture!.filter.done && state.capture!.filter.applied !== '');
    expect(applied.capture!.filter).toMatchObject({ applied: 'cotp.type == 0x0e', matchCount: 1 });

    filterBySelection(s, 'tcp.srcport == 102', 'andNot', true);
    const both = await until(s, (state) => state.capture!.filter.done && state.capture!.filter.run === 2);
    expect(both.capture!.filter).toMatchObject({
      text: '(cotp.type == 0x0e) && !(tcp.srcport == 102)',
      applied: '(cotp.type == 0x0e) && !(tcp.srcport == 102)',
      matchCount: 1,
    });
  });

  it('the packet list columns as filters', () => {
    const row = {
      number: 7,
      digits: 6,
      source: '192.168.1.40',
      destination: '00:1b:1b:00:00:01',
      protocol: 'COTP',
      length: 135,
      capturedLength: 135,
      info: 'DT TPDU (0) [COTP fragment, 0 bytes]',
      problemCount: 0,
      commented: false,
    };
    expect(textOf(packetColumnFilter(row, 'No.'))).toBe('frame.number == 7');
    expect(textOf(packetColumnFilter(row, 'Source'))).toBe('ip.src == 192.168.1.40');
    expect(textOf(packetColumnFilter(row, 'Destination'))).toBe('eth.dst == 00:1b:1b:00:00:01');
    expect(textOf(packetColumnFilter(row, 'Protocol'))).toBe('cotp');
    expect(textOf(packetColumnFilter(row, 'Length'))).toBe('frame.len == 135');
    expect(packetColumnFilter(row, 'Info').ok).toBe(false);
    expect(packetColumnFilter(row, 'Time').ok).toBe(false);
  });
});
