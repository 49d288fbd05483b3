import { lastMessageText } from '../../test-support/scripted-upstream';
import { streamSlowly } from '../../test-support/slow-stream';
import type { Page } from '@playwright/test';
import { expect, test } from '../serve-fixture';

const GROQ_KEY = 'gsk_e2e_follow_0123456789abcdefWXYZ';
const LINES = Array.from({ length: 300 }, (_, i) => `Line ${i + 1} of the long reply.`).join('\n\n');

/** Saves a Groq key, opens a new chat and asks for the long reply. */
async function askForLongReply(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('tab', { name: 'API Keys' }).click();
  await page.getByLabel('Groq API Key (Open Interpreter)', { exact: true }).fill(GROQ_KEY);
  await page.getByRole('button', { name: 'Save Groq API Key (Open Interpreter)' }).click();
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill('Send a long reply.');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
}

test('a streaming reply keeps the view at the bottom; scrolled up, the view stays and Jump to latest brings it back', async ({
  page,
  serve,
  upstream,
}) => {
  let release: () => void = () => undefined;
  const paused = new Promise<void>((resolve) => (release = resolve));
  let reached: () => void = () => undefined;
  const halfway = new Promise<void>((resolve) => (reached = resolve));
  upstream.setRules([
    {
      match: 'long reply',
      raw: (response, request) => {
        void streamSlowly(response, request, `${LINES}\n\nThe end.`, {
          chunkChars: 40,
          delayMs: 3,
          // Half-way through, the stream waits until the test has scrolled up.
          beforeFrame: (index, total) => {
            if (index !== Math.floor(total / 2)) return;
            reached();
            return paused;
          },
        });
      },
    },
  ]);
  await askForLongReply(page, serve.url);

  // While it streams, the view stays at the bottom: the list follows.
  const log = page.getByRole('log', { name: 'Conversation' });
  await halfway;
  const distanceToBottom = `(() => { const s = document.querySelector('[data-virtuoso-scroller]'); return s.scrollHeight - s.scrollTop - s.clientHeight; })()`;
  await expect.poll(async () => (await page.evaluate(distanceToBottom)) as number).toBeLessThan(5);
  await expect(page.getByRole('button', { name: /Jump to latest/ })).toBeHidden();

  // The person scrolls up: the view stays there while more arrives.
  await log.hover();
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -800);
  await expect(page.getByRole('button', { name: /Jump to latest/ })).toBeVisible();
  const scrollTop = `document.querySelector('[data-virtuoso-scroller]').scrollTop`;
  // Wheel scrolling is animated: wait until the view has come to rest.
  let top = -1;
  await expect
    .poll(async () => {
      const previous = top;
      await page.waitForTimeout(200);
      top = (await page.evaluate(scrollTop)) as number;
      return top === previous;
    })
    .toBe(true);
  release();
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible({ timeout: 20_000 });
  await expect(log.getByText('The end.')).not.toBeInViewport();
  expect(Math.abs(((await page.evaluate(scrollTop)) as number) - top)).toBeLessThan(2);

  await page.getByRole('button', { name: /Jump to latest/ }).click();
  await expect(log.getByText('The end.')).toBeInViewport();
  await expect(page.getByRole('button', { name: /Jump to latest/ })).toBeHidden();
});

test('a message reached without the wheel (focus, a script) can be edited: following does not scroll the edit box away', async ({
  page,
  serve,
  upstream,
}) => {
  upstream.setRules([{ match: 'long reply', reply: `${LINES}\n\nThe end.`, chunkChars: 2000 }]);
  await askForLongReply(page, serve.url);
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log.getByText('The end.')).toBeInViewport();

  await page.evaluate(`document.querySelector('[data-virtuoso-scroller]').scrollTop = 0`);
  const question = page.getByRole('article', { name: 'You' });
  await question.hover();
  await question.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('textbox', { name: 'Edit message' });
  await expect(edit).toBeInViewport();
  await edit.fill('Send a long reply, said better.');
  await page.getByRole('button', { name: 'Save and send' }).click();
  // The edited question is what the model gets next.
  await expect
    .poll(() => upstream.chatRequests().map((request) => lastMessageText(request)))
    .toContain('Send a long reply, said better.');
});
