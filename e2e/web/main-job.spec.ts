import type { Page } from '@playwright/test';
import { expect, filesContaining, saveGroqKey, startServe, test } from '../serve-fixture';

const HELLO_SHA256 = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
const WORLD_SHA256 = '486ea46224d1bb4fb680f34f7c9ad96a8f24ec88be73ea8e5a6c65260e9cb8a7';
const GROQ_KEY = 'gsk_e2e_test_key_0123456789abcdefWXYZ';

async function approveNextBlock(page: Page): Promise<void> {
  const block = page.getByRole('region', { name: /code block/ }).last();
  await expect(block.getByRole('button', { name: 'Run' })).toBeVisible();
  await expect(block.getByRole('button', { name: 'Edit' })).toBeVisible();
  await expect(block.getByRole('button', { name: 'Skip' })).toBeVisible();
  await block.getByRole('button', { name: 'Run' }).click();
}

test('key in Settings → chat → approve python → real output → answer, with what the upstream received', async ({ page, serve, upstream }, testInfo) => {
  await page.goto(serve.url);
  await saveGroqKey(page, GROQ_KEY);

  await page.getByRole('tab', { name: 'General' }).click();
  await page.getByLabel('Agent Backend').selectOption('open_interpreter');
  await page.getByLabel('Open Interpreter Provider').selectOption('groq');
  await expect(page.getByLabel('Open Interpreter Model')).toHaveValue('llama-3.1-8b-instant');
  await expect(page.getByLabel('History messages')).toHaveValue('4');
  await expect(page.getByLabel('History chars')).toHaveValue('120');
  await expect(page.getByLabel('Requests per minute')).toHaveValue('0');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved.')).toBeVisible();

  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill('What is the SHA-256 of the word hello? Compute it.');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');

  const block = page.getByRole('region', { name: 'python code block' });
  await expect(block).toContainText('hashlib.sha256');
  await expect(page.getByRole('status').filter({ hasText: 'Waiting for your approval' })).toBeVisible();
  await approveNextBlock(page);

  await expect(block.getByLabel('Output')).toContainText(HELLO_SHA256);
  await expect(block.getByLabel('Output')).toContainText('exit 0');
  const answer = page.getByRole('article', { name: 'Assistant' }).last();
  await expect(answer).toContainText(`The SHA-256 of the word is ${HELLO_SHA256}`);
  await expect(answer).toContainText('Groq · llama-3.1-8b-instant');
  await page.screenshot({ path: testInfo.outputPath('main-job.png'), fullPage: true });

  // A second turn, so history trimming shows in what the upstream receives.
  await page.getByRole('textbox', { name: 'Message' }).fill('Now the SHA-256 of the word world, please.');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await approveNextBlock(page);
  await expect(page.getByRole('article', { name: 'Assistant' }).last()).toContainText(WORLD_SHA256);

  const requests = upstream.chatRequests();
  expect(requests).toHaveLength(4);
  const systemLengths = new Set<number>();
  for (const request of requests) {
    expect(request.headers.authorization).toBe(`Bearer ${GROQ_KEY}`);
    expect(request.body?.model).toBe('llama-3.1-8b-instant');
    const systems = (request.body?.messages ?? []).filter((m) => m.role === 'system');
    expect(systems).toHaveLength(1);
    systemLengths.add(systems[0]?.content?.length ?? -1);
  }
  expect(systemLengths.size).toBe(1);
  // The follow-up request carries the real console output.
  const followUp = requests[1]?.body?.messages ?? [];
  expect(followUp[followUp.length - 1]?.content).toContain(HELLO_SHA256);
  // Turn 2 starts with at most 4 earlier messages, each cut to 120 characters.
  const turnTwo = requests[2]?.body?.messages ?? [];
  const history = turnTwo.slice(1, -1);
  expect(history.length).toBe(4);
  for (const m of history) expect((m.content ?? '').length).toBeLessThanOrEqual(120);
  expect(turnTwo[turnTwo.length - 1]).toEqual({ role: 'user', content: 'Now the SHA-256 of the word world, please.' });

  // After keys are saved, no file under the data dir holds the key in plaintext.
  expect(await filesContaining(serve.dataDir, GROQ_KEY)).toEqual([]);
});

test('a shell block with a heredoc and case … esac runs exactly as written', async ({ page, serve }) => {
  await page.goto(serve.url);
  await saveGroqKey(page, GROQ_KEY);
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill('Show me a heredoc and a case statement.');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  const block = page.getByRole('region', { name: 'shell code block' });
  await approveNextBlock(page);
  const output = block.getByLabel('Output');
  await expect(output).toContainText('literal $ sign');
  await expect(output).toContainText('a banana or a cherry');
  await expect(output).toContainText('exit 0');
  await expect(output).not.toContainText('syntax error');
});

test('Stop ends a running block and the turn', async ({ page, serve }) => {
  await page.goto(serve.url);
  await saveGroqKey(page, GROQ_KEY);
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill('Run something long.');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  const block = page.getByRole('region', { name: 'shell code block' });
  await approveNextBlock(page);
  await expect(block.getByLabel('Output')).toContainText('tick 2');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(block.getByLabel('Output')).toContainText('stopped', { timeout: 5_000 });
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  const text = await block.getByLabel('Output').innerText();
  await page.waitForTimeout(1500);
  expect(await block.getByLabel('Output').innerText()).toBe(text);
});

test('Skip tells the model the code was declined and ends the turn', async ({ page, serve, upstream }) => {
  await page.goto(serve.url);
  await saveGroqKey(page, GROQ_KEY);
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill('List the files here.');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  const block = page.getByRole('region', { name: 'shell code block' });
  await block.getByRole('button', { name: 'Skip' }).click();
  await expect(block).toContainText('skipped');
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
  expect(upstream.chatRequests()).toHaveLength(1);
});

test('conversations survive a restart of serve', async ({ page, serve, upstream }) => {
  await page.goto(serve.url);
  await saveGroqKey(page, GROQ_KEY);
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill('What is the SHA-256 of the word hello? Compute it.');
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await approveNextBlock(page);
  await expect(page.getByRole('article', { name: 'Assistant' }).last()).toContainText(HELLO_SHA256);

  await serve.stop();
  const again = await startServe(serve.dataDir, { SWITCHBOARD_GROQ_BASE_URL: upstream.url });
  try {
    expect(again.url).toBe(serve.url.replace(serve.origin, again.origin));
    await page.goto(again.url);
    const session = page.getByRole('navigation', { name: 'Sessions' }).getByRole('button', { name: /What is the SHA-256/ });
    await expect(session).toBeVisible();
    await session.click();
    await expect(page.getByRole('region', { name: 'python code block' }).getByLabel('Output')).toContainText(HELLO_SHA256);
    await expect(page.getByRole('article', { name: 'Assistant' }).last()).toContainText(HELLO_SHA256);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('tab', { name: 'API Keys' }).click();
    await expect(page.getByRole('group', { name: 'Groq API Key (Open Interpreter)' })).toContainText('gsk_…WXYZ');
  } finally {
    await again.stop();
  }
});

test('without the token the bridge answers 401', async ({ request, serve }) => {
  expect((await request.post(`${serve.origin}/bridge/sessions.list`, { data: {} })).status()).toBe(401);
  expect((await request.post(`${serve.origin}/bridge/sessions.list`, { data: {}, headers: { authorization: 'Bearer wrong' } })).status()).toBe(401);
  expect((await request.get(serve.url)).status()).toBe(200);
});

test('bad settings are refused beside their field and nothing is half-saved', async ({ page, serve }) => {
  await page.goto(serve.url);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('History messages').fill('-3');
  await page.getByLabel('Provider Registry (JSON)').fill('[{"id": "gemini-a", "api_base": "ftp://nope", "model": "m"}]');
  await page.getByLabel('Agent Backend').selectOption('chat');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('must be 0 or more')).toBeVisible();
  await expect(page.getByText('entry 1 (`gemini-a`): `api_base` must be an http(s) URL')).toBeVisible();
  await expect(page.getByLabel('History messages')).toHaveAttribute('aria-invalid', 'true');

  await page.reload();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByLabel('Agent Backend')).toHaveValue('open_interpreter');
  await expect(page.getByLabel('History messages')).toHaveValue('4');

  await page.getByLabel('Provider Registry (JSON)').fill('not json');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(/is not valid JSON/)).toBeVisible();
});
