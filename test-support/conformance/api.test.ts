import OpenAI, { APIError, RateLimitError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../api-harness';
import { recorded, replay } from '../replay';

/** What a caller of the local API sees of recorded provider answers, through the official `openai` client. */
describe('recorded provider answers through the local API', () => {
  let h: ApiHarness;
  let client: OpenAI;

  beforeAll(async () => {
    h = await startApiHarness({
      rules: [
        { match: /too large/, ...replay(recorded('groq/413-request-too-large')) },
        { match: /rate limit me/, ...replay(recorded('groq/429-tokens-per-minute')) },
        { match: /tell me a story/, ...replay(recorded('openai/text-stream'), { split: 2048 }) },
      ],
      settings: { llm_max_retries: 0 },
    });
    // An OpenAI registry entry at the scripted upstream (the router asks OpenAI for usage on streams).
    await h.core.settings.update({
      open_interpreter_provider_registry: JSON.stringify([
        {
          id: 'oai',
          provider: 'openai',
          api_base: `${new URL(h.upstream.url).origin}/openai/v1`,
          model: 'gpt-4.1-nano',
          api_key: 'sk-proj-conformance-0000000000000000wxyz',
        },
      ]),
    });
    client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
  });
  afterAll(async () => h.close());

  it('Groq’s 413 "Request too large" reaches the caller as a 413, not as a quota', async () => {
    const error = await client.chat.completions
      .create({
        model: 'groq/llama-3.1-8b-instant',
        messages: [{ role: 'user', content: 'this is too large' }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(413);
    expect((error as APIError).code).toBe('provider_request_too_large');
    expect((error as APIError).message).toContain('Request too large for model');
  });

  it('Groq’s 429 with a billing link reaches the caller as a rate limit with its retry time', async () => {
    const error = await client.chat.completions
      .create({ model: 'groq/llama-3.1-8b-instant', messages: [{ role: 'user', content: 'rate limit me' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe('provider_rate_limited');
    expect((error as RateLimitError).headers?.get('retry-after')).toBe('2');
  });

  it('an OpenAI stream: no choices: [] chunk unless the caller asks for usage; with it, the usage chunk', async () => {
    const ask = {
      model: 'oai/gpt-4.1-nano',
      messages: [{ role: 'user' as const, content: 'tell me a story' }],
    };
    const plain = [];
    for await (const chunk of await client.chat.completions.create({ ...ask, stream: true }))
      plain.push(chunk);
    expect(plain.some((c) => c.choices.length === 0)).toBe(false);
    expect(plain.map((c) => c.choices[0]?.delta.content ?? '').join('')).toContain('Holiday');

    const withUsage = [];
    for await (const chunk of await client.chat.completions.create({
      ...ask,
      stream: true,
      stream_options: { include_usage: true },
    }))
      withUsage.push(chunk);
    expect(withUsage.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 16, completion_tokens: 300 },
    });
    expect(withUsage.filter((c) => c.choices.length === 0)).toHaveLength(1);
  });
});
