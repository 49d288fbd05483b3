import { afterEach, describe, expect, it } from 'vitest';
import type { StampedEvent } from '../../../src-shared/events';
import { agentHarnessPerTest } from '../../../test-support/agent-harness';
import { recordedDeltaText, recordedPayloads, replayRecorded } from '../../../test-support/recorded-replies';
import { lastMessageText, type RecordedRequest } from '../../../test-support/scripted-upstream';
import { toolCallReply } from '../../../test-support/tool-call-replies';

/** What the agent does with what real providers send: usage only when asked, bad tool calls, reasoning, citations. */
const start = agentHarnessPerTest(afterEach);
const lastRole = (request: RecordedRequest): string | undefined => request.body?.messages?.at(-1)?.role;

describe('usage from providers that send it only when asked', () => {
  it('asks every provider for stream usage and reports it (an OpenAI-style upstream behind the Groq preset)', async () => {
    const h = await start({
      rules: [{ reply: 'Two plus two is four.', format: 'openai' }],
      settings: { agent_backend: 'chat' },
    });
    h.send('What is 2 + 2?');
    await h.idle();
    expect(h.requests()[0]?.stream_options).toEqual({ include_usage: true });
    const [user, reply] = h.messages();
    expect(reply?.content).toBe('Two plus two is four.');
    expect(reply?.meta.usage).toEqual({ prompt_tokens: expect.any(Number), completion_tokens: 6 });
    expect(user?.meta.turn_usage).toMatchObject({ requests: 1, unreported: 0, completion_tokens: 6 });
  });
});

describe('a malformed execute call', () => {
  const retried = {
    match: (request: RecordedRequest) => lastRole(request) === 'tool',
    reply: 'Sorry, let me try that again properly.',
  };

  for (const [what, args] of [
    ['arguments that are not JSON', "print('hi')"],
    ['no code field', JSON.stringify({ language: 'python', source: "print('hi')" })],
    ['no language', JSON.stringify({ code: "print('hi')" })],
  ] as const) {
    it(`with ${what} is answered with the error as its tool result, stored and logged; the turn goes on`, async () => {
      const warnings: string[] = [];
      const h = await start({
        rules: [
          retried,
          { raw: toolCallReply({ calls: [{ id: 'call_bad', name: 'execute', arguments: args }] }) },
        ],
        settings: { open_interpreter_code_mode: 'tools', open_interpreter_auto_run: true },
        logger: {
          warn: (_fields: unknown, message?: string) => void warnings.push(String(message)),
        } as never,
      });
      h.send('Say hi in Python.');
      await h.idle();

      const [second] = h.requests().slice(1);
      const toolResult = second?.messages?.at(-1) as { role: string; tool_call_id?: string; content: string };
      expect(toolResult).toMatchObject({ role: 'tool', tool_call_id: 'call_bad' });
      expect(toolResult.content).toMatch(/could not run: .*Call execute again with JSON arguments/);

      const stored = h.messages();
      expect(stored.map((m) => [m.role, m.type])).toEqual([
        ['user', 'message'],
        ['assistant', 'code'],
        ['computer', 'console'],
        ['assistant', 'message'],
      ]);
      expect(stored[1]?.meta).toMatchObject({ status: 'failed', tool_call_id: 'call_bad' });
      expect(stored[2]?.meta.outcome).toBe('not_started');
      expect(stored[2]?.content).toContain('Call execute again');
      expect(stored[3]?.content).toBe('Sorry, let me try that again properly.');
      expect(warnings).toEqual([expect.stringContaining('the model proposed code that cannot run')]);
    });
  }
});

describe('reasoning and citations from recorded provider streams', () => {
  it('DeepSeek reasoning_content: streamed live before the answer, stored as meta.reasoning', async () => {
    const h = await start({
      rules: [{ raw: replayRecorded('deepseek-reasoning') }],
      settings: { agent_backend: 'chat' },
    });
    h.send('How many r are in strawberry?');
    await h.idle();
    const reasoning = recordedDeltaText('deepseek-reasoning', 'reasoning_content');
    expect(reasoning.length).toBeGreaterThan(100);
    const reply = h.messages().find((m) => m.role === 'assistant');
    expect(reply?.meta.reasoning).toBe(reasoning);
    expect(reply?.content).toBe(recordedDeltaText('deepseek-reasoning', 'content').trim());
    expect(reply?.meta.usage).toEqual({ prompt_tokens: 18, completion_tokens: 219 });

    const live = h.events.filter(
      (e): e is Extract<StampedEvent, { type: 'message.reasoning' }> => e.type === 'message.reasoning',
    );
    expect(live.map((e) => e.content).join('')).toBe(reasoning);
    expect(live.every((e) => e.messageId === reply?.id)).toBe(true);
    const firstText = h.events.findIndex((e) => e.type === 'message.delta' && e.messageId === reply?.id);
    expect(h.events.indexOf(live.at(-1) as StampedEvent)).toBeLessThan(firstText);
    // The reasoning is the model's own: it is not sent back as history.
    h.send('And in raspberry?');
    await h.idle();
    expect(JSON.stringify(h.requests()[1]?.messages)).not.toContain(reasoning.slice(0, 40));
  });

  it('Perplexity citations: numbered in the order its [n] markers count, stored as meta.sources', async () => {
    const h = await start({
      rules: [{ raw: replayRecorded('perplexity-citations') }],
      settings: { agent_backend: 'chat' },
    });
    h.send('What is the population of San Francisco?');
    await h.idle();
    const reply = h.messages().find((m) => m.role === 'assistant');
    const first = JSON.parse(recordedPayloads('perplexity-citations')[0] as string) as {
      citations: string[];
    };
    expect(reply?.meta.sources).toEqual(first.citations.map((url) => ({ url })));
    expect(reply?.content).toContain('[2]');
    const live = h.events.filter((e) => e.type === 'message.sources');
    // Perplexity repeats the list on every chunk; it is announced once.
    expect(live).toHaveLength(1);
    expect(lastMessageText(h.upstream.chatRequests()[0] as RecordedRequest)).toContain('San Francisco');
  });
});
