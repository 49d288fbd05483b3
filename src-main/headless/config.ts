import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, parseEnv } from 'node:util';
import { z } from 'zod';
import type { ApiOverrides } from '../core/api/api-service';

export const HELP = `Usage: npm run serve -- [options]

Serves Switchboard to a browser, and (with --api or the Settings switch) the local HTTP API.

  --host <address>      address of the web UI (default 127.0.0.1)
  --port <port>         port of the web UI (default: a free port)
  --data-dir <dir>      settings, keys, sessions, logs (default ~/.switchboard); chats run
                        code in ~/Switchboard/workspace, or <dir>-workspace with --data-dir
  --demo                scripted replies instead of a model (no key needed)
  --rotate-token        make a new page token (the old URL stops working)
  --api                 start the local HTTP API now, whatever the saved switch says
  --api-host <address>  address of the local API (default 127.0.0.1; anything else needs a token)
  --api-port <port>     port of the local API (default: the api_port setting, 8765; 0 = free)
  --env-file <file>     read environment variables from this file (default ./.env if present)
  --redis-url <url>     share router state (RPM windows, key cooldowns, round robin, API rate
                        limits) with other instances through this Redis (redis://host:6379)
  --help                this text

Environment (or the .env file; real environment variables win):
  API_KEY                         bearer token of the local API (else a stored random one)
  RATE_LIMIT_PER_MINUTE           requests per minute per client address (0 = no limit)
  SESSION_RATE_LIMIT_PER_MINUTE   turns per minute per session (0 = no limit)
  MAX_TOKENS, TEMPERATURE         defaults for API requests that do not set them
  LOG_LEVEL                       fatal, error, warn, info (default), debug, trace, silent
  REDIS_URL                       as --redis-url (the flag wins)
  GROQ_API_KEY, OPENAI_API_KEY, … provider keys, used when none is saved in the app
`;

/** Everything `serve` is told by its flags, environment and `.env` file. */
export interface ServeConfig {
  help: boolean;
  host: string;
  port: number;
  dataDir: string;
  demo: boolean;
  /**
   * Where chats run code while the workspace setting is empty: `~/Switchboard/workspace` with
   * the default data dir; beside the data dir (`<dir>-workspace`) for `--data-dir` and `--demo`.
   */
  defaultWorkspace: string;
  /** `--rotate-token`: replace the stored page token with a new one before serving. */
  rotateToken: boolean;
  /** The environment for the core: the process environment over the `.env` file's values. */
  env: Record<string, string | undefined>;
  /** The local API settings of this run. */
  api: ApiOverrides;
  logLevel: string;
}

const port = (name: string, min: number) =>
  z.coerce
    .number({ error: `${name} must be a port number` })
    .int({ error: `${name} must be a whole number` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(65535, { error: `${name} must be at most 65535` });
const count = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int({ error: `${name} must be a whole number` })
    .min(0, { error: `${name} must be 0 or more` });

const envSchema = z.object({
  API_KEY: z.string().trim().optional(),
  RATE_LIMIT_PER_MINUTE: count('RATE_LIMIT_PER_MINUTE').optional(),
  SESSION_RATE_LIMIT_PER_MINUTE: count('SESSION_RATE_LIMIT_PER_MINUTE').optional(),
  MAX_TOKENS: z.coerce
    .number()
    .int({ error: 'MAX_TOKENS must be a whole number' })
    .min(1, { error: 'MAX_TOKENS must be at least 1' })
    .optional(),
  TEMPERATURE: z.coerce
    .number({ error: 'TEMPERATURE must be a number' })
    .min(0, { error: 'TEMPERATURE must be between 0 and 2' })
    .max(2, { error: 'TEMPERATURE must be between 0 and 2' })
    .optional(),
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\/\S+$/, { error: 'REDIS_URL must be a redis:// or rediss:// URL' })
    .optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent',
    })
    .optional(),
});

/**
 * Reads `serve`'s flags, then the environment over the `.env` file (`--env-file`, default
 * `./.env` when it exists; real variables win, as with dotenv). Empty variables count as unset.
 * Throws an Error whose message names the bad flag or variable.
 *
 * `readText` returns a file's text or null when it does not exist.
 */
export function parseServeConfig(
  argv: string[],
  processEnv: Record<string, string | undefined>,
  readText: (file: string) => string | null,
  cwd: string,
): ServeConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      demo: { type: 'boolean', default: false },
      'rotate-token': { type: 'boolean', default: false },
      api: { type: 'boolean', default: false },
      'api-host': { type: 'string' },
      'api-port': { type: 'string' },
      'env-file': { type: 'string' },
      'redis-url': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const envFile = values['env-file'] ? resolve(cwd, values['env-file']) : join(cwd, '.env');
  const fileText = readText(envFile);
  if (values['env-file'] && fileText === null) throw new Error(`--env-file: ${envFile} does not exist.`);
  const fromFile = fileText === null ? {} : parseEnv(fileText);
  const env: Record<string, string | undefined> = { ...fromFile };
  for (const [name, value] of Object.entries(processEnv)) if (value !== undefined) env[name] = value;

  const set = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.keys(envSchema.shape).map((name) => [name, set(env[name])])),
  );
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join('\n'));
  const e = parsed.data;

  const demo = values.demo ?? false;
  const api: ApiOverrides = {};
  if (values.api) api.enabled = true;
  if (values['api-host']) api.host = values['api-host'];
  if (values['api-port'] !== undefined) api.port = parseWith(port('--api-port', 0), values['api-port']);
  if (e.API_KEY) api.token = e.API_KEY;
  if (e.RATE_LIMIT_PER_MINUTE !== undefined) api.rateLimitPerMinute = e.RATE_LIMIT_PER_MINUTE;
  if (e.SESSION_RATE_LIMIT_PER_MINUTE !== undefined)
    api.sessionRateLimitPerMinute = e.SESSION_RATE_LIMIT_PER_MINUTE;
  if (e.MAX_TOKENS !== undefined) api.maxTokens = e.MAX_TOKENS;
  if (e.TEMPERATURE !== undefined) api.temperature = e.TEMPERATURE;
  const logLevel = e.LOG_LEVEL ?? 'info';
  api.logLevel = logLevel;
  const redisFlag = values['redis-url']?.trim();
  if (redisFlag !== undefined && !/^rediss?:\/\/\S+$/.test(redisFlag))
    throw new Error('--redis-url must be a redis:// or rediss:// URL');
  const redisUrl = redisFlag ?? e.REDIS_URL;
  if (redisUrl) api.redisUrl = redisUrl;

  return {
    help: values.help ?? false,
    host: values.host ?? '127.0.0.1',
    port: parseWith(port('--port', 0), values.port ?? '0'),
    dataDir: resolve(cwd, values['data-dir'] ?? join(homedir(), demo ? '.switchboard-demo' : '.switchboard')),
    demo,
    rotateToken: values['rotate-token'] ?? false,
    defaultWorkspace:
      values['data-dir'] !== undefined || demo
        ? `${resolve(cwd, values['data-dir'] ?? join(homedir(), '.switchboard-demo'))}-workspace`
        : join(homedir(), 'Switchboard', 'workspace'),
    env,
    api,
    logLevel,
  };
}

function parseWith<T>(schema: z.ZodType<T>, value: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(result.error.issues[0]?.message ?? `"${value}" is not valid`);
  return result.data;
}
