import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  call,
  startApiHarness,
  TEST_GROQ_KEY,
  waitFor,
  type ApiHarness,
} from '../../../test-support/api-harness';
import type { ScriptRule } from '../../../test-support/scripted-upstream';

/** A key with no recognisable prefix (Together's keys are 64 hex characters). */
const PLAIN_KEY = '9c1d5e7f3a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d';

/** Groq's 401 as recorded in its docs' error format, with the key echoed back as some gateways do. */
const echoKey: ScriptRule = {
  match: () => true,
  raw: (response, request) => {
    const sent = String(request.headers.authorization ?? '');
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        error: {
          message: `Invalid API Key: ${sent}`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      }),
    );
  },
};

async function filesContaining(dir: string, needles: string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const name of await readdir(dir, { recursive: true })) {
    const path = join(dir, name);
    if (!(await stat(path)).isFile()) continue;
    const bytes = await readFile(path);
    if (needles.some((n) => bytes.includes(n))) hits.push(name);
  }
  return hits;
}

let h: ApiHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('a provider error that echoes the key', () => {
  it('is masked in API error bodies, the chat error, the Check result, the call log, the database and the log', async () => {
    h = await startApiHarness({ rules: [echoKey] });
    const completions = await call(h, 'POST', '/v1/chat/completions', {
      model: 'groq/llama-3.1-8b-instant',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completions.status).toBeGreaterThanOrEqual(400);
    expect(completions.text).not.toContain(TEST_GROQ_KEY);
    expect(completions.text).toContain('gsk_…WXYZ');

    const native = await call(h, 'POST', '/v1/chat', {
      messages: [{ role: 'user', type: 'message', content: 'hi' }],
    });
    expect(native.text).not.toContain(TEST_GROQ_KEY);

    // The window's chat: the error lands in the session as a message.
    const session = (await h.core.dispatch('sessions.create', {})) as { ok: boolean; result: { id: string } };
    await h.core.dispatch('chat.send', { sessionId: session.result.id, text: 'hello' });
    await waitFor(() => h!.core.sessions.messages(session.result.id).some((m) => m.meta.error));
    const shown = JSON.stringify(h.core.sessions.messages(session.result.id));
    expect(shown).toContain('gsk_…WXYZ');
    expect(shown).not.toContain(TEST_GROQ_KEY);

    // Check, with a saved key that has no recognisable shape.
    h.upstream.setModels((request) => ({
      status: 401,
      body: {
        error: {
          message: `Invalid API Key: ${String(request.headers.authorization)}`,
          code: 'invalid_api_key',
        },
      },
    }));
    await h.core.dispatch('secrets.set', { name: 'groq_api_key', values: [PLAIN_KEY] });
    const check = await h.core.dispatch('router.checkKey', { name: 'groq_api_key', index: 0 });
    expect(JSON.stringify(check)).toContain('Invalid API Key');
    expect(JSON.stringify(check)).not.toContain(PLAIN_KEY);
    expect(JSON.stringify(h.core.callLog.recent())).not.toContain(TEST_GROQ_KEY);

    await h.core.close();
    expect(await filesContaining(h.dataDir, [TEST_GROQ_KEY, PLAIN_KEY])).toEqual([]);
  });
});

describe('an error event mid-stream that echoes a key with no recognisable shape', () => {
  it('is masked by value in what the caller reads, the call log and every file of the data dir', async () => {
    const echoMidStream: ScriptRule = {
      match: () => true,
      raw: (response, request) => {
        const sent = String(request.headers.authorization ?? '').replace(/^Bearer\s+/, '');
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        const chunk = {
          id: 'chatcmpl-1',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'llama-3.1-8b-instant',
          choices: [{ index: 0, delta: { role: 'assistant', content: 'Partial ' }, finish_reason: null }],
        };
        response.write(`data: ${JSON.stringify(chunk)}\n\n`);
        // OpenRouter's documented mid-stream error shape, carrying the key in its words.
        response.end(
          `data: ${JSON.stringify({ error: { code: 'server_error', message: `upstream refused key ${sent}` } })}\n\n`,
        );
      },
    };
    h = await startApiHarness({ rules: [echoMidStream] });
    await h.core.dispatch('secrets.set', { name: 'groq_api_key', values: [PLAIN_KEY] });
    const streamed = await call(h, 'POST', '/v1/chat/completions', {
      model: 'groq/llama-3.1-8b-instant',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(streamed.text).toContain('Partial');
    expect(streamed.text).toContain('upstream refused key');
    expect(streamed.text).not.toContain(PLAIN_KEY);
    expect(JSON.stringify(h.core.callLog.recent())).toContain('upstream refused key');
    expect(JSON.stringify(h.core.callLog.recent())).not.toContain(PLAIN_KEY);

    await h.core.close();
    expect(await filesContaining(h.dataDir, [PLAIN_KEY])).toEqual([]);
  });
});
