import { Switch } from 'radix-ui';
import { useEffect, useState } from 'react';
import type { ApiStatus } from '../../../../src-shared/http-api';
import { useStore } from '../../store';
import { Field } from '../settings/Field';
import { ApiExamples } from './ApiExamples';
import { ConfirmDialog } from './ConfirmDialog';
import { KeepServingField } from './KeepServingField';
import { SafetyFields } from './SafetyFields';
import { SharedStateField } from './SharedStateField';

/** The status line in words: where it listens, or why it does not. */
export function describeStatus(status: ApiStatus | null): string {
  if (!status) return 'Loading…';
  switch (status.state) {
    case 'listening':
      return status.host === '0.0.0.0' || status.host === '::'
        ? `Listening on all network interfaces, port ${status.port} (on this computer: ${status.url})`
        : `Listening on ${status.url}`;
    case 'starting':
      return `Starting on port ${status.port}…`;
    case 'error':
      return `Not running: ${status.error?.message ?? 'it could not start.'}`;
    default:
      return 'Stopped';
  }
}

/**
 * Settings → Local API: the switch that starts/stops the server (saved), its port and status,
 * the bearer token (masked; Copy and Regenerate), the safety switches, limits, and examples
 * filled in with the URL.
 */
export function LocalApiTab() {
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

  if (!settings) return <p className="muted">Loading…</p>;
  const on = settings.api_enabled || status?.state === 'listening' || status?.state === 'starting';
  const url = status?.url ?? `http://127.0.0.1:${status?.port ?? settings.api_port}`;
  const overridden = (name: string) => status?.overridden.includes(name) ?? false;

  return (
    <div className="form local-api">
      <fieldset>
        <legend>Server</legend>
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
          <label htmlFor="api-switch">Local API server</label>
        </div>
        <p
          className={`api-status state-${status?.state ?? 'stopped'}`}
          role="status"
          aria-label="Local API status"
        >
          {describeStatus(status)}
        </p>
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            void saveApiSettings(
              { api_port: /^\s*\d+\s*$/.test(port) ? Number(port) : (port as unknown as number) },
              'Port saved.',
            );
          }}
        >
          <Field
            label="Port"
            help={
              overridden('api_port')
                ? 'Set by serve’s --api-port for this run.'
                : 'Default 8765. The server restarts on the new port.'
            }
            error={errors.api_port}
          >
            <input type="text" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />
          </Field>
          <button type="submit" disabled={port === String(settings.api_port)}>
            Save port
          </button>
        </form>
        <KeepServingField />
      </fieldset>

      <fieldset>
        <legend>Bearer token</legend>
        <div className="row">
          <output className="mono token" aria-label="Bearer token">
            {status?.token?.masked ?? 'No token yet: it is created when the server first starts.'}
          </output>
          <button type="button" disabled={!status?.token} onClick={() => void copyApiToken()}>
            Copy token
          </button>
          {status?.token?.source !== 'environment' && (
            <button type="button" className="ghost" onClick={() => setConfirmRegenerate(true)}>
              Regenerate token
            </button>
          )}
        </div>
        <p className="help">
          {status?.token?.source === 'environment'
            ? 'Set by API_KEY for this run.'
            : 'Every request needs it: "Authorization: Bearer <token>". It is stored encrypted and never shown whole here; Copy puts it on the clipboard.'}
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
        title="Regenerate the token?"
        confirmLabel="Regenerate"
        danger
        onCancel={() => setConfirmRegenerate(false)}
        onConfirm={() => {
          setConfirmRegenerate(false);
          void regenerateApiToken();
        }}
      >
        <p>Programs using the current token get 401 from now on, until you give them the new one.</p>
      </ConfirmDialog>
    </div>
  );
}
