import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import { demoScript } from '../test-support/demo-script';
import { startScriptedUpstream, type ScriptedUpstream } from '../test-support/scripted-upstream';
import { tempDir } from '../test-support/temp-dir';

export interface RunningServe {
  url: string;
  origin: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the built headless server (`node out/main/serve.js`) the way a user does, on a free
 * port with its own data dir, pointed at the scripted upstream; resolves when it prints its URL.
 * `args` are extra flags (`--api`, `--api-port`, …); `output()` has what it printed since (the Local API line).
 */
export async function startServe(
  dataDir: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<RunningServe> {
  const child = spawn(
    process.execPath,
    ['out/main/serve.js', '--port', '0', '--data-dir', dataDir, ...args],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 20_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /Switchboard is running at (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Runs `serve` expecting it to refuse to start: resolves with its exit code and output. */
export async function serveRefusal(
  dataDir: string,
  env: Record<string, string>,
  args: string[],
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['out/main/serve.js', '--port', '0', '--data-dir', dataDir, ...args],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, output };
}

/** Every file under `dir` whose bytes contain `needle`. */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const name of await readdir(dir, { recursive: true })) {
    const path = join(dir, name);
    if (!(await stat(path)).isFile()) continue;
    if ((await readFile(path)).includes(needle)) hits.push(name);
  }
  return hits;
}

/**
 * Settings → API Keys: saves `key` as the Groq key (Open Interpreter) and waits until it shows
 * masked (`gsk_…` and its last four characters). Leaves the page on that tab.
 */
export async function saveGroqKey(page: Page, key: string): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('tab', { name: 'API Keys' }).click();
  await page.getByLabel('Groq API Key (Open Interpreter)', { exact: true }).fill(key);
  await page.getByRole('button', { name: 'Save Groq API Key (Open Interpreter)' }).click();
  await expect(page.getByRole('group', { name: 'Groq API Key (Open Interpreter)' })).toContainText(
    `gsk_…${key.slice(-4)}`,
  );
}

/** Per test: a scripted upstream with the demo script, a data dir, and a running `serve`. */
export const test = base.extend<{ upstream: ScriptedUpstream; dataDir: string; serve: RunningServe }>({
  upstream: async ({}, use) => {
    const upstream = await startScriptedUpstream({ rules: demoScript() });
    await use(upstream);
    await upstream.close();
  },
  dataDir: async ({}, use) => {
    const dir = await tempDir('switchboard-e2e-');
    await use(dir.path);
    await dir.cleanup();
    // Chats' code runs beside the data dir by default (never inside it).
    await rm(`${dir.path}-workspace`, { recursive: true, force: true });
  },
  serve: async ({ upstream, dataDir }, use) => {
    const serve = await startServe(dataDir, { SWITCHBOARD_GROQ_BASE_URL: upstream.url });
    await use(serve);
    await serve.stop();
  },
});

export { expect };
