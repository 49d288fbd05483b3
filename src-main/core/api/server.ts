import type { Socket } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ErrorCode } from '../../../src-shared/errors';
import { AppError } from '../errors';
import type { ApiContext, ApiDefaults, ApiLimits, ApiServices } from './context';
import { allowedHosts, isCrossSite, isLoopbackHost, presentedToken, TokenVerifier } from './guard';
import { classify, errorBody, httpStatusOf, MAX_BODY_BYTES } from './http-errors';
import { listenOnIpv6Loopback } from './ipv6-loopback';
import { FixedWindowLimiter, rateLimitHeaders, type RateDecision } from './rate-limit';
import { registerChatRoutes } from './routes-chat';
import { registerCompletionRoutes } from './routes-completions';
import { DeferredAdmission } from './admission';
import { registerSessionRoutes } from './routes-sessions';
import { pinoRequestLogger, type RequestLogger } from './server-log';
import { MIN_NETWORK_TOKEN_CHARS } from './token';

export interface ApiServerOptions extends ApiServices {
  /** Address to bind: 127.0.0.1 by default; anything beyond loopback needs a token of ≥ 32 characters. */
  host: string;
  /** 0 = a free port. */
  port: number;
  /** The current bearer token (read per request, so a regenerated token applies at once); null = none. */
  token: () => string | null;
  limits: () => ApiLimits;
  defaults?: ApiDefaults;
  /** The server log (redacted; errors to `server_err.log`). */
  logger: Logger;
  /** Request lines (method, path, status, ms, address); through `logger` when absent. */
  requestLogger?: RequestLogger;
  /** Called with a session id whenever the API uses that session. */
  onSessionActivity?: (sessionId: string) => void;
}

/** A running API server. */
export interface ApiServer {
  host: string;
  port: number;
  /** Closes every connection (streams included) and stops listening. */
  close(): Promise<void>;
}

/** Routes and their methods, for 405 answers (`Allow`) on a known path with another method. */
const ROUTE_TABLE: Array<{ pattern: RegExp; methods: string }> = [
  { pattern: /^\/v1\/health$/, methods: 'GET, HEAD' },
  { pattern: /^\/v1\/models$/, methods: 'GET, HEAD' },
  { pattern: /^\/v1\/models\/.+$/, methods: 'GET, HEAD' },
  { pattern: /^\/v1\/sessions$/, methods: 'GET, HEAD, POST' },
  { pattern: /^\/v1\/sessions\/[^/]+$/, methods: 'GET, HEAD, PATCH, DELETE' },
  { pattern: /^\/v1\/sessions\/[^/]+\/messages$/, methods: 'GET, HEAD, POST, DELETE' },
  { pattern: /^\/v1\/chat$/, methods: 'POST' },
  { pattern: /^\/v1\/chat\/completions$/, methods: 'POST' },
];

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

/**
 * Starts the local HTTP API (Fastify). Every request passes, in order: the exact Host
 * allow-list (421, an empty or missing Host included — Node's own 400 for a missing Host is
 * turned off), the cross-site Origin check (403), the bearer token (401; `Authorization:
 * Bearer` or `X-API-Key`, one constant-time check), then the per-client rate limit
 * (`X-RateLimit-*` on every response, 429 + `retry_after`). Refused requests count against a
 * separate limit of their own, so they never lock out the token holder. Bodies must be JSON (415) of at most 1 MB (413).
 * Errors are `{"error": {message, type, code}}`, never a stack.
 *
 * Throws AppError `api_token_required` for a bind beyond loopback without a token of at least
 * 32 characters (Jan's GHSA-x6p8-7cp8-c3p6, agent servers with an empty key); rejects with the
 * listen error (`EADDRINUSE`, …) when the port cannot be bound.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const initialToken = options.token();
  if (!isLoopbackHost(options.host) && (!initialToken || initialToken.length < MIN_NETWORK_TOKEN_CHARS)) {
    throw new AppError(
      'api_token_required',
      `Refusing to listen on ${options.host} without a bearer token of at least ${MIN_NETWORK_TOKEN_CHARS} characters.`,
    );
  }
  const { logger } = options;
  const requestLogger = options.requestLogger ?? pinoRequestLogger(logger);
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    forceCloseConnections: true,
    return503OnClosing: false,
    http: { requireHostHeader: false },
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => writeClientError(error, socket),
  });

  const clientLimiter = new FixedWindowLimiter(options.clock, options.router.state, 'client:');
  // Requests refused by the checks count here, so they never use up the token holder's limit.
  const refusedLimiter = new FixedWindowLimiter(options.clock, options.router.state, 'refused:');
  let hosts = new Set<string>();
  let verifier: { token: string; check: TokenVerifier } | null = null;
  const verify = (given: string | undefined): boolean => {
    const token = options.token();
    if (!token) return false;
    if (verifier?.token !== token) verifier = { token, check: new TokenVerifier(token) };
    return verifier.check.matches(given);
  };

  /** The per-client limit's headers, and the error to answer when it is exceeded. */
  const limited = (decision: RateDecision | null, reply: FastifyReply): AppError | null => {
    if (!decision) return null;
    const headers = rateLimitHeaders(decision);
    for (const name in headers) reply.raw.setHeader(name, headers[name] as string);
    if (decision.allowed) return null;
    return new AppError(
      'rate_limit_exceeded',
      `Too many requests: the limit is ${decision.limit} per minute per client.`,
      { retryAfterMs: decision.resetMs },
    );
  };
  /** Host, Origin and token checks; answers the error to send, or null. */
  const checks = (request: FastifyRequest): AppError | null => {
    if (!hosts.has(request.headers.host ?? '')) {
      return new AppError(
        'misdirected_request',
        'This Host is not allowed: use 127.0.0.1, localhost or [::1] with the port.',
      );
    }
    if (isCrossSite(request.headers))
      return new AppError('forbidden_origin', 'Cross-site requests are not allowed.');
    if (!verify(presentedToken(request.headers))) {
      return new AppError(
        'invalid_api_key',
        'Missing or wrong API token: send it as "Authorization: Bearer <token>" (Settings → Local API shows it).',
      );
    }
    return null;
  };
  /**
   * The guard every request passes: the checks first, then the per-client limit (refused
   * requests are counted in a limit of their own); answers the error to send, or null. A
   * promise only while the limit's counters live in Redis.
   */
  const guard = (
    request: FastifyRequest,
    reply: FastifyReply,
  ): AppError | null | Promise<AppError | null> => {
    const raw = reply.raw;
    for (const name in SECURITY_HEADERS) raw.setHeader(name, SECURITY_HEADERS[name] as string);
    const refused = checks(request);
    if (!refused && admission.defer(request)) return null;
    const limiter = refused ? refusedLimiter : clientLimiter;
    const counted = limiter.hit(request.ip, options.limits().perClient);
    if (counted instanceof Promise) return counted.then((decision) => limited(decision, reply) ?? refused);
    return limited(counted, reply) ?? refused;
  };
  const admission = new DeferredAdmission({
    limiter: clientLimiter,
    router: options.router,
    settings: options.settings,
    perClient: () => options.limits().perClient,
    limited,
  });
  // Callback-style hooks: no promise per request on the hot path (in-process state).
  app.addHook('onRequest', (request, reply, done) => {
    const refused = guard(request, reply);
    if (refused instanceof Promise)
      refused.then(
        (error) => (error ? done(error) : done()),
        (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
      );
    else if (refused) done(refused);
    else done();
  });
  app.addHook('preHandler', (request, reply, done) => {
    const counted = admission.count(request, reply);
    if (!counted) return done();
    counted.then(
      (error) => (error ? done(error) : done()),
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
    );
  });
  // A deferred request that failed before its handler (bad JSON) is counted as its answer leaves.
  app.addHook('onSend', (request, reply, payload, done) => {
    const counted = admission.count(request, reply);
    if (!counted) return done(null, payload);
    counted.then(
      () => done(null, payload),
      () => done(null, payload),
    );
  });
  app.addHook('onResponse', (request, reply, done) => {
    requestLogger(request, reply.statusCode, reply.elapsedTime);
    done();
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    const body = String(text);
    // No body at all is "no options" (curl -X POST with the JSON header); anything else must be JSON.
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body, body.includes('__proto__') ? dropProtoKeys : undefined));
    } catch {
      done(new AppError('invalid_json', 'The request body is not valid JSON.'), undefined);
    }
  });
  app.addContentTypeParser('*', (_request, _payload, done) => {
    done(new AppError('unsupported_media_type', 'Send request bodies as application/json.'), undefined);
  });

  app.setErrorHandler((error, request, reply) => sendError(logger, request, reply, error));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const known = ROUTE_TABLE.find((route) => route.pattern.test(path));
    if (known) {
      reply.header('allow', known.methods);
      return sendError(
        logger,
        request,
        reply,
        new AppError(
          'method_not_allowed',
          `${request.method} is not allowed on ${path}; use ${known.methods}.`,
        ),
      );
    }
    return sendError(
      logger,
      request,
      reply,
      new AppError('not_found', `No endpoint ${request.method} ${path}.`),
    );
  });

  const context: ApiContext = {
    ...options,
    requestLogger,
    defaults: options.defaults ?? {},
    sessionLimiter: new FixedWindowLimiter(options.clock, options.router.state, 'session:'),
    touch: (sessionId) => options.onSessionActivity?.(sessionId),
  };
  registerSessionRoutes(app, context);
  registerChatRoutes(app, context);
  registerCompletionRoutes(app, context);

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  hosts = allowedHosts(options.host, port);
  const ipv6 = /^127\./.test(options.host)
    ? await listenOnIpv6Loopback(app.routing, port, writeClientError, logger)
    : null;
  logger.info({ host: options.host, port, ipv6Loopback: ipv6 !== null }, 'local API listening');
  return {
    host: options.host,
    port,
    close: async () => {
      await ipv6?.close();
      await app.close();
      logger.info({ port }, 'local API stopped');
    },
  };
}

/** Answers an error as `{"error": {...}}` with its status; unexpected errors are logged and answered 500 without details. */
export function sendError(
  logger: Logger,
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
): FastifyReply {
  const { code, message, retryAfterMs } = classify(error);
  const status = httpStatusOf(code);
  if (status >= 500 && code === 'internal_error')
    logger.error(
      { err: error, method: request.method, path: request.url.split('?')[0] },
      'unexpected error in the local API',
    );
  if (retryAfterMs !== undefined && status === 429)
    reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorBody(retryAfterMs === undefined ? { code, message } : { code, message, retryAfterMs }));
}

/** `JSON.parse` reviver dropping `__proto__` keys (prototype-poisoning bodies). */
function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}

/** Requests Node cannot parse (bad request line, oversized headers, timeouts) get the same JSON error shape. */
function writeClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, text, code]: [number, string, ErrorCode] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'request_too_large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'invalid_input']
        : [400, 'Bad Request', 'invalid_input'];
  const body = JSON.stringify({
    error: { message: 'The request could not be parsed as HTTP.', type: 'invalid_request_error', code },
  });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy();
}

export type { FastifyInstance };
