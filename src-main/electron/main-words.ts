import i18next, { type TOptions } from 'i18next';
import { LANGUAGES, type Language } from '../../src-shared/languages';

/**
 * The words main shows itself: the application menu, the text context menu and the tray, in
 * the languages of the window's catalogs (src-renderer/src/i18n). The English words of
 * Electron's standard roles are Electron's own defaults; a role given a label shows that label
 * and keeps its behaviour. `{{app}}` is the app's name.
 */
const en = {
  menu: {
    file: 'File',
    edit: 'Edit',
    view: 'View',
    window: 'Window',
    help: 'Help',
    newChat: 'New Chat',
    searchChats: 'Search Chats',
    settings: 'Settings',
    settingsMac: 'Settings…',
    checkForUpdates: 'Check for Updates…',
    about: 'About {{app}}',
    services: 'Services',
    hide: 'Hide {{app}}',
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    quit: 'Quit',
    quitMac: 'Quit {{app}}',
    close: 'Close Window',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    pasteAndMatchStyle: 'Paste and Match Style',
    delete: 'Delete',
    selectAll: 'Select All',
    reload: 'Reload',
    toggleDevTools: 'Toggle Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    togglefullscreen: 'Toggle Full Screen',
    minimize: 'Minimize',
    zoom: 'Zoom',
    front: 'Bring All to Front',
    noSuggestions: 'No suggestions',
    addToDictionary: 'Add to Dictionary',
  },
  tray: {
    listening: 'Local API: listening on {{address}}',
    port: 'port {{port}}',
    starting: 'Local API: starting on port {{port}}…',
    stopped: 'Local API: stopped',
    tooltip: '{{app}} — {{status}}',
    open: 'Open {{app}}',
    stopApi: 'Stop API',
    quit: 'Quit',
  },
  update: {
    upToDate: '{{app}} is up to date.',
    newest: 'Version {{version}} is the newest.',
    checkFailed: 'Could not check for updates.',
    available: '{{app}} {{version}} is available.',
    availableDetail: 'You have {{current}}. Download it now? It installs when you restart {{app}}.',
    ready: '{{app}} {{version}} is ready to install.',
    readyDetail: 'Restart now to use it, or it installs the next time you quit.',
    ok: 'OK',
    download: 'Download',
    restartNow: 'Restart Now',
    later: 'Later',
  },
  startup: {
    failed: '{{app}} could not start',
  },
};

type Catalog = typeof en;

const ru: Catalog = {
  menu: {
    file: 'Файл',
    edit: 'Правка',
    view: 'Вид',
    window: 'Окно',
    help: 'Справка',
    newChat: 'Новый чат',
    searchChats: 'Поиск по чатам',
    settings: 'Настройки',
    settingsMac: 'Настройки…',
    checkForUpdates: 'Проверить обновления…',
    about: 'О программе {{app}}',
    services: 'Службы',
    hide: 'Скрыть {{app}}',
    hideOthers: 'Скрыть остальные',
    unhide: 'Показать все',
    quit: 'Выход',
    quitMac: 'Завершить {{app}}',
    close: 'Закрыть окно',
    undo: 'Отменить',
    redo: 'Повторить',
    cut: 'Вырезать',
    copy: 'Копировать',
    paste: 'Вставить',
    pasteAndMatchStyle: 'Вставить с сохранением стиля',
    delete: 'Удалить',
    selectAll: 'Выделить всё',
    reload: 'Перезагрузить',
    toggleDevTools: 'Инструменты разработчика',
    resetZoom: 'Фактический размер',
    zoomIn: 'Увеличить',
    zoomOut: 'Уменьшить',
    togglefullscreen: 'Полноэкранный режим',
    minimize: 'Свернуть',
    zoom: 'Изменить масштаб',
    front: 'Все окна — на передний план',
    noSuggestions: 'Нет вариантов',
    addToDictionary: 'Добавить в словарь',
  },
  tray: {
    listening: 'Локальный API: слушает {{address}}',
    port: 'порт {{port}}',
    starting: 'Локальный API: запуск на порту {{port}}…',
    stopped: 'Локальный API: остановлен',
    tooltip: '{{app}} — {{status}}',
    open: 'Открыть {{app}}',
    stopApi: 'Остановить API',
    quit: 'Выход',
  },
  update: {
    upToDate: 'У вас последняя версия {{app}}.',
    newest: 'Версия {{version}} — самая новая.',
    checkFailed: 'Не удалось проверить обновления.',
    available: 'Доступна версия {{app}} {{version}}.',
    availableDetail: 'У вас {{current}}. Скачать сейчас? Обновление установится при перезапуске {{app}}.',
    ready: '{{app}} {{version}} готов к установке.',
    readyDetail:
      'Перезапустите сейчас, чтобы начать им пользоваться, или он установится при следующем выходе.',
    ok: 'OK',
    download: 'Скачать',
    restartNow: 'Перезапустить',
    later: 'Позже',
  },
  startup: {
    failed: 'Не удалось запустить {{app}}',
  },
};

const zh: Catalog = {
  menu: {
    file: '文件',
    edit: '编辑',
    view: '视图',
    window: '窗口',
    help: '帮助',
    newChat: '新建对话',
    searchChats: '搜索对话',
    settings: '设置',
    settingsMac: '设置…',
    checkForUpdates: '检查更新…',
    about: '关于 {{app}}',
    services: '服务',
    hide: '隐藏 {{app}}',
    hideOthers: '隐藏其他',
    unhide: '全部显示',
    quit: '退出',
    quitMac: '退出 {{app}}',
    close: '关闭窗口',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    pasteAndMatchStyle: '粘贴并匹配样式',
    delete: '删除',
    selectAll: '全选',
    reload: '重新加载',
    toggleDevTools: '切换开发者工具',
    resetZoom: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    togglefullscreen: '切换全屏',
    minimize: '最小化',
    zoom: '缩放',
    front: '前置全部窗口',
    noSuggestions: '无建议',
    addToDictionary: '添加到词典',
  },
  tray: {
    listening: '本地 API：正在监听 {{address}}',
    port: '端口 {{port}}',
    starting: '本地 API：正在端口 {{port}} 上启动…',
    stopped: '本地 API：已停止',
    tooltip: '{{app}} — {{status}}',
    open: '打开 {{app}}',
    stopApi: '停止 API',
    quit: '退出',
  },
  update: {
    upToDate: '{{app}} 已是最新版本。',
    newest: '版本 {{version}} 是最新的。',
    checkFailed: '无法检查更新。',
    available: '{{app}} {{version}} 已发布。',
    availableDetail: '你的版本是 {{current}}。现在下载吗？它会在你重新启动 {{app}} 时安装。',
    ready: '{{app}} {{version}} 已可安装。',
    readyDetail: '现在重新启动即可使用，否则将在下次退出时安装。',
    ok: '确定',
    download: '下载',
    restartNow: '立即重新启动',
    later: '稍后',
  },
  startup: {
    failed: '{{app}} 无法启动',
  },
};

const CATALOGS: Readonly<Record<Language, Catalog>> = { en, ru, zh };

/** A key of the catalog: `menu.newChat`, `tray.listening`, … */
export type WordKey = { [G in keyof Catalog]: `${G & string}.${keyof Catalog[G] & string}` }[keyof Catalog];

/** Words in one language: `t(key, params)`, the app's name filled in as `{{app}}`. */
export interface MainWords {
  readonly language: Language;
  t(key: WordKey, params?: Record<string, string | number>): string;
}

const translator = i18next.createInstance();
void translator.init({
  resources: Object.fromEntries(LANGUAGES.map((language) => [language, { translation: CATALOGS[language] }])),
  lng: 'en',
  fallbackLng: 'en',
  // Menu labels are plain text, not HTML.
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** The words of `language`; `app` is the app's name (`Switchboard`). */
export function mainWords(language: Language, app = 'Switchboard'): MainWords {
  const t = translator.getFixedT(language);
  return {
    language,
    t: (key, params = {}) => t(key, { app, ...params } as TOptions),
  };
}
