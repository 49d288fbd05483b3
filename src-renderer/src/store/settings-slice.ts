import type { Settings, SettingsPatch } from '../../../src-shared/settings';
import type { ErrorData } from '../../../src-shared/errors';
import { bridge } from '../bridge';
import { describeError, fieldErrorWords } from '../errors';
import { applyLanguage, t } from '../i18n';
import type { Slice } from './types';

export interface SettingsSlice {
  settings: Settings | null;
  defaults: Settings | null;
  /** Per-field messages from the last refused save, keyed by setting name. */
  settingsErrors: Record<string, string>;
  settingsMessage: string | null;
  loadSettings(): Promise<void>;
  /** Saves a patch; true when saved. On refusal, `settingsErrors` says why per field. */
  saveSettings(patch: SettingsPatch): Promise<boolean>;
}

export const createSettingsSlice: Slice<SettingsSlice> = (set) => ({
  settings: null,
  defaults: null,
  settingsErrors: {},
  settingsMessage: null,
  async loadSettings() {
    const view = await bridge['settings.get'](undefined);
    set({ settings: view.values, defaults: view.defaults });
  },
  async saveSettings(patch) {
    set({ settingsErrors: {}, settingsMessage: null });
    try {
      const view = await bridge['settings.update'](patch);
      // A new language applies before the confirmation is worded, so it is worded in it.
      await applyLanguage(view.values.ui_language).catch(() => undefined);
      set({ settings: view.values, defaults: view.defaults, settingsMessage: t('general.saved') });
      return true;
    } catch (error) {
      const data = error as Partial<ErrorData>;
      set({
        settingsErrors: fieldErrorWords(error),
        settingsMessage: t('general.notSaved', {
          reason: data.fields ? t('general.fixFields') : describeError(error),
        }),
      });
      return false;
    }
  },
});
