import { createParser } from 'eventsource-parser';
import { METHOD_NAMES, type SwitchboardBridge } from '../../src-shared/contract';
import type { Envelope, ErrorData } from '../../src-shared/errors';
import type { StampedEvent } from '../../src-shared/events';
import { t } from './i18n';

/** A rejected bridge call: the contract's error data. */
export type BridgeError = Error & ErrorData;

/**
 * Calls that must reach the server even when the page goes away right after them (a reload or a
 * closed tab just after Delete): sent with `keepalive`, which outlives the page (small bodies only).
 */
const OUTLIVE_PAGE = new Set<string>(['sessions.trash']);

/** Wait before the event stream is opened again after it closed or failed, in ms (EventSource's default is ~3 s). */
const RECONNECT_MS = 1_000;

/**
 * The bridge over HTTP, for the browser served by `switchboard serve`: `POST /bridge/<method>`
 * with `{input}` answers the contract envelope; events arrive over one shared SSE stream
 * (`GET /bridge/events`) read with fetch. Every request carries `Authorization: Bearer <token>`
 * (no cookie: cookies ignore ports, so one would reach every server on 127.0.0.1; and an
 * EventSource cannot send a header). Each time the stream opens (the first time included),
 * listeners get a `bridge.reconnected` event so views reload what they missed.
 */
export function createHttpBridge(token: string | null, base = ''): SwitchboardBridge {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const bridge: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    bridge[method] = async (input: unknown) => {
      let response: Response;
      try {
        response = await fetch(`${base}/bridge/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth },
          body: JSON.stringify({ input }),
          credentials: 'omit',
          keepalive: OUTLIVE_PAGE.has(method),
        });
      } catch {
        throw bridgeError({ code: 'internal_error', message: t('bridge.unreachable') });
      }
      if (!response.ok) {
        throw bridgeError({ code: 'internal_error', message: response.status === 401 ? t('bridge.notSignedIn') : t('bridge.status', { status: response.status }) });
      }
      const envelope = (await response.json()) as Envelope<unknown>;
      if (envelope.ok) return envelope.result;
      throw bridgeError(envelope.error);
    };
  }

  const listeners = new Set<(event: StampedEvent) => void>();
  let stream: AbortController | null = null;
  const emit = (event: StampedEvent) => {
    for (const listener of listeners) listener(event);
  };
  const readStream = async (signal: AbortSignal) => {
    const parser = createParser({ onEvent: (message) => emit(JSON.parse(message.data) as StampedEvent) });
    const response = await fetch(`${base}/bridge/events`, { headers: auth, credentials: 'omit', cache: 'no-store', signal });
    if (!response.ok || !response.body) return;
    // Events sent while the stream was not open (before the first open, too: a session a local
    // API client created while the page loaded) are missed, so every open is a point to reload.
    emit({ type: 'bridge.reconnected', seq: 0 });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      parser.feed(value);
    }
  };
  const connect = () => {
    const controller = new AbortController();
    stream = controller;
    void (async () => {
      while (!controller.signal.aborted) {
        await readStream(controller.signal).catch(() => undefined);
        if (!controller.signal.aborted) await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
      }
    })();
  };
  bridge.onEvent = (listener: (event: StampedEvent) => void) => {
    listeners.add(listener);
    if (!stream) connect();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && stream) {
        stream.abort();
        stream = null;
      }
    };
  };
  return bridge as SwitchboardBridge;
}

function bridgeError(data: ErrorData): BridgeError {
  return Object.assign(new Error(data.message), data);
}
