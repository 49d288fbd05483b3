import { DropdownMenu } from 'radix-ui';
import { memo, useState, type KeyboardEvent } from 'react';
import type { SessionSummary } from '../../../../src-shared/lmc';
import { sessionTitle } from '../../i18n';
import { useStore } from '../../store';
import { fullTime, shortTime } from './dates';
import { useTranslation } from 'react-i18next';

/**
 * One chat in the sidebar: its title and time; click opens it, double-click or F2 renames it in
 * place (Enter saves, Escape cancels); "More actions" pins, renames or deletes it.
 */
export const SessionRow = memo(function SessionRow({
  session,
  current,
  now,
}: {
  session: SessionSummary;
  current: boolean;
  now: number;
}) {
  const { t, i18n } = useTranslation();
  const { selectSession, renameSession, pinSession, deleteSession } = useStore.getState();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(session.title);

  const startRename = () => {
    setDraft(session.title);
    setEditing(true);
  };
  const finish = (save: boolean) => {
    setEditing(false);
    const title = draft.trim();
    if (save && title !== '' && title !== session.title) void renameSession(session.id, title.slice(0, 200));
  };
  const onEditKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') finish(true);
    else if (event.key === 'Escape') {
      event.stopPropagation();
      finish(false);
    }
  };

  return (
    <li className="session-row">
      {editing ? (
        <input
          className="session-rename"
          aria-label={t('session.title')}
          value={draft}
          autoFocus
          onFocus={(e) => e.target.select()}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onEditKey}
          onBlur={() => finish(true)}
        />
      ) : (
        <button
          type="button"
          className="session"
          aria-current={current ? 'page' : undefined}
          onClick={() => void selectSession(session.id)}
          onDoubleClick={startRename}
          onKeyDown={(e) => {
            if (e.key === 'F2') {
              e.preventDefault();
              startRename();
            }
          }}
          title={session.title}
        >
          <span className="session-title">{sessionTitle(session.title)}</span>
          <span className="session-meta">
            {session.source === 'api' ? t('sidebar.api') : ''}
            <time dateTime={session.updated_at} title={fullTime(session.updated_at, i18n.language)}>
              {shortTime(session.updated_at, now, i18n.language)}
            </time>
          </span>
        </button>
      )}
      <DropdownMenu.Root>
        <DropdownMenu.Trigger asChild>
          <button type="button" className="ghost session-more" aria-label={t('session.actions')}>
            ⋯
          </button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="end">
            <DropdownMenu.Item
              className="menu-item"
              onSelect={() => void pinSession(session.id, !session.pinned)}
            >
              {session.pinned ? t('session.unpin') : t('session.pin')}
            </DropdownMenu.Item>
            <DropdownMenu.Item className="menu-item" onSelect={startRename}>
              {t('session.rename')}
            </DropdownMenu.Item>
            <DropdownMenu.Item
              className="menu-item danger-text"
              onSelect={() => void deleteSession(session.id)}
            >
              {t('session.delete')}
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </li>
  );
});
