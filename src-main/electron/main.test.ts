import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelOf, EVENT_CHANNEL, METHOD_NAMES } from '../../src-shared/contract';
import { createFakeElectron, type FakeElectron, type FakeWindow } from '../../test-support/fake-electron';
import { freePort } from '../../test-support/free-port';
import { tempDir } from '../../test-support/temp-dir';

/**
 * The Electron main entry loaded under Node with a recording stand-in for the `electron` module:
 * what a real run depends on, asserted from the calls it makes. The core behind it is real (a
 * temp data dir, the real database, the real local API server).
 */
const repo = resolve(import.meta.dirname, '../..');
const ENTRY = 'app://switchboard/index.html';

let fake: FakeElectron;
let dataDir: { path: string; cleanup: () => Promise<void> };

beforeEach(async () => {
  dataDir = await tempDir('electron-main-');
  vi.resetModules();
  process.env.SWITCHBOARD_DATA_DIR = dataDir.path;
});

afterEach(async () => {
  // Quit the way Electron does, so the core closes its database and servers.
  if (fake && fake.app.exitCode === null) await quit();
  delete process.env.SWITCHBOARD_DATA_DIR;
  await dataDir.cleanup();
});

/** Loads the entry as Electron would (`out/main/index.js` is this file, built). */
async function loadMain(setup: (fake: FakeElectron) => void = () => undefined): Promise<FakeElectron> {
  fake = createFakeElectron({ userData: join(dataDir.path, 'user-data'), appPath: repo });
  setup(fake);
  const module = fake.module;
  vi.doMock('electron', () => module);
  await import('./main');
  return fake;
}

async function until<T>(probe: () => T | undefined | null | false): Promise<T> {
  for (;;) {
    const value = probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function start(setup?: (fake: FakeElectron) => void): Promise<FakeWindow> {
  await loadMain(setup);
  fake.ready();
  const window = await until(() => fake.windows[0]);
  await until(() => fake.applicationMenu);
  return window;
}

async function quit(): Promise<void> {
  let prevented = false;
  fake.app.emit('before-quit');
  fake.app.emit('will-quit', { preventDefault: () => (prevented = true) });
  expect(prevented).toBe(true);
  await until(() => fake.app.exitCode !== null);
}

/** An IPC event as Electron builds it for a message from `window`'s main frame at `url`. */
function ipcEvent(window: FakeWindow, url = ENTRY) {
  return { sender: window.webContents, senderFrame: Object.assign(window.webContents.mainFrame, { url }) };
}

async function invoke(
  window: FakeWindow,
  method: string,
  input?: unknown,
  url = ENTRY,
): Promise<{ ok: boolean; result?: never; error?: { code: string } }> {
  const handler = fake.ipcHandlers.get(`switchboard:${method}`);
  if (!handler) throw new Error(`no handler for ${method}`);
  const event = ipcEvent(window, url);
  const answer = (await handler(event, input)) as { ok: boolean; result?: never; error?: { code: string } };
  window.webContents.mainFrame.url = ENTRY;
  return answer;
}

const sentEvents = (window: FakeWindow) =>
  window.webContents.sent
    .filter((m) => m.channel === EVENT_CHANNEL)
    .map((m) => m.payload as { type: string });

const listening = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });

describe('the Electron main entry, under a recording stand-in for electron', () => {
  it('registers app:// as privileged before ready and serves the built renderer from it', async () => {
    await loadMain();
    expect(fake.log.indexOf('protocol.registerSchemesAsPrivileged')).toBeGreaterThanOrEqual(0);
    expect(fake.log).not.toContain('app.ready');
    expect(fake.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(fake.privilegedSchemes[0]?.privileges).not.toHaveProperty('bypassCSP');

    fake.ready();
    const window = await until(() => fake.windows[0]);
    expect(fake.log.indexOf('protocol.handle(app)')).toBeGreaterThan(fake.log.indexOf('app.ready'));
    expect(window.loadedUrl).toBe(ENTRY);

    const handler = fake.protocolHandlers.get('app');
    if (!handler) throw new Error('no app:// handler');
    const page = await handler(new Request(ENTRY));
    expect(page.status).toBe(200);
    // The page served is the built renderer, CSP included.
    const built = await readFile(join(repo, 'out/renderer/index.html'), 'utf8');
    const served = await page.text();
    expect(served).toBe(built);
    expect(served).toContain("script-src 'self'");
    const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(served)?.[1];
    const asset = await handler(new Request(`app://switchboard/${script}`));
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await handler(new Request('app://switchboard/%2e%2e/main/index.js'))).status).toBe(404);
  });

  it('creates the window with the security checklist and the built preload', async () => {
    const window = await start();
    const prefs = window.options.webPreferences ?? {};
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(prefs.preload).toBe(join(repo, 'out/preload/index.cjs'));
    expect(existsSync(prefs.preload as string)).toBe(true);
    expect(readFileSync(prefs.preload as string, 'utf8')).toContain('exposeInMainWorld');

    // Navigation stays in the app; window.open never opens a window; https goes to the browser.
    const navigate = (url: string) => {
      let prevented = false;
      window.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('app://switchboard/index.html')).toBe(false);
    expect(navigate('file:///tmp/workspace/abc/renderer/index.html')).toBe(true);
    expect(navigate('https://example.com/')).toBe(true);
    expect(window.webContents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({
      action: 'deny',
    });
    expect(window.webContents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.openedExternally).toEqual(['https://example.com/']);

    const granted: boolean[] = [];
    fake.permissionRequestHandler?.(window.webContents, 'media', (answer) => granted.push(answer));
    expect(granted).toEqual([false]);
    expect(fake.permissionCheckHandler?.()).toBe(false);
  });

  it('binds every contract method with the exact-origin sender check and forwards events', async () => {
    const window = await start();
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(METHOD_NAMES.map(channelOf).sort());

    const info = await invoke(window, 'app.info');
    expect(info).toMatchObject({ ok: true, result: { mode: 'electron', dataDir: dataDir.path } });

    // A page of the workspace that looks like the renderer, another origin, a subframe, another window.
    for (const url of [
      'file:///tmp/ws/abc/renderer/index.html',
      'app://switchboard.evil/index.html',
      'https://switchboard/index.html',
    ]) {
      for (const method of METHOD_NAMES) {
        expect(await invoke(window, method, undefined, url), `${method} from ${url}`).toMatchObject({
          ok: false,
          error: { code: 'invalid_input' },
        });
      }
    }
    const handler = fake.ipcHandlers.get(channelOf('sessions.create'));
    const subframe = { sender: window.webContents, senderFrame: { url: ENTRY } };
    expect(await handler?.(subframe, undefined)).toMatchObject({ ok: false });
    const stranger = { sender: {}, senderFrame: window.webContents.mainFrame };
    expect(await handler?.(stranger, undefined)).toMatchObject({ ok: false });
    expect(sentEvents(window)).toEqual([]);

    expect(await invoke(window, 'sessions.create')).toMatchObject({ ok: true });
    await until(() => sentEvents(window).some((event) => event.type === 'sessions.changed'));
  });

  it('has a menu with the standard roles whose New chat, Search and Settings reach the window', async () => {
    const window = await start();
    const roles = JSON.stringify(fake.applicationMenu?.template);
    for (const role of ['editMenu', 'windowMenu', 'help', 'reload', 'togglefullscreen'])
      expect(roles).toContain(`"${role}"`);
    expect(fake.applicationMenu?.getMenuItemById('check-for-updates')?.enabled).toBe(false);

    for (const [id, command] of [
      ['settings', 'settings'],
      ['new-chat', 'new_chat'],
      ['search', 'search'],
    ] as const) {
      fake.applicationMenu?.getMenuItemById(id)?.click();
      await until(() =>
        sentEvents(window).some(
          (event) =>
            event.type === 'app.command' && (event as unknown as { command: string }).command === command,
        ),
      );
    }

    // Right-click on a misspelt word in the composer: suggestions, then cut / copy / paste.
    window.webContents.emit(
      'context-menu',
      {},
      {
        isEditable: true,
        selectionText: '',
        misspelledWord: 'helo',
        dictionarySuggestions: ['hello', 'help'],
        editFlags: { canCut: false, canCopy: false, canPaste: true },
      },
    );
    const popup = JSON.stringify(fake.popups[0]?.template);
    for (const part of ['"hello"', '"help"', '"cut"', '"copy"', '"paste"']) expect(popup).toContain(part);
  });

  it('shows a tray while the API serves, whose Stop API stops it; closing the window keeps it serving', async () => {
    const window = await start();
    const port = await freePort();
    expect(await invoke(window, 'settings.update', { api_port: port })).toMatchObject({ ok: true });
    expect(fake.trays).toEqual([]);
    expect(await invoke(window, 'api.start')).toMatchObject({ ok: true, result: { state: 'listening' } });
    const tray = await until(() => fake.trays.find((t) => !t.destroyed && t.menu));
    expect(tray.menu?.getMenuItemById('api-status')?.label).toBe(
      `Local API: listening on http://127.0.0.1:${port}`,
    );
    for (const id of ['open', 'stop-api', 'quit']) expect(tray.menu?.getMenuItemById(id)).not.toBeNull();

    // The window closes: the app keeps serving (the setting is on by default).
    window.close();
    expect(fake.app.quitCalls).toBe(0);
    expect(await listening(port)).toBe(true);

    // Open Switchboard brings a window back; Stop API stops the server and removes the tray.
    tray.menu?.getMenuItemById('open')?.click();
    const reopened = await until(() => fake.windows[1]);
    expect(reopened.loadedUrl).toBe(ENTRY);
    tray.menu?.getMenuItemById('stop-api')?.click();
    await until(() => tray.destroyed);
    expect(await listening(port)).toBe(false);

    // With the API off, closing the window quits.
    reopened.close();
    expect(fake.app.quitCalls).toBe(1);
  });

  it('quits when the window closes if the person turned keep-serving off', async () => {
    const window = await start();
    expect(
      await invoke(window, 'settings.update', {
        api_port: await freePort(),
        api_keep_serving_when_closed: false,
      }),
    ).toMatchObject({ ok: true });
    await invoke(window, 'api.start');
    window.close();
    expect(fake.app.quitCalls).toBe(1);
  });

  it('closes the core on quit: the API stops and the app exits', async () => {
    const window = await start();
    const port = await freePort();
    await invoke(window, 'settings.update', { api_port: port });
    await invoke(window, 'api.start');
    expect(await listening(port)).toBe(true);
    await quit();
    expect(fake.app.exitCode).toBe(0);
    expect(await listening(port)).toBe(false);
  });

  it('restores the window size, position and maximised state', async () => {
    const first = await start();
    expect(first.options).toMatchObject({ width: 1280, height: 820 });
    Object.assign(first.options, { x: 40, y: 30, width: 1000, height: 700 });
    first.maximize();
    first.close();
    await quit();

    vi.resetModules();
    const second = await start();
    expect(second.options).toMatchObject({ x: 40, y: 30, width: 1000, height: 700 });
    expect(second.maximized).toBe(true);
  });

  it('keeps one instance: a second launch quits, and the first one shows its window', async () => {
    const window = await start();
    // The lock lives in the profile, which follows the data dir.
    expect(fake.log.indexOf('app.setPath(userData)')).toBeLessThan(
      fake.log.indexOf('app.requestSingleInstanceLock'),
    );
    expect(fake.app.getPath('userData')).toBe(join(dataDir.path, 'electron'));
    const focused = window.focused;
    fake.app.emit('second-instance');
    await until(() => window.focused > focused);
    await quit();

    const first = fake;
    vi.resetModules();
    await loadMain((second) => (second.app.hasLock = false));
    expect(fake).not.toBe(first);
    expect(fake.app.quitCalls).toBe(1);
    fake.ready();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.windows).toEqual([]);
    expect(fake.ipcHandlers.size).toBe(0);
    fake.app.exitCode = 0;
  });
});
