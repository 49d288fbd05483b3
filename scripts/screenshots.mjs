// `npm run screenshots` (after `npm run build`; the pinned Node, which loads the .ts import below): regenerates the README's screenshots
// (chat, settings, activity, the chat in the dark theme and in Russian)
// from `serve --demo` in Chromium (CHROMIUM_PATH or /usr/bin/chromium) into docs/.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test-support/chromium.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-shots-'));
const serve = spawn(process.execPath, ['out/main/serve.js', '--demo', '--port', '0', '--data-dir', dataDir], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
  let text = '';
  serve.stdout.on('data', (d) => {
    text += d;
    const match = /running at (\S+)/.exec(text);
    if (match) resolve(match[1]);
  });
  serve.once('exit', () => reject(new Error('serve exited')));
});

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  mkdirSync('docs', { recursive: true });
  const page = await browser.newPage({
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    colorScheme: 'light',
  });
  await page.goto(url);
  const message = page.getByRole('textbox', { name: 'Message' });
  await message.fill('What is the SHA-256 of the word hello? Compute it.');
  await message.press('Enter');
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByText('computed by Python').waitFor();
  await message.fill('Show me a heredoc and a case statement.');
  await message.press('Enter');
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByText('a banana or a cherry').first().waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/chat.png' });
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('tab', { name: 'API Keys' }).click();
  await page.screenshot({ path: 'docs/settings.png' });
  await page.getByRole('button', { name: 'Activity' }).click();
  await page.getByText('Recent calls').waitFor();
  await page.screenshot({ path: 'docs/activity.png' });
  // The same chat in the dark theme (System follows the browser's dark scheme) and in Russian.
  for (const [file, options] of [
    ['docs/chat-dark.png', { locale: 'en-US', colorScheme: 'dark' }],
    ['docs/chat-ru.png', { locale: 'ru-RU', colorScheme: 'light' }],
  ]) {
    const other = await browser.newPage({ viewport: { width: 1280, height: 800 }, ...options });
    await other.goto(url);
    await other
      .getByRole('navigation')
      .getByRole('button', { name: /SHA-256/ })
      .click();
    await other.getByText('a banana or a cherry').first().waitFor();
    await other.waitForTimeout(500);
    await other.screenshot({ path: file });
    await other.close();
  }

  // Conversations: a branch (an edited question), the sidebar by date with a pinned chat, search.
  await page
    .getByRole('navigation', { name: 'Sessions' })
    .getByRole('button', { name: /What is the SHA-256/ })
    .click();
  // The chat opens scrolled to its end and only the rows in view are rendered: bring the first
  // question into view before editing it.
  const question = page.getByRole('article', { name: 'You' }).first();
  await question.scrollIntoViewIfNeeded();
  await question.hover();
  await question.getByRole('button', { name: 'Edit' }).click();
  await page
    .getByRole('textbox', { name: 'Edit message' })
    .fill('What is the SHA-256 of the word world? Compute it.');
  await page.getByRole('button', { name: 'Save and send' }).click();
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByText('computed by Python').waitFor();
  await page.getByLabel('Version 2 of 2').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/branch.png' });
  for (const text of ['Explain what this demo can do.', 'Run something long, then I will stop it.']) {
    await page.getByRole('button', { name: 'New chat' }).click();
    await message.fill(text);
    await message.press('Enter');
    const skip = page.getByRole('button', { name: 'Skip' });
    await Promise.race([
      skip.click({ timeout: 5000 }).catch(() => undefined),
      page.getByRole('button', { name: 'Regenerate', exact: true }).waitFor(),
    ]);
    await page.getByRole('button', { name: 'Send' }).waitFor();
  }
  const row = page
    .getByRole('navigation', { name: 'Sessions' })
    .getByRole('listitem')
    .filter({ hasText: 'Explain what this demo' });
  await row.hover();
  await row.getByRole('button', { name: 'Chat actions' }).click();
  await page.getByRole('menuitem', { name: 'Pin to top' }).click();
  await page.getByRole('region', { name: 'Pinned' }).waitFor();
  await page.screenshot({ path: 'docs/sidebar.png' });
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search all chats' }).fill('sha256');
  await page.getByRole('list', { name: 'Search results' }).waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'docs/search.png' });
  console.log(
    'wrote docs/chat.png, docs/settings.png, docs/activity.png, docs/chat-dark.png, docs/chat-ru.png, docs/branch.png, docs/sidebar.png, docs/search.png',
  );
} finally {
  await browser.close();
  serve.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
