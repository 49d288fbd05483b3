import { useTranslation } from 'react-i18next';
import type { Draft } from './GeneralTab';

/** Settings → General: "Title chats with the model" (off: a chat is named after its first message). */
export function TitleField({
  draft,
  set,
}: {
  draft: Draft;
  set: (name: 'title_chats_with_model', value: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('titles.legend')}</legend>
      <div className="field">
        <label className="row">
          <input
            type="checkbox"
            checked={draft.title_chats_with_model}
            onChange={(e) => set('title_chats_with_model', e.target.checked)}
          />
          {t('titles.label')}
        </label>
        <p className="help">{t('titles.help')}</p>
      </div>
    </fieldset>
  );
}
