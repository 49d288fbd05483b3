import {
  Menu,
  type BrowserWindow,
  type ContextMenuParams,
  type MenuItemConstructorOptions,
  type WebContents,
} from 'electron';
import type { AppCommand } from '../../src-shared/events';

/** What the menu's own items do (the rest are Electron's standard roles). */
export interface MenuActions {
  /** Sends a command to the window (opening one first if none is open). */
  command(command: AppCommand): void;
  /** Asks GitHub Releases for a newer version (packaged builds only). */
  checkForUpdates(): void;
}

/**
 * The application menu: on macOS the App menu (About, Settings…, Services, Hide, Quit), then
 * File (New chat, Search; Settings and Quit outside macOS), Edit (undo/redo/cut/copy/paste/
 * select all — without it copy and paste shortcuts do nothing on macOS), View (reload, zoom,
 * full screen; developer tools only in development), Window, Help (Check for updates and About
 * outside macOS, where both are in the App menu). Items that reach the renderer carry ids (`new-chat`, `search`, `settings`,
 * `check-for-updates`) so tests can find them.
 */
export function buildMenuTemplate(
  platform: NodeJS.Platform,
  actions: MenuActions,
  options: { packaged: boolean },
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const settings: MenuItemConstructorOptions = {
    id: 'settings',
    label: mac ? 'Settings…' : 'Settings',
    accelerator: 'CmdOrCtrl+,',
    click: () => actions.command('settings'),
  };
  const updates: MenuItemConstructorOptions = {
    id: 'check-for-updates',
    label: 'Check for Updates…',
    enabled: options.packaged,
    click: () => actions.checkForUpdates(),
  };
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      role: 'appMenu',
      submenu: [
        { role: 'about' },
        updates,
        { type: 'separator' },
        settings,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: 'File',
    submenu: [
      {
        id: 'new-chat',
        label: 'New Chat',
        accelerator: 'CmdOrCtrl+N',
        click: () => actions.command('new_chat'),
      },
      {
        id: 'search',
        label: 'Search Chats',
        accelerator: 'CmdOrCtrl+K',
        click: () => actions.command('search'),
      },
      ...(mac
        ? [{ type: 'separator' } as const, { role: 'close' } as const]
        : [
            { type: 'separator' } as const,
            settings,
            { type: 'separator' } as const,
            { role: 'quit' } as const,
          ]),
    ],
  });
  template.push({ role: 'editMenu' });
  template.push({
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(options.packaged ? [] : [{ role: 'toggleDevTools' } as const]),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({ role: 'windowMenu' });
  template.push({
    role: 'help',
    submenu: mac ? [{ role: 'about' }] : [updates, { type: 'separator' }, { role: 'about' }],
  });
  return template;
}

/** Builds and installs the application menu. */
export function installAppMenu(actions: MenuActions, options: { packaged: boolean }): Menu {
  const menu = Menu.buildFromTemplate(buildMenuTemplate(process.platform, actions, options));
  Menu.setApplicationMenu(menu);
  return menu;
}

/**
 * The right-click menu for text: spelling suggestions (and "Add to dictionary") on a misspelt
 * word in an editable field, then cut / copy / paste / select all as the context allows.
 * Nothing appears where there is nothing to do.
 */
export function buildContextMenuTemplate(
  params: Pick<
    ContextMenuParams,
    'isEditable' | 'selectionText' | 'misspelledWord' | 'dictionarySuggestions' | 'editFlags'
  >,
  contents: Pick<WebContents, 'replaceMisspelling' | 'session'>,
): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  if (params.isEditable && params.misspelledWord) {
    for (const suggestion of params.dictionarySuggestions.slice(0, 5))
      items.push({ label: suggestion, click: () => contents.replaceMisspelling(suggestion) });
    if (params.dictionarySuggestions.length === 0) items.push({ label: 'No suggestions', enabled: false });
    items.push({
      label: 'Add to Dictionary',
      click: () => contents.session.addWordToSpellCheckerDictionary(params.misspelledWord),
    });
    items.push({ type: 'separator' });
  }
  if (params.isEditable) {
    items.push(
      { role: 'cut', enabled: params.editFlags.canCut },
      { role: 'copy', enabled: params.editFlags.canCopy },
      { role: 'paste', enabled: params.editFlags.canPaste },
      { type: 'separator' },
      { role: 'selectAll' },
    );
  } else if (params.selectionText.trim() !== '') {
    items.push({ role: 'copy' });
  }
  return items;
}

/** Shows the text context menu on right-click inside the window. */
export function attachContextMenu(window: BrowserWindow): void {
  window.webContents.on('context-menu', (_event, params) => {
    const template = buildContextMenuTemplate(params, window.webContents);
    if (template.length > 0) Menu.buildFromTemplate(template).popup({ window });
  });
}
