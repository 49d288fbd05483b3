import type { Page } from '@playwright/test';
import { expect, test } from '../serve-fixture';

const background = (page: Page) =>
  page.evaluate('getComputedStyle(document.documentElement).backgroundColor') as Promise<string>;

/** Sum of the three colour channels of a CSS `rgb(...)` value: low is dark. */
const brightness = (rgb: string) =>
  (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((sum, n) => sum + Number(n), 0);

test('Theme Dark and Light override the system, and the choice survives a reload', async ({
  page,
  serve,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(serve.url);
  const light = brightness(await background(page));
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Theme').selectOption('dark');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await expect.poll(async () => brightness(await background(page))).toBeLessThan(light / 2);

  await page.reload();
  await expect.poll(async () => brightness(await background(page))).toBeLessThan(light / 2);

  // Light wins over a dark system.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Theme').selectOption('light');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(async () => brightness(await background(page))).toBe(light);
  // System follows the system again.
  await page.getByLabel('Theme').selectOption('system');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(async () => brightness(await background(page))).toBeLessThan(light / 2);
});

test('Text size changes the size of the text', async ({ page, serve }) => {
  await page.goto(serve.url);
  const size = () =>
    page.evaluate(
      "parseFloat(getComputedStyle(document.querySelector('textarea')).fontSize)",
    ) as Promise<number>;
  expect(await size()).toBe(14);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Text size').selectOption('18');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.keyboard.press('Escape');
  await expect.poll(size).toBe(18);
});

test('the sidebar collapses and comes back, and stays as left after a reload', async ({ page, serve }) => {
  await page.goto(serve.url);
  const sessions = page.getByRole('navigation', { name: 'Sessions' });
  await expect(sessions).toBeVisible();
  await page.getByRole('button', { name: 'Hide sidebar' }).click();
  await expect(sessions).toBeHidden();
  // The chat takes the whole width.
  const composer = await page.getByRole('textbox', { name: 'Message' }).boundingBox();
  expect(composer?.x ?? 999).toBeLessThan(60);
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await expect(sessions).toBeHidden();
  await page.getByRole('button', { name: 'Show sidebar' }).click();
  await expect(sessions).toBeVisible();
});

for (const size of [
  { width: 800, height: 600 },
  { width: 500, height: 800 },
]) {
  test(`usable at ${size.width}×${size.height}: nothing wider than the window, composer and Send in view`, async ({
    page,
    serve,
  }) => {
    await page.setViewportSize(size);
    await page.goto(serve.url);
    const composer = page.getByRole('textbox', { name: 'Message' });
    await expect(composer).toBeVisible();
    const narrow = size.width < 700;
    const sessions = page.getByRole('navigation', { name: 'Sessions' });
    if (narrow) {
      // A narrow window starts with the sidebar hidden; it opens over the chat and closes after a pick.
      await expect(sessions).toBeHidden();
      await page.getByRole('button', { name: 'Show sidebar' }).click();
      await expect(sessions).toBeVisible();
      await sessions.getByRole('button', { name: 'New chat' }).click();
      await expect(sessions).toBeHidden();
    } else {
      await expect(sessions).toBeVisible();
    }
    await composer.fill('hello');
    const send = await page.getByRole('button', { name: 'Send' }).boundingBox();
    expect(send).not.toBeNull();
    expect((send?.x ?? 0) + (send?.width ?? 0)).toBeLessThanOrEqual(size.width);
    expect((send?.y ?? 0) + (send?.height ?? 0)).toBeLessThanOrEqual(size.height);
    expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(
      size.width,
    );

    await page.keyboard.press('Control+,');
    await expect(page.getByRole('tab', { name: 'General' })).toBeVisible();
    expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(
      size.width,
    );
    const save = await page.getByRole('button', { name: 'Save', exact: true }).boundingBox();
    expect((save?.x ?? 0) + (save?.width ?? 0)).toBeLessThanOrEqual(size.width);
  });
}
