import { expect, startServe, test } from '../serve-fixture';
import { seedLongChat } from '../../test-support/seed-chat';
import { tempDir } from '../../test-support/temp-dir';

test('a 1,000-message chat opens at its newest message, keeps few rows in the page, and offers Jump to latest after scrolling up', async ({
  page,
}) => {
  const dir = await tempDir('switchboard-e2e-long-');
  const { title } = seedLongChat(dir.path, 200);
  const serve = await startServe(dir.path, {});
  try {
    await page.goto(serve.url);
    await page
      .getByRole('navigation', { name: 'Sessions' })
      .getByRole('button', { name: new RegExp(title) })
      .click();
    const log = page.getByRole('log', { name: 'Conversation' });
    await expect(log.getByText('Answer 200: the square of 200 is 40000.')).toBeVisible();
    // Only the rows near the viewport are in the DOM, not all 1,000 messages.
    expect(await log.getByRole('article').count()).toBeLessThan(60);
    await expect(page.getByRole('button', { name: /Jump to latest/ })).toBeHidden();

    await log.hover();
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -1500);
    await expect(page.getByRole('button', { name: /Jump to latest/ })).toBeVisible();
    await expect(log.getByText('Answer 200: the square of 200 is 40000.')).toBeHidden();

    await page.getByRole('button', { name: /Jump to latest/ }).click();
    await expect(log.getByText('Answer 200: the square of 200 is 40000.')).toBeVisible();
    await expect(page.getByRole('button', { name: /Jump to latest/ })).toBeHidden();
  } finally {
    await serve.stop();
    await dir.cleanup();
  }
});
