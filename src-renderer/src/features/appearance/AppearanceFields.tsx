import { useTranslation } from 'react-i18next';
import { UI_LANGUAGES, UI_THEMES, type UiLanguage, type UiTheme } from '../../../../src-shared/settings';
import { LANGUAGE_NAMES, systemLanguage } from '../../i18n';
import { Field } from '../settings/Field';
import type { Draft } from '../settings/GeneralTab';

const FONT_SIZES = [12, 13, 14, 15, 16, 18, 20];

/** Settings → General → Appearance: theme (System / Light / Dark), text size and language. */
export function AppearanceFields({
  draft,
  set,
  errors,
}: {
  draft: Draft;
  set: <K extends keyof Draft>(name: K, value: Draft[K]) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('appearance.legend')}</legend>
      <Field label={t('appearance.theme')} help={t('appearance.themeHelp')} error={errors.ui_theme}>
        <select value={draft.ui_theme} onChange={(e) => set('ui_theme', e.target.value as UiTheme)}>
          {UI_THEMES.map((theme) => (
            <option key={theme} value={theme}>
              {t(`appearance.themes.${theme}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('appearance.fontSize')} error={errors.ui_font_size}>
        <select value={draft.ui_font_size} onChange={(e) => set('ui_font_size', e.target.value)}>
          {FONT_SIZES.map((size) => (
            <option key={size} value={String(size)}>
              {size} px
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('appearance.language')} help={t('appearance.languageHelp')} error={errors.ui_language}>
        <select value={draft.ui_language} onChange={(e) => set('ui_language', e.target.value as UiLanguage)}>
          {UI_LANGUAGES.map((language) => (
            <option key={language} value={language}>
              {language === 'system'
                ? t('appearance.systemLanguage', { language: LANGUAGE_NAMES[systemLanguage()] })
                : LANGUAGE_NAMES[language]}
            </option>
          ))}
        </select>
      </Field>
    </fieldset>
  );
}
