import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chromium } from '@playwright/test';
import { freePort } from '../../test-support/free-port';
import { tempDir } from '../../test-support/temp-dir';
import { binary, expect, NO_RUNTIME, test } from './electron-fixture';

/** The packaged app's executable (release CI sets it after electron-builder, e.g. dist/linux-unpacked/switchboard). */
const packaged = process.env.SWITCHBOARD_PACKAGED_APP;

test("the packaged app's window is not blank", async ({}, testInfo) => {
  test.skip(!binary, NO_RUNTIME);
  test.skip(
    !packaged,
    'no packaged app: set SWITCHBOARD_PACKAGED_APP to the executable electron-builder made',
  );
  // The fuses turn off --inspect (which Playwright's electron launcher needs), so the packaged
  // app is driven over Chromium's DevTools protocol instead.
  const port = await freePort();
  const dir = await tempDir('switchboard-packaged-');
  const child = spawn(packaged as string, [`--remote-debugging-port=${port}`], {
    env: { ...process.env, SWITCHBOARD_DATA_DIR: dir.path, SWITCHBOARD_ALLOW_BASIC_TEXT_STORAGE: '1' },
    stdio: 'ignore',
  });
  try {
    await expect
      .poll(async () =>
        fetch(`http://127.0.0.1:${port}/json/version`)
          .then((r) => r.ok)
          .catch(() => false),
      )
      .toBe(true);
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    const pages = () => browser.contexts().flatMap((context) => context.pages());
    await expect.poll(() => pages().some((page) => page.url() === 'app://switchboard/index.html')).toBe(true);
    const window = pages().find((page) => page.url() === 'app://switchboard/index.html');
    if (!window) throw new Error('no app window');
    await expect(window.getByRole('button', { name: 'New chat' })).toBeVisible();
    expect(await window.locator('#root > *').count()).toBeGreaterThan(0);
    await window.screenshot({ path: testInfo.outputPath('packaged-window.png') });
    await browser.close();
  } finally {
    child.kill();
    await once(child, 'exit');
    await dir.cleanup();
  }
});
