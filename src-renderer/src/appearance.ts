import type { UiTheme } from '../../src-shared/settings';

/** What the window looks like: the theme and the base text size (CSS px). */
export interface Appearance {
  theme: UiTheme;
  fontSize: number;
}

const STORAGE_KEY = 'switchboard.appearance';

/**
 * Applies the theme (`data-theme` on <html>; `system` leaves it to `prefers-color-scheme`) and
 * the text size (the root font size, which rem-sized text follows). Remembered in
 * localStorage so the next start paints in the right theme before the settings arrive.
 */
export function applyAppearance(appearance: Appearance): void {
  const root = document.documentElement;
  root.dataset.theme = appearance.theme;
  root.style.fontSize = `${appearance.fontSize}px`;
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(appearance));
  } catch {
    // Storage refused (private mode): the settings still apply once loaded.
  }
}

/** Applies the appearance remembered from the last run, if any (called before the first render). */
export function restoreAppearance(): void {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Appearance> | null;
    if (
      saved &&
      (saved.theme === 'system' || saved.theme === 'light' || saved.theme === 'dark') &&
      typeof saved.fontSize === 'number'
    ) {
      applyAppearance({ theme: saved.theme, fontSize: saved.fontSize });
    }
  } catch {
    // Nothing usable remembered: the defaults apply.
  }
}
