import { randomBytes } from 'node:crypto';
import { freePort } from '../../test-support/free-port';
import { startRedisServer } from '../../test-support/redis-server';
import { tempDir } from '../../test-support/temp-dir';
import { expect, filesContaining, startServe, test } from '../serve-fixture';

test('Settings → Local API → Shared state: a Redis URL shares the router state; its password is kept with the keys', async ({
  page,
  serve,
}, testInfo) => {
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const redis = await startRedisServer({ password });
  try {
    await page.goto(serve.url);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('tab', { name: 'Local API' }).click();
    const state = page.getByRole('status', { name: 'Router state' });
    await expect(state).toHaveText('Kept in this app only.');

    await page.getByLabel('Redis URL').fill('http://127.0.0.1:6379');
    await page.getByRole('button', { name: 'Save Redis URL' }).click();
    await expect(page.getByText('must be a redis:// or rediss:// URL')).toBeVisible();

    await page.getByLabel('Redis URL').fill(`redis://:${password}@127.0.0.1:${redis.port}`);
    await page.getByRole('button', { name: 'Save Redis URL' }).click();
    await expect(state).toHaveText('Shared through Redis with the other instances.');
    await expect(page.getByLabel('Redis URL')).toHaveValue(`redis://127.0.0.1:${redis.port}`);
    expect(await filesContaining(serve.dataDir, password)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath('shared-state.png'), fullPage: true });

    await redis.stop();
    await expect(state).toHaveText(/^Redis is unreachable/);
    await redis.start();
    await expect(state).toHaveText('Shared through Redis with the other instances.', { timeout: 15_000 });

    await page.getByLabel('Redis URL').fill('');
    await page.getByRole('button', { name: 'Save Redis URL' }).click();
    await expect(state).toHaveText('Kept in this app only.');
  } finally {
    await redis.close();
  }
});

test('two `serve --api --redis-url` processes share the per-client limit and say so in /v1/health', async ({
  upstream,
}) => {
  const redis = await startRedisServer();
  const token = `sb-${randomBytes(32).toString('base64url')}`;
  const dirs = [await tempDir('switchboard-e2e-'), await tempDir('switchboard-e2e-')];
  const ports = [await freePort(), await freePort()];
  const serves = await Promise.all(
    dirs.map((dir, i) =>
      startServe(
        dir.path,
        {
          SWITCHBOARD_GROQ_BASE_URL: upstream.url,
          API_KEY: token,
          RATE_LIMIT_PER_MINUTE: '3',
          REDIS_URL: redis.url,
        },
        ['--api', '--api-port', String(ports[i])],
      ),
    ),
  );
  try {
    const answers = [];
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`http://127.0.0.1:${ports[i % 2]}/v1/health`, {
        headers: { authorization: `Bearer ${token}` },
      });
      answers.push({ status: response.status, body: (await response.json()) as { router_state?: string } });
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
    expect(answers.slice(0, 3).map((a) => a.body.router_state)).toEqual(['redis', 'redis', 'redis']);
    for (const serve of serves) expect(serve.output()).toContain('Router state: redis');
  } finally {
    for (const serve of serves) await serve.stop();
    for (const dir of dirs) await dir.cleanup();
    await redis.close();
  }
});
