import { useTranslation } from 'react-i18next';
import type { MessageSource } from '../../../../src-shared/lmc';

/**
 * The model's reasoning as a collapsible "Thinking" part above its reply: closed by default,
 * and the person may open it while it still streams (a native `<details>`, so keyboard and
 * screen readers work and React never resets it).
 */
export function ReplyThinking({ reasoning }: { reasoning: string }) {
  const { t } = useTranslation();
  return (
    <details className="thinking">
      <summary>{t('reply.thinking')}</summary>
      <div className="thinking-text">{reasoning}</div>
    </details>
  );
}

/** An http(s) URL, or null: other schemes (javascript:, file:, data:) are never linked. */
function safeUrl(raw: string | undefined): URL | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** A URL as a short label: host without `www.`, then the path, cut to about 60 chars. */
function shortUrl(url: URL): string {
  const text = `${url.hostname.replace(/^www\./, '')}${url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '')}`;
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/**
 * The sources a reply cites, numbered as the provider counts them (`[1]`, `[2]`, …), under the
 * reply. Links open in a new tab without access to this page (`noopener noreferrer`); in the
 * desktop app the window's open handler passes them to the system browser. A source without an
 * http(s) URL (a document) is listed by its title, not linked.
 */
export function ReplySources({ sources }: { sources: MessageSource[] }) {
  const { t } = useTranslation();
  return (
    <nav className="sources" aria-label={t('reply.sources')}>
      <div className="small muted">{t('reply.sources')}</div>
      <ol>
        {sources.map((source, index) => {
          const url = safeUrl(source.url);
          const label = source.title ?? (url ? shortUrl(url) : t('reply.untitled'));
          return (
            <li key={`${index}-${source.url ?? source.title ?? ''}`} title={source.snippet}>
              {url ? (
                <a href={url.href} target="_blank" rel="noopener noreferrer">
                  {label}
                </a>
              ) : (
                <span>{label}</span>
              )}
              {url && source.title && (
                <span className="small muted"> · {url.hostname.replace(/^www\./, '')}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
