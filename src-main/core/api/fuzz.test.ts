import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  rawRequest,
  startApiHarness,
  type ApiHarness,
  type RawResponse,
} from '../../../test-support/api-harness';

/** Every endpoint, with session ids that exist, do not exist, or are odd. */
const METHODS = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD'] as const;
const pathArbitrary = (sessionId: () => string) =>
  fc.oneof(
    fc.constantFrom('/v1/health', '/v1/models', '/v1/sessions', '/v1/chat', '/v1/chat/completions'),
    fc
      .constantFrom('', '/messages')
      .chain((tail) =>
        fc
          .oneof(fc.constant('live'), fc.constant('missing-session'), fc.string({ maxLength: 40 }))
          .map((id) => `/v1/sessions/${encodeURIComponent(id === 'live' ? sessionId() : id)}${tail}`),
      ),
    fc.webPath().map((p) => `/v1${p}`),
  );

/** Prototype-poisoning bodies: a `__proto__` key (which a JS object literal cannot carry) beside real fields. */
const protoPoisoning = fc
  .jsonValue()
  .map(
    (v) =>
      `{"__proto__": ${JSON.stringify(v)}, "messages": [{"role": "user", "type": "message", "content": "x"}], "model": "switchboard/chat"}`,
  );

/** A valid request of each endpoint that takes a body; `live` stands for an existing session id. */
const VALID_REQUESTS: Array<{ method: string; path: string; body: Record<string, unknown> }> = [
  {
    method: 'POST',
    path: '/v1/chat/completions',
    body: {
      model: 'switchboard/chat',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    },
  },
  {
    method: 'POST',
    path: '/v1/chat/completions',
    body: {
      model: 'groq/llama-3.1-8b-instant',
      messages: [
        { role: 'system', content: 's' },
        { role: 'user', content: 'hi' },
      ],
      temperature: 0.5,
    },
  },
  {
    method: 'POST',
    path: '/v1/chat',
    body: {
      messages: [{ role: 'user', type: 'message', content: 'hi' }],
      stream: true,
      config: { llm: { model: 'switchboard/chat' } },
    },
  },
  { method: 'POST', path: '/v1/sessions', body: { title: 't', metadata: { a: 1 } } },
  { method: 'PATCH', path: '/v1/sessions/live', body: { title: 't', metadata: { a: 1 } } },
  {
    method: 'POST',
    path: '/v1/sessions/live/messages',
    body: { role: 'user', type: 'message', content: 'x' },
  },
];
/** Those requests with one field replaced by anything, dropped, or left valid: reaches the turn logic. */
const nearlyValid = fc
  .tuple(
    fc.constantFrom(...VALID_REQUESTS),
    fc.constantFrom(
      'model',
      'messages',
      'stream',
      'session_id',
      'config',
      'title',
      'metadata',
      'content',
      'role',
      'type',
      'temperature',
      'max_tokens',
      'stream_options',
      'tools',
    ),
    fc.oneof(fc.constant<'keep'>('keep'), fc.constant<'drop'>('drop'), fc.anything()),
  )
  .map(([request, key, value]) => {
    const body =
      value === 'keep'
        ? request.body
        : value === 'drop'
          ? Object.fromEntries(Object.entries(request.body).filter(([k]) => k !== key))
          : { ...request.body, [key]: value };
    return { method: request.method, path: request.path, text: JSON.stringify(body) };
  });

/** Bodies shaped like the API's, with anything in their fields, so validation is exercised beyond the first check. */
const lmcish = fc.record(
  {
    role: fc.oneof(fc.constantFrom('user', 'assistant', 'computer', 'system'), fc.anything()),
    type: fc.oneof(fc.constantFrom('message', 'code', 'console'), fc.anything()),
    content: fc.oneof(fc.string(), fc.anything()),
  },
  { requiredKeys: [] },
);
const shapedBody = fc.record(
  {
    model: fc.oneof(
      fc.constantFrom(
        'switchboard/chat',
        'switchboard/open-interpreter',
        'groq/llama-3.1-8b-instant',
        'groq/',
        '/x',
        'nope',
      ),
      fc.anything(),
    ),
    messages: fc.oneof(
      fc.array(lmcish, { maxLength: 3 }),
      fc.array(
        fc.record({
          role: fc.constantFrom('user', 'assistant', 'tool'),
          content: fc.oneof(fc.string(), fc.array(fc.anything())),
        }),
        { maxLength: 3 },
      ),
      fc.anything(),
    ),
    stream: fc.oneof(fc.boolean(), fc.anything()),
    session_id: fc.oneof(fc.constant('missing-session'), fc.anything()),
    config: fc.oneof(
      fc.record(
        {
          llm: fc.record(
            { model: fc.anything(), temperature: fc.anything(), max_tokens: fc.anything() },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    ),
    title: fc.anything(),
    metadata: fc.anything(),
    temperature: fc.anything(),
    max_tokens: fc.anything(),
    stream_options: fc.anything(),
    tools: fc.anything(),
    auto_run: fc.anything(),
  },
  { requiredKeys: [] },
);

describe('fuzz: random input to every endpoint', () => {
  let h: ApiHarness;
  let live = '';
  beforeAll(async () => {
    h = await startApiHarness({
      rules: [{ reply: 'ok' }],
      settings: { api_approval_timeout_seconds: 0 },
      overrides: { rateLimitPerMinute: 0, sessionRateLimitPerMinute: 0 },
    });
    live = ((await call(h, 'POST', '/v1/sessions')).json as { session_id: string }).session_id;
  });
  afterAll(async () => h.close());

  const headers = (contentType: string | null): Record<string, string> => ({
    host: `127.0.0.1:${h.port}`,
    authorization: `Bearer ${h.token}`,
    ...(contentType ? { 'content-type': contentType } : {}),
  });
  const sessionId = () => live;

  /** Never a 5xx, never a hang (rawRequest fails after 10 s); every 4xx is the JSON error shape. */
  function expectHandled(res: RawResponse, what: string): void {
    expect(res.status, what).toBeLessThan(500);
    if (res.status >= 400 && res.body !== '') {
      const body = JSON.parse(res.body) as { error: { message: unknown; type: unknown; code: unknown } };
      expect(typeof body.error.message, what).toBe('string');
      expect(typeof body.error.code, what).toBe('string');
      expect(typeof body.error.type, what).toBe('string');
    }
  }

  it('random JSON values and API-shaped bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        pathArbitrary(sessionId),
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          shapedBody.map((v) => JSON.stringify(v)),
          nearlyValid.map((r) => r.text),
          protoPoisoning,
        ),
        async (method, path, text) => {
          const res = await rawRequest(
            h.port,
            method,
            path,
            headers('application/json'),
            method === 'GET' || method === 'HEAD' ? undefined : text,
          );
          expectHandled(res, `${method} ${path} ${text.slice(0, 200)}`);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('random bytes with any content type', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        pathArbitrary(sessionId),
        fc.uint8Array({ maxLength: 512 }),
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'text/plain',
          'application/octet-stream',
          null,
        ),
        async (method, path, bytes, type) => {
          const res = await rawRequest(
            h.port,
            method,
            path,
            headers(type),
            method === 'GET' || method === 'HEAD' ? undefined : Buffer.from(bytes),
          );
          expectHandled(res, `${method} ${path} ${type} ${Buffer.from(bytes).toString('hex').slice(0, 80)}`);
          if (method !== 'GET' && method !== 'HEAD' && bytes.length > 0 && res.status < 300) {
            // Bytes that happened to be acceptable JSON are fine; anything else must have been refused.
            expect(() => JSON.parse(Buffer.from(bytes).toString('utf8')), `${method} ${path}`).not.toThrow();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('nearly valid requests on the endpoints they are meant for (turns run, streams end)', async () => {
    await fc.assert(
      fc.asyncProperty(nearlyValid, async ({ method, path, text }) => {
        const res = await rawRequest(
          h.port,
          method,
          path.replace('live', live),
          headers('application/json'),
          text,
        );
        expectHandled(res, `${method} ${path} ${text.slice(0, 200)}`);
      }),
      { numRuns: 200 },
    );
  });

  it('is still healthy afterwards', async () => {
    expect((await call(h, 'GET', '/v1/health')).status).toBe(200);
  });
});
