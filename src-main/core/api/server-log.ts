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

/**
 * A log file with size-based rotation that keeps its name: `server_out.log` is always the
 * current file; when it reaches `maxBytes` it becomes `server_out.log.1` (older ones shift up to
 * `.keep`, the oldest is deleted) and a new `server_out.log` is opened (pino's SonicBoom
 * `reopen`, the hook logrotate uses). Writes are asynchronous (SonicBoom, `sync: false`).
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
    this.destination = pino.destination({ dest: file, sync: false, mkdir: true, mode: 0o600 });
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
  logger: Logger;
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
  return {
    logger,
    close: async () => {
      await Promise.all([out.close(), err.close()]);
    },
  };
}

/** Logs one request: method, path without the query, status, duration (ms), client address. Nothing else. */
export function logRequest(logger: Logger, request: FastifyRequest, status: number, elapsedMs: number): void {
  if (!logger.isLevelEnabled('info')) return;
  logger.info(
    {
      method: request.method,
      path: request.url.split('?')[0],
      status,
      ms: Math.round(elapsedMs * 100) / 100,
      ip: request.ip,
    },
    'request',
  );
}
