import { useEffect, useLayoutEffect, useState } from 'react';
import { resolvedTheme } from '../../state/preferences';
import { useAppState } from '../app/store-context';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The system's colour scheme, followed live (the user switches the OS to dark at dusk). */
export function useSystemDark(): boolean {
  const [dark, setDark] = useState(() => window.matchMedia?.(DARK_QUERY).matches ?? false);
  useEffect(() => {
    const query = window.matchMedia?.(DARK_QUERY);
    if (!query) return;
    const onChange = () => setDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return dark;
}

/** Puts the theme shown on <html> (class "dark", and color-scheme for native controls) before the browser paints. */
export function useDocumentTheme(): 'light' | 'dark' {
  const choice = useAppState((s) => s.preferences.theme);
  const theme = resolvedTheme(choice, useSystemDark());
  useLayoutEffect(() => {
    const root = document.documentElement;
    root.classList.toggle('dark', theme === 'dark');
    root.dataset['theme'] = theme;
  }, [theme]);
  return theme;
}
