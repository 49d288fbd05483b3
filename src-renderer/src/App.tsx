import { useEffect } from 'react';
import { bridge } from './bridge';
import { runAppCommand } from './commands';
import { ActivityView } from './features/activity/ActivityView';
import { ChatView } from './features/chat/ChatView';
import { SearchDialog } from './features/search/SearchDialog';
import { SettingsView } from './features/settings/SettingsView';
import { Sidebar } from './features/sidebar/Sidebar';
import { UndoToast } from './features/sidebar/UndoToast';
import { useStore } from './store';

/** The window: sessions on the left, the chat, the settings or the router's activity on the right. */
export function App() {
  const view = useStore((s) => s.view);
  const info = useStore((s) => s.info);
  const appError = useStore((s) => s.appError);

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
          Demo — scripted replies, no model
        </div>
      )}
      {appError && (
        <div className="app-error" role="alert">
          {appError}
        </div>
      )}
      <div className="layout">
        <Sidebar />
        <main className="main">
          {view === 'settings' ? <SettingsView /> : view === 'activity' ? <ActivityView /> : <ChatView />}
        </main>
      </div>
      <SearchDialog />
      <UndoToast />
    </div>
  );
}
