// The workbench (issue 11): edit the shown frame's bytes with undo and redo, apply one-click fixes, and compare two
// frames field by field. Edits replace the frame in place and rewrite the input box as a hex dump of the edited
// bytes; the user's own text is kept in the history and comes back when every edit is undone.
import { applyFix, availableFixes, diffFrames, dissectFrame, type Difference, type Fix } from '../dissect';
import type { Field, Frame, Problem } from '../dissect/model';
import { hexDump } from '../export';
import { parseText } from '../inputs';
import { carrySelection } from './actions';
import { buildFrameView, type FrameView } from './frame-view';
import { currentView } from './selectors';
import type { AppState, AppStore } from './store';
import type { Comparison, EditCursor, EditHistory, WorkbenchState } from './workbench-model';

export {
  initialWorkbench,
  type Comparison,
  type EditCursor,
  type EditHistory,
  type WorkbenchState,
} from './workbench-model';

// ------------------------------------------------------------------------------------------------ selectors

/** The history, when it still describes the text box (the user has not typed since the last edit). */
export function liveHistory(state: AppState): EditHistory | undefined {
  const history = state.workbench.history;
  return history && history.text === state.text && history.frameIndex === state.frameIndex && !state.capture
    ? history
    : undefined;
}

export const canUndo = (state: AppState): boolean => (liveHistory(state)?.past.length ?? 0) > 0;
export const canRedo = (state: AppState): boolean => (liveHistory(state)?.future.length ?? 0) > 0;
/** Edits apply to pasted frames; a capture's frames are read-only (copy one out as a hex dump to edit it). */
export const canEdit = (state: AppState): boolean => !state.capture && currentView(state) !== undefined;

/** The bytes before the first edit, while there are edits to compare them with. */
export function originalBytes(state: AppState): Uint8Array | undefined {
  const history = liveHistory(state);
  return history && history.past.length > 0 ? history.originalBytes : undefined;
}

export function isCursorAt(offset: number, column: EditCursor['column']): (state: AppState) => boolean {
  return (state) =>
    state.workbench.editing && state.workbench.cursor?.offset === offset && state.workbench.cursor.column === column;
}

const fixesOf = new WeakMap<Frame, readonly Fix[]>();

/** The fixes the shown frame's problems allow (computed once per dissection: the frame, its bytes, the options). */
export function fixesFor(state: AppState): readonly Fix[] {
  const view = currentView(state);
  if (!view) return [];
  let fixes = fixesOf.get(view.frame);
  if (!fixes) {
    fixes = availableFixes(view.frame, view.bytes, state.options);
    fixesOf.set(view.frame, fixes);
  }
  return fixes;
}

const FIX_FOR_PROBLEM: Partial<Record<Problem['code'], Fix['kind']>> = {
  'checksum-bad': 'checksum',
  'reserved-nonzero': 'reserved',
  'length-mismatch': 'length',
};

/** The fix for a problem, among a frame's fixes: one that writes the field the problem is on, of the kind that cures it. */
export function fixForProblem(fixes: readonly Fix[], problem: Problem): Fix | undefined {
  const kind = FIX_FOR_PROBLEM[problem.code];
  if (kind === undefined || problem.fieldId === undefined) return undefined;
  return fixes.find(
    (f) =>
      f.kind === kind && f.fieldId === problem.fieldId && (problem.offset === undefined || f.offset === problem.offset),
  );
}

/** Fixes that write this field (a length that disagrees with the bytes has a fix, though no problem names it). */
export function fixesForField(fixes: readonly Fix[], fieldId: string, offset: number): readonly Fix[] {
  return fixes.filter((f) => f.fieldId === fieldId && f.offset === offset);
}

/** One row of the side-by-side field list: the same field (id and occurrence) in A and in B. */
export interface AlignedField {
  readonly id: string;
  readonly depth: number;
  readonly a?: Field;
  readonly b?: Field;
  readonly differs: boolean;
}

export interface ComparisonView {
  readonly a: FrameView;
  readonly b: FrameView;
  readonly differences: readonly Difference[];
  /** Every field read from the bytes, A's order, B's extra fields after the field they follow (as diffFrames aligns them). */
  readonly fields: readonly AlignedField[];
  /** Per byte of each frame: inside a field that differs. */
  readonly aDiffers: Uint8Array;
  readonly bDiffers: Uint8Array;
}

let lastComparison: { a: FrameView; b: FrameView; result: ComparisonView } | undefined;

/** A against B, the shown frame: the differences and the bytes they cover (the same object while both are unchanged). */
export function comparison(state: AppState): ComparisonView | undefined {
  const a = state.workbench.compare?.view;
  const b = currentView(state);
  if (!a || !b) return undefined;
  if (lastComparison?.a === a && lastComparison.b === b) return lastComparison.result;
  const differences = diffFrames(a.frame, b.frame);
  const mark = (length: number, spans: [number | undefined, string | undefined][]) => {
    const out = new Uint8Array(length);
    for (const [offset, raw] of spans)
      if (offset !== undefined && raw !== undefined) out.fill(1, offset, Math.min(length, offset + raw.length / 2));
    return out;
  };
  const result: ComparisonView = {
    a,
    b,
    differences,
    fields: alignFields(a.frame, b.frame, differences),
    aDiffers: mark(
      a.bytes.length,
      differences.map((d) => [d.aOffset, d.aRaw]),
    ),
    bDiffers: mark(
      b.bytes.length,
      differences.map((d) => [d.bOffset, d.bRaw]),
    ),
  };
  lastComparison = { a, b, result };
  return result;
}

type Keyed = { key: string; field: Field; depth: number };

/** Fields read from the bytes, in wire order, keyed by id and occurrence ("cotp.parameter_code#1"), as diff.ts keys them. */
function keyedFields(frame: Frame): Keyed[] {
  const out: Keyed[] = [];
  const seen = new Map<string, number>();
  const visit = (fields: readonly Field[], depth: number) => {
    for (const field of fields) {
      if (field.generated) continue;
      const n = seen.get(field.id) ?? 0;
      seen.set(field.id, n + 1);
      out.push({ key: `${field.id}#${n}`, field, depth });
      if (field.children) visit(field.children, depth + 1);
    }
  };
  for (const layer of frame.layers) visit(layer.fields, 0);
  return out;
}

function alignFields(a: Frame, b: Frame, differences: readonly Difference[]): AlignedField[] {
  const left = keyedFields(a);
  const right = keyedFields(b);
  const inA = new Set(left.map((k) => k.key));
  const differing = new Set(differences.flatMap((d) => [`a${d.id}@${d.aOffset}`, `b${d.id}@${d.bOffset}`]));
  const rows: AlignedField[] = [];
  const rightByKey = new Map(right.map((k) => [k.key, k]));
  // B's fields that A lacks go right after the B field before them.
  const extraAfter = new Map<string | undefined, Keyed[]>();
  let previous: string | undefined;
  for (const k of right) {
    if (!inA.has(k.key)) extraAfter.set(previous, [...(extraAfter.get(previous) ?? []), k]);
    else previous = k.key;
  }
  const pushExtras = (after: string | undefined) => {
    for (const k of extraAfter.get(after) ?? [])
      rows.push({ id: k.field.id, depth: k.depth, b: k.field, differs: true });
  };
  pushExtras(undefined);
  for (const k of left) {
    const other = rightByKey.get(k.key);
    const differs =
      differing.has(`a${k.field.id}@${k.field.offset}`) ||
      (other !== undefined && differing.has(`b${other.field.id}@${other.field.offset}`)) ||
      !other;
    rows.push({ id: k.field.id, depth: k.depth, a: k.field, ...(other ? { b: other.field } : {}), differs });
    pushExtras(k.key);
  }
  return rows;
}

// ------------------------------------------------------------------------------------------------ editing

function setWorkbench(store: AppStore, patch: Partial<WorkbenchState>): void {
  store.setState({ workbench: { ...store.getState().workbench, ...patch } });
}

export function setEditing(store: AppStore, editing: boolean): void {
  const state = store.getState();
  if (editing && !canEdit(state)) return;
  const cursor = editing
    ? (state.workbench.cursor ?? { offset: state.selection?.start ?? 0, nibble: 0, column: 'hex' })
    : undefined;
  setWorkbench(store, { editing, cursor });
}

export function setInserting(store: AppStore, inserting: boolean): void {
  setWorkbench(store, { inserting });
}

/** Puts the caret on a byte (a click in edit mode). The caret may sit just past the last byte, to append. */
export function placeCursor(store: AppStore, offset: number, column: EditCursor['column'] = 'hex'): void {
  const length = currentView(store.getState())?.bytes.length ?? 0;
  setWorkbench(store, { cursor: { offset: Math.max(0, Math.min(offset, length)), nibble: 0, column } });
}

export function moveCursor(store: AppStore, by: number): void {
  const cursor = store.getState().workbench.cursor;
  placeCursor(store, (cursor?.offset ?? 0) + by, cursor?.column ?? 'hex');
}

/** The text box holding `bytes` in place of the shown frame: a hex dump of each frame (offsets restart at 0). */
function textFor(state: AppState, bytes: Uint8Array): string {
  return state.frames.map((f, i) => hexDump(i === state.frameIndex ? bytes : f.bytes)).join('\n');
}

/** Dissects `bytes` as the shown frame, in place, keeping the user's place in the tree. */
function showBytes(store: AppStore, bytes: Uint8Array, text: string, linkType: number): void {
  const before = store.getState();
  const old = currentView(before);
  if (!old) return;
  const view = buildFrameView(dissectFrame(bytes, linkType, old.frame.number, before.options), bytes);
  const frames = before.frames.map((f, i) => (i === before.frameIndex ? view : f));
  const byteCount = frames.reduce((sum, f) => sum + f.bytes.length, 0);
  store.setState({
    text,
    frames,
    ...(before.input ? { input: { ...before.input, byteCount } } : {}),
    ...carrySelection(old, view, before),
  });
}

/**
 * The shown frame's bytes become `bytes`: one step of the history (or part of the step `group` names), the
 * dissection redone, the input box rewritten. Returns false when nothing changed (no frame, a capture, no bytes).
 */
export function replaceBytes(store: AppStore, bytes: Uint8Array, group?: string): boolean {
  const state = store.getState();
  const view = currentView(state);
  if (!view || !canEdit(state) || bytes.length === 0) return false;
  const live = liveHistory(state);
  const history: EditHistory = live ?? {
    frameIndex: state.frameIndex,
    originalText: state.text,
    originalBytes: view.bytes,
    linkType: view.frame.linkType,
    past: [],
    future: [],
    text: state.text,
  };
  const sameGroup = group !== undefined && live?.group === group && live.future.length === 0;
  const past = sameGroup ? history.past : [...history.past, view.bytes];
  const text = textFor(state, bytes);
  showBytes(store, bytes, text, history.linkType);
  setWorkbench(store, { history: { ...history, past, future: [], text, ...(group !== undefined ? { group } : {}) } });
  return true;
}

function step(store: AppStore, direction: 'undo' | 'redo'): void {
  const state = store.getState();
  const history = liveHistory(state);
  const view = currentView(state);
  if (!history || !view) return;
  const from = direction === 'undo' ? history.past : history.future;
  const to = direction === 'undo' ? history.future : history.past;
  const bytes = from[from.length - 1];
  if (!bytes) return;
  const rest = from.slice(0, -1);
  const past = direction === 'undo' ? rest : [...to, view.bytes];
  const future = direction === 'undo' ? [...to, view.bytes] : rest;
  // Every edit undone: the user's own text comes back, exactly as it was.
  const text = past.length === 0 ? history.originalText : textFor(state, bytes);
  showBytes(store, bytes, text, history.linkType);
  const { group: _, ...kept } = history;
  const cursor = state.workbench.cursor && {
    ...state.workbench.cursor,
    offset: Math.min(state.workbench.cursor.offset, bytes.length),
    nibble: 0 as const,
  };
  setWorkbench(store, { history: { ...kept, past, future, text }, cursor });
}

export const undo = (store: AppStore): void => step(store, 'undo');
export const redo = (store: AppStore): void => step(store, 'redo');

/** A hex digit typed at the caret: overwrites (or, inserting, starts a new byte with) that digit. */
export function typeHexDigit(store: AppStore, digit: string): void {
  const value = parseInt(digit, 16);
  const { workbench } = store.getState();
  const view = currentView(store.getState());
  const cursor = workbench.cursor;
  if (!view || !cursor || Number.isNaN(value) || !/^[0-9a-f]$/i.test(digit)) return;
  const { offset, nibble } = cursor;
  const group = `hex@${offset}`;
  let bytes: Uint8Array;
  if (nibble === 0 && (workbench.inserting || offset >= view.bytes.length)) {
    bytes = new Uint8Array(view.bytes.length + 1);
    bytes.set(view.bytes.subarray(0, offset));
    bytes[offset] = value << 4;
    bytes.set(view.bytes.subarray(offset), offset + 1);
  } else {
    bytes = Uint8Array.from(view.bytes);
    const old = bytes[offset]!;
    bytes[offset] = nibble === 0 ? (value << 4) | (old & 0x0f) : (old & 0xf0) | value;
  }
  if (!replaceBytes(store, bytes, group)) return;
  setWorkbench(store, {
    cursor: nibble === 0 ? { offset, nibble: 1, column: 'hex' } : { offset: offset + 1, nibble: 0, column: 'hex' },
  });
}

/** A printable character typed in the ASCII column: its code becomes the byte at the caret. */
export function typeAsciiChar(store: AppStore, char: string): void {
  const code = char.length === 1 ? char.charCodeAt(0) : -1;
  const { workbench } = store.getState();
  const view = currentView(store.getState());
  const cursor = workbench.cursor;
  if (!view || !cursor || code < 0x20 || code >= 0x7f) return;
  const { offset } = cursor;
  const insert = workbench.inserting || offset >= view.bytes.length;
  const bytes = new Uint8Array(view.bytes.length + (insert ? 1 : 0));
  bytes.set(view.bytes.subarray(0, offset));
  bytes[offset] = code;
  bytes.set(view.bytes.subarray(insert ? offset : offset + 1), offset + 1);
  if (replaceBytes(store, bytes)) setWorkbench(store, { cursor: { offset: offset + 1, nibble: 0, column: 'ascii' } });
}

/** Delete (the byte at the caret) or Backspace (the byte before it). A frame keeps at least one byte. */
export function deleteByte(store: AppStore, which: 'at' | 'before'): void {
  const view = currentView(store.getState());
  const cursor = store.getState().workbench.cursor;
  if (!view || !cursor) return;
  const at = which === 'at' ? cursor.offset : cursor.offset - 1;
  if (at < 0 || at >= view.bytes.length) return;
  const bytes = new Uint8Array(view.bytes.length - 1);
  bytes.set(view.bytes.subarray(0, at));
  bytes.set(view.bytes.subarray(at + 1), at);
  if (replaceBytes(store, bytes))
    setWorkbench(store, { cursor: { ...cursor, offset: Math.min(at, bytes.length), nibble: 0 } });
}

/** Applies a one-click fix to the shown frame: one undoable step. */
export function applyFixToFrame(store: AppStore, fix: Fix): boolean {
  const state = store.getState();
  const view = currentView(state);
  const bytes = view && applyFix(view.frame, view.bytes, fix, state.options);
  return bytes !== undefined && replaceBytes(store, bytes);
}

// ------------------------------------------------------------------------------------------------ comparing

function compareWith(
  store: AppStore,
  bytes: Uint8Array,
  linkType: number,
  kind: Comparison['kind'],
  label: string,
): void {
  const state = store.getState();
  const b = currentView(state);
  const number = b?.frame.number ?? 1;
  const view = buildFrameView(dissectFrame(bytes, linkType, number, state.options), bytes);
  setWorkbench(store, { compare: { bytes, linkType, kind, label, view } });
}

/** The shown frame against itself before its edits. */
export function compareWithOriginal(store: AppStore): void {
  const state = store.getState();
  const history = liveHistory(state);
  const bytes = originalBytes(state);
  if (history && bytes) compareWith(store, bytes, history.linkType, 'original', 'the original, before your edits');
}

/** The shown frame against another: one of the pasted frames, or a frame pinned from a capture. */
export function compareWithFrame(store: AppStore, frame: FrameView, label: string): void {
  compareWith(store, frame.bytes, frame.frame.linkType, 'other', label);
}

/** The shown frame against a frame pasted for the purpose (the first one in the text). Returns why not, or undefined. */
export function compareWithText(store: AppStore, text: string): string | undefined {
  const parsed = parseText(text);
  const frame = parsed.frames[0];
  if (!frame || frame.bytes.length === 0) return 'No frame bytes found in that text.';
  const more = parsed.frames.length > 1 ? ` (the first of ${parsed.frames.length})` : '';
  compareWith(store, frame.bytes, frame.linkType, 'other', `a pasted frame${more}`);
  return undefined;
}

/** Opens a comparison from a link: A as the link carries it. */
export function restoreComparison(store: AppStore, bytes: Uint8Array, linkType: number, original: boolean): void {
  compareWith(
    store,
    bytes,
    linkType,
    original ? 'original' : 'other',
    original ? 'the original, before the edits' : 'the other frame',
  );
}

export function closeComparison(store: AppStore): void {
  setWorkbench(store, { compare: undefined });
}
