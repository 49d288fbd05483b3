import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiStatus } from '../../../../src-shared/http-api';
import { t as translate } from '../../i18n';
import { useStore } from '../../store';
import { Field } from '../settings/Field';

/** The router state in words, as the Local API tab shows it. */
export function describeRouterState(state: ApiStatus['routerState']): string {
  if (state === 'redis') return translate('sharedState.redis');
  if (state === 'local (redis unreachable)') return translate('sharedState.unreachable');
  return translate('sharedState.local');
}

/**
 * Settings → Local API → Shared state: the `api_redis_url` field. With a Redis URL, RPM windows,
 * key cooldowns, the round-robin turn and the API's rate limits are shared with every other
 * Switchboard instance naming the same Redis; a password typed into the URL is stored with the
 * keys, never in settings.json. Shows where the state is kept now.
 */
export function SharedStateField() {
  const { t } = useTranslation();
  const settings = useStore((s) => s.settings);
  const status = useStore((s) => s.apiStatus);
  const errors = useStore((s) => s.apiErrors);
  const { saveApiSettings } = useStore.getState();
  const [url, setUrl] = useState('');

  useEffect(() => {
    if (settings) setUrl(settings.api_redis_url);
  }, [settings]);

  if (!settings) return null;
  const fixed = status?.overridden.includes('api_redis_url') ?? false;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void saveApiSettings(
          { api_redis_url: url.trim() },
          url.trim() ? t('sharedState.saved') : t('sharedState.cleared'),
        );
      }}
    >
      <fieldset>
        <legend>{t('sharedState.legend')}</legend>
        <Field
          label={t('sharedState.url')}
          help={fixed ? t('sharedState.fixed') : t('sharedState.help')}
          error={errors.api_redis_url}
        >
          <input
            type="text"
            spellCheck={false}
            placeholder="redis://127.0.0.1:6379"
            value={url}
            disabled={fixed}
            onChange={(e) => setUrl(e.target.value)}
          />
        </Field>
        <p className="help" role="status" aria-label={t('sharedState.state')}>
          {describeRouterState(status?.routerState)}
        </p>
        <div className="form-actions">
          <button type="submit" disabled={fixed || url.trim() === settings.api_redis_url}>
            {t('sharedState.save')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
