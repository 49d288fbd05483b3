import type { ServerResponse } from 'node:http';
import { recorded, replay } from '../../test-support/replay';
import { startScriptedUpstream, type ScriptedUpstream } from '../../test-support/scripted-upstream';
import { expect, test as base, saveGroqKey } from '../serve-fixture';

/**
 * Reasoning and cited sources in the chat, from recorded provider streams (DeepSeek's
 * reasoning_content, Perplexity's citations) replayed by the scripted upstream.
 */
/** A reply that opens with a code block, then cites a page (an OpenAI-style `url_citation` on the closing delta). */
function codeThenCitation(res: ServerResponse): void {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const citation = {
    type: 'url_citation',
    url_citation: {
      url: 'https://en.wikipedia.org/wiki/Legoland',
      title: 'Legoland - Wikipedia',
      start_index: 0,
      end_index: 10,
    },
  };
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(
    chunk({ role: 'assistant', content: '```python\nprint("Legoland")\n```\n' }) +
      chunk({ annotations: [citation] }, 'stop') +
      'data: [DONE]\n\n',
  );
}

const test = base.extend<{ upstream: ScriptedUpstream }>({
  upstream: async ({}, use) => {
    const upstream = await startScriptedUpstream({
      rules: [
        { match: /strawberry/i, ...replay(recorded('deepseek/reasoning-stream')) },
        { match: /san francisco/i, ...replay(recorded('perplexity/citations-stream')) },
        { match: /legoland/i, raw: codeThenCitation },
      ],
    });
    await use(upstream);
    await upstream.close();
  },
});

test('a reply shows its reasoning as a collapsed Thinking part and its sources as numbered links', async ({
  page,
  serve,
}) => {
  await page.goto(serve.url);
  await saveGroqKey(page, 'gsk_e2e_extras_0123456789abcdefWXYZ');
  await page.getByRole('button', { name: 'New chat' }).click();
  const composer = page.getByRole('textbox', { name: 'Message' });

  await composer.fill('How many r are in strawberry?');
  await composer.press('Enter');
  const first = page.getByRole('article', { name: 'Assistant' }).first();
  await expect(first).toContainText('The word "strawberry" contains three "r"s.');
  const thinking = first.getByText('Thinking', { exact: true });
  await expect(thinking).toBeVisible();
  await expect(first.getByText(/Position 1: s/)).toBeHidden();

  await composer.fill('What is the population of San Francisco?');
  await composer.press('Enter');
  const sources = page.getByRole('navigation', { name: 'Sources' });
  await expect(sources.getByRole('listitem')).toHaveCount(7);
  const wikipedia = sources.getByRole('link', { name: 'en.wikipedia.org/wiki/San_Francisco' });
  await expect(wikipedia).toHaveAttribute('href', 'https://en.wikipedia.org/wiki/San_Francisco');
  await expect(wikipedia).toHaveAttribute('target', '_blank');
  await expect(wikipedia).toHaveAttribute('rel', 'noopener noreferrer');

  await page.screenshot({ path: 'test-results/reply-extras-collapsed.png' });
  await thinking.click();
  await expect(first.getByText(/Position 1: s/)).toBeVisible();
  await page.screenshot({ path: 'test-results/reply-extras-open.png' });
  // Both are stored: a reloaded chat shows them again, Thinking collapsed.
  await page.reload();
  await page.getByRole('navigation', { name: 'Sessions' }).getByRole('button', { name: /How many r are in strawberry/ }).click();
  await expect(
    page
      .getByRole('article', { name: 'Assistant' })
      .first()
      .getByText(/Position 1: s/),
  ).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Sources' }).getByRole('listitem')).toHaveCount(7);
});

test('a reply that begins with a code block shows its sources under the block', async ({ page, serve }) => {
  await page.goto(serve.url);
  await saveGroqKey(page, 'gsk_e2e_extras_0123456789abcdefWXYZ');
  await page.getByRole('button', { name: 'New chat' }).click();
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill('Print Legoland in Python.');
  await composer.press('Enter');
  const block = page.getByRole('region', { name: 'python code block' });
  await expect(block).toContainText('print("Legoland")');
  const sources = page.getByRole('navigation', { name: 'Sources' });
  await expect(sources.getByRole('link', { name: 'Legoland - Wikipedia' })).toHaveAttribute(
    'href',
    'https://en.wikipedia.org/wiki/Legoland',
  );
  await page.screenshot({ path: 'test-results/reply-extras-code-sources.png' });
});
