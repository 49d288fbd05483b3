import { afterEach, describe, expect, it } from 'vitest';
import { call, parseSse, startApiHarness, waitFor, type ApiHarness } from '../../../test-support/api-harness';
import { demoScript } from '../../../test-support/demo-script';

const HELLO_SHA256 = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
const ASK = 'What is the SHA-256 of the word hello? Compute it.';
const user = (content: string) => ({ role: 'user', type: 'message', content });

let h: ApiHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('POST /v1/chat (native)', () => {
  it("not streamed: the turn's messages and the last answer; earlier messages become history", async () => {
    h = await startApiHarness({
      rules: [{ match: /second/, reply: 'Second answer.' }, { reply: 'First answer.' }],
    });
    const first = await call(h, 'POST', '/v1/chat', {
      messages: [
        user('Some context'),
        { role: 'assistant', type: 'message', content: 'Ok.' },
        user('first question'),
      ],
    });
    expect(first.status).toBe(200);
    const body = first.json as {
      message: string;
      messages: Array<Record<string, unknown>>;
      session_id: string;
    };
    expect(body.message).toBe('First answer.');
    expect(body.messages).toEqual([
      {
        id: expect.any(String),
        role: 'assistant',
        type: 'message',
        content: 'First answer.',
        created_at: expect.any(String),
      },
    ]);
    expect(h.core.sessions.messages(body.session_id).map((m) => m.content)).toEqual([
      'Some context',
      'Ok.',
      'first question',
      'First answer.',
    ]);

    const second = await call(h, 'POST', '/v1/chat', {
      messages: [user('the second question')],
      session_id: body.session_id,
      config: { llm: { temperature: 0.3, max_tokens: 64 } },
    });
    expect((second.json as { message: string }).message).toBe('Second answer.');
    const sent = h.upstream.chatRequests().at(-1)?.body;
    expect(sent).toMatchObject({ temperature: 0.3, max_tokens: 64 });
    expect(sent?.messages?.map((m) => m.content).slice(1)).toEqual([
      'Some context',
      'Ok.',
      'first question',
      'First answer.',
      'the second question',
    ]);
  });

  it('streamed: SSE `message` events (start / content / end), then `done` with the session id', async () => {
    h = await startApiHarness({ rules: [{ reply: 'Hi there, friend.', chunkChars: 6 }] });
    const res = await call(h, 'POST', '/v1/chat', { messages: [user('hello')], stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.text.endsWith('\n\n')).toBe(true);
    for (const block of res.text.trim().split('\n\n'))
      expect(block).toMatch(/^event: (message|done)\ndata: \{.*\}$/);
    const events = parseSse(res.text);
    expect(events.map((e) => e.event)).toEqual([
      'message',
      'message',
      'message',
      'message',
      'message',
      'done',
    ]);
    expect(events.slice(0, -1).map((e) => e.data)).toEqual([
      { role: 'assistant', type: 'message', start: true },
      { role: 'assistant', type: 'message', content: 'Hi the' },
      { role: 'assistant', type: 'message', content: 're, fr' },
      { role: 'assistant', type: 'message', content: 'iend.' },
      { role: 'assistant', type: 'message', end: true },
    ]);
    const done = events.at(-1)?.data as { session_id: string };
    expect(h.core.sessions.requireSession(done.session_id).source).toBe('api');
  });

  it('refuses auto_run and unknown config: no API call can change how code runs', async () => {
    h = await startApiHarness();
    const autoRun = await call(h, 'POST', '/v1/chat', { messages: [user('x')], auto_run: true });
    expect(autoRun.status).toBe(400);
    expect((autoRun.json as { error: { message: string } }).error.message).toContain('auto_run');
    expect(
      (await call(h, 'POST', '/v1/chat', { messages: [user('x')], config: { auto_run: true } })).status,
    ).toBe(400);
    expect(
      (
        await call(h, 'POST', '/v1/chat', {
          messages: [user('x')],
          config: { llm: { model: 'switchboard/chat', safe_mode: 'off' } },
        })
      ).status,
    ).toBe(400);
    expect(h.core.settings.get().open_interpreter_auto_run).toBe(false);
    expect(h.core.settings.get().api_allow_code_execution).toBe(false);
    expect(h.upstream.chatRequests()).toHaveLength(0);
  });

  it('a failure before any answer keeps its HTTP status (no key → 503), streamed or not', async () => {
    h = await startApiHarness({ env: { GROQ_API_KEY: '' } });
    for (const stream of [false, true]) {
      const res = await call(h, 'POST', '/v1/chat', { messages: [user('hi')], stream });
      expect(res.status).toBe(503);
      expect((res.json as { error: { code: string } }).error.code).toBe('no_api_key');
    }
  });
});

describe('code from API turns', () => {
  it('waits for approval in the window even with auto-run on, then runs and answers', async () => {
    h = await startApiHarness({ rules: demoScript(), settings: { open_interpreter_auto_run: true } });
    const harness = h;
    const pending = call(harness, 'POST', '/v1/chat', { messages: [user(ASK)], stream: true });
    let sessionId = '';
    await waitFor(() => {
      sessionId = harness.core.sessions.listSessions().find((s) => s.source === 'api')?.id ?? '';
      return sessionId !== '' && harness.core.agent.pendingApproval(sessionId) !== null;
    });
    // The window sees the pending block through the contract and approves it there.
    const snapshot = await harness.core.dispatch('sessions.get', { sessionId });
    const approval = snapshot.ok
      ? (snapshot.result as { pendingApproval: { blockId: string; language: string } }).pendingApproval
      : null;
    expect(approval?.language).toBe('python');
    expect(
      await harness.core.dispatch('chat.approve', { sessionId, blockId: approval?.blockId, decision: 'run' }),
    ).toEqual({ ok: true, result: { accepted: true } });

    const events = parseSse((await pending).text);
    const chunks = events.filter((e) => e.event === 'message').map((e) => e.data as Record<string, unknown>);
    expect(chunks).toContainEqual({
      role: 'computer',
      type: 'confirmation',
      format: 'execution',
      content: { type: 'code', format: 'python', content: expect.stringContaining('hashlib.sha256') },
    });
    expect(chunks).toContainEqual({ role: 'assistant', type: 'code', format: 'python', start: true });
    expect(chunks).toContainEqual({ role: 'computer', type: 'console', format: 'output', start: true });
    const output = chunks
      .filter((c) => c.type === 'console' && typeof c.content === 'string')
      .map((c) => c.content)
      .join('');
    expect(output).toContain(HELLO_SHA256);
    expect(events.at(-1)).toEqual({ event: 'done', data: { session_id: sessionId } });
  });

  it('is declined after api_approval_timeout_seconds when nobody approves', async () => {
    h = await startApiHarness({ rules: demoScript(), settings: { api_approval_timeout_seconds: 1 } });
    const res = await call(h, 'POST', '/v1/chat', { messages: [user(ASK)] });
    const body = res.json as { messages: Array<{ type: string; content: string }>; session_id: string };
    expect(body.messages.map((m) => m.type)).toEqual(['message', 'code', 'message']);
    expect(body.messages[2]?.content).toContain(
      'Declined: nobody approved this block in the Switchboard window within 1 s',
    );
    expect(h.core.sessions.messages(body.session_id).find((m) => m.type === 'code')?.meta.status).toBe(
      'skipped',
    );
    expect(h.upstream.chatRequests()).toHaveLength(1);
  });

  it('a client that disconnects cancels the run and the pending approval', async () => {
    h = await startApiHarness({ rules: demoScript() });
    const harness = h;
    const controller = new AbortController();
    const pending = call(
      harness,
      'POST',
      '/v1/chat',
      { messages: [user(ASK)], stream: true },
      {},
      controller.signal,
    ).catch((e: unknown) => e);
    let sessionId = '';
    await waitFor(() => {
      sessionId = harness.core.sessions.listSessions().find((s) => s.source === 'api')?.id ?? '';
      return sessionId !== '' && harness.core.agent.pendingApproval(sessionId) !== null;
    });
    controller.abort();
    await pending;
    await waitFor(() => harness.core.agent.status(sessionId).state === 'idle', 10_000, 'the turn to stop');
    expect(harness.core.agent.pendingApproval(sessionId)).toBeNull();
    expect(harness.core.sessions.messages(sessionId).find((m) => m.type === 'code')?.meta.status).toBe(
      'stopped',
    );
    expect(harness.upstream.chatRequests()).toHaveLength(1);
  });
});
