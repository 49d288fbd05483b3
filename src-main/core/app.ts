import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { UNDO_DELETE_MS } from '../../src-shared/contract';
import type { Settings } from '../../src-shared/settings';
import packageJson from '../../package.json';
import { AgentService } from './agent/agent-service';
import { ApiService, type ApiOverrides, type Clipboard } from './api/api-service';
import { ApiTokenStore, MIN_NETWORK_TOKEN_CHARS } from './api/token';
import { createDispatch, type Dispatch } from './bridge/dispatch';
import { createHandlers, removeSession } from './bridge/handlers';
import { systemClock, type Clock } from './clock';
import { AppError } from './errors';
import { EventBus } from './event-bus';
import { removeLeftoverTempFiles } from './data-dir-cleanup';
import { lockDataDir } from './data-dir-lock';
import { PtyExecService } from './exec/exec-service';
import { kernelEnvironmentPolicy } from './exec/environment-policy';
import type { ExecService } from './exec/types';
import { ensureDataDir, ensurePrivateDir, ensurePrivateFile } from './fs-util';
import { createLogger, type Logger } from './log';
import { parseRegistry, registryToStoredJson } from './providers/registry';
import { CallLogStore } from './router/call-log';
import { ProviderCatalog } from './router/catalog';
import { ProviderRouter } from './router/router';
import { registrySecretName, type Env } from './router/targets';
import { followRedisSetting, redisUrlOf, redisUrlPreparer } from './router/state/redis-url';
import { openRouterState, SwitchingRouterState } from './router/state/switching-state';
import type { Cipher } from './secrets/cipher';
import { CredentialStore } from './secrets/credential-store';
import { KeyFileCipher } from './secrets/key-file-cipher';
import { SessionStore } from './sessions/session-store';
import { purgeLeftoverTrash, SessionTrash } from './sessions/session-trash';
import { jsonSettingInvalid } from './settings/json-problems';
import { SettingsStore } from './settings/settings-store';
import { McpManager } from './tools/mcp/manager';
import { prepareMcpServers } from './tools/mcp/secrets';
import { ToolRegistry } from './tools/tool-registry';

export interface CoreOptions {
  /** Where everything lives: settings.json, secrets.enc, switchboard.db, workspace/, logs/. */
  dataDir: string;
  mode: 'electron' | 'serve';
  /** Encrypts secrets.enc; default: AES-256-GCM with `<dataDir>/master.key` or `SWITCHBOARD_MASTER_KEY`. */
  cipher?: Cipher;
  /** Environment (base URL overrides, provider keys, master key); default process.env. */
  env?: Env;
  /** `npm run demo`: the UI says replies are scripted. */
  demo?: boolean;
  clock?: Clock;
  logger?: Logger;
  /** Local API settings overridden for this run (serve's flags, environment, `.env`). */
  api?: ApiOverrides;
  /**
   * Where session folders go while `open_interpreter_workspace_dir` is empty; default: beside the
   * data dir (`<dataDir>-workspace`), never inside it.
   */
  defaultWorkspace?: string;
  /** The system clipboard (Electron); the API token's Copy writes there when present. */
  clipboard?: Clipboard;
}

/** The running engine: every service, wired once. */
export interface Core {
  dispatch: Dispatch;
  events: EventBus;
  settings: SettingsStore;
  credentials: CredentialStore;
  sessions: SessionStore;
  router: ProviderRouter;
  /** Every attempt of every routed call (the Activity view reads it). */
  callLog: CallLogStore;
  agent: AgentService;
  exec: ExecService;
  /** The local HTTP API server (follows `api_enabled`). */
  api: ApiService;
  /** The MCP servers of Settings → Tools. */
  mcp: McpManager;
  logger: Logger;
  /** Stops the local API, turns and kernels, closes the database. */
  close(): Promise<void>;
}

/**
 * The composition root: builds and wires every service. Used unchanged by the Electron main
 * process, the headless server and tests (which pass their own cipher, env and clock).
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  await ensureDataDir(options.dataDir);
  let onLockLost = (error: Error): void => void error;
  const unlockDataDir = await lockDataDir(options.dataDir, options.mode, (error) => onLockLost(error));
  try {
    await removeLeftoverTempFiles(options.dataDir);
    const core = await buildCore(options, unlockDataDir);
    onLockLost = (error) => core.logger.error({ err: error }, 'the data dir lock was taken away');
    return core;
  } catch (error) {
    await unlockDataDir();
    throw error;
  }
}

/** Builds the services of createCore once the data dir is locked; `unlockDataDir` runs on close. */
async function buildCore(options: CoreOptions, unlockDataDir: () => Promise<void>): Promise<Core> {
  const env = options.env ?? process.env;
  const dataDir = options.dataDir;
  const logger = options.logger ?? createLogger(dataDir, env.LOG_LEVEL ?? 'info');
  const clock = options.clock ?? systemClock;

  const cipher =
    options.cipher ??
    (await KeyFileCipher.open({
      keyFile: join(dataDir, 'master.key'),
      masterKey: env.SWITCHBOARD_MASTER_KEY,
    }));
  const credentials = new CredentialStore(join(dataDir, 'secrets.enc'), cipher);
  await credentials.load();
  const tokens = new ApiTokenStore(credentials, options.api?.token || undefined);

  const settings = new SettingsStore({
    file: join(dataDir, 'settings.json'),
    warn: (message) => logger.warn(message),
    preparers: {
      // Keys typed into the registry JSON move into the credential store; the JSON keeps none.
      open_interpreter_provider_registry: async (value) => {
        const { entries, problems } = parseRegistry(String(value));
        if (problems.length > 0) throw jsonSettingInvalid('open_interpreter_provider_registry', problems);
        const withKeys = entries.filter((e) => e.api_keys.length > 0);
        return {
          value: registryToStoredJson(entries),
          commit: async () => {
            for (const entry of withKeys) await credentials.set(registrySecretName(entry.id), entry.api_keys);
          },
        };
      },
      api_redis_url: redisUrlPreparer(credentials),
      // "Allow access from the local network" is impossible without a token fit for a network.
      api_allow_network: async (value) => {
        const token = value === true ? tokens.current() : null;
        if (value === true && (!token || token.value.length < MIN_NETWORK_TOKEN_CHARS)) {
          const message = token
            ? `needs a token of at least ${MIN_NETWORK_TOKEN_CHARS} characters`
            : 'needs a token first: turn the local API on once, or press Regenerate';
          const issue = token
            ? { code: 'network_token_short' as const, params: { min: MIN_NETWORK_TOKEN_CHARS } }
            : { code: 'network_token_missing' as const };
          throw new AppError('settings_invalid', `api_allow_network ${message}.`, {
            fields: { api_allow_network: message },
            fieldIssues: { api_allow_network: issue },
          });
        }
        return { value };
      },
      // Secret values of MCP servers' env and headers move into the credential store, masked in the JSON.
      mcp_servers: (value) => prepareMcpServers(String(value), credentials),
    },
  });
  await settings.load();

  ensurePrivateFile(join(dataDir, 'switchboard.db'), ['-wal', '-shm']);
  const sessions = SessionStore.open(join(dataDir, 'switchboard.db'));
  sessions.markInterruptedBlocks();
  // Chats deleted in the last seconds of the previous run (window closed or reloaded before the
  // undo window ended, or a crash) are deleted now: nothing can undo them any more.
  purgeLeftoverTrash(sessions.connection());
  const events = new EventBus();
  const callLog = new CallLogStore(sessions.connection());
  const redisUrl = () => options.api?.redisUrl ?? redisUrlOf(settings.get(), credentials);
  const routerState = new SwitchingRouterState(await openRouterState(redisUrl(), { clock, logger }));
  // serve's --redis-url is fixed for the run; the app's setting applies as soon as it changes.
  const unfollowRedis = options.api?.redisUrl
    ? () => undefined
    : followRedisSetting({
        state: routerState,
        url: redisUrl,
        clock,
        logger,
        onChange: (listener) => combine(settings.onChange(listener), credentials.onChange(listener)),
      });
  const router = new ProviderRouter({
    state: routerState,
    settings: (): Settings => settings.get(),
    credentials,
    env,
    clock,
    logger,
    callLog: {
      record(entry) {
        callLog.record(entry);
        events.emit({ type: 'router.call', entry });
      },
    },
  });
  const catalog = new ProviderCatalog({
    settings: (): Settings => settings.get(),
    credentials,
    env,
    clock,
    health: router.keyHealth,
  });
  const workspaceDefault = options.defaultWorkspace ?? `${dataDir}-workspace`;
  const runDir = join(dataDir, 'run');
  await ensurePrivateDir(runDir);
  const exec = new PtyExecService({
    workspaceRoot: () =>
      workspaceRoot(settings.get().open_interpreter_workspace_dir, dataDir, workspaceDefault),
    runDir,
    env: process.env,
    environmentPolicy: () => kernelEnvironmentPolicy(settings.get(), credentials),
  });
  const mcp = new McpManager({
    settings,
    credentials,
    version: packageJson.version,
    baseEnv: env,
    onStatus: (servers) => events.emit({ type: 'tools.status', servers }),
  });
  const agent = new AgentService({
    sessions,
    router,
    exec,
    events,
    settings: () => settings.get(),
    platform: process.platform,
    logger,
    tools: new ToolRegistry(mcp),
  });
  // Chats deleted with Undo wait in the trash for the undo window (and a second for the Undo call to arrive).
  const trash = new SessionTrash(sessions.connection(), {
    undoMs: UNDO_DELETE_MS + 1000,
    purge: async (sessionId) => void (await removeSession({ agent, exec, sessions, events }, sessionId)),
    onError: (error, sessionId) =>
      logger.warn({ err: error, sessionId }, 'could not delete a chat from the trash'),
  });

  const api = new ApiService({
    settings: () => settings.get(),
    settingsStore: settings,
    sessions,
    agent,
    router,
    exec,
    events,
    credentials,
    env,
    clock,
    version: packageJson.version,
    tokens,
    dataDir,
    ...(options.api ? { overrides: options.api } : {}),
    ...(options.clipboard ? { clipboard: options.clipboard } : {}),
    onStatus: (status) => events.emit({ type: 'api.status', status }),
  });

  const dispatch = createDispatch(
    createHandlers({
      settings,
      credentials,
      sessions,
      trash,
      agent,
      exec,
      events,
      router,
      catalog,
      callLog,
      api,
      mcp,
      info: {
        version: packageJson.version,
        mode: options.mode,
        demo: options.demo ?? false,
        dataDir,
        workspaceDefault,
        secretStorage: cipher.description,
      },
    }),
    (method, error) => logger.error({ method, err: error }, 'unexpected error in a bridge call'),
  );
  await api.init();

  return {
    dispatch,
    events,
    settings,
    credentials,
    sessions,
    router,
    callLog,
    agent,
    exec,
    api,
    mcp,
    logger,
    async close() {
      await api.close();
      agent.stopAll();
      trash.close();
      await Promise.all([exec.dispose(), mcp.close()]);
      unfollowRedis();
      await routerState.close();
      callLog.close();
      sessions.close();
      logger.flush();
      await unlockDataDir();
    },
  };
}

/**
 * Where session folders go (`open_interpreter_workspace_dir`): empty → `defaultWorkspace`
 * (by default beside the data dir, `<dataDir>-workspace`: never inside it, where a block could
 * read `../../master.key` or `serve-token`); `~/…` → under the home folder; a relative path →
 * under the data dir; else the path itself.
 */
export function workspaceRoot(
  setting: string,
  dataDir: string,
  defaultWorkspace = `${dataDir}-workspace`,
): string {
  const value = setting.trim();
  if (value === '') return defaultWorkspace;
  if (value === '~' || value.startsWith('~/')) return join(homedir(), value.slice(1));
  return isAbsolute(value) ? value : resolve(dataDir, value);
}

/** One unsubscribe function for several. */
function combine(...unsubscribers: Array<() => void>): () => void {
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
