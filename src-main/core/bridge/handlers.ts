import { DEFAULT_SETTINGS } from '../../../src-shared/settings';
import type { AgentService } from '../agent/agent-service';
import type { ApiService } from '../api/api-service';
import type { EventBus } from '../event-bus';
import type { ExecService } from '../exec/types';
import type { CallLogStore } from '../router/call-log';
import type { ProviderCatalog } from '../router/catalog';
import type { ProviderRouter } from '../router/router';
import type { CredentialStore } from '../secrets/credential-store';
import type { SessionStore } from '../sessions/session-store';
import type { SessionTrash } from '../sessions/session-trash';
import type { SettingsStore } from '../settings/settings-store';
import { createConversationHandlers } from './conversation-handlers';
import type { McpManager } from '../tools/mcp/manager';
import type { Handlers } from './dispatch';

export interface HandlerServices {
  settings: SettingsStore;
  credentials: CredentialStore;
  sessions: SessionStore;
  trash: SessionTrash;
  agent: AgentService;
  exec: ExecService;
  events: EventBus;
  router: ProviderRouter;
  catalog: ProviderCatalog;
  callLog: CallLogStore;
  api: ApiService;
  mcp: McpManager;
  info: { version: string; mode: 'electron' | 'serve'; demo: boolean; dataDir: string; workspaceDefault: string; secretStorage: string };
}

/**
 * Deletes a chat for good: stops its turn, kills its kernels, deletes it and its messages, and
 * tells every window. False when there was no such chat.
 */
export async function removeSession(
  s: Pick<HandlerServices, 'agent' | 'exec' | 'sessions' | 'events'>,
  sessionId: string,
): Promise<boolean> {
  s.agent.stop(sessionId);
  await s.exec.disposeSession(sessionId);
  const deleted = s.sessions.deleteSession(sessionId);
  s.events.emit({ type: 'sessions.changed' });
  return deleted;
}

/** The contract's handlers over the core services (shared by IPC and the HTTP bridge). */
export function createHandlers(s: HandlerServices): Handlers {
  const view = () => ({ values: s.settings.get(), defaults: DEFAULT_SETTINGS });
  const secrets = () => ({ secrets: s.credentials.list() });
  return {
    'app.info': () => ({ ...s.info, isolation: s.exec.isolation }),
    'settings.get': view,
    'settings.update': async (patch) => {
      await s.settings.update(patch);
      return view();
    },
    'secrets.list': secrets,
    'secrets.set': async ({ name, values }) => {
      await s.credentials.set(name, values);
      return secrets();
    },
    'secrets.delete': async ({ name }) => {
      await s.credentials.delete(name);
      return secrets();
    },
    'sessions.list': () => ({ sessions: s.sessions.listSessions() }),
    'sessions.create': (input) => {
      const session = s.sessions.createSession(input?.title ? { title: input.title } : {});
      s.events.emit({ type: 'sessions.changed' });
      return session;
    },
    'sessions.get': ({ sessionId }) => {
      const session = s.sessions.requireSession(sessionId);
      const tree = s.sessions.tree(sessionId);
      return {
        session,
        messages: tree.path,
        status: s.agent.status(sessionId),
        pendingApproval: s.agent.pendingApproval(sessionId),
        eventSeq: s.events.lastSeq,
        branches: tree.branches,
      };
    },
    'sessions.rename': ({ sessionId, title }) => {
      const session = s.sessions.renameSession(sessionId, title);
      s.events.emit({ type: 'sessions.changed' });
      return session;
    },
    'sessions.delete': async ({ sessionId }) => ({ deleted: await removeSession(s, sessionId) }),
    'sessions.trash': ({ sessionId }) => {
      const trashed = s.trash.trash(sessionId);
      if (trashed) s.events.emit({ type: 'sessions.changed' });
      return { trashed };
    },
    'sessions.restore': ({ sessionId }) => {
      const restored = s.trash.restore(sessionId);
      if (restored) s.events.emit({ type: 'sessions.changed' });
      return { restored };
    },
    'chat.send': ({ sessionId, text }) => {
      s.agent.send(sessionId, text);
      return { accepted: true as const };
    },
    'chat.stop': async ({ sessionId }) => ({ stopped: await s.agent.stopEverything(sessionId) }),
    'chat.approve': ({ sessionId, blockId, decision, code }) => {
      s.agent.approve(sessionId, blockId, code === undefined ? { decision } : { decision, code });
      return { accepted: true as const };
    },
    // Router
    'router.activity': (input) => ({
      calls: s.callLog.recent(input?.limit ?? 100),
      keys: s.router.keyStates(),
      mode: s.settings.get().open_interpreter_registry_mode,
    }),
    'router.checkKey': ({ name, index }) => s.catalog.checkKey(name, index),
    'router.models': ({ providerId, refresh }) => s.catalog.models(providerId, refresh ?? false),
    // Agent
    'chat.input': ({ sessionId, data }) => ({ written: s.exec.write(sessionId, data) }),
    'chat.resize': ({ sessionId, columns, rows }) => {
      s.sessions.requireSession(sessionId);
      s.exec.resize(sessionId, columns, rows);
      return { resized: true as const };
    },
    // Local API
    'api.status': () => s.api.status(),
    'api.start': () => s.api.start(),
    'api.stop': () => s.api.stop(),
    'api.regenerateToken': () => s.api.regenerateToken(),
    'api.copyToken': () => s.api.copyToken(),
    ...createConversationHandlers(s),
    // Tools (MCP)
    'tools.servers': () => ({ servers: s.mcp.servers() }),
    'tools.restart': async ({ server }) => ({ servers: await s.mcp.restart(server) }),
    'tools.setEnabled': async ({ server, enabled }) => ({ servers: await s.mcp.setEnabled(server, enabled) }),
  };
}
