import type { UiLanguage } from './settings';

/** Languages the interface (the window, the menu and the tray) is written in. */
export const LANGUAGES = ['en', 'ru', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The first of the system's languages (BCP 47 tags, most preferred first: `navigator.languages`
 * in the window, Electron's `app.getPreferredSystemLanguages()` in main) that we have; English
 * otherwise. Only the base language counts (`zh-Hant-TW` → `zh`).
 */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if ((LANGUAGES as readonly string[]).includes(base ?? '')) return base as Language;
  }
  return 'en';
}

/** The language a `ui_language` setting means: `system` (or no setting yet) follows `preferred`. */
export function languageOf(setting: UiLanguage | undefined, preferred: readonly string[]): Language {
  return setting && setting !== 'system' ? setting : pickLanguage(preferred);
}
