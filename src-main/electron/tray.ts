import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { ApiStatus } from '../../src-shared/http-api';
import type { MainWords } from './main-words';

/** What the tray's items do. */
export interface TrayActions {
  openWindow(): void;
  stopApi(): Promise<unknown>;
  quit(): void;
}

/** The tray's status line for a status (`null` hides the tray). */
export function trayStatusLine(status: ApiStatus, { t }: MainWords): string | null {
  if (status.state === 'listening')
    return t('tray.listening', { address: status.url ?? t('tray.port', { port: status.port }) });
  if (status.state === 'starting') return t('tray.starting', { port: status.port });
  return null;
}

/** The tray's menu: status (not clickable), Open Switchboard, Stop API, Quit. Ids for tests. */
export function buildTrayMenuTemplate(
  status: ApiStatus,
  actions: TrayActions,
  words: MainWords,
): MenuItemConstructorOptions[] {
  const { t } = words;
  return [
    { id: 'api-status', label: trayStatusLine(status, words) ?? t('tray.stopped'), enabled: false },
    { type: 'separator' },
    { id: 'open', label: t('tray.open'), click: () => actions.openWindow() },
    { id: 'stop-api', label: t('tray.stopApi'), click: () => void actions.stopApi() },
    { type: 'separator' },
    { id: 'quit', label: t('tray.quit'), click: () => actions.quit() },
  ];
}

/**
 * A tray icon shown exactly while the local API is on (starting or listening), so the API can
 * keep serving with no window open (as LM Studio and Ollama do) and can be stopped from there.
 */
export class ApiTray {
  private tray: Tray | null = null;
  private contextMenu: Menu | null = null;
  private status: ApiStatus | null = null;

  /** `words()` answers the words of the language the interface shows now. */
  constructor(
    private readonly iconPath: string,
    private readonly actions: TrayActions,
    private readonly words: () => MainWords,
  ) {}

  /** The tray icon while shown. */
  get current(): Tray | null {
    return this.tray;
  }

  /** Its menu while shown (the e2e tests click its items). */
  get menu(): Menu | null {
    return this.contextMenu;
  }

  /** Words the tray again in the interface's language (after the language setting changed). */
  reword(): void {
    if (this.status) this.update(this.status);
  }

  /** Shows, updates or removes the tray for a new API status. */
  update(status: ApiStatus): void {
    this.status = status;
    const words = this.words();
    const line = trayStatusLine(status, words);
    if (line === null) {
      this.destroy();
      return;
    }
    if (!this.tray) {
      const image = nativeImage.createFromPath(this.iconPath);
      this.tray = new Tray(process.platform === 'darwin' ? image.resize({ width: 16, height: 16 }) : image);
      // On Linux and Windows a click opens the window; the menu is on right-click (Linux: both).
      this.tray.on('click', () => this.actions.openWindow());
    }
    this.tray.setToolTip(words.t('tray.tooltip', { status: line }));
    this.contextMenu = Menu.buildFromTemplate(buildTrayMenuTemplate(status, this.actions, words));
    this.tray.setContextMenu(this.contextMenu);
  }

  destroy(): void {
    this.tray?.destroy();
    this.tray = null;
    this.contextMenu = null;
  }
}
