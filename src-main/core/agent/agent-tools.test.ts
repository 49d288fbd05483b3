import { afterEach, describe, expect, it } from 'vitest';
import { agentHarnessPerTest } from '../../../test-support/agent-harness';
import {
  lastMessageText,
  type RecordedRequest,
  type ScriptRule,
} from '../../../test-support/scripted-upstream';
import { executeArguments, toolCallReply } from '../../../test-support/tool-call-replies';

const lastRole = (request: RecordedRequest): string | undefined => request.body?.messages?.at(-1)?.role;
/** After a tool result, the scripted model answers in words, quoting the output. */
const answerToolResult: ScriptRule = {
  match: (request) => lastRole(request) === 'tool',
  reply: (request) =>
    `The result is ${/```output\n([\s\S]*?)\n```/.exec(lastMessageText(request))?.[1] ?? lastMessageText(request)}.`,
};

const start = agentHarnessPerTest(afterEach);

describe('tool-call mode', () => {
  it('offers execute(language, code), runs the call after approval and answers it with a tool message', async () => {
    const h = await start({
      rules: [
        answerToolResult,
        {
          raw: toolCallReply({
            content: 'Let me run it.',
            calls: [
              {
                id: 'call_abc',
                name: 'execute',
                arguments: executeArguments('python', 'print(6 * 7)\nprint("two lines")'),
              },
            ],
          }),
        },
      ],
      settings: { open_interpreter_code_mode: 'tools' },
    });
    h.send('Six times seven?');
    const approval = await h.nextApproval();
    expect(approval).toMatchObject({ language: 'python', code: 'print(6 * 7)\nprint("two lines")' });
    // The code streamed into the chat as the arguments arrived, in more than one piece.
    const code = h.messages().find((m) => m.type === 'code');
    expect(
      h.events.filter((e) => e.type === 'message.delta' && e.messageId === code?.id).length,
    ).toBeGreaterThan(1);
    h.agent.approve(h.sessionId, approval.blockId, { decision: 'run' });
    await h.idle();

    const [first, second] = h.requests();
    expect(first?.tools).toEqual([
      expect.objectContaining({ type: 'function', function: expect.objectContaining({ name: 'execute' }) }),
    ]);
    expect(first?.tool_choice).toBe('auto');
    const followUp = second?.messages ?? [];
    const assistant = followUp.at(-2) as Record<string, unknown> | undefined;
    expect(assistant).toMatchObject({ role: 'assistant', content: 'Let me run it.' });
    expect(assistant?.tool_calls).toEqual([
      {
        id: 'call_abc',
        type: 'function',
        function: {
          name: 'execute',
          arguments: executeArguments('python', 'print(6 * 7)\nprint("two lines")'),
        },
      },
    ]);
    expect(followUp.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_abc' });
    expect(followUp.at(-1)?.content).toContain('```output\n42\ntwo lines\n```');
    expect(h.messages().at(-1)?.content).toBe('The result is 42\ntwo lines.');
    expect(h.messages().find((m) => m.type === 'code')?.meta.tool_call_id).toBe('call_abc');
  });

  it('reads Gemini-style calls without index or id that end with finish_reason "stop"', async () => {
    const h = await start({
      rules: [
        answerToolResult,
        {
          raw: toolCallReply({
            calls: [{ name: 'execute', arguments: executeArguments('bash', 'echo gemini') }],
            omitIndex: true,
            finishReason: 'stop',
          }),
        },
      ],
      settings: { open_interpreter_code_mode: 'tools', open_interpreter_auto_run: true },
    });
    h.send('Say gemini.');
    await h.idle();
    const followUp = h.requests()[1]?.messages ?? [];
    const call = (
      (followUp.at(-2) as Record<string, unknown> | undefined)?.tool_calls as
        Array<{ id: string }> | undefined
    )?.[0];
    // The router fills in Gemini's missing ids (its transport fix-up); the answer must carry the same id.
    expect(call?.id).toMatch(/^call_\S+/);
    expect(followUp.at(-1)).toMatchObject({ role: 'tool', tool_call_id: call?.id });
    expect(h.messages().find((m) => m.type === 'code')).toMatchObject({
      format: 'shell',
      content: 'echo gemini',
    });
    expect(h.messages().at(-1)?.content).toBe('The result is gemini.');
  });

  it('tells the model when it asks for a language Switchboard cannot run, and lets it correct itself', async () => {
    const h = await start({
      rules: [
        { match: (request) => lastRole(request) === 'tool', reply: 'Ruby is not available; noted.' },
        {
          raw: toolCallReply({
            calls: [{ id: 'call_rb', name: 'execute', arguments: executeArguments('ruby', 'puts 1') }],
          }),
        },
      ],
      settings: { open_interpreter_code_mode: 'tools', open_interpreter_auto_run: true },
    });
    h.send('Use ruby.');
    await h.idle();
    expect(h.messages().find((m) => m.type === 'code')?.meta.status).toBe('failed');
    const told = h.requests()[1]?.messages?.at(-1);
    expect(told).toMatchObject({ role: 'tool', tool_call_id: 'call_rb' });
    expect(told?.content).toContain('Switchboard cannot run "ruby" code. Use python, shell or javascript.');
  });

  it('also runs a fenced block when the model writes one instead of calling the tool', async () => {
    const h = await start({
      rules: [
        { match: 'was executed on my machine', reply: 'Fenced worked.' },
        { reply: '```shell\necho fenced\n```' },
      ],
      settings: { open_interpreter_code_mode: 'tools', open_interpreter_auto_run: true },
    });
    h.send('Go.');
    await h.idle();
    expect(h.messages().find((m) => m.type === 'console')?.content).toContain('fenced');
    expect(h.requests()[1]?.messages?.at(-1)?.role).toBe('user');
  });
});

describe('fence mode and auto', () => {
  it('fence mode offers no tools and asks for fenced blocks in the system prompt', async () => {
    const h = await start({
      rules: [{ reply: 'Nothing to run.' }],
      settings: { open_interpreter_code_mode: 'fences' },
    });
    h.send('Hi.');
    await h.idle();
    const request = h.requests()[0];
    expect(request?.tools).toBeUndefined();
    expect(request?.messages?.[0]?.content).toContain('write it in ONE fenced code block');
  });

  it('auto uses tools, and falls back to fenced blocks for good when the provider refuses them', async () => {
    const refuse: ScriptRule = {
      match: (request) => request.body?.tools !== undefined,
      error: {
        status: 400,
        body: {
          error: { message: "'tools' is not supported with this model", type: 'invalid_request_error' },
        },
      },
    };
    const h = await start({
      rules: [
        refuse,
        { match: 'was executed on my machine', reply: 'Done.' },
        { reply: '```shell\necho fallback\n```' },
      ],
      settings: { open_interpreter_auto_run: true },
    });
    h.send('Go.');
    await h.idle();
    const bodies = h.requests();
    expect(bodies.map((body) => body.tools !== undefined)).toEqual([true, false, false]);
    expect(h.messages().find((m) => m.type === 'console')?.content).toContain('fallback');
    expect(h.messages().some((m) => m.meta.error)).toBe(false);

    h.send('Again.');
    await h.idle();
    expect(
      h
        .requests()
        .slice(3)
        .every((body) => body.tools === undefined),
    ).toBe(true);
  });
});
