import { METHOD_NAMES, type SwitchboardBridge } from '../../src-shared/contract';
import type { Envelope, ErrorData } from '../../src-shared/errors';
import type { StampedEvent } from '../../src-shared/events';

/** A rejected bridge call: the contract's error data. */
export type BridgeError = Error & ErrorData;

/**
 * The bridge over HTTP, for the browser served by `switchboard serve`: `POST /bridge/<method>`
 * with `{input}` answers the contract envelope; events arrive over one shared EventSource
 * (`/bridge/events`). Auth is the HttpOnly cookie the page URL's token set. Each time the
 * stream opens (the first time included), listeners get a `bridge.reconnected` event so views
 * reload what they missed.
 */
export function createHttpBridge(base = ''): SwitchboardBridge {
  const bridge: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    bridge[method] = async (input: unknown) => {
      let response: Response;
      try {
        response = await fetch(`${base}/bridge/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ input }),
          credentials: 'same-origin',
        });
      } catch {
        throw bridgeError({ code: 'internal_error', message: 'Switchboard is not reachable. Is `npm run serve` still running?' });
      }
      if (!response.ok) {
        throw bridgeError({ code: 'internal_error', message: response.status === 401 ? 'Not signed in: open the URL that `npm run serve` printed.' : `The server answered ${response.status}.` });
      }
      const envelope = (await response.json()) as Envelope<unknown>;
      if (envelope.ok) return envelope.result;
      throw bridgeError(envelope.error);
    };
  }

  const listeners = new Set<(event: StampedEvent) => void>();
  let source: EventSource | null = null;
  const connect = () => {
    source = new EventSource(`${base}/bridge/events`, { withCredentials: true });
    source.onmessage = (message) => {
      const event = JSON.parse(message.data as string) as StampedEvent;
      for (const listener of listeners) listener(event);
    };
    // Events sent while the stream was not open (before the first open, too: a session a local
    // API client created while the page loaded) are missed, so every open is a point to reload.
    source.onopen = () => {
      for (const listener of listeners) listener({ type: 'bridge.reconnected', seq: 0 });
    };
  };
  bridge.onEvent = (listener: (event: StampedEvent) => void) => {
    listeners.add(listener);
    if (!source) connect();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && source) {
        source.close();
        source = null;
      }
    };
  };
  return bridge as SwitchboardBridge;
}

function bridgeError(data: ErrorData): BridgeError {
  return Object.assign(new Error(data.message), data);
}
