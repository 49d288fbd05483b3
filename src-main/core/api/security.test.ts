import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  rawRequest,
  startApiHarness,
  type ApiHarness,
  type RawResponse,
} from '../../../test-support/api-harness';
import { createCore } from '../app';
import { tempDir } from '../../../test-support/temp-dir';
import { systemClock } from '../clock';
import { startApiServer } from './server';

const errorOf = (res: RawResponse) =>
  (JSON.parse(res.body) as { error: { code: string; type: string; message: string } }).error;

describe('security probes against a running local API', () => {
  let h: ApiHarness;
  let host: string;
  beforeAll(async () => {
    h = await startApiHarness({ overrides: { rateLimitPerMinute: 0 } });
    host = `127.0.0.1:${h.port}`;
  });
  afterAll(async () => h.close());
  const get = (headers: Record<string, string>, path = '/v1/sessions') =>
    rawRequest(h.port, 'GET', path, headers);

  it('accepts exactly 127.0.0.1:PORT, localhost:PORT and [::1]:PORT', async () => {
    for (const allowed of [`127.0.0.1:${h.port}`, `localhost:${h.port}`, `[::1]:${h.port}`]) {
      expect((await get({ host: allowed, authorization: `Bearer ${h.token}` })).status).toBe(200);
    }
  });

  it('DNS rebinding: any other Host — a foreign name, another port, no port, empty, missing — is 421 even with the token', async () => {
    const probes: Array<Record<string, string>> = [
      { host: `attacker.example:${h.port}` },
      { host: 'attacker.example' },
      { host: `127.0.0.1:${h.port + 1}` },
      { host: '127.0.0.1' },
      { host: 'localhost' },
      { host: `0.0.0.0:${h.port}` },
      { host: `127.0.0.2:${h.port}` },
      { host: '' },
      {},
    ];
    for (const probe of probes) {
      const res = await get({ ...probe, authorization: `Bearer ${h.token}` });
      expect(res.status, JSON.stringify(probe)).toBe(421);
      expect(errorOf(res)).toEqual({
        message: expect.any(String),
        type: 'permission_error',
        code: 'misdirected_request',
      });
    }
  });

  it("a cross-site Origin is 403, even with the token; the server's own origin is fine", async () => {
    const probes: Array<Record<string, string>> = [
      { origin: 'http://attacker.example' },
      { origin: 'null' },
      { origin: `http://localhost:${h.port + 1}` },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of probes) {
      const res = await get({ host, authorization: `Bearer ${h.token}`, ...headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(errorOf(res).code).toBe('forbidden_origin');
    }
    expect((await get({ host, authorization: `Bearer ${h.token}`, origin: `http://${host}` })).status).toBe(
      200,
    );
  });

  it('no token, a wrong token, or the token anywhere but Authorization: Bearer / X-API-Key is 401', async () => {
    const probes: Array<[Record<string, string>, string?]> = [
      [{}],
      [{ authorization: 'Bearer sb-wrong' }],
      [{ authorization: `Bearer ${h.token}x` }],
      [{ authorization: `Bearer ${h.token.slice(0, -1)}` }],
      [{ authorization: h.token }],
      [{ authorization: `Basic ${Buffer.from(`user:${h.token}`).toString('base64')}` }],
      [{ 'x-auth-token': h.token }],
      [{ 'x-token': h.token }],
      [{ cookie: `token=${h.token}; switchboard_token=${h.token}` }],
      [{ 'proxy-authorization': `Bearer ${h.token}` }],
      [{}, `/v1/sessions?token=${h.token}`],
      [{}, `/v1/sessions?api_key=${h.token}`],
    ];
    for (const [headers, path] of probes) {
      const res = await get({ host, ...headers }, path);
      expect(res.status, JSON.stringify(headers) + (path ?? '')).toBe(401);
      expect(errorOf(res).type).toBe('authentication_error');
    }
    expect((await get({ host, authorization: `bearer ${h.token}` })).status).toBe(200);
    expect((await get({ host, 'x-api-key': h.token })).status).toBe(200);
  });

  it('the guard runs on unknown paths too: nothing is revealed without the token', async () => {
    expect((await get({ host }, '/v1/settings')).status).toBe(401);
    expect((await get({ host, authorization: `Bearer ${h.token}` }, '/v1/settings')).status).toBe(404);
    expect(
      (
        await rawRequest(
          h.port,
          'PUT',
          '/v1/settings',
          { host, authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
          '{"api_allow_code_execution":true}',
        )
      ).status,
    ).toBe(404);
    expect(h.core.settings.get().api_allow_code_execution).toBe(false);
  });

  it('logs requests in logs/server_out.log without tokens or Authorization headers', async () => {
    await get({ host, authorization: `Bearer ${h.token}` }, '/v1/health?token=query-secret-value');
    await get({ host, 'x-api-key': 'sb-wrong-token-in-a-header' });
    await h.core.api.close();
    const out = await readFile(join(h.dataDir, 'logs', 'server_out.log'), 'utf8');
    expect(out).toContain('"path":"/v1/health"');
    expect(out).toContain('"status":401');
    for (const secret of [h.token, 'query-secret-value', 'sb-wrong-token-in-a-header', 'Bearer'])
      expect(out).not.toContain(secret);
  });
});

describe('binding beyond loopback', () => {
  const services = async () => {
    const dir = await tempDir();
    const core = await createCore({
      dataDir: dir.path,
      mode: 'serve',
      env: { SWITCHBOARD_MASTER_KEY: '22'.repeat(32) },
    });
    return { core, dir };
  };

  it('startApiServer refuses a non-loopback host without a token, or with a short one, before listening', async () => {
    const { core, dir } = await services();
    try {
      const base = {
        settings: () => core.settings.get(),
        sessions: core.sessions,
        agent: core.agent,
        router: core.router,
        exec: core.exec,
        events: core.events,
        credentials: core.credentials,
        env: {},
        clock: systemClock,
        version: 'test',
        port: 0,
        limits: () => ({ perClient: 0, perSession: 0 }),
        logger: pino({ enabled: false }),
      };
      await expect(startApiServer({ ...base, host: '0.0.0.0', token: () => null })).rejects.toMatchObject({
        code: 'api_token_required',
      });
      await expect(
        startApiServer({ ...base, host: '192.168.1.20', token: () => 'short-token' }),
      ).rejects.toMatchObject({ code: 'api_token_required' });
    } finally {
      await core.close();
      await dir.cleanup();
    }
  });

  it('the service reports api_token_required instead of listening on 0.0.0.0 when no token exists yet', async () => {
    const dir = await tempDir();
    const core = await createCore({
      dataDir: dir.path,
      mode: 'serve',
      env: { SWITCHBOARD_MASTER_KEY: '22'.repeat(32) },
      api: { enabled: true, host: '0.0.0.0', port: 0 },
    });
    try {
      expect(core.api.status()).toMatchObject({
        state: 'error',
        url: null,
        token: null,
        error: { code: 'api_token_required' },
      });
      // …and the switch in Settings is refused the same way.
      await expect(core.settings.update({ api_allow_network: true })).rejects.toMatchObject({
        code: 'settings_invalid',
        fields: { api_allow_network: expect.stringContaining('needs a token') },
      });
    } finally {
      await core.close();
      await dir.cleanup();
    }
  });
});
