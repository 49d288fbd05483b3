import { describe, expect, it } from 'vitest';
import { faults } from '../../../test-support/faults';
import { drain, useRouterHarness } from '../../../test-support/router-harness';
import { toAnthropicRequest } from './anthropic-request';
import { AnthropicStreamReader } from './anthropic-transport';

const h = useRouterHarness();
const KEY = 'sk-ant-api03-000000000000000000000000000000claude';

describe('toAnthropicRequest', () => {
  it('moves system messages out, turns tool calls and results into blocks, maps tools and tool_choice', () => {
    const body = toAnthropicRequest(
      {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'List files' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'call_1',
                type: 'function',
                function: { name: 'execute', arguments: '{"language":"shell","code":"ls"}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'a.txt' },
          { role: 'user', content: 'Thanks' },
        ],
        tools: [
          {
            type: 'function',
            function: {
              name: 'execute',
              description: 'Run code',
              parameters: { type: 'object', properties: { code: { type: 'string' } } },
            },
          },
        ],
        tool_choice: 'required',
        parallel_tool_calls: false,
        temperature: 1.5,
        stop: 'END',
      },
      'claude-sonnet-4-5',
      true,
    );
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      system: 'Be brief.',
      max_tokens: 8192,
      stream: true,
      temperature: 1,
      stop_sequences: ['END'],
      messages: [
        { role: 'user', content: 'List files' },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'call_1', name: 'execute', input: { language: 'shell', code: 'ls' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: 'a.txt' },
            { type: 'text', text: 'Thanks' },
          ],
        },
      ],
      tools: [
        {
          name: 'execute',
          description: 'Run code',
          input_schema: { type: 'object', properties: { code: { type: 'string' } } },
        },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
    });
  });

  it('translates image parts (data: URLs as base64 sources) and max_completion_tokens', () => {
    const body = toAnthropicRequest(
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
            ] as unknown as string,
          },
        ],
        max_completion_tokens: 100,
      },
      'm',
      false,
    );
    expect(body).toMatchObject({
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
          ],
        },
      ],
    });
  });
});

describe('AnthropicStreamReader', () => {
  it('an error event mid-stream (overloaded_error) is a server error after the text before it', () => {
    const reader = new AnthropicStreamReader('m');
    const chunks = reader.feed(
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"m","usage":{"input_tokens":5}}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}\n\n' +
        'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    );
    expect(chunks.map((c) => c.choices?.[0]?.delta?.content)).toEqual(['', 'Hel']);
    expect(() => reader.end()).toThrow(
      expect.objectContaining({ kind: 'server_error', message: 'Overloaded', status: 529 }),
    );
  });
});

describe('Anthropic preset through the adapter (scripted Messages API)', () => {
  const useAnthropic = async () => {
    await h.credentials.set('anthropic_api_key', [KEY]);
    h.settings = { ...h.settings, open_interpreter_provider: 'anthropic', open_interpreter_model: '' };
    return h.router(5_000, { SWITCHBOARD_ANTHROPIC_BASE_URL: h.upstream.url });
  };

  it('streams text as chat-completion chunks with usage, sending x-api-key and anthropic-version to /messages', async () => {
    const router = await useAnthropic();
    h.upstream.setRules([{ reply: 'Hello from Claude.' }]);
    const routed = await router.stream({
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'hi' },
      ],
    });
    const seen = await drain(routed.chunks);
    expect(seen).toMatchObject({ text: 'Hello from Claude.', error: null });
    expect(seen.chunks[0]).toMatchObject({
      object: 'chat.completion.chunk',
      model: 'claude-sonnet-4-5',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' } }],
    });
    expect(seen.chunks[seen.chunks.length - 1]?.choices?.[0]?.finish_reason).toBe('stop');
    expect(routed.usage()).toMatchObject({ completion_tokens: 5 });
    const request = h.upstream.chatRequests()[0];
    expect(request?.path).toBe('/openai/v1/messages');
    expect(request?.headers).toMatchObject({ 'x-api-key': KEY, 'anthropic-version': '2023-06-01' });
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body).toMatchObject({
      model: 'claude-sonnet-4-5',
      system: 'sys',
      stream: true,
      max_tokens: 8192,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(h.log[0]).toMatchObject({ providerId: 'anthropic', failure: null, tokensOut: 5 });
  });

  it('streams tool_use blocks as OpenAI tool-call deltas with finish_reason tool_calls', async () => {
    const router = await useAnthropic();
    h.upstream.setRules([
      {
        reply: 'Let me check.',
        toolCalls: [{ name: 'execute', arguments: '{"language":"shell","code":"ls -la"}' }],
        chunkChars: 6,
      },
    ]);
    const { chunks, text } = await drain(
      (
        await router.stream({
          messages: [{ role: 'user', content: 'list' }],
          tools: [{ type: 'function', function: { name: 'execute', parameters: { type: 'object' } } }],
        })
      ).chunks,
    );
    expect(text).toBe('Let me check.');
    const calls = chunks.flatMap((c) => c.choices?.[0]?.delta?.tool_calls ?? []);
    expect(calls[0]).toMatchObject({
      index: 0,
      id: expect.stringMatching(/^toolu_/),
      type: 'function',
      function: { name: 'execute', arguments: '' },
    });
    expect(calls.map((c) => c.function?.arguments ?? '').join('')).toBe(
      '{"language":"shell","code":"ls -la"}',
    );
    expect(chunks.map((c) => c.choices?.[0]?.finish_reason).filter(Boolean)).toEqual(['tool_calls']);
    expect(h.upstream.chatRequests()[0]?.body?.tools).toEqual([
      { name: 'execute', input_schema: { type: 'object' } },
    ]);
  });

  it('non-streamed: the message comes back as a chat.completion', async () => {
    const router = await useAnthropic();
    h.upstream.setRules([{ reply: 'Plain.', toolCalls: [{ name: 'execute', arguments: '{"code":"1"}' }] }]);
    const { completion } = await router.chat({ messages: [{ role: 'user', content: 'x' }] });
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        role: 'assistant',
        content: 'Plain.',
        tool_calls: [{ type: 'function', function: { name: 'execute', arguments: '{"code":"1"}' } }],
      },
    });
  });

  it.each([
    [
      faults.anthropicError(
        429,
        'rate_limit_error',
        'Number of request tokens has exceeded your per-minute rate limit',
        { 'retry-after': '12' },
      ),
      'provider_rate_limited',
    ],
    [faults.anthropicError(401, 'authentication_error', 'invalid x-api-key'), 'key_rejected'],
    [
      faults.anthropicError(
        400,
        'invalid_request_error',
        'Your credit balance is too low to access the Anthropic API.',
      ),
      'provider_quota_exhausted',
    ],
    [faults.anthropicError(529, 'overloaded_error', 'Overloaded'), 'provider_server_error'],
    [
      faults.anthropicError(
        400,
        'invalid_request_error',
        'prompt is too long: 210000 tokens > 200000 maximum',
      ),
      'context_too_long',
    ],
  ])('Anthropic error format %# is classified (%s)', async (fault, code) => {
    const router = await useAnthropic();
    h.settings = { ...h.settings, llm_max_retries: 0 };
    h.upstream.setRules([fault]);
    await expect(router.stream({ messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      code,
    });
  });

  it('a registry entry with provider anthropic routes through the adapter (api_base without a path gets /v1)', async () => {
    const origin = new URL(h.upstream.url).origin;
    h.settings = {
      ...h.settings,
      open_interpreter_provider: 'registry_auto',
      open_interpreter_provider_registry: JSON.stringify([
        { id: 'claude', provider: 'anthropic', api_base: origin, model: 'claude-haiku-4-5', api_key: KEY },
      ]),
    };
    h.upstream.setRules([{ reply: 'via registry' }]);
    const routed = await h.router().stream({ messages: [{ role: 'user', content: 'hi' }] });
    expect(await drain(routed.chunks)).toMatchObject({ text: 'via registry' });
    expect(h.upstream.chatRequests()[0]?.path).toBe('/v1/messages');
    expect(routed.servedBy).toMatchObject({ providerId: 'claude', model: 'claude-haiku-4-5' });
  });
});
