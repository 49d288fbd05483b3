import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

/** The Electron binary, if one was installed (`node_modules/electron/dist`); never downloads. */
function electronBinary(): string | null {
  try {
    const dir = join(createRequire(import.meta.url).resolve('electron/package.json'), '..');
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8'));
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) console.log('electron project: skipped — no Electron runtime (node_modules/electron has no binary on this machine).');

test('the desktop window opens with the app and a sandboxed renderer', async () => {
  test.skip(!binary, 'no Electron runtime');
  const app = await electron.launch({ executablePath: binary as string, args: ['out/main/index.js'], env: { ...process.env, SWITCHBOARD_ALLOW_BASIC_TEXT_STORAGE: '1' } });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('button', { name: 'New chat' })).toBeVisible();
    expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (window as unknown as { switchboard?: unknown }).switchboard)).toBe('object');
  } finally {
    await app.close();
  }
});
