import { AppError } from '../../errors';
import type { Logger } from '../../log';
import { INTERNAL_SECRET_PREFIX, type CredentialStore } from '../../secrets/credential-store';
import type { SettingPreparer } from '../../settings/settings-store';
import type { Clock } from '../../clock';
import type { Settings } from '../../../../src-shared/settings';
import { openRouterState, type SwitchingRouterState } from './switching-state';

/** Where the password of `api_redis_url` is kept (base64url, so commas and newlines survive the key-list format). */
export const REDIS_PASSWORD_SECRET = `${INTERNAL_SECRET_PREFIX}redis_password`;

/**
 * Preparer of the `api_redis_url` setting: like provider keys, a password typed into the URL
 * goes to the credential store and settings.json keeps the URL without it. Throws AppError
 * `settings_invalid` for a URL that is not `redis://` or `rediss://`.
 */
export function redisUrlPreparer(credentials: CredentialStore): SettingPreparer {
  return async (value) => {
    const text = String(value).trim();
    if (text === '') return { value: '', commit: () => credentials.delete(REDIS_PASSWORD_SECRET) };
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      url = new URL('invalid:');
    }
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
      const message = 'must be a redis:// or rediss:// URL';
      throw new AppError('settings_invalid', `api_redis_url ${message}.`, {
        fields: { api_redis_url: message },
        fieldIssues: { api_redis_url: { code: 'not_redis_url' } },
      });
    }
    const password = decodeURIComponent(url.password);
    if (password === '') return { value: url.toString() };
    url.password = '';
    return {
      value: url.toString(),
      commit: () => credentials.set(REDIS_PASSWORD_SECRET, [Buffer.from(password).toString('base64url')]),
    };
  };
}

/** The URL to connect with: the stored `api_redis_url` with its password from the credential store put back. */
export function redisUrlOf(settings: Settings, credentials: CredentialStore): string {
  const stored = settings.api_redis_url.trim();
  const [secret] = credentials.get(REDIS_PASSWORD_SECRET);
  if (stored === '' || !secret) return stored;
  const url = new URL(stored);
  url.password = encodeURIComponent(Buffer.from(secret, 'base64url').toString());
  return url.toString();
}

/**
 * Re-opens the router state whenever `api_redis_url` (or its password) changes, one switch at
 * a time. Answers the unsubscribe function.
 */
export function followRedisSetting(deps: {
  state: SwitchingRouterState;
  url: () => string;
  onChange: (listener: () => void) => () => void;
  clock: Clock;
  logger?: Logger;
}): () => void {
  let current = deps.url();
  let queue = Promise.resolve();
  return deps.onChange(() => {
    const next = deps.url();
    if (next === current) return;
    current = next;
    queue = queue
      .then(async () =>
        deps.state.use(await openRouterState(next, { clock: deps.clock, logger: deps.logger })),
      )
      .catch((error: unknown) => deps.logger?.warn({ err: error }, 'router state: could not switch'));
  });
}
