import { startServe, test } from '../serve-fixture';
import { seedLongChat } from '../../test-support/seed-chat';
import { tempDir } from '../../test-support/temp-dir';

test('look', async ({ page }) => {
  const dir = await tempDir('switchboard-look-');
  seedLongChat(dir.path, 30);
  const serve = await startServe(dir.path, {});
  try {
    await page.goto(serve.url);
    await page.getByRole('button', { name: /Long chat/ }).click();
    await page.getByText('Answer 30:').waitFor();
    await page.screenshot({ path: '/tmp/i10b-shots/wide.png' });
    await page.setViewportSize({ width: 800, height: 600 });
    await page.screenshot({ path: '/tmp/i10b-shots/800.png' });
    await page.setViewportSize({ width: 500, height: 800 });
    await page.screenshot({ path: '/tmp/i10b-shots/500.png' });
    await page.getByRole('button', { name: 'Hide sidebar' }).click();
    await page.screenshot({ path: '/tmp/i10b-shots/500-collapsed.png' });
    await page.keyboard.press('Control+,');
    await page.getByLabel('Theme').selectOption('dark');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.screenshot({ path: '/tmp/i10b-shots/500-settings-dark.png' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Show sidebar' }).click();
    await page.getByRole('log').hover();
    await page.mouse.wheel(0, -2000);
    await page.waitForTimeout(300);
    await page.screenshot({ path: '/tmp/i10b-shots/dark-wide.png' });
    await page.keyboard.press('Control+/');
    await page.screenshot({ path: '/tmp/i10b-shots/shortcuts.png' });
  } finally {
    await serve.stop();
    await dir.cleanup();
  }
});
