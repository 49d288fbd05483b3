import { expect, test } from '../serve-fixture';

test('assets are sent compressed; hashed files are cached for a year, the page is revalidated', async ({
  serve,
}) => {
  const page = await fetch(serve.url, { headers: { 'accept-encoding': 'br, gzip' } });
  expect(page.status).toBe(200);
  expect(page.headers.get('cache-control')).toBe('no-cache');
  const html = await page.text();
  const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeDefined();
  const token = new URL(serve.url).searchParams.get('token') ?? '';

  for (const encoding of ['br', 'gzip']) {
    const asset = await fetch(`${serve.origin}/${script}?token=${token}`, {
      headers: { 'accept-encoding': encoding },
    });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-encoding')).toBe(encoding);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await asset.text()).length).toBeGreaterThan(100_000);
  }
});

test('the chat loads at most 300 kB of script (as sent); Settings and the terminal load when first opened', async ({
  page,
  serve,
}) => {
  const scripts: Array<{ url: string; bytes: Promise<number> }> = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') {
      scripts.push({
        url: response.url(),
        bytes: response
          .request()
          .sizes()
          .then((s) => s.responseBodySize),
      });
    }
  });
  await page.goto(serve.url);
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeEditable();
  const initial = [...scripts];
  const bytes = (await Promise.all(initial.map((s) => s.bytes))).reduce((a, b) => a + b, 0);
  expect(bytes).toBeGreaterThan(50_000);
  expect(bytes).toBeLessThanOrEqual(300 * 1024);
  expect(initial.map((s) => s.url).join(' ')).not.toMatch(/SettingsView|ConsoleTerminal/);

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('tab', { name: 'General' })).toBeVisible();
  expect(scripts.map((s) => s.url).join(' ')).toMatch(/SettingsView/);
});
