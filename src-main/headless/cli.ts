import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../core/app';
import { ensureDataDir, readIfExists, writeAtomic } from '../core/fs-util';
import { demoScript } from '../../test-support/demo-script';
import { startScriptedUpstream, type ScriptedUpstream } from '../../test-support/scripted-upstream';
import { defaultRendererDir, startHeadlessServer } from './server';
import { isLoopbackHost } from '../core/api/guard';
import { HELP, parseServeConfig } from './config';

/**
 * The page token: kept in `<dataDir>/serve-token` (0600) so a restart keeps the same URL;
 * `rotate` replaces it with a new one (the old URL stops working).
 */
async function loadToken(dataDir: string, env: NodeJS.ProcessEnv, rotate: boolean): Promise<string> {
  if (env.SWITCHBOARD_TOKEN) return env.SWITCHBOARD_TOKEN;
  const file = join(dataDir, 'serve-token');
  const existing = (await readIfExists(file))?.toString('utf8').trim();
  if (!rotate && existing && existing.length >= 32) return existing;
  const token = randomBytes(32).toString('base64url');
  await writeAtomic(file, `${token}\n`, 0o600);
  return token;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const config = parseServeConfig(process.argv.slice(2), process.env, readText, process.cwd());
  if (config.help) {
    process.stdout.write(HELP);
    return;
  }
  const { demo, dataDir } = config;
  const folder = await ensureDataDir(dataDir);
  if (!folder.created && (folder.mode & 0o077) !== 0) {
    process.stdout.write(
      `Note: ${dataDir} already existed; its permissions (${folder.mode.toString(8)}) are left as they are. Switchboard's files in it are private (0600).\n`,
    );
  }
  if (!isLoopbackHost(config.host)) {
    process.stderr.write(
      `Warning: serving on ${config.host}, reachable from other machines. Anyone with the token can run code on this machine.\n`,
    );
  }

  const env = { ...config.env };
  let upstream: ScriptedUpstream | null = null;
  if (demo) {
    upstream = await startScriptedUpstream({ rules: demoScript() });
    env.SWITCHBOARD_GROQ_BASE_URL = upstream.url;
  }
  const core = await createCore({ dataDir, mode: 'serve', env, demo, api: config.api, defaultWorkspace: config.defaultWorkspace });
  if (demo && core.credentials.get('groq_api_key').length === 0) {
    await core.credentials.set('groq_api_key', ['gsk_demo_scripted_replies_not_a_real_key']);
  }
  const api = core.api.status();
  if (config.api.enabled && api.state === 'error') {
    await core.close();
    throw new Error(`The local API did not start: ${api.error?.message ?? 'unknown error'}`);
  }
  const token = await loadToken(dataDir, process.env, config.rotateToken);
  const server = await startHeadlessServer({
    core,
    host: config.host,
    port: config.port,
    token,
    rendererDir: defaultRendererDir(import.meta.url),
  });
  process.stdout.write(`Switchboard is running at ${server.url}\n`);
  if (demo) process.stdout.write('Demo mode: replies are scripted, no model is called.\n');
  process.stdout.write(`Data: ${dataDir}\n`);
  if (config.api.redisUrl) process.stdout.write(`Router state: ${core.router.state.label()}\n`);
  if (api.state === 'listening') {
    const from = api.token?.source === 'environment' ? 'API_KEY' : 'copy it in Settings → Local API';
    process.stdout.write(`Local API listening on ${api.url} (token: ${from})\n`);
  }

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
  if (code === 'EADDRINUSE')
    process.stderr.write('That port is in use; choose another with --port, or omit it for a free one.\n');
  else process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
