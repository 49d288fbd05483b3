import { describe, expect, it } from 'vitest';
import { KEYS, drain, useRouterHarness, withKey } from '../router-harness';
import { bodyOf, recorded, replay } from '../replay';
import { assemble } from './assemble';
import { registrySettings } from './registry';

const h = useRouterHarness();
const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
type Json = Record<string, unknown>;

/** The recorded Anthropic events of a stream file, parsed. */
const events = (name: string): Json[] =>
  bodyOf(recorded(name))
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as Json);

async function streamOf(name: string) {
  h.settings = registrySettings(h.settings, h.upstream.url, {
    kind: 'anthropic',
    onlyA: true,
    keysA: [KEYS.a1],
  });
  h.upstream.setRules([replay(recorded(name), { split: 61 })]);
  const routed = await h.router().stream(ask);
  const { chunks, error } = await drain(routed.chunks);
  expect(error).toBeNull();
  return { ...assemble(chunks), usage: routed.usage(), chunks };
}

async function completionOf(name: string) {
  h.settings = registrySettings(h.settings, h.upstream.url, {
    kind: 'anthropic',
    onlyA: true,
    keysA: [KEYS.a1],
  });
  h.upstream.setRules([replay(recorded(name))]);
  return (await h.router().chat(ask)).completion;
}

describe('Anthropic recorded streams through the Messages adapter', () => {
  it('thinking becomes reasoning_content, apart from the answer; signatures are not passed on', async () => {
    const name = 'anthropic/thinking-stream';
    const thinking = events(name)
      .map((e) => (e.delta as Json | undefined)?.thinking)
      .filter((t): t is string => typeof t === 'string')
      .join('');
    const out = await streamOf(name);
    expect(out.reasoning).toBe(thinking);
    expect(out.reasoning).toContain('925 ÷ 5 = 185');
    expect(out.content).toBe('925 ÷ 5 = 185');
    expect(JSON.stringify(out.chunks)).not.toContain('signature');
    expect(out.finish).toBe('stop');
  });

  it('a tool call with no arguments streams "{}" (clients JSON.parse it), and message_delta usage is used', async () => {
    const out = await streamOf('anthropic/tool-no-arguments-stream');
    expect(out.content).toBe("I'll update the issue list for you.");
    expect(out.calls).toEqual([
      { id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', name: 'updateIssueList', arguments: '{}' },
    ]);
    expect(JSON.parse(out.calls[0]?.arguments ?? '')).toEqual({});
    expect(out.finish).toBe('tool_calls');
    expect(out.usage).toMatchObject({ prompt_tokens: 565, completion_tokens: 48, total_tokens: 613 });
    expect(h.log.at(-1)).toMatchObject({ tokensIn: 565, tokensOut: 48, failure: null });
  });

  it('the same tool call not streamed also has arguments "{}"', async () => {
    const completion = await completionOf('anthropic/tool-no-arguments');
    expect(completion.choices[0]?.message.tool_calls?.[0]?.function).toEqual({
      name: 'updateIssueList',
      arguments: '{}',
    });
  });

  it('input tokens counted again in message_delta win over message_start’s', async () => {
    const out = await streamOf('anthropic/message-delta-usage-stream');
    expect(out.content).toBe('pong');
    expect(out.usage).toMatchObject({ prompt_tokens: 61, completion_tokens: 2, total_tokens: 63 });
  });

  it('web search citations become url_citation annotations pointing at the cited text', async () => {
    const name = 'anthropic/web-search-citations-stream';
    const recordedEvents = events(name);
    const cited = new Map<number, { text: string; citations: Json[] }>();
    for (const e of recordedEvents) {
      const delta = e.delta as Json | undefined;
      const index = e.index as number;
      if (delta?.type === 'citations_delta') {
        const block = cited.get(index) ?? { text: '', citations: [] };
        block.citations.push(delta.citation as Json);
        cited.set(index, block);
      }
      if (delta?.type === 'text_delta' && cited.has(index))
        (cited.get(index) as { text: string }).text += delta.text as string;
    }
    const texts = recordedEvents
      .map((e) => (e.delta as Json | undefined)?.type === 'text_delta' && ((e.delta as Json).text as string))
      .filter((t): t is string => typeof t === 'string');

    const out = await streamOf(name);
    // Cited passages arrive as blocks of their own with their spacing in blocks between: joined as sent.
    expect(out.content).toBe(texts.join(''));
    expect(out.annotations).toHaveLength([...cited.values()].reduce((n, b) => n + b.citations.length, 0));
    for (const annotation of out.annotations) {
      expect(annotation.type).toBe('url_citation');
      const url = annotation.url_citation as {
        url: string;
        title: string;
        cited_text: string;
        start_index: number;
        end_index: number;
      };
      const block = [...cited.values()].find((b) =>
        b.citations.some((c) => c.url === url.url && c.cited_text === url.cited_text),
      );
      expect(block).toBeDefined();
      expect(out.content.slice(url.start_index, url.end_index)).toBe(block?.text);
      expect(url.title).toEqual(expect.any(String));
    }
  });

  it('not streamed: text resuming after a web search starts a new paragraph; citations and cited text line up', async () => {
    const name = 'anthropic/web-search-citations';
    const message = JSON.parse(bodyOf(recorded(name))) as { content: Json[] };
    const completion = await completionOf(name);
    const content = completion.choices[0]?.message.content ?? '';
    const joined = message.content.filter((b) => b.type === 'text').map((b) => b.text as string);
    expect(content).toContain('(September 26, 2024).\n\nBased on the search results');
    expect(content).not.toContain('2024).Based');
    expect(content).toBe(joined.join('').replace('2024).Based', '2024).\n\nBased'));
    const annotations = completion.choices[0]?.message.annotations as Json[];
    const citedBlocks = message.content.filter(
      (b) => Array.isArray(b.citations) && (b.citations as Json[]).length > 0,
    );
    expect(annotations).toHaveLength(citedBlocks.reduce((n, b) => n + (b.citations as Json[]).length, 0));
    const first = annotations[0]?.url_citation as { start_index: number; end_index: number; url: string };
    expect(content.slice(first.start_index, first.end_index)).toBe(citedBlocks[0]?.text);
    expect(first.url).toBe('https://acecomments.mu.nu/?post=411647');
  });

  it('an overloaded_error event before any content is a server error: failed over to the other provider', async () => {
    h.settings = registrySettings(h.settings, h.upstream.url, { kind: 'anthropic' });
    h.upstream.setRules([
      { match: withKey('a1'), ...replay(recorded('anthropic/stream-overloaded-error')) },
      { reply: 'served' },
    ]);
    const routed = await h.router().stream(ask);
    expect(await drain(routed.chunks)).toMatchObject({ text: 'served', error: null });
    expect(h.keysSeen()).toEqual(['a1', 'b1']);
    expect(h.log[0]).toMatchObject({ failure: 'server_error', status: 529, message: 'Overloaded' });
  });
});
