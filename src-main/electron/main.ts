import { app, clipboard, dialog, protocol, screen, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { AppCommand } from '../../src-shared/events';
import { languageOf } from '../../src-shared/languages';
import { createCore, type Core } from '../core/app';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES } from './app-protocol';
import { bindIpc, forwardEvents } from './ipc';
import { mainWords, type MainWords } from './main-words';
import { attachContextMenu, installAppMenu } from './menu';
import { SafeStorageCipher } from './safe-storage-cipher';
import { ApiTray } from './tray';
import { UpdateChecker, type Ask } from './updater';
import { createMainWindow, isTrustedSender, prepareSession } from './window';
import { loadWindowState, placeWindow, saveWindowState, type WindowState } from './window-state';

/**
 * The Electron entry: one instance, one window, the core built after `ready` (safeStorage needs
 * it). The renderer is served on `app://switchboard/`, whose privileges must be registered
 * before `ready`. With the local API on, a tray icon keeps it reachable and — with "Keep serving
 * the local API when the window is closed" — closing the window leaves it serving.
 */
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

// The app's folder (the repository under `electron .`, `app.asar` when packaged) holds the build.
const appRoot = app.getAppPath();
const rendererDir = join(appRoot, 'out', 'renderer');
const preloadPath = join(appRoot, 'out', 'preload', 'index.cjs');
const resources = join(appRoot, 'resources');

// A separate data dir is a separate profile: Chromium's own files and the single-instance lock
// live beside it, so a second profile (or a test run) does not hand over to the usual one.
if (process.env.SWITCHBOARD_DATA_DIR)
  app.setPath('userData', join(process.env.SWITCHBOARD_DATA_DIR, 'electron'));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: Core | null = null;
  let window: BrowserWindow | null = null;
  let quitting = false;
  let savedState: WindowState | null = null;
  let pendingSave: Promise<void> = Promise.resolve();
  let updates: UpdateChecker | null = null;
  let stateFile = '';

  const serving = (): boolean => {
    const state = core?.api.status().state;
    return state === 'listening' || state === 'starting';
  };

  /**
   * Main's words in the interface's language: the `ui_language` setting, or with `system` the
   * locale the window follows too (`navigator.languages` is Chromium's app locale), then the
   * system's preferred languages.
   */
  const words = (): MainWords =>
    mainWords(
      languageOf(core?.settings.get().ui_language, [app.getLocale(), ...app.getPreferredSystemLanguages()]),
    );

  const tray = new ApiTray(
    join(resources, 'tray.png'),
    {
      openWindow: () => void openWindow(),
      stopApi: async () => core?.dispatch('api.stop', undefined),
      quit: () => app.quit(),
    },
    words,
  );

  /** Shows the window (creating it if it was closed); resolves once its page has loaded. */
  const openWindow = async (): Promise<BrowserWindow | null> => {
    if (!core) return null;
    if (window) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
      return window;
    }
    const ready = core;
    const displays = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map(
      (display) => display.workArea,
    );
    const placed = placeWindow(savedState, displays);
    const created = createMainWindow({
      preloadPath,
      bounds: placed.bounds,
      iconPath: join(resources, 'icon.png'),
    });
    if (placed.maximized) created.maximize();
    attachContextMenu(created, words);
    const unsubscribe = forwardEvents(ready, created.webContents);
    created.on('close', () => {
      savedState = { bounds: created.getNormalBounds(), maximized: created.isMaximized() };
      const state = savedState;
      pendingSave = pendingSave
        .then(() => saveWindowState(stateFile, state))
        .catch((error: unknown) => ready.logger.warn({ err: error }, 'could not save the window state'));
    });
    created.on('closed', () => {
      unsubscribe();
      window = null;
    });
    window = created;
    await new Promise<void>((resolve) => {
      created.webContents.once('did-finish-load', () => resolve());
      created.webContents.once('did-fail-load', () => resolve());
    });
    return created;
  };

  const sendCommand = (command: AppCommand): void => {
    void openWindow().then((opened) => {
      if (opened) core?.events.emit({ type: 'app.command', command });
    });
  };

  const ask: Ask = async ({ message, detail, buttons }) => {
    const options = {
      type: 'info' as const,
      message,
      detail,
      buttons,
      defaultId: 0,
      cancelId: buttons.length - 1,
    };
    const { response } = window
      ? await dialog.showMessageBox(window, options)
      : await dialog.showMessageBox(options);
    return response;
  };

  app.on('second-instance', () => void openWindow());
  app.on('activate', () => void openWindow());

  app.whenReady().then(async () => {
    try {
      const dataDir = process.env.SWITCHBOARD_DATA_DIR ?? join(app.getPath('userData'), 'data');
      core = await createCore({
        dataDir,
        mode: 'electron',
        // Chats run code outside the data dir (which holds the keys): ~/Switchboard/workspace.
        ...(process.env.SWITCHBOARD_DATA_DIR
          ? {}
          : { defaultWorkspace: join(app.getPath('home'), 'Switchboard', 'workspace') }),
        cipher: new SafeStorageCipher(process.env.SWITCHBOARD_ALLOW_BASIC_TEXT_STORAGE === '1'),
        // Settings → Local API → Copy writes the token here, so it never crosses IPC.
        clipboard: { writeText: (text) => clipboard.writeText(text) },
      });
      stateFile = join(dataDir, 'window-state.json');
      savedState = await loadWindowState(stateFile);
    } catch (error) {
      dialog.showErrorBox(
        words().t('startup.failed'),
        error instanceof Error ? error.message : String(error),
      );
      app.quit();
      return;
    }
    const ready = core;
    prepareSession(rendererDir);
    bindIpc(ready, (event) => window !== null && isTrustedSender(window, event));
    const installMenu = () =>
      installAppMenu(
        { command: sendCommand, checkForUpdates: () => void updates?.check(true) },
        { packaged: app.isPackaged, words: words() },
      );
    installMenu();
    // The menu and the tray follow the language chosen in Settings → General.
    ready.settings.onChange((next, previous) => {
      if (next.ui_language === previous.ui_language) return;
      installMenu();
      tray.reword();
    });
    ready.events.subscribe((event) => {
      if (event.type !== 'api.status') return;
      tray.update(event.status);
      // Stopped from the tray with no window open: nothing is left to show, so quit.
      if (!window && !serving() && !quitting && process.platform !== 'darwin') app.quit();
    });
    tray.update(ready.api.status());
    await openWindow();
    if (app.isPackaged) {
      const { default: electronUpdater } = await import('electron-updater');
      updates = new UpdateChecker(electronUpdater.autoUpdater, ask, app.getVersion(), words);
      void updates.check(false);
    }
    if (process.env.SWITCHBOARD_TEST_HOOKS === '1')
      Object.assign(globalThis, { switchboardTest: { tray, sendCommand } });
  });

  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    // The local API keeps serving from the tray when the person asked for that; macOS apps stay
    // open without windows.
    if (serving() && core?.settings.get().api_keep_serving_when_closed) return;
    if (process.platform === 'darwin') return;
    app.quit();
  });
  app.on('will-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    const closing = core;
    core = null;
    tray.destroy();
    void pendingSave.then(() => closing.close()).finally(() => app.exit(0));
  });
}
