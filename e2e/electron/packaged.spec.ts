import { expect, test } from './electron-fixture';

test.use({ target: 'packaged' });

test("the packaged app's window is not blank", async ({ desktop }, testInfo) => {
  const { window } = desktop;
  expect(window.url()).toBe('app://switchboard/index.html');
  await expect(window.getByRole('button', { name: 'New chat' })).toBeVisible();
  expect(await window.locator('#root > *').count()).toBeGreaterThan(0);
  // Not one flat colour: the sidebar, the composer and their text are painted.
  const png = await window.screenshot({ path: testInfo.outputPath('packaged-window.png') });
  expect(png.length).toBeGreaterThan(10_000);
});
