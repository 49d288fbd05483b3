import { useEffect, useState } from 'react';
import type { Settings } from '../../../../src-shared/settings';
import { useStore } from '../../store';
import { Field } from '../settings/Field';
import { ConfirmDialog } from './ConfirmDialog';

const LIMIT_FIELDS = [
  [
    'api_approval_timeout_seconds',
    'Approval timeout (seconds)',
    'Code from an API session waiting for Run / Skip here is declined after this long (0 = at once).',
  ],
  ['api_rate_limit_per_minute', 'Requests per minute per client', 'Per client address; 0 = no limit.'],
  ['api_session_rate_limit_per_minute', 'Turns per minute per session', 'Per API session; 0 = no limit.'],
  [
    'api_session_idle_minutes',
    'Stop idle kernels after (minutes)',
    'Kernels of API sessions unused this long are stopped; their messages stay (0 = never).',
  ],
] as const;
type LimitName = (typeof LIMIT_FIELDS)[number][0];

/**
 * The two safety switches — "API may run code without approval" and "Allow access from the
 * local network" (asks for confirmation; impossible without a token) — and the API's limits.
 */
export function SafetyFields({ hasToken }: { hasToken: boolean }) {
  const settings = useStore((s) => s.settings);
  const errors = useStore((s) => s.apiErrors);
  const overridden = useStore((s) => s.apiStatus?.overridden ?? []);
  const { saveApiSettings } = useStore.getState();
  const [confirmNetwork, setConfirmNetwork] = useState(false);
  const [limits, setLimits] = useState<Record<LimitName, string> | null>(null);

  useEffect(() => {
    if (settings)
      setLimits(
        Object.fromEntries(LIMIT_FIELDS.map(([name]) => [name, String(settings[name])])) as Record<
          LimitName,
          string
        >,
      );
  }, [settings]);

  if (!settings || !limits) return null;
  const timeout = settings.api_approval_timeout_seconds;
  const network = overridden.includes('api_allow_network');

  return (
    <>
      <fieldset>
        <legend>Safety</legend>
        <Field
          label="API may run code without approval"
          help={
            settings.api_allow_code_execution
              ? 'On: code proposed in API sessions runs on this computer without asking. Anyone with the token can run code here.'
              : `Off: code proposed in API sessions waits for Run / Edit / Skip in this window and is declined after ${timeout} s. Auto-run never applies to API sessions.`
          }
          error={errors.api_allow_code_execution}
        >
          <input
            type="checkbox"
            checked={settings.api_allow_code_execution}
            onChange={(e) =>
              void saveApiSettings(
                { api_allow_code_execution: e.target.checked },
                e.target.checked
                  ? 'API code now runs without approval.'
                  : 'API code waits for approval again.',
              )
            }
          />
        </Field>
        <Field
          label="Allow access from the local network"
          help={
            network
              ? 'Set by serve’s --api-host for this run.'
              : !hasToken
                ? 'Needs a token: turn the server on once to create one.'
                : settings.api_allow_network
                  ? 'On: the server listens on every network interface; other machines need the token.'
                  : 'Off: only programs on this computer can connect (127.0.0.1).'
          }
          error={errors.api_allow_network}
        >
          <input
            type="checkbox"
            checked={settings.api_allow_network}
            disabled={network || (!hasToken && !settings.api_allow_network)}
            onChange={(e) => {
              if (e.target.checked) setConfirmNetwork(true);
              else void saveApiSettings({ api_allow_network: false }, 'Only this computer can connect now.');
            }}
          />
        </Field>
      </fieldset>

      <form
        onSubmit={(event) => {
          event.preventDefault();
          const patch: Partial<Record<LimitName, number>> = {};
          for (const [name] of LIMIT_FIELDS)
            patch[name] = /^\s*\d+\s*$/.test(limits[name])
              ? Number(limits[name])
              : (limits[name] as unknown as number);
          void saveApiSettings(patch as Partial<Settings>, 'Limits saved.');
        }}
      >
        <fieldset>
          <legend>Limits</legend>
          {LIMIT_FIELDS.map(([name, label, help]) => (
            <Field key={name} label={label} help={help} error={errors[name]}>
              <input
                type="text"
                inputMode="numeric"
                value={limits[name]}
                onChange={(e) => setLimits({ ...limits, [name]: e.target.value })}
              />
            </Field>
          ))}
          <div className="form-actions">
            <button type="submit">Save limits</button>
          </div>
        </fieldset>
      </form>

      <ConfirmDialog
        open={confirmNetwork}
        title="Allow access from the local network?"
        confirmLabel="Allow network access"
        danger
        onCancel={() => setConfirmNetwork(false)}
        onConfirm={() => {
          setConfirmNetwork(false);
          void saveApiSettings(
            { api_allow_network: true },
            'The server now accepts connections from the local network.',
          );
        }}
      >
        <p>The server will listen on every network interface (0.0.0.0), not only on this computer.</p>
        <p>
          Anyone on your network who has the token can then chat with the agent
          {settings.api_allow_code_execution ? ' and run code on this computer without approval' : ''}. Do
          this only on a network you trust.
        </p>
      </ConfirmDialog>
    </>
  );
}
