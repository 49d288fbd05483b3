import { useStore } from '../../store';
import { Field } from '../settings/Field';

/**
 * Desktop app only: "Keep serving the local API when the window is closed" — closing the window
 * then leaves the API running with a tray icon (Open Switchboard, Stop API, Quit) instead of
 * quitting. Not shown in a browser, where closing a tab never stops the server.
 */
export function KeepServingField() {
  const settings = useStore((s) => s.settings);
  const mode = useStore((s) => s.info?.mode);
  const errors = useStore((s) => s.apiErrors);
  const { saveApiSettings } = useStore.getState();
  if (!settings || mode !== 'electron') return null;
  const on = settings.api_keep_serving_when_closed;
  return (
    <Field
      label="Keep serving the local API when the window is closed"
      help={
        on
          ? 'On: while the server runs, closing the window leaves it serving; the tray icon reopens the window or stops it.'
          : 'Off: closing the window quits Switchboard and stops the server.'
      }
      error={errors.api_keep_serving_when_closed}
    >
      <input
        type="checkbox"
        checked={on}
        onChange={(e) =>
          void saveApiSettings(
            { api_keep_serving_when_closed: e.target.checked },
            e.target.checked
              ? 'The API keeps serving when the window is closed.'
              : 'Closing the window now quits Switchboard.',
          )
        }
      />
    </Field>
  );
}
