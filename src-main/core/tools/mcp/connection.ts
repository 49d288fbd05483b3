import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ErrorCode,
  McpError,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { McpServerView } from '../../../../src-shared/tools';
import { resolveExecutable } from '../../exec/environment';
import { killProcessTree, KERNEL_TAG_VARIABLE } from '../../exec/isolation';
import { toolName, type McpServerConfig } from './config';
import { serverEnvironment } from './server-environment';

/** What a connection needs from outside. */
export interface ConnectionOptions {
  /** The config with its secrets resolved (read at every start, so a new secret applies). */
  resolve: () => McpServerConfig;
  /** Called after every change of state or tools. */
  onChange: () => void;
  /** The longest wait for the server to answer `initialize` and `tools/list`, in ms. */
  connectTimeoutMs: number;
  /** Switchboard's version, sent as the client's `clientInfo`. */
  version: string;
  /** Environment the server's own is built from (without secrets); default process.env. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Restart delays after a crash, in ms (default 1, 2, 4, 8, 16 s; then it stays failed). */
  restartDelaysMs?: number[];
}

/** A tool as the server listed it. */
export type ServerTool = Tool;

/** Characters of the server's stderr kept for the status (its end). */
const STDERR_TAIL_CHARS = 4000;
/** A connection that stayed up this long counts as healthy again: crash restarts start over. */
const HEALTHY_AFTER_MS = 60_000;

/**
 * One MCP server over the official SDK's Client: a child process over stdio (its own
 * environment without Switchboard's keys, every process of it tagged so the whole tree can be
 * killed, stderr kept for the status) or a Streamable HTTP endpoint. `start` connects (the
 * `initialize` handshake) and lists the tools within `connectTimeoutMs`; failures become state
 * `error` with the reason, never a throw. A connected server that goes away is started again
 * after 1, 2, 4, 8 and 16 s, then left failed until Restart.
 */
export class McpConnection {
  private state: McpServerView['state'] = 'stopped';
  private message: string | undefined;
  private stderrTail = '';
  private tools: ServerTool[] = [];
  private client: Client | null = null;
  /** The stdio transport while its process may be running (its pid is known once spawned). */
  private stdio: StdioClientTransport | null = null;
  private tag = '';
  private starting: Promise<void> | null = null;
  private restartTimer: NodeJS.Timeout | undefined;
  private crashes = 0;
  private connectedAt = 0;
  private generation = 0;

  constructor(
    readonly config: McpServerConfig,
    private readonly options: ConnectionOptions,
  ) {}

  /** The status and tools, for Settings → Tools. */
  view(): McpServerView {
    const transport = this.config.transport;
    return {
      name: this.config.name,
      transport: transport.kind,
      target: transport.kind === 'stdio' ? [transport.command, ...transport.args].join(' ') : transport.url,
      enabled: this.config.enabled,
      state: this.config.enabled ? this.state : 'disabled',
      ...(this.message ? { message: this.message } : {}),
      ...(this.stderrTail.trim() ? { stderr: this.stderrTail } : {}),
      tools: this.tools.map((tool) => ({
        tool: tool.name,
        name: toolName(this.config.name, tool.name),
        description: tool.description ?? '',
      })),
    };
  }

  /** The listed tools while connected (none otherwise). */
  listedTools(): ServerTool[] {
    return this.state === 'connected' ? this.tools : [];
  }

  /** Connects unless connected or connecting; resolves when connected or failed (never throws). */
  start(): Promise<void> {
    if (!this.config.enabled || this.state === 'connected') return Promise.resolve();
    this.starting ??= this.connect().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /**
   * Starts a server that was never started (or was stopped), and waits for one that is
   * starting; a failed server is left alone (Restart, or its crash backoff, tries again), so
   * a broken server does not hold up every chat request.
   */
  startIfStopped(): Promise<void> {
    if (this.starting) return this.starting;
    return this.state === 'stopped' ? this.start() : Promise.resolve();
  }

  /** Stops the server (the whole process tree of a stdio server) and forgets its tools. */
  async stop(): Promise<void> {
    clearTimeout(this.restartTimer);
    this.generation += 1;
    await this.disconnect();
    this.tools = [];
    this.state = 'stopped';
    this.message = undefined;
    this.options.onChange();
  }

  /** Stops and starts again now, with a fresh crash count. */
  async restart(): Promise<void> {
    await this.stop();
    this.crashes = 0;
    this.stderrTail = '';
    await this.start();
  }

  /**
   * Calls `tool` with `args`. Throws the SDK's McpError (timeout, connection closed, unknown
   * tool) or Error "not connected"; a tool that failed on its own answers `isError: true`.
   */
  async call(
    tool: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<CallToolResult> {
    await this.start();
    const client = this.client;
    if (!client || this.state !== 'connected')
      throw new Error(
        `The MCP server "${this.config.name}" is not connected${this.message ? `: ${this.message}` : ''}.`,
      );
    const result = await client.callTool({ name: tool, arguments: args }, undefined, {
      signal,
      timeout: timeoutMs,
      resetTimeoutOnProgress: true,
    });
    return result as CallToolResult;
  }

  private async connect(): Promise<void> {
    clearTimeout(this.restartTimer);
    const generation = ++this.generation;
    const config = this.options.resolve();
    this.state = 'starting';
    this.message = undefined;
    this.options.onChange();
    let transport: Transport;
    try {
      transport = this.transport(config);
    } catch (error) {
      this.fail((error as Error).message);
      return;
    }
    const client = new Client({ name: 'Switchboard', version: this.options.version }, { capabilities: {} });
    this.client = client;
    client.onclose = () => {
      if (this.client === client && generation === this.generation) this.closedUnexpectedly();
    };
    try {
      await client.connect(transport, { timeout: this.options.connectTimeoutMs });
      this.tools = await this.listTools(client);
      if (generation !== this.generation) return;
      client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
        this.tools = await this.listTools(client).catch(() => this.tools);
        this.options.onChange();
      });
      this.state = 'connected';
      this.connectedAt = Date.now();
      this.options.onChange();
    } catch (error) {
      if (generation !== this.generation) return;
      await this.disconnect();
      this.fail(describeConnectError(error, config, this.options.connectTimeoutMs));
    }
  }

  private transport(config: McpServerConfig): Transport {
    const spec = config.transport;
    if (spec.kind === 'http') {
      return new StreamableHTTPClientTransport(new URL(spec.url), { requestInit: { headers: spec.headers } });
    }
    this.tag = `mcp-${randomBytes(6).toString('hex')}`;
    const env: Record<string, string> = {
      ...serverEnvironment(this.options.baseEnv ?? process.env, spec.env),
      [KERNEL_TAG_VARIABLE]: this.tag,
    };
    if (resolveExecutable(spec.command, env.PATH) === null)
      throw new Error(
        `The command "${spec.command}" was not found (not an executable file, and not on PATH).`,
      );
    const transport = new StdioClientTransport({
      command: spec.command,
      args: spec.args,
      env,
      stderr: 'pipe',
      ...(spec.cwd ? { cwd: spec.cwd } : {}),
    });
    this.stdio = transport;
    transport.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    return transport;
  }

  private async listTools(client: Client): Promise<ServerTool[]> {
    const tools: ServerTool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined, {
        timeout: this.options.connectTimeoutMs,
      });
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  }

  private fail(message: string): void {
    this.state = 'error';
    this.message = message;
    this.tools = [];
    this.options.onChange();
  }

  private closedUnexpectedly(): void {
    const wasConnected = this.state === 'connected';
    if (Date.now() - this.connectedAt > HEALTHY_AFTER_MS) this.crashes = 0;
    void this.disconnect();
    if (!wasConnected) return; // A failing start reports its own reason.
    const delays = this.options.restartDelaysMs ?? [1000, 2000, 4000, 8000, 16000];
    const delay = delays[this.crashes];
    this.crashes += 1;
    if (delay === undefined) {
      this.fail(`The server stopped ${this.crashes} times in a row; press Restart to try again.`);
      return;
    }
    this.fail(`The server stopped unexpectedly; restarting in ${Math.round(delay / 100) / 10} s.`);
    this.restartTimer = setTimeout(() => void this.start(), delay);
    this.restartTimer.unref?.();
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    const pid = this.stdio?.pid ?? null;
    this.client = null;
    this.stdio = null;
    // The SDK only signals the direct child; a server started through npx or a shell leaves
    // grandchildren behind, so the whole tree (and anything carrying the tag) goes first.
    if (pid !== null) killProcessTree(pid, this.tag || null);
    // A server that already exited may have left helpers behind; they still carry its tag.
    else if (this.tag !== '' && process.platform === 'linux') killProcessTree(-1, this.tag, false);
    if (client) await client.close().catch(() => undefined);
  }
}

function describeConnectError(error: unknown, config: McpServerConfig, timeoutMs: number): string {
  if (error instanceof McpError && error.code === (ErrorCode.RequestTimeout as number))
    return `The server did not answer "initialize" within ${timeoutMs / 1000} s.`;
  if (error instanceof McpError && error.code === (ErrorCode.ConnectionClosed as number))
    return config.transport.kind === 'stdio'
      ? 'The server exited before it finished starting (see its output below).'
      : 'The server closed the connection before it finished starting.';
  const message = error instanceof Error ? error.message : String(error);
  if (config.transport.kind !== 'http') return message;
  const status = (error as { code?: unknown }).code;
  const http = typeof status === 'number' && status >= 400 && status < 600 ? ` (HTTP ${status})` : '';
  return `Could not connect to ${config.transport.url}${http}: ${message}`;
}
