import { expect, test } from './electron-fixture';

test('the desktop window opens the app from app://switchboard with a sandboxed renderer', async ({
  desktop,
}) => {
  const { window, main } = desktop;
  await expect(window.getByRole('button', { name: 'New chat' })).toBeVisible();
  expect(window.url()).toBe('app://switchboard/index.html');
  expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
    'undefined',
  );
  expect(
    await window.evaluate(() => typeof (window as unknown as { switchboard?: unknown }).switchboard),
  ).toBe('object');
  // The application menu has the standard Edit menu (copy and paste shortcuts on macOS), Window and Help.
  const roles = await main?.evaluate(
    ({ Menu }) =>
      Menu.getApplicationMenu()?.items.map((item) => String(item.role ?? item.label).toLowerCase()) ?? [],
  );
  expect(roles).toEqual(expect.arrayContaining(['editmenu', 'windowmenu', 'help']));
});
