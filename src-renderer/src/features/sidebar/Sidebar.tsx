import { useRef } from 'react';
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
  const sessions = useStore((s) => s.sessions);
  const currentId = useStore((s) => s.currentId);
  const view = useStore((s) => s.view);
  const importError = useStore((s) => s.importError);
  const { newSession, setView, openSearch, importChat } = useStore.getState();
  const fileInput = useRef<HTMLInputElement>(null);
  const now = Date.now();
  const groups = groupSessions(sessions, currentId, now);

  return (
    <nav className="sidebar" aria-label="Sessions">
      <div className="brand">Switchboard</div>
      <button type="button" className="primary wide" onClick={() => void newSession()}>
        New chat
      </button>
      <div className="sidebar-tools">
        <button type="button" className="ghost" onClick={openSearch}>
          Search
        </button>
        <button type="button" className="ghost" onClick={() => fileInput.current?.click()}>
          Import
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          aria-label="Chat file (JSON)"
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
          <section key={group} aria-label={group} className="session-group">
            <h2 className="session-group-title">{group}</h2>
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
        {groups.length === 0 && <p className="muted small">No conversations yet.</p>}
      </div>
      <div className="sidebar-nav">
        <button
          type="button"
          className="ghost wide"
          aria-current={view === 'activity' ? 'page' : undefined}
          onClick={() => setView('activity')}
        >
          Activity
        </button>
        <button
          type="button"
          className="ghost wide"
          aria-current={view === 'settings' ? 'page' : undefined}
          onClick={() => setView('settings')}
        >
          Settings
        </button>
      </div>
    </nav>
  );
}
