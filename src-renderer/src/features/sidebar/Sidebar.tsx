import { useStore } from '../../store';

/** Sessions, newest activity first; New chat; Activity (the router's calls and key states); Settings. */
export function Sidebar() {
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
    <nav className="sidebar" aria-label="Sessions">
      <div className="brand-row">
        <div className="brand">Switchboard</div>
        <button type="button" className="ghost sidebar-hide" aria-label="Hide sidebar" title="Hide sidebar" onClick={() => setSidebarOpen(false)}>
          «
        </button>
      </div>
      <button type="button" className="primary wide" onClick={pick(() => newSession().catch(() => undefined))}>
        New chat
      </button>
      <ul className="session-list">
        {sessions.map((session) => (
          <li key={session.id}>
            <button
              type="button"
              className="session"
              aria-current={view === 'chat' && session.id === currentId ? 'page' : undefined}
              onClick={pick(() => selectSession(session.id))}
              title={session.title}
            >
              <span className="session-title">{session.title}</span>
              <span className="session-meta">
                {session.source === 'api' ? 'API · ' : ''}
                {session.message_count} {session.message_count === 1 ? 'message' : 'messages'}
              </span>
            </button>
          </li>
        ))}
        {sessions.length === 0 && <li className="muted small">No conversations yet.</li>}
      </ul>
      <div className="sidebar-nav">
        <button type="button" className="ghost wide" aria-current={view === 'activity' ? 'page' : undefined} onClick={pick(() => setView('activity'))}>
          Activity
        </button>
        <button type="button" className="ghost wide" aria-current={view === 'settings' ? 'page' : undefined} onClick={pick(() => setView('settings'))}>
          Settings
        </button>
      </div>
    </nav>
  );
}
