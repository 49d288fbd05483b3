import { EventEmitter } from 'node:events';

/**
 * A stand-in for the `electron` module (the platform boundary: no Electron binary exists on the
 * build machines). It implements the few calls our glue makes, records them in order in `log`,
 * and lets a test drive the app's life (`ready()`, closing windows, clicking menu items,
 * quitting). Behaviour follows Electron's documented semantics where the glue depends on it:
 * `whenReady` resolves after `ready`, closing the last window emits `window-all-closed`,
 * `loadURL` ends with `did-finish-load`.
 */
export interface FakeElectron {
  /** Pass to `vi.doMock('electron', () => fake.module)`. */
  module: Record<string, unknown>;
  /** Every recorded call, in order: `protocol.registerSchemesAsPrivileged`, `app.ready`, … */
  log: string[];
  app: FakeApp;
  windows: FakeWindow[];
  trays: FakeTray[];
  ipcHandlers: Map<string, (event: unknown, input: unknown) => unknown>;
  privilegedSchemes: Array<{ scheme: string; privileges: Record<string, boolean> }>;
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  applicationMenu: FakeMenu | null;
  popups: FakeMenu[];
  permissionRequestHandler:
    ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null;
  permissionCheckHandler: (() => boolean) | null;
  openedExternally: string[];
  /** Emits `ready` and resolves `whenReady()`. */
  ready(): void;
}

type MenuTemplate = Array<Record<string, unknown>>;

/** A built menu: its template and a way to click an item by id. */
export class FakeMenu {
  constructor(readonly template: MenuTemplate) {}
  getMenuItemById(id: string): { label: unknown; enabled: boolean; click: () => void } | null {
    const find = (items: MenuTemplate): Record<string, unknown> | null => {
      for (const item of items) {
        if (item.id === id) return item;
        if (Array.isArray(item.submenu)) {
          const found = find(item.submenu as MenuTemplate);
          if (found) return found;
        }
      }
      return null;
    };
    const item = find(this.template);
    if (!item) return null;
    return {
      label: item.label,
      enabled: item.enabled !== false,
      click: () => (item.click as (() => void) | undefined)?.(),
    };
  }
  popup(): void {}
}

export class FakeWebContents extends EventEmitter {
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  readonly mainFrame = { url: '' };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  readonly session = { addWordToSpellCheckerDictionary: (_word: string) => true };
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  replaceMisspelling(_word: string): void {}
}

export class FakeWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  loadedUrl = '';
  maximized = false;
  focused = 0;
  closed = false;
  constructor(
    readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> },
    private readonly onClosed: (window: FakeWindow) => void,
  ) {
    super();
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    setImmediate(() => {
      this.webContents.emit('did-finish-load');
      this.emit('ready-to-show');
    });
  }
  show(): void {}
  focus(): void {
    this.focused += 1;
  }
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    const { x, y, width, height } = this.options as { x: number; y: number; width: number; height: number };
    return { x, y, width, height };
  }
  /** The person closes the window: `close`, `closed`, then the app hears `window-all-closed` if it was the last. */
  close(): void {
    this.emit('close', { preventDefault() {} });
    this.closed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
    this.onClosed(this);
  }
}

export class FakeTray extends EventEmitter {
  tooltip = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class FakeApp extends EventEmitter {
  hasLock = true;
  isPackaged = false;
  /** What `app.getLocale()` answers (the locale Chromium chose from the system; the window's `navigator.language`). */
  locale = 'en-US';
  /** What `app.getPreferredSystemLanguages()` answers. */
  systemLanguages: string[] = ['en-US'];
  quitCalls = 0;
  exitCode: number | null = null;
  private resolveReady: () => void = () => undefined;
  private readonly readyPromise = new Promise<void>((resolve) => (this.resolveReady = resolve));
  constructor(
    private readonly log: string[],
    private readonly paths: { userData: string; appPath: string },
  ) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    this.log.push('app.requestSingleInstanceLock');
    return this.hasLock;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  markReady(): void {
    this.log.push('app.ready');
    this.emit('ready');
    this.resolveReady();
  }
  quit(): void {
    this.log.push('app.quit');
    this.quitCalls += 1;
  }
  exit(code: number): void {
    this.log.push(`app.exit(${code})`);
    this.exitCode = code;
  }
  setPath(name: string, path: string): void {
    if (name !== 'userData') throw new Error(`setPath(${name}) is not faked`);
    this.log.push(`app.setPath(userData)`);
    this.paths.userData = path;
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`getPath(${name}) is not faked`);
    return this.paths.userData;
  }
  getAppPath(): string {
    return this.paths.appPath;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  getLocale(): string {
    return this.locale;
  }
  getPreferredSystemLanguages(): string[] {
    return [...this.systemLanguages];
  }
}

/** A fresh stand-in; `appPath` is what `app.getAppPath()` answers (the repository when run as `electron .`). */
export function createFakeElectron(paths: { userData: string; appPath: string }): FakeElectron {
  const log: string[] = [];
  const app = new FakeApp(log, paths);
  const fake: FakeElectron = {
    module: {},
    log,
    app,
    windows: [],
    trays: [],
    ipcHandlers: new Map(),
    privilegedSchemes: [],
    protocolHandlers: new Map(),
    applicationMenu: null,
    popups: [],
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    openedExternally: [],
    ready: () => app.markReady(),
  };
  const closed = (window: FakeWindow) => {
    if (fake.windows.every((w) => w.closed || w === window)) app.emit('window-all-closed');
  };
  class BrowserWindow extends FakeWindow {
    constructor(options: Record<string, unknown>) {
      super(options, closed);
      log.push('new BrowserWindow');
      fake.windows.push(this);
    }
  }
  class Tray extends FakeTray {
    constructor(image: unknown) {
      super(image);
      log.push('new Tray');
      fake.trays.push(this);
    }
  }
  const Menu = {
    buildFromTemplate: (template: MenuTemplate) => {
      const menu = new FakeMenu(template);
      menu.popup = () => void fake.popups.push(menu);
      return menu;
    },
    setApplicationMenu: (menu: FakeMenu | null) => {
      log.push('Menu.setApplicationMenu');
      fake.applicationMenu = menu;
    },
    getApplicationMenu: () => fake.applicationMenu,
  };
  const workArea = { x: 0, y: 0, width: 1920, height: 1050 };
  fake.module = {
    app,
    BrowserWindow,
    Tray,
    Menu,
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, input: unknown) => unknown) => {
        if (fake.ipcHandlers.has(channel))
          throw new Error(`Attempted to register a second handler for '${channel}'`);
        fake.ipcHandlers.set(channel, handler);
      },
      removeHandler: (channel: string) => fake.ipcHandlers.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (
        schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>,
      ) => {
        log.push('protocol.registerSchemesAsPrivileged');
        fake.privilegedSchemes.push(...schemes);
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        log.push(`protocol.handle(${scheme})`);
        fake.protocolHandlers.set(scheme, handler);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: FakeElectron['permissionRequestHandler']) =>
          (fake.permissionRequestHandler = handler),
        setPermissionCheckHandler: (handler: FakeElectron['permissionCheckHandler']) =>
          (fake.permissionCheckHandler = handler),
      },
    },
    screen: { getPrimaryDisplay: () => ({ workArea }), getAllDisplays: () => [{ workArea }] },
    nativeImage: { createFromPath: (path: string) => ({ path, resize: () => ({ path }) }) },
    shell: { openExternal: async (url: string) => void fake.openedExternally.push(url) },
    clipboard: { writeText: (_text: string) => undefined },
    dialog: {
      showErrorBox: (title: string, content: string) => log.push(`dialog.showErrorBox(${title}: ${content})`),
      showMessageBox: async () => ({ response: 1 }),
    },
    safeStorage: {
      getSelectedStorageBackend: () => 'gnome_libsecret',
      isAsyncEncryptionAvailable: async () => true,
      encryptStringAsync: async (text: string) => Buffer.from(`fake:${text}`),
      decryptStringAsync: async (data: Buffer) => ({
        result: data.toString().replace(/^fake:/, ''),
        shouldReEncrypt: false,
      }),
    },
  };
  return fake;
}
