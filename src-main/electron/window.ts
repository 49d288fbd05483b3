import { BrowserWindow, protocol, session, shell, type IpcMainInvokeEvent } from 'electron';
import { APP_ENTRY_URL, APP_SCHEME, createAppProtocolHandler, isAppUrl } from './app-protocol';
import { MIN_SIZE, type Bounds } from './window-state';

/** Where the renderer is loaded from: the dev server in `electron-vite dev`, else `app://switchboard/`. */
const devUrl = process.env.ELECTRON_RENDERER_URL;

/**
 * Once, after `ready`: serves the built renderer folder on `app://switchboard/` and denies every
 * permission request and check (camera, notifications, …) by default.
 */
export function prepareSession(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

export interface MainWindowOptions {
  /** The built preload (`out/preload/index.cjs`). */
  preloadPath: string;
  /** Where it opens (see `placeWindow`). */
  bounds: Bounds;
  /** The window icon on Linux and Windows (macOS takes the app bundle's). */
  iconPath?: string;
}

/**
 * Creates the main window with the Electron security checklist applied: context isolation and
 * sandbox on, node integration off, web security on, `window.open` denied (https links go to
 * the browser), navigation away from the app blocked, no `<webview>`. It loads
 * `app://switchboard/index.html` (the dev server under `electron-vite dev`).
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    ...options.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Switchboard',
    show: false,
    ...(options.iconPath && process.platform !== 'darwin' ? { icon: options.iconPath } : {}),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      // Middle-click would open links as new windows outside setWindowOpenHandler's reach.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());

  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, devUrl)) event.preventDefault();
  });
  window.webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, devUrl)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());

  void window.loadURL(devUrl ?? APP_ENTRY_URL);
  return window;
}

/** True when an IPC call comes from this window's main frame showing our own app (exact origin). */
export function isTrustedSender(window: BrowserWindow, event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return (
    event.sender === window.webContents &&
    frame !== null &&
    frame === window.webContents.mainFrame &&
    isAppUrl(frame.url, devUrl)
  );
}

/** http(s) links from a reply go to the system browser; other schemes (file:, custom handlers) never leave the app. */
function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
