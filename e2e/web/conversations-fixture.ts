import type { Page } from '@playwright/test';
import { lastMessageText, type ScriptRule } from '../../test-support/scripted-upstream';
import { expect, startServe, test as base, type RunningServe } from '../serve-fixture';

/**
 * The serve fixture with a Groq key from the environment (so no test spends time in Settings),
 * the chat backend and numbered scripted replies: "Reply N to <last message>".
 */
export const test = base.extend<{ serve: RunningServe }>({
  serve: async ({ upstream, dataDir }, use) => {
    upstream.setRules(numberedReplies());
    const serve = await startServe(dataDir, {
      SWITCHBOARD_GROQ_BASE_URL: upstream.url,
      GROQ_API_KEY: 'gsk_e2e_conversations_0001',
    });
    await use(serve);
    await serve.stop();
  },
});

/** Replies "Reply N to <last message>", N counting every chat request. */
export function numberedReplies(): ScriptRule[] {
  let n = 0;
  return [{ reply: (request) => `Reply ${++n} to ${lastMessageText(request)}` }];
}

/** Types a message in the composer and sends it, then waits for the turn to end. */
export async function say(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  // Sent once the composer is empty (the turn is busy from then on); done when Send is back.
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('');
  await page.getByRole('button', { name: 'Send' }).waitFor();
}

/** The chats in the sidebar. */
export const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Sessions' });

export { expect } from '../serve-fixture';
