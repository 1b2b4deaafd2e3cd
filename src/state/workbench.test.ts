// The workbench's state logic on the KB frame: typing over, inserting and deleting bytes, undo and redo that give
// back the user's own text, one-click fixes, comparisons, and both frames in the permalink.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { selectFrame, selectNode, setInputText } from './actions';
import { currentPermalink, restorePermalink } from './permalink';
import { currentView } from './selectors';
import { createAppStore, type AppStore } from './store';
import {
  applyFixToFrame,
  canEdit,
  canRedo,
  canUndo,
  closeComparison,
  comparison,
  compareWithFrame,
  compareWithOriginal,
  compareWithText,
  deleteByte,
  fixesFor,
  fixesForField,
  fixForProblem,
  originalBytes,
  placeCursor,
  redo,
  setEditing,
  setInserting,
  typeAsciiChar,
  typeHexDigit,
  undo,
} from './workbench';

const KB_TEXT = readFileSync(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url), 'utf8');
const RESERVED = 0x37;

let store: AppStore;
beforeEach(() => {
  store = createAppStore();
  setInputText(store, KB_TEXT);
});

const bytes = () => currentView(store.getState())!.bytes;
const problemCodes = () => currentView(store.getState())!.frame.problems.map((p) => `${p.code} ${p.fieldId}`);

function typeHex(text: string): void {
  for (const digit of text) typeHexDigit(store, digit);
}

function fix(fieldId: string): void {
  const view = currentView(store.getState())!;
  const problem = view.frame.problems.find((p) => p.fieldId === fieldId)!;
  const found = fixForProblem(fixesFor(store.getState()), problem);
  expect(found, fieldId).toBeDefined();
  expect(applyFixToFrame(store, found!)).toBe(true);
}

describe('editing bytes', () => {
  it('types over a byte: the frame is dissected again, the input box shows the edited bytes, undo gives the text back', () => {
    setEditing(store, true);
    placeCursor(store, RESERVED);
    typeHex('0');
    expect(bytes()[RESERVED]).toBe(0x01);
    typeHex('0');
    expect(bytes()[RESERVED]).toBe(0x00);
    expect(store.getState().workbench.cursor).toEqual({ offset: RESERVED + 1, nibble: 0, column: 'hex' });
    expect(problemCodes()).toEqual(['checksum-bad tcp.checksum']);
    expect(store.getState().text).toMatch(/^0000 {2}00 00 a2 00 c0 4a/);
    expect(store.getState().text).toContain('0030  22 09 60 73 00 00 03 00');
    // The two digits of one byte are one step.
    expect(canUndo(store.getState())).toBe(true);
    undo(store);
    expect(bytes()[RESERVED]).toBe(0x11);
    expect(store.getState().text).toBe(KB_TEXT);
    expect(canUndo(store.getState())).toBe(false);
    expect(canRedo(store.getState())).toBe(true);
    redo(store);
    expect(bytes()[RESERVED]).toBe(0);
    expect(canRedo(store.getState())).toBe(false);
  });

  it('inserts and deletes bytes, and types in the ASCII column', () => {
    const length = bytes().length;
    setEditing(store, true);
    setInserting(store, true);
    placeCursor(store, length);
    typeHex('ab');
    expect(bytes().length).toBe(length + 1);
    expect(bytes()[length]).toBe(0xab);
    deleteByte(store, 'before');
    expect(bytes().length).toBe(length);
    setInserting(store, false);
    placeCursor(store, 0x46, 'ascii');
    typeAsciiChar(store, 'Z');
    expect(bytes()[0x46]).toBe('Z'.charCodeAt(0));
    expect(store.getState().workbench.cursor).toMatchObject({ offset: 0x47, column: 'ascii' });
    placeCursor(store, 0);
    deleteByte(store, 'at');
    expect(bytes().length).toBe(length - 1);
    undo(store);
    undo(store);
    undo(store);
    undo(store);
    expect(store.getState().text).toBe(KB_TEXT);
  });

  it('keeps the selected field selected across an edit', () => {
    const view = currentView(store.getState())!;
    selectNode(store, view.ownerOfByte[RESERVED]!);
    setEditing(store, true);
    placeCursor(store, RESERVED);
    typeHex('00');
    expect(store.getState().selection).toMatchObject({ start: RESERVED, end: RESERVED + 1 });
  });

  it('forgets the history once the user types in the text box; the new text is the new original', () => {
    setEditing(store, true);
    placeCursor(store, RESERVED);
    typeHex('00');
    setInputText(store, store.getState().text + ' ');
    expect(canUndo(store.getState())).toBe(false);
    expect(originalBytes(store.getState())).toBeUndefined();
  });

  it('edits one frame of several, keeping the others', () => {
    setInputText(store, `${KB_TEXT}\n${KB_TEXT}`);
    expect(store.getState().frames).toHaveLength(2);
    selectFrame(store, 1);
    setEditing(store, true);
    placeCursor(store, RESERVED);
    typeHex('00');
    expect(store.getState().frames.map((f) => f.bytes[RESERVED])).toEqual([0x11, 0]);
    setInputText(store, store.getState().text);
    expect(store.getState().frames.map((f) => f.bytes[RESERVED])).toEqual([0x11, 0]);
  });
});

describe('one-click fixes', () => {
  it('zero the reserved octet and the TCP checksum that covers it in one undoable step: 0 problems', () => {
    expect(problemCodes()).toEqual(['reserved-nonzero tpkt.reserved']);
    fix('tpkt.reserved');
    expect(problemCodes()).toEqual([]);
    expect(Buffer.from(bytes().subarray(0x32, 0x34)).toString('hex')).toBe('6084');
    undo(store);
    expect(store.getState().text).toBe(KB_TEXT);
  });

  it('a checksum made wrong by hand has its own fix', () => {
    setEditing(store, true);
    placeCursor(store, RESERVED);
    typeHex('00');
    expect(problemCodes()).toEqual(['checksum-bad tcp.checksum']);
    fix('tcp.checksum');
    expect(problemCodes()).toEqual([]);
    undo(store);
    expect(problemCodes()).toEqual(['checksum-bad tcp.checksum']);
  });

  it('offers the fixes of a field, for the detail panel, saying which checksum they update', () => {
    const fixes = fixesFor(store.getState());
    expect(fixesForField(fixes, 'tpkt.reserved', RESERVED).map((f) => f.label)).toEqual([
      'Set reserved (tpkt.reserved) to 0, and update the TCP checksum to match',
    ]);
    expect(fixesForField(fixes, 'tcp.checksum', 0x32)).toEqual([]);
  });

  it('are not offered on a capture: its frames are read-only', () => {
    store.setState({ capture: {} as never });
    expect(canEdit(store.getState())).toBe(false);
    expect(applyFixToFrame(store, { kind: 'reserved', fieldId: 'tpkt.reserved', offset: RESERVED, label: '' })).toBe(
      false,
    );
  });
});

describe('comparing', () => {
  /** One fix: the reserved octet zeroed, the TCP checksum updated with it. */
  function fixedKb(): void {
    fix('tpkt.reserved');
  }

  it('with the original: exactly tpkt.reserved and tcp.checksum, with their citations and bytes', () => {
    expect(originalBytes(store.getState())).toBeUndefined();
    fixedKb();
    compareWithOriginal(store);
    const result = comparison(store.getState())!;
    expect(result.differences.map((d) => [d.id, d.a, d.b])).toEqual([
      ['tcp.checksum', 0x6073, 0x6084],
      ['tpkt.reserved', 0x11, 0],
    ]);
    expect(result.differences.map((d) => d.cite?.doc)).toEqual(['RFC 9293', 'RFC 1006']);
    expect([...result.bDiffers.keys()].filter((i) => result.bDiffers[i])).toEqual([0x32, 0x33, RESERVED]);
    // Side by side: every field read from the bytes, aligned; only those two differ.
    expect(result.fields.filter((f) => f.differs).map((f) => f.id)).toEqual(['tcp.checksum', 'tpkt.reserved']);
    expect(result.fields.every((f) => f.a && f.b && f.a.id === f.b.id && f.a.offset === f.b.offset)).toBe(true);
    // The comparison follows further edits of B; undoing every edit leaves nothing different.
    undo(store);
    expect(comparison(store.getState())!.differences).toEqual([]);
    closeComparison(store);
    expect(comparison(store.getState())).toBeUndefined();
  });

  it('with a pasted frame, or another frame of the paste', () => {
    expect(compareWithText(store, 'not bytes at all')).toMatch(/No frame bytes/);
    const twin = Uint8Array.from(bytes());
    twin[RESERVED] = 0;
    expect(compareWithText(store, Buffer.from(twin).toString('hex'))).toBeUndefined();
    expect(comparison(store.getState())!.differences.map((d) => d.id)).toEqual(['tpkt.reserved']);
    // A frame with a field the other lacks: the row shows only on its side, in place.
    expect(compareWithText(store, Buffer.from(bytes().subarray(0, 0x40)).toString('hex'))).toBeUndefined();
    const rows = comparison(store.getState())!.fields;
    expect(rows.some((r) => r.b && !r.a && r.differs)).toBe(true);
    compareWithFrame(store, currentView(store.getState())!, 'frame 1');
    expect(comparison(store.getState())!.differences).toEqual([]);
  });

  it('travels in the permalink: a fresh page shows the same two frames and differences', () => {
    fixedKb();
    compareWithOriginal(store);
    const link = currentPermalink(store.getState());
    expect(link?.ok).toBe(true);
    const fresh = createAppStore();
    restorePermalink(fresh, link?.ok ? link.fragment : '');
    expect(fresh.getState().workbench.compare).toMatchObject({ kind: 'original' });
    expect(comparison(fresh.getState())!.differences.map((d) => d.id)).toEqual(['tcp.checksum', 'tpkt.reserved']);
    expect(currentView(fresh.getState())!.bytes).toEqual(bytes());
    // A link without a comparison closes the one shown.
    setInputText(fresh, KB_TEXT);
    closeComparison(store);
    const plain = currentPermalink(store.getState());
    restorePermalink(fresh, plain?.ok ? plain.fragment : '');
    expect(fresh.getState().workbench.compare).toBeUndefined();
  });
});
