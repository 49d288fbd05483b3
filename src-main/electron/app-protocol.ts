import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * The renderer's own scheme. Electron's security checklist (item 18) says to serve local files
 * from a custom protocol: with the `grantFileProtocolExtraPrivileges` fuse off, a module script
 * loaded from file:// is refused by CORS and the window stays blank.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'switchboard';
/** The page the window loads. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Privileges the scheme is registered with before `ready`: `standard` (relative URLs and a real
 * origin, so the CSP's `'self'` means this scheme and host), `secure` (a secure context, like
 * https), fetch and code cache. No `bypassCSP`, no `corsEnabled`: nothing else may read it.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
} as const;

/** Content types by file extension for what Vite emits into `out/renderer`. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The content type of a file name (`application/octet-stream` when the extension is unknown). */
export function mimeTypeOf(fileName: string): string {
  return MIME_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/** Where a request leads: a file under the root, or a refusal with its HTTP status. */
export type AppResolution =
  { kind: 'file'; path: string; mimeType: string } | { kind: 'refused'; status: 400 | 404 };

/**
 * Maps an `app://switchboard/<path>` URL to a file path inside `rootDir` without touching the
 * disk. Refuses (404) another scheme or host, and any path that could leave the root: `..` or
 * `.` segments (also percent-encoded, `%2e%2e`), encoded slashes (`%2f`, `%5c`), backslashes,
 * NUL bytes, drive letters. A malformed percent-escape is 400. `/` means `index.html`. The
 * query and fragment are ignored.
 */
export function resolveAppUrl(rootDir: string, url: string): AppResolution {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'refused', status: 400 };
  }
  if (
    parsed.protocol !== `${APP_SCHEME}:` ||
    parsed.hostname !== APP_HOST ||
    parsed.port !== '' ||
    parsed.username !== '' ||
    parsed.password !== ''
  ) {
    return { kind: 'refused', status: 404 };
  }
  // Work on the raw path as sent (the URL parser already folded plain `..`); each segment is
  // decoded on its own so an encoded separator cannot create a new segment.
  const raw = parsed.pathname === '/' || parsed.pathname === '' ? '/index.html' : parsed.pathname;
  const segments: string[] = [];
  for (const encoded of raw.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return { kind: 'refused', status: 400 };
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0:]/.test(segment))
      return { kind: 'refused', status: 404 };
    segments.push(segment);
  }
  const root = resolve(rootDir);
  const path = join(root, ...segments);
  const inside = relative(root, path);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside))
    return { kind: 'refused', status: 404 };
  return { kind: 'file', path, mimeType: mimeTypeOf(path) };
}

/**
 * The `protocol.handle` handler for the scheme: reads only regular files inside `rootDir`
 * (the built renderer), answers 404 for anything else, 405 for a method other than GET/HEAD.
 * Plain Node (`Request`/`Response` are globals), so it is tested without Electron.
 */
export function createAppProtocolHandler(rootDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
    const resolution = resolveAppUrl(rootDir, request.url);
    if (resolution.kind === 'refused') return new Response(null, { status: resolution.status });
    try {
      const info = await stat(resolution.path);
      if (!info.isFile()) return new Response(null, { status: 404 });
      const headers = {
        'Content-Type': resolution.mimeType,
        'Content-Length': String(info.size),
        'X-Content-Type-Options': 'nosniff',
      };
      if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
      return new Response(new Uint8Array(await readFile(resolution.path)), { status: 200, headers });
    } catch {
      return new Response(null, { status: 404 });
    }
  };
}

/**
 * True when `url` is a page of our own app: exactly the `app://switchboard` origin, or exactly
 * the dev server's origin under `electron-vite dev`. Used for IPC senders and navigation; a
 * file:// URL, another host, or a look-alike (`app://switchboard.evil`, userinfo) is not.
 */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (devServerUrl) return parsed.origin === new URL(devServerUrl).origin && parsed.origin !== 'null';
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
