import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../core/app';
import { ensurePrivateDir, readIfExists, writeAtomic } from '../core/fs-util';
import { demoScript } from '../../test-support/demo-script';
import { startScriptedUpstream, type ScriptedUpstream } from '../../test-support/scripted-upstream';
import { defaultRendererDir, startHeadlessServer } from './server';
import { isLoopbackHost } from '../core/api/guard';

const HELP = `Usage: npm run serve -- [options]

Serves Switchboard to a browser.

  --host <address>     address to bind (default 127.0.0.1)
  --port <port>        port (default: a free port)
  --data-dir <dir>     settings, keys, sessions (default ~/.switchboard)
  --demo               scripted replies instead of a model (no key needed)
  --help               this text
`;

/** The page token: kept in `<dataDir>/serve-token` (0600) so a restart keeps the same URL. */
async function loadToken(dataDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (env.SWITCHBOARD_TOKEN) return env.SWITCHBOARD_TOKEN;
  const file = join(dataDir, 'serve-token');
  const existing = (await readIfExists(file))?.toString('utf8').trim();
  if (existing && existing.length >= 32) return existing;
  const token = randomBytes(32).toString('base64url');
  await writeAtomic(file, `${token}\n`, 0o600);
  return token;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      demo: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${values.port}".`);
  const demo = values.demo ?? false;
  const dataDir = resolve(values['data-dir'] ?? join(homedir(), demo ? '.switchboard-demo' : '.switchboard'));
  await ensurePrivateDir(dataDir);
  if (!isLoopbackHost(values.host ?? '')) {
    process.stderr.write(`Warning: serving on ${values.host}, reachable from other machines. Anyone with the token can run code on this machine.\n`);
  }

  const env: NodeJS.ProcessEnv = { ...process.env };
  let upstream: ScriptedUpstream | null = null;
  if (demo) {
    upstream = await startScriptedUpstream({ rules: demoScript() });
    env.SWITCHBOARD_GROQ_BASE_URL = upstream.url;
  }
  const core = await createCore({ dataDir, mode: 'serve', env, demo });
  if (demo && core.credentials.get('groq_api_key').length === 0) {
    await core.credentials.set('groq_api_key', ['gsk_demo_scripted_replies_not_a_real_key']);
  }
  const token = await loadToken(dataDir, env);
  const server = await startHeadlessServer({
    core,
    host: values.host ?? '127.0.0.1',
    port,
    token,
    rendererDir: defaultRendererDir(import.meta.url),
  });
  process.stdout.write(`Switchboard is running at ${server.url}\n`);
  if (demo) process.stdout.write('Demo mode: replies are scripted, no model is called.\n');
  process.stdout.write(`Data: ${dataDir}\n`);

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => undefined);
    await core.close().catch(() => undefined);
    await upstream?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') process.stderr.write('That port is in use; choose another with --port, or omit it for a free one.\n');
  else process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
