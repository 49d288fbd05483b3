import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { APP_ENTRY_URL, createAppProtocolHandler, isAppUrl, mimeTypeOf, resolveAppUrl } from './app-protocol';

let base: string;
let cleanup: () => Promise<void>;
let root: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(async () => {
  ({ path: base, cleanup } = await tempDir('app-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Switchboard</title>');
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{}');
  await writeFile(join(root, 'assets', 'icon.svg'), '<svg/>');
  await writeFile(join(root, 'assets', 'font.woff2'), 'w');
  // Secrets beside the renderer folder that a traversal would reach.
  await writeFile(join(base, 'secrets.enc'), 'SECRET');
  await writeFile(join(base, 'renderer-evil.html'), 'EVIL');
  handle = createAppProtocolHandler(root);
});
afterAll(() => cleanup());

const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

describe('app:// serves the built renderer', () => {
  it('serves index.html at the entry URL and at the root, with its content type', async () => {
    for (const url of [APP_ENTRY_URL, 'app://switchboard/', 'app://switchboard']) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('<title>Switchboard</title>');
    }
  });

  it('serves assets with the MIME type a module script and a stylesheet need', async () => {
    const script = await get('app://switchboard/assets/index-abc.js?v=1#x');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await script.text()).toBe('console.log(1)');
    expect((await get('app://switchboard/assets/index-abc.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
    expect((await get('app://switchboard/assets/icon.svg')).headers.get('content-type')).toBe(
      'image/svg+xml',
    );
    expect((await get('app://switchboard/assets/font.woff2')).headers.get('content-type')).toBe('font/woff2');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://switchboard/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(
      String('<!doctype html><title>Switchboard</title>'.length),
    );
    expect(await head.text()).toBe('');
    expect((await get('app://switchboard/index.html', 'POST')).status).toBe(405);
  });

  it('answers 404 for unknown files and folders', async () => {
    expect((await get('app://switchboard/nope.js')).status).toBe(404);
    expect((await get('app://switchboard/assets')).status).toBe(404);
    expect((await get('app://switchboard/assets/')).status).toBe(404);
  });
});

describe('no path leaves the renderer folder', () => {
  const attempts = [
    'app://switchboard/../secrets.enc',
    'app://switchboard/assets/../../secrets.enc',
    'app://switchboard/%2e%2e/secrets.enc',
    'app://switchboard/%2E%2E/secrets.enc',
    'app://switchboard/.%2e/secrets.enc',
    'app://switchboard/..%2fsecrets.enc',
    'app://switchboard/..%2Fsecrets.enc',
    'app://switchboard/assets%2f..%2f..%2fsecrets.enc',
    'app://switchboard/..%5csecrets.enc',
    'app://switchboard/..\\secrets.enc',
    'app://switchboard/assets\\..\\..\\secrets.enc',
    'app://switchboard/%2e%2e%5csecrets.enc',
    'app://switchboard/%252e%252e/secrets.enc',
    'app://switchboard/index.html%00.js',
    'app://switchboard/C:%5cWindows%5cwin.ini',
    'app://switchboard/%2fetc%2fpasswd',
    'app://switchboard//etc/passwd',
    'app://switchboard/../renderer-evil.html',
  ];
  for (const url of attempts) {
    it(`refuses ${url}`, async () => {
      const response = await get(url);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toMatch(/SECRET|EVIL|root:/);
    });
  }

  it('refuses another host, a port, user info and another scheme', () => {
    for (const url of [
      'app://other/index.html',
      'app://switchboard:80/index.html',
      'app://user@switchboard/index.html',
      'file:///index.html',
      'https://switchboard/index.html',
    ]) {
      expect(resolveAppUrl(root, url)).toEqual({ kind: 'refused', status: 404 });
    }
  });

  it('answers 400 for a malformed escape', () => {
    expect(resolveAppUrl(root, 'app://switchboard/%E0%A4%A.js')).toEqual({ kind: 'refused', status: 400 });
  });

  it('resolves an encoded but harmless name inside the root', () => {
    expect(resolveAppUrl(root, 'app://switchboard/assets/a%20b.js')).toEqual({
      kind: 'file',
      path: join(root, 'assets', 'a b.js'),
      mimeType: 'text/javascript; charset=utf-8',
    });
  });
});

describe('mimeTypeOf', () => {
  it('knows what Vite emits and falls back to octet-stream', () => {
    expect(mimeTypeOf('a.HTML')).toBe('text/html; charset=utf-8');
    expect(mimeTypeOf('a.mjs')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeOf('a.png')).toBe('image/png');
    expect(mimeTypeOf('a.wasm')).toBe('application/wasm');
    expect(mimeTypeOf('a.unknown')).toBe('application/octet-stream');
    expect(mimeTypeOf('Makefile')).toBe('application/octet-stream');
  });
});

describe('isAppUrl compares the exact origin', () => {
  it('accepts our pages only', () => {
    expect(isAppUrl('app://switchboard/index.html')).toBe(true);
    expect(isAppUrl('app://switchboard/index.html#/settings')).toBe(true);
    for (const url of [
      'file:///home/me/workspace/abc/renderer/index.html',
      'file:///opt/Switchboard/resources/app.asar/out/renderer/index.html',
      'app://switchboard.evil/index.html',
      'app://evil/switchboard/index.html',
      'app://user@switchboard/index.html',
      'https://switchboard/index.html',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('under the dev server accepts exactly its origin', () => {
    const dev = 'http://localhost:5173';
    expect(isAppUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173.evil.com/', dev)).toBe(false);
    expect(isAppUrl('http://localhost:51730/', dev)).toBe(false);
    expect(isAppUrl('app://switchboard/index.html', dev)).toBe(false);
  });
});
