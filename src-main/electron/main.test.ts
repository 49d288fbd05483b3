import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelOf, METHOD_NAMES } from '../../src-shared/contract';
import { ENTRY, MainHarness, REPO as repo, until } from '../../test-support/electron-main-harness';

/**
 * The Electron main entry loaded under Node with a recording stand-in for the `electron` module:
 * what a real run depends on, asserted from the calls it makes. The core behind it is real (a
 * temp data dir, the real database, the real local API server). Life cycle (tray, quit, window
 * state, single instance): main-lifecycle.test.ts.
 */
const h = new MainHarness().install();

describe('the Electron main entry, under a recording stand-in for electron', () => {
  it('registers app:// as privileged before ready and serves the built renderer from it', async () => {
    await h.loadMain();
    expect(h.fake.log.indexOf('protocol.registerSchemesAsPrivileged')).toBeGreaterThanOrEqual(0);
    expect(h.fake.log).not.toContain('app.ready');
    expect(h.fake.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(h.fake.privilegedSchemes[0]?.privileges).not.toHaveProperty('bypassCSP');

    h.fake.ready();
    const window = await until(() => h.fake.windows[0]);
    expect(h.fake.log.indexOf('protocol.handle(app)')).toBeGreaterThan(h.fake.log.indexOf('app.ready'));
    expect(window.loadedUrl).toBe(ENTRY);

    const handler = h.fake.protocolHandlers.get('app');
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
    const window = await h.start();
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

    // Navigation stays in the app; window.open never opens a window; http(s) goes to the browser.
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
    window.webContents.windowOpenHandler?.({ url: 'http://localhost:8000/docs' });
    window.webContents.windowOpenHandler?.({ url: 'vscode://file/etc/passwd' });
    expect(h.fake.openedExternally).toEqual(['https://example.com/', 'http://localhost:8000/docs']);

    const granted: boolean[] = [];
    h.fake.permissionRequestHandler?.(window.webContents, 'media', (answer) => granted.push(answer));
    expect(granted).toEqual([false]);
    expect(h.fake.permissionCheckHandler?.()).toBe(false);
  });

  it('binds every contract method with the exact-origin sender check and forwards events', async () => {
    const window = await h.start();
    expect([...h.fake.ipcHandlers.keys()].sort()).toEqual(METHOD_NAMES.map(channelOf).sort());

    const info = await h.invoke(window, 'app.info');
    expect(info).toMatchObject({ ok: true, result: { mode: 'electron', dataDir: h.dataDir } });

    // A page of the workspace that looks like the renderer, another origin, a subframe, another window.
    for (const url of [
      'file:///tmp/ws/abc/renderer/index.html',
      'app://switchboard.evil/index.html',
      'https://switchboard/index.html',
    ]) {
      for (const method of METHOD_NAMES) {
        expect(await h.invoke(window, method, undefined, url), `${method} from ${url}`).toMatchObject({
          ok: false,
          error: { code: 'invalid_input' },
        });
      }
    }
    const handler = h.fake.ipcHandlers.get(channelOf('sessions.create'));
    const subframe = { sender: window.webContents, senderFrame: { url: ENTRY } };
    expect(await handler?.(subframe, undefined)).toMatchObject({ ok: false });
    const stranger = { sender: {}, senderFrame: window.webContents.mainFrame };
    expect(await handler?.(stranger, undefined)).toMatchObject({ ok: false });
    expect(h.sentEvents(window)).toEqual([]);

    expect(await h.invoke(window, 'sessions.create')).toMatchObject({ ok: true });
    await until(() => h.sentEvents(window).some((event) => event.type === 'sessions.changed'));
  });

  it('has a menu with the standard roles whose New chat, Search and Settings reach the window', async () => {
    const window = await h.start();
    const roles = JSON.stringify(h.fake.applicationMenu?.template);
    for (const role of ['editMenu', 'windowMenu', 'help', 'reload', 'togglefullscreen'])
      expect(roles).toContain(`"${role}"`);
    expect(h.fake.applicationMenu?.getMenuItemById('check-for-updates')?.enabled).toBe(false);

    for (const [id, command] of [
      ['settings', 'settings'],
      ['new-chat', 'new_chat'],
      ['search', 'search'],
    ] as const) {
      h.fake.applicationMenu?.getMenuItemById(id)?.click();
      await until(() =>
        h
          .sentEvents(window)
          .some(
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
    const popup = JSON.stringify(h.fake.popups[0]?.template);
    for (const part of ['"hello"', '"help"', '"cut"', '"copy"', '"paste"']) expect(popup).toContain(part);
  });
});
