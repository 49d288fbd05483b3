import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../../../test-support/api-harness';
import { clientScript, WEATHER_CITY } from '../../../test-support/client-script';

/** The Vercel AI SDK (`ai` + `@ai-sdk/openai-compatible`), unchanged, against the running local API. */
describe('the Vercel AI SDK against the local API', () => {
  let h: ApiHarness;
  let provider: ReturnType<typeof createOpenAICompatible>;

  beforeAll(async () => {
    h = await startApiHarness({ rules: clientScript() });
    provider = createOpenAICompatible({
      name: 'switchboard',
      baseURL: `${h.url}/v1`,
      apiKey: h.token,
      includeUsage: true,
    });
  });
  afterAll(async () => h.close());

  it('generateText on a routed model: the text and the usage', async () => {
    const result = await generateText({
      model: provider('groq/llama-3.1-8b-instant'),
      prompt: 'Say hello.',
      maxRetries: 0,
    });
    expect(result.text).toBe('Hello from the scripted upstream.');
    expect(result.finishReason).toBe('stop');
    expect(result.usage.outputTokens).toBe(9);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
  });

  it('streamText on an agent model: the text in pieces, the usage and the session id header', async () => {
    const result = streamText({ model: provider('switchboard/chat'), prompt: 'Say hello.', maxRetries: 0 });
    const pieces: string[] = [];
    for await (const piece of result.textStream) pieces.push(piece);
    expect(pieces.join('')).toBe('Hello from the scripted upstream.');
    expect(pieces.length).toBeGreaterThan(1);
    expect((await result.usage).outputTokens).toBe(9);
    const sessionId = (await result.response).headers?.['x-session-id'] ?? '';
    expect(h.core.sessions.requireSession(sessionId).source).toBe('api');
  });

  it('a client-side tool round trip on a routed model: the call, our result, the answer', async () => {
    const calls: unknown[] = [];
    const result = await generateText({
      model: provider('groq/llama-3.1-8b-instant'),
      prompt: 'What is the weather in Paris?',
      tools: {
        get_weather: tool({
          description: 'The weather in a city',
          inputSchema: jsonSchema<{ city: string }>({
            type: 'object',
            properties: { city: { type: 'string' } },
            required: ['city'],
          }),
          execute: async ({ city }) => {
            calls.push(city);
            return `sunny, 21 °C in ${city}`;
          },
        }),
      },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    expect(calls).toEqual([WEATHER_CITY]);
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]?.finishReason).toBe('tool-calls');
    expect(result.text).toBe(`Weather report: sunny, 21 °C in ${WEATHER_CITY}`);
    // The tool's answer reached the provider as a `tool` message answering the call's id.
    const second = h.upstream.chatRequests().at(-1)?.body?.messages ?? [];
    const call = (second.at(-2) as { tool_calls?: Array<{ id: string }> }).tool_calls?.[0];
    expect(second.at(-1)).toMatchObject({ role: 'tool', tool_call_id: call?.id });
  });

  it('reads the reasoning an agent model passes on (reasoning_content from a recorded DeepSeek stream)', async () => {
    const result = streamText({
      model: provider('switchboard/chat'),
      prompt: 'Think: r in strawberry?',
      maxRetries: 0,
    });
    await result.consumeStream();
    expect((await result.reasoningText)?.length).toBeGreaterThan(100);
    expect((await result.reasoningText) ?? '').toContain('strawberry');
    expect(await result.text).not.toContain((await result.reasoningText)?.slice(0, 40));
  });

  it('errors are APICallErrors with the status: 401 for a wrong token, 404 for an unknown model', async () => {
    const wrong = createOpenAICompatible({ name: 'switchboard', baseURL: `${h.url}/v1`, apiKey: 'sb-wrong' });
    const unauthorised = await generateText({
      model: wrong('switchboard/chat'),
      prompt: 'hi',
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(APICallError.isInstance(unauthorised)).toBe(true);
    expect((unauthorised as APICallError).statusCode).toBe(401);
    expect((unauthorised as APICallError).isRetryable).toBe(false);
    const missing = await generateText({ model: provider('nope/model'), prompt: 'hi', maxRetries: 0 }).catch(
      (e: unknown) => e,
    );
    expect((missing as APICallError).statusCode).toBe(404);
    expect((missing as APICallError).message).toContain('Unknown model');
  });
});

describe('the Vercel AI SDK and the rate limit', () => {
  it('a 429 is a retryable APICallError carrying Retry-After', async () => {
    const h = await startApiHarness({ overrides: { rateLimitPerMinute: 1 } });
    try {
      const provider = createOpenAICompatible({
        name: 'switchboard',
        baseURL: `${h.url}/v1`,
        apiKey: h.token,
      });
      await generateText({ model: provider('switchboard/chat'), prompt: 'hi', maxRetries: 0 });
      const error = await generateText({
        model: provider('switchboard/chat'),
        prompt: 'hi',
        maxRetries: 0,
      }).catch((e: unknown) => e);
      expect(APICallError.isInstance(error)).toBe(true);
      const limited = error as APICallError;
      expect(limited.statusCode).toBe(429);
      expect(limited.isRetryable).toBe(true);
      expect(Number(limited.responseHeaders?.['retry-after'])).toBeGreaterThanOrEqual(1);
    } finally {
      await h.close();
    }
  });
});
