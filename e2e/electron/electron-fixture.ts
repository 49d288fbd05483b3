import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  _electron as electron,
  chromium,
  expect,
  test as base,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import { demoScript } from '../../test-support/demo-script';
import { freePort } from '../../test-support/free-port';
import { startScriptedUpstream, type ScriptedUpstream } from '../../test-support/scripted-upstream';
import { tempDir } from '../../test-support/temp-dir';

/** The Electron binary, if one was installed (`node_modules/electron/dist`); never downloads. */
export function electronBinary(): string | null {
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

export const binary = electronBinary();
/** The packaged app's executable (release CI sets it after electron-builder, e.g. dist/linux-unpacked/switchboard). */
export const packagedApp = process.env.SWITCHBOARD_PACKAGED_APP ?? null;
export const NO_RUNTIME = 'no Electron runtime';
if (!binary)
  console.log(
    'electron project: skipped — no Electron runtime (node_modules/electron has no binary on this machine).',
  );

export interface DesktopApp {
  /** The main process (Playwright's Electron handle); null for the packaged app, whose fuses turn off --inspect. */
  main: ElectronApplication | null;
  /** The app's window. */
  window: Page;
  dataDir: string;
}

/** Which app a test drives: the build in `out/` run as `electron .` (as `npm start` does), or the packaged one. */
export type Target = 'build' | 'packaged';

/**
 * The built app through Playwright's Electron launcher, with its main process reachable
 * (menus, tray). Its data dir also holds the Chromium profile, so the single-instance lock is
 * the test's own.
 */
async function launchBuild(
  env: Record<string, string>,
): Promise<{ app: DesktopApp; close(): Promise<void> }> {
  const main = await electron.launch({
    executablePath: binary as string,
    args: ['.'],
    env: { ...process.env, ...env } as Record<string, string>,
  });
  const window = await main.firstWindow();
  return { app: { main, window, dataDir: env.SWITCHBOARD_DATA_DIR as string }, close: () => main.close() };
}

/**
 * The packaged executable, driven over Chromium's DevTools protocol: the fuses turn off
 * `--inspect`, which Playwright's Electron launcher needs, but not `--remote-debugging-port`.
 */
async function launchPackaged(
  env: Record<string, string>,
): Promise<{ app: DesktopApp; close(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(packagedApp as string, [`--remote-debugging-port=${port}`], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill();
    await once(child, 'exit');
  };
  try {
    await expect
      .poll(
        () =>
          fetch(`http://127.0.0.1:${port}/json/version`).then(
            (r) => r.ok,
            () => false,
          ),
        { timeout: 30_000 },
      )
      .toBe(true);
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    const find = () =>
      browser
        .contexts()
        .flatMap((context) => context.pages())
        .find((page) => page.url() === 'app://switchboard/index.html');
    await expect.poll(() => Boolean(find()), { timeout: 30_000 }).toBe(true);
    const window = find() as Page;
    return {
      app: { main: null, window, dataDir: env.SWITCHBOARD_DATA_DIR as string },
      close: async () => {
        await browser.close().catch(() => undefined);
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Per test: the scripted upstream (the demo script, Groq's wire format), a fresh data dir, and
 * the app (`target`, default the build) with its first window. Skips with the reason when there
 * is no Electron runtime, or no packaged app for the packaged target.
 */
export const test = base.extend<{ target: Target; upstream: ScriptedUpstream; desktop: DesktopApp }>({
  target: ['build', { option: true }],
  upstream: async ({}, use) => {
    const upstream = await startScriptedUpstream({ rules: demoScript() });
    await use(upstream);
    await upstream.close();
  },
  desktop: async ({ target, upstream }, use) => {
    test.skip(!binary, NO_RUNTIME);
    test.skip(
      target === 'packaged' && !packagedApp,
      'no packaged app: set SWITCHBOARD_PACKAGED_APP to the executable electron-builder made',
    );
    const dir = await tempDir('switchboard-electron-');
    const env = {
      SWITCHBOARD_DATA_DIR: dir.path,
      SWITCHBOARD_ALLOW_BASIC_TEXT_STORAGE: '1',
      SWITCHBOARD_GROQ_BASE_URL: upstream.url,
      SWITCHBOARD_TEST_HOOKS: '1',
    };
    const launched = target === 'packaged' ? await launchPackaged(env) : await launchBuild(env);
    try {
      await use(launched.app);
    } finally {
      await launched.close().catch(() => undefined);
      await dir.cleanup();
    }
  },
});

export { expect } from '@playwright/test';
