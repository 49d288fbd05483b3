import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallLogEntry, KeyState } from '../../../../src-shared/router';
import { useStore } from '../../store';
import { modeHelp } from '../settings/labels';
import { clockTime, count, duration, failureWords, stateWords } from './words';

/** How often the view refreshes key states while open (a cooldown may end), in ms. */
const REFRESH_MS = 5_000;

/**
 * Activity: what the router did. Every (provider, key) target with its state and why
 * ("cooling until 12:03:41 — Rate limit reached…"), then the recent attempts of LLM calls:
 * time, target, key fingerprint, model, result, HTTP status, latency, time to first token and
 * tokens in/out. Live: attempts arrive as `router.call` events.
 */
export function ActivityView() {
  const { t } = useTranslation();
  const activity = useStore((s) => s.activity);
  const error = useStore((s) => s.activityError);
  const loadActivity = useStore((s) => s.loadActivity);

  useEffect(() => {
    void loadActivity();
    const timer = setInterval(() => void loadActivity(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [loadActivity]);

  return (
    <div className="settings activity">
      <header className="chat-header">
        <h1>{t('activity.title')}</h1>
        {activity && (
          <span className="small muted" title={modeHelp(activity.mode)}>
            {t('activity.registryMode', { mode: activity.mode })}
          </span>
        )}
        <button type="button" className="ghost header-action" onClick={() => void loadActivity()}>
          {t('activity.refresh')}
        </button>
      </header>
      <div className="tab-panel">
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {!activity ? (
          <p className="muted">{t('app.loading')}</p>
        ) : (
          <>
            <KeyTable keys={activity.keys} />
            <CallTable calls={activity.calls} />
          </>
        )}
      </div>
    </div>
  );
}

function KeyTable({ keys }: { keys: KeyState[] }) {
  const { t } = useTranslation();
  return (
    <section className="activity-section" aria-labelledby="activity-keys">
      <h2 id="activity-keys">{t('activity.keys')}</h2>
      {keys.length === 0 ? (
        <p className="muted">{t('activity.noKeys')}</p>
      ) : (
        <table className="data-table" aria-label={t('activity.keyStates')}>
          <thead>
            <tr>
              <th scope="col">{t('activity.provider')}</th>
              <th scope="col">{t('activity.key')}</th>
              <th scope="col">{t('activity.model')}</th>
              <th scope="col">{t('activity.state')}</th>
              <th scope="col">{t('activity.why')}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr
                key={`${key.source}:${key.providerId}:${key.keyFingerprint}`}
                className={key.inUse ? '' : 'muted'}
              >
                <td>
                  {key.providerLabel}
                  {key.source === 'registry' && <span className="small muted">{t('activity.registry')}</span>}
                  {!key.inUse && <span className="small muted">{t('activity.notInUse')}</span>}
                </td>
                <td className="mono">{key.keyFingerprint}</td>
                <td className="mono small">{key.model}</td>
                <td>
                  <span className={`state state-${key.state}`}>{stateWords(key)}</span>
                </td>
                <td className="small reason">{key.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CallTable({ calls }: { calls: CallLogEntry[] }) {
  const { t } = useTranslation();
  return (
    <section className="activity-section" aria-labelledby="activity-calls">
      <h2 id="activity-calls">{t('activity.recentCalls')}</h2>
      {calls.length === 0 ? (
        <p className="muted">{t('activity.noCalls')}</p>
      ) : (
        <table className="data-table" aria-label={t('activity.recentCalls')}>
          <thead>
            <tr>
              <th scope="col">{t('activity.time')}</th>
              <th scope="col">{t('activity.target')}</th>
              <th scope="col">{t('activity.key')}</th>
              <th scope="col">{t('activity.model')}</th>
              <th scope="col">{t('activity.result')}</th>
              <th scope="col">{t('activity.status')}</th>
              <th scope="col">{t('activity.latency')}</th>
              <th scope="col">{t('activity.ttft')}</th>
              <th scope="col">{t('activity.tokens')}</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((call) => (
              <tr key={`${call.callId}:${call.attempt}`}>
                <td className="mono small">{clockTime(call.time)}</td>
                <td>
                  {call.providerLabel}
                  {call.attempt > 1 && (
                    <span className="small muted">{t('activity.attempt', { attempt: call.attempt })}</span>
                  )}
                </td>
                <td className="mono">{call.keyFingerprint}</td>
                <td className="mono small">{call.model}</td>
                <td title={call.message ?? undefined}>
                  <span className={call.failure ? (call.failure === 'cancelled' ? 'muted' : 'bad') : 'ok'}>
                    {call.failure ? failureWords(call.failure) : t('activity.ok')}
                  </span>
                  {call.message && <div className="small muted reason">{call.message}</div>}
                </td>
                <td className="mono small">{call.status ?? '–'}</td>
                <td className="mono small">{duration(call.latencyMs)}</td>
                <td className="mono small">{duration(call.ttftMs)}</td>
                <td className="mono small">
                  {count(call.tokensIn)} / {count(call.tokensOut)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
