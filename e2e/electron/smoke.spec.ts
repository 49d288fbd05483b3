import { expect, test } from './electron-fixture';

test('the desktop window opens the app from app://switchboard with a sandboxed renderer', async ({
  desktop,
}) => {
  const { window } = desktop;
  await expect(window.getByRole('button', { name: 'New chat' })).toBeVisible();
  expect(window.url()).toBe('app://switchboard/index.html');
  expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
    'undefined',
  );
  expect(
    await window.evaluate(() => typeof (window as unknown as { switchboard?: unknown }).switchboard),
  ).toBe('object');
  // The application menu exists with its Edit menu (copy and paste shortcuts on macOS).
  const roles = await desktop.app.evaluate(
    ({ Menu }) => Menu.getApplicationMenu()?.items.map((item) => item.role ?? item.label) ?? [],
  );
  expect(roles.map((role) => String(role).toLowerCase())).toEqual(
    expect.arrayContaining(['editmenu', 'windowmenu', 'help']),
  );
});
