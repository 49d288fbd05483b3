import { Switch } from 'radix-ui';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiStatus } from '../../../../src-shared/http-api';
import { t as translate } from '../../i18n';
import { useStore } from '../../store';
import { Field } from '../settings/Field';
import { ApiExamples } from './ApiExamples';
import { ConfirmDialog } from './ConfirmDialog';
import { KeepServingField } from './KeepServingField';
import { SafetyFields } from './SafetyFields';
import { SharedStateField } from './SharedStateField';

/** The status line in words: where it listens, or why it does not. */
export function describeStatus(status: ApiStatus | null): string {
  const t = translate;
  if (!status) return t('localApi.loading');
  switch (status.state) {
    case 'listening':
      return status.host === '0.0.0.0' || status.host === '::'
        ? t('localApi.listeningAll', { port: status.port, url: status.url })
        : t('localApi.listening', { url: status.url });
    case 'starting':
      return t('localApi.starting', { port: status.port });
    case 'error':
      return t('localApi.notRunning', { reason: status.error?.message ?? t('localApi.couldNotStart') });
    default:
      return t('localApi.stopped');
  }
}

/**
 * Settings → Local API: the switch that starts/stops the server (saved), its port and status,
 * the bearer token (masked; Copy and Regenerate), the safety switches, limits, and examples
 * filled in with the URL.
 */
export function LocalApiTab() {
  const { t } = useTranslation();
  const status = useStore((s) => s.apiStatus);
  const settings = useStore((s) => s.settings);
  const busy = useStore((s) => s.apiBusy);
  const notice = useStore((s) => s.apiNotice);
  const errors = useStore((s) => s.apiErrors);
  const { setApiEnabled, saveApiSettings, copyApiToken, regenerateApiToken } = useStore.getState();
  const [port, setPort] = useState('');
  const [confirmRegenerate, setConfirmRegenerate] = useState(false);

  useEffect(() => {
    if (settings) setPort(String(settings.api_port));
  }, [settings]);

  if (!settings) return <p className="muted">{t('app.loading')}</p>;
  const on = settings.api_enabled || status?.state === 'listening' || status?.state === 'starting';
  const url = status?.url ?? `http://127.0.0.1:${status?.port ?? settings.api_port}`;
  const overridden = (name: string) => status?.overridden.includes(name) ?? false;

  return (
    <div className="form local-api">
      <fieldset>
        <legend>{t('localApi.server')}</legend>
        <div className="row switch-row">
          <Switch.Root
            id="api-switch"
            className="switch"
            checked={on}
            disabled={busy}
            onCheckedChange={(checked) => void setApiEnabled(checked)}
          >
            <Switch.Thumb className="switch-thumb" />
          </Switch.Root>
          <label htmlFor="api-switch">{t('localApi.switch')}</label>
        </div>
        <p
          className={`api-status state-${status?.state ?? 'stopped'}`}
          role="status"
          aria-label={t('localApi.status')}
        >
          {describeStatus(status)}
        </p>
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            void saveApiSettings(
              { api_port: /^\s*\d+\s*$/.test(port) ? Number(port) : (port as unknown as number) },
              t('localApi.portSaved'),
            );
          }}
        >
          <Field
            label={t('localApi.port')}
            help={overridden('api_port') ? t('localApi.portOverridden') : t('localApi.portHelp')}
            error={errors.api_port}
          >
            <input type="text" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />
          </Field>
          <button type="submit" disabled={port === String(settings.api_port)}>
            {t('localApi.savePort')}
          </button>
        </form>
        <KeepServingField />
      </fieldset>

      <fieldset>
        <legend>{t('localApi.token')}</legend>
        <div className="row">
          <output className="mono token" aria-label={t('localApi.token')}>
            {status?.token?.masked ?? t('localApi.noToken')}
          </output>
          <button type="button" disabled={!status?.token} onClick={() => void copyApiToken()}>
            {t('localApi.copyToken')}
          </button>
          {status?.token?.source !== 'environment' && (
            <button type="button" className="ghost" onClick={() => setConfirmRegenerate(true)}>
              {t('localApi.regenerate')}
            </button>
          )}
        </div>
        <p className="help">
          {status?.token?.source === 'environment' ? t('localApi.tokenFromEnv') : t('localApi.tokenHelp')}
        </p>
      </fieldset>

      <SafetyFields hasToken={Boolean(status?.token)} />
      <SharedStateField />
      <ApiExamples url={url} />

      {notice && (
        <p className={`api-notice ${notice.kind === 'ok' ? 'ok' : 'bad'}`} role="alert">
          {notice.text}
        </p>
      )}

      <ConfirmDialog
        open={confirmRegenerate}
        title={t('localApi.regenerateTitle')}
        confirmLabel={t('localApi.regenerateConfirm')}
        danger
        onCancel={() => setConfirmRegenerate(false)}
        onConfirm={() => {
          setConfirmRegenerate(false);
          void regenerateApiToken();
        }}
      >
        <p>{t('localApi.regenerateBody')}</p>
      </ConfirmDialog>
    </div>
  );
}
