import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { StampedEvent } from '../../../src-shared/events';
import type { ApiStatus } from '../../../src-shared/http-api';
import { startApiHarness, TEST_GROQ_KEY, type ApiHarness } from '../../../test-support/api-harness';
import { FakeClock } from '../../../test-support/fake-clock';
import { lastMessageText } from '../../../test-support/scripted-upstream';
import { tempDir } from '../../../test-support/temp-dir';
import { createCore, type Core } from '../app';
import { API_TOKEN_SECRET } from './token';
import { freePort } from '../../../test-support/free-port';

const MASTER_KEY = '33'.repeat(32);

async function occupy(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function newCore(
  dataDir: string,
  extra: Partial<Parameters<typeof createCore>[0]> = {},
): Promise<Core> {
  const core = await createCore({
    dataDir,
    mode: 'electron',
    env: { SWITCHBOARD_MASTER_KEY: MASTER_KEY, GROQ_API_KEY: TEST_GROQ_KEY },
    ...extra,
  });
  cleanups.push(() => core.close());
  return core;
}

const health = (url: string, token: string) =>
  fetch(`${url}/v1/health`, { headers: { authorization: `Bearer ${token}` } });

describe('ApiService: the switch, the port and the token', () => {
  it('follows api_enabled through the contract, survives a restart, and keeps its token', async () => {
    const dir = await tempDir();
    cleanups.push(dir.cleanup);
    const port = await freePort();
    const clipboard: string[] = [];
    const core = await newCore(dir.path, { clipboard: { writeText: (text) => clipboard.push(text) } });
    await core.settings.update({ api_port: port });
    const statuses: ApiStatus[] = [];
    core.events.subscribe((event: StampedEvent) => {
      if (event.type === 'api.status') statuses.push(event.status);
    });
    expect((await core.dispatch('api.status', undefined)).ok && core.api.status()).toMatchObject({
      state: 'stopped',
      token: null,
    });

    const started = await core.dispatch('api.start', undefined);
    expect(started).toEqual({
      ok: true,
      result: expect.objectContaining({
        state: 'listening',
        host: '127.0.0.1',
        port,
        url: `http://127.0.0.1:${port}`,
        token: { masked: expect.stringMatching(/^sb-….{4}$/), source: 'stored' },
      }),
    });
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'listening']);
    expect(core.settings.get().api_enabled).toBe(true);

    // Copy puts the token on the system clipboard; it never crosses the contract.
    expect(await core.dispatch('api.copyToken', undefined)).toEqual({
      ok: true,
      result: { delivery: 'clipboard' },
    });
    const token = clipboard[0] ?? '';
    expect(token).toMatch(/^sb-[A-Za-z0-9_-]{43}$/);
    expect(core.credentials.get(API_TOKEN_SECRET)).toEqual([token]);
    const secrets = await core.dispatch('secrets.list', undefined);
    expect(JSON.stringify(secrets)).not.toContain('local_api');
    expect((await health(`http://127.0.0.1:${port}`, token)).status).toBe(200);

    await core.close();
    const again = await newCore(dir.path);
    expect(again.api.status()).toMatchObject({ state: 'listening', port });
    expect((await health(`http://127.0.0.1:${port}`, token)).status).toBe(200);

    expect(await again.dispatch('api.stop', undefined)).toEqual({
      ok: true,
      result: expect.objectContaining({ state: 'stopped', url: null }),
    });
    expect(again.settings.get().api_enabled).toBe(false);
    await expect(health(`http://127.0.0.1:${port}`, token)).rejects.toThrow();
  });

  it('says plainly when the port is in use, and restarts when the port changes', async () => {
    const dir = await tempDir();
    cleanups.push(dir.cleanup);
    const busy = await freePort();
    const blocker = await occupy(busy);
    cleanups.push(() => new Promise((resolve) => blocker.close(resolve)));
    const core = await newCore(dir.path);
    await core.settings.update({ api_port: busy });
    const failed = await core.api.start();
    expect(failed).toMatchObject({
      state: 'error',
      port: busy,
      url: null,
      error: {
        code: 'api_port_in_use',
        message: `Port ${busy} is in use by another program. Choose another port.`,
      },
    });

    const port = await freePort();
    await core.settings.update({ api_port: port });
    await expect.poll(() => core.api.status().state).toBe('listening');
    expect(core.api.status().url).toBe(`http://127.0.0.1:${port}`);
    const next = await freePort();
    await core.settings.update({ api_port: next });
    await expect.poll(() => core.api.status().port).toBe(next);
    expect(core.api.status().state).toBe('listening');
    await expect(fetch(`http://127.0.0.1:${port}/v1/health`)).rejects.toThrow();
  });

  it('Regenerate locks out the old token at once', async () => {
    const h = await startApiHarness();
    cleanups.push(() => h.close());
    const result = await h.core.dispatch('api.regenerateToken', undefined);
    expect(result.ok).toBe(true);
    const copied = await h.core.dispatch('api.copyToken', undefined);
    const fresh = copied.ok ? (copied.result as { delivery: 'caller'; token: string }).token : '';
    expect(fresh).not.toBe(h.token);
    expect((await health(h.url, h.token)).status).toBe(401);
    expect((await health(h.url, fresh)).status).toBe(200);
  });

  it('with API_KEY the token comes from the environment and cannot be regenerated', async () => {
    const key = 'sb-from-the-environment-0123456789abcdefghij';
    const h = await startApiHarness({ overrides: { token: key, rateLimitPerMinute: 5 } });
    cleanups.push(() => h.close());
    expect(h.token).toBe(key);
    expect(h.core.api.status()).toMatchObject({
      token: { source: 'environment' },
      overridden: ['api_port', 'api_rate_limit_per_minute', 'token'],
    });
    expect(await h.core.dispatch('api.regenerateToken', undefined)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});

describe('idle API sessions', () => {
  let h: ApiHarness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it('lose their kernels after api_session_idle_minutes; their messages stay', async () => {
    const clock = new FakeClock(Date.now());
    h = await startApiHarness({
      clock,
      settings: { api_allow_code_execution: true, api_session_idle_minutes: 30 },
      rules: [
        { match: (r) => lastMessageText(r).includes('was executed on my machine'), reply: 'Done.' },
        { match: /set x/, reply: '```python\nx = 41\nprint("set")\n```' },
        { match: /show x/, reply: '```python\nprint(x + 1)\n```' },
      ],
    });
    const chat = async (text: string, sessionId?: string) => {
      const res = await fetch(`${h?.url}/v1/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h?.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          messages: [{ role: 'user', type: 'message', content: text }],
          ...(sessionId ? { session_id: sessionId } : {}),
        }),
      });
      return (await res.json()) as { session_id: string; messages: Array<{ type: string; content: string }> };
    };
    const output = (turn: { messages: Array<{ type: string; content: string }> }) =>
      turn.messages.find((m) => m.type === 'console')?.content ?? '';

    const first = await chat('set x');
    expect(output(first)).toContain('set');
    expect(output(await chat('show x', first.session_id))).toContain('42');

    clock.advance(29 * 60_000);
    expect(await h.core.api.sweepIdleSessions()).toEqual([]);
    clock.advance(2 * 60_000);
    expect(await h.core.api.sweepIdleSessions()).toEqual([first.session_id]);

    const after = await chat('show x', first.session_id);
    expect(output(after)).toContain("NameError: name 'x' is not defined");
    expect(h.core.sessions.messages(first.session_id).filter((m) => m.type === 'console')).toHaveLength(3);
  });
});
