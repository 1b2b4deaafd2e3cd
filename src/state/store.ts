// The app's one store: a vanilla zustand store (usable without React) made of three slices.
// Actions live in actions.ts as plain functions over a store; selectors in selectors.ts.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Problem } from '../dissect/model';
import type { FrameView } from './frame-view';

/** What the input parser understood, for the status line above the decode. */
export interface InputSummary {
  readonly format: string;
  readonly frameCount: number;
  readonly byteCount: number;
  readonly problems: readonly Problem[];
}

export interface InputSlice {
  /** The user's text, exactly as typed or pasted: never rewritten or cleared by the app. */
  readonly text: string;
  /** Undefined while the text is empty. */
  readonly input: InputSummary | undefined;
}

export interface DecodeSlice {
  /** One view per parsed frame, dissected when the input changed. */
  readonly frames: readonly FrameView[];
  readonly frameIndex: number;
}

/** The selected node and the byte range it lights, half-open [start, end). */
export interface Selection {
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

export interface SelectionSlice {
  readonly selection: Selection | undefined;
  readonly expanded: ReadonlySet<string>;
  /** The tree's rows in order, derived from `expanded` by the actions that change it. */
  readonly visible: readonly string[];
}

export type AppState = InputSlice & DecodeSlice & SelectionSlice;
export type AppStore = StoreApi<AppState>;

export const initialInput: InputSlice = { text: '', input: undefined };
export const initialDecode: DecodeSlice = { frames: [], frameIndex: 0 };
export const initialSelection: SelectionSlice = { selection: undefined, expanded: new Set(), visible: [] };

export function createAppStore(): AppStore {
  return createStore<AppState>()(() => ({ ...initialInput, ...initialDecode, ...initialSelection }));
}
