import { app, clipboard, dialog, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { createCore, type Core } from '../core/app';
import { bindIpc, forwardEvents } from './ipc';
import { SafeStorageCipher } from './safe-storage-cipher';
import { createMainWindow, isTrustedSender } from './window';

/** The Electron entry: one instance, one window, the core built after `ready` (safeStorage needs it). */
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: Core | null = null;
  let window: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app.whenReady().then(async () => {
    try {
      core = await createCore({
        dataDir: process.env.SWITCHBOARD_DATA_DIR ?? join(app.getPath('userData'), 'data'),
        mode: 'electron',
        cipher: new SafeStorageCipher(process.env.SWITCHBOARD_ALLOW_BASIC_TEXT_STORAGE === '1'),
        // Settings → Local API → Copy writes the token here, so it never crosses IPC.
        clipboard: { writeText: (text) => clipboard.writeText(text) },
      });
    } catch (error) {
      dialog.showErrorBox('Switchboard could not start', error instanceof Error ? error.message : String(error));
      app.quit();
      return;
    }
    const ready = core;
    window = createMainWindow();
    const current = window;
    bindIpc(ready, (event) => isTrustedSender(current, event));
    const unsubscribe = forwardEvents(ready, current.webContents);
    current.on('closed', () => {
      unsubscribe();
      window = null;
    });
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    const closing = core;
    core = null;
    void closing.close().finally(() => app.exit(0));
  });
}
