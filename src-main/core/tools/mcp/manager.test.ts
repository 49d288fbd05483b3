import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { McpServerView } from '../../../../src-shared/tools';
import { waitFor } from '../../../../test-support/api-harness';
import { tempDir } from '../../../../test-support/temp-dir';
import { freePort } from '../../../../test-support/free-port';
import { startMcpHttpServer } from '../../../../test-support/mcp-http-server';
import { everythingServer, stubbornServer } from '../../../../test-support/mcp-servers';
import { CredentialStore } from '../../secrets/credential-store';
import { KeyFileCipher } from '../../secrets/key-file-cipher';
import { SettingsStore } from '../../settings/settings-store';
import { McpManager } from './manager';
import { readToolResult } from './result';
import { prepareMcpServers } from './secrets';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A manager over real settings and an encrypted key store, as createCore builds it. */
async function startManager(
  servers: Record<string, unknown>,
  options: { connectTimeoutMs?: number; baseEnv?: NodeJS.ProcessEnv } = {},
) {
  const dir = await tempDir('switchboard-mcp-');
  const credentials = new CredentialStore(
    join(dir.path, 'secrets.enc'),
    KeyFileCipher.fromKey(randomBytes(32)),
  );
  await credentials.load();
  const settings = new SettingsStore({
    file: join(dir.path, 'settings.json'),
    preparers: { mcp_servers: (value) => prepareMcpServers(String(value), credentials) },
  });
  await settings.load();
  await settings.update({ mcp_servers: JSON.stringify({ mcpServers: servers }) });
  const statuses: McpServerView[][] = [];
  const manager = new McpManager({
    settings,
    credentials,
    version: '0.0.0-test',
    onStatus: (servers) => statuses.push(servers),
    connectTimeoutMs: options.connectTimeoutMs ?? 20_000,
    ...(options.baseEnv ? { baseEnv: options.baseEnv } : {}),
  });
  cleanups.push(async () => {
    await manager.close();
    await dir.cleanup();
  });
  return { manager, settings, credentials, statuses, dir: dir.path };
}

const view = (manager: McpManager, name: string) =>
  manager.servers().find((s) => s.name === name) as McpServerView;

describe('McpManager with real MCP servers', () => {
  it('starts nothing until asked, then connects server-everything over stdio and lists its tools', async () => {
    const { manager } = await startManager({ everything: everythingServer() });
    expect(view(manager, 'everything').state).toBe('stopped');
    await manager.startAll();
    const everything = view(manager, 'everything');
    expect(everything.state).toBe('connected');
    expect(everything.tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(['everything__echo', 'everything__get-sum', 'everything__get-tiny-image']),
    );
    expect(everything.tools.find((t) => t.tool === 'echo')?.description).toBe('Echoes back the input string');

    const signal = new AbortController().signal;
    const echo = await manager
      .connection('everything')
      .call('echo', { message: 'hello there' }, signal, 10_000);
    expect(echo.content).toEqual([{ type: 'text', text: 'Echo: hello there' }]);
    const sum = await manager.connection('everything').call('get-sum', { a: 2, b: 40 }, signal, 10_000);
    expect(sum.content).toEqual([{ type: 'text', text: 'The sum of 2 and 40 is 42.' }]);

    // An embedded resource and resource links become text the chat shows and the model reads.
    const reference = readToolResult(
      await manager
        .connection('everything')
        .call('get-resource-reference', { resourceId: 2 }, signal, 10_000),
    );
    expect(reference.text).toMatch(/\[resource \S+2\S*\]\n/);
    const links = readToolResult(
      await manager.connection('everything').call('get-resource-links', { count: 2 }, signal, 10_000),
    );
    expect(links.text.match(/\[resource link /g)).toHaveLength(2);
    const image = readToolResult(
      await manager.connection('everything').call('get-tiny-image', {}, signal, 10_000),
    );
    expect(image.images).toEqual([{ format: 'base64.png', data: expect.stringMatching(/^iVBORw0KGgo/) }]);
  });

  it("never passes Switchboard's keys to a server, but does pass the server's own env", async () => {
    const { manager } = await startManager(
      { everything: everythingServer({ MY_SETTING: 'visible' }) },
      {
        baseEnv: {
          ...process.env,
          GROQ_API_KEY: 'gsk_never_to_a_server',
          SWITCHBOARD_MASTER_KEY: 'ab'.repeat(32),
          OPENAI_API_KEYS: 'sk-x',
        },
      },
    );
    await manager.startAll();
    const result = await manager
      .connection('everything')
      .call('get-env', {}, new AbortController().signal, 10_000);
    const text = JSON.stringify(result.content);
    expect(text).toContain('MY_SETTING');
    expect(text).toContain('visible');
    expect(text).not.toContain('gsk_never_to_a_server');
    expect(text).not.toContain('SWITCHBOARD_MASTER_KEY');
    expect(text).not.toContain('OPENAI_API_KEYS');
  });

  it('shows each broken server with its reason', async () => {
    const { manager } = await startManager(
      {
        missing: { command: 'switchboard-no-such-command-xyz', args: [] },
        quitter: {
          command: process.execPath,
          args: ['-e', 'console.error("fatal: config file not found"); process.exit(3)'],
        },
        silent: stubbornServer(),
      },
      { connectTimeoutMs: 1500 },
    );
    await manager.startAll();
    expect(view(manager, 'missing')).toMatchObject({
      state: 'error',
      message: expect.stringContaining('"switchboard-no-such-command-xyz" was not found'),
    });
    expect(view(manager, 'quitter')).toMatchObject({
      state: 'error',
      message: expect.stringContaining('exited'),
      stderr: expect.stringContaining('fatal: config file not found'),
    });
    expect(view(manager, 'silent')).toMatchObject({
      state: 'error',
      message: 'The server did not answer "initialize" within 1.5 s.',
    });
    expect(manager.tools()).toEqual([]);
  });

  it('moves secret env values to the credential store, shows them masked, and keeps them when the masked JSON is saved again', async () => {
    const { manager, settings, credentials } = await startManager({
      everything: everythingServer({
        GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_abcdefghijklmnop1234',
        REGION: 'eu',
      }),
    });
    const stored = settings.get().mcp_servers;
    expect(stored).not.toContain('ghp_abcdefghijklmnop1234');
    expect(stored).toContain('ghp_…1234');
    expect(stored).toContain('"REGION": "eu"');
    expect(credentials.list().map((s) => s.name)).toContain(
      'mcp.everything.env.GITHUB_PERSONAL_ACCESS_TOKEN',
    );
    await settings.update({ mcp_servers: stored });
    await manager.startAll();
    const result = await manager
      .connection('everything')
      .call('get-env', {}, new AbortController().signal, 10_000);
    expect(JSON.stringify(result.content)).toContain('ghp_abcdefghijklmnop1234');
    await settings.update({ mcp_servers: '' });
    expect(credentials.list().map((s) => s.name)).not.toContain(
      'mcp.everything.env.GITHUB_PERSONAL_ACCESS_TOKEN',
    );
  });

  it('refuses JSON that is not an mcpServers block, naming the server', async () => {
    const { settings } = await startManager({});
    await expect(
      settings.update({ mcp_servers: '{"mcpServers": {"bad": {"args": ["x"]}}}' }),
    ).rejects.toMatchObject({
      code: 'settings_invalid',
      fields: { mcp_servers: expect.stringContaining('server "bad"') },
    });
    await expect(settings.update({ mcp_servers: '{nope' })).rejects.toMatchObject({
      code: 'settings_invalid',
    });
  });

  it('disables, enables and restarts a server; a server that crashes is started again', async () => {
    const { manager, dir } = await startManager({ everything: everythingServer() });
    await manager.startAll();
    await manager.setEnabled('everything', false);
    expect(view(manager, 'everything').state).toBe('disabled');
    await manager.setEnabled('everything', true);
    await manager.startAll();
    expect(view(manager, 'everything').state).toBe('connected');

    // A server that exits after its first call: it is restarted with backoff and works again.
    const script = join(dir, 'crashy.mjs');
    await writeFile(script, crashyServerSource());
    const crashy = await startManager({ crashy: { command: process.execPath, args: [script] } });
    await crashy.manager.startAll();
    expect(view(crashy.manager, 'crashy').state).toBe('connected');
    await crashy.manager
      .connection('crashy')
      .call('die', {}, new AbortController().signal, 5000)
      .catch(() => undefined);
    await waitFor(() => view(crashy.manager, 'crashy').state === 'error');
    expect(view(crashy.manager, 'crashy').message).toContain('restarting in 1 s');
    await waitFor(() => view(crashy.manager, 'crashy').state === 'connected');
    await crashy.manager.restart('crashy');
    expect(view(crashy.manager, 'crashy').state).toBe('connected');
  });
});

describe('McpManager stopping servers', () => {
  it('kills the whole process tree of a server started through a shell when the app closes', async () => {
    const dir = await tempDir('switchboard-mcp-tree-');
    cleanups.push(dir.cleanup);
    const script = join(dir.path, 'server.mjs');
    await writeFile(script, crashyServerSource(join(dir.path, 'server.pid')));
    const { manager } = await startManager({
      wrapped: {
        command: 'sh',
        args: ['-c', `echo $$ > "${dir.path}/sh.pid"; "${process.execPath}" "${script}"; true`],
      },
    });
    await manager.startAll();
    expect(view(manager, 'wrapped').state).toBe('connected');
    const pids = await Promise.all(
      ['sh.pid', 'server.pid'].map(async (name) =>
        Number((await readFile(join(dir.path, name), 'utf8')).trim()),
      ),
    );
    expect(pids.every(alive)).toBe(true);
    await manager.close();
    await waitFor(() => !pids.some(alive));
  });
});

describe('McpManager over Streamable HTTP (a server built from the SDK)', () => {
  it('connects with its secret header, calls a tool, shows the server going away, and reconnects', async () => {
    const port = await freePort();
    let server = await startMcpHttpServer(port, 'http-secret-token-0001');
    cleanups.push(() => server.close());
    const { manager, settings } = await startManager({
      web: { url: server.url, headers: { Authorization: 'Bearer http-secret-token-0001' } },
    });
    expect(settings.get().mcp_servers).not.toContain('http-secret-token-0001');
    await manager.startAll();
    expect(view(manager, 'web')).toMatchObject({
      state: 'connected',
      transport: 'http',
      tools: [{ name: 'web__shout', description: 'Upper-cases text' }],
    });
    const signal = new AbortController().signal;
    const loud = await manager.connection('web').call('shout', { text: 'quiet' }, signal, 5000);
    expect(loud.content).toEqual([{ type: 'text', text: 'QUIET' }]);

    await server.close();
    await expect(
      manager.connection('web').call('shout', { text: 'anyone?' }, signal, 5000),
    ).rejects.toThrow();

    server = await startMcpHttpServer(port, 'http-secret-token-0001');
    await manager.restart('web');
    expect(view(manager, 'web').state).toBe('connected');
    const again = await manager.connection('web').call('shout', { text: 'back' }, signal, 5000);
    expect(again.content).toEqual([{ type: 'text', text: 'BACK' }]);
    expect(server.sessions()).toBe(1);
  });

  it('shows a refused connection (wrong token) with the reason', async () => {
    const port = await freePort();
    const server = await startMcpHttpServer(port, 'right-token-00000001');
    cleanups.push(() => server.close());
    const { manager } = await startManager({
      web: { url: server.url, headers: { Authorization: 'Bearer wrong-token-000001' } },
    });
    await manager.startAll();
    expect(view(manager, 'web')).toMatchObject({ state: 'error', message: expect.stringContaining('401') });
  });
});

/** A small stdio server on the SDK whose `die` tool exits the process (a crash); `pidFile` gets its pid. */
function crashyServerSource(pidFile?: string): string {
  const sdk = join(process.cwd(), 'node_modules/@modelcontextprotocol/sdk/dist/esm');
  // With a pid file it also outlives its stdin and ignores SIGTERM, like a server's own helper process.
  const survivor = pidFile
    ? `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 60000); process.on('SIGTERM', () => {});`
    : '';
  return `${survivor}
import { McpServer } from '${sdk}/server/mcp.js';
import { StdioServerTransport } from '${sdk}/server/stdio.js';
const server = new McpServer({ name: 'crashy', version: '1.0.0' });
server.registerTool('die', { description: 'Exits the server' }, async () => { setTimeout(() => process.exit(1), 10); return { content: [{ type: 'text', text: 'bye' }] }; });
await server.connect(new StdioServerTransport());
`;
}

/** True while a process with this pid exists (and is not a zombie). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
