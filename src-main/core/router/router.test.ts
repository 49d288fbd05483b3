import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../src-shared/settings';
import { FakeClock } from '../../../test-support/fake-clock';
import { startScriptedUpstream, type ScriptedUpstream } from '../../../test-support/scripted-upstream';
import { tempDir } from '../../../test-support/temp-dir';
import { CredentialStore } from '../secrets/credential-store';
import { KeyFileCipher } from '../secrets/key-file-cipher';
import { ProviderRouter } from './router';
import type { ChatChunk } from './types';

let upstream: ScriptedUpstream;
let dir: Awaited<ReturnType<typeof tempDir>>;
let credentials: CredentialStore;
let clock: FakeClock;
let settings: Settings;

beforeAll(async () => {
  upstream = await startScriptedUpstream();
});
afterAll(() => upstream.close());
beforeEach(async () => {
  dir = await tempDir();
  credentials = new CredentialStore(join(dir.path, 'secrets.enc'), KeyFileCipher.fromKey(randomBytes(32)));
  await credentials.load();
  clock = new FakeClock();
  settings = { ...DEFAULT_SETTINGS };
  upstream.requests.length = 0;
});
afterEach(() => dir.cleanup());

const router = (timeoutMs = 5_000) =>
  new ProviderRouter({ settings: () => settings, credentials, env: { SWITCHBOARD_GROQ_BASE_URL: upstream.url }, clock, timeoutMs });

async function collect(chunks: AsyncGenerator<ChatChunk>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk.choices?.[0]?.delta?.content ?? '';
  return text;
}

const ask = [{ role: 'user' as const, content: 'hi' }];

describe('ProviderRouter — Groq preset, selected mode', () => {
  it('streams from Groq with the saved key and the default model, and reads x_groq.usage', async () => {
    await credentials.set('groq_api_key', ['gsk_first_key_0000000001']);
    upstream.setRules([{ reply: 'Hello there, friend.' }]);
    const routed = await router().stream({ messages: ask });
    expect(await collect(routed.chunks)).toBe('Hello there, friend.');
    expect(routed.servedBy).toMatchObject({ providerId: 'groq', model: 'llama-3.1-8b-instant', keyFingerprint: '…0001' });
    expect(routed.usage()).toMatchObject({ completion_tokens: 5 });
    const request = upstream.chatRequests()[0];
    expect(request?.headers.authorization).toBe('Bearer gsk_first_key_0000000001');
    expect(request?.body).toMatchObject({ model: 'llama-3.1-8b-instant', stream: true, messages: ask });
  });

  it('fails with no_api_key when no key is saved', async () => {
    await expect(router().stream({ messages: ask })).rejects.toMatchObject({ code: 'no_api_key' });
  });

  it('moves to the next key of the pool on a 429 and keeps the first key cooling for retry-after', async () => {
    await credentials.set('groq_api_key', ['gsk_key_aaaaaaaaaaaa0001']);
    await credentials.set('groq_api_keys', ['gsk_key_bbbbbbbbbbbb0002']);
    upstream.setRules([
      {
        match: (r) => r.headers.authorization === 'Bearer gsk_key_aaaaaaaaaaaa0001',
        error: { status: 429, headers: { 'retry-after': '7' }, body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } } },
      },
      { reply: 'from the second key' },
    ]);
    const r = router();
    const first = await r.stream({ messages: ask });
    expect(await collect(first.chunks)).toBe('from the second key');
    expect(first.servedBy.keyFingerprint).toBe('…0002');
    expect(first.attempts.map((a) => [a.keyFingerprint, a.failure])).toEqual([
      ['…0001', 'rate_limited'],
      ['…0002', null],
    ]);
    // While key 1 cools down, the next call goes straight to key 2.
    upstream.requests.length = 0;
    await collect((await r.stream({ messages: ask })).chunks);
    expect(upstream.chatRequests().map((q) => q.headers.authorization)).toEqual(['Bearer gsk_key_bbbbbbbbbbbb0002']);
    // After 7 s it is healthy again and preferred (selected mode keeps key order).
    clock.advance(7_001);
    upstream.requests.length = 0;
    await r.stream({ messages: ask }).catch(() => undefined);
    expect(upstream.chatRequests()[0]?.headers.authorization).toBe('Bearer gsk_key_aaaaaaaaaaaa0001');
  });

  it('treats 401 as a rejected key and reports key_rejected when no key is left', async () => {
    await credentials.set('groq_api_key', ['gsk_bad_key_000000000009']);
    upstream.setRules([{ error: { status: 401, body: { error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } } } }]);
    await expect(router().stream({ messages: ask })).rejects.toMatchObject({ code: 'key_rejected', message: expect.stringContaining('Invalid API Key') });
  });

  it('does not fail over a bad request (it would fail everywhere)', async () => {
    await credentials.set('groq_api_keys', ['gsk_key_aaaaaaaaaaaa0001', 'gsk_key_bbbbbbbbbbbb0002']);
    upstream.setRules([{ error: { status: 400, body: { error: { message: "'messages' must be an array", type: 'invalid_request_error' } } } }]);
    await expect(router().stream({ messages: ask })).rejects.toMatchObject({ code: 'provider_bad_request' });
    expect(upstream.chatRequests()).toHaveLength(1);
  });

  it('ends a stream cut without [DONE] or finish_reason with stream_interrupted, keeping what arrived', async () => {
    await credentials.set('groq_api_key', ['gsk_key_aaaaaaaaaaaa0001']);
    upstream.setRules([
      {
        raw: (res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write('data: {"choices":[{"index":0,"delta":{"content":"partial "},"finish_reason":null}]}\n\n');
          res.end();
        },
      },
    ]);
    const routed = await router().stream({ messages: ask });
    let text = '';
    await expect(
      (async () => {
        for await (const chunk of routed.chunks) text += chunk.choices?.[0]?.delta?.content ?? '';
      })(),
    ).rejects.toMatchObject({ code: 'stream_interrupted' });
    expect(text).toBe('partial ');
  });

  it('ignores SSE comments, CRLF line ends and events split across writes; OpenAI include_usage final chunk with choices: []', async () => {
    await credentials.set('groq_api_key', ['gsk_key_aaaaaaaaaaaa0001']);
    upstream.setRules([
      {
        raw: (res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          const body =
            ': OPENROUTER PROCESSING\r\n\r\n' +
            'data: {"choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}\r\n\r\n' +
            'data: {"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}\r\n\r\n' +
            'data: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}\r\n\r\n' +
            'data: [DONE]\r\n\r\n';
          let i = 0;
          const tick = () => {
            if (i >= body.length) return void res.end();
            res.write(body.slice(i, i + 7));
            i += 7;
            setImmediate(tick);
          };
          tick();
        },
      },
    ]);
    const routed = await router().stream({ messages: ask });
    expect(await collect(routed.chunks)).toBe('Hello');
    expect(routed.usage()).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  });

  it('reports an OpenRouter error event mid-stream as stream_interrupted (after the text that arrived), not a clean end', async () => {
    await credentials.set('groq_api_key', ['gsk_key_aaaaaaaaaaaa0001']);
    upstream.setRules([
      {
        raw: (res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write('data: {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}\n\n');
          res.write('data: {"error":{"code":502,"message":"Provider disconnected"}}\n\n');
          res.end();
        },
      },
    ]);
    const routed = await router().stream({ messages: ask });
    await expect(collect(routed.chunks)).rejects.toMatchObject({ code: 'stream_interrupted', message: expect.stringContaining('Provider disconnected') });
  });

  it('waits for the requests-per-minute window instead of failing: call N+1 waits until the first leaves it', async () => {
    await credentials.set('groq_api_key', ['gsk_key_aaaaaaaaaaaa0001']);
    upstream.setRules([{ reply: 'ok' }]);
    settings = { ...settings, open_interpreter_requests_per_minute: 3 };
    const r = router();
    const waits: string[] = [];
    for (let i = 0; i < 3; i++) {
      await collect((await r.stream({ messages: ask })).chunks);
      clock.advance(10_000);
    }
    expect(clock.sleeps).toEqual([]);
    await collect((await r.stream({ messages: ask }, { onWait: (d) => waits.push(d) })).chunks);
    // First call at t=0, now t=30 s: the 4th waits exactly 30 s.
    expect(clock.sleeps).toEqual([30_000]);
    expect(waits).toEqual(['waiting 30 s for the requests-per-minute limit']);
  });

  it('cancels a requests-per-minute wait when the caller stops', async () => {
    await credentials.set('groq_api_key', ['gsk_key_aaaaaaaaaaaa0001']);
    upstream.setRules([{ reply: 'ok' }]);
    settings = { ...settings, open_interpreter_requests_per_minute: 1 };
    const r = router();
    await collect((await r.stream({ messages: ask })).chunks);
    const controller = new AbortController();
    controller.abort();
    await expect(r.stream({ messages: ask }, { signal: controller.signal })).rejects.toThrow();
    expect(upstream.chatRequests()).toHaveLength(1);
  });

  it('routes to an explicit provider and model when the caller names them', async () => {
    await credentials.set('groq_api_key', ['gsk_key_aaaaaaaaaaaa0001']);
    settings = { ...settings, open_interpreter_provider: 'openai' };
    upstream.setRules([{ reply: 'routed' }]);
    const routed = await router().stream({ messages: ask }, { route: { providerId: 'groq', model: 'llama-3.3-70b-versatile' } });
    expect(await collect(routed.chunks)).toBe('routed');
    expect(routed.servedBy).toMatchObject({ providerId: 'groq', model: 'llama-3.3-70b-versatile' });
    expect(upstream.chatRequests()[0]?.body?.model).toBe('llama-3.3-70b-versatile');
    await expect(router().stream({ messages: ask }, { route: { providerId: 'nope' } })).rejects.toMatchObject({ code: 'no_api_key' });
  });

  it('times out a provider that never answers and says so', async () => {
    await credentials.set('groq_api_key', ['gsk_key_aaaaaaaaaaaa0001']);
    upstream.setRules([{ raw: () => undefined }]);
    settings = { ...settings, llm_max_retries: 0 };
    await expect(router(300).stream({ messages: ask })).rejects.toMatchObject({ code: 'provider_timeout' });
  });

  it('a named route follows key and registry changes between calls of the same router', async () => {
    const r = router();
    await credentials.set('groq_api_key', ['gsk_key_aaaaaaaaaaaa0001']);
    upstream.setRules([{ reply: 'ok' }]);
    const route = { providerId: 'groq', model: 'llama-3.3-70b-versatile' };
    await collect((await r.stream({ messages: ask }, { route })).chunks);
    await credentials.set('groq_api_key', ['gsk_key_bbbbbbbbbbbb0002']);
    await collect((await r.stream({ messages: ask }, { route })).chunks);
    settings = {
      ...settings,
      open_interpreter_provider_registry: JSON.stringify([
        { id: 'mine', provider: 'openai', api_base: upstream.url, model: 'first-model', api_key: 'sk-entry-key-000000000003' },
      ]),
    };
    await collect((await r.stream({ messages: ask }, { route: { providerId: 'mine' } })).chunks);
    settings = {
      ...settings,
      open_interpreter_provider_registry: JSON.stringify([
        { id: 'mine', provider: 'openai', api_base: upstream.url, model: 'second-model', api_key: 'sk-entry-key-000000000003' },
      ]),
    };
    await collect((await r.stream({ messages: ask }, { route: { providerId: 'mine' } })).chunks);
    expect(upstream.chatRequests().map((q) => [q.headers.authorization, q.body?.model])).toEqual([
      ['Bearer gsk_key_aaaaaaaaaaaa0001', 'llama-3.3-70b-versatile'],
      ['Bearer gsk_key_bbbbbbbbbbbb0002', 'llama-3.3-70b-versatile'],
      ['Bearer sk-entry-key-000000000003', 'first-model'],
      ['Bearer sk-entry-key-000000000003', 'second-model'],
    ]);
  });

  it('reads a whole non-streamed answer sent in chunks without a content-length', async () => {
    await credentials.set('groq_api_key', ['gsk_key_aaaaaaaaaaaa0001']);
    const completion = JSON.stringify({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Ünïcode, in pieces.' }, finish_reason: 'stop' }],
    });
    const bytes = Buffer.from(completion);
    upstream.setRules([
      {
        raw: (res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          // Split inside a multi-byte character too.
          res.write(bytes.subarray(0, 80));
          setImmediate(() => res.end(bytes.subarray(80)));
        },
      },
    ]);
    const routed = await router().chat({ messages: ask });
    expect(routed.completion.choices[0]?.message?.content).toBe('Ünïcode, in pieces.');
  });

  it('gives a stream in batches that hold the same chunks in order, never an empty one', async () => {
    await credentials.set('groq_api_key', ['gsk_key_aaaaaaaaaaaa0001']);
    upstream.setRules([{ reply: 'Batches keep the order of every chunk.', chunkChars: 3 }]);
    const r = router();
    const one = await r.stream({ messages: ask });
    const chunks: ChatChunk[] = [];
    for await (const chunk of one.chunks) chunks.push(chunk);
    const other = await r.stream({ messages: ask });
    const batches: ChatChunk[][] = [];
    for await (const batch of other.batches) batches.push(batch);
    expect(batches.every((b) => b.length > 0)).toBe(true);
    const text = (list: ChatChunk[]) => list.map((c) => c.choices?.[0]?.delta?.content ?? '').join('');
    expect(text(batches.flat())).toBe('Batches keep the order of every chunk.');
    expect(batches.flat().length).toBe(chunks.length);
    expect(other.usage()).toEqual(one.usage());
  });
});
