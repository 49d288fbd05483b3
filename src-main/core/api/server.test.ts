import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  rawRequest,
  startApiHarness,
  waitFor,
  type ApiHarness,
  type CallResult,
} from '../../../test-support/api-harness';

const user = (content: string) => ({ role: 'user', content });

/** The exact error shape: three strings, nothing else (no stack, no internals). */
function expectError(res: CallResult, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = res.json as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(
    status === 429 ? ['code', 'message', 'retry_after', 'type'] : ['code', 'message', 'type'],
  );
  expect(body.error.code).toBe(code);
  expect(res.text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts\b/);
}

describe('every error the API answers, in one shape', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({
      rules: [
        {
          match: 'upstream-500',
          error: {
            status: 500,
            body: { error: { message: 'Internal Server Error', type: 'internal_server_error' } },
          },
        },
        {
          match: 'slow',
          reply: 'a slow reply that takes a while to stream',
          chunkChars: 2,
          chunkDelayMs: 100,
        },
        { reply: 'ok' },
      ],
      overrides: { rateLimitPerMinute: 0 },
    });
  });
  afterAll(async () => h.close());

  it("400: not JSON, a body that does not fit the schema, a last message that is not the user's", async () => {
    const notJson = await fetch(`${h.url}/v1/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: '{"messages": [',
    });
    expectError(
      {
        status: notJson.status,
        headers: notJson.headers,
        text: await notJson.clone().text(),
        json: await notJson.json(),
      },
      400,
      'invalid_json',
    );
    // Only a body that is absent counts as "no options"; whitespace is not JSON.
    const blank = await fetch(`${h.url}/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: '\t',
    });
    expect(blank.status).toBe(400);
    expect(((await blank.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const wrong = await call(h, 'POST', '/v1/chat/completions', {
      model: 'switchboard/chat',
      messages: 'hi',
    });
    expectError(wrong, 400, 'invalid_input');
    expect((wrong.json as { error: { message: string } }).error.message).toContain('messages');
    expectError(
      await call(h, 'POST', '/v1/chat/completions', {
        model: 'switchboard/chat',
        messages: [{ role: 'assistant', content: 'x' }],
      }),
      400,
      'invalid_message',
    );
    expectError(
      await call(h, 'POST', '/v1/chat', { messages: [{ role: 'assistant', type: 'message', content: 'x' }] }),
      400,
      'invalid_message',
    );
    expectError(
      await call(h, 'POST', '/v1/chat/completions', { model: 'switchboard/chat', messages: [user('   ')] }),
      400,
      'invalid_message',
    );
  });

  it('401 without the token', async () => {
    expectError(await call(h, 'GET', '/v1/health', undefined, { authorization: '' }), 401, 'invalid_api_key');
  });

  it('403 for a cross-site Origin', async () => {
    expectError(
      await call(h, 'GET', '/v1/models', undefined, { origin: 'https://attacker.example' }),
      403,
      'forbidden_origin',
    );
  });

  it('404 for an unknown path, session or model', async () => {
    expectError(await call(h, 'GET', '/v2/anything'), 404, 'not_found');
    expectError(
      await call(h, 'GET', '/v1/sessions/00000000-0000-0000-0000-000000000000'),
      404,
      'session_not_found',
    );
    expectError(
      await call(h, 'POST', '/v1/chat', {
        messages: [{ role: 'user', type: 'message', content: 'x' }],
        session_id: 'missing',
      }),
      404,
      'session_not_found',
    );
    expectError(
      await call(h, 'POST', '/v1/chat/completions', { model: 'nope/model', messages: [user('x')] }),
      404,
      'model_not_found',
    );
  });

  it('405 with Allow for a known path and another method', async () => {
    const res = await call(h, 'DELETE', '/v1/chat/completions');
    expectError(res, 405, 'method_not_allowed');
    expect(res.headers.get('allow')).toBe('POST');
    expect((await call(h, 'PUT', '/v1/sessions')).headers.get('allow')).toBe('GET, HEAD, POST');
  });

  it('413 for a body over 1 MB, 415 for a body that is not JSON', async () => {
    const big = JSON.stringify({ model: 'switchboard/chat', messages: [user('x'.repeat(1024 * 1024))] });
    const tooLarge = await rawRequest(
      h.port,
      'POST',
      '/v1/chat/completions',
      { host: `127.0.0.1:${h.port}`, authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      big,
    );
    expectError(
      {
        status: tooLarge.status,
        headers: new Headers(tooLarge.headers as Record<string, string>),
        text: tooLarge.body,
        json: JSON.parse(tooLarge.body),
      },
      413,
      'request_too_large',
    );
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await fetch(`${h.url}/v1/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.token}`, 'content-type': type },
        body: 'title=x',
      });
      expectError(
        { status: res.status, headers: res.headers, text: await res.clone().text(), json: await res.json() },
        415,
        'unsupported_media_type',
      );
    }
  });

  it("409 while the session's turn is running", async () => {
    const { session_id: id } = (await call(h, 'POST', '/v1/sessions')).json as { session_id: string };
    const first = call(h, 'POST', '/v1/chat', {
      messages: [{ role: 'user', type: 'message', content: 'slow one' }],
      session_id: id,
    });
    await waitFor(() => h.core.agent.status(id).state !== 'idle');
    expectError(
      await call(h, 'POST', '/v1/chat', {
        messages: [{ role: 'user', type: 'message', content: 'x' }],
        session_id: id,
      }),
      409,
      'turn_in_progress',
    );
    expectError(await call(h, 'DELETE', `/v1/sessions/${id}/messages`), 409, 'turn_in_progress');
    expect((await first).status).toBe(200);
  });

  it('502 when the provider fails, 503 when no key is configured for the model', async () => {
    expectError(
      await call(h, 'POST', '/v1/chat/completions', {
        model: 'groq/llama-3.1-8b-instant',
        messages: [user('upstream-500')],
      }),
      502,
      'provider_server_error',
    );
    expectError(
      await call(h, 'POST', '/v1/chat/completions', { model: 'openai/gpt-4o-mini', messages: [user('x')] }),
      503,
      'no_api_key',
    );
  });

  it('SSE framing of /v1/chat/completions: `data: <json>` events, then `data: [DONE]`, for routed and agent models', async () => {
    for (const model of ['groq/llama-3.1-8b-instant', 'switchboard/chat']) {
      const res = await call(h, 'POST', '/v1/chat/completions', {
        model,
        messages: [user('hi')],
        stream: true,
        stream_options: { include_usage: true },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(res.text.endsWith('data: [DONE]\n\n')).toBe(true);
      const blocks = res.text.trim().split('\n\n');
      for (const block of blocks.slice(0, -1)) {
        expect(block).toMatch(/^data: \{.*\}$/);
        const chunk = JSON.parse(block.slice(6)) as { object: string; model: string };
        expect(chunk).toMatchObject({ object: 'chat.completion.chunk', model });
      }
      expect(JSON.parse(blocks.at(-2)?.slice(6) ?? '{}')).toMatchObject({
        choices: [],
        usage: { completion_tokens: 1 },
      });
    }
  });

  it('routed requests reuse one upstream connection (streams are read to their end)', async () => {
    const before = h.upstream.connectionsAccepted();
    for (let i = 0; i < 5; i++) {
      const res = await call(h, 'POST', '/v1/chat/completions', {
        model: 'groq/llama-3.1-8b-instant',
        messages: [user('hi')],
        stream: i % 2 === 0,
      });
      expect(res.status).toBe(200);
    }
    expect(h.upstream.connectionsAccepted() - before).toBeLessThanOrEqual(1);
  });

  it('a routed client that disconnects cancels the upstream request', async () => {
    const before = h.upstream.chatRequests().length;
    const controller = new AbortController();
    const response = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'groq/llama-3.1-8b-instant',
        messages: [user('slow please')],
        stream: true,
      }),
      signal: controller.signal,
    });
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    // The router's request to the upstream is cancelled: the upstream sees its client go away mid-stream.
    const upstreamRequest = h.upstream.chatRequests()[before];
    expect(upstreamRequest?.body?.stream).toBe(true);
    await waitFor(
      () => h.upstream.abandonedResponses() === 1,
      10_000,
      'the upstream response to be abandoned',
    );
  });
});

describe('500', () => {
  it('an unexpected failure answers a generic 500 without a stack and is logged in logs/server_err.log', async () => {
    const h = await startApiHarness();
    try {
      h.core.sessions.close(); // the database goes away under the server
      const res = await call(h, 'GET', '/v1/sessions');
      expectError(res, 500, 'internal_error');
      await h.core.api.close();
      const errors = await readFile(join(h.dataDir, 'logs', 'server_err.log'), 'utf8');
      expect(errors).toContain('unexpected error in the local API');
      expect(errors).not.toContain(h.token);
    } finally {
      await h.close().catch(() => undefined);
    }
  });
});
