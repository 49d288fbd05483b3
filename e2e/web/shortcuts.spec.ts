import { expect, saveGroqKey, test } from '../serve-fixture';

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
  // A new chat is stored only once it has a message: the window shows it, empty.
  await expect(page.getByRole('heading', { name: 'New chat' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeHidden();

  await page.keyboard.press('Control+b');
  await expect(sessions).toBeHidden();
  await page.keyboard.press('Control+b');
  await expect(sessions).toBeVisible();
});

test('Ctrl+K opens the search over every chat', async ({ page, serve }) => {
  await page.goto(serve.url);
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('searchbox', { name: 'Search all chats' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('searchbox', { name: 'Search all chats' })).toBeHidden();
});

test('Up in an empty composer opens the last message for editing', async ({ page, serve }) => {
  await page.goto(serve.url);
  await saveGroqKey(page, 'gsk_e2e_shortcut_key_0123456789abcdefWXYZ');
  await page.getByRole('button', { name: 'New chat' }).click();
  const message = page.getByRole('textbox', { name: 'Message' });
  await message.fill('Explain what this demo can do.');
  await message.press('Enter');
  // The demo may propose a block first; skipping it ends the turn.
  await Promise.race([
    page
      .getByRole('button', { name: 'Skip' })
      .click({ timeout: 5000 })
      .catch(() => undefined),
    page.getByRole('button', { name: 'Regenerate', exact: true }).waitFor(),
  ]);
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await message.fill('not empty');
  await message.press('ArrowUp');
  await expect(page.getByRole('textbox', { name: 'Edit message' })).toBeHidden();
  await message.fill('');
  await message.press('ArrowUp');
  await expect(page.getByRole('textbox', { name: 'Edit message' })).toHaveValue(
    'Explain what this demo can do.',
  );
});
