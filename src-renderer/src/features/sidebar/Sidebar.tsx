import { useTranslation } from 'react-i18next';
import { sessionTitle } from '../../i18n';
import { useStore } from '../../store';

/** Sessions, newest activity first; New chat; Activity (the router's calls and key states); Settings. */
export function Sidebar() {
  const { t } = useTranslation();
  const sessions = useStore((s) => s.sessions);
  const currentId = useStore((s) => s.currentId);
  const view = useStore((s) => s.view);
  const { newSession, selectSession, setView, setSidebarOpen, closeSidebarIfNarrow } = useStore.getState();
  /** Runs a sidebar action; on a narrow window the sidebar covering the chat closes after it. */
  const pick = (action: () => unknown) => () => {
    void action();
    closeSidebarIfNarrow();
  };

  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <div className="brand-row">
        <div className="brand">Switchboard</div>
        <button
          type="button"
          className="ghost sidebar-hide"
          aria-label={t('app.hideSidebar')}
          title={t('app.hideSidebar')}
          onClick={() => setSidebarOpen(false)}
        >
          «
        </button>
      </div>
      <button
        type="button"
        className="primary wide"
        onClick={pick(() => newSession().catch(() => undefined))}
      >
        {t('sidebar.newChat')}
      </button>
      <ul className="session-list">
        {sessions.map((session) => (
          <li key={session.id}>
            <button
              type="button"
              className="session"
              aria-current={view === 'chat' && session.id === currentId ? 'page' : undefined}
              onClick={pick(() => selectSession(session.id))}
              title={sessionTitle(session.title)}
            >
              <span className="session-title">{sessionTitle(session.title)}</span>
              <span className="session-meta">
                {session.source === 'api' ? t('sidebar.api') : ''}
                {t('sidebar.messages', { count: session.message_count })}
              </span>
            </button>
          </li>
        ))}
        {sessions.length === 0 && <li className="muted small">{t('sidebar.empty')}</li>}
      </ul>
      <div className="sidebar-nav">
        <button
          type="button"
          className="ghost wide"
          aria-current={view === 'activity' ? 'page' : undefined}
          onClick={pick(() => setView('activity'))}
        >
          {t('sidebar.activity')}
        </button>
        <button
          type="button"
          className="ghost wide"
          aria-current={view === 'settings' ? 'page' : undefined}
          onClick={pick(() => setView('settings'))}
        >
          {t('sidebar.settings')}
        </button>
      </div>
    </nav>
  );
}
