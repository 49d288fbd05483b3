import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StampedEvent } from '../../../src-shared/events';
import { call, startApiHarness, type ApiHarness } from '../../../test-support/api-harness';

describe('health, models and the sessions API', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ overrides: { rateLimitPerMinute: 0 } });
  });
  afterAll(async () => h.close());

  it('metadata nested 5,000 levels deep is a 400 naming the limit, on create and on update', async () => {
    const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    const send = (method: string, path: string, body: string) =>
      fetch(`${h.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
        body,
      });
    const created = await send('POST', '/v1/sessions', `{"metadata":${deep(5_000)}}`);
    expect(created.status).toBe(400);
    expect(await created.text()).toContain('nested at most 32 levels');
    const ok = await send('POST', '/v1/sessions', `{"metadata":${deep(10)}}`);
    expect(ok.status).toBe(201);
    const { id } = (await ok.json()) as { id: string };
    const patched = await send('PATCH', `/v1/sessions/${id}`, `{"metadata":${deep(5_000)}}`);
    expect(patched.status).toBe(400);
  });

  it('GET /v1/health answers status, version and the agent model', async () => {
    const res = await call(h, 'GET', '/v1/health');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      status: 'healthy',
      version: '0.1.0',
      model: 'groq/llama-3.1-8b-instant',
      router_state: 'in-process',
    });
  });

  it('GET /v1/models answers the OpenAI list shape', async () => {
    const res = await call(h, 'GET', '/v1/models');
    expect(res.json).toEqual({
      object: 'list',
      data: [
        {
          id: 'switchboard/open-interpreter',
          object: 'model',
          created: expect.any(Number),
          owned_by: 'switchboard',
        },
        { id: 'switchboard/chat', object: 'model', created: expect.any(Number), owned_by: 'switchboard' },
        { id: 'groq/llama-3.1-8b-instant', object: 'model', created: expect.any(Number), owned_by: 'groq' },
      ],
    });
  });

  it('creates sessions (no body, empty JSON, or title + metadata) that the window sees live, marked as API sessions', async () => {
    const seen: StampedEvent[] = [];
    const unsubscribe = h.core.events.subscribe((event) => seen.push(event));
    const bare = await fetch(`${h.url}/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}` },
    });
    expect(bare.status).toBe(201);
    const emptyJson = await call(h, 'POST', '/v1/sessions', {});
    expect(emptyJson.status).toBe(201);
    const titled = await call(h, 'POST', '/v1/sessions', {
      title: 'From a script',
      metadata: { client: 'tests', n: 1 },
    });
    unsubscribe();
    expect(titled.status).toBe(201);
    const created = titled.json as { session_id: string; created_at: string; model: string };
    expect(created).toEqual({
      session_id: expect.any(String),
      created_at: expect.any(String),
      model: 'groq/llama-3.1-8b-instant',
    });
    expect(seen.filter((e) => e.type === 'sessions.changed')).toHaveLength(3);

    // Through the renderer's contract, exactly as the sidebar asks for them.
    const listed = await h.core.dispatch('sessions.list', undefined);
    expect(
      listed.ok &&
        (listed.result as { sessions: Array<{ id: string; title: string; source: string }> }).sessions.find(
          (s) => s.id === created.session_id,
        ),
    ).toMatchObject({ title: 'From a script', source: 'api' });

    const detail = await call(h, 'GET', `/v1/sessions/${created.session_id}`);
    expect(detail.json).toMatchObject({
      session_id: created.session_id,
      title: 'From a script',
      metadata: { client: 'tests', n: 1 },
      message_count: 0,
      source: 'api',
      status: 'idle',
    });
    const list = (await call(h, 'GET', '/v1/sessions')).json as { sessions: Array<Record<string, unknown>> };
    expect(list.sessions.find((s) => s.session_id === created.session_id)).toEqual({
      session_id: created.session_id,
      created_at: created.created_at,
      updated_at: expect.any(String),
      message_count: 0,
      title: 'From a script',
      source: 'api',
    });
  });

  it('PATCH changes title and metadata; DELETE removes the session', async () => {
    const { session_id: id } = (await call(h, 'POST', '/v1/sessions')).json as { session_id: string };
    const patched = await call(h, 'PATCH', `/v1/sessions/${id}`, {
      title: 'Renamed',
      metadata: { tag: 'x' },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ title: 'Renamed', metadata: { tag: 'x' } });
    expect(h.core.sessions.requireSession(id).title).toBe('Renamed');
    expect((await call(h, 'PATCH', `/v1/sessions/${id}`, {})).status).toBe(400);
    expect((await call(h, 'PATCH', `/v1/sessions/${id}`, { title: 'x', auto_run: true })).status).toBe(400);

    const deleted = await call(h, 'DELETE', `/v1/sessions/${id}`);
    expect(deleted.json).toEqual({ session_id: id, deleted: true });
    expect(h.core.sessions.getSession(id)).toBeNull();
    const again = await call(h, 'DELETE', `/v1/sessions/${id}`);
    expect(again.status).toBe(404);
    expect(again.json).toEqual({
      error: { message: `No session with id ${id}.`, type: 'not_found_error', code: 'session_not_found' },
    });
  });

  it('appends messages without running anything, lists them as LMC with created_at, and deletes them', async () => {
    const { session_id: id } = (await call(h, 'POST', '/v1/sessions')).json as { session_id: string };
    const one = await call(h, 'POST', `/v1/sessions/${id}/messages`, {
      role: 'user',
      type: 'message',
      content: 'context only',
    });
    expect(one.status).toBe(201);
    const many = await call(h, 'POST', `/v1/sessions/${id}/messages`, {
      messages: [
        { role: 'assistant', type: 'code', format: 'python', content: 'print(1)' },
        { role: 'computer', type: 'console', format: 'output', content: '1' },
      ],
    });
    expect(many.status).toBe(201);
    const listed = (await call(h, 'GET', `/v1/sessions/${id}/messages`)).json as {
      messages: Array<Record<string, unknown>>;
    };
    expect(listed.messages).toEqual([
      {
        id: expect.any(String),
        role: 'user',
        type: 'message',
        content: 'context only',
        created_at: expect.any(String),
      },
      {
        id: expect.any(String),
        role: 'assistant',
        type: 'code',
        format: 'python',
        content: 'print(1)',
        created_at: expect.any(String),
      },
      {
        id: expect.any(String),
        role: 'computer',
        type: 'console',
        format: 'output',
        content: '1',
        created_at: expect.any(String),
      },
    ]);
    expect(h.upstream.chatRequests()).toHaveLength(0);
    expect(
      (await call(h, 'POST', `/v1/sessions/${id}/messages`, { role: 'robot', type: 'message', content: 'x' }))
        .status,
    ).toBe(400);

    const seen: StampedEvent[] = [];
    const unsubscribe = h.core.events.subscribe((event) => seen.push(event));
    const cleared = await call(h, 'DELETE', `/v1/sessions/${id}/messages`);
    unsubscribe();
    expect(cleared.json).toEqual({ session_id: id, deleted: 3 });
    // A window showing this session is told, so it empties its view.
    expect(seen.map((e) => e.type)).toContain('session.cleared');
    expect(seen.find((e) => e.type === 'session.cleared')).toMatchObject({ sessionId: id });
    expect(
      ((await call(h, 'GET', `/v1/sessions/${id}/messages`)).json as { messages: unknown[] }).messages,
    ).toEqual([]);
    expect(h.core.sessions.getSession(id)).not.toBeNull();
  });

  it('answers 404 for messages of a session that does not exist', async () => {
    for (const [method, body] of [
      ['GET'],
      ['POST', { role: 'user', type: 'message', content: 'x' }],
      ['DELETE'],
    ] as const) {
      const res = await call(h, method, '/v1/sessions/nope/messages', body);
      expect(res.status).toBe(404);
      expect((res.json as { error: { code: string } }).error.code).toBe('session_not_found');
    }
  });
});
