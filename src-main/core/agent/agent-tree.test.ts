import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  agentHarnessPerTest,
  type AgentHarness,
  type AgentHarnessOptions,
} from '../../../test-support/agent-harness';
import { lastMessageText } from '../../../test-support/scripted-upstream';
import { CONTINUE_INSTRUCTION } from './prompt';

const start = agentHarnessPerTest(afterEach);
const chat = { agent_backend: 'chat' } as const;

/** Replies "Reply N to <last message>", counting every request. */
function numbered(): AgentHarnessOptions['rules'] {
  let n = 0;
  return [{ reply: (request) => `Reply ${++n} to ${lastMessageText(request)}` }];
}

/** The conversation part of a request (system prompt left out) as `role: content` lines. */
function sent(h: AgentHarness, index: number): string[] {
  return (h.requests()[index]?.messages ?? [])
    .filter((m) => m.role !== 'system')
    .map((m) => `${m.role}: ${m.content ?? ''}`);
}
const shown = (h: AgentHarness): string[] => h.messages().map((m) => `${m.role}: ${m.content}`);

/** One OpenAI-style stream chunk as an SSE event. */
function chunk(delta: Record<string, string>, finish: string | null = null): string {
  const body = {
    id: 'c1',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}
/** Starts an SSE response and writes `deltas` as chunks (the caller ends or cuts it). */
function sse(response: ServerResponse, deltas: Array<Record<string, string>>): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const delta of deltas) response.write(chunk(delta));
}

describe('the message tree', () => {
  it('regenerate keeps the old reply as another version, shows the new one and sends the model only the current branch', async () => {
    const h = await start({ rules: numbered(), settings: chat });
    h.send('hello');
    await h.idle();
    h.send('and again');
    await h.idle();
    h.begin(() => h.agent.regenerate(h.sessionId));
    await h.idle();

    expect(shown(h)).toEqual([
      'user: hello',
      'assistant: Reply 1 to hello',
      'user: and again',
      'assistant: Reply 3 to and again',
    ]);
    // The regeneration request carries the branch up to the answered message, not the replaced reply.
    expect(sent(h, 2)).toEqual(['user: hello', 'assistant: Reply 1 to hello', 'user: and again']);
    const tree = h.sessions.tree(h.sessionId);
    expect(tree.branches).toHaveLength(1);
    const versions = tree.branches[0]?.siblingIds ?? [];
    expect(versions).toHaveLength(2);
    expect(versions[1]).toBe(h.messages().at(-1)?.id);

    // Choosing the first version brings the first reply back, and the next turn builds on it.
    h.sessions.setCurrentLeaf(h.sessionId, versions[0] as string);
    expect(shown(h).at(-1)).toBe('assistant: Reply 2 to and again');
    h.send('third');
    await h.idle();
    expect(sent(h, 3)).toEqual([
      'user: hello',
      'assistant: Reply 1 to hello',
      'user: and again',
      'assistant: Reply 2 to and again',
      'user: third',
    ]);
  });

  it('edit makes a new version of a user message; the model never sees the later turns of the old version', async () => {
    const h = await start({ rules: numbered(), settings: chat });
    h.send('first');
    await h.idle();
    h.send('second');
    await h.idle();
    const first = h.messages()[0]?.id as string;
    h.begin(() => h.agent.edit(h.sessionId, first, 'first, edited'));
    await h.idle();

    expect(shown(h)).toEqual(['user: first, edited', 'assistant: Reply 3 to first, edited']);
    expect(sent(h, 2)).toEqual(['user: first, edited']);
    const tree = h.sessions.tree(h.sessionId);
    expect(tree.branches).toEqual([
      { messageId: h.messages()[0]?.id, siblingIds: [first, h.messages()[0]?.id] },
    ]);

    // The original version is still there with everything that followed it.
    h.sessions.setCurrentLeaf(h.sessionId, first);
    expect(shown(h)).toEqual([
      'user: first',
      'assistant: Reply 1 to first',
      'user: second',
      'assistant: Reply 2 to second',
    ]);
  });

  it('retry after an error answers the same message again, and can use another model for that reply', async () => {
    const h = await start({
      rules: [
        {
          match: () => true,
          times: 1,
          error: { status: 400, body: { error: { message: 'bad request', type: 'invalid_request_error' } } },
        },
        { reply: (request) => `Answered by ${String(request.body?.model)}` },
      ],
      settings: chat,
    });
    h.send('please answer');
    await h.idle();
    expect(h.messages().at(-1)).toMatchObject({
      role: 'computer',
      meta: { error: { code: 'provider_bad_request' } },
    });

    h.begin(() =>
      h.agent.regenerate(h.sessionId, { route: { providerId: 'groq', model: 'llama-3.3-70b-versatile' } }),
    );
    await h.idle();
    expect(shown(h)).toEqual(['user: please answer', 'assistant: Answered by llama-3.3-70b-versatile']);
    expect(sent(h, 1)).toEqual(['user: please answer']);
  });

  it('Continue after a stream cut extends the same reply: the model gets the partial reply and an unstored instruction; the chat keeps one reply', async () => {
    const h = await start({
      rules: [
        {
          match: (request) => lastMessageText(request) === 'tell a long story',
          times: 1,
          raw: (response) => {
            sse(response, [{ reasoning_content: 'A fox story. ', content: 'Once upon a time' }]);
            setTimeout(() => response.destroy(), 50);
          },
        },
        {
          match: (request) => lastMessageText(request) === CONTINUE_INSTRUCTION,
          times: 1,
          raw: (response) => {
            sse(response, [{ reasoning_content: 'Go on.' }, { content: ' there was a fox.' }]);
            response.end(`${chunk({}, 'stop')}data: [DONE]\n\n`);
          },
        },
        { reply: 'The fox slept.' },
      ],
      settings: chat,
    });
    h.send('tell a long story');
    await h.idle();
    const cut = h.messages().find((m) => m.role === 'assistant');
    expect(cut?.meta.error).toBeDefined();
    expect(h.messages().at(-1)).toMatchObject({ role: 'computer', meta: { error: expect.anything() } });

    h.begin(() => h.agent.continueReply(h.sessionId));
    await h.idle();
    expect(sent(h, 1)).toEqual([
      'user: tell a long story',
      'assistant: Once upon a time',
      `user: ${CONTINUE_INSTRUCTION}`,
    ]);
    // One reply, the same message, no longer marked cut off; the cut's error notice is gone.
    expect(shown(h)).toEqual(['user: tell a long story', 'assistant: Once upon a time there was a fox.']);
    const reply = h.messages()[1];
    expect(reply?.id).toBe(cut?.id);
    expect(reply?.meta.error).toBeUndefined();
    expect(reply?.meta.reasoning).toBe('A fox story. Go on.');
    expect(h.sessions.tree(h.sessionId).branches).toEqual([]);
    // The next turn sends the whole reply once.
    h.send('and then?');
    await h.idle();
    expect(sent(h, 2).slice(0, 3)).toEqual([
      'user: tell a long story',
      'assistant: Once upon a time there was a fox.',
      'user: and then?',
    ]);
  });

  it('Continue after Stop mid-reply appends to the stopped reply; Continue is refused when nothing was cut', async () => {
    const h = await start({
      rules: [
        {
          match: 'write slowly',
          times: 1,
          reply: 'One two three four five six',
          chunkChars: 4,
          chunkDelayMs: 150,
        },
        { reply: ' seven eight.' },
      ],
      settings: chat,
    });
    expect(() => h.agent.continueReply(h.sessionId)).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    h.send('write slowly');
    await expect.poll(() => h.events.some((e) => e.type === 'message.delta')).toBe(true);
    h.agent.stop(h.sessionId);
    await h.idle();
    const stopped = h.messages().at(-1);
    expect(stopped).toMatchObject({ role: 'assistant', meta: { error: { code: 'cancelled' } } });
    expect(stopped?.content.length).toBeLessThan('One two three four five six'.length);

    h.begin(() => h.agent.continueReply(h.sessionId));
    await h.idle();
    expect(h.messages()).toHaveLength(2);
    expect(h.messages()[1]).toMatchObject({
      id: stopped?.id,
      content: `${stopped?.content ?? ''} seven eight.`,
    });
    expect(sent(h, 1).at(-2)).toBe(`assistant: ${stopped?.content ?? ''}`);
    expect(() => h.agent.continueReply(h.sessionId)).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });

  it('refuses to edit a message that is not the person’s and to regenerate an empty chat', async () => {
    const h = await start({ rules: numbered(), settings: chat });
    expect(() => h.agent.regenerate(h.sessionId)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    h.send('hi');
    await h.idle();
    const reply = h.messages().at(-1)?.id as string;
    expect(() => h.agent.edit(h.sessionId, reply, 'x')).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });

  it('titles a new chat from its first message, cut at a word boundary', async () => {
    const h = await start({ rules: numbered(), settings: chat });
    h.send('Please compute the SHA-256 of every file in the working directory and list them sorted by size');
    await h.idle();
    expect(h.sessions.requireSession(h.sessionId).title).toBe(
      'Please compute the SHA-256 of every file in the working…',
    );
  });

  it('with "Title chats with the model" on, one short call names the chat, unless the person renamed it first', async () => {
    const h = await start({
      rules: [
        {
          match: (request) =>
            request.body?.messages?.[0]?.content?.startsWith('Write a short title') === true,
          reply: '"Joining pandas dataframes."',
        },
        ...numbered(),
      ],
      settings: { ...chat, title_chats_with_model: true },
    });
    h.send('How do pandas dataframes join on two columns when the keys differ in name?');
    await h.idle();
    await expect.poll(() => h.sessions.requireSession(h.sessionId).title).toBe('Joining pandas dataframes');
    const titleRequest = h.upstream.chatRequests().find((r) => r.body?.stream !== true);
    expect(titleRequest?.body?.messages?.[1]?.content).toBe(
      'How do pandas dataframes join on two columns when the keys differ in name?',
    );
  });
});
