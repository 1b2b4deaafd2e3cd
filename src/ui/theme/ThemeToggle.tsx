import { setTheme, THEME_CHOICES, type ThemeChoice } from '../../state/preferences';
import { useAppState, useAppStore } from '../app/store-context';

const NAMES: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

// 16×16 outlines: a half-filled circle (the system decides), a sun, a moon.
const ICONS: Record<ThemeChoice, string> = {
  system: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13Zm0 1.5v10a5 5 0 0 1 0-10Z',
  light:
    'M8 5a3 3 0 1 0 0 6 3 3 0 0 0 0-6ZM7.25 0h1.5v2.5h-1.5zM7.25 13.5h1.5V16h-1.5zM0 7.25h2.5v1.5H0zM13.5 7.25H16v1.5h-2.5zM2.1 3.16l1.06-1.06 1.77 1.77-1.06 1.06zM11.07 12.13l1.06-1.06 1.77 1.77-1.06 1.06zM2.1 12.84l1.77-1.77 1.06 1.06-1.77 1.77zM11.07 3.87l1.77-1.77 1.06 1.06-1.77 1.77z',
  dark: 'M6.2 1.2a6.8 6.8 0 1 0 8.6 8.6A5.6 5.6 0 0 1 6.2 1.2Z',
};

/**
 * Light, dark, or the system's: three pressed-or-not buttons in a labelled group. The choice is kept in
 * localStorage (preferences.ts); "System" follows the operating system's setting as it changes.
 */
export function ThemeToggle({ shown }: { shown: 'light' | 'dark' }) {
  const store = useAppStore();
  const choice = useAppState((s) => s.preferences.theme);
  return (
    <div
      role="group"
      aria-label={`Theme (showing ${shown})`}
      className="flex overflow-hidden rounded border"
      style={{ borderColor: 'var(--bar-line)' }}
    >
      {THEME_CHOICES.map((theme) => (
        <button
          key={theme}
          type="button"
          aria-pressed={choice === theme}
          aria-label={`${NAMES[theme]} theme`}
          title={theme === 'system' ? `Theme: the system's (now ${shown})` : `Theme: ${NAMES[theme].toLowerCase()}`}
          onClick={() => setTheme(store, theme)}
          className="bar-button rounded-none border-0 px-2"
        >
          <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4 fill-current">
            <path fillRule="evenodd" d={ICONS[theme]} />
          </svg>
        </button>
      ))}
    </div>
  );
}
