import { expect, test } from '../serve-fixture';

test('Ctrl+, opens Settings and Escape leaves it; Ctrl+/ lists the shortcuts and Escape closes only the list', async ({
  page,
  serve,
}) => {
  await page.goto(serve.url);
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();

  await page.keyboard.press('Control+,');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeHidden();

  await page.keyboard.press('Control+,');
  await page.keyboard.press('Control+/');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  for (const line of ['New chat', 'Open Settings', 'Show or hide the sidebar', 'List keyboard shortcuts']) {
    await expect(dialog.getByRole('row').filter({ hasText: line })).toBeVisible();
  }
  await expect(dialog.getByRole('row').filter({ hasText: 'New chat' })).toContainText('Ctrl+N');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // The first Escape closed the dialog only; Settings is still open.
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeHidden();
});

test('Escape leaves Activity too', async ({ page, serve }) => {
  await page.goto(serve.url);
  await page.getByRole('button', { name: 'Activity' }).click();
  await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Activity' })).toBeHidden();
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
});

test('Ctrl+N starts a new chat from anywhere; Ctrl+B hides and shows the sidebar', async ({
  page,
  serve,
}) => {
  await page.goto(serve.url);
  const sessions = page.getByRole('navigation', { name: 'Sessions' });
  await page.keyboard.press('Control+,');
  await page.keyboard.press('Control+n');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await expect(sessions.locator('[aria-current="page"]')).toContainText('New chat');

  await page.keyboard.press('Control+b');
  await expect(sessions).toBeHidden();
  await page.keyboard.press('Control+b');
  await expect(sessions).toBeVisible();
});
