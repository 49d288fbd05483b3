import { useEffect } from 'react';
import type { CallLogEntry, KeyState } from '../../../../src-shared/router';
import { useStore } from '../../store';
import { MODE_HELP } from '../settings/labels';
import { FAILURE_WORDS, clockTime, count, duration, stateWords } from './words';

/** How often the view refreshes key states while open (a cooldown may end), in ms. */
const REFRESH_MS = 5_000;

/**
 * Activity: what the router did. Every (provider, key) target with its state and why
 * ("cooling until 12:03:41 — Rate limit reached…"), then the recent attempts of LLM calls:
 * time, target, key fingerprint, model, result, HTTP status, latency, time to first token and
 * tokens in/out. Live: attempts arrive as `router.call` events.
 */
export function ActivityView() {
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
        <h1>Activity</h1>
        {activity && (
          <span className="small muted" title={MODE_HELP[activity.mode]}>
            Registry mode: {activity.mode}
          </span>
        )}
        <button type="button" className="ghost header-action" onClick={() => void loadActivity()}>
          Refresh
        </button>
      </header>
      <div className="tab-panel">
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {!activity ? (
          <p className="muted">Loading…</p>
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
  return (
    <section className="activity-section" aria-labelledby="activity-keys">
      <h2 id="activity-keys">Keys</h2>
      {keys.length === 0 ? (
        <p className="muted">No keys saved yet. Add one in Settings → API Keys.</p>
      ) : (
        <table className="data-table" aria-label="Key states">
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Key</th>
              <th scope="col">Model</th>
              <th scope="col">State</th>
              <th scope="col">Why</th>
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
                  {key.source === 'registry' && <span className="small muted"> · registry</span>}
                  {!key.inUse && <span className="small muted"> · not in use</span>}
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
  return (
    <section className="activity-section" aria-labelledby="activity-calls">
      <h2 id="activity-calls">Recent calls</h2>
      {calls.length === 0 ? (
        <p className="muted">No LLM calls yet.</p>
      ) : (
        <table className="data-table" aria-label="Recent calls">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Target</th>
              <th scope="col">Key</th>
              <th scope="col">Model</th>
              <th scope="col">Result</th>
              <th scope="col">Status</th>
              <th scope="col">Latency</th>
              <th scope="col">TTFT</th>
              <th scope="col">Tokens in / out</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((call) => (
              <tr key={`${call.callId}:${call.attempt}`}>
                <td className="mono small">{clockTime(call.time)}</td>
                <td>
                  {call.providerLabel}
                  {call.attempt > 1 && <span className="small muted"> · attempt {call.attempt}</span>}
                </td>
                <td className="mono">{call.keyFingerprint}</td>
                <td className="mono small">{call.model}</td>
                <td title={call.message ?? undefined}>
                  <span className={call.failure ? (call.failure === 'cancelled' ? 'muted' : 'bad') : 'ok'}>
                    {call.failure ? FAILURE_WORDS[call.failure] : 'OK'}
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
