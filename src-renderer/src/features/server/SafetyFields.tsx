import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../../src-shared/settings';
import { useStore } from '../../store';
import { Field } from '../settings/Field';
import { ConfirmDialog } from './ConfirmDialog';

/** The limit fields: setting name and its label/help keys in the catalog. */
const LIMIT_FIELDS = [
  ['api_approval_timeout_seconds', 'approvalTimeout'],
  ['api_rate_limit_per_minute', 'clientRate'],
  ['api_session_rate_limit_per_minute', 'sessionRate'],
  ['api_session_idle_minutes', 'idle'],
] as const;
type LimitName = (typeof LIMIT_FIELDS)[number][0];

/**
 * The two safety switches — "API may run code without approval" and "Allow access from the
 * local network" (asks for confirmation; impossible without a token) — and the API's limits.
 */
export function SafetyFields({ hasToken }: { hasToken: boolean }) {
  const { t } = useTranslation();
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
        <legend>{t('localApi.safety')}</legend>
        <Field
          label={t('localApi.runCode')}
          help={
            settings.api_allow_code_execution
              ? t('localApi.runCodeOn')
              : t('localApi.runCodeOff', { seconds: timeout })
          }
          error={errors.api_allow_code_execution}
        >
          <input
            type="checkbox"
            checked={settings.api_allow_code_execution}
            onChange={(e) =>
              void saveApiSettings(
                { api_allow_code_execution: e.target.checked },
                e.target.checked ? t('localApi.runCodeNowOn') : t('localApi.runCodeNowOff'),
              )
            }
          />
        </Field>
        <Field
          label={t('localApi.network')}
          help={
            network
              ? t('localApi.networkOverridden')
              : !hasToken
                ? t('localApi.networkNeedsToken')
                : settings.api_allow_network
                  ? t('localApi.networkOn')
                  : t('localApi.networkOff')
          }
          error={errors.api_allow_network}
        >
          <input
            type="checkbox"
            checked={settings.api_allow_network}
            disabled={network || (!hasToken && !settings.api_allow_network)}
            onChange={(e) => {
              if (e.target.checked) setConfirmNetwork(true);
              else void saveApiSettings({ api_allow_network: false }, t('localApi.networkNowOff'));
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
          void saveApiSettings(patch as Partial<Settings>, t('localApi.limitsSaved'));
        }}
      >
        <fieldset>
          <legend>{t('localApi.limits')}</legend>
          {LIMIT_FIELDS.map(([name, key]) => (
            <Field
              key={name}
              label={t(`localApi.${key}`)}
              help={t(`localApi.${key}Help`)}
              error={errors[name]}
            >
              <input
                type="text"
                inputMode="numeric"
                value={limits[name]}
                onChange={(e) => setLimits({ ...limits, [name]: e.target.value })}
              />
            </Field>
          ))}
          <div className="form-actions">
            <button type="submit">{t('localApi.saveLimits')}</button>
          </div>
        </fieldset>
      </form>

      <ConfirmDialog
        open={confirmNetwork}
        title={t('localApi.networkTitle')}
        confirmLabel={t('localApi.networkConfirm')}
        danger
        onCancel={() => setConfirmNetwork(false)}
        onConfirm={() => {
          setConfirmNetwork(false);
          void saveApiSettings({ api_allow_network: true }, t('localApi.networkNowOn'));
        }}
      >
        <p>{t('localApi.networkBody1')}</p>
        <p>
          {settings.api_allow_code_execution ? t('localApi.networkBody2Code') : t('localApi.networkBody2')}
        </p>
      </ConfirmDialog>
    </>
  );
}
