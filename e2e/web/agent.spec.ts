import { readFile, writeFile } from 'node:fs/promises';
import JSZip from 'jszip';
import type { Page } from '@playwright/test';
import { lastMessageText } from '../../test-support/scripted-upstream';
import { expect, startServe, test as base, type RunningServe, saveGroqKey } from '../serve-fixture';

/**
 * The code-running agent in the browser: typing into a block's terminal, plots as
 * images, Stop during a long block, the destructive-pattern flag. `serve` runs with
 * /usr/bin first on PATH, so python3 is Debian's, which has matplotlib (python3-matplotlib,
 * installed by .ci/run).
 */
const test = base.extend<{ serve: RunningServe }>({
  serve: async ({ upstream, dataDir }, use) => {
    const serve = await startServe(dataDir, {
      SWITCHBOARD_GROQ_BASE_URL: upstream.url,
      PATH: `/usr/bin:${process.env.PATH ?? ''}`,
    });
    await use(serve);
    await serve.stop();
  },
});

const GROQ_KEY = 'gsk_e2e_agent_key_0123456789abcdefWXYZ';

async function openChat(page: Page, serve: RunningServe): Promise<void> {
  await page.goto(serve.url);
  await saveGroqKey(page, GROQ_KEY);
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.getByRole('heading', { name: 'New chat' })).toBeVisible();
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
}

test('a block that asks input() is answered by typing into its terminal', async ({ page, serve }) => {
  await openChat(page, serve);
  await send(page, 'Greet me by my name.');
  const block = page.getByRole('region', { name: 'python code block' });
  await block.getByRole('button', { name: 'Run' }).click();
  const terminal = block.getByRole('group', { name: /Terminal \(click to type/ });
  await expect(terminal).toContainText('What is your name?');
  await terminal.click();
  await page.keyboard.type('Ada');
  await page.keyboard.press('Enter');
  await expect(block.getByLabel('Output')).toContainText('Hello, Ada!');
  await expect(block.getByLabel('Output')).toContainText('exit 0');
  await expect(page.getByRole('article', { name: 'Assistant' }).last()).toContainText('Hello, Ada!');
});

test('a matplotlib plot appears as an image, the model is told, and it is still there after a reload', async ({
  page,
  serve,
  upstream,
}, testInfo) => {
  await openChat(page, serve);
  await send(page, 'Plot the first ten squares.');
  const block = page.getByRole('region', { name: 'python code block' });
  await block.getByRole('button', { name: 'Run' }).click();
  const plot = page.getByRole('img', { name: 'Plot produced by the code' });
  await expect(plot).toBeVisible({ timeout: 30_000 });
  expect(
    await plot.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
  ).toBeGreaterThan(100);
  await expect(block.getByLabel('Output')).toContainText('plotted 10 points');
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('plot.png') });
  const followUp = upstream.chatRequests()[1];
  expect(followUp && lastMessageText(followUp)).toContain(
    'It also produced an image, which is shown to the user.',
  );

  await page.reload();
  await page
    .getByRole('navigation', { name: 'Sessions' })
    .getByRole('button', { name: /Plot the first ten squares/ })
    .click();
  await expect(page.getByRole('img', { name: 'Plot produced by the code' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'python code block' }).getByLabel('Output')).toContainText(
    'plotted 10 points',
  );

  // Exported as Markdown, the plot is a file of its own beside the .md, which links to it.
  await page.getByRole('button', { name: 'Export' }).click();
  const item = page.getByRole('menuitem', { name: /^Markdown/ });
  await expect(item).toHaveText('Markdown (.md; with pictures, a .zip)');
  await page.screenshot({ path: testInfo.outputPath('export-menu.png') });
  const download = page.waitForEvent('download');
  await item.click();
  const archive = await download;
  expect(archive.suggestedFilename()).toBe('Plot-the-first-ten-squares.zip');
  await archive.saveAs(testInfo.outputPath(archive.suggestedFilename()));
  const zip = await JSZip.loadAsync(await readFile((await archive.path()) as string));
  const md = (await zip.file('Plot-the-first-ten-squares.md')?.async('string')) ?? '';
  expect(md).toContain('# Plot the first ten squares');
  expect(md).toContain('plotted 10 points');
  expect(md).toContain('![Image produced by the code](images/1.png)');
  const image = await zip.file('images/1.png')?.async('nodebuffer');
  expect(image?.subarray(0, 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
  await writeFile(testInfo.outputPath('exported-plot.png'), image ?? Buffer.alloc(0));
});

test('Stop during sleep 30 gives control back within 2 s', async ({ page, serve }) => {
  await openChat(page, serve);
  await send(page, 'Run sleep 30 for me.');
  const block = page.getByRole('region', { name: 'shell code block' });
  await block.getByRole('button', { name: 'Run' }).click();
  await expect(block.getByLabel('Output')).toContainText('sleeping');
  await expect(page.getByRole('status').filter({ hasText: 'Running code…' })).toBeVisible();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible({ timeout: 2_000 });
  await expect(block).toContainText('stopped', { timeout: 2_000 });
  await expect(block.getByLabel('Output')).not.toContainText('woke up');
});

test('a destructive block is flagged in red and waits even in Auto-run, with the warning-not-sandbox note', async ({
  page,
  serve,
  upstream,
}) => {
  await openChat(page, serve);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Code approval').selectOption({ label: 'Auto-run' });
  await expect(page.getByText('That list is a warning, not a sandbox')).toBeVisible();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.getByRole('button', { name: 'New chat', exact: true }).click();

  // Harmless even if it ran (a dry run on a device that does not exist); the test skips it.
  await send(page, 'Format the disk for me.');
  const block = page.getByRole('region', { name: 'shell code block' });
  const warning = block.getByRole('alert');
  await expect(warning).toContainText('Formats a disk');
  await expect(warning).toContainText('This is a warning, not a sandbox');
  await expect(block).toContainText(
    'Auto-run is on, but this block waits because it matches a destructive pattern.',
  );
  await expect(page.getByRole('status').filter({ hasText: 'Waiting for your approval' })).toBeVisible();
  await block.getByRole('button', { name: 'Skip' }).click();
  await expect(block).toContainText('skipped');
  expect(upstream.chatRequests()).toHaveLength(1);
});

test('leaving a session cancels its pending approval', async ({ page, serve }) => {
  await openChat(page, serve);
  await send(page, 'Plot the first ten squares.');
  const block = page.getByRole('region', { name: 'python code block' });
  await expect(block.getByRole('button', { name: 'Run' })).toBeVisible();
  await page.getByRole('button', { name: 'New chat' }).click();
  await page
    .getByRole('navigation', { name: 'Sessions' })
    .getByRole('button', { name: /Plot the first ten squares/ })
    .click();
  await expect(block).toContainText('stopped');
  await expect(block.getByRole('button', { name: 'Run' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
});

test('a block that prints 50 MB does not freeze the window', async ({ page, serve }) => {
  test.slow();
  await openChat(page, serve);
  await send(page, 'Print 50 MB of output.');
  const block = page.getByRole('region', { name: 'python code block' });
  await block.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Running code…' })).toBeVisible();
  // While the flood runs, the page answers and the composer takes typing.
  await page.getByRole('textbox', { name: 'Message' }).fill('still responsive');
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('still responsive');
  const output = block.getByLabel('Output');
  await expect(output).toContainText('exit 0', { timeout: 90_000 });
  await expect(output).toContainText('THE-END');
  await expect(output).toContainText('earlier output was cut');
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible({ timeout: 30_000 });
});
