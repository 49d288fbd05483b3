import { z } from 'zod';
import { jsonProblemSchema } from './json-problems';

/**
 * Stable error codes that cross every boundary (IPC, HTTP bridge, local API). Services throw
 * them; the renderer maps them to words. Never rename one: callers match on them.
 */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_method',
  'internal_error',
  'settings_invalid',
  'secret_name_invalid',
  'secrets_unreadable',
  'secure_storage_unavailable',
  'session_not_found',
  'turn_in_progress',
  'approval_not_found',
  'no_api_key',
  'provider_rate_limited',
  'provider_quota_exhausted',
  'key_rejected',
  'model_not_found',
  'context_too_long',
  'provider_bad_request',
  'provider_server_error',
  'provider_timeout',
  'provider_unreachable',
  'stream_interrupted',
  'all_targets_failed',
  'cancelled',
  'interpreter_not_found',
  'key_not_found',
  // Agent
  'workspace_unavailable',
  // Local HTTP API.
  'invalid_api_key',
  'rate_limit_exceeded',
  'misdirected_request',
  'forbidden_origin',
  'not_found',
  'method_not_allowed',
  'request_too_large',
  'unsupported_media_type',
  'invalid_json',
  'invalid_message',
  'api_port_in_use',
  'api_token_required',
  'api_start_failed',
  // Tools (MCP)
  'mcp_server_not_found',
  // A provider refused a request as too large for the key's tier (Groq's 413 "Request too large … tokens per minute").
  'provider_request_too_large',
  // A second process on one data dir.
  'data_dir_in_use',
  // Conversations
  'import_invalid',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Why one field of a form was refused, as a stable code the window words in its language (the
 * English words stay in `fields`): `too_small` {min}, `too_big` {max}, `too_long` {max} chars,
 * `too_many` {max} items, `not_one_of` {values}, `network_token_short` {min}, `json_problems` (a JSON setting's
 * `problems`); `invalid` when
 * there is no closer code (the English message is the only words then).
 */
export const FIELD_ISSUE_CODES = [
  'invalid',
  'unknown_setting',
  'not_object',
  'not_whole_number',
  'not_boolean',
  'not_text',
  'not_list',
  'too_small',
  'too_big',
  'too_long',
  'too_many',
  'not_one_of',
  'not_redis_url',
  'network_token_missing',
  'network_token_short',
  'json_problems',
] as const;
export type FieldIssueCode = (typeof FIELD_ISSUE_CODES)[number];

export const fieldIssueSchema = z.object({
  code: z.enum(FIELD_ISSUE_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /** With `json_problems`: each problem of a JSON setting, in order. */
  problems: z.array(jsonProblemSchema).optional(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** The serialised form of an error: what IPC, the HTTP bridge and the renderer see. */
export const errorDataSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Per-field messages for form errors (`settings_invalid`), keyed by setting name, in English. */
  fields: z.record(z.string(), z.string()).optional(),
  /** The same refusals as codes (keyed like `fields`), for the window to word in its language. */
  fieldIssues: z.record(z.string(), fieldIssueSchema).optional(),
  /** For rate limits: how long the caller should wait, in ms. */
  retryAfterMs: z.number().optional(),
});
export type ErrorData = z.infer<typeof errorDataSchema>;

/** Every bridge call answers with this envelope, so an error's code survives IPC. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ErrorData };
