import { z } from 'zod';
import { errorDataSchema } from './errors';
import { apiStatusSchema } from './http-api';
import { chatMessageSchema, messageSourceSchema, pendingApprovalSchema, turnStatusSchema } from './lmc';
import { callLogEntrySchema } from './router';
import { mcpServerViewSchema } from './tools';

/** What a menu item, tray item or shortcut can ask of the window: open a new chat, search, Settings. */
export const APP_COMMANDS = ['new_chat', 'search', 'settings'] as const;

/**
 * Events pushed from main to every window / browser tab. A message streams as
 * `message.start` (with empty or initial content) → `message.delta`* → `message.end` (the
 * stored message, whole).
 */
export const appEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message.start'), sessionId: z.string(), message: chatMessageSchema }),
  z.object({
    type: z.literal('message.delta'),
    sessionId: z.string(),
    messageId: z.string(),
    content: z.string(),
  }),
  z.object({ type: z.literal('message.end'), sessionId: z.string(), message: chatMessageSchema }),
  z.object({ type: z.literal('approval.request'), sessionId: z.string(), approval: pendingApprovalSchema }),
  z.object({ type: z.literal('approval.resolved'), sessionId: z.string(), blockId: z.string() }),
  z.object({ type: z.literal('turn.status'), sessionId: z.string(), status: turnStatusSchema }),
  z.object({ type: z.literal('turn.error'), sessionId: z.string(), error: errorDataSchema }),
  z.object({ type: z.literal('sessions.changed') }),
  /** More of an assistant reply's reasoning text (`meta.reasoning` grows by `content`). */
  z.object({
    type: z.literal('message.reasoning'),
    sessionId: z.string(),
    messageId: z.string(),
    content: z.string(),
  }),
  /** An assistant reply's cited sources so far (`meta.sources` becomes `sources`, the whole list). */
  z.object({
    type: z.literal('message.sources'),
    sessionId: z.string(),
    messageId: z.string(),
    sources: z.array(messageSourceSchema),
  }),
  /** Every message of the session was deleted (e.g. `DELETE /v1/sessions/{id}/messages`); the session stays. */
  z.object({ type: z.literal('session.cleared'), sessionId: z.string() }),
  /** The session's current branch changed (an edit, a regeneration, another version chosen): views reload it. */
  z.object({ type: z.literal('session.branched'), sessionId: z.string() }),
  /** Synthesised by a bridge after its event stream reconnected: views reload what they missed. */
  z.object({ type: z.literal('bridge.reconnected') }),
  /** The router finished one attempt of an LLM call (it is in the call log now). */
  z.object({ type: z.literal('router.call'), entry: callLogEntrySchema }),
  /** The local API server started, stopped, failed or got a new token. */
  z.object({ type: z.literal('api.status'), status: apiStatusSchema }),
  /** An MCP server started, connected, failed, stopped or changed its tools (every server listed). */
  z.object({ type: z.literal('tools.status'), servers: z.array(mcpServerViewSchema) }),
  /** A menu item, tray item or shortcut asked the window to do something (`runAppCommand` in the renderer). */
  z.object({ type: z.literal('app.command'), command: z.enum(APP_COMMANDS) }),
]);
export type AppEvent = z.infer<typeof appEventSchema>;
/** Commands the desktop menu (and keyboard shortcuts) send to the window. */
export type AppCommand = (typeof APP_COMMANDS)[number];

/**
 * An event as delivered: `seq` increases by one per event emitted in this process, so a
 * snapshot (`sessions.get` returns the `eventSeq` it reflects) and the live stream can be
 * merged without losing or repeating anything.
 */
export type StampedEvent = AppEvent & { seq: number };
