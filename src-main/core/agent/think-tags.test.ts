import { afterEach, describe, expect, it } from 'vitest';
import type { StampedEvent } from '../../../src-shared/events';
import { agentHarnessPerTest } from '../../../test-support/agent-harness';
import { recorded, replay } from '../../../test-support/replay';
import { streamDeltaText } from '../../../test-support/recorded-stream';
import { ThinkTagSplitter, type ThinkSplit } from './think-tags';

const start = agentHarnessPerTest(afterEach);
const R1 = 'together/deepseek-r1-think-stream';

describe('reasoning sent inline between <think> tags (DeepSeek-R1 on Together)', () => {
  it("is the reply's Thinking, streamed live; the answer is the text after </think>", async () => {
    const h = await start({ rules: [{ ...replay(recorded(R1)) }], settings: { agent_backend: 'chat' } });
    h.send('How do I cross the street?');
    await h.idle();
    const sent = streamDeltaText(R1, 'content');
    const thinking = sent.slice('<think>'.length, sent.indexOf('</think>'));
    const answer = sent.slice(sent.indexOf('</think>') + '</think>'.length);
    expect(thinking.length).toBeGreaterThan(1000);

    const replies = h.messages().filter((m) => m.role === 'assistant');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.meta.reasoning).toBe(thinking);
    expect(replies[0]?.content).toBe(answer.trim());
    expect(replies[0]?.content).not.toContain('think>');
    expect(replies[0]?.meta.usage).toEqual({ prompt_tokens: 10, completion_tokens: 955 });

    const live = h.events.filter(
      (e): e is Extract<StampedEvent, { type: 'message.reasoning' }> => e.type === 'message.reasoning',
    );
    expect(live.map((e) => e.content).join('')).toBe(thinking);
    const deltas = h.events.filter((e) => e.type === 'message.delta');
    expect(deltas.map((e) => (e as { content: string }).content).join('')).not.toContain('<think>');

    // Like any reasoning, it is not sent back to the model as history.
    h.send('And at night?');
    await h.idle();
    expect(JSON.stringify(h.requests()[1]?.messages)).not.toContain(thinking.slice(0, 60));
  });

  it('code fenced inside the reasoning is not proposed to run; code in the answer is', async () => {
    const h = await start({
      rules: [
        {
          reply:
            '<think>I could run ```python\nprint(1)\n``` here.</think>Running:\n```python\nprint(2)\n```',
        },
      ],
      settings: { open_interpreter_code_mode: 'fences' },
    });
    h.send('Print a number.');
    await h.nextApproval();
    const code = h.messages().filter((m) => m.type === 'code');
    expect(code.map((m) => m.content)).toEqual(['print(2)']);
    expect(h.messages().find((m) => m.meta.reasoning)?.meta.reasoning).toContain('print(1)');
  });
});

/** Feeds `pieces` through a splitter and joins what comes out. */
function split(pieces: string[]): ThinkSplit {
  const splitter = new ThinkTagSplitter();
  const out = { reasoning: '', text: '' };
  for (const part of [...pieces.map((p) => splitter.feed(p)), splitter.end()]) {
    out.reasoning += part.reasoning;
    out.text += part.text;
  }
  return out;
}

describe('ThinkTagSplitter', () => {
  it('gives the same split however the recorded content is cut, tags included', () => {
    const sent = streamDeltaText(R1, 'content');
    const expected = {
      reasoning: sent.slice('<think>'.length, sent.indexOf('</think>')),
      text: sent.slice(sent.indexOf('</think>') + '</think>'.length),
    };
    for (const size of [1, 2, 3, 5, 8, 13]) {
      const pieces = sent.match(new RegExp(`[\\s\\S]{1,${size}}`, 'gu')) ?? [];
      expect(split(pieces)).toEqual(expected);
    }
  });

  it('a reply that does not open with <think> is all text, tags and all', () => {
    expect(split(['Use ', '<think>', 'tags', '</think>'])).toEqual({
      reasoning: '',
      text: 'Use <think>tags</think>',
    });
    expect(split(['<th', 'ink about it'])).toEqual({ reasoning: '', text: '<think about it' });
    expect(split(['  \n', 'Hi'])).toEqual({ reasoning: '', text: '  \nHi' });
  });

  it('whitespace before the opening tag is dropped; reasoning never closed stays reasoning', () => {
    expect(split(['\n<thi', 'nk>plan', ' ahead</th'])).toEqual({ reasoning: 'plan ahead</th', text: '' });
  });
});
