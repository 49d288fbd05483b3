import { z } from 'zod';
import { ERROR_CODES } from './errors';
import { lmcRoleSchema, lmcTypeSchema } from './lmc';

/**
 * The local HTTP API's request and response shapes (`/v1/...`), and the status of its server as
 * the Settings → Local API tab sees it. Requests are validated with these schemas; responses
 * are typed with them. Names follow the seed's server (Open Interpreter's HTTP server) and
 * OpenAI's chat completions.
 */

/** Model names of the agents; anything else is `<provider>/<model>` (plain routed chat). */
export const AGENT_MODELS = {
  'switchboard/open-interpreter': 'open_interpreter',
  'switchboard/chat': 'chat',
} as const;
export type AgentModelName = keyof typeof AGENT_MODELS;

/** Longest text of one message accepted over the API, in characters (the body limit is 1 MB anyway). */
const MAX_CONTENT_CHARS = 1_000_000;

/** Deepest nesting of objects and arrays accepted in session metadata. */
const MAX_METADATA_DEPTH = 32;

/**
 * True when no object or array in `value` is nested deeper than `max` levels. Walks with its
 * own stack (no recursion), so a body nested thousands of levels deep cannot overflow the call
 * stack here (JSON.stringify of it would: a RangeError).
 */
export function nestedWithin(value: unknown, max: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= max) return false;
    for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
  return true;
}

/** Caller-supplied session metadata: a JSON object nested at most 32 levels, at most 16 KB serialised. */
export const metadataSchema = z
  .record(z.string(), z.unknown())
  .refine((value) => nestedWithin(value, MAX_METADATA_DEPTH), {
    error: `must be nested at most ${MAX_METADATA_DEPTH} levels deep`,
    abort: true,
  })
  .refine((value) => JSON.stringify(value).length <= 16_384, { error: 'must be at most 16 KB as JSON' });

/** One LMC message as a caller sends it: `{role, type, format?, content}`. */
export const lmcInputSchema = z.object({
  role: lmcRoleSchema,
  type: lmcTypeSchema,
  format: z.string().max(64).optional(),
  content: z.string().max(MAX_CONTENT_CHARS),
});
export type LmcInput = z.infer<typeof lmcInputSchema>;

/**
 * `POST /v1/sessions`: no body, `{}`, or a title and metadata. `name` (the Open Interpreter
 * server's field) is taken as the title when `title` is absent.
 */
export const createSessionBodySchema = z
  .object({
    title: z.string().trim().max(200).optional(),
    name: z.string().trim().max(200).optional(),
    metadata: metadataSchema.optional(),
  })
  .strict()
  .optional();

/** `PATCH /v1/sessions/{id}`: a new title and/or metadata (replaced whole). */
export const patchSessionBodySchema = z
  .object({ title: z.string().trim().min(1).max(200).optional(), metadata: metadataSchema.optional() })
  .strict()
  .refine((body) => body.title !== undefined || body.metadata !== undefined, {
    error: 'give a title or metadata',
  });

/** `POST /v1/sessions/{id}/messages`: one LMC message or `{messages: [...]}`; appended, nothing runs. */
export const appendMessagesBodySchema = z.union([
  lmcInputSchema,
  z.object({ messages: z.array(lmcInputSchema).min(1).max(1000) }),
]);

/** Per-request model parameters (OpenAI names). */
const llmConfigSchema = z
  .object({
    /** `switchboard/open-interpreter`, `switchboard/chat`, or `<provider>/<model>` for the agent's calls. */
    model: z.string().min(1).max(300).optional(),
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

/** `auto_run` in a request body: only `false` (or nothing) is accepted; the window alone decides whether API code runs unasked. */
const autoRunSchema = z
  .literal(false, { error: 'cannot be turned on over the API (only in the Switchboard window)' })
  .optional();

/**
 * `POST /v1/chat` (native). `messages` are new LMC messages for the session: all but the last
 * are appended as history, the last (a user message) starts the turn. `auto_run` is refused:
 * whether API code runs without approval is the person's choice in the window only.
 */
export const nativeChatBodySchema = z
  .object({
    messages: z.array(lmcInputSchema).min(1).max(1000),
    session_id: z.string().min(1).max(100).optional(),
    stream: z.boolean().optional(),
    config: z.object({ llm: llmConfigSchema.optional() }).strict().optional(),
    auto_run: autoRunSchema,
  })
  .strict();
export type NativeChatBody = z.infer<typeof nativeChatBodySchema>;

/** An OpenAI message content part; only text parts are read by the agents, all pass through to providers. */
const contentPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });

/** An OpenAI chat message (unknown fields such as `tool_calls`, `name` pass through). */
export const openAiMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z
    .union([z.string().max(MAX_CONTENT_CHARS), z.array(contentPartSchema).max(1000), z.null()])
    .optional(),
});
export type OpenAiMessage = z.infer<typeof openAiMessageSchema>;

/**
 * `POST /v1/chat/completions` (OpenAI's request). Unknown fields pass through to the provider
 * for routed models. `session_id` (Switchboard's extension) continues an agent session; without
 * it each call creates one and answers its id in `session_id` and the `X-Session-Id` header.
 * `auto_run` is refused as on `/v1/chat` (and never sent to a provider).
 */
export const chatCompletionBodySchema = z.looseObject({
  model: z.string().min(1).max(300),
  messages: z.array(openAiMessageSchema).min(1).max(10_000),
  stream: z.boolean().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  max_tokens: z.number().int().min(1).max(1_000_000).nullable().optional(),
  tools: z
    .array(z.looseObject({ type: z.string() }))
    .max(128)
    .nullable()
    .optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  session_id: z.string().min(1).max(100).optional(),
  auto_run: autoRunSchema,
});
export type ChatCompletionBody = z.infer<typeof chatCompletionBodySchema>;

/** An LMC message as the API answers it: the message plus its id and `created_at`. */
export interface LmcOutput {
  id: string;
  role: z.infer<typeof lmcRoleSchema>;
  type: z.infer<typeof lmcTypeSchema>;
  format?: string;
  content: string;
  created_at: string;
  /** Assistant messages: the model's reasoning (`meta.reasoning`), when it sent any. */
  reasoning?: string;
}

/** `GET /v1/health`. `model` is the agent's provider model, `<provider>/<model>`. */
export interface HealthResponse {
  status: 'healthy';
  version: string;
  model: string;
  /** Where the router keeps its state: `in-process`, `redis` (shared), or `local (redis unreachable)`. */
  router_state: 'in-process' | 'redis' | 'local (redis unreachable)';
}

/** `POST /v1/sessions` (201). */
export interface CreatedSessionResponse {
  session_id: string;
  created_at: string;
  model: string;
}

/** One entry of `GET /v1/sessions`; `source` says whether it was started in the window or over the API. */
export interface SessionListEntry {
  session_id: string;
  created_at: string;
  updated_at: string;
  message_count: number;
  title: string;
  source: 'app' | 'api';
}

/** `GET /v1/sessions/{id}`: the list entry plus metadata and where its turn stands. */
export interface SessionDetail extends SessionListEntry {
  metadata: Record<string, unknown>;
  status: string;
}

/** `POST /v1/chat` without `stream`: the turn's messages, and the text of its last assistant message. */
export interface NativeChatResponse {
  message: string;
  messages: LmcOutput[];
  session_id: string;
}

/** The API's error body (the seed's and OpenAI's shape). `retry_after` (seconds) only on 429. */
export interface ApiErrorBody {
  error: { message: string; type: string; code: (typeof ERROR_CODES)[number]; retry_after?: number };
}

/** Where the local API server stands, for Settings → Local API (and `api.status` events). */
export const apiStatusSchema = z.object({
  state: z.enum(['stopped', 'starting', 'listening', 'error']),
  /** The address it binds (127.0.0.1, or 0.0.0.0 with "Allow access from the local network"). */
  host: z.string(),
  /** The port it listens on (or would). */
  port: z.number(),
  /** `http://127.0.0.1:<port>` while listening (the address local clients use), else null. */
  url: z.string().nullable(),
  /** Why it is not listening (e.g. `api_port_in_use`), in words. */
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
  /** The bearer token, masked (`sb-…abcd`), and where it comes from; null before the first start. */
  token: z.object({ masked: z.string(), source: z.enum(['stored', 'environment']) }).nullable(),
  /** Settings overridden for this run by `serve` flags or environment (e.g. `api_port`), shown as such. */
  overridden: z.array(z.string()),
  /** Where the router keeps its state (`api_redis_url`): in this process, shared through Redis, or local while Redis is unreachable. */
  routerState: z.enum(['in-process', 'redis', 'local (redis unreachable)']).optional(),
});
export type ApiStatus = z.infer<typeof apiStatusSchema>;
