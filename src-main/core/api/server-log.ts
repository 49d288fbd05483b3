import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import pino, { type Logger } from 'pino';
import { REDACT_PATHS } from '../log';

type Destination = ReturnType<typeof pino.destination>;

/** Rotation policy: a file is rotated when it reaches `maxBytes`; `keep` rotated files are kept (`.1` newest). */
export interface RotationOptions {
  maxBytes: number;
  keep: number;
}

const DEFAULT_ROTATION: RotationOptions = { maxBytes: 10 * 1024 * 1024, keep: 5 };

/** Extra paths censored in server log lines: every header that may carry the API token. */
const SERVER_REDACT_PATHS = [
  ...REDACT_PATHS,
  'req.headers["x-api-key"]',
  'headers["x-api-key"]',
  '*.headers["x-api-key"]',
  'headers.cookie',
];

/** Log lines are written in batches of this many bytes at least (one write per batch, not per line). */
const BATCH_BYTES = 8 * 1024;
/** …and at least this often, so a quiet server's log is never stale for long (ms). */
const FLUSH_EVERY_MS = 1000;

/**
 * A log file with size-based rotation that keeps its name: `server_out.log` is always the
 * current file; when it reaches `maxBytes` it becomes `server_out.log.1` (older ones shift up to
 * `.keep`, the oldest is deleted) and a new `server_out.log` is opened (pino's SonicBoom
 * `reopen`, the hook logrotate uses). Writes are asynchronous and batched (SonicBoom,
 * `sync: false`, `minLength`), flushed every second and on close.
 */
class RotatingFile {
  private size: number;
  private readonly destination: Destination;
  /** False while the file is being (re)opened: a rotation then waits for it. */
  private ready = false;

  constructor(
    private readonly file: string,
    private readonly rotation: RotationOptions,
  ) {
    this.size = existsSync(file) ? statSync(file).size : 0;
    this.destination = pino.destination({
      dest: file,
      sync: false,
      mkdir: true,
      mode: 0o600,
      minLength: Math.min(BATCH_BYTES, Math.floor(rotation.maxBytes / 4)),
    });
    this.destination.on('ready', () => {
      this.ready = true;
      if (this.size >= this.rotation.maxBytes) this.rotate();
    });
  }

  write(chunk: string): boolean {
    const accepted = this.destination.write(chunk);
    this.size += Buffer.byteLength(chunk);
    if (this.ready && this.size >= this.rotation.maxBytes) this.rotate();
    return accepted;
  }

  /** Writes out what is buffered (when the file is open). */
  flush(): void {
    if (this.ready) this.destination.flush();
  }

  /** Flushes what is buffered and closes the file. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.destination.once('close', () => resolve());
      this.destination.end();
    });
  }

  private rotate(): void {
    this.ready = false;
    const { keep } = this.rotation;
    rmSync(`${this.file}.${keep}`, { force: true });
    for (let n = keep - 1; n >= 1; n--) {
      if (existsSync(`${this.file}.${n}`)) renameSync(`${this.file}.${n}`, `${this.file}.${n + 1}`);
    }
    if (keep >= 1 && existsSync(this.file)) renameSync(this.file, `${this.file}.1`);
    else rmSync(this.file, { force: true });
    this.size = 0;
    this.destination.reopen();
  }
}

/** The local API's log and a way to flush and close its files. */
export interface ServerLog {
  /** Everything but request lines: redacted, errors to `server_err.log`. */
  logger: Logger;
  /**
   * Request lines only (to `server_out.log`). Not run through redaction: callers give it only
   * method, path without the query, status, duration and client address — never a header.
   */
  requests: RequestLogger;
  close(): Promise<void>;
}

/**
 * The local API server's log, as the seed's server keeps it: `<dataDir>/logs/server_out.log`
 * (requests and warnings) and `<dataDir>/logs/server_err.log` (errors), JSON lines, rotated by
 * size (10 MB × 5 by default). Tokens, keys, `Authorization` / `X-API-Key` headers and cookies
 * are censored (pino redaction); request lines carry only method, path (no query), status,
 * duration and client address. `level` is pino's (`LOG_LEVEL`, default `info`).
 */
export function createServerLog(
  dataDir: string,
  level = 'info',
  rotation: RotationOptions = DEFAULT_ROTATION,
): ServerLog {
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const out = new RotatingFile(join(dir, 'server_out.log'), rotation);
  const err = new RotatingFile(join(dir, 'server_err.log'), rotation);
  const streams = pino.multistream(
    [
      { level: 'trace', stream: out },
      { level: 'error', stream: err },
    ],
    { dedupe: true },
  );
  const logger = pino(
    { level, base: null, redact: { paths: SERVER_REDACT_PATHS, censor: '[redacted]' } },
    streams,
  );
  const requests = fileRequestLogger(out, level);
  const flusher = setInterval(() => {
    out.flush();
    err.flush();
  }, FLUSH_EVERY_MS);
  flusher.unref();
  return {
    logger,
    requests,
    close: async () => {
      clearInterval(flusher);
      await Promise.all([out.close(), err.close()]);
    },
  };
}

/** Records one answered request: status and duration (ms). */
export type RequestLogger = (request: FastifyRequest, status: number, elapsedMs: number) => void;

/** The fields of a request line: method, path without the query, status, duration (ms), client address. Nothing else. */
function requestFields(request: FastifyRequest, status: number, elapsedMs: number) {
  const url = request.url;
  const query = url.indexOf('?');
  return {
    method: request.method,
    path: query === -1 ? url : url.slice(0, query),
    status,
    ms: Math.round(elapsedMs * 100) / 100,
    ip: request.ip,
  };
}

/** Request lines through a pino logger (used when the server runs without its own log files). */
export function pinoRequestLogger(logger: Logger): RequestLogger {
  return (request, status, elapsedMs) => {
    if (logger.isLevelEnabled('info')) logger.info(requestFields(request, status, elapsedMs), 'request');
  };
}

/**
 * Request lines written straight to a file as pino-shaped JSON (`level`, `time`, fields, `msg`),
 * without a pino call per request: the hot path of the API logs this on every request.
 */
function fileRequestLogger(file: { write(line: string): boolean }, level: string): RequestLogger {
  const enabled =
    pino.levels.values[level] === undefined ? true : (pino.levels.values[level] as number) <= 30;
  if (!enabled) return () => undefined;
  return (request, status, elapsedMs) => {
    const f = requestFields(request, status, elapsedMs);
    file.write(
      `{"level":30,"time":${Date.now()},"method":${JSON.stringify(f.method)},"path":${JSON.stringify(f.path)},"status":${f.status},"ms":${f.ms},"ip":${JSON.stringify(f.ip)},"msg":"request"}\n`,
    );
  };
}
