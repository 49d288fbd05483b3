import { freePort } from '../../test-support/free-port';
import { expect, test } from './electron-fixture';

test("the menu's Settings item opens Settings in the window", async ({ desktop }) => {
  const { main, window } = desktop;
  if (!main) throw new Error('needs the main process');
  await expect(window.getByRole('button', { name: 'New chat' })).toBeVisible();
  await expect(window.getByRole('tab', { name: 'API Keys' })).toHaveCount(0);
  await main.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('settings')?.click());
  await expect(window.getByRole('tab', { name: 'API Keys' })).toBeVisible();
});

test('the tray appears while the local API serves and its Stop API stops it', async ({ desktop }) => {
  const { main, window } = desktop;
  if (!main) throw new Error('needs the main process');
  const port = await freePort();
  await window.getByRole('button', { name: 'Settings', exact: true }).click();
  await window.getByRole('tab', { name: 'Local API' }).click();
  await window.getByLabel('Port').fill(String(port));
  await window.getByRole('button', { name: 'Save port' }).click();
  await window.getByRole('switch', { name: 'Local API server' }).click();
  const status = window.getByRole('status', { name: 'Local API status' });
  await expect(status).toHaveText(`Listening on http://127.0.0.1:${port}`);

  type Hooks = {
    switchboardTest: {
      tray: { menu: { getMenuItemById(id: string): { label: string; click(): void } | null } | null };
    };
  };
  await expect
    .poll(() =>
      main.evaluate(
        () =>
          (globalThis as unknown as Hooks).switchboardTest.tray.menu?.getMenuItemById('api-status')?.label ??
          null,
      ),
    )
    .toBe(`Local API: listening on http://127.0.0.1:${port}`);

  await main.evaluate(() =>
    (globalThis as unknown as Hooks).switchboardTest.tray.menu?.getMenuItemById('stop-api')?.click(),
  );
  await expect(status).toHaveText('Stopped');
  await expect(window.getByRole('switch', { name: 'Local API server' })).not.toBeChecked();
  await expect
    .poll(() => main.evaluate(() => (globalThis as unknown as Hooks).switchboardTest.tray.menu === null))
    .toBe(true);
});
