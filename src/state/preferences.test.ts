import { describe, expect, it } from 'vitest';
import {
  COLUMN_WIDTH_LIMITS,
  initialPreferences,
  PANE_LIMITS,
  parsePreferences,
  PREFERENCES_KEY,
  resolvedTheme,
  setColumnWidth,
  setPaneSize,
  setTheme,
  startPreferencesSync,
  type PreferenceStorage,
} from './preferences';
import { createAppStore } from './store';

function memoryStorage(initial: Record<string, string> = {}): PreferenceStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

describe('parsePreferences', () => {
  it('falls back to the defaults for nothing, garbage and the wrong shape', () => {
    for (const text of [null, undefined, '', '{', 'null', '42', '"dark"', '[]'])
      expect(parsePreferences(text)).toEqual(initialPreferences);
  });

  it('keeps what is valid, clamps sizes and drops the rest field by field', () => {
    const parsed = parsePreferences(
      JSON.stringify({
        theme: 'dark',
        panes: { inputWidth: 99999, treeShare: 50, hexShare: 'big', packetsShare: Number.NaN },
      }),
    );
    expect(parsed.theme).toBe('dark');
    expect(parsed.panes.inputWidth).toBe(PANE_LIMITS.inputWidth.max);
    expect(parsed.panes.treeShare).toBe(50);
    expect(parsed.panes.hexShare).toBe(PANE_LIMITS.hexShare.initial);
    expect(parsed.panes.packetsShare).toBe(PANE_LIMITS.packetsShare.initial);
    expect(parsePreferences(JSON.stringify({ theme: 'sepia' })).theme).toBe('system');
  });

  it('reads a former default as the new one: the packet list had 50% of the height, the hex view 30%', () => {
    const { panes } = parsePreferences(
      JSON.stringify({ panes: { packetsShare: 50, captureHexShare: 30, hexShare: 50 } }),
    );
    expect(panes.packetsShare).toBe(PANE_LIMITS.packetsShare.initial);
    expect(panes.captureHexShare).toBe(PANE_LIMITS.captureHexShare.initial);
    expect(panes.hexShare).toBe(50);
    expect(parsePreferences(JSON.stringify({ panes: { packetsShare: 52 } })).panes.packetsShare).toBe(52);
  });
});

describe('the packet list’s columns', () => {
  it('keeps a valid time format, sort and widths; drops the rest field by field', () => {
    const parsed = parsePreferences(
      JSON.stringify({
        packetList: {
          timeFormat: 'delta-displayed',
          sort: { column: 'length', direction: 'descending' },
          widths: { time: 5, source: 200.4, info: 'wide', bogus: 50, length: 99999 },
        },
      }),
    );
    expect(parsed.packetList).toEqual({
      timeFormat: 'delta-displayed',
      sort: { column: 'length', direction: 'descending' },
      widths: { time: COLUMN_WIDTH_LIMITS.min, source: 200, length: COLUMN_WIDTH_LIMITS.max },
    });
    for (const sort of [{ column: 'colour', direction: 'ascending' }, { column: 'info', direction: 'up' }, 'info'])
      expect(parsePreferences(JSON.stringify({ packetList: { sort } })).packetList.sort).toBeUndefined();
    expect(parsePreferences(JSON.stringify({ packetList: { timeFormat: 'toString' } })).packetList.timeFormat).toBe(
      'relative',
    );
    expect(parsePreferences(JSON.stringify({ theme: 'dark' })).packetList).toEqual(initialPreferences.packetList);
  });

  it('reads the old time select’s values: "absolute" was UTC, "relative" still is', () => {
    const format = (timeFormat: string) => parsePreferences(JSON.stringify({ packetList: { timeFormat } })).packetList;
    expect(format('absolute').timeFormat).toBe('utc-date-time');
    expect(format('relative').timeFormat).toBe('relative');
  });

  it('a column’s width is stored clamped, and removed to go back to the default', () => {
    const storage = memoryStorage();
    const store = createAppStore();
    startPreferencesSync(store, storage);
    setColumnWidth(store, 'info', 10);
    setColumnWidth(store, 'source', 250);
    expect(JSON.parse(storage.data[PREFERENCES_KEY]!).packetList.widths).toEqual({
      info: COLUMN_WIDTH_LIMITS.min,
      source: 250,
    });
    setColumnWidth(store, 'info', undefined);
    expect(store.getState().preferences.packetList.widths).toEqual({ source: 250 });
  });
});

describe('the theme', () => {
  it('is the system one until the user picks one', () => {
    expect(resolvedTheme('system', true)).toBe('dark');
    expect(resolvedTheme('system', false)).toBe('light');
    expect(resolvedTheme('light', true)).toBe('light');
    expect(resolvedTheme('dark', false)).toBe('dark');
  });
});

describe('startPreferencesSync', () => {
  it('reads the stored preferences, then writes every change back', () => {
    const storage = memoryStorage({
      [PREFERENCES_KEY]: JSON.stringify({ theme: 'light', panes: { inputWidth: 400 } }),
    });
    const store = createAppStore();
    const stop = startPreferencesSync(store, storage);
    expect(store.getState().preferences.theme).toBe('light');
    expect(store.getState().preferences.panes.inputWidth).toBe(400);

    setTheme(store, 'dark');
    setPaneSize(store, 'treeShare', 5); // below the minimum: clamped
    const written = JSON.parse(storage.data[PREFERENCES_KEY]!);
    expect(written.theme).toBe('dark');
    expect(written.panes.treeShare).toBe(PANE_LIMITS.treeShare.min);
    expect(written.panes.inputWidth).toBe(400);

    stop();
    setTheme(store, 'light');
    expect(JSON.parse(storage.data[PREFERENCES_KEY]!).theme).toBe('dark');
  });

  it('works without storage, or with storage that throws', () => {
    const broken: PreferenceStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    for (const storage of [undefined, broken]) {
      const store = createAppStore();
      startPreferencesSync(store, storage);
      expect(store.getState().preferences).toEqual(initialPreferences);
      expect(() => setTheme(store, 'dark')).not.toThrow();
      expect(store.getState().preferences.theme).toBe('dark');
    }
  });
});
