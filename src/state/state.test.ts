import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  collapseAll,
  expandAll,
  moveInBytes,
  moveInTree,
  selectByte,
  selectNode,
  selectFrame,
  selectProblem,
  setInputText,
  toggleExpanded,
} from './actions';
import { BYTE_NOTE, BYTE_RESERVED } from './frame-view';
import { currentView, isByteSelected, selectedNode } from './selectors';
import { createAppStore, type AppStore } from './store';
import { readCapture } from '../inputs/capture';

const KB = readFileSync(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url), 'utf8');

let store: AppStore;
beforeEach(() => {
  store = createAppStore();
});

const view = () => currentView(store.getState())!;
const keyOf = (id: string, offset?: number) =>
  view().order.find((k) => {
    const f = view().nodes.get(k)!.field;
    return f?.id === id && (offset === undefined || f.offset === offset);
  })!;
const selectedField = () => selectedNode(store.getState())?.field;

describe('decoding the KB Q151626 dump', () => {
  beforeEach(() => setInputText(store, KB));

  it('says what the parser understood and shows one header per layer', () => {
    const { input, text } = store.getState();
    expect(text).toBe(KB);
    expect(input).toMatchObject({ frameCount: 1, byteCount: 98, problems: [] });
    expect(input!.format).toMatch(/offset dump/);
    const headers = store.getState().visible.filter((k) => view().nodes.get(k)!.depth === 1);
    expect(headers.map((k) => view().nodes.get(k)!.layer.protocol)).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
  });

  it('opens the COTP parameters but not bit fields at first', () => {
    const shown = new Set(store.getState().visible);
    expect(shown.has(keyOf('cotp.src-tsap'))).toBe(true);
    expect(shown.has(keyOf('cotp.tpdu_size'))).toBe(true);
    expect(shown.has(keyOf('tcp.flags.syn'))).toBe(false);
  });

  it('selecting a field lights exactly its bytes', () => {
    selectNode(store, keyOf('tpkt.reserved'));
    const lit = Array.from({ length: 98 }, (_, i) => i).filter((i) => isByteSelected(i)(store.getState()));
    expect(lit).toEqual([55]);
    selectNode(store, keyOf('cotp.src-tsap'));
    expect(store.getState().selection).toMatchObject({ start: 67, end: 80 });
  });

  it('a byte selects the deepest field owning it and opens the way to it', () => {
    collapseAll(store);
    selectByte(store, 65);
    expect(selectedField()).toMatchObject({ id: 'cotp.parameter_code', offset: 65 });
    expect(store.getState().visible).toContain(store.getState().selection!.key);
    selectByte(store, 47);
    expect(selectedField()?.id).toMatch(/^tcp\.flags\./);
  });

  it('every byte of the frame selects some field', () => {
    expect(view().ownerOfByte.every((k) => k !== undefined)).toBe(true);
  });

  it('marks the reserved octet as reserved and flagged in the hex view', () => {
    expect(view().byteMarks[55]! & BYTE_RESERVED).toBeTruthy();
    expect(view().byteMarks[55]! & BYTE_NOTE).toBeTruthy();
    expect(view().byteMarks[54]! & (BYTE_RESERVED | BYTE_NOTE)).toBe(0);
    const node = view().nodes.get(keyOf('tpkt.reserved'))!;
    expect(node.severity).toBe('note');
    expect(view().nodes.get(node.parent!)!.innerSeverity).toBe('note');
  });

  it('a problem selects its field', () => {
    const [problem] = view().frame.problems;
    selectProblem(store, problem!);
    expect(selectedField()).toMatchObject({ id: 'tpkt.reserved', offset: 55 });
  });

  it('keeps the selection and open nodes while the text is edited', () => {
    selectByte(store, 55);
    toggleExpanded(store, keyOf('tcp.flags'));
    setInputText(store, KB + '\n');
    expect(selectedField()?.id).toBe('tpkt.reserved');
    expect(store.getState().expanded.has(keyOf('tcp.flags'))).toBe(true);
  });

  it('moves with the keyboard through the tree and the bytes', () => {
    selectNode(store, keyOf('tpkt.reserved'));
    moveInTree(store, 'down');
    expect(selectedField()?.id).toBe('tpkt.length');
    moveInTree(store, 'left');
    expect(selectedNode(store.getState())?.layer.protocol).toBe('tpkt');
    expect(selectedNode(store.getState())?.field).toBeUndefined();
    moveInBytes(store, 'right'); // past the TPKT header's 4 bytes
    expect(selectedField()?.id).toBe('cotp.li');
    moveInBytes(store, 'left');
    expect(selectedField()?.id).toBe('tpkt.length');
    moveInBytes(store, 'up');
    expect(selectedField()?.id).toBe('tcp.seq_raw'); // byte 56 - 16 = 40, inside 38-41
  });

  it('collapsing all moves a hidden selection to its shown ancestor; expanding all shows every field', () => {
    selectNode(store, keyOf('cotp.src-tsap'));
    collapseAll(store);
    expect(selectedField()?.id).toBe('cotp.parameter');
    selectNode(store, keyOf('tcp.flags.syn'));
    toggleExpanded(store, keyOf('tcp.flags'));
    expect(selectedField()?.id).toBe('tcp.flags');
    expandAll(store);
    expect(store.getState().visible).toHaveLength(view().order.length);
  });
});

describe('bad input', () => {
  it('garbage keeps the text, decodes nothing and says where it stopped', () => {
    setInputText(store, 'hello zz 12');
    const { text, input, frames } = store.getState();
    expect(text).toBe('hello zz 12');
    expect(frames).toHaveLength(0);
    expect(input!.problems[0]!.message).toMatch(/line 1, column 1/);
  });

  it('a truncated dump keeps what decoded and puts the truncation on its layer', () => {
    setInputText(store, KB.split('\n').slice(0, 3).join('\n'));
    expect(view().frame.layers.map((l) => l.protocol)).toEqual(['eth', 'ip']);
    const truncated = view().frame.problems.find((p) => p.code === 'truncated')!;
    selectProblem(store, truncated);
    const node = selectedNode(store.getState())!;
    expect(node.layer.protocol).toBe('ip');
    expect(node.problems).toContain(truncated);
  });

  it('clearing the text clears the decode', () => {
    setInputText(store, KB);
    setInputText(store, '   ');
    expect(store.getState()).toMatchObject({ text: '   ', input: undefined, frames: [], selection: undefined });
  });
});

describe('several frames', () => {
  it('selects a frame, resetting the selection', () => {
    setInputText(store, `${KB}\n\n${KB}`);
    expect(store.getState().frames).toHaveLength(2);
    selectByte(store, 55);
    selectFrame(store, 1);
    expect(store.getState()).toMatchObject({ frameIndex: 1, selection: undefined });
    expect(view().frame.number).toBe(2);
    selectFrame(store, 5);
    expect(store.getState().frameIndex).toBe(1);
  });
});

describe('an ICMP error quoting a datagram (Sample_File_MMS_and_GOOSE.pcap frame 48, pasted)', () => {
  it("labels the quoted layers' headers as the error message's quote", () => {
    const frames = readCapture(
      readFileSync(new URL('../../../shared/captures/Sample_File_MMS_and_GOOSE.pcap', import.meta.url)),
    );
    setInputText(store, Array.from(frames.frameBytes(48)!, (b) => b.toString(16).padStart(2, '0')).join(''));
    const headers = store.getState().visible.filter((k) => view().nodes.get(k)!.depth === 1);
    expect(headers.map((k) => view().nodes.get(k)!.label)).toEqual([
      expect.stringMatching(/^Ethernet II/),
      'Internet Protocol Version 4, Src: 172.16.0.122, Dst: 172.16.0.101',
      'Internet Control Message Protocol',
      'Internet Protocol Version 4, Src: 172.16.0.101, Dst: 172.16.0.122 (quoted in the error message)',
      'User Datagram Protocol, Src Port: 929, Dst Port: 111 (quoted in the error message)',
    ]);
  });
});
