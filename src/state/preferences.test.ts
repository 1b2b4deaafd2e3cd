import { describe, expect, it } from 'vitest';
import {
  initialPreferences,
  PANE_LIMITS,
  parsePreferences,
  PREFERENCES_KEY,
  resolvedTheme,
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
