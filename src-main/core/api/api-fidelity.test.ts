import { networkInterfaces } from 'node:os';
import OpenAI, { NotFoundError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, parseSse, startApiHarness, type ApiHarness } from '../../../test-support/api-harness';
import { faults } from '../../../test-support/faults';
import { recorded, replay } from '../../../test-support/replay';
import { streamDeltaText } from '../../../test-support/recorded-stream';
import { toolCallReply } from '../../../test-support/tool-call-replies';

/** The local API against its README and the seed's server, and what agents carry through from real providers. */
let h: ApiHarness;
let client: OpenAI;
beforeAll(async () => {
  h = await startApiHarness({
    rules: [
      { match: /think hard/i, ...replay(recorded('deepseek/reasoning-stream')) },
      { match: /break/i, ...faults.cutMidStream('Partial answer') },
      {
        match: (request) => request.body?.messages?.at(-1)?.role === 'tool',
        reply: 'That call was malformed; here is the answer in words: hi.',
      },
      {
        match: /malformed/i,
        raw: toolCallReply({
          calls: [{ id: 'call_x', name: 'execute', arguments: '{"language": "python"' }],
        }),
      },
      { reply: 'Hello from the scripted upstream.' },
    ],
  });
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
});
afterAll(async () => h.close());

const errorOf = (json: unknown) => (json as { error: { code: string; message: string } }).error;
const deepseekReasoning = streamDeltaText('deepseek/reasoning-stream', 'reasoning_content');

describe('requests the README refuses or the seed names', () => {
  it('refuses auto_run on /v1/chat/completions (400), for agents and routed models alike', async () => {
    const before = h.upstream.chatRequests().length;
    for (const model of ['switchboard/open-interpreter', 'groq/llama-3.1-8b-instant']) {
      const res = await call(h, 'POST', '/v1/chat/completions', {
        model,
        messages: [{ role: 'user', content: 'hi' }],
        auto_run: true,
      });
      expect(res.status).toBe(400);
      expect(errorOf(res.json).message).toContain('auto_run');
    }
    expect(h.upstream.chatRequests()).toHaveLength(before);
    expect(h.core.settings.get().api_allow_code_execution).toBe(false);
  });

  it('answers GET /v1/models/{id}: client.models.retrieve() works, an unknown model is model_not_found', async () => {
    expect(await client.models.retrieve('switchboard/chat')).toMatchObject({
      id: 'switchboard/chat',
      object: 'model',
      owned_by: 'switchboard',
    });
    expect(await client.models.retrieve('groq/llama-3.1-8b-instant')).toMatchObject({ owned_by: 'groq' });
    // Any model of a provider with a key is routed as asked, so it exists too.
    expect((await client.models.retrieve('groq/llama-3.3-70b-versatile')).id).toBe(
      'groq/llama-3.3-70b-versatile',
    );
    // The slash unencoded, as curl users type it.
    const raw = await call(h, 'GET', '/v1/models/groq/llama-3.1-8b-instant');
    expect(raw.json).toMatchObject({ id: 'groq/llama-3.1-8b-instant' });
    for (const id of ['openai/gpt-4o', 'no-such-model']) {
      const error = await client.models.retrieve(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).code).toBe('model_not_found');
    }
  });

  it('answers a schema-invalid native message with invalid_message (other bad fields stay invalid_input)', async () => {
    const bad = await call(h, 'POST', '/v1/chat', {
      messages: [{ role: 'robot', type: 'message', content: 'hi' }],
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad.json).code).toBe('invalid_message');
    expect(errorOf(bad.json).message).toContain('messages.0.role');
    const noContent = await call(h, 'POST', '/v1/chat', { messages: [{ role: 'user', type: 'message' }] });
    expect(errorOf(noContent.json).code).toBe('invalid_message');
    const other = await call(h, 'POST', '/v1/chat', {
      messages: [{ role: 'user', type: 'message', content: 'hi' }],
      stream: 'yes',
    });
    expect(errorOf(other.json).code).toBe('invalid_input');
  });

  it('takes the Open Interpreter server\'s {"name": …} as the new session\'s title', async () => {
    const res = await call(h, 'POST', '/v1/sessions', { name: 'Data cleanup' });
    expect(res.status).toBe(201);
    const id = (res.json as { session_id: string }).session_id;
    expect(h.core.sessions.requireSession(id).title).toBe('Data cleanup');
  });

  const ipv6Loopback = Object.values(networkInterfaces())
    .flat()
    .some((i) => i?.address === '::1');
  it.skipIf(!ipv6Loopback)(
    'listens on [::1] as well as 127.0.0.1 (this machine has an IPv6 loopback)',
    async () => {
      const res = await fetch(`http://[::1]:${h.port}/v1/health`, {
        headers: { authorization: `Bearer ${h.token}` },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { status: string }).status).toBe('healthy');
      // The same guard: no token, no answer.
      expect((await fetch(`http://[::1]:${h.port}/v1/health`)).status).toBe(401);
    },
  );
});

describe('an agent stream that breaks', () => {
  it('/v1/chat/completions streams the partial text, then the error — the error is not content', async () => {
    const res = await call(h, 'POST', '/v1/chat/completions', {
      model: 'switchboard/chat',
      messages: [{ role: 'user', content: 'please break' }],
      stream: true,
    });
    const events = parseSse(res.text);
    const content = events
      .map(
        (e) =>
          (e.data as { choices?: Array<{ delta: { content?: string } }> }).choices?.[0]?.delta.content ?? '',
      )
      .join('');
    expect(content).toBe('Partial answer');
    const last = events.at(-1)?.data as { error: { code: string; message: string } };
    expect(last.error.code).toBe('stream_interrupted');
    expect(content).not.toContain(last.error.message);
    expect(res.text).not.toContain('data: [DONE]');
  });

  it('/v1/chat streams the partial assistant message, then `event: error` — no notice message carrying the error', async () => {
    const res = await call(h, 'POST', '/v1/chat', {
      messages: [{ role: 'user', type: 'message', content: 'break please' }],
      stream: true,
    });
    const events = parseSse(res.text);
    expect(events.at(-1)?.event).toBe('error');
    const messages = events.filter((e) => e.event === 'message').map((e) => e.data as { role: string });
    expect(messages.every((m) => m.role === 'assistant')).toBe(true);
    expect(messages.map((m) => (m as { content?: string }).content ?? '').join('')).toBe('Partial answer');
  });
});

describe('a malformed execute call over the API', () => {
  it("is not an empty answer: the transcript shows the refused call and the model's next reply", async () => {
    const completion = await client.chat.completions.create({
      model: 'switchboard/open-interpreter',
      messages: [{ role: 'user', content: 'Make a malformed call.' }],
    });
    const text = completion.choices[0]?.message.content ?? '';
    expect(text).toContain('Call execute again with JSON arguments');
    expect(text).toContain('That call was malformed; here is the answer in words: hi.');
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('reads as what it is: no empty code fence, the refusal as a note, then the reply (streamed and not)', async () => {
    const note = /^The execute call's arguments were not a JSON object[^\n]*Call execute again[^\n]*$/m;
    const whole = await client.chat.completions.create({
      model: 'switchboard/open-interpreter',
      messages: [{ role: 'user', content: 'Make a malformed call, again.' }],
    });
    const stream = await client.chat.completions.create({
      model: 'switchboard/open-interpreter',
      messages: [{ role: 'user', content: 'Make a malformed call, streamed.' }],
      stream: true,
    });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? '';
    for (const text of [whole.choices[0]?.message.content ?? '', streamed]) {
      expect(text).not.toContain('```');
      expect(text).toMatch(note);
      expect(text.split('\n\n').at(-1)).toBe('That call was malformed; here is the answer in words: hi.');
    }
  });
});

describe('reasoning from a recorded DeepSeek stream, through an agent model', () => {
  it('streamed: reasoning_content deltas before the answer (the official client reads them)', async () => {
    const stream = await client.chat.completions.create({
      model: 'switchboard/chat',
      messages: [{ role: 'user', content: 'Think hard: how many r in strawberry?' }],
      stream: true,
    });
    let reasoning = '';
    let content = '';
    let reasoningAfterContent = false;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string; reasoning_content?: string } | undefined;
      if (delta?.reasoning_content) {
        reasoning += delta.reasoning_content;
        if (content !== '') reasoningAfterContent = true;
      }
      content += delta?.content ?? '';
    }
    expect(reasoning).toBe(deepseekReasoning);
    expect(reasoningAfterContent).toBe(false);
    expect(content.length).toBeGreaterThan(0);
  });

  it('native /v1/chat streamed: `reasoning` events before the answer, never inside its message content', async () => {
    const res = await call(h, 'POST', '/v1/chat', {
      messages: [{ role: 'user', type: 'message', content: 'Think hard, natively.' }],
      stream: true,
    });
    const events = parseSse(res.text);
    const reasoning = events.filter((e) => e.event === 'reasoning');
    expect(reasoning.map((e) => (e.data as { content: string }).content).join('')).toBe(deepseekReasoning);
    expect(reasoning.every((e) => (e.data as { role: string }).role === 'assistant')).toBe(true);
    const answerAt = events.findIndex(
      (e) => typeof (e.data as { content?: unknown }).content === 'string' && e.event === 'message',
    );
    expect(events.findLastIndex((e) => e.event === 'reasoning')).toBeLessThan(answerAt);
    const answer = events
      .filter((e) => e.event === 'message')
      .map((e) => (e.data as { content?: unknown }).content)
      .filter((c): c is string => typeof c === 'string')
      .join('');
    expect(answer.length).toBeGreaterThan(0);
    expect(answer).not.toContain(deepseekReasoning.slice(0, 30));
    expect(events.at(-1)?.event).toBe('done');
  });

  it('native /v1/chat not streamed: the reply message carries `reasoning`', async () => {
    const res = await call(h, 'POST', '/v1/chat', {
      messages: [{ role: 'user', type: 'message', content: 'Think hard, natively, once more.' }],
    });
    const body = res.json as { message: string; messages: Array<{ role: string; reasoning?: string }> };
    expect(body.messages.find((m) => m.role === 'assistant')?.reasoning).toBe(deepseekReasoning);
    expect(body.message).not.toContain(deepseekReasoning.slice(0, 30));
  });

  it('not streamed: message.reasoning_content beside the content', async () => {
    const completion = await client.chat.completions.create({
      model: 'switchboard/chat',
      messages: [{ role: 'user', content: 'Think hard again.' }],
    });
    const message = completion.choices[0]?.message as { content: string; reasoning_content?: string };
    expect(message.reasoning_content).toBe(deepseekReasoning);
    expect(message.content).not.toContain(deepseekReasoning.slice(0, 30));
  });
});
