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

  // The old version and everything after it are still there (with the reply that was viewed
  // there, version 1 of 2), and stay there after a reload.
  await page.getByRole('button', { name: 'Previous version' }).click();
  await expect(page.getByRole('article', { name: 'You' })).toHaveCount(2);
  await expect(replies.last()).toContainText('Reply 2 to second question');
  await page.reload();
  await expect(page.getByLabel('Version 1 of 2')).toHaveCount(2);
  await expect(replies.last()).toContainText('Reply 2 to second question');
});

test('retry after a provider error, with another model; Stop mid-reply then Continue extends that same reply', async ({
  page,
  serve,
  upstream,
}, testInfo) => {
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
      reply:
        'Once upon a time, in a quiet valley, there lived a fox who collected shiny stones and kept them in a hollow oak.',
      chunkChars: 6,
      chunkDelayMs: 120,
    },
    {
      match: (request) => lastMessageText(request).startsWith('Your last reply was cut off'),
      reply: ' …and they lived happily ever after.',
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

  await page.getByRole('textbox', { name: 'Message' }).fill('tell a long story');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  const replies = page.getByRole('article', { name: 'Assistant' });
  await expect(replies.last()).toContainText('Once upon a time');
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(replies.last()).toContainText('cut off');
  await expect(replies).toHaveCount(2);
  const partial = (await replies.last().getByRole('paragraph').first().innerText()).trim();
  expect(partial).not.toContain('hollow oak');

  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(replies.last()).toContainText('happily ever after');
  // One reply holding both parts, no longer cut off, and no message from the person asking for it.
  await expect(replies).toHaveCount(2);
  await expect(replies.last()).toContainText(partial);
  await expect(replies.last()).not.toContainText('cut off');
  await expect(page.getByRole('article', { name: 'You' })).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Continue' })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('continued.png') });
  await page.reload();
  await expect(replies).toHaveCount(2);
  await expect(replies.last()).toContainText(`${partial} …and they lived happily ever after.`);
  await expect(page.getByRole('article', { name: 'You' })).toHaveCount(2);
});

test('versions: going to another version at an earlier fork and back shows the reply viewed at each later fork, also after a reload', async ({
  page,
  serve,
}) => {
  await page.goto(serve.url);
  await say(page, 'question');
  const replies = page.getByRole('article', { name: 'Assistant' });
  await page.getByRole('button', { name: 'Regenerate', exact: true }).click();
  await expect(replies.last()).toContainText('Reply 2 to question');
  await page.getByRole('button', { name: 'Regenerate', exact: true }).click();
  await expect(page.getByLabel('Version 3 of 3')).toBeVisible();
  // The person settles on the first answer, then edits the question.
  await page.getByRole('button', { name: 'Previous version' }).click();
  await page.getByRole('button', { name: 'Previous version' }).click();
  await expect(replies.last()).toContainText('Reply 1 to question');
  const question = page.getByRole('article', { name: 'You' }).first();
  await question.hover();
  await question.getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('textbox', { name: 'Edit message' }).fill('question, edited');
  await page.getByRole('button', { name: 'Save and send' }).click();
  await expect(replies.last()).toContainText('Reply 4 to question, edited');

  // Back to the first question: its first answer (1/3) is shown again, not the newest.
  await page.getByRole('button', { name: 'Previous version' }).click();
  await expect(replies.last()).toContainText('Reply 1 to question');
  await expect(page.getByLabel('Version 1 of 3')).toBeVisible();
  await page.reload();
  await page.getByRole('button', { name: 'Next version' }).first().click();
  await expect(replies.last()).toContainText('Reply 4 to question, edited');
  await page.getByRole('button', { name: 'Previous version' }).click();
  await expect(replies.last()).toContainText('Reply 1 to question');
  await expect(page.getByLabel('Version 1 of 2')).toBeVisible();
  await expect(page.getByLabel('Version 1 of 3')).toBeVisible();
});
