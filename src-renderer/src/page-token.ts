/** Where the tab keeps the serve token: sessionStorage is per origin (host and port) and per tab. */
const STORAGE_KEY = 'switchboard_token';

/**
 * The serve token for this tab. The URL `serve` prints carries it (`?token=` or `#token=`);
 * it is moved to the tab's sessionStorage and removed from the address bar and the history
 * (`history.replaceState`), so it is not left in the URL, and a reload of the tab still works.
 * No cookie is used: a cookie for 127.0.0.1 would be sent to every port on that host.
 *
 * @returns The token, or null when the tab was opened without one.
 */
export function takePageToken(
  location: Pick<Location, 'href'>,
  history: Pick<History, 'replaceState' | 'state'>,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
): string | null {
  const url = new URL(location.href);
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
  const given = url.searchParams.get('token') ?? hash.get('token');
  if (given) {
    storage.setItem(STORAGE_KEY, given);
    url.searchParams.delete('token');
    hash.delete('token');
    url.hash = hash.toString();
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  return given ?? storage.getItem(STORAGE_KEY);
}
