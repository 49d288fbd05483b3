import { recorded, replay } from '../../test-support/replay';
import { bearer, sendInSession, useChatWithGroqPool } from '../groq-pool';
import { expect, test } from '../serve-fixture';

const FIRST_KEY = 'gsk_e2e_first_key_0123456789abcdefFRST';
const SECOND_KEY = 'gsk_e2e_secnd_key_0123456789abcdefSCND';

/** `12:03:41` (as the Activity view writes it) → ms since epoch, today. */
function timeOfDay(text: string): number {
  const [h, m, s] = text.split(':').map(Number);
  const date = new Date();
  date.setHours(h ?? 0, m ?? 0, s ?? 0, 0);
  return date.getTime();
}

test('a Groq key pool under Groq’s real 429 with retry-after: 9: the second key serves, the first cools until 9 s later and comes back', async ({
  page,
  serve,
  upstream,
}, testInfo) => {
  upstream.setRules([
    {
      match: bearer(FIRST_KEY),
      times: 1,
      ...replay(recorded('groq/429-tokens-per-minute'), { overrides: { 'retry-after': '9' } }),
    },
    { reply: 'Hello from the pool.' },
  ]);

  await useChatWithGroqPool(page, serve.url, [FIRST_KEY, SECOND_KEY]);

  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill('Say hello');
  const sent = Date.now();
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(page.getByRole('article', { name: 'Assistant' }).last()).toContainText('Hello from the pool.');
  const answered = Date.now();

  await page.getByRole('button', { name: 'Activity', exact: true }).click();
  const keys = page.getByRole('table', { name: 'Key states' });
  const first = keys.getByRole('row', { name: /…FRST/ });
  await expect(first).toContainText(/cooling until \d\d:\d\d:\d\d/);
  await expect(first).toContainText('Rate limit reached for model');
  await expect(keys.getByRole('row', { name: /…SCND/ })).toContainText('healthy');
  const until = timeOfDay(
    /cooling until (\d\d:\d\d:\d\d)/.exec((await first.textContent()) ?? '')?.[1] ?? '',
  );
  // The time shown is the 429 plus the 9 s Groq asked for (whole seconds on screen).
  expect(until).toBeGreaterThanOrEqual(Math.floor(sent / 1000) * 1000 + 9_000 - 1_000);
  expect(until).toBeLessThanOrEqual(answered + 9_000);
  const calls = page.getByRole('table', { name: 'Recent calls' });
  await expect(calls.getByRole('row').nth(1)).toContainText('…SCND');
  await expect(calls.getByRole('row').nth(2)).toContainText('rate limited');
  await expect(calls.getByRole('row').nth(2)).toContainText('429');
  await page.screenshot({ path: testInfo.outputPath('activity-cooling.png'), fullPage: true });

  // The view refreshes by itself; once the 9 s are over the first key is healthy again and serves.
  await expect(first).toContainText('healthy', { timeout: 20_000 });
  await sendInSession(page, /Say hello/, 'Once more');
  await expect(page.getByRole('article', { name: 'Assistant' }).last()).toContainText('Hello from the pool.');
  await page.getByRole('button', { name: 'Activity', exact: true }).click();
  await expect(calls.getByRole('row').nth(1)).toContainText('…FRST');
  await expect(calls.getByRole('row').nth(1)).toContainText('OK');
  await page.screenshot({ path: testInfo.outputPath('activity-back.png'), fullPage: true });
});
