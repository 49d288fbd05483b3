import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '../../../../src-shared/lmc';
import { useStore } from '../../store';
import { DATE_GROUPS, dateGroup, type DateGroup } from './dates';
import { SessionRow } from './SessionRow';

/** Chats grouped Pinned / Today / Yesterday / Previous 7 days / Older, newest activity first in each. */
function groupSessions(
  sessions: SessionSummary[],
  currentId: string | null,
  now: number,
): Array<[DateGroup, SessionSummary[]]> {
  const groups = new Map<DateGroup, SessionSummary[]>();
  for (const session of sessions) {
    // Empty chats (made by New chat before chats were stored lazily, or over the API) stay out
    // of the way unless open.
    if (session.message_count === 0 && session.source === 'app' && session.id !== currentId) continue;
    const group = session.pinned ? 'Pinned' : dateGroup(session.updated_at, now);
    const list = groups.get(group);
    if (list) list.push(session);
    else groups.set(group, [session]);
  }
  return DATE_GROUPS.flatMap((group) => {
    const list = groups.get(group);
    return list ? [[group, list] as [DateGroup, SessionSummary[]]] : [];
  });
}

/** New chat, Search, Import; the chats by date; Activity (the router's calls and key states); Settings. */
export function Sidebar() {
  const { t } = useTranslation();
  const sessions = useStore((s) => s.sessions);
  const currentId = useStore((s) => s.currentId);
  const view = useStore((s) => s.view);
  const importError = useStore((s) => s.importError);
  const { newSession, setView, openSearch, importChat, setSidebarOpen, closeSidebarIfNarrow } =
    useStore.getState();
  /** Runs a sidebar action; on a narrow window the sidebar covering the chat closes after it. */
  const pick = (action: () => unknown) => () => {
    void action();
    closeSidebarIfNarrow();
  };
  const fileInput = useRef<HTMLInputElement>(null);
  const now = Date.now();
  const groups = groupSessions(sessions, currentId, now);

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
      <div className="sidebar-tools">
        <button type="button" className="ghost" onClick={pick(openSearch)}>
          {t('sidebar.search')}
        </button>
        <button type="button" className="ghost" onClick={() => fileInput.current?.click()}>
          {t('sidebar.import')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          aria-label={t('sidebar.chatFile')}
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importChat(file);
          }}
        />
      </div>
      {importError && (
        <p className="bad small" role="alert">
          {importError}
        </p>
      )}
      <div className="session-list">
        {groups.map(([group, list]) => (
          <section key={group} aria-label={t(`sidebar.groups.${group}`)} className="session-group">
            <h2 className="session-group-title">{t(`sidebar.groups.${group}`)}</h2>
            <ul>
              {list.map((session) => (
                <SessionRow
                  key={session.id}
                  session={session}
                  current={view === 'chat' && session.id === currentId}
                  now={now}
                />
              ))}
            </ul>
          </section>
        ))}
        {groups.length === 0 && <p className="muted small">{t('sidebar.empty')}</p>}
      </div>
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
