import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ENTRY, listening, MainHarness, until } from '../../test-support/electron-main-harness';
import { freePort } from '../../test-support/free-port';

/** The main entry's life cycle under the recording stand-in: tray and keep-serving, quit, window state, one instance. */
const h = new MainHarness().install();

describe('the Electron main entry, life cycle', () => {
  it('shows a tray while the API serves, whose Stop API stops it; closing the window keeps it serving', async () => {
    const window = await h.start();
    const port = await freePort();
    expect(await h.invoke(window, 'settings.update', { api_port: port })).toMatchObject({ ok: true });
    expect(h.fake.trays).toEqual([]);
    expect(await h.invoke(window, 'api.start')).toMatchObject({ ok: true, result: { state: 'listening' } });
    const tray = await until(() => h.fake.trays.find((t) => !t.destroyed && t.menu));
    expect(tray.menu?.getMenuItemById('api-status')?.label).toBe(
      `Local API: listening on http://127.0.0.1:${port}`,
    );
    for (const id of ['open', 'stop-api', 'quit']) expect(tray.menu?.getMenuItemById(id)).not.toBeNull();

    // The window closes: the app keeps serving (the setting is on by default).
    window.close();
    expect(h.fake.app.quitCalls).toBe(0);
    expect(await listening(port)).toBe(true);

    // Open Switchboard brings a window back; Stop API stops the server and removes the tray.
    tray.menu?.getMenuItemById('open')?.click();
    const reopened = await until(() => h.fake.windows[1]);
    expect(reopened.loadedUrl).toBe(ENTRY);
    tray.menu?.getMenuItemById('stop-api')?.click();
    await until(() => tray.destroyed);
    expect(await listening(port)).toBe(false);

    // With the API off, closing the window quits.
    reopened.close();
    expect(h.fake.app.quitCalls).toBe(1);
  });

  it('quits when the window closes if the person turned keep-serving off', async () => {
    const window = await h.start();
    expect(
      await h.invoke(window, 'settings.update', {
        api_port: await freePort(),
        api_keep_serving_when_closed: false,
      }),
    ).toMatchObject({ ok: true });
    await h.invoke(window, 'api.start');
    window.close();
    expect(h.fake.app.quitCalls).toBe(1);
  });

  it('closes the core on quit: the API stops and the app exits', async () => {
    const window = await h.start();
    const port = await freePort();
    await h.invoke(window, 'settings.update', { api_port: port });
    await h.invoke(window, 'api.start');
    expect(await listening(port)).toBe(true);
    await h.quit();
    expect(h.fake.app.exitCode).toBe(0);
    expect(await listening(port)).toBe(false);
  });

  it('restores the window size, position and maximised state', async () => {
    const first = await h.start();
    expect(first.options).toMatchObject({ width: 1280, height: 820 });
    Object.assign(first.options, { x: 40, y: 30, width: 1000, height: 700 });
    first.maximize();
    first.close();
    await h.quit();

    vi.resetModules();
    const second = await h.start();
    expect(second.options).toMatchObject({ x: 40, y: 30, width: 1000, height: 700 });
    expect(second.maximized).toBe(true);
  });

  it('keeps one instance: a second launch quits, and the first one shows its window', async () => {
    const window = await h.start();
    // The lock lives in the profile, which follows the data dir.
    expect(h.fake.log.indexOf('app.setPath(userData)')).toBeLessThan(
      h.fake.log.indexOf('app.requestSingleInstanceLock'),
    );
    expect(h.fake.app.getPath('userData')).toBe(join(h.dataDir, 'electron'));
    const focused = window.focused;
    h.fake.app.emit('second-instance');
    await until(() => window.focused > focused);
    await h.quit();

    const first = h.fake;
    vi.resetModules();
    await h.loadMain((second) => (second.app.hasLock = false));
    expect(h.fake).not.toBe(first);
    expect(h.fake.app.quitCalls).toBe(1);
    h.fake.ready();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.fake.windows).toEqual([]);
    expect(h.fake.ipcHandlers.size).toBe(0);
    h.fake.app.exitCode = 0;
  });
});
