// The user's preferences: the theme and the pane sizes. Kept in localStorage (read once at start, written on each
// change), never in the permalink: they belong to the person, not to the frame they share.
import type { AppStore } from './store';

export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** Sizes of the resizable panes: `px` values are pixels, `share` values percent of the space the pane divides. */
export interface PaneSizes {
  /** Width of the input (or capture) pane on the left, px. */
  readonly inputWidth: number;
  /** The field tree's share of the width it splits with the detail panel, %. */
  readonly treeShare: number;
  /** With a capture open: the packet list's share of the right column's height, %. */
  readonly packetsShare: number;
  /** The hex view's largest share of the right column's height, %: it never grows beyond its bytes. */
  readonly hexShare: number;
  /** The hex view's share with a capture open (fixed, so the panes stay put from frame to frame). */
  readonly captureHexShare: number;
}

export type Pane = keyof PaneSizes;

export interface PaneLimit {
  readonly min: number;
  readonly max: number;
  readonly initial: number;
  readonly unit: 'px' | '%';
}

export const PANE_LIMITS: Readonly<Record<Pane, PaneLimit>> = {
  inputWidth: { min: 240, max: 720, initial: 352, unit: 'px' },
  treeShare: { min: 25, max: 80, initial: 60, unit: '%' },
  packetsShare: { min: 15, max: 75, initial: 50, unit: '%' },
  hexShare: { min: 15, max: 75, initial: 50, unit: '%' },
  captureHexShare: { min: 10, max: 60, initial: 30, unit: '%' },
};

export interface Preferences {
  readonly theme: ThemeChoice;
  readonly panes: PaneSizes;
}

const PANES = Object.keys(PANE_LIMITS) as Pane[];

export const initialPreferences: Preferences = {
  theme: 'system',
  panes: Object.fromEntries(PANES.map((p) => [p, PANE_LIMITS[p].initial])) as unknown as PaneSizes,
};

export const PREFERENCES_KEY = 'framescope.preferences';

export function clampPane(pane: Pane, value: number): number {
  const { min, max } = PANE_LIMITS[pane];
  return Math.round(Math.min(max, Math.max(min, value)));
}

/** What was stored, checked field by field: anything missing, damaged or out of range falls back. Never throws. */
export function parsePreferences(text: string | null | undefined): Preferences {
  let stored: unknown;
  try {
    stored = text ? JSON.parse(text) : undefined;
  } catch {
    return initialPreferences;
  }
  if (typeof stored !== 'object' || stored === null) return initialPreferences;
  const { theme, panes } = stored as { theme?: unknown; panes?: unknown };
  const sizes = typeof panes === 'object' && panes !== null ? (panes as Record<string, unknown>) : {};
  return {
    theme: THEME_CHOICES.includes(theme as ThemeChoice) ? (theme as ThemeChoice) : initialPreferences.theme,
    panes: Object.fromEntries(
      PANES.map((p) => {
        const value = sizes[p];
        return [
          p,
          typeof value === 'number' && Number.isFinite(value) ? clampPane(p, value) : initialPreferences.panes[p],
        ];
      }),
    ) as unknown as PaneSizes,
  };
}

/** The theme shown: the user's choice, or the system's when they chose none. */
export function resolvedTheme(choice: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

export function setTheme(store: AppStore, theme: ThemeChoice): void {
  const { preferences } = store.getState();
  if (preferences.theme !== theme) store.setState({ preferences: { ...preferences, theme } });
}

/** Sets one pane's size, clamped to its limits. */
export function setPaneSize(store: AppStore, pane: Pane, value: number): void {
  const { preferences } = store.getState();
  const size = clampPane(pane, value);
  if (preferences.panes[pane] !== size)
    store.setState({ preferences: { ...preferences, panes: { ...preferences.panes, [pane]: size } } });
}

/** The part of the Web Storage API used here; `undefined` where storage is unavailable. */
export type PreferenceStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * Reads the stored preferences into the store now (before the first render, so the page opens in its theme),
 * then writes them back whenever they change. Storage that throws (disabled, full, private mode) is ignored:
 * the preferences then last as long as the page. Returns a function that stops the sync.
 */
export function startPreferencesSync(store: AppStore, storage: PreferenceStorage | undefined): () => void {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(PREFERENCES_KEY) ?? null;
  } catch {
    // Unavailable storage: keep the defaults.
  }
  store.setState({ preferences: parsePreferences(stored) });
  return store.subscribe((state, before) => {
    if (state.preferences === before.preferences) return;
    try {
      storage?.setItem(PREFERENCES_KEY, JSON.stringify(state.preferences));
    } catch {
      // As above: the change still applies to this page.
    }
  });
}
