import { readFile } from 'node:fs/promises';
import { expect, say, sidebar, test } from './conversations-fixture';

const RICH_REPLY = [
  'Here is the plan.',
  '',
  '| Step | Tool |',
  '| --- | --- |',
  '| hash | hashlib |',
  '',
  '> Measure twice, cut once.',
  '',
  'Docs: [Python hashlib](https://docs.python.org/3/library/hashlib.html), and a trap: [click](javascript:alert(1)).',
  '',
  '```rust',
  'fn main() {',
  '    println!("hi");',
  '}',
  '```',
].join('\n');

test('search finds words in every chat, marks them safely and opens the chat at the message', async ({
  page,
  serve,
}, testInfo) => {
  await page.goto(serve.url);
  await say(page, 'Which <b>tags</b> does the zebrafish genome use?');
  await page.getByRole('button', { name: 'New chat' }).click();
  await say(page, 'Something about penguins');
  for (let i = 0; i < 12; i++)
    await say(page, `filler message number ${i} to push the first message out of view`);

  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Search chats' });
  await dialog.getByRole('searchbox', { name: 'Search all chats' }).fill('zebrafi');
  const results = dialog.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('button')).toHaveCount(2); // the question and the reply that quotes it
  const hit = results.getByRole('button').filter({ hasText: 'You:' });
  await expect(hit).toContainText('Which <b>tags</b> does the zebrafish genome use?');
  await expect(hit.locator('mark')).toHaveText('zebrafish');
  await expect(hit).toContainText('Which <b>tags</b> does the');
  await page.screenshot({ path: testInfo.outputPath('search.png') });

  await hit.click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Which <b>tags</b> does the zebrafish genome use?',
  );
  await expect(page.getByRole('article', { name: 'You' }).first()).toBeInViewport();

  // Searching the penguin chat's 14th message scrolls down to it.
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await dialog.getByRole('searchbox', { name: 'Search all chats' }).fill('number 11');
  await dialog.getByRole('button').filter({ hasText: 'You:' }).first().click();
  await expect(
    page.getByRole('article', { name: 'You' }).filter({ hasText: 'number 11 to push' }),
  ).toBeInViewport();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Something about penguins');
});

test('replies: highlighted code with Copy, bordered tables, blockquotes, links that open outside the app, time on hover', async ({
  page,
  serve,
  upstream,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  upstream.setRules([{ reply: RICH_REPLY }]);
  await page.goto(serve.url);
  await say(page, 'Show me everything');
  const reply = page.getByRole('article', { name: 'Assistant' });
  await expect(reply.getByRole('table')).toContainText('hashlib');
  await expect(reply.getByRole('cell', { name: 'hash', exact: true })).toHaveCSS('border-top-style', 'solid');
  await expect(reply.getByRole('blockquote')).toHaveText('Measure twice, cut once.');
  // highlight.js marked the keywords (coloured through the theme's variables).
  await expect(reply.locator('code.language-rust .hljs-keyword').first()).toHaveText('fn');

  await reply.getByRole('button', { name: 'Copy code' }).click();
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(
    'fn main() {\n    println!("hi");\n}\n',
  );
  await reply.hover();
  await expect(reply.locator('time')).toBeVisible();
  await reply.getByRole('button', { name: 'Copy message' }).click();
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(RICH_REPLY);

  // A link opens a new tab (noopener); the app's page stays where it is. A javascript: link is not a link.
  const link = reply.getByRole('link', { name: 'Python hashlib' });
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', /noopener/);
  await expect(reply.getByRole('link', { name: 'click' })).toHaveCount(0);
  await context.route('https://docs.python.org/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>hashlib</title>' }),
  );
  const appUrl = page.url();
  const popup = page.waitForEvent('popup');
  await link.click();
  const opened = await popup;
  expect(opened.url()).toContain('docs.python.org');
  expect(await opened.evaluate('window.opener')).toBeNull();
  await opened.close();
  expect(page.url()).toBe(appUrl);
});

test('a runnable block is highlighted, and its code and output can be copied', async ({
  page,
  serve,
  upstream,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  upstream.setRules([
    { match: 'was executed on my machine', reply: 'It printed 42.' },
    { reply: 'Computing.\n\n```python\nx = 6 * 7\nprint(x)\n```' },
  ]);
  await page.goto(serve.url);
  await page.getByRole('textbox', { name: 'Message' }).fill('What is six times seven?');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  const block = page.getByRole('region', { name: 'python code block' });
  await expect(block.locator('.hljs-built_in').first()).toHaveText('print');
  await block.getByRole('button', { name: 'Run' }).click();
  await expect(block.getByLabel('Output', { exact: true })).toContainText('exit 0');
  await block.getByRole('button', { name: 'Copy code' }).click();
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe('x = 6 * 7\nprint(x)');
  await block.getByRole('button', { name: 'Copy console text' }).click();
  expect((await page.evaluate<string>('navigator.clipboard.readText()')).trim()).toBe('42');
});

test('export as Markdown and JSON, import the JSON as a new chat, refuse a bad file', async ({
  page,
  serve,
  upstream,
}) => {
  upstream.setRules([{ reply: 'Use:\n\n```\nsha256sum file\n```' }]);
  await page.goto(serve.url);
  await say(page, 'How do I hash a file?');

  await page.getByRole('button', { name: 'Export' }).click();
  const markdownDownload = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: /^Markdown/ }).click();
  const markdown = await markdownDownload;
  expect(markdown.suggestedFilename()).toBe('How-do-I-hash-a-file.md');
  const md = await readFile((await markdown.path()) as string, 'utf8');
  expect(md).toContain('# How do I hash a file?');
  expect(md).toContain('```\nsha256sum file\n```');

  await page.getByRole('button', { name: 'Export' }).click();
  const jsonDownload = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'JSON (.json)' }).click();
  const jsonPath = (await (await jsonDownload).path()) as string;
  const exported = JSON.parse(await readFile(jsonPath, 'utf8')) as {
    messages: Array<{ role: string; content: string }>;
  };
  expect(exported.messages.map((m) => m.role)).toEqual(['user', 'assistant']);

  await sidebar(page)
    .getByLabel('Chat file (JSON)')
    .setInputFiles({
      name: 'chat.json',
      mimeType: 'application/json',
      buffer: Buffer.from(await readFile(jsonPath)),
    });
  await expect(sidebar(page).getByRole('button', { name: /How do I hash a file\?/ })).toHaveCount(2);
  await expect(page.getByRole('article', { name: 'Assistant' })).toContainText('sha256sum file');

  await sidebar(page)
    .getByLabel('Chat file (JSON)')
    .setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"messages": 3}'),
    });
  await expect(sidebar(page).getByRole('alert')).toContainText(
    'This file is not a chat Switchboard can import: format',
  );
});

test('the composer sets this chat’s provider and model, and a dropped file lands in the chat’s folder with its path in the message', async ({
  page,
  serve,
  upstream,
}) => {
  upstream.setRules([{ reply: (request) => `Model ${String(request.body?.model)}` }]);
  await page.goto(serve.url);
  await page.getByLabel('Provider for this chat').selectOption('groq');
  await page.getByRole('combobox', { name: 'Model for this chat' }).fill('llama-3.3-70b-versatile');
  await page.getByRole('combobox', { name: 'Model for this chat' }).press('Enter');
  await say(page, 'Which model are you?');
  await expect(page.getByRole('article', { name: 'Assistant' })).toContainText(
    'Model llama-3.3-70b-versatile',
  );

  // Another chat keeps the default model.
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.getByLabel('Provider for this chat')).toHaveValue('');
  await say(page, 'And you?');
  await expect(page.getByRole('article', { name: 'Assistant' })).toContainText('Model llama-3.1-8b-instant');

  // Drop a file on the composer.
  const drop = await page.evaluateHandle(
    `(() => { const transfer = new DataTransfer(); transfer.items.add(new File(['a,b\\n1,2\\n'], 'data.csv', { type: 'text/csv' })); return transfer; })()`,
  );
  await page.locator('form.composer').dispatchEvent('drop', { dataTransfer: drop });
  const message = page.getByRole('textbox', { name: 'Message' });
  await expect(message).toHaveValue(/I put a file at \S+data\.csv/);
  const path = /I put a file at (\S+data\.csv)/.exec(await message.inputValue())?.[1] as string;
  // The chat's workspace folder lives beside the data dir (never inside it).
  expect(path.startsWith(`${serve.dataDir}-workspace`)).toBe(true);
  expect(await readFile(path, 'utf8')).toBe('a,b\n1,2\n');
  await message.press('Enter');
  await expect.poll(() => upstream.chatRequests().at(-1)?.body?.messages?.at(-1)?.content).toContain(path);
});
