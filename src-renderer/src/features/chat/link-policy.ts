import { t } from '../../i18n';

/**
 * The one link policy of the chat (replies and terminals): only http(s) URLs open, in a new
 * tab without an opener (Electron hands them to the system browser); other schemes
 * (javascript:, file:, data:, custom ones) never open.
 *
 * @returns The URL to open, normalised, or null when it must not open.
 */
export function openableUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Opens `raw` when the policy allows it; returns whether it did. */
export function openLink(raw: string): boolean {
  const url = openableUrl(raw);
  if (url) window.open(url, '_blank', 'noopener,noreferrer');
  return url !== null;
}

/** What a link's tooltip says: its real target (the text shown may pose as another URL). */
export function linkTitle(raw: string): string {
  return t(openableUrl(raw) ? 'link.opens' : 'link.blocked', { url: raw });
}
