import { execFile } from 'node:child_process';
import type { Page } from '@playwright/test';
import { promisify } from 'node:util';
import OpenAI, { AuthenticationError } from 'openai';
import { freePort } from '../../test-support/free-port';
import { expect, serveRefusal, startServe, test } from '../serve-fixture';
import { tempDir } from '../../test-support/temp-dir';

const run = promisify(execFile);
const GROQ_KEY = 'gsk_e2e_local_api_key_0123456789abcdWXYZ';
const HELLO_SHA256 = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';

test('Settings → Local API: switch on, status, copy the token, and the shown curl works', async ({
  page,
  context,
  upstream,
  dataDir,
}, testInfo) => {
  const serve = await startServe(dataDir, {
    SWITCHBOARD_GROQ_BASE_URL: upstream.url,
    GROQ_API_KEY: GROQ_KEY,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.origin });
  const port = await freePort();
  try {
    await localApiTab(page, serve.url, port, testInfo.outputPath.bind(testInfo));
  } finally {
    await serve.stop();
  }
});

async function localApiTab(
  page: Page,
  url: string,
  port: number,
  outputPath: (name: string) => string,
): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('tab', { name: 'Local API' }).click();
  const status = page.getByRole('status', { name: 'Local API status' });
  await expect(status).toHaveText('Stopped');
  await expect(page.getByRole('switch', { name: 'Local API server' })).not.toBeChecked();
  // Without a token yet, network access cannot even be asked for.
  await expect(page.getByLabel('Allow access from the local network')).toBeDisabled();

  await page.getByLabel('Port').fill(String(port));
  await page.getByRole('button', { name: 'Save port' }).click();
  await page.getByRole('switch', { name: 'Local API server' }).click();
  await expect(status).toHaveText(`Listening on http://127.0.0.1:${port}`);
  await expect(page.getByRole('switch', { name: 'Local API server' })).toBeChecked();
  const masked = page.getByRole('status', { name: 'Bearer token' });
  await expect(masked).toHaveText(/^sb-….{4}$/);

  await page.getByRole('button', { name: 'Copy token' }).click();
  await expect(page.getByRole('alert')).toHaveText('Token copied to the clipboard.');
  const token = String(await page.evaluate('navigator.clipboard.readText()'));
  expect(token).toMatch(/^sb-[A-Za-z0-9_-]{43}$/);
  expect(await masked.innerText()).toBe(`sb-…${token.slice(-4)}`);

  // The example as shown, run by a shell with the token in the variable it names.
  const curl = await page.getByLabel('curl example', { exact: true }).innerText();
  expect(curl).toContain(`http://127.0.0.1:${port}/v1/chat/completions`);
  const { stdout } = await run('sh', ['-c', curl], {
    env: { ...process.env, SWITCHBOARD_API_TOKEN: token },
    timeout: 30_000,
  });
  const answer = JSON.parse(stdout) as { choices: Array<{ message: { content: string } }>; model: string };
  expect(answer.model).toBe('switchboard/open-interpreter');
  expect(answer.choices[0]?.message.content).toContain('Switchboard demo');
  // The API session appears in the sidebar, marked as such.
  await expect(page.getByRole('navigation', { name: 'Sessions' }).getByText(/^API · /)).toBeVisible();

  // "Allow access from the local network" asks first; Cancel leaves it off.
  await page.getByLabel('Allow access from the local network').click();
  const dialog = page.getByRole('dialog', { name: 'Allow access from the local network?' });
  await expect(dialog).toContainText('0.0.0.0');
  await page.screenshot({ path: outputPath('local-api-network-dialog.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('Allow access from the local network')).not.toBeChecked();
  await expect(status).toHaveText(`Listening on http://127.0.0.1:${port}`);
  await page.screenshot({ path: outputPath('local-api.png'), fullPage: true });

  // Off again: the port is closed.
  await page.getByRole('switch', { name: 'Local API server' }).click();
  await expect(status).toHaveText('Stopped');
  await expect(fetch(`http://127.0.0.1:${port}/v1/health`)).rejects.toThrow();
}

test("an API session's code waits for Run in the window, then the API caller gets the answer", async ({
  page,
  upstream,
}) => {
  const dir = await tempDir('switchboard-e2e-');
  const port = await freePort();
  const apiKey = 'sb-e2e-api-key-0123456789abcdefghijklmnopqrstuv';
  const serve = await startServe(
    dir.path,
    { SWITCHBOARD_GROQ_BASE_URL: upstream.url, GROQ_API_KEY: GROQ_KEY, API_KEY: apiKey },
    ['--api', '--api-port', String(port)],
  );
  try {
    await expect
      .poll(() => serve.output())
      .toContain(`Local API listening on http://127.0.0.1:${port} (token: API_KEY)`);
    await page.goto(serve.url);
    const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey, maxRetries: 0 });
    const pending = client.chat.completions.create({
      model: 'switchboard/open-interpreter',
      messages: [{ role: 'user', content: 'What is the SHA-256 of the word hello? Compute it.' }],
    });

    const session = page
      .getByRole('navigation', { name: 'Sessions' })
      .getByRole('button', { name: /What is the SHA-256/ });
    await expect(session).toContainText('API ·');
    await session.click();
    const block = page.getByRole('region', { name: 'python code block' });
    await block.getByRole('button', { name: 'Run' }).click();
    const completion = await pending;
    expect(completion.choices[0]?.message.content).toContain(
      `The SHA-256 of the word is \`${HELLO_SHA256}\``,
    );
    await expect(block.getByLabel('Output')).toContainText(HELLO_SHA256);

    const wrong = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'sb-wrong', maxRetries: 0 });
    await expect(wrong.models.list()).rejects.toBeInstanceOf(AuthenticationError);
  } finally {
    await serve.stop();
    await dir.cleanup();
  }
});

test('serve refuses a non-loopback API bind without a token, before listening', async ({ upstream }) => {
  const dir = await tempDir('switchboard-e2e-');
  try {
    const { code, output } = await serveRefusal(
      dir.path,
      { SWITCHBOARD_GROQ_BASE_URL: upstream.url, API_KEY: '' },
      ['--api', '--api-host', '0.0.0.0', '--api-port', String(await freePort())],
    );
    expect(code).toBe(1);
    expect(output).toContain(
      'The local API did not start: Refusing to listen on 0.0.0.0 without a bearer token',
    );
    expect(output).not.toContain('Switchboard is running');
  } finally {
    await dir.cleanup();
  }
});
