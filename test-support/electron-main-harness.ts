import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { EVENT_CHANNEL } from '../src-shared/contract';
import { createFakeElectron, type FakeElectron, type FakeWindow } from './fake-electron';
import { tempDir } from './temp-dir';

/** The repository: what `app.getAppPath()` answers under `electron .`. */
export const REPO = resolve(import.meta.dirname, '..');
/** The page the window loads. */
export const ENTRY = 'app://switchboard/index.html';

type Envelope = { ok: boolean; result?: never; error?: { code: string } };

/** Polls until `probe` returns something truthy (the test's own timeout bounds it). */
export async function until<T>(probe: () => T | undefined | null | false): Promise<T> {
  for (;;) {
    const value = probe();
    if (value) return value;
    await new Promise((done) => setTimeout(done, 5));
  }
}

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export const listening = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });

/**
 * Loads the Electron main entry (`src-main/electron/main.ts`, which is `out/main/index.js`
 * built) under Node with a recording stand-in for `electron`, a fresh data dir per test, and
 * the real core behind it. `install()` registers the per-test set-up and the quit that closes
 * the core afterwards.
 */
export class MainHarness {
  private current: FakeElectron | null = null;
  private dir: { path: string; cleanup: () => Promise<void> } | null = null;

  get fake(): FakeElectron {
    if (!this.current) throw new Error('loadMain() first');
    return this.current;
  }

  get dataDir(): string {
    if (!this.dir) throw new Error('install() the harness first');
    return this.dir.path;
  }

  install(): this {
    beforeEach(async () => {
      this.dir = await tempDir('electron-main-');
      this.current = null;
      vi.resetModules();
      process.env.SWITCHBOARD_DATA_DIR = this.dir.path;
    });
    afterEach(async () => {
      // Quit the way Electron does, so the core closes its database and servers.
      if (this.current && this.current.app.exitCode === null) await this.quit();
      delete process.env.SWITCHBOARD_DATA_DIR;
      await this.dir?.cleanup();
    });
    return this;
  }

  /** Loads the entry as Electron would, after `setup` adjusted the stand-in. */
  async loadMain(setup: (fake: FakeElectron) => void = () => undefined): Promise<FakeElectron> {
    const fake = createFakeElectron({ userData: join(this.dataDir, 'user-data'), appPath: REPO });
    this.current = fake;
    setup(fake);
    const module = fake.module;
    vi.doMock('electron', () => module);
    await import('../src-main/electron/main');
    return fake;
  }

  /** Loads the entry, emits `ready`, and resolves with the first window once the menu is set. */
  async start(setup?: (fake: FakeElectron) => void): Promise<FakeWindow> {
    await this.loadMain(setup);
    this.fake.ready();
    const window = await until(() => this.fake.windows[0]);
    await until(() => this.fake.applicationMenu);
    return window;
  }

  /** Quits as Electron does (`before-quit`, `will-quit`); resolves once the app exited. */
  async quit(): Promise<void> {
    let prevented = false;
    this.fake.app.emit('before-quit');
    this.fake.app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await until(() => this.fake.app.exitCode !== null);
  }

  /** Calls a contract method over the recorded IPC handler as `window`'s main frame at `url`. */
  async invoke(window: FakeWindow, method: string, input?: unknown, url = ENTRY): Promise<Envelope> {
    const handler = this.fake.ipcHandlers.get(`switchboard:${method}`);
    if (!handler) throw new Error(`no handler for ${method}`);
    const event = {
      sender: window.webContents,
      senderFrame: Object.assign(window.webContents.mainFrame, { url }),
    };
    const answer = (await handler(event, input)) as Envelope;
    window.webContents.mainFrame.url = ENTRY;
    return answer;
  }

  /** App events the window received. */
  sentEvents(window: FakeWindow): Array<{ type: string }> {
    return window.webContents.sent
      .filter((m) => m.channel === EVENT_CHANNEL)
      .map((m) => m.payload as { type: string });
  }
}
