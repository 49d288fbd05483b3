import type { Page } from '@playwright/test';
import { chatCompletionFrames } from '../../test-support/upstream-formats';
import { expect, test, saveGroqKey } from '../serve-fixture';

const GROQ_KEY = 'gsk_e2e_long_word_0123456789abcdefWXYZ';
/** A base64-looking blob of 50,000 characters with no place to break, as a reply may carry. */
const WORD = 'QmFzZTY0'.repeat(6_250);

async function openChat(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await saveGroqKey(page, GROQ_KEY);
  await page.getByRole('button', { name: 'New chat' }).click();
}

test('a 50,000-character word renders within a second of the stream’s end and the page keeps painting while it streams', async ({
  page,
  serve,
  upstream,
}, testInfo) => {
  let streamEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (streamEnded = resolve));
  upstream.setRules([
    {
      match: 'blob',
      raw: (response, request) => {
        const frames = chatCompletionFrames('groq', {
          text: `Here is the blob:\n\n${WORD}\n\nThat is all.`,
          toolCalls: [],
          model: request.body?.model ?? 'llama-3.1-8b-instant',
          chunkChars: 50,
          promptTokens: 10,
          includeUsage: false,
        });
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        let index = 0;
        const next = () => {
          // The router may close the connection as soon as it reads [DONE], before the last
          // write's callback: that is the stream's end too.
          if (response.destroyed || index >= frames.length) {
            response.end();
            streamEnded();
            return;
          }
          response.write(frames[index++] as string);
          setTimeout(next, 2);
        };
        next();
      },
    },
  ]);
  await openChat(page, serve.url);

  // A probe in the page: every animation frame notes how much of the reply is on screen.
  // (A string: the e2e project is type-checked without the DOM library.)
  await page.evaluate(`(() => {
    const frames = (window.probeFrames = []);
    const tick = () => {
      const reply = document.querySelector('article[aria-label="Assistant"]');
      frames.push({ at: Date.now(), chars: reply?.textContent?.length ?? 0 });
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await page.getByRole('textbox', { name: 'Message' }).fill('Send me the blob.');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');

  await ended;
  const endedAt = Date.now();
  const reply = page.getByRole('article', { name: 'Assistant' });
  await expect(reply).toContainText(`${WORD.slice(-40)}That is all.`, { timeout: 1_000 });
  // The word wraps inside the reply instead of widening it.
  const box = await reply.boundingBox();
  expect(box?.width ?? Infinity).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeEditable();

  const frames = (await page.evaluate('window.probeFrames')) as Array<{ at: number; chars: number }>;
  const during = frames.filter((f) => f.at <= endedAt);
  // While it streamed, the page painted the reply growing (several partial lengths), not once at the end.
  const partialLengths = new Set(during.map((f) => f.chars).filter((c) => c > 0 && c < WORD.length));
  expect(partialLengths.size).toBeGreaterThan(3);
  const gaps = frames.slice(1).map((f, i) => f.at - (frames[i]?.at ?? f.at));
  testInfo.annotations.push({
    type: 'timing',
    description: `frames ${frames.length}, longest gap between frames ${Math.max(...gaps)} ms, partial lengths painted during the stream ${partialLengths.size}`,
  });
  await page.screenshot({ path: testInfo.outputPath('long-word.png') });
});
