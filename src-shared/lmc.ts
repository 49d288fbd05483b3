import { z } from 'zod';
import { errorDataSchema } from './errors';

/**
 * The message model (LMC, as in Open Interpreter): every message has a role, a type and,
 * for code/console/images, a format. Content is text (base64 for images).
 */
export const lmcRoleSchema = z.enum(['user', 'assistant', 'computer']);
export const lmcTypeSchema = z.enum(['message', 'code', 'console', 'confirmation', 'image']);
export type LmcRole = z.infer<typeof lmcRoleSchema>;
export type LmcType = z.infer<typeof lmcTypeSchema>;

/** Languages a code block may be written in; aliases map onto a kernel. */
export const CODE_LANGUAGES = ['python', 'shell', 'javascript'] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

/**
 * What happened to a code block. `pending` waits for approval; `running` is in a kernel;
 * the rest are final.
 */
export const blockStatusSchema = z.enum(['pending', 'running', 'done', 'skipped', 'stopped', 'timed_out', 'failed']);
export type BlockStatus = z.infer<typeof blockStatusSchema>;

/**
 * One source a reply cites: from OpenAI/OpenRouter `url_citation` annotations, Anthropic
 * citations (as `document_citation`), Perplexity `citations` / `search_results`. `url` is kept
 * as sent; the chat links only http(s) ones.
 */
export const messageSourceSchema = z.object({
  url: z.string().optional(),
  title: z.string().optional(),
  /** The cited passage, when the provider sent one (Anthropic `cited_text`). */
  snippet: z.string().optional(),
});
export type MessageSource = z.infer<typeof messageSourceSchema>;

/** An MCP server's tool: the server's name in `mcpServers`, the tool's own name, and the name the model calls (`<server>__<tool>`). */
export const toolRefSchema = z.object({ server: z.string(), tool: z.string(), name: z.string() });
export type ToolRef = z.infer<typeof toolRefSchema>;

/** Extra facts kept beside a message (which provider answered, a block's fate, exit status). */
export const messageMetaSchema = z
  .object({
    provider: z.string().optional(),
    model: z.string().optional(),
    /** Code blocks: approval / run state. */
    status: blockStatusSchema.optional(),
    /** Code blocks: the code as first proposed, when the person edited it before running. */
    original_code: z.string().optional(),
    /** Code blocks: working directory the block runs in. */
    cwd: z.string().optional(),
    /** Console: exit status of the block (null when unknown, e.g. killed). */
    exit_code: z.number().nullable().optional(),
    /** Console: how the block ended (the exec service's BlockOutcome; `not_started`: it could not run). */
    outcome: z.enum(['done', 'stopped', 'timed_out', 'kernel_exited', 'not_started']).optional(),
    /** Console: the chat copy was cut (output beyond the kept size). */
    truncated: z.boolean().optional(),
    /** Assistant message ended by an error (partial text kept). */
    error: errorDataSchema.optional(),
    /** Token usage reported by the provider for the request that produced this message. */
    usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).optional(),
    // Agent
    /** Code blocks: why the block is flagged as possibly destructive (a warning, not a sandbox). */
    warnings: z.array(z.string()).optional(),
    /** Code blocks proposed through the `execute` tool: the provider's tool-call id. */
    tool_call_id: z.string().optional(),
    /** Console: the block ran in a fresh kernel (the previous one ended), so earlier state is gone. */
    restarted_kernel: z.boolean().optional(),
    /** User messages: what the whole turn cost, summed over its requests that reported usage. */
    turn_usage: z
      .object({
        /** Model requests the turn made. */
        requests: z.number(),
        /** Of those, how many reported no usage (a stream cut right after a code block may not). */
        unreported: z.number(),
        prompt_tokens: z.number(),
        completion_tokens: z.number(),
      })
      .optional(),
    /** Notices from Switchboard: why the agent stopped or declined on its own. */
    notice: z.enum(['iteration_cap', 'repeated_output', 'approval_timeout']).optional(),
    /** Assistant replies: the model's reasoning text (`reasoning_content` / `reasoning` of the provider), shown as "Thinking". */
    reasoning: z.string().optional(),
    /** Assistant replies: the sources the provider cited (web search, documents), in citation order. */
    sources: z.array(messageSourceSchema).optional(),
    // Tools (MCP)
    /** Code messages that are a call of an MCP server's tool (content: the JSON arguments). */
    tool: toolRefSchema.optional(),
    /** Console messages of a tool call: the server reported the call as failed (`isError`). */
    tool_error: z.boolean().optional(),
  })
  .partial();
export type MessageMeta = z.infer<typeof messageMetaSchema>;

/** A stored message, as the renderer and the local API see it. */
export const chatMessageSchema = z.object({
  id: z.string(),
  session_id: z.string(),
  role: lmcRoleSchema,
  type: lmcTypeSchema,
  format: z.string().optional(),
  content: z.string(),
  meta: messageMetaSchema,
  created_at: z.string(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Where a session's turn stands, for the status line and the Stop button. */
export const turnStatusSchema = z.object({
  state: z.enum(['idle', 'thinking', 'awaiting_approval', 'running', 'waiting_rate_limit']),
  /** Human words for the state, e.g. "waiting 12 s for the requests-per-minute limit". */
  detail: z.string().optional(),
});
export type TurnStatus = z.infer<typeof turnStatusSchema>;

/** A code block waiting for Run / Edit / Skip. `blockId` is the code message's id. */
export const pendingApprovalSchema = z.object({
  blockId: z.string(),
  language: z.string(),
  code: z.string(),
  cwd: z.string(),
  /** Destructive patterns the code matches (the block waits even in Auto-run). */
  warnings: z.array(z.string()).optional(),
  /** Why this block waits when Auto-run is on (e.g. "flagged as possibly destructive"). */
  reason: z.string().optional(),
  /** When the block is declined without an answer (ISO time), if the approval policy set a limit. */
  declineAt: z.string().optional(),
  /** Set when the call is of an MCP server's tool (`code` is then its JSON arguments). */
  tool: toolRefSchema.optional(),
});
export type PendingApproval = z.infer<typeof pendingApprovalSchema>;

export const sessionSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  message_count: z.number(),
  source: z.enum(['app', 'api']),
  /** Pinned chats are listed first in the sidebar. */
  pinned: z.boolean().optional(),
  /** This chat's provider (preset or registry entry id) and model, overriding the settings' choice. */
  route: z.object({ providerId: z.string(), model: z.string().optional() }).nullable().optional(),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

/** A message on the current branch that has other versions (edits, regenerations), oldest first. */
export const branchPointSchema = z.object({ messageId: z.string(), siblingIds: z.array(z.string()) });
export type BranchPoint = z.infer<typeof branchPointSchema>;

/**
 * One full-text search result. `snippet` is plain text around the match with each matched
 * word between U+0001 and U+0002 (to be escaped, then marked, by whoever shows it).
 */
export const searchHitSchema = z.object({
  messageId: z.string(),
  sessionId: z.string(),
  sessionTitle: z.string(),
  role: lmcRoleSchema,
  type: z.enum(['message', 'code', 'console']),
  created_at: z.string(),
  snippet: z.string(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;
