import { lastMessageText } from '../../test-support/scripted-upstream';
import { expect, say, test } from './conversations-fixture';

test('regenerate keeps both replies as versions ‹ 1/2 ›; edit makes a new version of a question; the model gets the branch shown', async ({
  page,
  serve,
  upstream,
}, testInfo) => {
  await page.goto(serve.url);
  await say(page, 'first question');
  await say(page, 'second question');
  const replies = page.getByRole('article', { name: 'Assistant' });
  await expect(replies.last()).toContainText('Reply 2 to second question');

  await page.getByRole('button', { name: 'Regenerate', exact: true }).click();
  await expect(replies.last()).toContainText('Reply 3 to second question');
  await expect(page.getByLabel('Version 2 of 2')).toBeVisible();
  // The regeneration was asked without the reply it replaces.
  const regenerated = upstream.chatRequests()[2]?.body?.messages?.map((m) => m.content) ?? [];
  expect(regenerated.slice(1)).toEqual(['first question', 'Reply 1 to first question', 'second question']);

  await page.getByRole('button', { name: 'Previous version' }).click();
  await expect(page.getByLabel('Version 1 of 2')).toBeVisible();
  await expect(replies.last()).toContainText('Reply 2 to second question');

  // Edit the first question: the new version is answered on its own.
  const question = page.getByRole('article', { name: 'You' }).first();
  await question.hover();
  await question.getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('textbox', { name: 'Edit message' }).fill('first question, said better');
  await page.getByRole('button', { name: 'Save and send' }).click();
  await expect(replies.last()).toContainText('Reply 4 to first question, said better');
  await expect(replies).toHaveCount(1);
  expect(
    upstream
      .chatRequests()[3]
      ?.body?.messages?.slice(1)
      .map((m) => m.content),
  ).toEqual(['first question, said better']);
  await page.screenshot({ path: testInfo.outputPath('branch.png') });

  // The old version and everything after it are still there, and stay there after a reload.
  await page.getByRole('button', { name: 'Previous version' }).click();
  await expect(page.getByRole('article', { name: 'You' })).toHaveCount(2);
  await expect(replies.last()).toContainText('Reply 3 to second question');
  await page.reload();
  await expect(page.getByLabel('Version 1 of 2')).toBeVisible();
  await expect(page.getByLabel('Version 2 of 2')).toBeVisible();
  await expect(replies.last()).toContainText('Reply 3 to second question');
});

test('retry after a provider error, with another model; continue after a cut reply', async ({
  page,
  serve,
  upstream,
}) => {
  upstream.setRules([
    // Twice: the agent's first request offers the `execute` tool and, refused with a 400, is asked again with fenced code.
    {
      match: 'please fail',
      times: 2,
      error: {
        status: 400,
        body: { error: { message: 'The model refused this request.', type: 'invalid_request_error' } },
      },
    },
    {
      match: (request) => lastMessageText(request) === 'tell a long story',
      times: 1,
      raw: (response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(
          `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: 'Once upon a time' }, finish_reason: null }] })}\n\n`,
        );
        setTimeout(() => response.destroy(), 50);
      },
    },
    {
      match: (request) => lastMessageText(request).startsWith('Continue exactly'),
      reply: '…and they lived happily ever after.',
    },
    { reply: (request) => `Answered by ${String(request.body?.model)}` },
  ]);
  await page.goto(serve.url);
  await say(page, 'please fail');
  await expect(page.getByRole('alert').filter({ hasText: 'The model refused this request.' })).toBeVisible();
  await page.getByRole('button', { name: 'Retry with…' }).click();
  await page.getByRole('menuitem', { name: /^OpenAI/ }).waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Retry', exact: true }).click();
  await expect(page.getByRole('article', { name: 'Assistant' })).toContainText(
    'Answered by llama-3.1-8b-instant',
  );
  await expect(page.getByRole('alert')).toHaveCount(0);

  await say(page, 'tell a long story');
  const cut = page.getByRole('article', { name: 'Assistant' }).last();
  await expect(cut).toContainText('Once upon a time');
  await expect(cut).toContainText('cut off');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('article', { name: 'Assistant' }).last()).toContainText('happily ever after');
});
