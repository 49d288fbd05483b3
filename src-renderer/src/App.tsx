import { useEffect } from 'react';
import { bridge } from './bridge';
import { ChatView } from './features/chat/ChatView';
import { SettingsView } from './features/settings/SettingsView';
import { Sidebar } from './features/sidebar/Sidebar';
import { useStore } from './store';

/** The window: sessions on the left, the chat or the settings on the right. */
export function App() {
  const view = useStore((s) => s.view);
  const info = useStore((s) => s.info);
  const appError = useStore((s) => s.appError);

  useEffect(() => {
    const { loadInfo, loadSessions, loadSettings, loadSecrets, applyEvent, applyServerEvent, loadApiStatus } = useStore.getState();
    const unsubscribe = bridge.onEvent(applyEvent);
    const unsubscribeServer = bridge.onEvent(applyServerEvent);
    void loadApiStatus();
    void loadInfo();
    void loadSessions().catch(() => undefined);
    void loadSettings().catch(() => undefined);
    void loadSecrets();
    return () => {
      unsubscribe();
      unsubscribeServer();
    };
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
        <main className="main">{view === 'settings' ? <SettingsView /> : <ChatView />}</main>
      </div>
    </div>
  );
}
