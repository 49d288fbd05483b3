import { afterEach, describe, expect, it } from 'vitest';
import {
  agentHarnessPerTest,
  type AgentHarness,
  type AgentHarnessOptions,
} from '../../../test-support/agent-harness';
import { lastMessageText } from '../../../test-support/scripted-upstream';

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
