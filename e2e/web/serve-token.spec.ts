import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, filesContaining, startServe, test } from '../serve-fixture';

test('the serve token never reaches another origin: no cookie, gone from the address bar, sent only as a header to its own server', async ({
  page,
  serve,
}) => {
  const token = new URL(serve.url).searchParams.get('token') ?? '';
  expect(token.length).toBeGreaterThanOrEqual(32);

  // Another server on the same host, another port: what would a click on a link to it send?
  const seen: IncomingHttpHeaders[] = [];
  const other = createServer((request, response) => {
    seen.push(request.headers);
    response.end('<p>another local server</p>');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;

  const bridgeAuth: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/bridge/')) bridgeAuth.push(request.headers().authorization ?? '');
  });
  await page.goto(serve.url);
  await expect(page.getByRole('button', { name: 'New chat' })).toBeVisible();
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.getByRole('heading', { name: 'New chat' })).toBeVisible();

  expect(page.url()).not.toContain(token);
  expect(await page.context().cookies()).toEqual([]);
  expect(bridgeAuth.length).toBeGreaterThan(0);
  expect(bridgeAuth.every((value) => value === `Bearer ${token}`)).toBe(true);

  // A reload of the tab keeps working without the token in the URL.
  await page.reload();
  await expect(page.getByRole('button', { name: /^New chat/ }).first()).toBeVisible();
  await expect(page.getByText('Not signed in')).toHaveCount(0);

  await page.goto(otherUrl);
  await expect(page.getByText('another local server')).toBeVisible();
  other.close();
  // Back in the history: the page's entry has no token either.
  await page.goBack();
  expect(page.url()).not.toContain(token);
  expect(seen.length).toBeGreaterThan(0);
  for (const headers of seen) {
    expect(JSON.stringify(headers)).not.toContain(token);
    expect(headers.cookie).toBeUndefined();
  }
});

test('the page and its assets hold no secret; the bridge wants the token as a header', async ({
  request,
  serve,
}) => {
  const token = new URL(serve.url).searchParams.get('token') ?? '';
  const pageResponse = await request.get(`${serve.origin}/`);
  expect(pageResponse.status()).toBe(200);
  expect(await pageResponse.text()).not.toContain(token);
  expect(pageResponse.headers()['set-cookie']).toBeUndefined();
  expect((await request.get(serve.url)).headers()['set-cookie']).toBeUndefined();
  const list = (headers: Record<string, string>) =>
    request.post(`${serve.origin}/bridge/sessions.list`, { data: {}, headers });
  expect((await list({})).status()).toBe(401);
  expect(
    (await request.post(`${serve.origin}/bridge/sessions.list?token=${token}`, { data: {} })).status(),
  ).toBe(401);
  expect((await list({ cookie: `switchboard_token=${token}` })).status()).toBe(401);
  expect((await list({ authorization: `Bearer ${token}` })).status()).toBe(200);
});

test('serve --rotate-token makes a new token; the old one stops working', async ({
  request,
  dataDir,
  upstream,
}) => {
  const env = { SWITCHBOARD_GROQ_BASE_URL: upstream.url };
  const first = await startServe(dataDir, env);
  const oldToken = new URL(first.url).searchParams.get('token') ?? '';
  await first.stop();
  const same = await startServe(dataDir, env);
  expect(new URL(same.url).searchParams.get('token')).toBe(oldToken);
  await same.stop();

  const rotated = await startServe(dataDir, env, ['--rotate-token']);
  try {
    const newToken = new URL(rotated.url).searchParams.get('token') ?? '';
    expect(newToken).not.toBe(oldToken);
    expect(newToken.length).toBeGreaterThanOrEqual(32);
    const list = (token: string) =>
      request.post(`${rotated.origin}/bridge/sessions.list`, {
        data: {},
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await list(oldToken)).status()).toBe(401);
    expect((await list(newToken)).status()).toBe(200);
    expect(await filesContaining(dataDir, oldToken)).toEqual([]);
  } finally {
    await rotated.stop();
  }
});
