import { useTranslation } from 'react-i18next';
import { useStore } from '../../store';
import { Field } from '../settings/Field';

/**
 * Desktop app only: "Keep serving the local API when the window is closed" — closing the window
 * then leaves the API running with a tray icon (Open Switchboard, Stop API, Quit) instead of
 * quitting. Not shown in a browser, where closing a tab never stops the server.
 */
export function KeepServingField() {
  const { t } = useTranslation();
  const settings = useStore((s) => s.settings);
  const mode = useStore((s) => s.info?.mode);
  const errors = useStore((s) => s.apiErrors);
  const { saveApiSettings } = useStore.getState();
  if (!settings || mode !== 'electron') return null;
  const on = settings.api_keep_serving_when_closed;
  return (
    <Field
      label={t('localApi.keepServing')}
      help={on ? t('localApi.keepServingOn') : t('localApi.keepServingOff')}
      error={errors.api_keep_serving_when_closed}
    >
      <input
        type="checkbox"
        checked={on}
        onChange={(e) =>
          void saveApiSettings(
            { api_keep_serving_when_closed: e.target.checked },
            e.target.checked ? t('localApi.keepServingNowOn') : t('localApi.keepServingNowOff'),
          )
        }
      />
    </Field>
  );
}
