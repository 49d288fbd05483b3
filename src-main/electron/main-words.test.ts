import { describe, expect, it } from 'vitest';
import { MainHarness, until } from '../../test-support/electron-main-harness';
import type { FakeMenu } from '../../test-support/fake-electron';
import { freePort } from '../../test-support/free-port';

/**
 * The menu, the text context menu and the tray speak the interface's language, under the
 * recording stand-in for `electron` with the real core behind it.
 */
const h = new MainHarness().install();

/** Every label of a menu template, depth first. */
function labels(menu: FakeMenu | null | undefined): string[] {
  const walk = (items: Array<Record<string, unknown>>): string[] =>
    items.flatMap((item) => [
      ...(typeof item.label === 'string' ? [item.label] : []),
      ...(Array.isArray(item.submenu) ? walk(item.submenu as Array<Record<string, unknown>>) : []),
    ]);
  return walk(menu?.template ?? []);
}

describe('main-process words', () => {
  it('follow the system language by default, and the Language setting when it changes: menu, context menu and tray are rebuilt', async () => {
    const window = await h.start((fake) => {
      fake.app.locale = 'ru-RU';
      fake.app.systemLanguages = ['ru-RU', 'en-US'];
    });
    // System language Russian, setting "system": the menu is Russian, standard roles included.
    let menu = labels(h.fake.applicationMenu);
    for (const word of [
      'Файл',
      'Новый чат',
      'Поиск по чатам',
      'Настройки',
      'Правка',
      'Копировать',
      'Вставить',
      'Вид',
      'Окно',
      'Справка',
    ])
      expect(menu).toContain(word);
    expect(menu).not.toContain('File');
    expect(h.fake.applicationMenu?.getMenuItemById('new-chat')?.label).toBe('Новый чат');

    const port = await freePort();
    await h.invoke(window, 'settings.update', { api_port: port });
    await h.invoke(window, 'api.start');
    const tray = await until(() => h.fake.trays.find((t) => !t.destroyed && t.menu));
    expect(tray.menu?.getMenuItemById('api-status')?.label).toBe(
      `Локальный API: слушает http://127.0.0.1:${port}`,
    );
    expect(tray.tooltip).toBe(`Switchboard — Локальный API: слушает http://127.0.0.1:${port}`);
    expect(labels(tray.menu)).toEqual([
      `Локальный API: слушает http://127.0.0.1:${port}`,
      'Открыть Switchboard',
      'Остановить API',
      'Выход',
    ]);

    // The person picks 中文 in Settings → General → Language: menu and tray are rebuilt in it.
    const before = h.fake.applicationMenu;
    expect(await h.invoke(window, 'settings.update', { ui_language: 'zh' })).toMatchObject({ ok: true });
    expect(h.fake.applicationMenu).not.toBe(before);
    menu = labels(h.fake.applicationMenu);
    for (const word of ['文件', '新建对话', '搜索对话', '编辑', '复制', '视图', '窗口', '帮助'])
      expect(menu).toContain(word);
    expect(menu).not.toContain('Файл');
    expect(tray.menu?.getMenuItemById('open')?.label).toBe('打开 Switchboard');
    expect(tray.menu?.getMenuItemById('stop-api')?.label).toBe('停止 API');
    // Its items still work after the rebuild.
    h.fake.applicationMenu?.getMenuItemById('new-chat')?.click();
    await until(() => h.sentEvents(window).some((event) => event.type === 'app.command'));

    // The right-click menu is worded when it opens.
    window.webContents.emit(
      'context-menu',
      {},
      {
        isEditable: true,
        selectionText: '',
        misspelledWord: 'helo',
        dictionarySuggestions: [],
        editFlags: { canCut: true, canCopy: true, canPaste: true },
      },
    );
    expect(labels(h.fake.popups.at(-1))).toEqual(['无建议', '添加到词典', '剪切', '复制', '粘贴', '全选']);

    // English: Electron's own words for the standard items.
    await h.invoke(window, 'settings.update', { ui_language: 'en' });
    menu = labels(h.fake.applicationMenu);
    for (const word of [
      'File',
      'New Chat',
      'Search Chats',
      'Edit',
      'Undo',
      'Copy',
      'View',
      'Toggle Full Screen',
      'Window',
      'Help',
    ])
      expect(menu).toContain(word);
    expect(tray.menu?.getMenuItemById('quit')?.label).toBe('Quit');
  });
});
