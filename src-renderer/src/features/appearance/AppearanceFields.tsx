import { UI_THEMES, type UiTheme } from '../../../../src-shared/settings';
import { Field } from '../settings/Field';
import type { Draft } from '../settings/GeneralTab';

const THEME_LABELS: Record<UiTheme, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const FONT_SIZES = [12, 13, 14, 15, 16, 18, 20];

/** Settings → General → Appearance: theme (System / Light / Dark) and text size. */
export function AppearanceFields({
  draft,
  set,
  errors,
}: {
  draft: Draft;
  set: <K extends keyof Draft>(name: K, value: Draft[K]) => void;
  errors: Record<string, string>;
}) {
  return (
    <fieldset>
      <legend>Appearance</legend>
      <Field label="Theme" help="System follows the light or dark setting of your system." error={errors.ui_theme}>
        <select value={draft.ui_theme} onChange={(e) => set('ui_theme', e.target.value as UiTheme)}>
          {UI_THEMES.map((theme) => (
            <option key={theme} value={theme}>
              {THEME_LABELS[theme]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Text size" error={errors.ui_font_size}>
        <select value={draft.ui_font_size} onChange={(e) => set('ui_font_size', e.target.value)}>
          {FONT_SIZES.map((size) => (
            <option key={size} value={String(size)}>
              {size} px
            </option>
          ))}
        </select>
      </Field>
    </fieldset>
  );
}
