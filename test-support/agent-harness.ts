import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { StampedEvent } from '../src-shared/events';
import type { ChatMessage, PendingApproval } from '../src-shared/lmc';
import type { SettingsPatch } from '../src-shared/settings';
import { AgentService, type AgentDependencies } from '../src-main/core/agent/agent-service';
import type { ApprovalPolicy } from '../src-main/core/agent/approval-policy';
import { systemClock } from '../src-main/core/clock';
import { EventBus } from '../src-main/core/event-bus';
import { PtyExecService } from '../src-main/core/exec/exec-service';
import { ProviderRouter } from '../src-main/core/router/router';
import { CredentialStore } from '../src-main/core/secrets/credential-store';
import { KeyFileCipher } from '../src-main/core/secrets/key-file-cipher';
import { SessionStore } from '../src-main/core/sessions/session-store';
import { SettingsStore } from '../src-main/core/settings/settings-store';
import { McpManager } from '../src-main/core/tools/mcp/manager';
import { prepareMcpServers } from '../src-main/core/tools/mcp/secrets';
import { ToolRegistry } from '../src-main/core/tools/tool-registry';
import {
  startScriptedUpstream,
  type RecordedRequest,
  type ScriptedUpstream,
  type ScriptRule,
} from './scripted-upstream';
import { tempDir } from './temp-dir';

export interface AgentHarnessOptions {
  rules: ScriptRule[];
  /** Saved before the session starts (e.g. `open_interpreter_code_mode`, `open_interpreter_auto_run`). */
  settings?: SettingsPatch;
  approvalPolicy?: ApprovalPolicy;
  /** Interpreter commands of the kernels (default python3 / bash / node on PATH). */
  interpreters?: { python?: string; shell?: string; javascript?: string };
  /** The agent's logger (e.g. one that records warnings). */
  logger?: AgentDependencies['logger'];
  /** MCP servers' wait for `initialize`, in ms (default 20 000). */
  mcpConnectTimeoutMs?: number;
}

/**
 * The agent wired as createCore wires it — session store, settings, encrypted key store,
 * router, PTY kernels — against a scripted upstream on 127.0.0.1 speaking Groq's SSE, with one
 * session open. Nothing of ours is stubbed: tests drive it through AgentService and read what
 * the upstream received and what the session stored.
 */
export interface AgentHarness {
  upstream: ScriptedUpstream;
  agent: AgentService;
  sessions: SessionStore;
  settings: SettingsStore;
  exec: PtyExecService;
  /** The MCP servers of `settings.mcp_servers`, as createCore wires them. */
  mcp: McpManager;
  sessionId: string;
  /** Every event emitted so far. */
  events: StampedEvent[];
  /** Sends a message (a new turn). */
  send(text: string): void;
  /** Starts a turn some other way (regenerate, edit), so `idle()` waits for its end. */
  begin(start: () => void): void;
  /** The next approval request after the last one returned (waits up to `ms`). */
  nextApproval(ms?: number): Promise<PendingApproval>;
  /** Resolves when the turn started by the last `send` has ended. */
  idle(ms?: number): Promise<void>;
  /** The session's stored messages. */
  messages(): ChatMessage[];
  /** The chat-completion request bodies the upstream received, in order. */
  requests(): NonNullable<RecordedRequest['body']>[];
  close(): Promise<void>;
}

export async function startAgentHarness(options: AgentHarnessOptions): Promise<AgentHarness> {
  const dir = await tempDir('switchboard-agent-');
  const upstream = await startScriptedUpstream({ rules: options.rules });
  const credentials = new CredentialStore(
    join(dir.path, 'secrets.enc'),
    KeyFileCipher.fromKey(randomBytes(32)),
  );
  await credentials.load();
  await credentials.set('groq_api_key', ['gsk_agent_harness_key_0001']);
  const settings = new SettingsStore({
    file: join(dir.path, 'settings.json'),
    preparers: { mcp_servers: (value) => prepareMcpServers(String(value), credentials) },
  });
  await settings.load();
  if (options.settings) await settings.update(options.settings);
  const sessions = SessionStore.open(':memory:');
  const bus = new EventBus();
  const events: StampedEvent[] = [];
  const waiters = new Set<() => void>();
  bus.subscribe((event) => {
    events.push(event);
    for (const wake of [...waiters]) wake();
  });
  const router = new ProviderRouter({
    settings: () => settings.get(),
    credentials,
    env: { SWITCHBOARD_GROQ_BASE_URL: upstream.url },
    clock: systemClock,
    timeoutMs: 20_000,
  });
  const exec = new PtyExecService({
    workspaceRoot: join(dir.path, 'workspace'),
    runDir: join(dir.path, 'run'),
    stopGraceMs: 300,
    ...(options.interpreters ? { interpreters: options.interpreters } : {}),
  });
  const mcp = new McpManager({
    settings,
    credentials,
    version: '0.0.0-test',
    onStatus: (servers) => bus.emit({ type: 'tools.status', servers }),
    connectTimeoutMs: options.mcpConnectTimeoutMs ?? 20_000,
  });
  const agent = new AgentService({
    tools: new ToolRegistry(mcp),
    sessions,
    router,
    exec,
    events: bus,
    settings: () => settings.get(),
    platform: process.platform,
    ...(options.approvalPolicy ? { approvalPolicy: options.approvalPolicy } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const sessionId = sessions.createSession().id;

  /** Waits for the first event after index `from` that `match` accepts. */
  const waitFor = (
    from: number,
    match: (event: StampedEvent) => boolean,
    ms: number,
    what: string,
  ): Promise<{ event: StampedEvent; index: number }> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const index = events.findIndex((event, i) => i >= from && match(event));
        if (index === -1) return false;
        waiters.delete(wake);
        clearTimeout(timer);
        resolve({ event: events[index] as StampedEvent, index });
        return true;
      };
      const wake = (): void => void check();
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(
          new Error(
            `timed out after ${ms} ms waiting for ${what}; last events: ${JSON.stringify(events.slice(-5)).slice(0, 1500)}`,
          ),
        );
      }, ms);
      waiters.add(wake);
      check();
    });

  let turnStart = 0;
  let approvalCursor = 0;
  return {
    upstream,
    agent,
    sessions,
    settings,
    exec,
    mcp,
    sessionId,
    events,
    send(text) {
      turnStart = events.length;
      agent.send(sessionId, text);
    },
    begin(start) {
      turnStart = events.length;
      start();
    },
    async nextApproval(ms = 20_000) {
      const { event, index } = await waitFor(
        Math.max(approvalCursor, 0),
        (e) => e.type === 'approval.request',
        ms,
        'an approval request',
      );
      approvalCursor = index + 1;
      return (event as Extract<StampedEvent, { type: 'approval.request' }>).approval;
    },
    async idle(ms = 30_000) {
      await waitFor(
        turnStart,
        (e) => e.type === 'turn.status' && e.status.state === 'idle',
        ms,
        'the end of the turn',
      );
    },
    messages: () => sessions.messages(sessionId),
    requests: () => upstream.chatRequests().map((request) => request.body ?? {}),
    async close() {
      agent.stopAll();
      await Promise.all([exec.dispose(), mcp.close()]);
      sessions.close();
      await upstream.close();
      await dir.cleanup();
    },
  };
}

/**
 * For a test file: a `start(options)` that opens an agent harness, closed after each test
 * (vitest's `afterEach` is passed in, so this module does not import vitest).
 */
export function agentHarnessPerTest(
  afterEach: (fn: () => Promise<void>) => void,
): (options: AgentHarnessOptions) => Promise<AgentHarness> {
  let harness: AgentHarness | null = null;
  afterEach(async () => {
    await harness?.close();
    harness = null;
  });
  return async (options) => (harness = await startAgentHarness(options));
}
