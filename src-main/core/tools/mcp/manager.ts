import type { Settings } from '../../../../src-shared/settings';
import type { McpServerView } from '../../../../src-shared/tools';
import { AppError } from '../../errors';
import type { CredentialStore } from '../../secrets/credential-store';
import type { SettingsStore } from '../../settings/settings-store';
import { parseMcpJson, readServers, serializeMcpJson, toolName, type McpServerConfig } from './config';
import { McpConnection, type ServerTool } from './connection';
import { withSecrets } from './secrets';

export interface McpManagerOptions {
  settings: Pick<SettingsStore, 'get' | 'onChange' | 'update'>;
  credentials: CredentialStore;
  /** Called with every server's view after any change (the `tools.status` event). */
  onStatus: (servers: McpServerView[]) => void;
  /** Switchboard's version, the client's `clientInfo.version`. */
  version: string;
  /** The longest wait for `initialize` and `tools/list`, in ms (default 15 000). */
  connectTimeoutMs?: number;
  /** Environment servers' own is built from (without secrets); default process.env. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Restart delays after a crash, in ms (see McpConnection). */
  restartDelaysMs?: number[];
}

/** A connected server's tool, under the name the model calls. */
export interface ListedTool {
  /** `<server>__<tool>` (providers' alphabet, at most 64 characters). */
  name: string;
  server: string;
  tool: ServerTool;
}

/**
 * Every MCP server of the `mcp_servers` setting, one McpConnection each. Nothing starts when
 * the app starts: `startAll` (the first chat that offers tools) starts the enabled servers,
 * and a server the person just added or changed in Settings → Tools starts at once so its
 * status shows. A server removed or changed is stopped (its whole process tree) first.
 */
export class McpManager {
  private readonly connections = new Map<string, McpConnection>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(private readonly options: McpManagerOptions) {
    this.sync(readServers(options.settings.get().mcp_servers), false);
    this.unsubscribe = options.settings.onChange((next: Settings, previous: Settings) => {
      if (next.mcp_servers !== previous.mcp_servers) this.sync(readServers(next.mcp_servers), true);
    });
  }

  /** Every configured server's status and tools, in the JSON's order. */
  servers(): McpServerView[] {
    return [...this.connections.values()].map((c) => c.view());
  }

  /**
   * Starts every enabled server not started yet and waits for those starting; resolves when
   * each is connected or failed. Failed servers are not retried here (see startIfStopped).
   */
  async startAll(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.connections.values()].map((c) => c.startIfStopped()));
  }

  /** The tools of connected servers. */
  tools(): ListedTool[] {
    const tools: ListedTool[] = [];
    for (const connection of this.connections.values())
      for (const tool of connection.listedTools())
        tools.push({
          name: toolName(connection.config.name, tool.name),
          server: connection.config.name,
          tool,
        });
    return tools;
  }

  /** The server named `server`. Throws AppError `mcp_server_not_found`. */
  connection(server: string): McpConnection {
    const connection = this.connections.get(server);
    if (!connection)
      throw new AppError(
        'mcp_server_not_found',
        `There is no MCP server named "${server}" in Settings → Tools.`,
      );
    return connection;
  }

  /** Stops and starts `server` again. Throws AppError `mcp_server_not_found`. */
  async restart(server: string): Promise<McpServerView[]> {
    await this.connection(server).restart();
    return this.servers();
  }

  /**
   * Saves `disabled` for `server` in `mcp_servers` (the change stops or starts it). Throws
   * AppError `mcp_server_not_found`.
   */
  async setEnabled(server: string, enabled: boolean): Promise<McpServerView[]> {
    this.connection(server);
    const { entries } = parseMcpJson(this.options.settings.get().mcp_servers);
    const next = entries.map(([name, entry]): [string, typeof entry] => {
      if (name !== server) return [name, entry];
      const { disabled: _disabled, ...rest } = entry;
      return [name, enabled ? rest : { ...rest, disabled: true }];
    });
    await this.options.settings.update({ mcp_servers: serializeMcpJson(next) });
    return this.servers();
  }

  /** Stops every server (the app is closing). */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    await Promise.all([...this.connections.values()].map((c) => c.stop()));
  }

  private sync(configs: McpServerConfig[], startChanged: boolean): void {
    const wanted = new Map(configs.map((config) => [config.name, config]));
    for (const [name, connection] of this.connections) {
      const config = wanted.get(name);
      if (!config || JSON.stringify(config) !== JSON.stringify(connection.config)) {
        this.connections.delete(name);
        void connection.stop();
      }
    }
    const ordered = new Map<string, McpConnection>();
    for (const config of configs) {
      let connection = this.connections.get(config.name);
      if (!connection) {
        connection = new McpConnection(config, {
          resolve: () => withSecrets(config, this.options.credentials),
          onChange: () => this.changed(),
          connectTimeoutMs: this.options.connectTimeoutMs ?? 15_000,
          version: this.options.version,
          ...(this.options.baseEnv ? { baseEnv: this.options.baseEnv } : {}),
          ...(this.options.restartDelaysMs ? { restartDelaysMs: this.options.restartDelaysMs } : {}),
        });
        if (startChanged && !this.closed) void connection.start();
      }
      ordered.set(config.name, connection);
    }
    this.connections.clear();
    for (const [name, connection] of ordered) this.connections.set(name, connection);
    this.changed();
  }

  private changed(): void {
    if (!this.closed) this.options.onStatus(this.servers());
  }
}
