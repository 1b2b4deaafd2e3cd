// The workbench's state (workbench.ts has its actions and selectors): plain data, no imports from the store.
import type { FrameView } from './frame-view';

/** Where typing goes: a byte, which of its two hex digits, and whether the hex or the ASCII column has the caret. */
export interface EditCursor {
  readonly offset: number;
  readonly nibble: 0 | 1;
  readonly column: 'hex' | 'ascii';
}

/** The edits made to one frame of the input, oldest first. Stale (and ignored) once the user types in the text box. */
export interface EditHistory {
  readonly frameIndex: number;
  /** The user's text before the first edit, and the frame's bytes then: "compare with original" compares with these. */
  readonly originalText: string;
  readonly originalBytes: Uint8Array;
  readonly linkType: number;
  readonly past: readonly Uint8Array[];
  readonly future: readonly Uint8Array[];
  /** The text the last edit wrote into the input box: any other text means the user has typed since. */
  readonly text: string;
  /** Successive keystrokes with the same key (the two digits of one byte) are undone together. */
  readonly group?: string;
}

/** The frame the shown one is compared with (A); the shown frame, edits and all, is B. */
export interface Comparison {
  readonly bytes: Uint8Array;
  readonly linkType: number;
  /** "original": the shown frame before its edits; "other": a pasted or picked frame. */
  readonly kind: 'original' | 'other';
  readonly label: string;
  readonly view: FrameView;
}

export interface WorkbenchState {
  readonly editing: boolean;
  /** Typing inserts bytes instead of overwriting them. */
  readonly inserting: boolean;
  readonly cursor: EditCursor | undefined;
  readonly history: EditHistory | undefined;
  readonly compare: Comparison | undefined;
}

export const initialWorkbench: WorkbenchState = {
  editing: false,
  inserting: false,
  cursor: undefined,
  history: undefined,
  compare: undefined,
};
