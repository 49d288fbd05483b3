import type { AIMessageChunk } from '@langchain/core/messages';
import { HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startApiHarness, type ApiHarness } from '../../../test-support/api-harness';
import { clientScript, WEATHER_CITY } from '../../../test-support/client-script';

/** LangChain JS (`@langchain/openai`), unchanged, against the running local API. */
describe('LangChain ChatOpenAI against the local API', () => {
  let h: ApiHarness;
  const chat = (model: string, apiKey = h.token) =>
    new ChatOpenAI({
      model,
      apiKey,
      configuration: { baseURL: `${h.url}/v1` },
      maxRetries: 0,
      streamUsage: true,
    });

  beforeAll(async () => {
    h = await startApiHarness({ rules: clientScript() });
  });
  afterAll(async () => h.close());

  it('invoke on a routed model: the text and usage_metadata', async () => {
    const answer = await chat('groq/llama-3.1-8b-instant').invoke('Say hello.');
    expect(answer.content).toBe('Hello from the scripted upstream.');
    expect(answer.usage_metadata).toMatchObject({ output_tokens: 9, input_tokens: expect.any(Number) });
  });

  it('stream on an agent model: chunks that concatenate to the answer, with usage', async () => {
    let whole: AIMessageChunk | undefined;
    let count = 0;
    for await (const chunk of await chat('switchboard/chat').stream('Say hello.')) {
      count += 1;
      whole = whole ? whole.concat(chunk) : chunk;
    }
    expect(whole?.content).toBe('Hello from the scripted upstream.');
    expect(count).toBeGreaterThan(2);
    expect(whole?.usage_metadata?.output_tokens).toBe(9);
  });

  it('a tool round trip on a routed model: bindTools, the call, a ToolMessage, the answer', async () => {
    const getWeather = tool(async ({ city }: { city: string }) => `sunny, 21 °C in ${city}`, {
      name: 'get_weather',
      description: 'The weather in a city',
      schema: z.object({ city: z.string() }),
    });
    const model = chat('groq/llama-3.1-8b-instant').bindTools([getWeather]);
    const messages: BaseMessage[] = [new HumanMessage('What is the weather in Paris?')];
    const first = await model.invoke(messages);
    expect(first.tool_calls).toEqual([
      expect.objectContaining({ name: 'get_weather', args: { city: WEATHER_CITY }, id: expect.any(String) }),
    ]);
    const call = first.tool_calls?.[0];
    messages.push(
      first,
      new ToolMessage({
        content: String(await getWeather.invoke(call?.args as { city: string })),
        tool_call_id: call?.id ?? '',
      }),
    );
    const second = await model.invoke(messages);
    expect(second.content).toBe(`Weather report: sunny, 21 °C in ${WEATHER_CITY}`);
    expect(h.upstream.chatRequests().at(-1)?.body?.messages?.at(-1)).toMatchObject({
      role: 'tool',
      tool_call_id: call?.id,
    });
  });

  it("errors carry the status and LangChain's error codes: 401 MODEL_AUTHENTICATION, 404 MODEL_NOT_FOUND", async () => {
    const unauthorised = await chat('switchboard/chat', 'sb-wrong')
      .invoke('hi')
      .catch((e: unknown) => e);
    expect(unauthorised).toMatchObject({ status: 401, lc_error_code: 'MODEL_AUTHENTICATION' });
    const missing = await chat('nope/model')
      .invoke('hi')
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, lc_error_code: 'MODEL_NOT_FOUND', code: 'model_not_found' });
  });
});

describe('LangChain and the rate limit', () => {
  it('a 429 is MODEL_RATE_LIMIT with Retry-After', async () => {
    const h = await startApiHarness({ overrides: { rateLimitPerMinute: 1 } });
    try {
      const model = new ChatOpenAI({
        model: 'switchboard/chat',
        apiKey: h.token,
        configuration: { baseURL: `${h.url}/v1` },
        maxRetries: 0,
      });
      await model.invoke('hi');
      const error = (await model.invoke('hi').catch((e: unknown) => e)) as {
        status: number;
        lc_error_code: string;
        headers: Headers;
      };
      expect(error).toMatchObject({ status: 429, lc_error_code: 'MODEL_RATE_LIMIT' });
      expect(Number(error.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await h.close();
    }
  });
});
