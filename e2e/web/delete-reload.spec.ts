import type { Page } from '@playwright/test';
import { expect, say, sidebar, test } from './conversations-fixture';

test('a chat deleted just before a reload stays deleted; Undo before the reload keeps it', async ({
  page,
  serve,
}) => {
  await page.goto(serve.url);
  await say(page, 'Keep me');
  await page.getByRole('button', { name: 'New chat' }).click();
  await say(page, 'Delete me');
  const doomed = sidebar(page).getByRole('button', { name: /^Delete me/ });
  const kept = sidebar(page).getByRole('button', { name: /^Keep me/ });
  const undo = page.getByRole('button', { name: 'Undo' });
  const remove = async () => {
    await sidebar(page)
      .getByRole('listitem')
      .filter({ hasText: 'Delete me' })
      .getByRole('button', { name: 'Chat actions' })
      .click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await expect(doomed).toHaveCount(0);
  };

  // Undo, then a reload: the chat is there.
  await remove();
  await undo.click();
  await expect(doomed).toBeVisible();
  await page.reload();
  await expect(doomed).toBeVisible();

  // Delete and reload while Undo is still offered: the chat does not come back.
  const id = await chatId(page, serve, 'Delete me');
  await remove();
  await expect(undo).toBeVisible();
  await page.reload();
  await expect(kept).toBeVisible();
  await expect(doomed).toHaveCount(0);
  // Once the undo window is over the core has deleted it for good; another reload keeps it gone.
  await expect
    .poll(async () => (await call(page, serve, 'sessions.get', { sessionId: id })).error?.code, {
      timeout: 20_000,
    })
    .toBe('session_not_found');
  await page.reload();
  await expect(kept).toBeVisible();
  await expect(doomed).toHaveCount(0);
});

type Serve = { origin: string; url: string };
type Answer = { ok: boolean; result?: unknown; error?: { code: string } };

/** Calls a contract method over the HTTP bridge with the page's token. */
async function call(page: Page, serve: Serve, method: string, input: unknown): Promise<Answer> {
  const token = new URL(serve.url).searchParams.get('token') ?? '';
  const response = await page.request.post(`${serve.origin}/bridge/${method}`, {
    data: { input },
    headers: { authorization: `Bearer ${token}` },
  });
  return (await response.json()) as Answer;
}

/** The id of the listed chat titled `title`. */
async function chatId(page: Page, serve: Serve, title: string): Promise<string> {
  const listed = (await call(page, serve, 'sessions.list', {})).result as {
    sessions: Array<{ id: string; title: string }>;
  };
  const found = listed.sessions.find((s) => s.title === title);
  if (found) return found.id;
  throw new Error(`no chat titled ${title}`);
}
