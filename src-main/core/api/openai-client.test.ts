import OpenAI, { AuthenticationError, NotFoundError, RateLimitError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../../../test-support/api-harness';
import { demoScript } from '../../../test-support/demo-script';
import { lastMessageText } from '../../../test-support/scripted-upstream';

/** The official `openai` npm client, unchanged, against the running local API. */
describe('the official OpenAI client against the local API', () => {
  let h: ApiHarness;
  let client: OpenAI;

  beforeAll(async () => {
    h = await startApiHarness({
      rules: [
        { match: /^say hello$/i, reply: 'Hello from the scripted upstream.' },
        { match: /remember/i, reply: 'Noted: blue.' },
        { match: /colour/i, reply: 'You said blue.' },
        ...demoScript(),
      ],
      settings: { api_allow_code_execution: true },
    });
    client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  });
  afterAll(async () => h.close());

  it('lists the agents and the configured provider models', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual([
      'switchboard/open-interpreter',
      'switchboard/chat',
      'groq/llama-3.1-8b-instant',
    ]);
  });

  it('routed model, not streamed: the provider answer with usage, our id and the model name used', async () => {
    const completion = await client.chat.completions.create({
      model: 'groq/llama-3.1-8b-instant',
      messages: [{ role: 'user', content: 'say hello' }],
      temperature: 0.2,
      max_tokens: 50,
    });
    expect(completion.choices[0]?.message.content).toBe('Hello from the scripted upstream.');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.model).toBe('groq/llama-3.1-8b-instant');
    expect(completion.id).toMatch(/^chatcmpl-[0-9a-f]{24}$/);
    // The provider's own usage passes through (Groq adds its timing fields to the standard ones).
    expect(completion.usage).toMatchObject({
      prompt_tokens: expect.any(Number),
      completion_tokens: 9,
      total_tokens: expect.any(Number),
    });
    const sent = h.upstream.chatRequests().at(-1)?.body;
    // A non-streamed call is made non-streamed upstream too: the provider's completion is the answer.
    expect(sent).toMatchObject({
      model: 'llama-3.1-8b-instant',
      temperature: 0.2,
      max_tokens: 50,
      stream: false,
      messages: [{ role: 'user', content: 'say hello' }],
    });
    expect(h.upstream.chatRequests().at(-1)?.headers.authorization).toBe(
      'Bearer gsk_api_harness_key_0123456789abcdefWXYZ',
    );
  });

  it('routed model, streamed: provider chunks unchanged apart from id and model, then a usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'groq/llama-3.1-8b-instant',
      messages: [{ role: 'user', content: 'say hello' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const ids = new Set(chunks.map((c) => c.id));
    expect(ids.size).toBe(1);
    expect(
      chunks.every((c) => c.model === 'groq/llama-3.1-8b-instant' && c.object === 'chat.completion.chunk'),
    ).toBe(true);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(
      'Hello from the scripted upstream.',
    );
    // Groq's own fields pass through untouched.
    expect((chunks[0] as unknown as { x_groq: { id: string } }).x_groq.id).toMatch(/^req_/);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(9);
  });

  it('agent, not streamed: runs a code block (API code allowed), feeds the output back, answers with the transcript and usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'switchboard/open-interpreter',
      messages: [{ role: 'user', content: 'What is the SHA-256 of the word hello? Compute it.' }],
    });
    const text = completion.choices[0]?.message.content ?? '';
    expect(text).toContain("I'll compute it with Python's hashlib.");
    expect(text).toContain('```python\nimport hashlib');
    expect(text).toContain('```output\n2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(text).toContain(
      'The SHA-256 of the word is `2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824`',
    );
    expect(completion.model).toBe('switchboard/open-interpreter');
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    const sessionId = (completion as unknown as { session_id: string }).session_id;
    const session = h.core.sessions.requireSession(sessionId);
    expect(session.source).toBe('api');
  });

  it('agent, streamed: text chunks, a stop chunk, a usage chunk, and the session id in a header', async () => {
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'switchboard/chat',
        messages: [{ role: 'user', content: 'say hello' }],
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(
      'Hello from the scripted upstream.',
    );
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(9);
    expect(h.core.sessions.requireSession(response.headers.get('x-session-id') ?? '').source).toBe('api');
  });

  it('a second turn on the same session sends the first turn as history', async () => {
    const first = await client.chat.completions.create({
      model: 'switchboard/chat',
      messages: [{ role: 'user', content: 'Please remember: my favourite is blue.' }],
    });
    const extra = { session_id: (first as unknown as { session_id: string }).session_id };
    const second = await client.chat.completions.create({
      model: 'switchboard/chat',
      messages: [{ role: 'user', content: 'What colour did I say?' }],
      ...extra,
    });
    expect(second.choices[0]?.message.content).toBe('You said blue.');
    expect((second as unknown as { session_id: string }).session_id).toBe(extra.session_id);
    const sent = h.upstream.chatRequests().at(-1)?.body?.messages ?? [];
    expect(sent.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(sent[1]?.content).toContain('remember');
    expect(lastMessageText(h.upstream.chatRequests().at(-1) as never)).toBe('What colour did I say?');
    expect(h.core.sessions.messages(extra.session_id).map((m) => m.content)).toEqual([
      'Please remember: my favourite is blue.',
      'Noted: blue.',
      'What colour did I say?',
      'You said blue.',
    ]);
  });

  it('an unknown model is its NotFoundError', async () => {
    await expect(
      client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a wrong token is its AuthenticationError', async () => {
    const wrong = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: 'sb-not-the-token', maxRetries: 0 });
    const error = await wrong.chat.completions
      .create({ model: 'switchboard/chat', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe('invalid_api_key');
  });
});

describe('rate limits through the official client', () => {
  it('the per-client limit answers 429: its RateLimitError with retry_after and the X-RateLimit headers', async () => {
    const h = await startApiHarness({ overrides: { rateLimitPerMinute: 2 } });
    try {
      const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
      const first = await client.models.list().withResponse();
      expect(first.response.headers.get('x-ratelimit-limit')).toBe('2');
      expect(first.response.headers.get('x-ratelimit-remaining')).toBe('1');
      expect(Number(first.response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
      await client.models.list();
      const error = await client.chat.completions
        .create({ model: 'switchboard/chat', messages: [{ role: 'user', content: 'hi' }] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitError);
      const limited = error as RateLimitError;
      expect(limited.code).toBe('rate_limit_exceeded');
      expect((limited.error as { retry_after: number }).retry_after).toBeGreaterThanOrEqual(1);
      expect(limited.headers.get('retry-after')).toBe(
        String((limited.error as { retry_after: number }).retry_after),
      );
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(h.upstream.chatRequests()).toHaveLength(0);
    } finally {
      await h.close();
    }
  });

  it('the per-session limit refuses the next turn of a busy session only', async () => {
    const h = await startApiHarness({ overrides: { sessionRateLimitPerMinute: 1 } });
    try {
      const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
      const { data, response } = await client.chat.completions
        .create({ model: 'switchboard/chat', messages: [{ role: 'user', content: 'hi' }] })
        .withResponse();
      expect(response.headers.get('x-ratelimit-limit')).toBe('1');
      const extra = { session_id: (data as unknown as { session_id: string }).session_id };
      const error = await client.chat.completions
        .create({ model: 'switchboard/chat', messages: [{ role: 'user', content: 'again' }], ...extra })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).message).toContain('for this session');
      // Another session is not limited.
      await expect(
        client.chat.completions.create({
          model: 'switchboard/chat',
          messages: [{ role: 'user', content: 'new' }],
        }),
      ).resolves.toBeTruthy();
    } finally {
      await h.close();
    }
  });
});
