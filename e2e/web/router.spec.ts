import { faults } from '../../test-support/faults';
import { bearer, sendInSession, useChatWithGroqPool } from '../groq-pool';
import { expect, test } from '../serve-fixture';

const DEAD_KEY = 'gsk_e2e_dead_key_0123456789abcdefDEAD';
const GOOD_KEY = 'gsk_e2e_good_key_0123456789abcdefGOOD';

test('key pool failover, Check per key, the model list, a cut stream kept visible, and the Activity view', async ({
  page,
  serve,
  upstream,
}, testInfo) => {
  upstream.setRules([
    {
      match: bearer(DEAD_KEY),
      ...faults.openAiError(401, {
        message: 'Invalid API Key',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      }),
    },
    { match: 'cut me', ...faults.cutMidStream('This answer stops half') },
    { reply: 'Hello from the second key.' },
  ]);
  upstream.setModels((request) =>
    request.headers.authorization === `Bearer ${DEAD_KEY}`
      ? { status: 401, body: { error: { message: 'Invalid API Key' } } }
      : null,
  );

  await useChatWithGroqPool(page, serve.url, [DEAD_KEY, GOOD_KEY]);

  // A chat: key 1 is rejected, key 2 answers; the message says who answered.
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill('Say hello');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  const answer = page.getByRole('article', { name: 'Assistant' }).last();
  await expect(answer).toContainText('Hello from the second key.');
  await expect(answer).toContainText('Groq · llama-3.1-8b-instant');

  // A stream cut mid-answer: the partial text stays, marked as cut off, and the error is shown.
  await page.getByRole('textbox', { name: 'Message' }).fill('Please cut me off');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  const cut = page.getByRole('article', { name: 'Assistant' }).last();
  await expect(cut).toContainText('This answer stops half');
  await expect(cut).toContainText('cut off:');
  await expect(
    page.getByRole('alert').filter({ hasText: 'stream interrupted — the stream ended without [DONE]' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('chat-cut-off.png'), fullPage: true });

  // Check each key of the pool.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('tab', { name: 'API Keys' }).click();
  await page.getByRole('button', { name: 'Check Groq API key pool key 1' }).click();
  await page.getByRole('button', { name: 'Check Groq API key pool key 2' }).click();
  await expect(page.getByRole('status', { name: 'Check result for Groq API key pool key 1' })).toHaveText(
    'Rejected: Invalid API Key',
  );
  await expect(page.getByRole('status', { name: 'Check result for Groq API key pool key 2' })).toHaveText(
    'OK — 1 model',
  );
  await page.screenshot({ path: testInfo.outputPath('api-keys-check.png'), fullPage: true });

  // The model field offers the provider's models and still takes free text.
  await page.getByRole('tab', { name: 'General' }).click();
  await expect(page.locator('#model-options option')).toHaveCount(1);
  await expect(page.locator('#model-options option').first()).toHaveAttribute(
    'value',
    'llama-3.1-8b-instant',
  );
  await expect(page.getByText('Suggests 1 model from the provider')).toBeVisible();

  // Activity: key states and every attempt.
  await page.getByRole('button', { name: 'Activity', exact: true }).click();
  const keys = page.getByRole('table', { name: 'Key states' });
  await expect(keys.getByRole('row', { name: /…DEAD/ })).toContainText('rejected');
  await expect(keys.getByRole('row', { name: /…DEAD/ })).toContainText('Invalid API Key');
  await expect(keys.getByRole('row', { name: /…GOOD/ })).toContainText('healthy');
  const calls = page.getByRole('table', { name: 'Recent calls' });
  await expect(calls.getByRole('row')).toHaveCount(4);
  await expect(calls.getByRole('row').nth(1)).toContainText('stream interrupted');
  await expect(calls.getByRole('row').nth(2)).toContainText('OK');
  await expect(calls.getByRole('row').nth(3)).toContainText('key rejected');
  await expect(calls.getByRole('row').nth(3)).toContainText('401');
  await page.screenshot({ path: testInfo.outputPath('activity.png'), fullPage: true });

  // Live: a new call shows up without a reload.
  await sendInSession(page, /Say hello/, 'Once more');
  await expect(page.getByRole('article', { name: 'Assistant' }).last()).toContainText(
    'Hello from the second key.',
  );
  await page.getByRole('button', { name: 'Activity', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Recent calls' }).getByRole('row')).toHaveCount(5);
});
