// The app's one store: a vanilla zustand store (usable without React) made of slices.
// Actions live in actions.ts as plain functions over a store; selectors in selectors.ts.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DissectOptions } from '../dissect';
import type { Problem } from '../dissect/model';
import type { LinkOrigin } from '../permalink';
import type { FrameView } from './frame-view';
import type { CaptureState } from './capture';
import { initialPreferences, type Preferences } from './preferences';
import { initialWorkbench, type WorkbenchState } from './workbench-model';

/** What the input parser understood, for the status line above the decode. */
export interface InputSummary {
  readonly format: string;
  readonly frameCount: number;
  readonly byteCount: number;
  readonly problems: readonly Problem[];
  /** The link layer the parser detected in the bytes ("Ethernet II", "mixed (…)"); absent with no frames. */
  readonly detectedLinkType?: string;
  /** Some frame fit no link layer and Ethernet was assumed. */
  readonly linkTypeAssumed?: boolean;
}

export interface InputSlice {
  /** The user's text, exactly as typed or pasted: never rewritten or cleared by the app. */
  readonly text: string;
  /** Undefined while the text is empty. */
  readonly input: InputSummary | undefined;
  /** The user's link layer (a pcap LINKTYPE_*) for every pasted frame; undefined: detected from each frame's bytes.
   * Kept while the text is edited, dropped when it is cleared. */
  readonly linkTypeOverride: number | undefined;
}

export interface DecodeSlice {
  /** Decode-as rules and the COTP format: the user's, kept when the text changes or is cleared. */
  readonly options: DissectOptions;
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

/** The link the page was opened with (permalink.ts restores it). */
export interface LinkSlice {
  /** Why it could not be opened; undefined when it was, or there was none. */
  readonly linkError: string | undefined;
  /**
   * The capture frame the link's frame came from, and the text the link put in the input box: it holds while that
   * text does (an edited frame is no longer the frame captured). Undefined for a pasted frame's link.
   */
  readonly linkOrigin: { readonly origin: LinkOrigin; readonly text: string } | undefined;
}

/**
 * A message about the last input (input-history.ts): a file not opened and what it is instead, or the input that
 * replaced the view (or came back with Undo or Back), with the button that steps the other way.
 */
export interface InputNotice {
  /** 'refused': nothing on screen changed; 'changed': another input is shown now. */
  readonly kind: 'refused' | 'changed';
  readonly message: string;
  /** Undo (back to the input before) or Redo (forward again); absent when there is no step to offer. */
  readonly step?: 'back' | 'forward';
}

export interface NoticeSlice {
  readonly notice: InputNotice | undefined;
}

/** A capture file being read or open; undefined while the frames come from pasted text (capture.ts). */
export interface CaptureSlice {
  readonly capture: CaptureState | undefined;
}

/** Bytes lit lightly while the pointer is over a tree row or a byte: a preview, distinct from the selection. */
export interface PreviewSlice {
  readonly preview: Selection | undefined;
}

/** The theme and pane sizes (preferences.ts keeps them in localStorage). */
export interface PreferencesSlice {
  readonly preferences: Preferences;
}

/** Edit mode, the edit history and the frame the shown one is compared with (workbench.ts). */
export interface WorkbenchSlice {
  readonly workbench: WorkbenchState;
}

export type AppState = InputSlice &
  DecodeSlice &
  SelectionSlice &
  LinkSlice &
  NoticeSlice &
  CaptureSlice &
  PreviewSlice &
  PreferencesSlice &
  WorkbenchSlice;
export type AppStore = StoreApi<AppState>;

export const initialInput: InputSlice = { text: '', input: undefined, linkTypeOverride: undefined };
export const initialDecode: DecodeSlice = { options: {}, frames: [], frameIndex: 0 };
export const initialSelection: SelectionSlice = { selection: undefined, expanded: new Set(), visible: [] };
export const initialLink: LinkSlice = { linkError: undefined, linkOrigin: undefined };
export const initialNotice: NoticeSlice = { notice: undefined };
export const initialCapture: CaptureSlice = { capture: undefined };
export const initialPreview: PreviewSlice = { preview: undefined };
const initialPreferencesSlice: PreferencesSlice = { preferences: initialPreferences };

export function createAppStore(): AppStore {
  return createStore<AppState>()(() => ({
    ...initialInput,
    ...initialDecode,
    ...initialSelection,
    ...initialLink,
    ...initialNotice,
    ...initialCapture,
    ...initialPreview,
    ...initialPreferencesSlice,
    workbench: initialWorkbench,
  }));
}
