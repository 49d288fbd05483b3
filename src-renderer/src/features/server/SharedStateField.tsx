import { useEffect, useState } from 'react';
import type { ApiStatus } from '../../../../src-shared/http-api';
import { useStore } from '../../store';
import { Field } from '../settings/Field';

/** The router state in words, as the Local API tab shows it. */
export function describeRouterState(state: ApiStatus['routerState']): string {
  if (state === 'redis') return 'Shared through Redis with the other instances.';
  if (state === 'local (redis unreachable)')
    return 'Redis is unreachable: this app routes on its own state until Redis is back (it keeps trying).';
  return 'Kept in this app only.';
}

/**
 * Settings → Local API → Shared state: the `api_redis_url` field. With a Redis URL, RPM windows,
 * key cooldowns, the round-robin turn and the API's rate limits are shared with every other
 * Switchboard instance naming the same Redis; a password typed into the URL is stored with the
 * keys, never in settings.json. Shows where the state is kept now.
 */
export function SharedStateField() {
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
          url.trim() ? 'Redis URL saved: connecting.' : 'Router state is kept in this app again.',
        );
      }}
    >
      <fieldset>
        <legend>Shared state</legend>
        <Field
          label="Redis URL"
          help={
            fixed
              ? 'Set by serve’s --redis-url (or REDIS_URL) for this run.'
              : 'Several Switchboard instances naming one Redis (redis://host:6379) share requests-per-minute windows, key cooldowns, round robin and API rate limits. Empty = this app only. A password in the URL is stored encrypted with your keys.'
          }
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
        <p className="help" role="status" aria-label="Router state">
          {describeRouterState(status?.routerState)}
        </p>
        <div className="form-actions">
          <button type="submit" disabled={fixed || url.trim() === settings.api_redis_url}>
            Save Redis URL
          </button>
        </div>
      </fieldset>
    </form>
  );
}
