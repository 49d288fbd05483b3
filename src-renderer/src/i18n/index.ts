import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { languageOf, LANGUAGES, pickLanguage, type Language } from '../../../src-shared/languages';
import type { UiLanguage } from '../../../src-shared/settings';
import { en, type Catalog } from './en';

export { LANGUAGES, type Language };

/** Each language's own name, as the Language field lists it. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  ru: 'Русский',
  zh: '中文',
};

// English ships with the page; the others load the first time they are used (each is typed as
// a Catalog in its file, so a missing key does not compile).
const loaders: Record<Language, () => Promise<Catalog>> = {
  en: () => Promise.resolve(en),
  ru: () => import('./ru').then((module) => module.ru),
  zh: () => import('./zh').then((module) => module.zh),
};

async function load(language: Language): Promise<void> {
  if (!i18next.hasResourceBundle(language, 'translation')) {
    i18next.addResourceBundle(language, 'translation', await loaders[language]());
  }
}

/** The first of the system's languages (navigator.languages) that we have; English otherwise. */
export function systemLanguage(
  preferred: readonly string[] = navigator.languages ?? [navigator.language],
): Language {
  return pickLanguage(preferred);
}

/** The language a `ui_language` setting means: `system` (or no setting yet) follows the system. */
export function resolveLanguage(setting: UiLanguage | undefined): Language {
  return languageOf(setting, navigator.languages ?? [navigator.language]);
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en } },
  partialBundledLanguages: true,
  lng: 'en',
  fallbackLng: 'en',
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  initAsync: false,
});

/**
 * Switches the interface to the language the `ui_language` setting means, loading its catalog
 * first; resolves once the interface shows it.
 */
export async function applyLanguage(setting: UiLanguage | undefined): Promise<void> {
  const language = resolveLanguage(setting);
  if (setting) remember(setting);
  await load(language);
  if (i18next.language !== language) await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

const STORAGE_KEY = 'switchboard.language';

function remember(setting: UiLanguage): void {
  try {
    localStorage.setItem(STORAGE_KEY, setting);
  } catch {
    // Not remembered: the next start follows the system until the settings arrive.
  }
}

function remembered(): UiLanguage | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'system' || (LANGUAGES as readonly string[]).includes(value ?? '')
      ? (value as UiLanguage)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolves once the language of the last run (or the system's) is loaded: the first render
 * waits for it, so the window does not flash another language before the settings arrive.
 */
export const languageReady: Promise<void> = applyLanguage(remembered()).catch(() => undefined);

/** Translates outside components (store messages, error words); components use `useTranslation`. */
export const t = i18next.t.bind(i18next);

/**
 * A session's title for the sidebar and header: the core names a chat without messages
 * "New chat" (its UNTITLED); that one is shown in the interface language, others as written.
 */
export function sessionTitle(title: string | undefined): string {
  return title === undefined || title === 'New chat' ? t('chat.newChat') : title;
}

export { i18next };
