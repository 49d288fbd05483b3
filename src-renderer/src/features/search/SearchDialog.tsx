import { Dialog } from 'radix-ui';
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { SearchHit } from '../../../../src-shared/lmc';
import { describeError } from '../../errors';
import { useStore } from '../../store';
import { fullTime, shortTime } from '../sidebar/dates';
import { snippetParts } from './snippet';
import { useTranslation } from 'react-i18next';

/** Waiting after the last keystroke before searching, in ms. */
const DEBOUNCE_MS = 120;

/** Search every chat (Radix Dialog: Escape closes, focus trapped): results with chat, time and the matched words marked. */
export function SearchDialog() {
  const { t, i18n } = useTranslation();
  const open = useStore((s) => s.searchOpen);
  const { closeSearch, search, openHit } = useStore.getState();
  const [query, setQuery] = useState('');
  // Results with the query they answer: results of an earlier query are never shown (or clicked).
  const [answered, setAnswered] = useState<{ query: string; hits: SearchHit[] } | null>(null);
  const hits = answered && answered.query === query ? answered.hits : null;
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);

  useEffect(() => {
    if (!open) return;
    if (query.trim() === '') return;
    let current = true;
    const timer = setTimeout(() => {
      search(query).then(
        (found) => {
          if (!current) return;
          setAnswered({ query, hits: found });
          setActive(0);
          setError(null);
        },
        (failure: unknown) => current && setError(describeError(failure)),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, open, search]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!hits || hits.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => (i + (event.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const hit = hits[active];
      if (hit) void openHit(hit);
    }
  };
  const now = Date.now();

  return (
    <Dialog.Root open={open} onOpenChange={(next) => (next ? undefined : closeSearch())}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog search-dialog" aria-describedby={undefined}>
          <Dialog.Title className="dialog-title">{t('search.title')}</Dialog.Title>
          <input
            type="search"
            aria-label={t('search.label')}
            placeholder={t('search.placeholder')}
            value={query}
            autoFocus
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onKeyDown}
          />
          {error && (
            <p className="bad small" role="alert">
              {error}
            </p>
          )}
          {hits && hits.length === 0 && (
            <p className="muted small">{t('search.noMatch', { query: query.trim() })}</p>
          )}
          {hits && hits.length > 0 && (
            <ul className="search-results" aria-label={t('search.results')}>
              {hits.map((hit, index) => (
                <li key={hit.messageId}>
                  <button
                    type="button"
                    className="search-hit"
                    aria-current={index === active ? 'true' : undefined}
                    onClick={() => void openHit(hit)}
                    onMouseEnter={() => setActive(index)}
                  >
                    <span className="search-hit-head">
                      <span className="search-hit-title">{hit.sessionTitle}</span>
                      <time
                        className="small muted"
                        dateTime={hit.created_at}
                        title={fullTime(hit.created_at, i18n.language)}
                      >
                        {shortTime(hit.created_at, now, i18n.language)}
                      </time>
                    </span>
                    <span className="search-hit-snippet">
                      <span className="muted">
                        {hit.type === 'code'
                          ? t('search.code')
                          : hit.role === 'user'
                            ? t('chat.you')
                            : hit.role === 'assistant'
                              ? t('chat.assistant')
                              : t('console.output')}
                        :{' '}
                      </span>
                      {snippetParts(hit.snippet).map((part, i) =>
                        part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
                      )}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
