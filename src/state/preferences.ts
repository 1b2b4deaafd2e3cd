// The user's preferences: the theme, the pane sizes and the packet list's columns (widths, sort, time format). Kept in
// localStorage (read once at start, written on each change), never in the permalink: they belong to the person, not to
// the frame they share.
import { TIME_FORMATS, type TimeFormat } from '../inputs/capture-time';
import { PACKET_COLUMNS, type PacketColumn, type PacketSort, type SortDirection } from '../inputs/packet-order';
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

/**
 * Defaults that changed: a stored value equal to the old default is read as the new one (storage keeps every pane's
 * size once any preference changes, so most people "chose" the old default without choosing anything). The packet
 * list had half the height and the hex view 30%: about 8 rows at 1280×800, now about 15.
 */
const FORMER_DEFAULTS: Readonly<Partial<Record<Pane, number>>> = { packetsShare: 50, captureHexShare: 30 };

export interface PaneLimit {
  readonly min: number;
  readonly max: number;
  readonly initial: number;
  readonly unit: 'px' | '%';
}

export const PANE_LIMITS: Readonly<Record<Pane, PaneLimit>> = {
  inputWidth: { min: 240, max: 720, initial: 352, unit: 'px' },
  treeShare: { min: 25, max: 80, initial: 60, unit: '%' },
  packetsShare: { min: 15, max: 85, initial: 70, unit: '%' },
  hexShare: { min: 15, max: 75, initial: 50, unit: '%' },
  captureHexShare: { min: 10, max: 60, initial: 20, unit: '%' },
};

/** The packet list's columns, as Wireshark remembers them (its "recent" file). */
export interface PacketListPreferences {
  /** The Time column's format (Wireshark's View → Time Display Format). */
  readonly timeFormat: TimeFormat;
  /** The sorted column; undefined: capture order. */
  readonly sort: PacketSort | undefined;
  /** Widths the user gave columns, px; the others have their default width. */
  readonly widths: Readonly<Partial<Record<PacketColumn, number>>>;
}

/** How narrow and how wide a packet-list column can be made, px. */
export const COLUMN_WIDTH_LIMITS = { min: 24, max: 1200 } as const;

export interface Preferences {
  readonly theme: ThemeChoice;
  readonly panes: PaneSizes;
  readonly packetList: PacketListPreferences;
}

const PANES = Object.keys(PANE_LIMITS) as Pane[];

export const initialPreferences: Preferences = {
  theme: 'system',
  panes: Object.fromEntries(PANES.map((p) => [p, PANE_LIMITS[p].initial])) as unknown as PaneSizes,
  packetList: { timeFormat: 'relative', sort: undefined, widths: {} },
};

export const PREFERENCES_KEY = 'framescope.preferences';

export function clampPane(pane: Pane, value: number): number {
  const { min, max } = PANE_LIMITS[pane];
  return Math.round(Math.min(max, Math.max(min, value)));
}

export const clampColumnWidth = (px: number): number =>
  Math.round(Math.min(COLUMN_WIDTH_LIMITS.max, Math.max(COLUMN_WIDTH_LIMITS.min, px)));

const DIRECTIONS: readonly SortDirection[] = ['ascending', 'descending'];
/** Time formats by id, and the values of the two-format select this list once had ("absolute" was UTC). */
const TIME_FORMAT_VALUES: Readonly<Record<string, TimeFormat>> = {
  ...Object.fromEntries(TIME_FORMATS.map((f) => [f.id, f.id])),
  absolute: 'utc-date-time',
};

const objectOr = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

function parsePacketList(value: unknown): PacketListPreferences {
  const { timeFormat, sort, widths } = objectOr(value);
  const { column, direction } = objectOr(sort);
  const sizes = objectOr(widths);
  return {
    timeFormat:
      (typeof timeFormat === 'string' && Object.hasOwn(TIME_FORMAT_VALUES, timeFormat)
        ? TIME_FORMAT_VALUES[timeFormat]
        : undefined) ?? initialPreferences.packetList.timeFormat,
    sort:
      PACKET_COLUMNS.includes(column as PacketColumn) && DIRECTIONS.includes(direction as SortDirection)
        ? { column: column as PacketColumn, direction: direction as SortDirection }
        : undefined,
    widths: Object.fromEntries(
      PACKET_COLUMNS.flatMap((c) => {
        const px = sizes[c];
        return typeof px === 'number' && Number.isFinite(px) ? [[c, clampColumnWidth(px)]] : [];
      }),
    ),
  };
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
  const { theme, panes, packetList } = stored as { theme?: unknown; panes?: unknown; packetList?: unknown };
  const sizes = objectOr(panes);
  return {
    theme: THEME_CHOICES.includes(theme as ThemeChoice) ? (theme as ThemeChoice) : initialPreferences.theme,
    panes: Object.fromEntries(
      PANES.map((p) => {
        const value = sizes[p];
        const valid = typeof value === 'number' && Number.isFinite(value) && value !== FORMER_DEFAULTS[p];
        return [p, valid ? clampPane(p, value) : initialPreferences.panes[p]];
      }),
    ) as unknown as PaneSizes,
    packetList: parsePacketList(packetList),
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

/** Sets a packet-list column's width (clamped), or with `undefined` puts it back to its default. */
export function setColumnWidth(store: AppStore, column: PacketColumn, px: number | undefined): void {
  const { preferences } = store.getState();
  const { widths } = preferences.packetList;
  const width = px === undefined ? undefined : clampColumnWidth(px);
  if (widths[column] === width) return;
  const { [column]: _old, ...others } = widths;
  const next = width === undefined ? others : { ...others, [column]: width };
  store.setState({ preferences: { ...preferences, packetList: { ...preferences.packetList, widths: next } } });
}

/** Changes the packet list's column preferences (the capture's actions ask the worker for the order that follows). */
export function setPacketListPreferences(store: AppStore, change: Partial<PacketListPreferences>): void {
  const { preferences } = store.getState();
  store.setState({ preferences: { ...preferences, packetList: { ...preferences.packetList, ...change } } });
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
