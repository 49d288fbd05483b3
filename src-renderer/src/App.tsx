import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyAppearance } from './appearance';
import { bridge } from './bridge';
import { runAppCommand } from './commands';
import { applyLanguage } from './i18n';
import { ChatView } from './features/chat/ChatView';
import { SearchDialog } from './features/search/SearchDialog';
import { ShortcutsDialog } from './features/shortcuts/ShortcutsDialog';
import { Sidebar } from './features/sidebar/Sidebar';
import { UndoToast } from './features/sidebar/UndoToast';
import { useShortcuts } from './shortcuts';
import { useStore } from './store';

// Settings and Activity load the first time they are opened, not with the chat.
const SettingsView = lazy(() => import('./features/settings/SettingsView').then((module) => ({ default: module.SettingsView })));
const ActivityView = lazy(() => import('./features/activity/ActivityView').then((module) => ({ default: module.ActivityView })));

/** The window: sessions on the left, the chat, the settings or the router's activity on the right. */
export function App() {
  const view = useStore((s) => s.view);
  const info = useStore((s) => s.info);
  const appError = useStore((s) => s.appError);
  const sidebarOpen = useStore((s) => s.sidebarOpen);
  const theme = useStore((s) => s.settings?.ui_theme);
  const fontSize = useStore((s) => s.settings?.ui_font_size);
  const language = useStore((s) => s.settings?.ui_language);
  const { t } = useTranslation();
  useShortcuts();
  useEffect(() => {
    if (language) void applyLanguage(language).catch(() => undefined);
  }, [language]);
  useEffect(() => {
    if (theme && fontSize) applyAppearance({ theme, fontSize });
  }, [theme, fontSize]);

  useEffect(() => {
    const {
      loadInfo,
      loadSessions,
      loadSettings,
      loadSecrets,
      applyEvent,
      applyRouterEvent,
      applyServerEvent,
      loadApiStatus,
    } = useStore.getState();
    const unsubscribe = bridge.onEvent((event) => {
      applyEvent(event);
      applyRouterEvent(event);
      applyServerEvent(event);
      if (event.type === 'app.command') void runAppCommand(event.command).catch(() => undefined);
    });
    void loadApiStatus();
    void loadInfo();
    void loadSessions()
      .then(() => useStore.getState().openLastSession())
      .catch(() => undefined);
    void loadSettings().catch(() => undefined);
    void loadSecrets();
    return unsubscribe;
  }, []);

  return (
    <div className="app">
      {info?.demo && (
        <div className="demo-banner" role="status">
          {t('app.demo')}
        </div>
      )}
      {appError && (
        <div className="app-error" role="alert">
          {appError}
        </div>
      )}
      <div className={`layout ${sidebarOpen ? '' : 'sidebar-collapsed'}`}>
        {sidebarOpen ? (
          <Sidebar />
        ) : (
          <button type="button" className="sidebar-toggle ghost" aria-label={t('app.showSidebar')} title={t('app.showSidebar')} onClick={() => useStore.getState().setSidebarOpen(true)}>
            ☰
          </button>
        )}
        {sidebarOpen && (
          // On a narrow window the sidebar lies over the chat; a click beside it closes it.
          <div className="sidebar-scrim" aria-hidden="true" onClick={() => useStore.getState().setSidebarOpen(false)} />
        )}
        <main className="main">
          <Suspense fallback={<p className="muted loading">{t('app.loading')}</p>}>{view === 'settings' ? <SettingsView /> : view === 'activity' ? <ActivityView /> : <ChatView />}</Suspense>
        </main>
      </div>
      <ShortcutsDialog />
      <SearchDialog />
      <UndoToast />
    </div>
  );
}
