// `node scripts/screenshots.mjs` (after `npm run build`): regenerates the README's screenshots
// from `serve --demo` in Chromium (CHROMIUM_PATH or /usr/bin/chromium) into docs/.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

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

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  mkdirSync('docs', { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
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

  // Conversations: a branch (an edited question), the sidebar by date with a pinned chat, search.
  await page
    .getByRole('navigation', { name: 'Sessions' })
    .getByRole('button', { name: /What is the SHA-256/ })
    .click();
  const question = page.getByRole('article', { name: 'You' }).first();
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
    'wrote docs/chat.png, docs/settings.png, docs/activity.png, docs/branch.png, docs/sidebar.png, docs/search.png',
  );
} finally {
  await browser.close();
  serve.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
