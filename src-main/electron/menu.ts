import {
  Menu,
  type BrowserWindow,
  type ContextMenuParams,
  type MenuItemConstructorOptions,
  type WebContents,
} from 'electron';
import type { AppCommand } from '../../src-shared/events';
import type { MainWords, WordKey } from './main-words';

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
 * outside macOS, where both are in the App menu), every label in `words`' language (Electron's
 * own role labels are English only). Items that reach the renderer carry ids (`new-chat`,
 * `search`, `settings`, `check-for-updates`) so tests can find them.
 */
export function buildMenuTemplate(
  platform: NodeJS.Platform,
  actions: MenuActions,
  options: { packaged: boolean; words: MainWords },
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const { t } = options.words;
  const role = (name: keyof typeof ROLE_WORDS): MenuItemConstructorOptions => ({
    role: name,
    label: t(ROLE_WORDS[name]),
  });
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const settings: MenuItemConstructorOptions = {
    id: 'settings',
    label: t(mac ? 'menu.settingsMac' : 'menu.settings'),
    accelerator: 'CmdOrCtrl+,',
    click: () => actions.command('settings'),
  };
  const updates: MenuItemConstructorOptions = {
    id: 'check-for-updates',
    label: t('menu.checkForUpdates'),
    enabled: options.packaged,
    click: () => actions.checkForUpdates(),
  };
  const quit: MenuItemConstructorOptions = { role: 'quit', label: t(mac ? 'menu.quitMac' : 'menu.quit') };
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      role: 'appMenu',
      submenu: [
        role('about'),
        updates,
        separator,
        settings,
        separator,
        role('services'),
        separator,
        role('hide'),
        role('hideOthers'),
        role('unhide'),
        separator,
        quit,
      ],
    });
  }
  template.push({
    label: t('menu.file'),
    submenu: [
      {
        id: 'new-chat',
        label: t('menu.newChat'),
        accelerator: 'CmdOrCtrl+N',
        click: () => actions.command('new_chat'),
      },
      {
        id: 'search',
        label: t('menu.searchChats'),
        accelerator: 'CmdOrCtrl+K',
        click: () => actions.command('search'),
      },
      ...(mac ? [separator, role('close')] : [separator, settings, separator, quit]),
    ],
  });
  // Electron's editMenu and windowMenu, item by item, so each label can be given.
  template.push({
    role: 'editMenu',
    label: t('menu.edit'),
    submenu: [
      role('undo'),
      role('redo'),
      separator,
      role('cut'),
      role('copy'),
      role('paste'),
      ...(mac
        ? [role('pasteAndMatchStyle'), role('delete'), role('selectAll')]
        : [role('delete'), separator, role('selectAll')]),
    ],
  });
  template.push({
    label: t('menu.view'),
    submenu: [
      role('reload'),
      ...(options.packaged ? [] : [role('toggleDevTools')]),
      separator,
      role('resetZoom'),
      role('zoomIn'),
      role('zoomOut'),
      separator,
      role('togglefullscreen'),
    ],
  });
  template.push({
    role: 'windowMenu',
    label: t('menu.window'),
    submenu: mac
      ? [role('minimize'), role('zoom'), separator, role('front')]
      : [role('minimize'), role('close')],
  });
  template.push({
    role: 'help',
    label: t('menu.help'),
    submenu: mac ? [role('about')] : [updates, separator, role('about')],
  });
  return template;
}

type MenuRole = NonNullable<MenuItemConstructorOptions['role']>;

/** The words of the standard roles used above. */
const ROLE_WORDS = {
  about: 'menu.about',
  services: 'menu.services',
  hide: 'menu.hide',
  hideOthers: 'menu.hideOthers',
  unhide: 'menu.unhide',
  close: 'menu.close',
  undo: 'menu.undo',
  redo: 'menu.redo',
  cut: 'menu.cut',
  copy: 'menu.copy',
  paste: 'menu.paste',
  pasteAndMatchStyle: 'menu.pasteAndMatchStyle',
  delete: 'menu.delete',
  selectAll: 'menu.selectAll',
  reload: 'menu.reload',
  toggleDevTools: 'menu.toggleDevTools',
  resetZoom: 'menu.resetZoom',
  zoomIn: 'menu.zoomIn',
  zoomOut: 'menu.zoomOut',
  togglefullscreen: 'menu.togglefullscreen',
  minimize: 'menu.minimize',
  zoom: 'menu.zoom',
  front: 'menu.front',
} as const satisfies Partial<Record<MenuRole, WordKey>>;

/** Builds and installs the application menu (again when the language changes). */
export function installAppMenu(actions: MenuActions, options: { packaged: boolean; words: MainWords }): Menu {
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
  words: MainWords,
): MenuItemConstructorOptions[] {
  const { t } = words;
  const items: MenuItemConstructorOptions[] = [];
  if (params.isEditable && params.misspelledWord) {
    for (const suggestion of params.dictionarySuggestions.slice(0, 5))
      items.push({ label: suggestion, click: () => contents.replaceMisspelling(suggestion) });
    if (params.dictionarySuggestions.length === 0)
      items.push({ label: t('menu.noSuggestions'), enabled: false });
    items.push({
      label: t('menu.addToDictionary'),
      click: () => contents.session.addWordToSpellCheckerDictionary(params.misspelledWord),
    });
    items.push({ type: 'separator' });
  }
  if (params.isEditable) {
    items.push(
      { role: 'cut', label: t('menu.cut'), enabled: params.editFlags.canCut },
      { role: 'copy', label: t('menu.copy'), enabled: params.editFlags.canCopy },
      { role: 'paste', label: t('menu.paste'), enabled: params.editFlags.canPaste },
      { type: 'separator' },
      { role: 'selectAll', label: t('menu.selectAll') },
    );
  } else if (params.selectionText.trim() !== '') {
    items.push({ role: 'copy', label: t('menu.copy') });
  }
  return items;
}

/** Shows the text context menu on right-click inside the window, in the language `words()` answers then. */
export function attachContextMenu(window: BrowserWindow, words: () => MainWords): void {
  window.webContents.on('context-menu', (_event, params) => {
    const template = buildContextMenuTemplate(params, window.webContents, words());
    if (template.length > 0) Menu.buildFromTemplate(template).popup({ window });
  });
}
