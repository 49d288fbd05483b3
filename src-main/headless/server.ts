import { join } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { ServerResponse } from 'node:http';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { Core } from '../core/app';
import { allowedHosts, isCrossSite, safeEqual } from '../core/api/guard';

export interface HeadlessServerOptions {
  core: Core;
  host: string;
  /** 0 = a free port. */
  port: number;
  /** The bearer token: required on every bridge request (`Authorization: Bearer`). */
  token: string;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
}

export interface HeadlessServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const HEARTBEAT_MS = 15_000;
/** Routes without a token: the page and the built assets (fastify-static's wildcard). They hold no secret. */
const PUBLIC_ROUTES = new Set(['/', '/index.html', '/*']);

/**
 * `switchboard serve`: the renderer and its bridge over HTTP. Every request must carry a `Host`
 * from the exact allow-list (else 421) and no cross-site `Origin` (else 403). The page and its
 * static assets hold no secret and need no token; every bridge request must carry
 * `Authorization: Bearer <token>` (else 401). No cookie is set: cookies ignore ports, so a
 * token cookie for 127.0.0.1 would be sent to any other server on that host. The page takes the
 * token from the printed URL (`?token=`) into the tab's memory. Bridge: `POST /bridge/<method>`
 * with `{input}` → the contract envelope; events: `GET /bridge/events` (SSE).
 */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const { core, token } = options;
  // Connections are closed on shutdown: an open event stream must not keep the process alive.
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024, forceCloseConnections: true });
  const streams = new Set<ServerResponse>();
  await app.register(fastifyCompress, { encodings: ['br', 'gzip'], threshold: 1024 });
  await app.register(fastifyStatic, { root: options.rendererDir, index: false, wildcard: true, serve: true, cacheControl: false, setHeaders: cacheHeaders });

  let hosts = new Set<string>();
  app.addHook('onRequest', async (request, reply) => {
    const host = request.headers.host ?? '';
    if (!hosts.has(host)) return fail(reply, 421, 'misdirected_request', 'This Host is not allowed.');
    if (isCrossSite(request.headers)) return fail(reply, 403, 'forbidden_origin', 'Cross-site requests are not allowed.');
    if (!PUBLIC_ROUTES.has(request.routeOptions.url ?? '') && !authorized(request, token))
      return fail(reply, 401, 'invalid_token', 'Open the URL that `npm run serve` printed (it carries the token).');
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
  });

  const page = async (_request: FastifyRequest, reply: FastifyReply) => reply.header('cache-control', 'no-store').sendFile('index.html');
  app.get('/', page);
  app.get('/index.html', page);

  app.post<{ Params: { method: string }; Body: { input?: unknown } | undefined }>('/bridge/:method', async (request) => {
    return core.dispatch(request.params.method, request.body?.input);
  });

  app.get('/bridge/events', (request, reply) => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.write(': connected\n\n');
    const unsubscribe = core.events.subscribe((event) => raw.write(`data: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
    streams.add(raw);
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(raw);
    });
  });

  app.setNotFoundHandler((_request, reply) => fail(reply, 404, 'not_found', 'Not found.'));

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  hosts = allowedHosts(options.host, port);
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    close: async () => {
      for (const stream of streams) stream.end();
      await app.close();
    },
  };
}

/**
 * Files under `assets/` carry a content hash in their name (Vite's output), so browsers may keep
 * them for a year without asking again; anything else (index.html) is revalidated on every load.
 */
function cacheHeaders(reply: FastifyReply, path: string): void {
  const hashed = /[\\/]assets[\\/][^\\/]+-[\w-]{8,}\.\w+$/.test(path);
  reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/** True when the request carries `Authorization: Bearer <token>` (compared in constant time). */
function authorized(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') && safeEqual(header.slice(7), token);
}

function fail(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).header('content-type', 'application/json').send({ error: { message, type: 'request_error', code } });
}

/** Where the built renderer lives relative to the built server (`out/main/serve.js` → `out/renderer`). */
export function defaultRendererDir(moduleUrl: string): string {
  return join(new URL('.', moduleUrl).pathname, '..', 'renderer');
}
