import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { _electron as electron, test as base, type ElectronApplication, type Page } from '@playwright/test';
import { demoScript } from '../../test-support/demo-script';
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
export const NO_RUNTIME = 'no Electron runtime';
if (!binary)
  console.log(
    'electron project: skipped — no Electron runtime (node_modules/electron has no binary on this machine).',
  );

export interface DesktopApp {
  app: ElectronApplication;
  window: Page;
  dataDir: string;
}

/**
 * Per test: the scripted upstream (the demo script, Groq's wire format), a fresh data dir (which
 * also holds the Chromium profile, so the single-instance lock is the test's own) and the built
 * app launched as `electron .` — the way `npm start` runs it — with its first window.
 */
export const test = base.extend<{ upstream: ScriptedUpstream; desktop: DesktopApp }>({
  upstream: async ({}, use) => {
    const upstream = await startScriptedUpstream({ rules: demoScript() });
    await use(upstream);
    await upstream.close();
  },
  desktop: async ({ upstream }, use) => {
    test.skip(!binary, NO_RUNTIME);
    const dir = await tempDir('switchboard-electron-');
    const app = await electron.launch({
      executablePath: binary as string,
      args: ['.'],
      env: {
        ...process.env,
        SWITCHBOARD_DATA_DIR: dir.path,
        SWITCHBOARD_ALLOW_BASIC_TEXT_STORAGE: '1',
        SWITCHBOARD_GROQ_BASE_URL: upstream.url,
        SWITCHBOARD_TEST_HOOKS: '1',
      },
    });
    try {
      const window = await app.firstWindow();
      await use({ app, window, dataDir: dir.path });
    } finally {
      await app.close().catch(() => undefined);
      await dir.cleanup();
    }
  },
});

export { expect } from '@playwright/test';
