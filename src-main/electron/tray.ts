import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { ApiStatus } from '../../src-shared/http-api';

/** What the tray's items do. */
export interface TrayActions {
  openWindow(): void;
  stopApi(): Promise<unknown>;
  quit(): void;
}

/** The tray's status line for a status (`null` hides the tray). */
export function trayStatusLine(status: ApiStatus): string | null {
  if (status.state === 'listening') return `Local API: listening on ${status.url ?? `port ${status.port}`}`;
  if (status.state === 'starting') return `Local API: starting on port ${status.port}…`;
  return null;
}

/** The tray's menu: status (not clickable), Open Switchboard, Stop API, Quit. Ids for tests. */
export function buildTrayMenuTemplate(status: ApiStatus, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { id: 'api-status', label: trayStatusLine(status) ?? 'Local API: stopped', enabled: false },
    { type: 'separator' },
    { id: 'open', label: 'Open Switchboard', click: () => actions.openWindow() },
    { id: 'stop-api', label: 'Stop API', click: () => void actions.stopApi() },
    { type: 'separator' },
    { id: 'quit', label: 'Quit', click: () => actions.quit() },
  ];
}

/**
 * A tray icon shown exactly while the local API is on (starting or listening), so the API can
 * keep serving with no window open (as LM Studio and Ollama do) and can be stopped from there.
 */
export class ApiTray {
  private tray: Tray | null = null;
  private contextMenu: Menu | null = null;

  constructor(
    private readonly iconPath: string,
    private readonly actions: TrayActions,
  ) {}

  /** The tray icon while shown. */
  get current(): Tray | null {
    return this.tray;
  }

  /** Its menu while shown (the e2e tests click its items). */
  get menu(): Menu | null {
    return this.contextMenu;
  }

  /** Shows, updates or removes the tray for a new API status. */
  update(status: ApiStatus): void {
    const line = trayStatusLine(status);
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
    this.tray.setToolTip(`Switchboard — ${line}`);
    this.contextMenu = Menu.buildFromTemplate(buildTrayMenuTemplate(status, this.actions));
    this.tray.setContextMenu(this.contextMenu);
  }

  destroy(): void {
    this.tray?.destroy();
    this.tray = null;
    this.contextMenu = null;
  }
}
