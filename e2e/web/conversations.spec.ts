import { expect, say, sidebar, test } from './conversations-fixture';

test('chats are stored from their first message, grouped by date, renamed, pinned, deleted with Undo, and the last one reopens', async ({
  page,
  serve,
}) => {
  await page.goto(serve.url);
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(sidebar(page).getByText('No conversations yet.')).toBeVisible();

  await say(page, 'How do   pandas dataframes join on two columns when the keys differ in name?');
  const today = sidebar(page).getByRole('region', { name: 'Today' });
  const first = today.getByRole('button', {
    name: /^How do pandas dataframes join on two columns when the keys…/,
  });
  await expect(first).toBeVisible();

  // Rename in place: double-click, type, Enter.
  await first.dblclick();
  await sidebar(page).getByRole('textbox', { name: 'Chat title' }).fill('Pandas joins');
  await sidebar(page).getByRole('textbox', { name: 'Chat title' }).press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pandas joins');

  await page.getByRole('button', { name: 'New chat' }).click();
  await say(page, 'Second chat');
  // F2 renames too; Escape cancels.
  const second = today.getByRole('button', { name: /^Second chat/ });
  await second.press('F2');
  await sidebar(page).getByRole('textbox', { name: 'Chat title' }).fill('not this');
  await sidebar(page).getByRole('textbox', { name: 'Chat title' }).press('Escape');
  await expect(second).toBeVisible();

  // Pin the first chat: it moves to the Pinned group, above Today.
  await sidebar(page)
    .getByRole('listitem')
    .filter({ hasText: 'Pandas joins' })
    .getByRole('button', { name: 'Chat actions' })
    .click();
  await page.getByRole('menuitem', { name: 'Pin to top' }).click();
  await expect(
    sidebar(page)
      .getByRole('region', { name: 'Pinned' })
      .getByRole('button', { name: /Pandas joins/ }),
  ).toBeVisible();
  await expect(sidebar(page).getByRole('heading').first()).toHaveText('Pinned');

  // Delete, then Undo brings it back.
  const row = sidebar(page).getByRole('listitem').filter({ hasText: 'Second chat' });
  await row.getByRole('button', { name: 'Chat actions' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted “Second chat”' })).toBeVisible();
  await expect(second).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(second).toBeVisible();

  // Delete for good: once the toast is gone, a reload does not bring it back.
  await row.getByRole('button', { name: 'Chat actions' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveCount(0, { timeout: 10_000 });

  // The last chat opened comes back after a reload.
  await sidebar(page)
    .getByRole('button', { name: /Pandas joins/ })
    .click();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pandas joins');
  await expect(page.getByRole('article', { name: 'Assistant' })).toContainText('Reply 1 to How do pandas');
  await expect(sidebar(page).getByRole('button', { name: /Second chat/ })).toHaveCount(0);
  // Nothing else was stored: the two New chat clicks left no empty sessions.
  const token = new URL(serve.url).searchParams.get('token') ?? '';
  const listed = await page.request.post(`${serve.origin}/bridge/sessions.list`, {
    data: {},
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await listed.json()) as {
    result: { sessions: Array<{ title: string; message_count: number }> };
  };
  expect(body.result.sessions.map((s) => [s.title, s.message_count])).toEqual([['Pandas joins', 2]]);
});
