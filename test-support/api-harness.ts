import { rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { SettingsPatch } from '../src-shared/settings';
import type { ApiOverrides } from '../src-main/core/api/api-service';
import { createCore, type Core } from '../src-main/core/app';
import type { Clock } from '../src-main/core/clock';
import { startScriptedUpstream, type ScriptedUpstream, type ScriptRule } from './scripted-upstream';
import { tempDir } from './temp-dir';

/** A Groq-looking key for the scripted upstream (it accepts any key). */
export const TEST_GROQ_KEY = 'gsk_api_harness_key_0123456789abcdefWXYZ';

/** A running core with its local API listening on 127.0.0.1 (a free port), against a scripted upstream. */
export interface ApiHarness {
  core: Core;
  upstream: ScriptedUpstream;
  dataDir: string;
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * Builds the real core (temp data dir, the Groq preset pointed at a scripted upstream, the key
 * from `GROQ_API_KEY`) with the local API on a free port — exactly what `serve --api` runs.
 */
export async function startApiHarness(
  options: {
    rules?: ScriptRule[];
    settings?: SettingsPatch;
    overrides?: ApiOverrides;
    clock?: Clock;
    env?: Record<string, string>;
    /** Shared router state (several harnesses naming one Redis act as instances behind a load balancer). */
    redisUrl?: string;
    /** An upstream shared with other harnesses (left running by `close`); else one of its own. */
    upstream?: ScriptedUpstream;
  } = {},
): Promise<ApiHarness> {
  const upstream =
    options.upstream ??
    (await startScriptedUpstream({
      rules: options.rules ?? [{ reply: 'Hello from the scripted upstream.' }],
    }));
  const dir = await tempDir('switchboard-api-');
  const core = await createCore({
    dataDir: dir.path,
    mode: 'serve',
    env: {
      SWITCHBOARD_GROQ_BASE_URL: upstream.url,
      GROQ_API_KEY: TEST_GROQ_KEY,
      SWITCHBOARD_MASTER_KEY: '11'.repeat(32),
      ...options.env,
    },
    api: {
      enabled: true,
      port: 0,
      ...options.overrides,
      ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  if (options.settings) await core.settings.update(options.settings);
  const status = core.api.status();
  if (status.state !== 'listening' || !status.url)
    throw new Error(`the local API did not start: ${JSON.stringify(status)}`);
  const copied = core.api.copyToken();
  if (copied.delivery !== 'caller') throw new Error('expected the token to be answered under serve');
  return {
    core,
    upstream,
    dataDir: dir.path,
    url: status.url,
    port: status.port,
    token: copied.token,
    async close() {
      await core.close();
      if (!options.upstream) await upstream.close();
      await dir.cleanup();
      // Chats' code runs beside the data dir by default (never inside it).
      await rm(`${dir.path}-workspace`, { recursive: true, force: true });
    },
  };
}

/** A raw HTTP/1.1 exchange (any method, headers — Host included — and body bytes). */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends one request with exactly the headers given — no Host header at all unless `headers`
 * has one (an empty one included) — and resolves with status, headers and body text. Rejects
 * after `timeoutMs` (default 10 s): a hang is a failure.
 */
export function rawRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
  timeoutMs = 10_000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // Node's client frames no body of GET/HEAD/DELETE by itself: say its length, as real clients do.
    const framed =
      body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: framed, setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`no answer to ${method} ${path} within ${timeoutMs} ms`)),
    );
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/** A parsed answer of `call`. */
export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** The body as JSON (undefined when it is not JSON). */
  json: unknown;
}

/**
 * Calls the local API with the token (fetch): `body` is sent as JSON. `headers` may add or
 * replace headers (`authorization: ''` sends none).
 */
export async function call(
  h: ApiHarness,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<CallResult> {
  const all: Record<string, string> = {
    authorization: `Bearer ${h.token}`,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...headers,
  };
  for (const [name, value] of Object.entries(all)) if (value === '') delete all[name];
  const response = await fetch(`${h.url}${path}`, {
    method,
    headers: all,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(signal ? { signal } : {}),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** SSE text split into events: `{event, data}` with `data` parsed as JSON when it is JSON. */
export function parseSse(text: string): Array<{ event: string | null; data: unknown }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? null;
      const data = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      try {
        return { event, data: JSON.parse(data) as unknown };
      } catch {
        return { event, data };
      }
    });
}

/** Resolves when `check` returns true (polling every 20 ms); rejects after `timeoutMs`. */
export async function waitFor(
  check: () => boolean,
  timeoutMs = 15_000,
  what = 'the condition',
): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
