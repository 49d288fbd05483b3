import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { ensurePrivateFile } from './fs-util';

export type { Logger };

/** Paths pino censors in every log line: keys, tokens, authorization headers. */
export const REDACT_PATHS = [
  'apiKey',
  'api_key',
  'api_keys',
  'token',
  'authorization',
  '*.apiKey',
  '*.api_key',
  '*.api_keys',
  '*.token',
  '*.authorization',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  'target.apiKey',
  'req.headers.authorization',
  'req.headers.cookie',
];

/**
 * The app log: JSON lines in `<dataDir>/logs/switchboard.log` through pino, keys and tokens
 * redacted. `level` defaults to `info` (env `LOG_LEVEL` may change it).
 */
export function createLogger(dataDir: string | null, level = 'info'): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (!dataDir) return pino({ ...options, enabled: false });
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'switchboard.log');
  ensurePrivateFile(file);
  return pino(options, pino.destination({ dest: file, mkdir: true, sync: false }));
}
