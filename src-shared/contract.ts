import { z } from 'zod';
import type { StampedEvent } from './events';
import { apiStatusSchema } from './http-api';
import {
  branchPointSchema,
  chatMessageSchema,
  pendingApprovalSchema,
  searchHitSchema,
  sessionSummarySchema,
  turnStatusSchema,
} from './lmc';
import { activitySchema, keyCheckSchema, modelListSchema } from './router';
import { settingsViewSchema, type SettingsPatch } from './settings';
import { mcpServerListSchema } from './tools';

/**
 * Secret names: `<provider>_api_key` (one key) and `<provider>_api_keys` (a key pool), the
 * seed's names; registry entries' keys live under `registry.<entry id>`.
 */
export const secretNameSchema = z
  .string()
  .regex(/^(?:[a-z][a-z0-9]*_api_keys?|registry\.[A-Za-z0-9_.-]{1,64})$/, {
    error: 'is not a known secret name',
  });

/** A secret as the renderer may see it: masked only (`gsk_…abcd`), never the key. */
export const secretViewSchema = z.object({ name: z.string(), masked: z.array(z.string()) });
export type SecretView = z.infer<typeof secretViewSchema>;

const sessionRef = z.object({ sessionId: z.string().min(1) });
/** A provider (preset or registry entry id) and optionally a model. */
const routeSchema = z.object({
  providerId: z.string().min(1).max(64),
  model: z.string().max(200).optional(),
});
const empty = z.object({}).strict().optional();

/**
 * The app API: one entry per method, `{input, output}` as zod schemas. The IPC binding, the
 * preload bridge and the HTTP bridge of `serve` are all generated from this table; handlers are
 * typed against it so a missing one fails to compile.
 */
export const contract = {
  'app.info': {
    input: empty,
    output: z.object({
      version: z.string(),
      mode: z.enum(['electron', 'serve']),
      /** `npm run demo`: replies come from the scripted upstream, not a model. */
      demo: z.boolean(),
      dataDir: z.string(),
      /** Where chats run their code while the workspace setting is empty (outside the data dir). */
      workspaceDefault: z.string(),
      /** How Stop reaches every process a block started. */
      isolation: z.enum(['pid_namespace', 'process_group']),
      /** Where keys are encrypted, in words ("AES-256-GCM, key file master.key"). */
      secretStorage: z.string(),
    }),
  },
  'settings.get': { input: empty, output: settingsViewSchema },
  /**
   * Validates every field (each against `settingsSchema`, all errors reported at once) before
   * writing anything; throws `settings_invalid` with per-field messages.
   */
  'settings.update': {
    input: z.custom<SettingsPatch>(
      (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
      { error: 'must be an object of settings' },
    ),
    output: settingsViewSchema,
  },
  'secrets.list': { input: empty, output: z.object({ secrets: z.array(secretViewSchema) }) },
  /** Replaces a secret's keys (one for `_api_key`, any number for a pool). */
  'secrets.set': {
    input: z.object({ name: secretNameSchema, values: z.array(z.string()).max(500) }),
    output: z.object({ secrets: z.array(secretViewSchema) }),
  },
  'secrets.delete': {
    input: z.object({ name: secretNameSchema }),
    output: z.object({ secrets: z.array(secretViewSchema) }),
  },
  'sessions.list': { input: empty, output: z.object({ sessions: z.array(sessionSummarySchema) }) },
  'sessions.create': {
    input: z.object({ title: z.string().max(200).optional() }).optional(),
    output: sessionSummarySchema,
  },
  'sessions.get': {
    input: sessionRef,
    output: z.object({
      session: sessionSummarySchema,
      messages: z.array(chatMessageSchema),
      status: turnStatusSchema,
      pendingApproval: pendingApprovalSchema.nullable(),
      /** The last event `seq` this snapshot includes; apply only later events on top of it. */
      eventSeq: z.number(),
      /** Messages of this branch that have other versions (edits, regenerations). */
      branches: z.array(branchPointSchema),
    }),
  },
  'sessions.rename': {
    input: z.object({ sessionId: z.string().min(1), title: z.string().trim().min(1).max(200) }),
    output: sessionSummarySchema,
  },
  'sessions.delete': { input: sessionRef, output: z.object({ deleted: z.boolean() }) },
  /** Starts a turn; events carry the reply. Throws `turn_in_progress` if one is running. */
  'chat.send': {
    input: z.object({ sessionId: z.string().min(1), text: z.string().trim().min(1).max(200_000) }),
    output: z.object({ accepted: z.literal(true) }),
  },
  /** Ends the running block (and every process it started) and the turn. */
  'chat.stop': { input: sessionRef, output: z.object({ stopped: z.boolean() }) },
  /** Answers a pending approval: run (optionally with edited code) or skip. */
  'chat.approve': {
    input: z.object({
      sessionId: z.string().min(1),
      blockId: z.string().min(1),
      decision: z.enum(['run', 'skip']),
      code: z.string().max(1_000_000).optional(),
    }),
    output: z.object({ accepted: z.literal(true) }),
  },
  // Router
  /** Recent call-log attempts (newest first, at most `limit`, default 100) and every target's key state. */
  'router.activity': {
    input: z.object({ limit: z.number().int().min(1).max(1000).optional() }).optional(),
    output: activitySchema,
  },
  /**
   * Checks one saved key (the `index`-th key of secret `name`) against its provider's
   * `/models`. Throws `key_not_found` when there is no such key or no provider for the name.
   */
  'router.checkKey': {
    input: z.object({ name: secretNameSchema, index: z.number().int().min(0).max(499) }),
    output: keyCheckSchema,
  },
  /**
   * A provider's model ids (preset id or registry entry id), fetched with its first key and
   * cached for 10 minutes (`refresh` skips the cache). Throws `no_api_key`, or the classified
   * provider error (`key_rejected`, `provider_unreachable`, …).
   */
  'router.models': {
    input: z.object({ providerId: z.string().min(1).max(64), refresh: z.boolean().optional() }),
    output: modelListSchema,
  },
  // Agent
  /**
   * Types into the terminal of the session's running block (keystrokes as xterm.js sends them:
   * `\r` for Enter, `\x03` for Ctrl-C, which interrupts the block). `written` is false when no
   * block is running, so nothing ever reaches an idle kernel.
   */
  'chat.input': {
    input: z.object({ sessionId: z.string().min(1), data: z.string().min(1).max(65_536) }),
    output: z.object({ written: z.boolean() }),
  },
  /** The size of the chat's terminal, so the session's kernels wrap and draw progress bars to fit. */
  'chat.resize': {
    input: z.object({
      sessionId: z.string().min(1),
      columns: z.number().int().min(20).max(500),
      rows: z.number().int().min(2).max(200),
    }),
    output: z.object({ resized: z.literal(true) }),
  },
  // Local API
  /** Where the local API server stands (state, address, masked token). */
  'api.status': { input: empty, output: apiStatusSchema },
  /**
   * Turns the local API on (saves `api_enabled`, so it survives restarts) and resolves once it
   * listens or failed; a failure (`api_port_in_use`, …) is in the returned status, not thrown.
   */
  'api.start': { input: empty, output: apiStatusSchema },
  /** Turns the local API off (saves `api_enabled: false`) and resolves once it stopped. */
  'api.stop': { input: empty, output: apiStatusSchema },
  /** Replaces the bearer token with a new 256-bit random one; clients holding the old one get 401 at once. */
  'api.regenerateToken': { input: empty, output: apiStatusSchema },
  /**
   * Copies the bearer token for the person. In the desktop app main writes it to the system
   * clipboard and answers `{delivery: 'clipboard'}`: the token never crosses IPC. In a browser
   * served by `serve` there is no clipboard on the person's side of main, so the token is
   * answered (`{delivery: 'caller', token}`) to the page, which is already signed in with the
   * serve token — strictly more power than the API token gives — and writes it to the browser's
   * clipboard. Throws `api_token_required` when no token exists yet.
   */
  'api.copyToken': {
    input: empty,
    output: z.discriminatedUnion('delivery', [
      z.object({ delivery: z.literal('clipboard') }),
      z.object({ delivery: z.literal('caller'), token: z.string() }),
    ]),
  },
  // Conversations and messages
  /** Pins a chat to the top of the sidebar, or unpins it. */
  'sessions.pin': {
    input: z.object({ sessionId: z.string().min(1), pinned: z.boolean() }),
    output: sessionSummarySchema,
  },
  /** This chat's provider (preset or registry entry id) and model instead of the settings' choice; null = the default. */
  'sessions.setRoute': {
    input: z.object({ sessionId: z.string().min(1), route: routeSchema.nullable() }),
    output: sessionSummarySchema,
  },
  /**
   * Shows another version of a message: the branch continues from `messageId` down its newest
   * replies (also used to open a search hit on another branch). Emits `session.branched`.
   * Throws `turn_in_progress` while the chat is busy, `session_not_found`.
   */
  'sessions.switchBranch': {
    input: z.object({ sessionId: z.string().min(1), messageId: z.string().min(1) }),
    output: z.object({ switched: z.literal(true) }),
  },
  /** Full-text search over every message of every chat (SQLite FTS5), best match first. */
  'sessions.search': {
    input: z.object({ query: z.string().max(500), limit: z.number().int().min(1).max(200).optional() }),
    output: z.object({ hits: z.array(searchHitSchema) }),
  },
  /**
   * A chat's current branch as a file to save: JSON (LMC messages), or Markdown — a `.md`, or
   * when the chat has pictures a `.zip` of the `.md` and its `images/` (`encoding: 'base64'`).
   */
  'sessions.export': {
    input: z.object({ sessionId: z.string().min(1), format: z.enum(['markdown', 'json']) }),
    output: z.object({
      filename: z.string(),
      mimeType: z.string(),
      content: z.string(),
      encoding: z.literal('base64').optional(),
    }),
  },
  /** Imports a chat exported as JSON as a new chat. Throws `import_invalid` naming what is wrong. */
  'sessions.import': {
    input: z.object({ content: z.string().max(50_000_000) }),
    output: sessionSummarySchema,
  },
  /**
   * Answers the last user message again (regenerate; retry after an error or Stop), optionally
   * with another provider/model for this reply. Throws `turn_in_progress`, `invalid_input`.
   */
  'chat.regenerate': {
    input: z.object({ sessionId: z.string().min(1), route: routeSchema.optional() }),
    output: z.object({ accepted: z.literal(true) }),
  },
  /**
   * Continues the branch's cut-off reply (stopped or cut mid-stream) in place: no new user
   * message; the new text is appended to that same reply. Throws `turn_in_progress`,
   * `invalid_input` when the last turn has no cut-off reply.
   */
  'chat.continue': {
    input: z.object({ sessionId: z.string().min(1) }),
    output: z.object({ accepted: z.literal(true) }),
  },
  /** Sends an edited version of one of the person's messages as a new version beside it, and answers it. */
  'chat.edit': {
    input: z.object({
      sessionId: z.string().min(1),
      messageId: z.string().min(1),
      text: z.string().trim().min(1).max(200_000),
    }),
    output: z.object({ accepted: z.literal(true) }),
  },
  /**
   * Puts a dropped or pasted file into the chat's workspace folder (a name already taken gets
   * " (2)" etc.); answers its absolute path. Throws `invalid_input` for an empty name.
   */
  'files.add': {
    input: z.object({
      sessionId: z.string().min(1),
      name: z.string().min(1).max(255),
      dataBase64: z.string().max(30_000_000),
    }),
    output: z.object({ path: z.string(), name: z.string(), bytes: z.number() }),
  },
  // Tools (MCP)
  /** Every server of `mcp_servers` with its state and tools (none are started by asking). */
  'tools.servers': { input: empty, output: mcpServerListSchema },
  /** Stops the server (its whole process tree) and starts it again now. Throws `mcp_server_not_found`. */
  'tools.restart': { input: z.object({ server: z.string().min(1).max(200) }), output: mcpServerListSchema },
  /** Sets the server's `disabled` flag in `mcp_servers` (saved) and stops or starts it. Throws `mcp_server_not_found`. */
  'tools.setEnabled': {
    input: z.object({ server: z.string().min(1).max(200), enabled: z.boolean() }),
    output: mcpServerListSchema,
  },
  // Delete with Undo
  /**
   * Deletes a chat so that Undo can bring it back: it leaves every list and search at once and is
   * deleted for good a second after UNDO_DELETE_MS (the second lets an Undo pressed at the last moment
   * arrive), or at the next start if the app closes first.
   * `trashed` is false when there is no such chat.
   */
  'sessions.trash': { input: sessionRef, output: z.object({ trashed: z.boolean() }) },
  /** Undo for `sessions.trash`. `restored` is false when the chat is no longer in the trash (already deleted). */
  'sessions.restore': { input: sessionRef, output: z.object({ restored: z.boolean() }) },
} as const;

/** How long a chat deleted with `sessions.trash` can be restored, in ms (the Undo toast shows this long). */
export const UNDO_DELETE_MS = 6000;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

/** The bridge the renderer calls: one function per method plus an event subscription. */
export type SwitchboardBridge = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> } & {
  /** Subscribes to app events; returns the unsubscribe function. */
  onEvent(listener: (event: StampedEvent) => void): () => void;
};

/** IPC channel of a contract method (used by both the main-process binding and the preload). */
export const channelOf = (method: MethodName): string => `switchboard:${method}`;
/** IPC channel on which main pushes app events to a window. */
export const EVENT_CHANNEL = 'switchboard:event';
