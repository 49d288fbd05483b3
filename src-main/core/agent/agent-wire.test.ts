import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { StampedEvent } from '../../../src-shared/events';
import { agentHarnessPerTest } from '../../../test-support/agent-harness';
import { recorded, replay } from '../../../test-support/replay';
import { streamDeltaText, streamPayloads } from '../../../test-support/recorded-stream';
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
      rules: [{ ...replay(recorded('deepseek/reasoning-stream')) }],
      settings: { agent_backend: 'chat' },
    });
    h.send('How many r are in strawberry?');
    await h.idle();
    const reasoning = streamDeltaText('deepseek/reasoning-stream', 'reasoning_content');
    expect(reasoning.length).toBeGreaterThan(100);
    const reply = h.messages().find((m) => m.role === 'assistant');
    expect(reply?.meta.reasoning).toBe(reasoning);
    expect(reply?.content).toBe(streamDeltaText('deepseek/reasoning-stream', 'content').trim());
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
      rules: [{ ...replay(recorded('perplexity/citations-stream')) }],
      settings: { agent_backend: 'chat' },
    });
    h.send('What is the population of San Francisco?');
    await h.idle();
    const reply = h.messages().find((m) => m.role === 'assistant');
    const first = streamPayloads(recorded('perplexity/citations-stream'))[0] as { citations: string[] };
    expect(reply?.meta.sources).toEqual(first.citations.map((url) => ({ url })));
    expect(reply?.content).toContain('[2]');
    const live = h.events.filter((e) => e.type === 'message.sources');
    // Perplexity repeats the list on every chunk; it is announced once.
    expect(live).toHaveLength(1);
    expect(lastMessageText(h.upstream.chatRequests()[0] as RecordedRequest)).toContain('San Francisco');
  });

  it('OpenAI search preview: a recorded url_citation annotation becomes a source with its title', async () => {
    const h = await start({
      rules: [{ ...replay(recorded('openai/url-citation-chunk-stream')) }],
      settings: { agent_backend: 'chat' },
    });
    h.send('Where is Legoland Shanghai?');
    await h.idle();
    const withSources = h.messages().filter((m) => m.role === 'assistant' && m.meta.sources);
    expect(withSources.map((m) => m.meta.sources)).toEqual([
      [
        {
          url: 'https://zh.wikipedia.org/wiki/%E4%B8%8A%E6%B5%B7%E4%B9%90%E9%AB%98%E4%B9%90%E5%9B%AD?utm_source=openai',
          title: '上海乐高乐园',
        },
      ],
    ]);
  });

  it('reasoning before a code block is kept on its own (empty) reply message; the block runs as usual', async () => {
    // Groq/OpenRouter send `reasoning` on deltas before the content.
    const reasoned = (res: ServerResponse): void => {
      const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
        `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        chunk({ role: 'assistant', reasoning: 'Print it ' }) +
          chunk({ reasoning: 'with python.' }) +
          chunk({ content: '```python\nprint(6 * 7)\n```\n' }) +
          chunk({}, 'stop') +
          'data: [DONE]\n\n',
      );
    };
    const h = await start({
      rules: [
        {
          match: (request) => lastRole(request) === 'user' && /42/.test(lastMessageText(request)),
          reply: 'It is 42.',
        },
        { raw: reasoned },
      ],
      settings: { open_interpreter_code_mode: 'fences', open_interpreter_auto_run: true },
    });
    h.send('Six times seven?');
    await h.idle();
    const stored = h.messages();
    expect(stored.map((m) => [m.role, m.type, m.content])).toEqual([
      ['user', 'message', 'Six times seven?'],
      ['assistant', 'message', ''],
      ['assistant', 'code', 'print(6 * 7)'],
      ['computer', 'console', expect.stringContaining('42')],
      ['assistant', 'message', 'It is 42.'],
    ]);
    expect(stored[1]?.meta.reasoning).toBe('Print it with python.');
    // The model is not sent an empty assistant message or its reasoning.
    const second = h.requests()[1]?.messages ?? [];
    expect(second.filter((m) => m.role === 'assistant').map((m) => m.content)).toEqual([
      '```python\nprint(6 * 7)\n```',
    ]);
  });

  /** Points the agent at an Anthropic registry entry on the scripted upstream (the Messages API adapter). */
  const viaAnthropic = async (h: Awaited<ReturnType<typeof start>>): Promise<void> => {
    await h.settings.update({
      open_interpreter_provider: 'registry_auto',
      open_interpreter_provider_registry: JSON.stringify([
        {
          id: 'claude',
          provider: 'anthropic',
          api_base: `${new URL(h.upstream.url).origin}/v1`,
          model: 'claude-sonnet-4-5',
          api_keys: ['sk-ant-agent-wire-0001'],
        },
      ]),
    });
  };

  it("Anthropic thinking (a recorded Messages stream, through the router) is the reply's Thinking", async () => {
    const h = await start({
      rules: [{ ...replay(recorded('anthropic/thinking-stream')) }],
      settings: { agent_backend: 'chat' },
    });
    await viaAnthropic(h);
    h.send('What is 925 / 5?');
    await h.idle();
    const reply = h.messages().find((m) => m.role === 'assistant');
    expect(reply?.content).toBe('925 ÷ 5 = 185');
    expect(reply?.meta.reasoning).toContain('925 ÷ 5 = 185');
    expect(reply?.meta.provider).toBe('claude');
  });

  it("Anthropic web search citations (recorded) become the reply's numbered sources with titles", async () => {
    const h = await start({
      rules: [{ ...replay(recorded('anthropic/web-search-citations-stream')) }],
      settings: { agent_backend: 'chat' },
    });
    await viaAnthropic(h);
    h.send('What is the news?');
    await h.idle();
    const sources = h.messages().find((m) => m.role === 'assistant' && m.meta.sources)?.meta.sources ?? [];
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source.url).toMatch(/^https:\/\//);
      expect(source.title).toBeTruthy();
      expect(source.snippet).toBeTruthy();
    }
    expect(new Set(sources.map((s) => s.url)).size).toBe(sources.length);
  });

  it("OpenRouter reasoning.text (a recorded Claude stream) is the reply's Thinking; the answer stays apart", async () => {
    const h = await start({
      rules: [{ ...replay(recorded('openrouter/reasoning-text-stream')) }],
      settings: { agent_backend: 'chat' },
    });
    h.send('What is 2+2?');
    await h.idle();
    const reply = h.messages().find((m) => m.role === 'assistant');
    expect(reply?.meta.reasoning).toBe('This is a simple arithmetic question. 2+2 equals 4.');
    expect(reply?.content).toBe('2 + 2 = 4');
  });

  it("OpenRouter web plugin annotations (recorded) become the reply's sources, titled where OpenRouter gave a title", async () => {
    const h = await start({
      rules: [{ ...replay(recorded('openrouter/web-search-annotations-stream')) }],
      settings: { agent_backend: 'chat' },
    });
    h.send("Find Pydantic AI's GitHub repository.");
    await h.idle();
    const sources = h.messages().find((m) => m.role === 'assistant' && m.meta.sources)?.meta.sources ?? [];
    expect(sources.map((s) => [s.url, s.title])).toEqual([
      ['https://github.com/pydantic/pydantic-ai', 'AI Agent Framework, the Pydantic way - GitHub'],
      ['https://pydantic.dev/pydantic-ai', undefined],
      ['https://github.com/pydantic/pydantic-ai/releases/tag/v2.0.0', 'v2.0.0 (2026-06-23)'],
      ['https://pydantic.dev/docs/ai/overview/', 'Pydantic AI | Pydantic Docs'],
      [
        'https://github.com/pydantic/pydantic-ai/tree/refs/tags/v1.44.0',
        'GitHub - pydantic/pydantic-ai at refs/tags/v1.44.0 · GitHub',
      ],
    ]);
    for (const source of sources) expect(source.snippet).toBeTruthy();
  });
});
