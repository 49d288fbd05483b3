import type { Page } from '@playwright/test';
import { expect } from './serve-fixture';

/** A scripted-upstream matcher for requests sent with `key` (`Authorization: Bearer …`). */
export const bearer = (key: string) => (request: { headers: Record<string, unknown> }) =>
  request.headers.authorization === `Bearer ${key}`;

/**
 * Opens the app, switches the agent backend to plain chat and saves `keys` as the Groq key
 * pool through Settings, as a person does; resolves once the pool lists every key's fingerprint.
 */
export async function useChatWithGroqPool(page: Page, url: string, keys: string[]): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('tab', { name: 'General' }).click();
  await page.getByLabel('Agent Backend').selectOption('chat');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved.')).toBeVisible();

  await page.getByRole('tab', { name: 'API Keys' }).click();
  await page.getByLabel('Groq API key pool', { exact: true }).fill(keys.join('\n'));
  await page.getByRole('button', { name: 'Save Groq API key pool' }).click();
  const pool = page.getByRole('group', { name: 'Groq API key pool' });
  for (const key of keys) await expect(pool).toContainText(`gsk_…${key.slice(-4)}`);
}

/** Opens the session whose sidebar entry matches `session` and sends `text` in it. */
export async function sendInSession(page: Page, session: RegExp, text: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sessions' }).getByRole('button', { name: session }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
}
